"""Runs the web server, a Celery worker and Celery beat together; one Ctrl-C stops all three."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PORT = os.environ.get("PORT", "8000")

PROCESSES = {
    # With the autoreloader: code and template changes show without a restart.
    "web": [PY, "manage.py", "runserver", f"127.0.0.1:{PORT}"],
    "worker": [
        PY,
        "-m",
        "celery",
        "-A",
        "buskerud_sp",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        "2",
        "--hostname",
        "worker@%h",
    ],
    "beat": [
        PY,
        "-m",
        "celery",
        "-A",
        "buskerud_sp",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(ROOT / "var" / "celerybeat-schedule"),
    ],
}


def main() -> int:
    children: dict[str, subprocess.Popen] = {}
    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for name, cmd in PROCESSES.items():
        # Each child in its own session: Ctrl-C reaches only us, and we stop them in order.
        children[name] = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
    print(
        f"\nPortalen kjører på http://127.0.0.1:{PORT}/ (Ctrl-C stopper web, worker og beat)\n",
        flush=True,
    )
    exit_code = 0
    while not stopping:
        for name, proc in children.items():
            if proc.poll() is not None:
                print(f"{name} stoppet (kode {proc.returncode}); stopper resten.", flush=True)
                exit_code = proc.returncode or 1
                stopping = True
        time.sleep(0.5)
    for name, proc in children.items():
        if proc.poll() is None:
            if name == "web":
                os.killpg(proc.pid, signal.SIGTERM)  # the autoreloader and its child
            else:
                proc.send_signal(signal.SIGTERM)  # the main PID only: celery shuts down cleanly
    deadline = time.monotonic() + 15
    for proc in children.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    print("Alt er stoppet.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
