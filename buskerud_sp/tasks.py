"""The beat tick: the one periodic task. It records that it ran and queues the jobs that are
due (see buskerud_sp.core.jobs); the jobs read what is due from the database."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from .celery import app
from .core import audit
from .core.jobs import claim_due_jobs
from .core.mail import send_mail_template
from .core.models import JobRun
from .core.sessions import clear_ended_sessions


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


@shared_task(name="buskerud_sp.tasks.clear_sessions")
def clear_sessions() -> dict[str, int]:
    """Daily: expired sessions and the records of ended ones deleted (core.sessions)."""
    run = JobRun.objects.create(job="buskerud_sp.sessions_cleanup")
    result = clear_ended_sessions()
    run.finished_at = timezone.now()
    run.ok = True
    run.result = ", ".join(f"{k}={v}" for k, v in result.items())
    run.save(update_fields=["finished_at", "ok", "result"])
    return result


@shared_task(name="buskerud_sp.tasks.ping_database")
def ping_database(label: str) -> int:
    """Write a JobRun row: lets operators (and tests) see that a worker reaches the database."""
    run = JobRun.objects.create(job=f"ping:{label}"[:100], ok=True, finished_at=timezone.now())
    return run.pk


def _check_audit_chain(job: str, *, since_last_anchor: bool) -> bool:
    run = JobRun.objects.create(job=job)
    try:
        result = audit.anchor_chain(since_last_anchor=since_last_anchor)
    except OSError as e:  # the anchor file: an unanchored chain must not pass unnoticed
        result = audit.ChainProblem(0, f"ankerfilen kunne ikke leses eller skrives ({e})")
    ok = isinstance(result, audit.ChainState)
    if not ok:
        admins = list(
            get_user_model()
            .objects.filter(is_superuser=True, is_active=True)
            .values_list("email", flat=True)
        )
        if admins:
            context = {"entry_id": result.entry_id, "reason": result.reason}
            send_mail_template("revisjonsspor_endret", admins, context)
    run.finished_at = timezone.now()
    run.ok = ok
    run.result = f"count={result.count}" if ok else f"oppføring {result.entry_id}: {result.reason}"
    run.save(update_fields=["finished_at", "ok", "result"])
    return ok


@shared_task(name="buskerud_sp.tasks.anchor_audit_chain")
def anchor_audit_chain() -> bool:
    """Often: verify the entries written since the last anchor and anchor the new head."""
    return _check_audit_chain(audit.CHECK_JOBS[0], since_last_anchor=True)


@shared_task(name="buskerud_sp.tasks.verify_audit_chain")
def verify_audit_chain() -> bool:
    """Nightly: verify the whole chain against every anchor, then anchor it."""
    return _check_audit_chain(audit.CHECK_JOBS[1], since_last_anchor=False)
