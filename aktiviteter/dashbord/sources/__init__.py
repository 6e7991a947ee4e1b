"""One function per measurement (``Maaling``): ``(maal, scope) -> Measurement``.

Every function runs a fixed number of grouped queries for the whole county; the per-chapter
figures come out of the same rows (tests/aktiviteter/test_dashbord_queries.py keeps it so)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from aktiviteter.dashbord.base import Measurement
from aktiviteter.dashbord.models import Maal, Maaling
from aktiviteter.dashbord.scope import Scope
from aktiviteter.dashbord.sources import activities, chapters, datoplan, members, studies

SOURCES: dict[str, Callable[[Maal, Scope], Measurement]] = {
    Maaling.NYE_MEDLEMMER: members.new_members,
    Maaling.NYE_SU_MEDLEMMER: partial(members.new_members, su=True),
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
