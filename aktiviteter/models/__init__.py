"""Activities of the chapters and the county: meetings, Tuesday calls, campaign events, study
work (SpS courses) and AdHoc groups. One module per domain."""

from .adhoc import AdHocGruppe, AdHocGruppeQuerySet
from .aktivitet import (
    Aktivitet,
    AktivitetQuerySet,
    Aktivitetstype,
    Deltakelse,
    Kategori,
    Status,
)
from .besok import Besok, BesokQuerySet, Besoksrolle
from .kalender import Kalendernokkel
from .maal import MAALINGER, Maal, Maalart, Maaling, MaalingSpec, MaalQuerySet, Periode
from .medier import Medieoppslag, MedieoppslagQuerySet, Medietype
from .medvert import Medvert
from .studier import (
    Deltakervurdering,
    Kursdeltaker,
    Oppmote,
    Studieplan,
    Studietiltak,
    StudietiltakQuerySet,
    Vurdering,
)

__all__ = [
    "MAALINGER",
    "AdHocGruppe",
    "AdHocGruppeQuerySet",
    "Aktivitet",
    "AktivitetQuerySet",
    "Aktivitetstype",
    "Besok",
    "BesokQuerySet",
    "Besoksrolle",
    "Deltakelse",
    "Deltakervurdering",
    "Kalendernokkel",
    "Kategori",
    "Kursdeltaker",
    "Maal",
    "MaalQuerySet",
    "Maalart",
    "Maaling",
    "MaalingSpec",
    "Medieoppslag",
    "MedieoppslagQuerySet",
    "Medietype",
    "Medvert",
    "Oppmote",
    "Periode",
    "Status",
    "Studieplan",
    "Studietiltak",
    "StudietiltakQuerySet",
    "Vurdering",
]
