"""Invitations with answers: only a unit's own coming activities; the mail with two signed answer
links and the list's unsubscribe, and nobody else's data; the answer through /svar/ (a POST
records, a GET does not), changed, closed when the activity starts, refused to outsiders; the
leader's counts, the yeses as the result's starting count, and the day-before reminder to the
yes-sayers."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from aktiviteter.aktivitet.forms.aktivitet import ResultatForm
from aktiviteter.paaminnelser.models import Art, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import sending as reminder_sending
from aktiviteter.paaminnelser.services.planlegging import paaminnelser_planlegg
from aktiviteter.paaminnelser.services.sending import paaminnelser_send
from aktiviteter.utsendinger.models import Gruppe, Invitasjonssvar, Status, Svar, Utsending
from aktiviteter.utsendinger.services import invitasjoner
from aktiviteter.utsendinger.services.invitasjonspost import paaminnelse_nokkel, svarlenke
from aktiviteter.utsendinger.services.lister import fra_avmeldingstoken
from aktiviteter.utsendinger.services.sending import utsending_send
from buskerud_sp.core.models import AuditEntry
from medlemmer.models import Liste
from tests.aktiviteter.rhythm import at
from tests.factories import AktivitetFactory, MedlemFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = at(2026, 11, 30, 12, 0)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def no_sender_queue(monkeypatch):
    monkeypatch.setattr(reminder_sending, "sender_snart", lambda: None)


@pytest.fixture
def aktivitet(org):
    return AktivitetFactory(
        enhet=org.lag_a,
        tittel="Julemøte i Drammen",
        dato=D(2026, 12, 10),
        starttid=datetime.time(19, 0),
        sluttid=datetime.time(21, 0),
        sted="Samfunnshuset",
        status="planlagt",
        type="medlemsmote",
    )


@pytest.fixture
def members(org):
    a, b = org.lag_a, org.lag_b
    return {
        "eva": MedlemFactory(
            lokallag=a, fornavn="Eva", etternavn="Evensen", samtykke_invitasjoner=True
        ),
        "ola": MedlemFactory(
            lokallag=a, fornavn="Ola", etternavn="Olsen", samtykke_invitasjoner=True
        ),
        "nils": MedlemFactory(lokallag=a, fornavn="Nils", etternavn="Nei"),
        "berit": MedlemFactory(
            lokallag=b, fornavn="Berit", etternavn="Golsen", samtykke_invitasjoner=True
        ),
    }


def _draft(leader, aktivitet, **extra) -> Utsending:
    return invitasjoner.invitasjon_lagre(
        bruker=leader,
        aktivitet=aktivitet,
        gruppe=Gruppe.ALLE,
        emne="Kom på julemøtet",
        tekst="Vi byr på grøt.\n\nTa med en venn!",
        **extra,
    )


@pytest.fixture
def sent(leader_a, aktivitet, members) -> Utsending:
    utsending = _draft(leader_a, aktivitet)
    utsending_send(utsending=utsending, bruker=leader_a)
    utsending.refresh_from_db()
    return utsending


def _answer_url(utsending, medlem, svar=None) -> str:
    return svarlenke(utsending.pk, medlem.pk, svar).removeprefix(settings.SITE_URL)


# --- Writing an invitation ------------------------------------------------------------------


def test_invitation_only_to_own_units_coming_activity(
    org, leader_a, leader_b, member_user, aktivitet
):
    utsending = _draft(leader_a, aktivitet)
    assert (utsending.art, utsending.avsender, utsending.status) == (
        "invitasjon",
        org.lag_a,
        Status.UTKAST,
    )
    assert AuditEntry.objects.filter(data__handling="utkast").count() == 1
    for outsider in (leader_b, member_user):
        with pytest.raises(PermissionDenied):
            _draft(outsider, aktivitet)
    cancelled = AktivitetFactory(enhet=org.lag_a, dato=D(2026, 12, 12), status="avlyst")
    past = AktivitetFactory(enhet=org.lag_a, dato=D(2026, 11, 20), status="planlagt")
    begun = AktivitetFactory(
        enhet=org.lag_a, dato=D(2026, 11, 30), starttid=datetime.time(11, 0), status="planlagt"
    )
    for activity in (cancelled, past, begun):
        with pytest.raises(ValidationError) as error:
            _draft(leader_a, activity)
        assert "aktivitet" in error.value.message_dict
    assert list(invitasjoner.aktiviteter_for_invitasjon(leader_a)) == [aktivitet]
    assert list(invitasjoner.aktiviteter_for_invitasjon(leader_b)) == []


def test_group_rules_at_the_fields(leader_a, aktivitet):
    with pytest.raises(ValidationError) as error:
        invitasjoner.invitasjon_lagre(
            bruker=leader_a, aktivitet=aktivitet, gruppe=Gruppe.ALDER, emne="E", tekst="T"
        )
    assert set(error.value.message_dict) == {"alder_fra"}
    with pytest.raises(ValidationError) as error:
        invitasjoner.invitasjon_lagre(
            bruker=leader_a, aktivitet=aktivitet, gruppe=Gruppe.ADHOC, emne="E", tekst="T"
        )
    assert set(error.value.message_dict) == {"adhoc_gruppe"}
    assert not Utsending.objects.exists()


def test_form_pages(client, leader_a, leader_b, member_user, aktivitet):
    url = reverse("utsendinger:invitasjon_ny")
    client.force_login(member_user)
    assert client.get(url).status_code == 404
    client.force_login(leader_b)
    page = client.get(f"{url}?aktivitet={aktivitet.pk}")
    assert page.status_code == 200 and "Julemøte" not in page.content.decode()
    crafted = {"aktivitet": aktivitet.pk, "gruppe": "alle", "emne": "E", "tekst": "T"}
    response = client.post(url, crafted)
    assert response.status_code == 200 and not Utsending.objects.exists()
    assert "Velg en kommende aktivitet" in response.content.decode()

    client.force_login(leader_a)
    page = client.get(f"{url}?aktivitet={aktivitet.pk}").content.decode()
    assert "Invitasjon: Julemøte i Drammen" in page
    assert client.post(url, {**crafted, "emne": ""}).status_code == 200
    assert not Utsending.objects.exists()
    response = client.post(url, crafted)
    utsending = Utsending.objects.get()
    assert response.url == utsending.get_absolute_url()

    edit = reverse("utsendinger:invitasjon_endre", kwargs={"pk": utsending.pk})
    client.force_login(leader_b)
    assert client.get(edit).status_code == 404
    client.force_login(leader_a)
    assert client.post(edit, {**crafted, "emne": "Nytt emne"}).status_code == 302
    utsending.refresh_from_db()
    assert utsending.emne == "Nytt emne"


def test_activity_page_links_to_inviting_only_for_senders(client, leader_a, board_user, aktivitet):
    page = reverse("aktiviteter:detail", kwargs={"pk": aktivitet.pk})
    client.force_login(leader_a)
    assert "Inviter medlemmer" in client.get(page).content.decode()
    client.force_login(board_user)  # sees the chapter's activity, does not send for it
    assert "Inviter medlemmer" not in client.get(page).content.decode()


# --- The mail -------------------------------------------------------------------------------


def test_invitation_mail_has_two_answer_links_and_the_lists_unsubscribe(sent, members, mailoutbox):
    paaminnelser_send()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [members["eva"].epost, members["ola"].epost]
    )
    mail = next(m for m in mailoutbox if m.to == [members["eva"].epost])
    assert mail.subject == "Kom på julemøtet"
    text = mail.body
    html = mail.alternatives[0][0]
    for body in (text, html):
        links = re.findall(re.escape(settings.SITE_URL) + r"/svar/[^\s\"<]+", body)
        assert {link.rsplit("?", 1)[-1] for link in links} == {"svar=ja", "svar=nei"}
        assert "Julemøte i Drammen" in body and "Samfunnshuset" in body
        assert "Vi byr på grøt." in body
        for other in ("Ola", members["ola"].epost, "Olsen", "Nils", "Berit"):
            assert other not in body
    headers = mail.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = headers["List-Unsubscribe"].strip("<>").rsplit("/avmeld/", 1)[1].strip("/")
    assert fra_avmeldingstoken(token) == {
        "m": members["eva"].pk,
        "l": Liste.INVITASJONER,
        "u": sent.pk,
    }


def test_consent_withdrawn_before_sending_skips_the_mail(sent, members, mailoutbox):
    members["ola"].samtykke_invitasjoner = False
    members["ola"].save()
    paaminnelser_send()
    assert [m.to[0] for m in mailoutbox] == [members["eva"].epost]
    row = Paaminnelse.objects.get(anledning=sent.anledning, mottaker=members["ola"])
    assert row.status == Leveringsstatus.HOPPET_OVER


# --- Answering --------------------------------------------------------------------------------


def test_get_shows_but_only_post_records_and_the_last_answer_counts(client, sent, members):
    eva = members["eva"]
    url = _answer_url(sent, eva, Svar.JA)
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="ja" aria-pressed="true"' in page.content.decode()
    assert not Invitasjonssvar.objects.exists()

    response = client.post(url.split("?")[0], {"svar": "ja"})
    assert "Du har svart ja" in response.content.decode()
    assert Invitasjonssvar.objects.get(medlem=eva).svar == Svar.JA
    client.post(url.split("?")[0], {"svar": "ja"})
    client.post(url.split("?")[0], {"svar": "nei"})
    assert Invitasjonssvar.objects.get(medlem=eva).svar == Svar.NEI
    assert Invitasjonssvar.objects.count() == 1
    # Audited when the answer changes, not when the same answer comes again.
    entries = AuditEntry.objects.filter(data__handling="svar")
    assert list(entries.order_by("pk").values_list("data__svar", flat=True)) == ["ja", "nei"]
    assert entries.first().actor_label == "svarlenke"
    assert client.post(url.split("?")[0], {"svar": "kanskje"}).status_code == 400


def test_answers_close_when_the_activity_starts(client, clock, sent, members):
    url = _answer_url(sent, members["eva"]).split("?")[0]
    clock.move_to(at(2026, 12, 10, 19, 0))
    page = client.get(url).content.decode()
    assert "Påmeldingen er stengt" in page and 'name="svar"' not in page
    assert client.post(url, {"svar": "ja"}).status_code == 400
    assert not Invitasjonssvar.objects.exists()
    with pytest.raises(ValidationError):
        invitasjoner.svar_registrer(
            utsending=sent, medlem=members["eva"], svar="ja", via=invitasjoner.VIA_LENKE
        )


def test_outsiders_get_404(client, org, sent, members):
    nils = members["nils"]  # no consent: not invited
    assert client.get(_answer_url(sent, nils)).status_code == 404
    assert client.post(_answer_url(sent, nils), {"svar": "ja"}).status_code == 404
    assert client.get(_answer_url(sent, members["berit"])).status_code == 404
    assert client.get("/svar/tuklet-med/").status_code == 404
    ola = members["ola"]
    ola.utmeldt = D(2026, 11, 1)
    ola.save()
    assert client.post(_answer_url(sent, ola), {"svar": "ja"}).status_code == 404
    draft = _draft(Utsending.objects.get().opprettet_av, sent.aktivitet)
    assert client.get(_answer_url(draft, members["eva"])).status_code == 404
    assert not Invitasjonssvar.objects.exists()


def test_member_answers_in_the_portal(client, org, sent, members):
    eva = members["eva"]
    eva.bruker = UserFactory(email=eva.epost)
    eva.save()
    client.force_login(eva.bruker)
    own_page = client.get(reverse("medlemmer:detail", kwargs={"pk": eva.pk})).content.decode()
    assert "Julemøte i Drammen" in own_page and reverse("utsendinger:mine") in own_page
    mine = reverse("utsendinger:mine")
    assert "Julemøte i Drammen" in client.get(mine).content.decode()
    answered = client.post(mine, {"utsending": sent.pk, "svar": "ja"}, follow=True)
    assert "Svaret ditt på «Julemøte i Drammen» er lagret." in answered.content.decode()
    assert Invitasjonssvar.objects.get(medlem=eva).svar == Svar.JA
    berit_user = UserFactory(email=members["berit"].epost)
    members["berit"].bruker = berit_user
    members["berit"].save()
    client.force_login(berit_user)
    assert "Julemøte" not in client.get(mine).content.decode()
    assert client.post(mine, {"utsending": sent.pk, "svar": "ja"}).status_code == 404


def test_mine_is_404_without_a_membership(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("utsendinger:mine")).status_code == 404


# --- The leader's view ------------------------------------------------------------------------


def test_panel_counts_and_prefilled_participant_count(
    client, clock, leader_a, leader_b, sent, members, aktivitet
):
    invitasjoner.svar_registrer(
        utsending=sent, medlem=members["eva"], svar="ja", via=invitasjoner.VIA_LENKE
    )
    assert invitasjoner.telling(sent) == invitasjoner.Telling(ja=1, nei=0, ubesvart=1)
    client.force_login(leader_a)
    panel = client.get(sent.get_absolute_url()).content.decode()
    assert 'data-svar="ja">1<' in panel and 'data-svar="ubesvart">1<' in panel
    assert "Eva Evensen" in panel
    client.force_login(leader_b)
    assert client.get(sent.get_absolute_url()).status_code == 404

    client.force_login(leader_a)
    activity_page = client.get(aktivitet.get_absolute_url()).content.decode()
    assert "1 har svart ja" in activity_page

    clock.move_to(at(2026, 12, 11, 9, 0))
    aktivitet.refresh_from_db()
    assert ResultatForm(user=leader_a, aktivitet=aktivitet).initial["deltakerantall"] == 1
    aktivitet.deltakerantall = 7
    assert ResultatForm(user=leader_a, aktivitet=aktivitet).initial["deltakerantall"] == 7


# --- The day-before reminder ------------------------------------------------------------------


def test_reminder_the_day_before_to_yes_sayers_once(clock, sent, members, mailoutbox):
    paaminnelser_send()
    mailoutbox.clear()
    for name, answer in (("eva", "ja"), ("ola", "ja")):
        invitasjoner.svar_registrer(
            utsending=sent, medlem=members[name], svar=answer, via=invitasjoner.VIA_LENKE
        )
    clock.move_to(at(2026, 12, 9, 17, 55))
    paaminnelser_planlegg()
    assert not Paaminnelse.objects.filter(art=Art.INVITASJON_PAAMINNELSE).exists()
    clock.move_to(at(2026, 12, 9, 18, 0))
    paaminnelser_planlegg()
    paaminnelser_planlegg()
    rows = Paaminnelse.objects.filter(art=Art.INVITASJON_PAAMINNELSE)
    assert rows.count() == 2
    assert set(rows.values_list("anledning", flat=True)) == {paaminnelse_nokkel(sent.pk)}
    # Ola changes his mind before the mail goes: skipped.
    invitasjoner.svar_registrer(
        utsending=sent, medlem=members["ola"], svar="nei", via=invitasjoner.VIA_LENKE
    )
    paaminnelser_send()
    assert [m.to[0] for m in mailoutbox] == [members["eva"].epost]
    assert "i morgen" in mailoutbox[0].subject
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert rows.get(mottaker=members["ola"]).status == Leveringsstatus.HOPPET_OVER
    clock.move_to(at(2026, 12, 9, 20, 0))
    paaminnelser_planlegg()
    assert rows.count() == 2


def test_no_reminder_without_consent_or_for_a_cancelled_activity(
    clock, sent, members, aktivitet, mailoutbox
):
    paaminnelser_send()
    mailoutbox.clear()
    invitasjoner.svar_registrer(
        utsending=sent, medlem=members["eva"], svar="ja", via=invitasjoner.VIA_LENKE
    )
    invitasjoner.svar_registrer(
        utsending=sent, medlem=members["ola"], svar="ja", via=invitasjoner.VIA_LENKE
    )
    clock.move_to(at(2026, 12, 9, 18, 0))
    paaminnelser_planlegg()
    members["eva"].samtykke_invitasjoner = False
    members["eva"].save()
    paaminnelser_send()
    assert [m.to[0] for m in mailoutbox] == [members["ola"].epost]

    other = AktivitetFactory(enhet=aktivitet.enhet, dato=D(2026, 12, 11), status="planlagt")
    clock.move_to(NOW)
    second = _draft(sent.opprettet_av, other)
    utsending_send(utsending=second, bruker=sent.opprettet_av)
    second.refresh_from_db()
    invitasjoner.svar_registrer(
        utsending=second, medlem=members["ola"], svar="ja", via=invitasjoner.VIA_LENKE
    )
    other.status = "avlyst"
    other.save()
    clock.move_to(at(2026, 12, 10, 18, 0))
    paaminnelser_planlegg()
    assert not Paaminnelse.objects.filter(anledning=paaminnelse_nokkel(second.pk)).exists()
