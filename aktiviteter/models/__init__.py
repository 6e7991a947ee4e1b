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
    "Medieoppslag",
    "MedieoppslagQuerySet",
    "Medietype",
    "Medvert",
    "Oppmote",
    "Status",
    "Studieplan",
    "Studietiltak",
    "StudietiltakQuerySet",
    "Vurdering",
]
