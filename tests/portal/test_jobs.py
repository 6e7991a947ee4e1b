import datetime
from zoneinfo import ZoneInfo

import pytest

from buskerud_sp.core.jobs import SCHEDULE, Schedule, claim_due_jobs
from buskerud_sp.core.models import PeriodicJob

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def test_a_due_job_is_claimed_once():
    now = datetime.datetime(2026, 5, 4, 3, 0, tzinfo=OSLO)
    assert "medlemmer.tasks.apply_retention" in claim_due_jobs(now)
    assert claim_due_jobs(now) == []  # a second beat, or a second tick, finds nothing due
    job = PeriodicJob.objects.get(name="medlemmer.retention")
    assert job.next_run_at == datetime.datetime(2026, 5, 5, 3, 0, tzinfo=OSLO)


def test_a_stale_claim_loses():
    """Two ticks read the same row; only the conditional UPDATE of the first succeeds."""
    now = datetime.datetime(2026, 5, 4, 3, 0, tzinfo=OSLO)
    claim_due_jobs(now)
    job = PeriodicJob.objects.get(name="medlemmer.retention")
    stale = PeriodicJob.objects.filter(pk=job.pk, next_run_at=now).update(next_run_at=now)
    assert stale == 0


def test_paused_jobs_are_not_started():
    now = datetime.datetime(2026, 5, 4, 3, 0, tzinfo=OSLO)
    PeriodicJob.objects.create(name="medlemmer.retention", next_run_at=now, paused=True)
    assert "medlemmer.tasks.apply_retention" not in claim_due_jobs(now + datetime.timedelta(days=3))


def test_daily_schedule_follows_local_time_across_dst():
    daily = Schedule("x", daily_at=datetime.time(3, 0))
    # The night summer time ends in Norway (25 October 2026).
    before = datetime.datetime(2026, 10, 24, 12, 0, tzinfo=OSLO)
    assert daily.next_after(before) == datetime.datetime(2026, 10, 25, 3, 0, tzinfo=OSLO)
    assert daily.next_after(before).utcoffset() == datetime.timedelta(hours=1)


def test_every_registered_job_names_a_real_task():
    from buskerud_sp.celery import app

    app.loader.import_default_modules()
    for schedule in SCHEDULE.values():
        assert schedule.task in app.tasks, schedule.task
