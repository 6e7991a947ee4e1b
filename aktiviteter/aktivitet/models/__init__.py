"""The activity slice's models: activities and attendance, AdHoc groups, calendar keys."""

from .adhoc import AdHocGruppe, AdHocGruppeQuerySet
from .aktivitet import Aktivitet, AktivitetQuerySet, Deltakelse
from .kalender import Kalendernokkel
from .typer import Aktivitetstype, AvlystGrunn, Kategori, Status

__all__ = [
    "AdHocGruppe",
    "AdHocGruppeQuerySet",
    "Aktivitet",
    "AktivitetQuerySet",
    "Aktivitetstype",
    "AvlystGrunn",
    "Deltakelse",
    "Kalendernokkel",
    "Kategori",
    "Status",
]
