"""Run Celery with its wall clock set: ``python -m tests.clock_at <iso> <celery args…>``.

The worker and beat are processes of their own, so a test's ``time_machine`` does not reach
them; this launcher travels to the test's instant (ticking, so timers still run) and then
hands over to Celery's own entry point. Test-only: production starts ``celery`` directly."""

import datetime
import sys

import time_machine


def main() -> None:
    when = datetime.datetime.fromisoformat(sys.argv[1])
    if when.tzinfo is None:
        raise SystemExit("clock_at: give the instant with its UTC offset")
    # Forked pool children inherit the patched clock.
    with time_machine.travel(when, tick=True):
        from celery.__main__ import main as celery_main

        sys.argv = ["celery", *sys.argv[2:]]
        celery_main()


if __name__ == "__main__":
    main()
