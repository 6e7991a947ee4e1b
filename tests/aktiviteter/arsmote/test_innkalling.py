"""The notice of the annual meeting: the leader sends it to every active member with an e-mail
address (member mail: no unsubscribe), prints letters for the rest, needs an admin's approval
when late; the members read the papers through a signed link or in the portal."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aktiviteter.arsmote.models import Arsmelding, Arsmote, Valgforslag
from aktiviteter.arsmote.services import innkalling, syklus
from aktiviteter.paaminnelser.models import Art, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import sending
from aktiviteter.paaminnelser.services.sending import paaminnelser_send
from buskerud_sp.core import svar
from buskerud_sp.core.models import AuditAction, AuditEntry
from lokallag.models import Rolle
from medlemmer.models import Medlem
from tests.aktiviteter.rhythm import at
from tests.factories import LokallagFactory, MedlemFactory

pytestmark = pytest.mark.django_db
D = datetime.date
MOTEDAG = D(2027, 2, 10)
S = Leveringsstatus


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    queued: list[str] = []
    monkeypatch.setattr(sending, "sender_snart", lambda: queued.append("send"))
    return queued


def _plan(arsmote, bruker, dato=MOTEDAG):
    return syklus.arsmote_planlegg(
        arsmote=arsmote,
        bruker=bruker,
        dato=dato,
        klokkeslett=datetime.time(19, 0),
        sted="Grendehuset på Konnerud",
        forslagsfrist=dato - datetime.timedelta(days=21),
    )


@pytest.fixture
def lag_a_members(org, leader_a, member_user):
    """Besides the leader and the member (both with e-mail): one without e-mail, one who
    left, and one in the other chapter."""
    return {
        "uten_epost": MedlemFactory(
            lokallag=org.lag_a,
            fornavn="Ola",
            etternavn="Papirsen",
            epost=None,
            adresse="Storgata 1",
            postnummer="3015",
            poststed="Drammen",
        ),
        "utmeldt": MedlemFactory(
            lokallag=org.lag_a, fornavn="Ute", etternavn="Utmeldtsen", utmeldt=D(2026, 6, 1)
        ),
        "utmeldt_uten_epost": MedlemFactory(
            lokallag=org.lag_a,
            fornavn="Tidl",
            etternavn="Brevsen",
            epost=None,
            utmeldt=D(2026, 6, 1),
        ),
        "annet_lag": MedlemFactory(lokallag=org.lag_b, fornavn="Gunnar", etternavn="Golmann"),
    }


@pytest.fixture
def planned(arsmote_a, leader_a, lag_a_members):
    arsmote = _plan(arsmote_a, leader_a)
    innkalling.innkalling_lagre(
        arsmote=arsmote,
        bruker=leader_a,
        innledning="Velkommen til årsmøte med kaffe og kaker.",
        andre_saker="Vedtektsendring\n\n  Bygdefest  ",
    )
    arsmote.refresh_from_db()
    return arsmote


def _sent_rows(arsmote):
    return Paaminnelse.objects.filter(
        art=Art.ARSMOTE_INNKALLING, anledning__startswith=f"arsmote-{arsmote.pk}-"
    )


def test_send_mails_members_with_email_only_and_sender_delivers_without_unsubscribe(
    planned,
    leader_a,
    member_user,
    lag_a_members,
    mailoutbox,
    django_capture_on_commit_callbacks,
    _no_broker,
):
    with django_capture_on_commit_callbacks(execute=True):
        result = innkalling.innkalling_send(arsmote=planned, bruker=leader_a)
    assert (result.epost, result.brev, result.anledning) == (2, 1, f"arsmote-{planned.pk}-1")
    assert _no_broker == ["send"]  # the sender is queued after the commit
    assert set(_sent_rows(planned).values_list("mottaker__bruker", flat=True)) == {
        leader_a.pk,
        member_user.pk,
    }
    planned.refresh_from_db()
    assert planned.innkalling_sendt is not None and planned.innkalling_sendt_av == leader_a
    entry = AuditEntry.objects.filter(object_id=str(planned.pk), data__innkalling="sendt").get()
    assert (entry.actor_id, entry.data["epost"], entry.data["brev"]) == (leader_a.pk, 2, 1)

    assert paaminnelser_send() == {S.SENDT: 2}
    assert sorted(m.to[0] for m in mailoutbox) == ["leder.a@test.no", "medlem@test.no"]
    mail = next(m for m in mailoutbox if m.to == ["medlem@test.no"])
    body = mail.body
    html = mail.alternatives[0][0]
    assert "Drammen Senterparti" in mail.subject
    for text in (body, html):
        assert "Grendehuset på Konnerud" in text and "19:00" in text
        assert "10. februar 2027" in text and "20. januar 2027" in text  # date, proposals
        assert "Virksomhetsplan og budsjett" in text and "Bygdefest" in text
        assert "Velkommen til årsmøte" in text
        assert "/svar/" in text
        assert "Meld deg av" not in text
        assert "Drammensen" not in text  # another member (the leader) is never named
    assert "List-Unsubscribe" not in mail.extra_headers
    assert "List-Unsubscribe" not in mail.message().as_string()


def test_the_link_in_the_mail_opens_the_papers_without_login(
    planned, leader_a, member_user, mailoutbox, client, django_capture_on_commit_callbacks
):
    member = member_user.medlem
    Arsmelding.objects.create(arsmote=planned, tekst="Laget holdt 12 møter i år.")
    kandidat = MedlemFactory(lokallag=planned.lokallag, fornavn="Kari", etternavn="Kandidatsen")
    Valgforslag.objects.create(arsmote=planned, rolle=Rolle.LEDER, medlem=kandidat)
    innkalling.innkalling_send(arsmote=planned, bruker=leader_a)
    paaminnelser_send()
    mail = next(m for m in mailoutbox if m.to == [member.epost])
    url = next(w for w in mail.body.split() if "/svar/" in w).removeprefix("http://127.0.0.1:8000")
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Laget holdt 12 møter i år." in text and "utkast" in text
    assert "Kari Kandidatsen" in text and "Leder" in text
    assert "Grendehuset på Konnerud" in text and "Bygdefest" in text
    assert page["X-Robots-Tag"].startswith("noindex") and 'content="noindex' in text
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    Arsmelding.objects.filter(arsmote=planned).update(levert=at(2026, 12, 1, 12, 0))
    assert "utkast" not in client.get(url).content.decode()


def test_a_notice_needs_date_and_place_and_a_future_meeting(arsmote_a, leader_a, clock):
    with pytest.raises(ValidationError, match="Sett dato og sted"):
        innkalling.innkalling_send(arsmote=arsmote_a, bruker=leader_a)
    _plan(arsmote_a, leader_a, dato=D(2027, 1, 20))
    clock.move_to(at(2027, 1, 20, 12, 0))
    with pytest.raises(ValidationError, match="fram i tid"):
        innkalling.innkalling_send(arsmote=arsmote_a, bruker=leader_a)
    assert not Paaminnelse.objects.exists()


def test_a_notice_is_sent_once(planned, leader_a):
    innkalling.innkalling_send(arsmote=planned, bruker=leader_a)
    with pytest.raises(ValidationError, match="alt sendt"):
        innkalling.innkalling_send(arsmote=planned, bruker=leader_a)
    with pytest.raises(ValidationError, match="kan ikke endres"):
        innkalling.innkalling_lagre(
            arsmote=planned, bruker=leader_a, innledning="x", andre_saker=""
        )
    assert _sent_rows(planned).count() == 2


def test_late_notice_needs_an_admins_approval(
    planned, leader_a, admin_user, clock, client, mailoutbox, django_capture_on_commit_callbacks
):
    clock.move_to(at(2027, 1, 30, 12, 0))  # the last day was 27 January (14 days before)
    with pytest.raises(ValidationError, match="godkjennes av en administrator"):
        innkalling.innkalling_send(arsmote=planned, bruker=leader_a)
    assert not _sent_rows(planned).exists()

    client.force_login(leader_a)
    page = client.get(planned.get_absolute_url()).content.decode()
    assert "Siste dag for innkallingen var onsdag 27. januar 2027" in page
    assert "Be om godkjenning" in page and "Send innkallingen" not in page

    empty = client.post(f"/arsmote/{planned.pk}/innkalling/sen/", {"grunn": "  "})
    assert empty.status_code == 200 and "grunn" in empty.context["form"].errors
    with pytest.raises(ValidationError) as error:
        innkalling.sen_innkalling_be_om(arsmote=planned, bruker=leader_a, grunn=" ")
    assert "grunn" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/arsmote/{planned.pk}/innkalling/sen/", {"grunn": "Lederen var syk i desember."}
        )
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["admin@test.no"] and "Lederen var syk" in mail.body
    assert "/arsmote/godkjenning/" in mail.body
    with pytest.raises(ValidationError, match="godkjennes"):
        innkalling.innkalling_send(arsmote=planned, bruker=leader_a)
    with pytest.raises(PermissionDenied):
        innkalling.sen_innkalling_godkjenn(arsmote=planned, bruker=leader_a)

    client.force_login(admin_user)
    listing = client.get("/arsmote/godkjenning/").content.decode()
    assert "Drammen Senterparti" in listing and "Lederen var syk" in listing
    assert client.post(f"/arsmote/{planned.pk}/innkalling/godkjenn/").status_code == 302
    planned.refresh_from_db()
    assert planned.sen_innkalling_godkjent_av == admin_user
    assert "Ingen sene innkallinger venter" in client.get("/arsmote/godkjenning/").content.decode()

    client.force_login(leader_a)
    assert "godkjent" in client.get(planned.get_absolute_url()).content.decode()
    response = client.post(f"/arsmote/{planned.pk}/innkalling/send/")
    assert response.status_code == 302
    assert _sent_rows(planned).count() == 2


def test_the_meeting_page_says_the_last_day_in_time(planned, leader_a, client):
    client.force_login(leader_a)
    page = client.get(planned.get_absolute_url()).content.decode()
    assert "Siste dag for innkallingen: onsdag 27. januar 2027 (14 dager før møtet)" in page
    assert "Send innkallingen" in page and "Be om godkjenning" not in page


def test_an_approval_is_not_asked_for_a_notice_in_time(planned, leader_a):
    with pytest.raises(ValidationError, match="ikke sen"):
        innkalling.sen_innkalling_be_om(
            arsmote=planned, bruker=leader_a, grunn="For sikkerhets skyld"
        )


def test_others_cannot_send(planned, leader_b, board_user, member_user, client):
    for user in (leader_b, board_user, member_user):
        with pytest.raises(PermissionDenied):
            innkalling.innkalling_send(arsmote=planned, bruker=user)
    for user, status in ((leader_b, 404), (member_user, 404), (board_user, 403)):
        client.force_login(user)
        assert client.post(f"/arsmote/{planned.pk}/innkalling/send/").status_code == status
        assert client.get(f"/arsmote/{planned.pk}/innkalling/brev.pdf").status_code == status
    with pytest.raises(PermissionDenied):
        innkalling.sen_innkalling_be_om(arsmote=planned, bruker=leader_b, grunn="x")
    assert not Paaminnelse.objects.exists()
    planned.refresh_from_db()
    assert planned.innkalling_sendt is None


def test_the_confirmation_counts_mail_and_letters(planned, leader_a, client):
    client.force_login(leader_a)
    page = client.get(f"/arsmote/{planned.pk}/innkalling/send/")
    assert page.context["antall_epost"] == 2 and page.context["antall_brev"] == 1
    assert "Send til 2 medlemmer" in page.content.decode()
    assert not Paaminnelse.objects.exists()  # GET sends nothing


def test_letter_pdf_lists_only_members_without_email_and_is_audited(
    planned, leader_a, lag_a_members, client
):
    client.force_login(leader_a)
    response = client.get(f"/arsmote/{planned.pk}/innkalling/brev.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert [m.pk for m in response.context["medlemmer"]] == [lag_a_members["uten_epost"].pk]
    letter = [t for t in response.templates if t.name.endswith("innkalling_brev_pdf.html")]
    assert letter
    assert "Bygdefest" in response.context["saker"]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.actor_id, entry.object_id, entry.data["innkalling_brev"]) == (
        leader_a.pk,
        str(planned.pk),
        1,
    )


def test_letter_html_has_name_address_and_full_agenda(
    planned, leader_a, lag_a_members, monkeypatch
):
    rendered = {}
    real = innkalling.render_to_string

    def capture(name, context):
        rendered["html"] = real(name, context)
        return rendered["html"]

    monkeypatch.setattr(innkalling, "render_to_string", capture)
    innkalling.innkalling_brev_pdf(arsmote=planned, bruker=leader_a)
    html = rendered["html"]
    assert "Ola Papirsen" in html and "Storgata 1" in html and "3015 Drammen" in html
    assert "Virksomhetsplan og budsjett" in html and "Bygdefest" in html
    assert "/svar/" not in html
    for other in ("Mona", "Drammensen", "Utmeldtsen", "Brevsen", "Golmann"):
        assert other not in html


def _token(arsmote, medlem):
    return svar.token_for("arsmote", a=arsmote.pk, m=medlem.pk)


def test_token_for_another_chapter_or_a_member_who_left_is_404(
    planned, arsmote_b, member_user, lag_a_members, client
):
    member = member_user.medlem
    assert client.get(f"/svar/{_token(planned, member)}/").status_code == 200
    assert client.get(f"/svar/{_token(arsmote_b, member)}/").status_code == 404
    other = lag_a_members["annet_lag"]
    assert client.get(f"/svar/{_token(planned, other)}/").status_code == 404
    Medlem.objects.filter(pk=member.pk).update(utmeldt=D(2026, 11, 29))
    assert client.get(f"/svar/{_token(planned, member)}/").status_code == 404


def test_tampered_unknown_or_expired_token_is_404(planned, member_user, client, clock):
    token = _token(planned, member_user.medlem)
    assert client.get(f"/svar/{token[:-2]}xy/").status_code == 404
    forged = signing.TimestampSigner(salt="another").sign_object(
        {"k": "arsmote", "p": {"a": planned.pk, "m": member_user.medlem.pk}}
    )
    assert client.get(f"/svar/{forged}/").status_code == 404
    unknown = svar.token_for("ukjent", a=1)
    assert client.get(f"/svar/{unknown}/").status_code == 404
    assert svar.resolve(token) == ("arsmote", {"a": planned.pk, "m": member_user.medlem.pk})
    clock.move_to(at(2027, 6, 30, 12, 0))  # 212 days later: past the papers' lifetime
    assert svar.resolve(token) is None
    assert client.get(f"/svar/{token}/").status_code == 404


def test_member_reads_own_chapters_papers_in_the_portal_only_after_sending(
    planned, leader_a, leader_b, member_user, board_user, client
):
    url = f"/arsmote/{planned.pk}/innkalling/"
    client.force_login(member_user)
    assert client.get(url).status_code == 404
    client.force_login(leader_a)
    preview = client.get(url)
    assert preview.status_code == 200 and "Forhåndsvisning" in preview.content.decode()
    innkalling.innkalling_send(arsmote=planned, bruker=leader_a)
    client.force_login(member_user)
    page = client.get(url)
    assert page.status_code == 200 and "Bygdefest" in page.content.decode()
    client.force_login(leader_b)
    assert client.get(url).status_code == 404
    client.force_login(board_user)
    assert client.get(url).status_code == 200


def test_moving_the_meeting_after_sending_lets_a_new_notice_go_out(planned, leader_a, mailoutbox):
    first = innkalling.innkalling_send(arsmote=planned, bruker=leader_a)
    moved = _plan(planned, leader_a, dato=D(2027, 2, 17))
    assert moved.innkalling_sendt is None
    second = innkalling.innkalling_send(arsmote=moved, bruker=leader_a)
    assert first.anledning.endswith("-1") and second.anledning.endswith("-2")
    assert _sent_rows(planned).count() == 4
    # The first notice's rows still waiting are not sent: they name the old date.
    assert paaminnelser_send() == {S.SENDT: 2, S.HOPPET_OVER: 2}
    assert all("17. februar 2027" in m.body for m in mailoutbox)
    skipped = _sent_rows(planned).filter(status=S.HOPPET_OVER)
    assert set(skipped.values_list("anledning", flat=True)) == {first.anledning}


def test_leader_writes_the_notice_in_the_form(arsmote_a, leader_a, client):
    _plan(arsmote_a, leader_a)
    client.force_login(leader_a)
    form = client.get(f"/arsmote/{arsmote_a.pk}/innkalling/endre/")
    assert "Godkjenning av innkalling" in form.content.decode()  # the fixed items shown
    response = client.post(
        f"/arsmote/{arsmote_a.pk}/innkalling/endre/",
        {"innledning": "Hjertelig velkommen!", "andre_saker": "Valg av revisor\n"},
    )
    assert response.status_code == 302
    arsmote = Arsmote.objects.get(pk=arsmote_a.pk)
    assert arsmote.saker()[-1] == "Valg av revisor" and arsmote.innledning == "Hjertelig velkommen!"


def test_approval_list_queries_do_not_grow(oppsett, org, admin_user, client, clock):
    clock.move_to(at(2027, 1, 30, 12, 0))
    client.force_login(admin_user)
    client.get("/arsmote/godkjenning/")  # the session's and the site's first reads

    def add(n):
        for _ in range(n):
            lag = LokallagFactory()
            Arsmote.objects.create(
                lokallag=lag, aar=2027, dato=D(2027, 2, 5), sted="Her", sen_innkalling_grunn="Sent"
            )
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/arsmote/godkjenning/")
        return page, len(queries)

    one, few = add(1)
    many, more = add(5)
    assert one.content.decode().count("Godkjenn for") == 1
    assert many.content.decode().count("Godkjenn for") == 6
    assert more == few
