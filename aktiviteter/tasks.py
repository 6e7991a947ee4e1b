"""Periodic jobs of the activities app, started by the beat tick (buskerud_sp.tasks.tick)."""

from celery import shared_task
from django.conf import settings

from .services import tirsdagsmoter_sikre


@shared_task(name="aktiviteter.tasks.ensure_tuesday_calls")
def ensure_tuesday_calls() -> int:
    """The Tuesday calls of the coming weeks exist ahead of time (idempotent)."""
    return tirsdagsmoter_sikre(uker=settings.TIRSDAGSMOTER_UKER_FRAM)
