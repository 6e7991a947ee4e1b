"""Newsletters: writing a draft (only for one's own unit), the test mail to oneself, each
member's copy (the list's consent at send time, the list's one-click unsubscribe, no other
member's data), the unsubscribe link, the results page and the lists on the profile."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from aktiviteter.paaminnelser.models import Art, Kanal, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import paaminnelser_send, sending
from aktiviteter.utsendinger.models import Gruppe, Status, Utsending
from aktiviteter.utsendinger.services.lister import avmeldingslenke, avmeldingstoken
from aktiviteter.utsendinger.services.sending import utsending_send
from buskerud_sp.core.models import AuditEntry
from buskerud_sp.core.tekst import tekst_html
from medlemmer.models import Liste, Medlem
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db

TEKST = "Velkommen til julemøtet\n\nVi møtes i <Gol>.\n\n- Grøt\n- Gløgg"


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr(sending, "sender_snart", lambda: None)  # the tests run the sender


@pytest.fixture
def members(org):
    return {
        "eva": MedlemFactory(
            lokallag=org.lag_a,
            fornavn="Eva",
            etternavn="Evensen",
            epost="eva@test.no",
            samtykke_lokallaget=True,
            samtykke_fylket=True,
        ),
        "ola": MedlemFactory(
            lokallag=org.lag_a,
            fornavn="Ola",
            etternavn="Olsen",
            epost="ola@test.no",
            samtykke_lokallaget=True,
        ),
        "nils": MedlemFactory(lokallag=org.lag_a, fornavn="Nils", epost="nils@test.no"),
        "berit": MedlemFactory(
            lokallag=org.lag_b, fornavn="Berit", epost="berit@test.no", samtykke_lokallaget=True
        ),
    }


def draft(unit, **fields) -> Utsending:
    return Utsending.objects.create(
        avsender=unit, emne=fields.pop("emne", "Julemøte"), tekst=TEKST, **fields
    )


def form_data(unit, **overrides) -> dict:
    data = {
        "avsender": unit.pk,
        "gruppe": Gruppe.ALLE,
        "emne": "Julemøte",
        "tekst": TEKST,
        "sms_tekst": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- The text -----------------------------------------------------------------------------


def test_the_text_becomes_safe_html():
    html = tekst_html(TEKST, heading_level=2)
    assert "<h2>Velkommen til julemøtet</h2>" in html
    assert "&lt;Gol&gt;" in html and "<Gol>" not in html
    assert "<ul><li>Grøt</li><li>Gløgg</li></ul>" in html


# --- Writing ------------------------------------------------------------------------------


def test_a_leader_writes_a_draft_for_their_chapter(client, org, members, leader_a):
    client.force_login(leader_a)
    response = client.post(reverse("utsendinger:ny"), form_data(org.lag_a))
    u = Utsending.objects.get()
    assert response.status_code == 302 and response.url == u.get_absolute_url()
    assert (u.avsender, u.status, u.art, u.opprettet_av) == (
        org.lag_a,
        "utkast",
        "nyhetsbrev",
        leader_a,
    )
    assert AuditEntry.objects.filter(object_id=str(u.pk), action="create").exists()
    assert Paaminnelse.objects.count() == 0  # a draft sends nothing


def test_a_leader_cannot_write_for_another_chapter_or_the_county(client, org, members, leader_a):
    client.force_login(leader_a)
    for unit in (org.lag_b, org.fylke):
        response = client.post(reverse("utsendinger:ny"), form_data(unit))
        assert response.status_code == 200
        assert "avsender" in response.context["form"].errors
    assert not Utsending.objects.exists()
    # The choice offers only their own chapter.
    form = client.get(reverse("utsendinger:ny")).context["form"]
    assert list(form.fields["avsender"].queryset) == [org.lag_a]


def test_the_board_may_write_for_the_county(client, org, board_user):
    client.force_login(board_user)
    form = client.get(reverse("utsendinger:ny")).context["form"]
    assert list(form.fields["avsender"].queryset) == [org.fylke]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"emne": " "}, "emne", "Skriv et emne."),
        ({"gruppe": Gruppe.NYE}, "gruppe", "Ingen medlemmer i denne gruppen"),
        ({"med_sms": "on", "sms_tekst": "Hei 🎄 " * 40}, "sms_tekst", "SMS-teksten er for lang"),
    ],
)
def test_a_bad_newsletter_is_refused_at_the_field(
    client, org, members, leader_a, overrides, field, message
):
    client.force_login(leader_a)
    if field == "gruppe":  # nobody in the group: the members joined years ago
        Medlem.objects.update(innmeldt="2020-01-01")
    response = client.post(reverse("utsendinger:ny"), form_data(org.lag_a, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Utsending.objects.exists()
    assert not Paaminnelse.objects.exists()


def test_send_page_refuses_a_group_of_nobody_and_sends_nothing(client, org, members, leader_a):
    u = draft(org.lag_a)
    Medlem.objects.update(samtykke_lokallaget=False)
    client.force_login(leader_a)
    page = client.get(reverse("utsendinger:send", args=[u.pk]))
    assert "Ingen medlemmer i denne gruppen" in page.content.decode()
    response = client.post(reverse("utsendinger:send", args=[u.pk]))
    assert "Ingen medlemmer i denne gruppen" in response.content.decode()
    assert not Paaminnelse.objects.exists()
    u.refresh_from_db()
    assert u.status == Status.UTKAST


def test_send_page_shows_emails_sms_and_cost(client, org, members, leader_a, settings):
    settings.SMS_PRIS_PER_MELDING = "0.50"
    MedlemFactory(lokallag=org.lag_a, epost=None, telefon="+4791234567", samtykke_lokallaget=True)
    # 200 characters are two messages alone; with the unsubscribe link that every SMS carries
    # they are three, and the count and the cost are of what is sent.
    u = draft(org.lag_a, med_sms=True, sms_tekst="y" * 200)
    client.force_login(leader_a)
    response = client.get(reverse("utsendinger:send", args=[u.pk]))
    assert response.context["antall_epost"] == 2
    assert response.context["antall_sms"] == 1
    assert response.context["sms_meldinger"] == 3
    assert "1,50 kr" in response.content.decode() or "1.50 kr" in response.content.decode()


def test_a_leader_cannot_edit_send_test_or_delete_another_chapters_draft(
    client, org, members, leader_a
):
    u = draft(org.lag_b)
    client.force_login(leader_a)
    assert client.get(reverse("utsendinger:detail", args=[u.pk])).status_code == 404
    assert client.get(reverse("utsendinger:endre", args=[u.pk])).status_code == 404
    assert client.get(reverse("utsendinger:send", args=[u.pk])).status_code == 404
    assert client.post(reverse("utsendinger:send", args=[u.pk])).status_code == 404
    assert client.post(reverse("utsendinger:test", args=[u.pk])).status_code == 404
    assert client.post(reverse("utsendinger:slett", args=[u.pk])).status_code == 404
    assert Utsending.objects.get().status == Status.UTKAST
    assert not Paaminnelse.objects.exists()


def test_a_plain_member_gets_404(client, org, member_user):
    u = draft(org.lag_a)
    client.force_login(member_user)
    for name, args in [("index", []), ("ny", []), ("detail", [u.pk]), ("send", [u.pk])]:
        assert client.get(reverse(f"utsendinger:{name}", args=args)).status_code == 404


def test_a_draft_is_deleted_but_a_sent_one_is_not(client, org, members, leader_a):
    client.force_login(leader_a)
    u = draft(org.lag_a)
    assert client.post(reverse("utsendinger:slett", args=[u.pk])).status_code == 302
    assert not Utsending.objects.filter(pk=u.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(u.pk)).exists()
    sent = draft(org.lag_a, status=Status.SENDT)
    assert client.post(reverse("utsendinger:slett", args=[sent.pk])).status_code == 404
    assert Utsending.objects.filter(pk=sent.pk).exists()


# --- The test mail ------------------------------------------------------------------------


def test_the_test_goes_to_the_sender_only(client, org, members, leader_a, mailoutbox):
    u = draft(org.lag_a)
    client.force_login(leader_a)
    response = client.post(reverse("utsendinger:test", args=[u.pk]))
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["leder.a@test.no"]
    assert mail.subject == "[TEST] Julemøte"
    assert "Vi møtes i <Gol>." in mail.body
    assert "<h2>Velkommen til julemøtet</h2>" in mail.alternatives[0].content
    assert not Paaminnelse.objects.exists()
    assert AuditEntry.objects.filter(data__handling="test", object_id=str(u.pk)).exists()


# --- Each member's copy -------------------------------------------------------------------


def send(u, user) -> None:
    utsending_send(utsending=u, bruker=user)


def test_members_with_consent_get_it_with_the_lists_unsubscribe(org, members, leader_a, mailoutbox):
    u = draft(org.lag_a)
    send(u, leader_a)
    assert paaminnelser_send() == {"sendt": 2}
    assert {m.to[0] for m in mailoutbox} == {"eva@test.no", "ola@test.no"}  # not Nils, not Berit
    mail = next(m for m in mailoutbox if m.to == ["eva@test.no"])
    assert mail.subject == "Julemøte"
    assert "Hei Eva," in mail.body and "Hilsen Drammen Senterparti" in mail.body
    link = avmeldingslenke(members["eva"].pk, Liste.LOKALLAGET, u.pk)
    assert mail.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    message = mail.message().as_string()
    assert f"List-Unsubscribe: <{link}>" in message
    html = mail.alternatives[0].content
    assert link in html and link in mail.body
    # Never another member's data.
    for other in ("Ola", "Olsen", "ola@test.no", "Nils", "Berit", "Evensen"):
        assert other not in mail.body and other not in html and other not in mail.subject


def test_consent_withdrawn_after_sending_means_no_mail(org, members, leader_a, mailoutbox):
    u = draft(org.lag_a)
    send(u, leader_a)
    Medlem.objects.filter(pk=members["ola"].pk).update(samtykke_lokallaget=False)
    assert paaminnelser_send() == {"sendt": 1, "hoppet_over": 1}
    assert [m.to for m in mailoutbox] == [["eva@test.no"]]
    row = Paaminnelse.objects.get(mottaker=members["ola"])
    assert row.status == Leveringsstatus.HOPPET_OVER


def test_a_member_without_consent_never_gets_a_row(org, members, leader_a):
    send(draft(org.lag_a), leader_a)
    assert not Paaminnelse.objects.filter(mottaker=members["nils"]).exists()


# --- Unsubscribe --------------------------------------------------------------------------


def test_one_click_post_unsubscribes_that_list_only_and_counts_once(client, org, members):
    u = draft(org.lag_a, status=Status.SENDT)
    eva = members["eva"]
    url = reverse("utsendinger:avmeld", args=[avmeldingstoken(eva.pk, Liste.LOKALLAGET, u.pk)])
    client.handler.enforce_csrf_checks = True
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Du er meldt av" in response.content.decode()
    assert reverse("medlemmer:edit", args=[eva.pk]) in response.content.decode()
    eva.refresh_from_db()
    assert eva.samtykke_lokallaget is False
    assert eva.samtykke_fylket is True  # the other list stays
    u.refresh_from_db()
    assert u.antall_avmeldt == 1
    entry = AuditEntry.objects.get(medlem_id=eva.pk, action="update")
    assert entry.data["via"] == "avmeldingslenke"
    client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    u.refresh_from_db()
    assert u.antall_avmeldt == 1
    assert AuditEntry.objects.filter(medlem_id=eva.pk, action="update").count() == 1


def test_get_asks_and_does_not_unsubscribe(client, org, members):
    u = draft(org.lag_a, status=Status.SENDT)
    eva = members["eva"]
    url = reverse("utsendinger:avmeld", args=[avmeldingstoken(eva.pk, Liste.LOKALLAGET, u.pk)])
    response = client.get(url)
    assert response.status_code == 200
    assert "Meld deg av Nyhetsbrev fra lokallaget" in response.content.decode()
    eva.refresh_from_db()
    assert eva.samtykke_lokallaget is True
    u.refresh_from_db()
    assert u.antall_avmeldt == 0


def test_a_bad_token_is_404(client, org, members):
    u = draft(org.lag_a, status=Status.SENDT)
    good = avmeldingstoken(members["eva"].pk, Liste.LOKALLAGET, u.pk)
    for token in (good[:-2] + "xx", "abc", avmeldingstoken(members["eva"].pk, "ingen", u.pk)):
        assert client.post(reverse("utsendinger:avmeld", args=[token])).status_code == 404
    members["eva"].refresh_from_db()
    assert members["eva"].samtykke_lokallaget is True


# --- The detail page ----------------------------------------------------------------------


def test_the_draft_page_previews_and_counts_recipients(client, org, members, leader_a):
    u = draft(org.lag_a)
    client.force_login(leader_a)
    response = client.get(reverse("utsendinger:detail", args=[u.pk]))
    content = response.content.decode()
    assert "<h2>Velkommen til julemøtet</h2>" in content
    assert response.context["mottakere"] == {"epost": 2, "sms": 0, "utenfor": 0}


def _rows(u, statuses):
    for status, kanal in statuses:
        Paaminnelse.objects.create(
            art=Art.NYHETSBREV,
            anledning=u.anledning,
            mottaker=MedlemFactory(lokallag=u.avsender),
            status=status,
            kanal=kanal,
        )


def test_the_results_count_by_status_and_channel_in_fixed_queries(
    client, org, leader_a, django_assert_max_num_queries
):
    S, E, M = Leveringsstatus, Kanal.EPOST, Kanal.SMS
    u = draft(org.lag_a, status=Status.SENDT, antall_avmeldt=2)
    _rows(u, [(S.SENDT, E), (S.SENDT, E), (S.SENDT, M), (S.VENTER, E), (S.SENDER, E)])
    _rows(u, [(S.FEILET, M), (S.HOPPET_OVER, E), (S.AVVIST, E), (S.AVVIST, E)])
    client.force_login(leader_a)
    url = reverse("utsendinger:detail", args=[u.pk])
    client.get(url)  # warm the session and the access
    with django_assert_max_num_queries(12) as few:
        response = client.get(url)
    counts = {r["key"]: (r["epost"], r["sms"]) for r in response.context["resultater"]}
    assert counts == {
        "sendt": (2, 1),
        "venter": (2, 0),
        "feilet": (0, 1),
        "hoppet_over": (1, 0),
        "avvist": (2, 0),
    }
    assert "Meldte seg av listen" in response.content.decode()
    _rows(u, [(S.SENDT, E)] * 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- The profile ------------------------------------------------------------------------


def test_the_member_manages_their_lists_on_the_profile(client, org, member_user):
    medlem = member_user.medlem
    client.force_login(member_user)
    url = reverse("medlemmer:edit", args=[medlem.pk])
    page = client.get(url).content.decode()
    assert "Nyhetsbrev og invitasjoner" in page
    response = client.post(
        url,
        {
            "epost": medlem.epost,
            "samtykke_fylket": "on",
            "samtykke_invitasjoner": "on",
            "foretrekker_sms": "on",
        },
    )
    assert response.status_code == 302
    medlem.refresh_from_db()
    assert (medlem.samtykke_fylket, medlem.samtykke_invitasjoner, medlem.foretrekker_sms) == (
        True,
        True,
        True,
    )
    assert medlem.samtykke_lokallaget is False
    entry = AuditEntry.objects.filter(medlem_id=medlem.pk, action="update").latest("pk")
    assert set(entry.data["felt"]) >= {
        "samtykke_fylket",
        "samtykke_invitasjoner",
        "foretrekker_sms",
    }


def test_the_admins_form_has_the_lists(client, org, admin_user, members):
    client.force_login(admin_user)
    form = client.get(reverse("medlemmer:edit", args=[members["nils"].pk])).context["form"]
    assert {"samtykke_ungdommen", "samtykke_kvinnenettverket", "foretrekker_sms"} <= set(
        form.fields
    )


def test_each_copy_of_a_batch_is_its_own_members_and_the_queries_do_not_grow(
    org, leader_a, mailoutbox, django_assert_max_num_queries
):
    """The batch renders the templates once and puts each member's name and link in: every
    copy equals the copy rendered in full for that member, names with & and < included; the
    newsletter is read once per batch, each row costs the one UPDATE that marks it sent."""
    from aktiviteter.paaminnelser.services.innhold import bygg_epost
    from buskerud_sp.core.mail import render_mail

    names = ["Åse", "Ola & Kari", "<b>Per</b>", "Øystein", "Åse"] * 4
    for i, name in enumerate(names):
        MedlemFactory(
            lokallag=org.lag_a, fornavn=name, epost=f"kopi{i}@test.no", samtykke_lokallaget=True
        )
    u = draft(org.lag_a)
    send(u, leader_a)
    rows = list(Paaminnelse.objects.filter(art=Art.NYHETSBREV).select_related("mottaker"))
    with time_machine.travel(timezone.now(), tick=False):  # the links' signatures hold the time
        expected = {}
        for row in rows:
            epost = bygg_epost(row, {})
            expected[epost.til] = render_mail(epost.mal, epost.kontekst)
        with django_assert_max_num_queries(len(rows) + 12):
            assert paaminnelser_send() == {"sendt": len(rows)}
    assert len(mailoutbox) == len(rows) == len(names)
    for mail in mailoutbox:
        assert (mail.subject, mail.body, mail.alternatives[0].content) == expected[mail.to[0]]
