"""The reminders' periodic jobs, started by the beat tick (buskerud_sp.tasks.tick). Each reads
what is due from the database and is safe to run twice or concurrently. The tasks keep their
names from before the slices, so the beat schedule and queued messages hold."""

from celery import shared_task

from aktiviteter.paaminnelser.services import paaminnelser_planlegg, paaminnelser_send, sending


@shared_task(name="aktiviteter.tasks.plan_reminders")
def plan_reminders() -> int:
    """Make the rows of the reminders whose time has come (the rules are read every run)."""
    return paaminnelser_planlegg()


@shared_task(name="aktiviteter.tasks.send_due_reminders")
def send_due_reminders() -> dict[str, int]:
    """Send the due rows, each claimed atomically, so a row is sent once. A run that stopped
    at its limit queues the next one (more may be due), so a big reminder does not wait for
    the minute job; a run that found less stops the chain."""
    counts = paaminnelser_send(grense=sending.GRENSE)
    if sum(counts.values()) >= sending.GRENSE:
        sending.sender_snart()
    return counts
