"""The dashboard's figures computed ahead of the pages. The task keeps its name from before
the slices, so the beat schedule and queued messages hold."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from aktiviteter.dashbord.snapshot import PLANNED_KEY, refresh


@shared_task(name="aktiviteter.tasks.refresh_dashboard")
def refresh_dashboard() -> bool:
    """The dashboard's figures of this year for the current data version, computed ahead of
    the pages (queued after every change, and by the beat so a new day starts computed)."""
    today = timezone.localdate()
    return refresh(today.year, today)


def plan_refresh() -> None:
    """Run after each committed change of the data (``AktiviteterConfig.ready`` registers it
    with ``on_change``). At most one refresh waits in the queue; the task clears the mark when
    it starts, so changes made while it computes plan another. ``.delay`` failing (the broker
    down) costs nothing but speed: ``on_commit(robust=True)`` logs it, and the next page
    computes."""
    if cache.add(PLANNED_KEY, 1, timeout=60):
        # At once: the figures are updated from the version before (what the change touched),
        # a fraction of a second; a burst of changes still makes one refresh at a time.
        refresh_dashboard.apply_async()
