"""The county's follow-up of the campaign plan outside its own pages: the warnings on the
board's follow-up pages, the chapter officers' «Venter på deg» items, and the reminders to the
leaders of chapters behind on a goal (the planner's source and the mail's content).

The lower layers show these without importing this slice: ``AktiviteterConfig.ready``
registers ``varsler_for_lag`` with ``lokallag.providers``, ``purring_anledninger`` with the
planner and ``purring_innhold`` with the mails' content; ``aktiviteter.gjoremal`` (outside the
slices) reads ``gjoremal_for``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.paaminnelser.models import Art, Paaminnelse, Paaminnelsesregel
from aktiviteter.paaminnelser.services.innhold import Hopp
from aktiviteter.paaminnelser.services.planlegging import GRACE, Anledning
from aktiviteter.valg.models import Valg, Valgkampmaal
from aktiviteter.valg.selectors.plan import Maalstatus, maalstatus_for
from buskerud_sp.core.access import access_for


def pagaende(today: datetime.date):
    """The elections whose campaign runs today (from its start to election day)."""
    return Valg.objects.filter(kampanjestart__lte=today, dato__gte=today)


def _lag_url(status: Maalstatus) -> str:
    return reverse(
        "valg:lag", kwargs={"pk": status.maal.valg_id, "slug": status.maal.lokallag.slug}
    )


def _beskrivelse(status: Maalstatus) -> str:
    return _("%(art)s: %(gjort)s av %(antall)s, frist %(frist)s") % {
        "art": status.maal.get_art_display(),
        "gjort": status.gjort,
        "antall": status.maal.antall,
        "frist": status.frist.strftime("%d.%m."),
    }


def _behind(goals, today: datetime.date) -> list[Maalstatus]:
    return [s for s in maalstatus_for(goals, today) if s.ligger_etter]


# --- The board's follow-up pages -----------------------------------------------------------


def varsler_for_lag(chapter_ids: Iterable[int], today: datetime.date) -> dict[int, list[tuple]]:
    """``{chapter id: [(text, url)]}`` for the chapters behind on a goal of a running
    campaign (four queries)."""
    goals = Valgkampmaal.objects.filter(valg__in=pagaende(today), lokallag_id__in=list(chapter_ids))
    warnings: dict[int, list[tuple]] = {}
    for status in _behind(goals, today):
        warnings.setdefault(status.maal.lokallag_id, []).append(
            (
                _("Valgkampen ligger etter (%(maal)s)") % {"maal": _beskrivelse(status)},
                _lag_url(status),
            )
        )
    return warnings


# --- «Venter på deg» ----------------------------------------------------------------------


def gjoremal_for(user, *, lokallag=None, today: datetime.date | None = None) -> list[Maalstatus]:
    """The goals behind in the chapters where ``user`` holds an office (four queries)."""
    today = today or timezone.localdate()
    ids = access_for(user).officer_chapter_ids
    if not ids:
        return []
    goals = Valgkampmaal.objects.filter(valg__in=pagaende(today), lokallag_id__in=ids)
    if lokallag is not None:
        goals = goals.filter(lokallag=lokallag)
    return _behind(goals, today)


def lag_url(status: Maalstatus) -> str:
    return _lag_url(status)


# --- Reminders to the leaders of chapters behind -------------------------------------------


def purring_anledninger(
    regel: Paaminnelsesregel, naa: datetime.datetime, kandidater=None
) -> Iterator[Anledning]:
    """The planner's source for ``Regeltype.VALGKAMP_PURRING``: ``dager`` days before a
    goal's deadline, at the rule's time, one occasion per goal its chapter is behind on,
    restricted to that chapter (its leaders, or its officers, per the rule's recipients). Made
    at most ``GRACE`` late, as every reminder; the occasion key holds the deadline, so each
    deadline makes one row per recipient however often the planner runs."""
    today = timezone.localdate(naa)
    goals = Valgkampmaal.objects.filter(
        valg__in=pagaende(today), lokallag__aktiv=True
    ).select_related("valg")
    due_ids = []
    for goal in goals:
        frist = goal.frist
        if frist < today or not regel.gjelder(frist):
            continue
        at = regel.tidspunkt(frist)
        if at <= naa and naa - at < GRACE:
            due_ids.append(goal.pk)
    if not due_ids:
        return
    for status in _behind(Valgkampmaal.objects.filter(pk__in=due_ids), today):
        yield Anledning(
            regel,
            Art.VALGKAMP_PURRING,
            f"valgkampmaal-{status.maal.pk}-{status.frist}",
            lokallag_ids=frozenset({status.maal.lokallag_id}),
        )


def maal_fra_anledning(anledning: str) -> tuple[int, str] | None:
    """The goal's id and deadline in an occasion key ``valgkampmaal-<pk>-<deadline>``."""
    parts = anledning.split("-", 2)
    if len(parts) < 3 or parts[0] != "valgkampmaal" or not parts[1].isdigit():
        return None
    return int(parts[1]), parts[2]


def purring_innhold(row: Paaminnelse, felles: dict) -> dict | Hopp:
    """The goal as it stands when the mail is sent, and the link to the chapter's page."""
    parsed = maal_fra_anledning(row.anledning)
    goals = Valgkampmaal.objects.filter(pk=parsed[0] if parsed else None)
    today = timezone.localdate()
    statuses = maalstatus_for(goals, today)
    if not statuses:
        return Hopp(_("Valgkampmålet finnes ikke lenger."))
    (status,) = statuses
    if str(status.frist) != parsed[1]:
        return Hopp(_("Fristen for målet er flyttet."))
    if status.naadd:
        return Hopp(_("Målet er nådd."))
    return {
        "lokallag": status.maal.lokallag.navn,
        "valg": str(status.maal.valg),
        "art": status.maal.get_art_display(),
        "antall": status.maal.antall,
        "gjort": status.gjort,
        "planlagt": status.planlagt,
        "rapporteres": status.rapporteres,
        "frist": status.frist,
        "dager_igjen": (status.frist - today).days,
        "lag_url": settings.SITE_URL + _lag_url(status),
    }
