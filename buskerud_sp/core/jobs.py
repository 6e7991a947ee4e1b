"""Periodic jobs started by the beat tick.

Beat sends one short tick a minute; the tick claims the jobs that are due (a conditional
UPDATE on ``PeriodicJob.next_run_at``) and queues them. Jobs then read from the database what
is due (reminders, retention), so nothing waits for days in the broker and admins change times
in the portal. Register a job with ``SCHEDULE`` below.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .models import PeriodicJob


@dataclass(frozen=True)
class Schedule:
    task: str
    every_minutes: int | None = None  # run each N minutes
    daily_at: datetime.time | None = None  # or once a day at this local time

    def next_after(self, now: datetime.datetime) -> datetime.datetime:
        if self.every_minutes:
            return now + datetime.timedelta(minutes=self.every_minutes)
        local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
        candidate = local.replace(
            hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
        )
        if candidate <= local:
            candidate += datetime.timedelta(days=1)
        return candidate


SCHEDULE: dict[str, Schedule] = {
    "medlemmer.retention": Schedule(
        "medlemmer.tasks.apply_retention", daily_at=datetime.time(3, 0)
    ),
    "medlemmer.import_cleanup": Schedule("medlemmer.tasks.expire_imports", every_minutes=60),
    "aktiviteter.tuesday_calls": Schedule(
        "aktiviteter.tasks.ensure_tuesday_calls", daily_at=datetime.time(2, 0)
    ),
    # The reminders: rows are made when due (rules read from the database), then sent.
    "aktiviteter.plan_reminders": Schedule("aktiviteter.tasks.plan_reminders", every_minutes=1),
    "aktiviteter.send_reminders": Schedule("aktiviteter.tasks.send_due_reminders", every_minutes=1),
    # The audit chain's head, anchored outside the database (see buskerud_sp.core.audit).
    "buskerud_sp.audit_anchor": Schedule("buskerud_sp.tasks.anchor_audit_chain", every_minutes=15),
    "buskerud_sp.audit_verify": Schedule(
        "buskerud_sp.tasks.verify_audit_chain", daily_at=datetime.time(4, 0)
    ),
    # Expired sessions and the records of ended ones (personal data: IP address, browser).
    "buskerud_sp.sessions_cleanup": Schedule(
        "buskerud_sp.tasks.clear_sessions", daily_at=datetime.time(3, 30)
    ),
    # The dashboard's figures are computed after each change; this computes a new day's.
    "aktiviteter.dashboard": Schedule("aktiviteter.tasks.refresh_dashboard", every_minutes=5),
}


def claim_due_jobs(now: datetime.datetime | None = None) -> list[str]:
    """Claim every due job and return the task names to queue. Safe to run concurrently."""
    now = now or timezone.now()
    claimed = []
    for name, schedule in SCHEDULE.items():
        job, _ = PeriodicJob.objects.get_or_create(name=name, defaults={"next_run_at": now})
        if job.paused or job.next_run_at > now:
            continue
        won = PeriodicJob.objects.filter(
            pk=job.pk, next_run_at=job.next_run_at, paused=False
        ).update(next_run_at=schedule.next_after(now), last_started_at=now)
        if won:
            claimed.append(schedule.task)
    return claimed
