"""Two beats (issue 8, item 6): two beat processes tick through the same simulated month
against one PostgreSQL database, each running the jobs it claims. The conditional UPDATE on
``PeriodicJob`` hands each due job to one of them, the unique delivery rows make planning twice
harmless, and the send claims make sending twice impossible: 0 duplicate reminders."""

import email
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from aktiviteter.paaminnelser.models import Leveringsstatus, Paaminnelse
from medlemmer.models import Medlem
from tests.factories import MedlemFactory
from tests.services import ROOT, service_env

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.shared_cache,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Two processes writing at once need PostgreSQL (SQLite locks the whole "
        "database); CI runs PostgreSQL.",
    ),
]

BEATS = ("beat-a", "beat-b")
START, END = "2026-03-01T00:00:00+01:00", "2026-03-31T23:00:00+02:00"


def test_two_beats_over_a_simulated_month_send_no_reminder_twice(
    org, admin_user, board_user, leader_a, leader_b, member_user, tmp_path
):
    Medlem.objects.filter(bruker__in=[leader_a, board_user, member_user]).update(
        samtykke_paaminnelser=True
    )
    for n in range(6):
        MedlemFactory(
            lokallag=org.lag_b, folkevalgt=True, samtykke_paaminnelser=True, fornavn=f"Frida{n}"
        )
    mail_dir, barrier = tmp_path / "mail", tmp_path / "barrier"
    barrier.mkdir()
    env = service_env(EMAIL_URL=f"filemail://{mail_dir}")
    script = [sys.executable, "-m", "tests.aktiviteter.simulated_beat", str(barrier)]
    # Output to files: a full pipe would stop one process while the other waits for it.
    logs = {name: (tmp_path / f"{name}.out", tmp_path / f"{name}.log") for name in BEATS}
    procs = []
    for name, other in (BEATS, BEATS[::-1]):
        with open(logs[name][0], "w") as out, open(logs[name][1], "w") as err:
            procs.append(
                subprocess.Popen(
                    [*script, name, START, END, "30", other],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=err,
                    text=True,
                )
            )
    for p in procs:
        p.wait(timeout=900)
    assert [p.returncode for p in procs] == [0, 0], f"see the logs in {tmp_path}"
    reports = [json.loads(out.read_text().strip().splitlines()[-1]) for out, _ in logs.values()]

    rows = Paaminnelse.objects.all()
    sent_rows = rows.filter(status=Leveringsstatus.SENDT)
    messages = [
        email.message_from_string(text)
        for path in Path(mail_dir).iterdir()
        for text in path.read_text().split("\n" + "-" * 79 + "\n")
        if text.strip()
    ]
    by_recipient_and_subject = Counter((m["To"], m["Subject"], m["Date"][:16]) for m in messages)
    print(
        f"\nTwo beats, one simulated month (30-minute ticks): ticks {[r['ticks'] for r in reports]}, "
        f"jobs run {[sum(r['ran'].values()) for r in reports]}, "
        f"sent {[r['sent'] for r in reports]}; {rows.count()} reminder rows, "
        f"{sent_rows.count()} sent, {len(messages)} messages, "
        f"{len(messages) - sent_rows.count()} duplicates"
    )
    assert sent_rows.count() >= 30  # a month of Tuesday reminders to eight people and counts
    assert all(sum(r["ran"].values()) for r in reports)  # both beats ran jobs
    assert len(messages) == sent_rows.count() == sum(r["sent"] for r in reports)
    assert set(rows.values_list("status", flat=True)) <= {
        Leveringsstatus.SENDT,
        Leveringsstatus.HOPPET_OVER,
    }
    assert max(by_recipient_and_subject.values()) == 1
