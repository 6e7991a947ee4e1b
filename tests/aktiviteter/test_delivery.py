"""Delivery that neither loses nor doubles: each row is claimed before it is sent, a failed
send is retried with a growing pause and shown to the admins after the last try, a worker
killed mid-run loses nothing, and every reminder can be unsubscribed from."""

import datetime
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.utils import timezone, translation

from aktiviteter.aktivitet.models import Status
from aktiviteter.paaminnelser.models import Art, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import paaminnelser_send, sending
from aktiviteter.paaminnelser.services.avmelding import avmeldingslenke
from buskerud_sp.core.models import AuditEntry
from tests.factories import AktivitetFactory, MedlemFactory, UserFactory
from tests.services import ROOT, service_env

pytestmark = pytest.mark.django_db
S = Leveringsstatus


def tomorrows_call(org):
    return AktivitetFactory(
        type="tirsdagsmote",
        enhet=org.fylke,
        dato=timezone.localdate() + datetime.timedelta(days=1),
        starttid=datetime.time(19, 30),
        sluttid=datetime.time(20, 30),
        status=Status.PLANLAGT,
        nettlenke="Ring 23 50 00 00, PIN 2024#",
    )


def due_reminders(org, count: int) -> list[Paaminnelse]:
    call = tomorrows_call(org)
    members = [
        MedlemFactory(lokallag=org.lag_a, samtykke_paaminnelser=True, folkevalgt=True)
        for _ in range(count)
    ]
    return Paaminnelse.objects.bulk_create(
        Paaminnelse(
            art=Art.TIRSDAG_PAAMINNELSE,
            anledning=f"aktivitet-{call.pk}-test",
            mottaker=m,
            aktivitet=call,
        )
        for m in members
    )


def test_running_the_job_twice_sends_each_reminder_once(org, mailoutbox):
    rows = due_reminders(org, 5)
    assert paaminnelser_send() == {S.SENDT: 5}
    assert paaminnelser_send() == {}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.mottaker.epost for r in rows)
    assert set(Paaminnelse.objects.values_list("status", "forsok")) == {(S.SENDT, 1)}


def test_a_row_another_sender_holds_is_left_alone_until_its_lease_ends(org, mailoutbox):
    """A worker killed after its claim: the row waits for the lease, then the next run sends
    it. Nothing is lost, and nothing goes twice while the first sender may still be at it."""
    [row] = due_reminders(org, 1)
    Paaminnelse.objects.filter(pk=row.pk).update(
        status=S.SENDER, forsok=1, laast_til=timezone.now() + sending.LAAS
    )
    assert paaminnelser_send() == {}
    with time_machine.travel(timezone.now() + sending.LAAS + datetime.timedelta(seconds=1)):
        assert paaminnelser_send() == {S.SENDT: 1}
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert (row.status, row.forsok) == (S.SENDT, 2)


def test_a_failing_send_is_retried_with_backoff_and_shown_to_admins_after_the_last_try(
    org, admin_user, client, mailoutbox, monkeypatch
):
    [row] = due_reminders(org, 1)
    address = row.mottaker.epost

    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({address: (550, b"mailbox unavailable")})

    monkeypatch.setattr(sending, "send_mail_template", refuse)
    start = timezone.now()
    waits = []
    with time_machine.travel(start, tick=False) as traveller:
        for attempt in range(1, sending.MAKS_FORSOK + 1):
            assert paaminnelser_send() == {
                (S.FEILET if attempt == sending.MAKS_FORSOK else S.VENTER): 1
            }
            row.refresh_from_db()
            assert row.forsok == attempt
            assert address not in row.feil and "[adresse]" in row.feil
            if row.status == S.VENTER:
                waits.append(row.neste_forsok - timezone.now())
                assert paaminnelser_send() == {}  # not before its time
                traveller.move_to(row.neste_forsok)
    assert [w.total_seconds() // 60 for w in waits] == [5, 10, 20, 40]
    assert row.status == S.FEILET

    client.force_login(admin_user)
    page = client.get("/datoplan/paaminnelser/").content.decode()
    assert "Kunne ikke sendes" in page and row.mottaker.navn in page
    assert "1 påminnelse kunne ikke sendes" in client.get("/datoplan/").content.decode()

    monkeypatch.undo()
    monkeypatch.setattr(sending, "sender_snart", lambda: None)
    assert client.post(f"/datoplan/paaminnelser/{row.pk}/prov-igjen/").status_code == 302
    assert paaminnelser_send() == {S.SENDT: 1}
    assert [m.to for m in mailoutbox] == [[address]]


def test_withdrawn_consent_between_planning_and_sending_is_honoured(org, mailoutbox):
    [row] = due_reminders(org, 1)
    row.mottaker.samtykke_paaminnelser = False
    row.mottaker.save()
    assert paaminnelser_send() == {S.HOPPET_OVER: 1}
    assert mailoutbox == []
    row.refresh_from_db()
    assert row.feil == "Har ikke samtykket til påminnelser."


def test_a_reminder_for_a_cancelled_call_is_not_sent(org, mailoutbox):
    [row] = due_reminders(org, 1)
    row.aktivitet.status = Status.AVLYST
    row.aktivitet.save()
    assert paaminnelser_send() == {S.HOPPET_OVER: 1}
    assert mailoutbox == []


def test_the_unsubscribe_link_works_without_login_and_only_on_post(org, client, mailoutbox):
    [row] = due_reminders(org, 1)
    medlem = row.mottaker
    url = avmeldingslenke(medlem.pk).removeprefix("http://127.0.0.1:8000")
    page = client.get(url)
    assert page.status_code == 200 and "Meld meg av" in page.content.decode()
    medlem.refresh_from_db()
    assert medlem.samtykke_paaminnelser  # a link scanner's GET changes nothing
    done = client.post(url)
    assert "Du er meldt av" in done.content.decode()
    medlem.refresh_from_db()
    assert not medlem.samtykke_paaminnelser
    entry = AuditEntry.objects.get(medlem_id=medlem.pk)
    assert (entry.action, entry.data["felt"]) == ("update", ["samtykke_paaminnelser"])
    assert paaminnelser_send() == {S.HOPPET_OVER: 1}
    # Someone else's token cannot be made from this one.
    assert client.get(url[:-3] + "xyz/").status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.shared_cache
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Samtidige sendere krever PostgreSQL (SQLite låser hele databasen ved skriving); "
    "CI kjører PostgreSQL.",
)
def test_two_processes_sending_at_once_send_each_reminder_once(org, tmp_path):
    rows = due_reminders(org, 120)
    mail_dir = tmp_path / "mail"
    env = service_env(EMAIL_URL=f"filemail://{mail_dir}")
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.aktiviteter.concurrent_sender", str(barrier), name],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in ("a", "b")
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    sent_by = [int(out.strip().splitlines()[-1]) for out in outputs]
    assert sum(sent_by) == 120 and all(sent_by), sent_by  # both took part, none doubled
    assert set(Paaminnelse.objects.values_list("status", "forsok")) == {(S.SENDT, 1)}
    mails = "".join(p.read_text() for p in Path(mail_dir).iterdir())
    recipients = [
        line.removeprefix("To: ") for line in mails.splitlines() if line.startswith("To: ")
    ]
    assert sorted(recipients) == sorted(r.mottaker.epost for r in rows)


@pytest.fixture
def broker_down():
    """The web's broker on a closed port (the cache is not involved): kombu's pools are reset
    on both sides, so no connection to the closed port outlives the test."""
    from buskerud_sp.celery import app
    from tests.services import free_port

    def reset_pools():
        if app._pool is not None:
            app._pool.force_close_all()
            app._pool = None
        app.amqp._producer_pool = None

    old = app.conf.broker_url
    reset_pools()
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    try:
        yield
    finally:
        reset_pools()
        app.conf.broker_url = old


def test_an_admin_retries_a_failed_delivery_with_the_broker_down(
    client, org, admin_user, mailoutbox, broker_down
):
    """The retry is saved and the page answers; the minute job sends it (the nudge to the
    broker is only for speed)."""
    [row] = due_reminders(org, 1)
    Paaminnelse.objects.filter(pk=row.pk).update(status=S.FEILET, forsok=5)
    client.force_login(admin_user)
    response = client.post(f"/datoplan/paaminnelser/{row.pk}/prov-igjen/", follow=True)
    assert response.status_code == 200
    assert "Påminnelsen sendes på nytt." in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.forsok) == (S.VENTER, 0)
    assert paaminnelser_send() == {S.SENDT: 1}
    assert len(mailoutbox) == 1


def test_each_reminder_is_written_in_the_language_its_recipient_chose(org, mailoutbox):
    """A member who chose nynorsk in the portal gets the reminder in nynorsk; the others (and
    members without a login) in bokmål, whatever the language of the process sending it."""
    nynorsk, bokmaal, no_login = due_reminders(org, 3)
    nynorsk.mottaker.bruker = UserFactory(language="nn")
    nynorsk.mottaker.save()
    bokmaal.mottaker.bruker = UserFactory(language="")
    bokmaal.mottaker.save()
    with translation.override("nn"):
        assert paaminnelser_send() == {S.SENDT: 3}
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects[nynorsk.mottaker.epost].startswith("I morgon:")
    assert subjects[bokmaal.mottaker.epost].startswith("I morgen:")
    assert subjects[no_login.mottaker.epost].startswith("I morgen:")
