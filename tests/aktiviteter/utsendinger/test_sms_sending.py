"""SMS rows of a newsletter, an invitation or a welcome are sent through the SMS backend by
the reminders' claim-and-send machinery: marked sent with the provider's id, skipped when the
member has no number or withdrew consent, retried when the provider fails, never twice but
for the one in flight when a worker dies; the text with its link stays within the limit."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from aktiviteter.aktivitet.models import Status as Aktivitetsstatus
from aktiviteter.paaminnelser.models import Art, Kanal, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import paaminnelser_send, sending
from aktiviteter.utsendinger.models import Utsending, Utsendingsart
from aktiviteter.utsendinger.services import lister
from aktiviteter.utsendinger.services import sms as utsending_sms
from aktiviteter.utsendinger.services.sending import sjekk, utsending_send
from buskerud_sp.core import sms, svar
from tests.aktiviteter.rhythm import at
from tests.factories import AktivitetFactory, MedlemFactory
from tests.portal.test_sms import FakeSveve

pytestmark = pytest.mark.django_db
S = Leveringsstatus
NOW = at(2026, 11, 30, 12, 0)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def smsoutbox(monkeypatch):
    monkeypatch.setattr(sending, "sender_snart", lambda: None)
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def sms_member(org, **fields):
    """A member of chapter A without e-mail: reached by SMS."""
    return MedlemFactory(
        lokallag=org.lag_a,
        epost=None,
        samtykke_lokallaget=True,
        samtykke_invitasjoner=True,
        **fields,
    )


def newsletter(org, leader_a, text="Årsfest lørdag kl 18 på Bragernes!") -> Utsending:
    u = Utsending.objects.create(
        avsender=org.lag_a, emne="Årsfest", tekst="Velkommen.", med_sms=True, sms_tekst=text
    )
    utsending_send(utsending=u, bruker=leader_a)
    return u


def token_from(text: str, marker: str) -> str:
    return text.split(marker, 1)[1].strip().rstrip("/").rsplit("/", 1)[1]


def test_sms_rows_are_sent_through_the_backend_and_marked_sent_with_the_id(
    org, leader_a, smsoutbox, mailoutbox
):
    members = [sms_member(org, fornavn=f"M{i}") for i in range(3)]
    u = newsletter(org, leader_a)
    rows = Paaminnelse.objects.filter(anledning=u.anledning, kanal=Kanal.SMS)
    assert rows.count() == 3
    assert paaminnelser_send() == {S.SENDT: 3}
    assert sorted(m.to for m in smsoutbox) == sorted(m.telefon for m in members)
    for row in rows:
        assert row.status == S.SENDT and row.sendt == NOW and row.forsok == 1
        [message] = [m for m in smsoutbox if m.to == row.mottaker.telefon]
        assert row.melding_id == message.id
        assert message.text.startswith("Årsfest lørdag kl 18 på Bragernes!\nAvmeld: ")
        assert "http://127.0.0.1:8000/utsendinger/avmeld/" in message.text
        payload = signing.loads(token_from(message.text, "Avmeld:"), salt=lister.SALT)
        assert payload == {"m": row.mottaker_id, "l": u.liste, "u": u.pk}
    assert paaminnelser_send() == {}  # nothing twice
    assert len(smsoutbox) == 3
    assert mailoutbox == []  # SMS rows send no mail


def test_no_phone_number_at_send_time_is_skipped(org, leader_a, smsoutbox):
    member = sms_member(org)
    u = newsletter(org, leader_a)
    member.telefon = ""
    member.save()
    assert paaminnelser_send() == {S.HOPPET_OVER: 1}
    row = Paaminnelse.objects.get(anledning=u.anledning)
    assert (row.status, row.feil) == (S.HOPPET_OVER, "Mangler mobilnummer.")
    assert smsoutbox == []


def test_withdrawn_consent_to_the_list_is_honoured_at_send_time(org, leader_a, smsoutbox):
    member = sms_member(org)
    u = newsletter(org, leader_a)
    member.samtykke_lokallaget = False
    member.save()
    assert paaminnelser_send() == {S.HOPPET_OVER: 1}
    assert Paaminnelse.objects.get(anledning=u.anledning).feil == "Har ikke samtykket til listen."
    assert smsoutbox == []


def test_a_member_who_left_or_was_erased_gets_no_sms(org, leader_a, smsoutbox):
    left = sms_member(org, fornavn="Ute")
    erased = sms_member(org, fornavn="Slettet")
    newsletter(org, leader_a)
    left.utmeldt = NOW.date() - datetime.timedelta(days=1)
    left.save()
    erased.anonymisert = NOW
    erased.save()
    assert paaminnelser_send() == {S.HOPPET_OVER: 2}
    assert set(Paaminnelse.objects.values_list("feil", flat=True)) == {
        "Ikke lenger medlem.",
        "Medlemmet er slettet.",
    }
    assert smsoutbox == []


def test_an_invitation_sms_carries_the_answer_link(org, leader_a, smsoutbox):
    member = sms_member(org)
    aktivitet = AktivitetFactory(
        enhet=org.lag_a,
        dato=NOW.date() + datetime.timedelta(days=7),
        status=Aktivitetsstatus.PLANLAGT,
    )
    u = Utsending.objects.create(
        avsender=org.lag_a,
        art=Utsendingsart.INVITASJON,
        aktivitet=aktivitet,
        emne="Kom på medlemsmøte",
        tekst="Velkommen.",
        med_sms=True,
        sms_tekst="Medlemsmøte neste uke. Kommer du?",
    )
    utsending_send(utsending=u, bruker=leader_a)
    assert paaminnelser_send() == {S.SENDT: 1}
    [message] = smsoutbox
    assert message.text.startswith("Medlemsmøte neste uke. Kommer du?\nSvar: ")
    assert "http://127.0.0.1:8000/svar/" in message.text
    token = token_from(message.text, "Svar:")
    data = signing.TimestampSigner(salt=svar.SALT).unsign_object(token)
    assert data == {"k": "invitasjon", "p": {"u": u.pk, "m": member.pk}}


def test_an_invitation_to_a_cancelled_activity_is_not_sent(org, leader_a, smsoutbox):
    sms_member(org)
    aktivitet = AktivitetFactory(
        enhet=org.lag_a, dato=NOW.date() + datetime.timedelta(days=7), status="planlagt"
    )
    u = Utsending.objects.create(
        avsender=org.lag_a,
        art=Utsendingsart.INVITASJON,
        aktivitet=aktivitet,
        emne="Kom",
        tekst="T",
        med_sms=True,
        sms_tekst="Kom!",
    )
    utsending_send(utsending=u, bruker=leader_a)
    aktivitet.status = Aktivitetsstatus.AVLYST
    aktivitet.save()
    assert paaminnelser_send() == {S.HOPPET_OVER: 1}
    assert smsoutbox == []


def test_the_welcome_sms_names_the_chapter(org, smsoutbox):
    member = MedlemFactory(lokallag=org.lag_b, fornavn="Kari", epost=None, foretrekker_sms=True)
    Paaminnelse.objects.create(
        art=Art.VELKOMMEN, anledning="velkommen", mottaker=member, kanal=Kanal.SMS
    )
    assert paaminnelser_send() == {S.SENDT: 1}
    [message] = smsoutbox
    assert message.to == member.telefon
    assert "Kari" in message.text and "Gol Senterparti" in message.text
    assert sms.segmenter(message.text) == 1


def test_a_kind_without_an_sms_text_is_skipped(org, smsoutbox):
    member = sms_member(org, samtykke_paaminnelser=True)
    Paaminnelse.objects.create(
        art=Art.UKESAMMENDRAG, anledning="uke", mottaker=member, kanal=Kanal.SMS
    )
    assert paaminnelser_send() == {S.HOPPET_OVER: 1}
    assert smsoutbox == []


def test_a_failing_provider_is_retried_later_then_marked_failed(
    org, leader_a, smsoutbox, settings, clock
):
    member = sms_member(org)
    u = newsletter(org, leader_a)
    server = FakeSveve()
    server.answer = {"response": {"fatalError": "Tjenesten er midlertidig utilgjengelig"}}
    settings.SMS_BACKEND = "buskerud_sp.core.sms.SveveBackend"
    settings.SVEVE_URL, settings.SVEVE_USER, settings.SVEVE_PASSWORD = server.url, "bsp", "hemmelig"
    try:
        row = Paaminnelse.objects.get(anledning=u.anledning)
        for attempt in range(1, sending.MAKS_FORSOK + 1):
            last = attempt == sending.MAKS_FORSOK
            assert paaminnelser_send() == {(S.FEILET if last else S.VENTER): 1}
            row.refresh_from_db()
            assert row.forsok == attempt and "midlertidig utilgjengelig" in row.feil
            assert member.telefon.removeprefix("+47") not in row.feil
            if not last:
                assert row.neste_forsok == timezone.now() + sending.ventetid(attempt)
                assert paaminnelser_send() == {}  # not before its time
                clock.move_to(row.neste_forsok)
        assert row.status == S.FEILET and row.melding_id == ""
        assert len(server.requests) == sending.MAKS_FORSOK
        # The provider is back and an admin retries: sent once, with Sveve's id.
        server.answer = {"response": {"msgOkCount": 1, "stdSMSCount": 1, "ids": [4711]}}
        assert sending.paaminnelse_prov_igjen(paaminnelse=row)
        assert paaminnelser_send() == {S.SENDT: 1}
        row.refresh_from_db()
        assert (row.status, row.melding_id, row.feil) == (S.SENDT, "4711", "")
    finally:
        server.close()


class WorkerKilled(BaseException):
    """The process dies: no ``except Exception`` catches it."""


def test_a_worker_killed_mid_batch_resends_at_most_the_message_in_flight(
    org, leader_a, smsoutbox, settings, monkeypatch, clock
):
    members = [sms_member(org) for _ in range(4)]
    newsletter(org, leader_a)
    real_send = sms.LocmemBackend.send

    def dies_after_the_second(self, to, text):
        message_id = real_send(self, to, text)
        if len(sms.outbox) == 2:
            raise WorkerKilled  # the provider took the message; the row is not marked yet
        return message_id

    monkeypatch.setattr(sms.LocmemBackend, "send", dies_after_the_second)
    with pytest.raises(WorkerKilled):
        paaminnelser_send()
    assert Paaminnelse.objects.filter(status=S.SENDT).count() == 1
    assert Paaminnelse.objects.filter(status=S.SENDER).count() == 3  # the batch, on lease
    monkeypatch.undo()
    monkeypatch.setattr(sending, "sender_snart", lambda: None)
    assert paaminnelser_send() == {}  # the lease holds the rows
    clock.move_to(NOW + sending.LAAS + datetime.timedelta(seconds=1))
    assert paaminnelser_send() == {S.SENDT: 3}
    per_number = {m.telefon: sum(1 for s in smsoutbox if s.to == m.telefon) for m in members}
    assert sorted(per_number.values()) == [1, 1, 1, 2]  # only the one in flight went twice
    assert set(Paaminnelse.objects.values_list("status", flat=True)) == {S.SENDT}


# --- The length, link included ---------------------------------------------------------------


def test_the_check_counts_the_link_in(org, leader_a):
    sms_member(org)
    room = sms.maks_tegn("a") - utsending_sms.suffix_lengde(
        Utsending(avsender=org.lag_a, emne="E", tekst="T", sms_tekst="a")
    )
    assert 0 < room < sms.maks_tegn("a") - 100  # the link takes its share
    fits = Utsending.objects.create(
        avsender=org.lag_a, emne="E", tekst="T", med_sms=True, sms_tekst="a" * room
    )
    sjekk(fits)  # no error
    too_long = Utsending.objects.create(
        avsender=org.lag_a, emne="E", tekst="T", med_sms=True, sms_tekst="a" * (room + 1)
    )
    # Alone the text fits three messages; with the link it does not.
    assert sms.segmenter(too_long.sms_tekst) <= sms.MAKS_SEGMENTER
    with pytest.raises(ValidationError) as error:
        sjekk(too_long)
    assert f"høyst {room}" in error.value.message_dict["sms_tekst"][0]


def test_what_is_sent_stays_within_the_limit_and_matches_the_confirmations_count(
    org, leader_a, smsoutbox
):
    sms_member(org)
    u = Utsending(avsender=org.lag_a, emne="E", tekst="T", med_sms=True, sms_tekst="")
    u.sms_tekst = "a" * (sms.maks_tegn("a") - utsending_sms.suffix_lengde(u))
    u.save()
    counted = utsending_sms.sms_tekst_for_utsending(u)
    assert sms.segmenter(counted) == sms.MAKS_SEGMENTER
    # A short text alone is one message; the confirmation counts the link too.
    short = Utsending(avsender=org.lag_a, emne="E", tekst="T", sms_tekst="a" * 100)
    assert sms.segmenter(short.sms_tekst) == 1
    assert sms.segmenter(utsending_sms.sms_tekst_for_utsending(short)) == 2
    assert sms.anslatt_kostnad(utsending_sms.sms_tekst_for_utsending(short), 10) == 2 * 10 * (
        sms.pris_per_melding()
    )
    utsending_send(utsending=u, bruker=leader_a)
    assert paaminnelser_send() == {S.SENDT: 1}
    [message] = smsoutbox
    assert sms.segmenter(message.text) <= sms.MAKS_SEGMENTER
    assert sms.lengde(message.text) <= sms.lengde(counted)


@pytest.mark.parametrize("medlem_id", [1, 7, 99999, 123456789, 9999999999])
@pytest.mark.parametrize("art", [Utsendingsart.NYHETSBREV, Utsendingsart.INVITASJON])
def test_no_recipients_link_is_longer_than_the_counted_one(org, medlem_id, art):
    u = Utsending(pk=1234567, avsender=org.lag_a, art=art, emne="E", tekst="T", sms_tekst="x")
    bound = utsending_sms.suffix_lengde(u)
    assert sms.lengde(utsending_sms._suffix(u, medlem_id)) <= bound


def test_a_text_saved_too_long_is_cut_so_the_link_survives(org, smsoutbox):
    member = sms_member(org)
    u = Utsending.objects.create(
        avsender=org.lag_a, emne="E", tekst="T", med_sms=True, sms_tekst="b" * 459
    )
    Paaminnelse.objects.create(
        art=Art.NYHETSBREV, anledning=u.anledning, mottaker=member, kanal=Kanal.SMS
    )
    assert paaminnelser_send() == {S.SENDT: 1}
    [message] = smsoutbox
    assert sms.segmenter(message.text) == sms.MAKS_SEGMENTER
    assert "...\nAvmeld: http://127.0.0.1:8000/utsendinger/avmeld/" in message.text
