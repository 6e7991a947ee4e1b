from .adhoc import AdHocGruppeForm
from .aktivitet import AktivitetFilterForm, AktivitetForm, ResultatForm, available_types
from .datoplan import AvholdtForm, DatoplanpunktForm, RegelForm
from .maal import MaalForm
from .oppfolging import BesokForm, MedieoppslagForm, MedvertForm, PeriodeForm, ReiserundeForm
from .studier import KursdeltakerForm, SamlingForm, StudietiltakForm

__all__ = [
    "AdHocGruppeForm",
    "AktivitetFilterForm",
    "AktivitetForm",
    "AvholdtForm",
    "BesokForm",
    "DatoplanpunktForm",
    "KursdeltakerForm",
    "MaalForm",
    "MedieoppslagForm",
    "MedvertForm",
    "PeriodeForm",
    "RegelForm",
    "ReiserundeForm",
    "ResultatForm",
    "SamlingForm",
    "StudietiltakForm",
    "available_types",
]
