"""One function per measurement (``Maaling``): ``(maal, scope) -> Measurement``.

Every function runs a fixed number of grouped queries for the whole county; the per-chapter
figures come out of the same rows (tests/aktiviteter/test_dashbord_queries.py keeps it so)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from aktiviteter.dashbord.base import Measurement
from aktiviteter.dashbord.endringer import (
    AKTIVITET,
    ANY,
    DATOPLAN,
    DELTAKELSE,
    MEDLEM,
    STUDIER,
    VERV,
)
from aktiviteter.dashbord.models import Maal, Maaling
from aktiviteter.dashbord.scope import Scope
from aktiviteter.dashbord.sources import activities, chapters, datoplan, members, studies
from aktiviteter.dashbord.sources.parts import PartialSource

SOURCES: dict[str, Callable[[Maal, Scope], Measurement]] = {
    Maaling.NYE_MEDLEMMER: members.new_members,
    Maaling.NYE_SU_MEDLEMMER: members.new_su_members,
    Maaling.SU_MEDLEMMER: members.su_members,
    Maaling.SU_LOKALLAG: members.su_chapters,
    Maaling.KVINNEANDEL: members.women_share,
    Maaling.VERV: chapters.office_held,
    Maaling.AKTIVITETER: activities.activities,
    Maaling.DELTAKERE: activities.participants,
    Maaling.AKTIVE_LAG: activities.active_chapters,
    Maaling.STUDIETIMER: studies.study_hours,
    Maaling.KURS: studies.courses,
    Maaling.SOSIALE_MEDIER: chapters.social_media,
    Maaling.DATOPLAN: datoplan.date_plan,
}


def measure(maal: Maal, scope: Scope) -> Measurement:
    return SOURCES[maal.maaling](maal, scope)


def _reads(maal: Maal) -> Callable[[str], bool] | None:
    """Which aspects of the data (``endringer``) a built-in measurement reads; None for a
    measurement that does not say (a higher slice's): every change measures it again."""
    maaling = maal.maaling
    if maaling in (
        Maaling.NYE_MEDLEMMER,
        Maaling.NYE_SU_MEDLEMMER,
        Maaling.SU_MEDLEMMER,
        Maaling.SU_LOKALLAG,
        Maaling.KVINNEANDEL,
    ):
        return lambda aspect: aspect == MEDLEM
    if maaling == Maaling.VERV:
        return lambda aspect: aspect == VERV + (maal.rolle or "")
    if maaling in (Maaling.AKTIVITETER, Maaling.DELTAKERE):
        own = AKTIVITET + (maal.aktivitetstype or "")
        return lambda aspect: aspect in (own, DELTAKELSE)
    if maaling == Maaling.AKTIVE_LAG:
        return lambda aspect: aspect.startswith(AKTIVITET)
    if maaling in (Maaling.STUDIETIMER, Maaling.KURS):
        return lambda aspect: aspect == STUDIER
    if maaling == Maaling.DATOPLAN:
        return lambda aspect: aspect == DATOPLAN
    if maaling == Maaling.SOSIALE_MEDIER:
        return lambda aspect: False  # the chapters' own fields: a chapter's change is «all»
    return None


def touched(maal: Maal, marks: Iterable[tuple]) -> frozenset | bool | None:
    """What ``marks`` touched of the target's figures: False (nothing), the chapters whose
    parts to compute again (a measurement kept in parts), or None (measure it again)."""
    reads = _reads(maal)
    chapters: set = set()
    for aspect, chapter, year in marks:
        if reads is None:
            return None
        if not reads(aspect):
            continue
        # A target's year reads its own year and last year (the comparison, the windows that
        # reach back): a change dated in another year does not touch it.
        if year is not ANY and not maal.aar - 2 <= year <= maal.aar:
            continue
        if chapter is ANY:
            return None
        chapters.add(chapter)
    if not chapters:
        return False
    if not isinstance(SOURCES.get(maal.maaling), PartialSource):
        return None
    return frozenset(chapters)
