"""The beat tick: the one periodic task. It records that it ran and starts the jobs that read
what is due from the database."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import JobRun


@shared_task(name="buskerud_sp.tasks.tick")
def tick() -> int:
    run = JobRun.objects.create(job="tick")
    started = []
    for task_name in getattr(settings, "PERIODIC_TASKS", []):
        from .celery import app

        app.send_task(task_name)
        started.append(task_name)
    run.finished_at = timezone.now()
    run.ok = True
    run.result = ", ".join(started) or "-"
    run.save(update_fields=["finished_at", "ok", "result"])
    return run.pk


@shared_task(name="buskerud_sp.tasks.ping_database")
def ping_database(label: str) -> int:
    """Write a JobRun row: lets operators (and tests) see that a worker reaches the database."""
    run = JobRun.objects.create(job=f"ping:{label}"[:100], ok=True, finished_at=timezone.now())
    return run.pk
