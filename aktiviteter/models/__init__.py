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
from .kalender import Kalendernokkel
from .maal import MAALINGER, Maal, Maalart, Maaling, MaalingSpec, MaalQuerySet, Periode
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
    "Oppmote",
    "Periode",
    "Status",
    "Studieplan",
    "Studietiltak",
    "StudietiltakQuerySet",
    "Vurdering",
]
