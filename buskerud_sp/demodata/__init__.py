"""The demo organisation: Buskerud from 2024, with personas, members and a year of work.

Every loader is idempotent: rows are found by natural keys and updated, never doubled.
"""

from .activities import load_activities
from .arsmote import load_arsmote
from .datoplan import load_datoplan
from .oppfolging import load_oppfolging
from .organisation import load_organisation
from .people import PERSONAS, load_members, load_personas
from .targets import load_targets
from .utsendinger import load_utsendinger
from .valg import load_valg

__all__ = [
    "PERSONAS",
    "load_activities",
    "load_all",
    "load_arsmote",
    "load_datoplan",
    "load_members",
    "load_oppfolging",
    "load_organisation",
    "load_personas",
    "load_targets",
    "load_utsendinger",
    "load_valg",
]


def load_all(*, password: str, seed: int = 2024) -> dict[str, int]:
    counts = load_organisation()
    counts.update(load_members(seed=seed))
    counts.update(load_personas(password=password))
    counts.update(load_activities(seed=seed))
    counts.update(load_oppfolging(seed=seed))
    counts.update(load_targets())
    counts.update(load_datoplan())
    counts.update(load_arsmote(seed=seed))
    counts.update(load_utsendinger(seed=seed))
    counts.update(load_valg(seed=seed))
    return counts
