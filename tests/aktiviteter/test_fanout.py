"""Fan-out of a big reminder: rows are claimed in batches, a batch goes out over one SMTP
session (a real SMTP server here: aiosmtpd on the loopback), a refused recipient is retried
without stopping the others, and the sender jobs hand over to each other until all is sent."""

import email
import email.policy
import math

import pytest
from aiosmtpd.controller import Controller
from django.utils.html import escape

from aktiviteter.paaminnelser import tasks
from aktiviteter.paaminnelser.models import Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import paaminnelser_send, sending
from aktiviteter.paaminnelser.services.avmelding import avmeldingslenke, medlem_fra_token
from medlemmer.models import Medlem
from tests.aktiviteter.test_delivery import due_reminders
from tests.services import free_port

pytestmark = pytest.mark.django_db
S = Leveringsstatus


class Sink:
    """Counts SMTP sessions and accepted mails; refuses the addresses in ``refuse``."""

    def __init__(self, refuse=()):
        self.sessions = 0
        self.received: list[str] = []
        self.messages: list[bytes] = []
        self.refuse = set(refuse)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.extend(envelope.rcpt_tos)
        self.messages.append(envelope.original_content)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    def start(**kwargs) -> Sink:
        sink = Sink(**kwargs)
        port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
            }
        }
        return sink

    started: list[Controller] = []
    yield start
    for controller in started:
        controller.stop()


def test_a_batch_goes_out_over_one_smtp_session(org, smtp, monkeypatch):
    monkeypatch.setattr(sending, "PARTI", 10)
    rows = due_reminders(org, 25)
    sink = smtp()
    assert paaminnelser_send() == {S.SENDT: 25}
    assert sorted(sink.received) == sorted(r.mottaker.epost for r in rows)
    assert sink.sessions == 1  # one connection for the run, not one per mail
    assert set(Paaminnelse.objects.values_list("status", "forsok")) == {(S.SENDT, 1)}


def test_the_mails_on_the_wire_carry_each_members_name_and_an_unfolded_unsubscribe(org, smtp):
    """Over real SMTP the mails are written by buskerud_sp.core.mailwire: each parses to its
    member's greeting (non-ASCII and & in the name), the subject decodes, and the
    List-Unsubscribe URL is one line, not RFC 2047 encoded words."""
    rows = due_reminders(org, 4)
    names = ["Åse Ødegård", "Ola & Kari", "Per", "Åse Ødegård"]
    for row, name in zip(rows, names, strict=True):
        Medlem.objects.filter(pk=row.mottaker_id).update(fornavn=name)
    sink = smtp()
    assert paaminnelser_send() == {S.SENDT: 4}
    by_address = {m.mottaker.epost: m for m in rows}
    for raw in sink.messages:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        row = by_address[message["To"]]
        name = names[rows.index(row)]
        assert message["Subject"].startswith("I morgen: ")
        assert f"Hei {name}," in message.get_body(("plain",)).get_content()
        assert f"Hei {escape(name)}," in message.get_body(("html",)).get_content()
        [line] = [x for x in raw.split(b"\r\n") if x.startswith(b"List-Unsubscribe:")]
        link = line.decode("ascii").removeprefix("List-Unsubscribe: <").removesuffix(">")
        assert link.startswith(avmeldingslenke(row.mottaker_id).rsplit("/", 2)[0] + "/")
        assert medlem_fra_token(link.rstrip("/").rsplit("/", 1)[1]) == row.mottaker
    assert len(sink.messages) == 4


def test_a_refused_recipient_is_retried_and_the_rest_of_the_batch_goes_out(org, smtp):
    rows = due_reminders(org, 6)
    refused = rows[2].mottaker.epost
    sink = smtp(refuse={refused})
    assert paaminnelser_send() == {S.SENDT: 5, S.VENTER: 1}
    assert sorted(sink.received) == sorted(r.mottaker.epost for r in rows if r != rows[2])
    row = Paaminnelse.objects.get(pk=rows[2].pk)
    assert (row.status, row.forsok, row.laast_til) == (S.VENTER, 1, None)
    assert refused not in row.feil and "[adresse]" in row.feil
    assert row.neste_forsok > row.opprettet + sending.ventetid(1) / 2  # backoff, not at once


def test_sending_costs_one_query_per_mail_plus_a_few_per_batch(
    org, mailoutbox, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(sending, "PARTI", 20)
    due_reminders(org, 40)
    # Per batch: pick, claim, load the rows (+ transaction statements), the call's rule; per
    # mail: the UPDATE that marks it sent. Before batching: four queries per mail.
    with django_assert_max_num_queries(40 + 2 * 8 + 1):
        assert paaminnelser_send() == {S.SENDT: 40}
    assert len(mailoutbox) == 40


def test_a_big_reminder_fans_out_over_sender_jobs_that_hand_over(org, mailoutbox, monkeypatch):
    monkeypatch.setattr(sending, "GRENSE", 10)
    monkeypatch.setattr(sending, "PARTI", 4)
    queued: list[str] = []
    monkeypatch.setattr(sending, "sender_snart", lambda: queued.append("send"))
    rows = due_reminders(org, 25)

    sending.sender_snart_etter_commit(len(rows))  # what the planner does after its commit
    assert len(queued) == min(sending.SENDERE, math.ceil(25 / 10)) == 3
    queued.clear()
    # Each job sends its share; one that reached its limit queues the next.
    assert tasks.send_due_reminders() == {S.SENDT: 10} and queued == ["send"]
    assert tasks.send_due_reminders() == {S.SENDT: 10} and queued == ["send"] * 2
    assert tasks.send_due_reminders() == {S.SENDT: 5} and queued == ["send"] * 2  # done
    assert tasks.send_due_reminders() == {}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.mottaker.epost for r in rows)


def test_a_small_reminder_queues_one_sender_job():
    assert sending.sendere_for(1) == 1
    assert sending.sendere_for(sending.GRENSE) == 1
    assert sending.sendere_for(sending.GRENSE + 1) == 2
    assert sending.sendere_for(100 * sending.GRENSE) == sending.SENDERE
