"""The date plan: admins edit it (every change a version), everyone logged in reads the
timeline, and publishing sends the whole plan, then only what changed, to the chapter leaders."""

import datetime
import subprocess

import pytest
import time_machine
from django.core.exceptions import ValidationError
from icalendar import Calendar

from aktiviteter.aktivitet.models import Status
from aktiviteter.aktivitet.services import kalendernokkel_for
from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt, Datoplanversjon
from aktiviteter.datoplan.services import (
    datoplanpunkt_avlys,
    datoplanpunkt_lagre,
    datoplanpunkt_marker_avholdt,
)
from aktiviteter.paaminnelser.models import Art, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import paaminnelser_send, sending
from aktiviteter.paaminnelser.utsending import datoplan_publiser
from lokallag.models import Rolle
from tests.factories import AktivitetFactory, MedlemFactory, VervFactory

from .rhythm import at

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at(2026, 3, 10, 12, 0), tick=True):
        yield


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """Publishing queues a sender run after the commit; the tests run the sender themselves."""
    monkeypatch.setattr(sending, "sender_snart", lambda: None)


def add(admin, tittel, fra, til=None, **fields):
    fields.setdefault("type", "annet")
    punkt = Datoplanpunkt(
        plan=Datoplan(aar=fra.year), tittel=tittel, fra_dato=fra, til_dato=til, **fields
    )
    return datoplanpunkt_lagre(punkt=punkt, bruker=admin)


@pytest.fixture
def plan(org, admin_user):
    add(admin_user, "Oppstart valgkamp", D(2026, 2, 2), type="valgkamp")
    add(admin_user, "Kurs i mediearbeid", D(2026, 4, 16), type="mediekurs")
    add(admin_user, "Reiserunde i lokallaga", D(2026, 4, 20), D(2026, 5, 29), type="reiserunde")
    add(admin_user, "Samling for nye folkevalgte", D(2026, 10, 24), type="nye_folkevalgte")
    return Datoplan.objects.get(aar=2026)


def item(tittel):
    return Datoplanpunkt.objects.get(tittel=tittel)


def test_every_change_is_a_version_with_who_and_what(client, org, plan, admin_user, board_user):
    kurs = item("Kurs i mediearbeid")
    kurs.fra_dato = D(2026, 4, 23)
    datoplanpunkt_lagre(punkt=kurs, bruker=admin_user)
    datoplanpunkt_lagre(punkt=kurs, bruker=admin_user)  # nothing changed: no version
    datoplanpunkt_avlys(punkt=item("Samling for nye folkevalgte"), bruker=admin_user)
    held = AktivitetFactory(enhet=org.fylke, type="temamote", dato=D(2026, 2, 2))
    datoplanpunkt_marker_avholdt(punkt=item("Oppstart valgkamp"), bruker=admin_user, aktivitet=held)

    versions = list(plan.versjoner.order_by("nummer"))
    assert [v.nummer for v in versions] == [1, 2, 3, 4, 5, 6, 7]
    assert [v.endringer[0]["handling"] for v in versions[4:]] == ["flyttet", "avlyst", "avholdt"]
    assert versions[4].laget_av == admin_user
    assert versions[4].endringer[0]["felt"] == {"fra_dato": ["2026-04-16", "2026-04-23"]}
    assert len(versions[-1].innhold) == 4  # the whole plan as it then was

    client.force_login(board_user)
    page = client.get("/datoplan/versjoner/?aar=2026").content.decode()
    assert "Kurs i mediearbeid er flyttet fra 16. april 2026 til 23. april 2026." in page
    assert "Samling for nye folkevalgte er avlyst." in page
    assert "admin@test.no" in page


def test_an_item_in_the_future_cannot_be_marked_held(plan, admin_user):
    with pytest.raises(ValidationError) as exc:
        datoplanpunkt_marker_avholdt(punkt=item("Kurs i mediearbeid"), bruker=admin_user)
    assert "status" in exc.value.message_dict
    assert item("Kurs i mediearbeid").status == Status.PLANLAGT


def test_everyone_logged_in_reads_the_timeline_by_half_year(client, plan, member_user, admin_user):
    datoplanpunkt_avlys(punkt=item("Kurs i mediearbeid"), bruker=admin_user)
    client.force_login(member_user)
    html = client.get("/datoplan/").content.decode()
    before, after = html.split("Etter sommeren")
    assert "Før sommeren" in before
    assert "Oppstart valgkamp" in before and "Reiserunde i lokallaga" in before
    assert "Samling for nye folkevalgte" in after
    assert "20.–29. mai 2026" not in html and "20. april – 29. mai 2026" in html
    # Past items are greyed, and flagged while nobody has said whether they were held.
    oppstart = html.split(f'id="punkt-{item("Oppstart valgkamp").pk}"')[1].split("</li>")[0]
    assert oppstart.startswith(' class="timeline-item past"')
    assert "Ikke markert avholdt" in oppstart
    assert 'class="timeline-item cancelled"' in html
    assert "Endre eller flytt" not in html and "Send til lokallaga" not in html
    client.logout()
    assert client.get("/datoplan/").status_code == 302


def test_the_admin_form_reports_errors_at_the_fields_and_saves_nothing(client, org, admin_user):
    client.force_login(admin_user)
    empty = client.post("/datoplan/ny/?aar=2027", {})
    assert empty.status_code == 200
    form = empty.context["form"]
    assert form.is_bound and form.errors["tittel"] == ["Feltet er påkrevet."]
    wrong = client.post(
        "/datoplan/ny/?aar=2027",
        {
            "tittel": "Fylkesårsmøte",
            "type": "fylkesarsmote",
            "fra_dato": "2026-03-14",
            "til_dato": "2026-03-13",
            "malgruppe": "alle_lokallag",
        },
    )
    errors = wrong.context["form"].errors
    assert errors["fra_dato"] == ["Datoen må være i 2027, året for datoplanen."]
    assert not Datoplan.objects.exists() and not Datoplanpunkt.objects.exists()
    saved = client.post(
        "/datoplan/ny/?aar=2027",
        {
            "tittel": "Fylkesårsmøte",
            "type": "fylkesarsmote",
            "fra_dato": "2027-03-13",
            "til_dato": "2027-03-14",
            "malgruppe": "alle_lokallag",
            "ansvarlig_enhet": org.fylke.pk,
        },
    )
    punkt = Datoplanpunkt.objects.get()
    assert saved.url == f"/datoplan/?aar=2027#punkt-{punkt.pk}"
    assert (punkt.plan.aar, punkt.sommerfase, punkt.ansvarlig_enhet) == (2027, "for", org.fylke)


def test_only_admins_change_the_plan(client, plan, board_user, leader_a):
    kurs = item("Kurs i mediearbeid")
    for user in (board_user, leader_a):
        client.force_login(user)
        assert client.post(f"/datoplan/{kurs.pk}/avlys/").status_code == 404
        assert client.post("/datoplan/ny/", {"tittel": "x"}).status_code == 404
    assert item("Kurs i mediearbeid").status == Status.PLANLAGT
    assert Datoplanversjon.objects.count() == 4


@pytest.fixture
def leaders(org, leader_a, leader_b):
    """Two current leaders (one without consent to reminders: the plan goes to them anyway),
    a former leader and a member of the board with no chapter office."""
    former = MedlemFactory(lokallag=org.lag_a, epost="tidligere@test.no")
    VervFactory(medlem=former, enhet=org.lag_a, til_dato=D(2025, 12, 31))
    return leader_a.medlem, leader_b.medlem


def test_publishing_sends_the_plan_then_only_what_changed(
    client, plan, admin_user, leaders, org, mailoutbox
):
    leader_a, leader_b = leaders
    first = datoplan_publiser(plan=plan, bruker=admin_user)
    assert sorted(first.leveringer.values_list("mottaker_id", "art")) == sorted(
        [(leader_a.pk, Art.DATOPLAN), (leader_b.pk, Art.DATOPLAN)]
    )
    assert paaminnelser_send() == {Leveringsstatus.SENDT: 2}
    mail = next(m for m in mailoutbox if m.to == [leader_a.epost])
    assert mail.subject == "Datoplanen for 2026 fra Buskerud Senterparti"
    assert "20. april – 29. mai 2026: Reiserunde i lokallaga" in mail.body
    html = mail.alternatives[0].content
    assert "Reiserunde i lokallaga" in html and "Før sommeren" in html
    (pdf_name, pdf, _), (ics_name, ics, _) = mail.attachments
    assert (pdf_name, ics_name) == ("datoplan-2026.pdf", "datoplan-2026.ics")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode()
    assert "Datoplan 2026" in text and "Kurs i mediearbeid" in text
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert len(events) == 4
    reiserunde = next(e for e in events if "Reiserunde" in str(e["SUMMARY"]))
    assert reiserunde.decoded("DTSTART") == D(2026, 4, 20)
    assert reiserunde.decoded("DTEND") == D(2026, 5, 30)

    with pytest.raises(ValidationError):
        datoplan_publiser(plan=plan, bruker=admin_user)  # nothing new

    kurs = item("Kurs i mediearbeid")
    kurs.fra_dato = D(2026, 4, 23)
    datoplanpunkt_lagre(punkt=kurs, bruker=admin_user)
    new_leader = MedlemFactory(lokallag=org.lag_b, epost="ny.leder@test.no")
    VervFactory(medlem=new_leader, enhet=org.lag_b, rolle=Rolle.LEDER, fra_dato=D(2026, 3, 1))
    mailoutbox.clear()
    second = datoplan_publiser(plan=plan, bruker=admin_user)
    paaminnelser_send()
    assert sorted(second.leveringer.values_list("mottaker_id", "art")) == sorted(
        [
            (leader_a.pk, Art.DATOPLAN_ENDRINGER),
            (leader_b.pk, Art.DATOPLAN_ENDRINGER),
            (new_leader.pk, Art.DATOPLAN),  # a new leader gets the whole plan
        ]
    )
    change = next(m for m in mailoutbox if m.to == [leader_a.epost])
    assert change.subject == "Endringer i datoplanen for 2026"
    assert "Kurs i mediearbeid er flyttet fra 16. april 2026 til 23. april 2026." in change.body
    assert [a[0] for a in change.attachments] == ["datoplan-2026.ics"]

    client.force_login(admin_user)
    log = client.get("/datoplan/utsendinger/?aar=2026").content.decode()
    assert "Versjon 5, sendt" in log and "Versjon 4, sendt" in log
    assert "ny.leder@test.no" not in log and new_leader.navn in log
    assert log.count("endringene") == 2


def test_the_send_page_says_what_will_go_and_refuses_a_resend(client, plan, admin_user, leaders):
    client.force_login(admin_user)
    page = client.get("/datoplan/send/?aar=2026").content.decode()
    assert "hele planen i e-posten" in page and leaders[0].navn in page
    assert client.post("/datoplan/send/?aar=2026").status_code == 302
    again = client.post("/datoplan/send/?aar=2026").content.decode()
    assert "Ingen endringer siden forrige utsending (versjon 4)." in again
    assert Paaminnelse.objects.count() == 2


def test_the_plan_is_in_the_calendar_feed_and_as_pdf(client, plan, leader_a, admin_user):
    datoplanpunkt_avlys(punkt=item("Kurs i mediearbeid"), bruker=admin_user)
    key = kalendernokkel_for(leader_a)
    calendar = Calendar.from_ical(client.get(f"/kalender/{key.token}.ics").content)
    found = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    kurs = found["Kurs i mediearbeid (Datoplan)"]
    assert str(kurs["UID"]).startswith(f"datoplanpunkt-{item('Kurs i mediearbeid').pk}@")
    assert str(kurs["STATUS"]) == "CANCELLED"
    assert "Samling for nye folkevalgte (Datoplan)" in found
    client.force_login(leader_a)
    pdf = client.get("/datoplan/datoplan.pdf?aar=2026")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_erasing_the_responsible_member_removes_the_name_from_every_version(plan, admin_user, org):
    from medlemmer.personvern import medlem_anonymiser

    astrid = MedlemFactory(lokallag=org.lag_a, fornavn="Astrid", etternavn="Ansvarsen")
    kurs = item("Kurs i mediearbeid")
    kurs.ansvarlig_person = astrid
    datoplanpunkt_lagre(punkt=kurs, bruker=admin_user)
    kurs.ansvarlig_person = None
    datoplanpunkt_lagre(punkt=kurs, bruker=admin_user)
    assert "Astrid Ansvarsen" in str(list(plan.versjoner.values_list("innhold", "endringer")))
    medlem_anonymiser(medlem=astrid, av=admin_user)
    stored = str(list(plan.versjoner.values_list("innhold", "endringer")))
    assert "Astrid" not in stored and "Ansvarsen" not in stored and "[sladdet]" in stored


def test_marking_a_future_item_held_shows_the_reason_and_changes_nothing(client, plan, admin_user):
    kurs = item("Kurs i mediearbeid")
    client.force_login(admin_user)
    response = client.post(f"/datoplan/{kurs.pk}/avholdt/", {"aktivitet": ""})
    assert response.status_code == 200
    assert "Et punkt fram i tid kan ikke være avholdt." in response.content.decode()
    assert item("Kurs i mediearbeid").status == Status.PLANLAGT
    assert plan.versjoner.count() == 4
