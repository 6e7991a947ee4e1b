"""«Inviter til vaktene» and the sign-up page behind /svar/<token>/ (GET shows free places and
no names; only POST takes a shift; forged, expired or not a member any more: 404), and the
reminder before a shift (once per sign-up, skipped after signing off or when cancelled)."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from aktiviteter.paaminnelser.models import Art, Kanal, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import sending as reminder_sending
from aktiviteter.paaminnelser.services.planlegging import paaminnelser_planlegg
from aktiviteter.paaminnelser.services.sending import paaminnelser_send
from aktiviteter.valg.models import Vakt, Vaktpamelding
from aktiviteter.valg.services import vakter as service
from aktiviteter.valg.services import vaktpost
from buskerud_sp.core import svar as svar_tokens
from tests.aktiviteter.rhythm import at
from tests.factories import AktivitetFactory, MedlemFactory

DAG = datetime.date(2027, 8, 20)
NOW = at(2027, 8, 18, 12, 0)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def no_sender_queue(monkeypatch):
    monkeypatch.setattr(reminder_sending, "sender_snart", lambda: None)


@pytest.fixture
def stand(org):
    return AktivitetFactory(
        type="stand", enhet=org.lag_a, dato=DAG, status="planlagt", tittel="Stand på torget"
    )


@pytest.fixture
def vakt(stand):
    return Vakt.objects.create(
        aktivitet=stand, start=datetime.time(10), slutt=datetime.time(12), plasser=1
    )


def _lenke(text: str) -> str:
    return re.search(r"https?://\S+/svar/[^\s\"<]+/", text).group(0)


def test_inviter_til_vaktene_med_samtykke_og_lenke(client, org, leader_a, stand, vakt, mailoutbox):
    eva = MedlemFactory(lokallag=org.lag_a, fornavn="Eva", samtykke_invitasjoner=True)
    sms = MedlemFactory(lokallag=org.lag_a, epost=None, samtykke_invitasjoner=True)
    MedlemFactory(lokallag=org.lag_a, samtykke_invitasjoner=False)
    MedlemFactory(lokallag=org.lag_b, samtykke_invitasjoner=True)
    client.force_login(leader_a)
    url = reverse("valg:stand_inviter", args=[stand.pk])
    assert client.get(url).context["antall"] == 2
    client.post(url)
    client.post(url)  # the same day: nothing twice
    rows = Paaminnelse.objects.filter(art=Art.VAKT_INVITASJON)
    assert {(r.mottaker_id, r.kanal) for r in rows} == {
        (eva.pk, Kanal.EPOST),
        (sms.pk, Kanal.SMS),
    }
    paaminnelser_send()
    mail = next(m for m in mailoutbox if m.to == [eva.epost])
    assert "Stand på torget" in mail.subject
    assert "1 ledig plass" in mail.body
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _lenke(mail.body).startswith(settings.SITE_URL)


def test_lenken_viser_ledige_plasser_og_bare_post_tar_vakten(client, org, stand, vakt):
    eva = MedlemFactory(lokallag=org.lag_a)
    annen = MedlemFactory(lokallag=org.lag_a, fornavn="Hemmelig", etternavn="Navnesen")
    url = vaktpost.pameldingslenke(stand.pk, eva.pk).removeprefix(settings.SITE_URL)
    response = client.get(url)
    assert response.status_code == 200
    assert "1 ledig plass" in response.content.decode()
    assert not Vaktpamelding.objects.exists()
    response = client.post(url, {"vakt": vakt.pk})
    assert "Takk! Du har tatt vakten" in response.content.decode()
    assert Vaktpamelding.objects.get().kilde == "lenke"
    # The next one finds it full, and sees no names.
    url2 = vaktpost.pameldingslenke(stand.pk, annen.pk).removeprefix(settings.SITE_URL)
    response = client.post(url2, {"vakt": vakt.pk})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Vakten er full." in text
    assert eva.fornavn not in text and eva.etternavn not in text
    assert Vaktpamelding.objects.count() == 1


def test_lenken_404_for_falsk_utlopt_og_utmeldt(client, org, stand, vakt):
    eva = MedlemFactory(lokallag=org.lag_a)
    url = vaktpost.pameldingslenke(stand.pk, eva.pk).removeprefix(settings.SITE_URL)
    assert client.get(url[:-3] + "xx/").status_code == 404
    other_chapter = MedlemFactory(lokallag=org.lag_b)
    url_b = vaktpost.pameldingslenke(stand.pk, other_chapter.pk).removeprefix(settings.SITE_URL)
    assert client.get(url_b).status_code == 404
    forged = svar_tokens.token_for("vakter", a="x", m=eva.pk)
    assert client.get(reverse("svar", args=[forged])).status_code == 404
    with time_machine.travel(NOW + vaktpost.SVAR_LEVETID + datetime.timedelta(days=1)):
        assert client.get(url).status_code == 404
    eva.utmeldt = datetime.date(2027, 8, 1)
    eva.save()
    assert client.post(url, {"vakt": vakt.pk}).status_code == 404
    assert not Vaktpamelding.objects.exists()


def test_paaminnelse_dagen_for_en_gang(clock, org, stand, vakt, mailoutbox):
    eva = MedlemFactory(lokallag=org.lag_a, fornavn="Eva")
    ola = MedlemFactory(lokallag=org.lag_a)
    vakt.plasser = 2
    vakt.save()
    service.ta_vakt(vakt, eva)
    service.ta_vakt(vakt, ola)
    clock.move_to(at(2027, 8, 19, 17, 55))
    paaminnelser_planlegg()
    assert not Paaminnelse.objects.filter(art=Art.VAKT_PAAMINNELSE).exists()
    clock.move_to(at(2027, 8, 19, 18, 0))
    paaminnelser_planlegg()
    paaminnelser_planlegg()
    rows = Paaminnelse.objects.filter(art=Art.VAKT_PAAMINNELSE)
    assert rows.count() == 2
    service.gi_fra_seg_vakt(vakt, ola)
    paaminnelser_send()
    sent = [m for m in mailoutbox if "Påminnelse" in m.subject]
    assert [m.to[0] for m in sent] == [eva.epost]
    assert "10:00" in sent[0].body
    assert rows.get(mottaker=ola).status == Leveringsstatus.HOPPET_OVER
    clock.move_to(at(2027, 8, 19, 20, 0))
    paaminnelser_planlegg()
    assert rows.count() == 2


def test_ingen_paaminnelse_for_avlyst_stand(clock, org, stand, vakt, mailoutbox):
    service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a))
    stand.status = "avlyst"
    stand.save()
    clock.move_to(at(2027, 8, 19, 18, 0))
    paaminnelser_planlegg()
    assert not Paaminnelse.objects.filter(art=Art.VAKT_PAAMINNELSE).exists()
