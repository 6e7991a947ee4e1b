"""One of two sender processes started together by test_delivery: wait at a file barrier
for the other, send what is due, print how many this process sent."""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buskerud_sp.settings_test")
django.setup()  # this file runs as its own process: Django must be set up before the imports

from aktiviteter.paaminnelser.services import paaminnelser_send  # noqa: E402

barrier, name = Path(sys.argv[1]), sys.argv[2]
(barrier / name).touch()
deadline = time.monotonic() + 60
while len(list(barrier.iterdir())) < 2 and time.monotonic() < deadline:
    time.sleep(0.01)
print(paaminnelser_send().get("sendt", 0))
