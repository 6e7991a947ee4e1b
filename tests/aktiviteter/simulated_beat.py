"""One of two beat processes started together by test_two_beats: tick in step with the other
(a file barrier per tick) through a simulated stretch of time (time-machine moves the clock), running
the jobs each tick claims right here, as a worker would. Prints what this process ran as JSON."""

import datetime
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import django
import time_machine

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buskerud_sp.settings_test")
django.setup()  # this file runs as its own process: Django must be set up before the imports

from buskerud_sp import tasks  # noqa: E402
from buskerud_sp.celery import app  # noqa: E402

barrier, name = Path(sys.argv[1]), sys.argv[2]
start = datetime.datetime.fromisoformat(sys.argv[3])
end = datetime.datetime.fromisoformat(sys.argv[4])
step = datetime.timedelta(minutes=int(sys.argv[5]))

app.loader.import_default_modules()
ran: Counter[str] = Counter()
sent = 0


def send_task(task_name, *args, **kwargs):
    global sent
    ran[task_name] += 1
    result = app.tasks[task_name].apply().get()
    if task_name == "aktiviteter.tasks.send_due_reminders":
        sent += result.get("sendt", 0)


tasks.app.send_task = send_task

other = sys.argv[6]


def in_step(i: int) -> None:
    """Both processes share one simulated clock, as two beats share the real one: neither
    starts tick ``i`` before the other has finished tick ``i - 1``. (Clocks that drift apart
    by more than the send lease, 10 minutes, would let one take over the other's rows.)"""
    (barrier / f"{name}-{i}").touch()
    deadline = time.monotonic() + 60
    while not (barrier / f"{other}-{i}").exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{other} did not reach tick {i}")
        time.sleep(0.001)


ticks = 0
with time_machine.travel(start, tick=False) as traveller:
    now = start
    while now <= end:
        in_step(ticks)
        traveller.move_to(now)
        tasks.tick()
        ticks += 1
        now += step
print(json.dumps({"ticks": ticks, "ran": ran, "sent": sent}))
