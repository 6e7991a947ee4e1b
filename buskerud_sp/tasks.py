"""The beat tick: the one periodic task. It records that it ran and queues the jobs that are
due (see buskerud_sp.jobs); the jobs read what is due from the database."""

from celery import shared_task
from django.utils import timezone

from .celery import app
from .jobs import claim_due_jobs
from .models import JobRun


@shared_task(name="buskerud_sp.tasks.tick")
def tick() -> int:
    run = JobRun.objects.create(job="tick")
    started = claim_due_jobs()
    for task_name in started:
        app.send_task(task_name)
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
