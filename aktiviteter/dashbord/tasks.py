"""The dashboard's figures computed ahead of the pages. The task keeps its name from before
the slices, so the beat schedule and queued messages hold."""

from celery import shared_task
from django.utils import timezone

from aktiviteter.dashbord.snapshot import plan_refresh, refresh

__all__ = ["plan_refresh", "refresh_dashboard"]


@shared_task(name="aktiviteter.tasks.refresh_dashboard")
def refresh_dashboard() -> bool:
    """The dashboard's figures of this year for the current data version, computed ahead of
    the pages (queued after every change, and by the beat so a new day starts computed)."""
    today = timezone.localdate()
    return refresh(today.year, today)
