"""Who receives a message: the unit's active members in the group, with the list's consent,
by e-mail or (with an SMS text) SMS for those without an address or who prefer it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aktiviteter.utsendinger.models import Gruppe, Utsending, Utsendingsart
from aktiviteter.utsendinger.services.mottakere import mottakere
from aktiviteter.utsendinger.services.sending import sjekk, utsending_send
from medlemmer.models import Liste
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db


def names(qs) -> set[str]:
    return set(qs.values_list("fornavn", flat=True))


@pytest.fixture
def members(org):
    a, b = org.lag_a, org.lag_b
    return {
        "epost": MedlemFactory(lokallag=a, fornavn="Eva", samtykke_lokallaget=True),
        "sms": MedlemFactory(
            lokallag=a, fornavn="Sara", samtykke_lokallaget=True, foretrekker_sms=True
        ),
        "uten_epost": MedlemFactory(
            lokallag=a, fornavn="Uno", epost=None, samtykke_lokallaget=True
        ),
        "uten_samtykke": MedlemFactory(lokallag=a, fornavn="Nils"),
        "annet_lag": MedlemFactory(lokallag=b, fornavn="Berit", samtykke_lokallaget=True),
        "su": MedlemFactory(
            lokallag=a, fornavn="Siri", senterungdommen=True, samtykke_ungdommen=True
        ),
    }


def test_chapter_newsletter_reaches_own_consenting_members(org, members):
    u = Utsending(avsender=org.lag_a, emne="Hei", tekst="Tekst")
    assert u.liste == Liste.LOKALLAGET
    r = mottakere(u)
    assert names(r.epost) == {"Eva", "Sara"}
    assert names(r.sms) == set()
    assert r.utenfor == 1  # Uno: no address, and no SMS text


def test_with_sms_text_sms_goes_to_those_without_address_or_who_prefer_it(org, members):
    u = Utsending(avsender=org.lag_a, emne="Hei", tekst="Tekst", med_sms=True, sms_tekst="Hei!")
    r = mottakere(u)
    assert names(r.epost) == {"Eva"}
    assert names(r.sms) == {"Sara", "Uno"}
    assert r.utenfor == 0


def test_county_youth_list_reaches_every_chapter_with_youth_consent(org, members):
    u = Utsending(avsender=org.fylke, gruppe=Gruppe.SENTERUNGDOMMEN, emne="SU", tekst="T")
    assert u.liste == Liste.UNGDOMMEN
    assert names(mottakere(u).epost) == {"Siri"}


def test_invitations_need_the_invitation_consent(org, members):
    members["epost"].samtykke_invitasjoner = True
    members["epost"].save()
    u = Utsending(avsender=org.lag_a, art=Utsendingsart.INVITASJON, emne="Kom", tekst="T")
    assert names(mottakere(u).epost) == {"Eva"}


def test_sending_makes_one_row_per_recipient_and_is_audited(org, members, leader_a, monkeypatch):
    from aktiviteter.paaminnelser.models import Kanal, Paaminnelse
    from aktiviteter.paaminnelser.services import sending as reminder_sending
    from buskerud_sp.core.models import AuditEntry

    monkeypatch.setattr(reminder_sending, "sender_snart", lambda: None)
    u = Utsending.objects.create(
        avsender=org.lag_a, emne="Hei", tekst="T", med_sms=True, sms_tekst="Hei!"
    )
    assert utsending_send(utsending=u, bruker=leader_a).epost == 1
    rows = Paaminnelse.objects.filter(anledning=u.anledning)
    assert sorted(rows.values_list("kanal", flat=True)) == [Kanal.EPOST, Kanal.SMS, Kanal.SMS]
    assert AuditEntry.objects.filter(data__handling="sendt").count() == 1
    with pytest.raises(ValidationError):
        utsending_send(utsending=u, bruker=leader_a)


def test_checks_before_sending(org, members, leader_b):
    u = Utsending.objects.create(
        avsender=org.lag_a, emne=" ", tekst="T", med_sms=True, sms_tekst="x" * 458 + "€"
    )
    with pytest.raises(ValidationError) as error:
        sjekk(u)
    assert set(error.value.message_dict) == {"emne", "sms_tekst"}
    empty = Utsending.objects.create(avsender=org.lag_a, gruppe=Gruppe.NYE, emne="E", tekst="T")
    with pytest.raises(ValidationError) as error:
        sjekk(empty)
    assert "Ingen medlemmer" in str(error.value)
    with pytest.raises(PermissionDenied):
        utsending_send(
            utsending=Utsending.objects.create(avsender=org.lag_a, emne="E", tekst="T"),
            bruker=leader_b,
        )
