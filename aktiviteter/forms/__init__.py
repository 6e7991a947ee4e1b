from .adhoc import AdHocGruppeForm
from .aktivitet import AktivitetFilterForm, AktivitetForm, ResultatForm, available_types
from .datoplan import AvholdtForm, DatoplanpunktForm, RegelForm
from .maal import MaalForm
from .studier import KursdeltakerForm, SamlingForm, StudietiltakForm

__all__ = [
    "AdHocGruppeForm",
    "AktivitetFilterForm",
    "AktivitetForm",
    "AvholdtForm",
    "DatoplanpunktForm",
    "KursdeltakerForm",
    "MaalForm",
    "RegelForm",
    "ResultatForm",
    "SamlingForm",
    "StudietiltakForm",
    "available_types",
]
