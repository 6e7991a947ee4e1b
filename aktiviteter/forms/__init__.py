from .adhoc import AdHocGruppeForm
from .aktivitet import AktivitetFilterForm, AktivitetForm, ResultatForm, available_types
from .maal import MaalForm
from .studier import KursdeltakerForm, SamlingForm, StudietiltakForm

__all__ = [
    "AdHocGruppeForm",
    "AktivitetFilterForm",
    "AktivitetForm",
    "KursdeltakerForm",
    "MaalForm",
    "ResultatForm",
    "SamlingForm",
    "StudietiltakForm",
    "available_types",
]
