from .adhoc import AdHocGruppeForm
from .aktivitet import AktivitetFilterForm, AktivitetForm, ResultatForm, available_types
from .oppfolging import BesokForm, MedieoppslagForm, MedvertForm, PeriodeForm, ReiserundeForm
from .studier import KursdeltakerForm, SamlingForm, StudietiltakForm

__all__ = [
    "AdHocGruppeForm",
    "AktivitetFilterForm",
    "AktivitetForm",
    "BesokForm",
    "KursdeltakerForm",
    "MedieoppslagForm",
    "MedvertForm",
    "PeriodeForm",
    "ReiserundeForm",
    "ResultatForm",
    "SamlingForm",
    "StudietiltakForm",
    "available_types",
]
