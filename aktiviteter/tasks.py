"""Periodic jobs of the activities app, started by the beat tick (buskerud_sp.tasks.tick).
Each reads what is due from the database and is safe to run twice or concurrently."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .services import paaminnelser_planlegg, paaminnelser_send, tirsdagsmoter_sikre
from .services.paaminnelser import sending


@shared_task(name="aktiviteter.tasks.ensure_tuesday_calls")
def ensure_tuesday_calls() -> int:
    """The Tuesday calls of the coming weeks exist ahead of time (idempotent)."""
    return tirsdagsmoter_sikre(uker=settings.TIRSDAGSMOTER_UKER_FRAM)


@shared_task(name="aktiviteter.tasks.plan_reminders")
def plan_reminders() -> int:
    """Make the rows of the reminders whose time has come (the rules are read every run)."""
    return paaminnelser_planlegg()


@shared_task(name="aktiviteter.tasks.refresh_dashboard")
def refresh_dashboard() -> bool:
    """The dashboard's figures of this year for the current data version, computed ahead of
    the pages (queued after every change, and by the beat so a new day starts computed)."""
    from .dashbord.selectors import compute_results
    from .dashbord.snapshot import refresh

    today = timezone.localdate()
    return refresh(today.year, today, compute_results)


@shared_task(name="aktiviteter.tasks.send_due_reminders")
def send_due_reminders() -> dict[str, int]:
    """Send the due rows, each claimed atomically, so a row is sent once. A run that stopped
    at its limit queues the next one (more may be due), so a big reminder does not wait for
    the minute job; a run that found less stops the chain."""
    counts = paaminnelser_send(grense=sending.GRENSE)
    if sum(counts.values()) >= sending.GRENSE:
        sending.sender_snart()
    return counts
