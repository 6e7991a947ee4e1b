"""Activities of the chapters and the county: meetings, Tuesday calls, campaign events, study
work (SpS courses), AdHoc groups, the date plan and the reminders. One module per domain. The
visits from the county, co-hosts and media appearances belong to the chapters' follow-up
(``lokallag.oppfolging.models``)."""

from .adhoc import AdHocGruppe, AdHocGruppeQuerySet
from .aktivitet import (
    Aktivitet,
    AktivitetQuerySet,
    Aktivitetstype,
    AvlystGrunn,
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
from .maal import (
    MAALINGER,
    Maal,
    Maalart,
    Maaling,
    MaalingSpec,
    MaalQuerySet,
    Periode,
    Terskelvurdering,
)
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
    "MAALINGER",
    "AdHocGruppe",
    "AdHocGruppeQuerySet",
    "Aktivitet",
    "AktivitetQuerySet",
    "Aktivitetstype",
    "Art",
    "AvlystGrunn",
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
    "Maal",
    "MaalQuerySet",
    "Maalart",
    "Maaling",
    "MaalingSpec",
    "Malgruppe",
    "Mottakere",
    "Oppmote",
    "Paaminnelse",
    "Paaminnelsesregel",
    "Periode",
    "Punkttype",
    "Regeltype",
    "Status",
    "Studieplan",
    "Studietiltak",
    "StudietiltakQuerySet",
    "Terskelvurdering",
    "Vurdering",
]
