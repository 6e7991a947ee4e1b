"""The activity slice's periodic job, started by the beat tick (buskerud_sp.tasks.tick). The
task keeps its name from before the slices, so the beat schedule and queued messages hold."""

from celery import shared_task
from django.conf import settings

from aktiviteter.aktivitet.services import tirsdagsmoter_sikre


@shared_task(name="aktiviteter.tasks.ensure_tuesday_calls")
def ensure_tuesday_calls() -> int:
    """The Tuesday calls of the coming weeks exist ahead of time (idempotent)."""
    return tirsdagsmoter_sikre(uker=settings.TIRSDAGSMOTER_UKER_FRAM)
