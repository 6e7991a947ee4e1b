"""Celery end to end: a real worker and a real beat on the configured broker (Redis in CI)."""

import pytest

from buskerud_sp.core.models import JobRun
from buskerud_sp.tasks import ping_database
from tests.services import celery_process, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.shared_cache]


def test_a_real_worker_runs_a_task(tmp_path):
    with celery_process(
        "worker", "--concurrency", "1", "--hostname", "t1@%h", log=tmp_path / "worker.log"
    ):
        ping_database.delay("fra-test")
        run = wait_for(lambda: JobRun.objects.filter(job="ping:fra-test").first(), timeout=60)
    assert run.ok


def test_beat_ticks_and_the_worker_runs_the_tick(tmp_path):
    with (
        celery_process(
            "worker", "--concurrency", "1", "--hostname", "t2@%h", log=tmp_path / "worker.log"
        ),
        celery_process(
            "beat",
            "--schedule",
            str(tmp_path / "beat-schedule"),
            log=tmp_path / "beat.log",
            BEAT_TICK_SECONDS="1",
        ),
    ):
        tick = wait_for(lambda: JobRun.objects.filter(job="tick", ok=True).first(), timeout=60)
    assert tick.finished_at is not None
