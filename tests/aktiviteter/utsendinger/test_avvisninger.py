"""Bounces and complaints from the mail provider's webhook (Mailgun through django-anymail):
the mail carries its delivery row's id, the signed webhook reports it back, and the row is
marked bounced; a complaint also takes the member off the list the mail came from."""

import base64
import hashlib
import hmac
import json

import pytest
from django.core import mail
from django.urls import reverse

from aktiviteter.paaminnelser.models import Art, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import paaminnelser_send
from aktiviteter.paaminnelser.services.avvisninger import LEVERANDOR
from aktiviteter.utsendinger.models import Gruppe, Status, Utsending
from buskerud_sp.core.models import AuditEntry
from tests.aktiviteter.test_delivery import due_reminders
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db
S = Leveringsstatus

SECRET = "mailgun:webhook-passord"
SIGNING_KEY = "key-bench-signing-0123456789abcdef"
URL = "/anymail/mailgun/tracking/"
ADDRESS = "kari.nordmann@example.no"


@pytest.fixture(autouse=True)
def provider(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


@pytest.fixture
def newsletter_row(org):
    medlem = MedlemFactory(
        lokallag=org.lag_a, epost=ADDRESS, samtykke_lokallaget=True, samtykke_fylket=True
    )
    utsending = Utsending.objects.create(
        avsender=org.lag_a, emne="Nytt fra laget", tekst="Hei", status=Status.SENDT
    )
    return Paaminnelse.objects.create(
        art=Art.NYHETSBREV,
        anledning=utsending.anledning,
        mottaker=medlem,
        status=S.SENDT,
        melding_id="<20261130101010.1.abcdef@mg.buskerudsp.no>",
    )


def mailgun_event(event: str, levering, *, key: str = SIGNING_KEY, **extra) -> dict:
    """A Mailgun tracking webhook body as Mailgun posts it (JSON, signed with HMAC-SHA256)."""
    timestamp, token = "1795946400", "8f1b2e3c4d5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256)
    data = {
        "id": "G9Bn5sl1TC6nu79C8C0bwg",
        "timestamp": 1795946399.375624,
        "log-level": "error" if event in ("failed", "rejected") else "info",
        "event": event,
        "recipient": ADDRESS,
        "recipient-domain": "example.no",
        "envelope": {
            "sender": "post@mg.buskerudsp.no",
            "transport": "smtp",
            "targets": ADDRESS,
        },
        "flags": {"is-routed": False, "is-authenticated": True, "is-test-mode": False},
        "tags": [],
        "message": {
            "headers": {
                "to": f"Kari Nordmann <{ADDRESS}>",
                "message-id": "20261130101010.1.abcdef@mg.buskerudsp.no",
                "from": "Buskerud Senterparti <post@buskerudsp.no>",
                "subject": "Nytt fra laget",
            },
            "attachments": [],
            "size": 4211,
        },
        "user-variables": {"levering": str(levering)},
        **extra,
    }
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature.hexdigest()},
        "event-data": data,
    }


PERMANENT_BOUNCE = {
    "severity": "permanent",
    "reason": "bounce",
    "delivery-status": {
        "attempt-no": 1,
        "code": 550,
        "message": f"5.1.1 The email account that you tried to reach does not exist: {ADDRESS}",
        "description": "",
        "mx-host": "mx.example.no",
        "session-seconds": 0.41,
    },
}


def post(client, body: dict, auth: str = SECRET):
    credentials = base64.b64encode(auth.encode()).decode()
    return client.post(
        URL,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )


def test_the_url_is_anymails_and_needs_no_login(client):
    assert reverse("anymail:mailgun_tracking_webhook") == URL
    assert client.get(URL).status_code == 405  # POST only, not a redirect to the login


def test_a_permanent_bounce_marks_the_row_bounced_with_the_reason_but_no_address(
    client, newsletter_row
):
    response = post(client, mailgun_event("failed", newsletter_row.pk, **PERMANENT_BOUNCE))

    assert response.status_code == 200
    newsletter_row.refresh_from_db()
    assert newsletter_row.status == S.AVVIST
    assert "does not exist" in newsletter_row.feil
    assert "Avvist av mottakerens e-posttjener" in newsletter_row.feil
    assert ADDRESS not in newsletter_row.feil and "@" not in newsletter_row.feil
    # A bounce is not a complaint: the member stays on the list.
    newsletter_row.mottaker.refresh_from_db()
    assert newsletter_row.mottaker.samtykke_lokallaget


def test_a_rejection_by_the_provider_marks_the_row_bounced(client, newsletter_row):
    body = mailgun_event(
        "rejected",
        newsletter_row.pk,
        reject={"reason": "Sandbox subdomains are for test purposes only", "description": ""},
    )
    assert post(client, body).status_code == 200
    newsletter_row.refresh_from_db()
    assert newsletter_row.status == S.AVVIST
    assert newsletter_row.feil.startswith("Avvist av e-postleverandøren: Sandbox")


@pytest.mark.parametrize(
    "auth, key",
    [
        ("mailgun:feil-passord", SIGNING_KEY),  # wrong basic auth
        (SECRET, "key-someone-else"),  # right basic auth, forged signature
    ],
)
def test_a_call_without_both_credentials_is_refused_and_changes_nothing(
    client, newsletter_row, auth, key
):
    body = mailgun_event("failed", newsletter_row.pk, key=key, **PERMANENT_BOUNCE)
    assert post(client, body, auth=auth).status_code == 400
    newsletter_row.refresh_from_db()
    assert newsletter_row.status == S.SENDT


def test_an_unknown_row_is_ignored(client, newsletter_row):
    body = mailgun_event("failed", newsletter_row.pk + 1000, **PERMANENT_BOUNCE)
    assert post(client, body).status_code == 200
    body = mailgun_event("failed", "ikke-et-tall", **PERMANENT_BOUNCE)
    assert post(client, body).status_code == 200
    newsletter_row.refresh_from_db()
    assert newsletter_row.status == S.SENDT


def test_an_event_whose_message_id_is_not_the_rows_is_ignored(client, newsletter_row):
    Paaminnelse.objects.filter(pk=newsletter_row.pk).update(melding_id="<other@mg.buskerudsp.no>")
    body = mailgun_event("failed", newsletter_row.pk, **PERMANENT_BOUNCE)
    assert post(client, body).status_code == 200
    newsletter_row.refresh_from_db()
    assert newsletter_row.status == S.SENDT


@pytest.mark.parametrize(
    "event, extra",
    [
        ("delivered", {"delivery-status": {"code": 250, "message": "OK", "description": ""}}),
        ("opened", {}),
        # A temporary failure: the provider tries again itself (anymail: «deferred»).
        ("failed", {**PERMANENT_BOUNCE, "severity": "temporary"}),
    ],
)
def test_other_events_change_nothing(client, newsletter_row, event, extra):
    assert post(client, mailgun_event(event, newsletter_row.pk, **extra)).status_code == 200
    newsletter_row.refresh_from_db()
    assert (newsletter_row.status, newsletter_row.feil) == (S.SENDT, "")


def test_a_complaint_takes_the_member_off_the_newsletters_list_once_and_is_audited(
    client, newsletter_row
):
    body = mailgun_event("complained", newsletter_row.pk)
    assert post(client, body).status_code == 200
    assert post(client, body).status_code == 200  # the provider repeats an event

    newsletter_row.refresh_from_db()
    medlem = newsletter_row.mottaker
    medlem.refresh_from_db()
    assert newsletter_row.status == S.AVVIST
    assert newsletter_row.feil == "Mottakeren meldte e-posten som søppelpost."
    assert not medlem.samtykke_lokallaget
    assert medlem.samtykke_fylket  # only the list the mail came from
    [entry] = AuditEntry.objects.filter(medlem_id=medlem.pk, actor_label=LEVERANDOR)
    assert entry.data["felt"] == ["samtykke_lokallaget"]


def test_a_complaint_about_the_womens_network_leaves_that_list(client, org):
    medlem = MedlemFactory(lokallag=org.lag_a, senterkvinnene=True, samtykke_kvinnenettverket=True)
    utsending = Utsending.objects.create(
        avsender=org.fylke, gruppe=Gruppe.SENTERKVINNENE, emne="Nettverket", tekst="Hei"
    )
    row = Paaminnelse.objects.create(
        art=Art.NYHETSBREV, anledning=utsending.anledning, mottaker=medlem, status=S.SENDT
    )
    assert post(client, mailgun_event("complained", row.pk)).status_code == 200
    medlem.refresh_from_db()
    assert not medlem.samtykke_kvinnenettverket


def test_a_complaint_about_a_reminder_withdraws_the_reminders_consent(client, org):
    [row] = due_reminders(org, 1)
    Paaminnelse.objects.filter(pk=row.pk).update(status=S.SENDT)
    assert post(client, mailgun_event("complained", row.pk)).status_code == 200
    row.refresh_from_db()
    row.mottaker.refresh_from_db()
    assert row.status == S.AVVIST
    assert not row.mottaker.samtykke_paaminnelser


def test_each_mail_carries_its_row_and_the_row_keeps_the_providers_id(org, settings):
    """With an API backend (anymail's test backend stands in for Mailgun's) the mail carries
    ``metadata={"levering": pk}`` and the provider's id lands on the row."""
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
    mail.outbox = []
    rows = due_reminders(org, 2)

    assert paaminnelser_send() == {S.SENDT: 2}

    by_address = {m.to[0]: m for m in mail.outbox}
    for row in rows:
        row.refresh_from_db()
        message = by_address[row.mottaker.epost]
        assert message.metadata == {"levering": row.pk}
        assert row.melding_id == str(message.anymail_status.message_id)


def test_over_smtp_the_row_has_no_provider_id(org, mailoutbox):
    [row] = due_reminders(org, 1)
    assert paaminnelser_send() == {S.SENDT: 1}
    row.refresh_from_db()
    assert row.melding_id == ""
    assert mailoutbox[0].metadata == {"levering": row.pk}
