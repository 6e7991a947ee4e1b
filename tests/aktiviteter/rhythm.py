"""Helpers for the rhythm's tests: run beat ticks in this process, with the clock set."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from buskerud_sp import tasks
from buskerud_sp.celery import app

OSLO = ZoneInfo("Europe/Oslo")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=OSLO)


def run_here(monkeypatch) -> list[str]:
    """Make the tick run the jobs it queues right here (as a worker would), and record them."""
    app.loader.import_default_modules()
    started: list[str] = []

    def send_task(name, *args, **kwargs):
        started.append(name)
        return app.tasks[name].apply()

    monkeypatch.setattr(tasks.app, "send_task", send_task)
    return started


def ticks(traveller, start: datetime.datetime, end: datetime.datetime, step: datetime.timedelta):
    """Move the clock from ``start`` to ``end`` and tick at every ``step``, as beat does."""
    now = start
    while now <= end:
        traveller.move_to(now)
        tasks.tick()
        yield now
        now += step
