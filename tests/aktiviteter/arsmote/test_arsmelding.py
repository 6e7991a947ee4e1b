"""The annual report: the draft holds the chapter's figures of the year it covers (and not
another chapter's), names only the officers; the leader edits and delivers it; a delivered
report is locked until an admin reopens it; the board reads every chapter's; outsiders get 404;
the PDF is a PDF with the chapter's name; the draft's queries do not grow with the data."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiviteter.aktivitet.models import Deltakelse, Status
from aktiviteter.arsmote.models import Arsmelding
from aktiviteter.arsmote.services import arsmelding as service
from aktiviteter.dashbord.defaults import maal_opprett_standard
from aktiviteter.dashbord.selectors import chapter_dashboard
from aktiviteter.studier.models import Oppmote
from buskerud_sp.core.models import AuditEntry
from buskerud_sp.core.tekst import tekst_html
from lokallag.models import Rolle
from lokallag.oppfolging.models import Besok
from medlemmer.models import Medlem
from tests.factories import (
    AktivitetFactory,
    KursdeltakerFactory,
    MedlemFactory,
    OppfolgingFactory,
    SamlingFactory,
    StudietiltakFactory,
    VervFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
T = datetime.time
TODAY = D(2026, 11, 30)
SECRET_NAMES = ("Hemmelig", "Innmeldtsen", "Utmeldtsen", "Gammelgard", "Styremo", "Kursen")


def _qualifying_course(chapter, days):
    """Four adult participants (not members) at every two-hour physical session: SpS counts
    two hours per session."""
    course = StudietiltakFactory(arrangor=chapter)
    people = [
        KursdeltakerFactory(
            studietiltak=course, medlem=None, navn=f"Deltaker Kursen {i}", fodselsaar=1980
        )
        for i in range(4)
    ]
    for day in days:
        samling = SamlingFactory(studietiltak=course, dato=day, starttid=T(18), sluttid=T(20))
        for person in people:
            Oppmote.objects.create(samling=samling, deltaker=person, minutter=120)
    return course


@pytest.fixture
def year_a(org, arsmote_a, leader_a, board_user, clock):
    """Chapter A's 2026 (the year the 2027 meeting reports on), and some of chapter B's."""
    lag_a, lag_b = org.lag_a, org.lag_b
    maal_opprett_standard(aar=2026)
    for antall in (5, 6, 7):
        AktivitetFactory(enhet=lag_a, type="styremote", dato=D(2026, 3, 10), deltakerantall=antall)
    named = AktivitetFactory(enhet=lag_a, type="medlemsmote", dato=D(2026, 4, 2))
    for medlem in MedlemFactory.create_batch(4, lokallag=lag_a, fornavn="Hemmelig"):
        Deltakelse.objects.create(aktivitet=named, medlem=medlem)
    AktivitetFactory(enhet=lag_a, type="medlemsmote", dato=D(2026, 9, 2))  # no count
    AktivitetFactory(enhet=lag_a, type="folkemote", dato=D(2026, 5, 5), status=Status.AVLYST)
    AktivitetFactory(enhet=lag_a, type="folkemote", dato=D(2025, 5, 5))  # the year before
    for _ in range(4):
        AktivitetFactory(enhet=lag_b, type="stand", dato=D(2026, 6, 1), deltakerantall=50)
    _qualifying_course(lag_a, [D(2026, 2, 1), D(2026, 3, 1)])  # 4 hours
    _qualifying_course(lag_b, [D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)])  # B's 6 hours
    # Joined 3 (one of them left again), left 2; and one of B's.
    MedlemFactory(lokallag=lag_a, fornavn="Ina", etternavn="Innmeldtsen", innmeldt=D(2026, 2, 1))
    MedlemFactory(lokallag=lag_a, fornavn="Ivar", etternavn="Innmeldtsen", innmeldt=D(2026, 3, 1))
    MedlemFactory(
        lokallag=lag_a,
        fornavn="Una",
        etternavn="Utmeldtsen",
        innmeldt=D(2026, 1, 5),
        utmeldt=D(2026, 6, 1),
    )
    MedlemFactory(
        lokallag=lag_a,
        fornavn="Ulf",
        etternavn="Utmeldtsen",
        innmeldt=D(2015, 1, 5),
        utmeldt=D(2026, 5, 1),
    )
    MedlemFactory(lokallag=lag_b, innmeldt=D(2026, 4, 1))
    # Offices: the leader (Dag Drammensen), a treasurer, and one that ended last year.
    VervFactory(
        medlem=MedlemFactory(lokallag=lag_a, fornavn="Kari", etternavn="Kassersen"),
        rolle=Rolle.KASSERER,
    )
    VervFactory(
        medlem=MedlemFactory(lokallag=lag_a, fornavn="Ola", etternavn="Gammelgard"),
        rolle=Rolle.NESTLEDER,
        til_dato=D(2025, 12, 31),
    )
    # The county: two visits at one of A's meetings, contacts in the log (and one with B).
    board_member = board_user.medlem
    besokt = AktivitetFactory(enhet=lag_a, type="medlemsmote", dato=D(2026, 10, 1))
    Besok.objects.create(aktivitet=besokt, medlem=board_member)
    Besok.objects.create(aktivitet=besokt, medlem=MedlemFactory(lokallag=org.fylke))
    for kontaktform, dato in (("telefon", D(2026, 2, 1)), ("telefon", D(2026, 8, 1))):
        OppfolgingFactory(lokallag=lag_a, kontaktform=kontaktform, dato=dato)
    OppfolgingFactory(lokallag=lag_a, kontaktform="mote", dato=D(2026, 9, 9))
    OppfolgingFactory(lokallag=lag_a, kontaktform="mote", dato=D(2025, 9, 9))
    OppfolgingFactory(lokallag=lag_b, kontaktform="besok", dato=D(2026, 9, 9))
    return arsmote_a


def _section(text: str, heading: str) -> list[str]:
    blocks = [b.splitlines() for b in text.split("\n\n")]
    return next(b[1:] for b in blocks if b[0] == heading)


# --- The draft --------------------------------------------------------------------------------


def test_the_draft_reports_the_chapters_year(year_a, org):
    text = service.arsmelding_utkast(year_a)
    assert text.startswith("Årsmelding 2026 for Drammen Senterparti\n")
    assert "til årsmøtet 2027" in text
    assert "tallene gjelder til og med 30.11.2026" in text
    assert _section(text, "Aktiviteter") == [
        "- Styremøte: 3 (18 deltakere)",
        "- Medlemsmøte / medlemsaktivitet: 3 (4 deltakere; antall registrert på 1 av 3)",
        "- Studiesamling: 2",
    ]
    assert _section(text, "Studiearbeid") == ["- Studietimer i kurs som oppfyller SpS-kravene: 4"]
    members_now = Medlem.objects.filter(lokallag=org.lag_a).aktive(TODAY).count()
    assert _section(text, "Medlemmer") == [
        "- Innmeldt i 2026: 3",
        "- Utmeldt i 2026: 2",
        f"- Medlemmer per 30.11.2026: {members_now}",
    ]
    assert _section(text, "Tillitsvalgte") == [
        "- Leder: Dag Drammensen",
        "- Kasserer: Kari Kassersen",
    ]
    assert _section(text, "Kontakt med fylket") == [
        "- Besøk fra fylket: 2 (på 1 aktivitet)",
        "- Kontakter i fylkets kontaktlogg: 3 (telefon 2, møte 1)",
    ]


def test_the_draft_shows_the_targets_as_the_chapters_dashboard(year_a, org):
    text = service.arsmelding_utkast(year_a)
    lines = _section(text, "Mål i virksomhetsplanen")
    board = chapter_dashboard(org.lag_a, 2026, TODAY)
    assert len(lines) == len(board.contributions) > 0
    for line, c in zip(lines, board.contributions, strict=True):
        assert line.startswith(f"- {c.resultat.maal.navn}: laget {c.cell.text}; fylket ")
    new = next(c for c in board.contributions if c.resultat.maal.kode == "nye-medlemmer")
    assert new.cell.text == "3"  # A's own recruits, not the county's 4


def test_the_draft_names_only_the_officers(year_a):
    text = service.arsmelding_utkast(year_a)
    for name in SECRET_NAMES:
        assert name not in text
    assert "Dag Drammensen" in text


def test_another_chapters_draft_has_its_own_figures(year_a, arsmote_b, leader_b):
    text = service.arsmelding_utkast(arsmote_b)
    assert _section(text, "Aktiviteter") == [
        "- Stand: 4 (200 deltakere)",
        "- Studiesamling: 3",
    ]
    assert "- Studietimer i kurs som oppfyller SpS-kravene: 6" in text
    assert "- Innmeldt i 2026: 1" in text
    assert "- Utmeldt i 2026: 0" in text
    assert _section(text, "Tillitsvalgte") == ["- Leder: Guri Golsen"]
    assert "- Besøk fra fylket: 0" in text
    assert "- Kontakter i fylkets kontaktlogg: 1 (besøk 1)" in text
    assert "Drammen" not in text


def test_an_empty_year_says_so(arsmote_a):
    text = service.arsmelding_utkast(arsmote_a)
    assert _section(text, "Aktiviteter") == ["- Ingen aktiviteter registrert."]
    assert _section(text, "Tillitsvalgte") == ["- Ingen verv er registrert."]
    assert _section(text, "Mål i virksomhetsplanen") == ["- Ingen mål er satt for 2026."]


def test_the_drafts_queries_do_not_grow_with_the_activities(year_a, org, board_user):
    def add(n):
        for _ in range(n):
            aktivitet = AktivitetFactory(
                enhet=org.lag_a, type="temamote", dato=D(2026, 6, 6), deltakerantall=9
            )
            Besok.objects.create(aktivitet=aktivitet, medlem=board_user.medlem)
            OppfolgingFactory(lokallag=org.lag_a, dato=D(2026, 6, 6))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            service.arsmelding_utkast(year_a)
        return len(captured)

    service.arsmelding_utkast(year_a)  # warm: the data version row and the like
    add(3)
    few = queries()
    add(27)
    many = queries()
    assert "- Temamøte: 30 (270 deltakere)" in service.arsmelding_utkast(year_a)
    assert many <= few, (few, many)


# --- Saving, delivering, reopening (the services) -----------------------------------------------


def test_the_leader_saves_and_delivers(arsmote_a, leader_a):
    melding = service.arsmelding_lagre(
        arsmote=arsmote_a, tekst="Året\r\n- Bra\r\n", bruker=leader_a
    )
    assert melding.tekst == "Året\n- Bra\n"
    assert melding.endret_av == leader_a
    service.arsmelding_lever(arsmote=arsmote_a, bruker=leader_a)
    melding.refresh_from_db()
    assert melding.levert is not None and melding.levert_av == leader_a
    assert AuditEntry.objects.filter(object_type="aktiviteter.arsmelding").count() == 2


def test_empty_text_is_refused_and_nothing_saved(arsmote_a, leader_a):
    for tekst in ("", "  \n\n "):
        with pytest.raises(ValidationError) as error:
            service.arsmelding_lagre(arsmote=arsmote_a, tekst=tekst, bruker=leader_a)
        assert error.value.message_dict["tekst"] == [
            "Årsmeldingen kan ikke være tom. Skriv teksten først."
        ]
    assert not Arsmelding.objects.exists()


def test_nothing_to_deliver_before_it_is_saved(arsmote_a, leader_a):
    with pytest.raises(ValidationError, match="lagre årsmeldingen før du leverer"):
        service.arsmelding_lever(arsmote=arsmote_a, bruker=leader_a)


def test_a_delivered_report_is_locked_until_an_admin_reopens_it(arsmote_a, leader_a, admin_user):
    service.arsmelding_lagre(arsmote=arsmote_a, tekst="Første", bruker=leader_a)
    service.arsmelding_lever(arsmote=arsmote_a, bruker=leader_a)
    with pytest.raises(ValidationError, match="låst"):
        service.arsmelding_lagre(arsmote=arsmote_a, tekst="Endret", bruker=leader_a)
    with pytest.raises(ValidationError, match="låst"):
        service.arsmelding_lever(arsmote=arsmote_a, bruker=leader_a)
    with pytest.raises(PermissionDenied):
        service.arsmelding_gjenaapne(arsmote=arsmote_a, bruker=leader_a)
    assert Arsmelding.objects.get().tekst == "Første\n"
    service.arsmelding_gjenaapne(arsmote=arsmote_a, bruker=admin_user)
    assert Arsmelding.objects.get().levert is None
    service.arsmelding_lagre(arsmote=arsmote_a, tekst="Rettet", bruker=leader_a)
    assert Arsmelding.objects.get().tekst == "Rettet\n"


def test_only_the_chapters_officers_and_admins_write(arsmote_a, leader_b, board_user, member_user):
    for user in (leader_b, board_user, member_user):
        with pytest.raises(PermissionDenied):
            service.arsmelding_lagre(arsmote=arsmote_a, tekst="Tekst", bruker=user)
        with pytest.raises(PermissionDenied):
            service.arsmelding_lever(arsmote=arsmote_a, bruker=user)
    assert not Arsmelding.objects.exists()


# --- The pages -----------------------------------------------------------------------------------


def _urls(arsmote):
    pk = {"pk": arsmote.pk}
    return {
        "page": reverse("arsmote:arsmelding", kwargs=pk),
        "pdf": reverse("arsmote:arsmelding_pdf", kwargs=pk),
        "lever": reverse("arsmote:arsmelding_lever", kwargs=pk),
        "gjenaapne": reverse("arsmote:arsmelding_gjenaapne", kwargs=pk),
    }


def test_the_leader_writes_from_the_draft_and_delivers(client, year_a, leader_a):
    urls = _urls(year_a)
    client.force_login(leader_a)
    page = client.get(urls["page"]).content.decode()
    assert "Styremøte: 3 (18 deltakere)" in page  # the textarea holds the draft
    assert not Arsmelding.objects.exists()  # shown, not saved
    response = client.post(urls["page"], {"tekst": "Årsmelding\n- Tre styremøter"})
    assert response.status_code == 302
    assert Arsmelding.objects.get().tekst == "Årsmelding\n- Tre styremøter\n"
    response = client.post(urls["lever"])
    assert response.status_code == 302 and response["Location"] == year_a.get_absolute_url()
    assert Arsmelding.objects.get().levert_av == leader_a
    detail = client.get(year_a.get_absolute_url()).content.decode()
    assert "Levert til fylket 30. november 2026." in detail


def test_an_empty_text_shows_the_message_at_the_field(client, arsmote_a, leader_a):
    client.force_login(leader_a)
    response = client.post(_urls(arsmote_a)["page"], {"tekst": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["tekst"] == [
        "Årsmeldingen kan ikke være tom. Skriv teksten først."
    ]
    assert not Arsmelding.objects.exists()


def test_new_draft_replaces_the_text_only_when_confirmed(client, year_a, leader_a):
    urls = _urls(year_a)
    client.force_login(leader_a)
    client.post(urls["page"], {"tekst": "Egen tekst"})
    page = client.get(urls["page"] + "?utkast=nytt").content.decode()
    assert "Ja, erstatt teksten" in page
    assert Arsmelding.objects.get().tekst == "Egen tekst\n"
    client.post(urls["page"], {"handling": "nytt_utkast"})
    assert Arsmelding.objects.get().tekst.startswith("Årsmelding 2026 for Drammen Senterparti")


def test_delivered_is_read_only_for_the_leader_and_reopened_by_the_admin(
    client, arsmote_a, leader_a, admin_user
):
    urls = _urls(arsmote_a)
    service.arsmelding_lagre(arsmote=arsmote_a, tekst="Levert tekst", bruker=leader_a)
    service.arsmelding_lever(arsmote=arsmote_a, bruker=leader_a)
    client.force_login(leader_a)
    page = client.get(urls["page"])
    assert page.context["kan_skrive"] is False
    assert "<textarea" not in page.content.decode()
    response = client.post(urls["page"], {"tekst": "Endret etterpå"})
    assert "låst" in response.content.decode()
    assert client.post(urls["gjenaapne"]).status_code == 403
    assert Arsmelding.objects.get().tekst == "Levert tekst\n"
    client.force_login(admin_user)
    assert "Åpne årsmeldingen igjen" in client.get(urls["page"]).content.decode()
    client.post(urls["gjenaapne"])
    assert Arsmelding.objects.get().levert is None
    client.force_login(leader_a)
    client.post(urls["page"], {"tekst": "Endret etterpå"})
    assert Arsmelding.objects.get().tekst == "Endret etterpå\n"


def test_the_board_reads_every_chapters_report_but_writes_nothing(
    client, arsmote_a, leader_a, board_user
):
    urls = _urls(arsmote_a)
    service.arsmelding_lagre(
        arsmote=arsmote_a, tekst="Aktiviteter\n- <b>Tre</b> styremøter", bruker=leader_a
    )
    client.force_login(board_user)
    page = client.get(urls["page"])
    body = page.content.decode()
    assert page.status_code == 200 and "<textarea" not in body
    assert "<h2>Aktiviteter</h2>" in body
    assert "<li>&lt;b&gt;Tre&lt;/b&gt; styremøter</li>" in body
    assert client.post(urls["page"], {"tekst": "Styret skriver"}).status_code == 403
    assert client.post(urls["page"], {"handling": "nytt_utkast"}).status_code == 403
    assert client.post(urls["lever"]).status_code == 403
    assert client.post(urls["gjenaapne"]).status_code == 403
    assert client.get(urls["pdf"]).status_code == 200
    melding = Arsmelding.objects.get()
    assert melding.tekst.startswith("Aktiviteter") and melding.levert is None


@pytest.mark.parametrize("persona", ["leader_b", "member_user"])
def test_outsiders_get_404(client, arsmote_a, leader_a, persona, request):
    service.arsmelding_lagre(arsmote=arsmote_a, tekst="Tekst", bruker=leader_a)
    client.force_login(request.getfixturevalue(persona))
    urls = _urls(arsmote_a)
    for name in ("page", "pdf"):
        assert client.get(urls[name]).status_code == 404, name
    for name in ("page", "lever", "gjenaapne"):
        assert client.post(urls[name], {"tekst": "Inntrenger"}).status_code == 404, name
    assert Arsmelding.objects.get().tekst == "Tekst\n"


def _pdf_text(content: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_the_pdf_has_the_report(client, year_a, leader_a):
    urls = _urls(year_a)
    client.force_login(leader_a)
    draft = client.get(urls["pdf"])
    assert draft["Content-Type"] == "application/pdf"
    assert draft.content.startswith(b"%PDF")
    text = _pdf_text(draft.content)
    assert "Drammen Senterparti" in text
    assert "Utkast, ikke lagret" in text
    assert "Styremøte: 3 (18 deltakere)" in text
    service.arsmelding_lagre(arsmote=year_a, tekst="Vårt år\n- Mye bra", bruker=leader_a)
    service.arsmelding_lever(arsmote=year_a, bruker=leader_a)
    text = _pdf_text(client.get(urls["pdf"]).content)
    assert "Vårt år" in text and "Mye bra" in text
    assert "Levert til fylket 30. november 2026" in text


# --- The text as HTML ---------------------------------------------------------------------------


def test_the_text_becomes_safe_html_with_headings_and_lists():
    html = tekst_html(
        "Årsmelding 2026\n\nEt godt år. <script>alert(1)</script>\nAndre linje.\n\n"
        "Aktiviteter\n- Styremøte: 3\n- Stand & valgtorg: 2\n\nVi vil takke alle:\n- Dere"
    )
    assert html == (
        "<h2>Årsmelding 2026</h2>\n"
        "<p>Et godt år. &lt;script&gt;alert(1)&lt;/script&gt;<br>Andre linje.</p>\n"
        "<h2>Aktiviteter</h2>\n"
        "<ul><li>Styremøte: 3</li><li>Stand &amp; valgtorg: 2</li></ul>\n"
        "<p>Vi vil takke alle:</p>\n"
        "<ul><li>Dere</li></ul>"
    )


def test_the_meeting_page_shows_the_reports_state(client, arsmote_a, leader_a, admin_user):
    client.force_login(leader_a)
    page = client.get(arsmote_a.get_absolute_url()).content.decode()
    assert "Skriv årsmeldingen" in page and "Lever årsmeldingen til fylket" not in page
    service.arsmelding_lagre(arsmote=arsmote_a, tekst="Tekst", bruker=leader_a)
    page = client.get(arsmote_a.get_absolute_url()).content.decode()
    assert "Rediger årsmeldingen" in page and "Lever årsmeldingen til fylket" in page
    service.arsmelding_lever(arsmote=arsmote_a, bruker=leader_a)
    page = client.get(arsmote_a.get_absolute_url()).content.decode()
    assert "Les årsmeldingen" in page and "Åpne årsmeldingen igjen" not in page
    assert timezone.localdate() == TODAY
    client.force_login(admin_user)
    assert "Åpne årsmeldingen igjen" in client.get(arsmote_a.get_absolute_url()).content.decode()
