"""Activities of the chapters and the county: meetings, Tuesday calls, campaign events, study
work (SpS courses), AdHoc groups, the date plan and the reminders. One module per domain."""

from .adhoc import AdHocGruppe, AdHocGruppeQuerySet
from .aktivitet import (
    Aktivitet,
    AktivitetQuerySet,
    Aktivitetstype,
    Deltakelse,
    Kategori,
    Status,
)
from .datoplan import (
    Datoplan,
    Datoplanpunkt,
    Datoplanutsending,
    Datoplanversjon,
    Fase,
    Malgruppe,
    Punkttype,
)
from .kalender import Kalendernokkel
from .paaminnelser import (
    ARTER_MED_SAMTYKKE,
    Art,
    Leveringsstatus,
    Mottakere,
    Paaminnelse,
    Paaminnelsesregel,
    Regeltype,
)
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
    "ARTER_MED_SAMTYKKE",
    "AdHocGruppe",
    "AdHocGruppeQuerySet",
    "Aktivitet",
    "AktivitetQuerySet",
    "Aktivitetstype",
    "Art",
    "Datoplan",
    "Datoplanpunkt",
    "Datoplanutsending",
    "Datoplanversjon",
    "Deltakelse",
    "Deltakervurdering",
    "Fase",
    "Kalendernokkel",
    "Kategori",
    "Kursdeltaker",
    "Leveringsstatus",
    "Malgruppe",
    "Mottakere",
    "Oppmote",
    "Paaminnelse",
    "Paaminnelsesregel",
    "Punkttype",
    "Regeltype",
    "Status",
    "Studieplan",
    "Studietiltak",
    "StudietiltakQuerySet",
    "Vurdering",
]
