"""Registering study work: the course, its participants, a session with attendance."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.studier.models import Kursdeltaker, Oppmote, Studietiltak
from tests.factories import KursdeltakerFactory, MedlemFactory, StudietiltakFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(org):
    leader = MedlemFactory(lokallag=org.lag_a, fornavn="Kari", etternavn="Kursleder")
    course = StudietiltakFactory(arrangor=org.lag_a, kursleder=leader, tittel="Det grønne hjulet")
    KursdeltakerFactory(studietiltak=course, medlem=leader)
    KursdeltakerFactory(studietiltak=course, medlem=MedlemFactory(lokallag=org.lag_a))
    KursdeltakerFactory(studietiltak=course, medlem=None, navn="Gro Gjest", fodselsaar=1990)
    return course


def session_data(course, rows, **overrides) -> dict:
    """rows: [(deltaker, present, hours)] as the form posts them."""
    data = {
        "dato": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "starttid": "18:00",
        "sluttid": "20:00",
        "digitalt": "0",
        "sted": "Grendehuset",
        "oppmote-TOTAL_FORMS": str(len(rows)),
        "oppmote-INITIAL_FORMS": str(len(rows)),
        "oppmote-MIN_NUM_FORMS": "0",
        "oppmote-MAX_NUM_FORMS": "1000",
    }
    for i, (deltaker, present, hours) in enumerate(rows):
        data[f"oppmote-{i}-deltaker"] = str(deltaker.pk)
        if present:
            data[f"oppmote-{i}-til_stede"] = "on"
        data[f"oppmote-{i}-timer"] = hours
    data.update(overrides)
    return data


def session_url(course) -> str:
    return reverse("aktiviteter:session_create", kwargs={"pk": course.pk})


def test_a_leader_creates_a_course_and_the_course_leader_becomes_a_participant(
    client, org, leader_a
):
    leader = MedlemFactory(lokallag=org.lag_a)
    client.force_login(leader_a)
    response = client.post(
        reverse("aktiviteter:course_create"),
        {
            "tittel": "Studiering om jordvern",
            "studieplan": "studiering",
            "arrangor": org.lag_a.pk,
            "kursleder": leader.pk,
        },
    )
    course = Studietiltak.objects.get()
    assert response["Location"] == course.get_absolute_url()
    assert list(course.deltakere.values_list("medlem", flat=True)) == [leader.pk]


def test_another_approved_plan_needs_its_name(client, org, leader_a):
    client.force_login(leader_a)
    response = client.post(
        reverse("aktiviteter:course_create"),
        {
            "tittel": "Kurs",
            "studieplan": "annen",
            "arrangor": org.lag_a.pk,
            "kursleder": MedlemFactory(lokallag=org.lag_a).pk,
        },
    )
    assert "studieplan_navn" in response.context["form"].errors
    assert not Studietiltak.objects.exists()


def test_a_session_is_registered_with_each_participants_hours(client, leader_a, course):
    kari, member, guest = course.deltakere.order_by("pk")
    client.force_login(leader_a)
    rows = [(kari, True, ""), (member, True, "1,5"), (guest, False, "")]
    response = client.post(session_url(course), session_data(course, rows))
    assert response.status_code == 302
    samling = Aktivitet.objects.get(studietiltak=course)
    assert (samling.type, samling.enhet, samling.varighet_minutter) == (
        "studiesamling",
        course.arrangor,
        120,
    )
    # The absent guest has no row: 0 hours on the form for SpS.
    assert dict(Oppmote.objects.values_list("deltaker_id", "minutter")) == {
        kari.pk: 120,
        member.pk: 90,
    }


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("too-many-hours", "timer", "Mer enn samlingens lengde (2 timer)."),
        ("twice", "deltaker", "Kari Kursleder er ført opp to ganger i samlingen."),
    ],
)
def test_bad_attendance_is_refused_at_the_row(client, leader_a, course, case, field, message):
    kari, member, guest = course.deltakere.order_by("pk")
    if case == "too-many-hours":
        rows = [(kari, True, ""), (member, True, "2,5"), (guest, True, "")]
        bad_row = 1
    else:
        rows = [(kari, True, ""), (member, True, ""), (kari, True, "1")]
        bad_row = 2
    client.force_login(leader_a)
    response = client.post(session_url(course), session_data(course, rows))
    assert response.status_code == 200
    assert response.context["form"].oppmote.forms[bad_row].errors[field] == [message]
    assert message in response.content.decode()
    assert not Aktivitet.objects.exists()
    assert not Oppmote.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"starttid": "20:00", "sluttid": "18:00"}, "sluttid", "Slutt må være etter start."),
        (
            # Days from the day the test runs (not the day it was collected).
            {"dato": datetime.timedelta(days=3)},
            "dato",
            "Aktiviteten kan ikke være avholdt når datoen er fram i tid. Velg «Planlagt».",
        ),
    ],
    ids=["end-before-start", "held-in-the-future"],
)
def test_a_bad_session_is_refused(client, leader_a, course, overrides, field, message):
    overrides = {
        k: (timezone.localdate() + v).isoformat() if isinstance(v, datetime.timedelta) else v
        for k, v in overrides.items()
    }
    kari, member, guest = course.deltakere.order_by("pk")
    client.force_login(leader_a)
    rows = [(kari, True, ""), (member, True, ""), (guest, True, "")]
    response = client.post(session_url(course), session_data(course, rows, **overrides))
    assert response.context["form"].errors[field] == [message]
    assert not Aktivitet.objects.exists()


def test_a_participant_from_another_course_is_refused(client, org, leader_a, course):
    stranger = KursdeltakerFactory(studietiltak=StudietiltakFactory(arrangor=org.lag_a))
    kari = course.deltakere.order_by("pk").first()
    client.force_login(leader_a)
    response = client.post(
        session_url(course), session_data(course, [(kari, True, ""), (stranger, True, "")])
    )
    assert response.status_code == 200
    assert not Oppmote.objects.exists()


def test_editing_a_session_replaces_its_attendance(client, leader_a, course):
    kari, member, guest = course.deltakere.order_by("pk")
    client.force_login(leader_a)
    client.post(session_url(course), session_data(course, [(kari, True, ""), (member, True, "")]))
    samling = Aktivitet.objects.get()
    url = reverse("aktiviteter:session_edit", kwargs={"pk": course.pk, "samling": samling.pk})
    form = client.get(url).context["form"]
    assert [row["til_stede"].value() for row in form.oppmote] == [True, True, False]
    client.post(
        url, session_data(course, [(kari, True, ""), (member, False, ""), (guest, True, "1")])
    )
    assert dict(Oppmote.objects.values_list("deltaker_id", "minutter")) == {
        kari.pk: 120,
        guest.pk: 60,
    }


def test_a_non_member_joins_with_name_and_birth_year(client, leader_a, course):
    client.force_login(leader_a)
    url = reverse("aktiviteter:participant_add", kwargs={"pk": course.pk})
    assert client.post(url, {"navn": "Nils Nabo", "fodselsaar": "2001"}).status_code == 302
    assert Kursdeltaker.objects.filter(navn="Nils Nabo", fodselsaar=2001, medlem=None).exists()
    response = client.post(url, {"navn": "Uten År"})
    assert response.context["form"].errors["fodselsaar"] == [
        "Fødselsåret trengs (alderskravet er 14 år)."
    ]


def test_a_member_cannot_join_twice(client, leader_a, course):
    kari = course.kursleder
    client.force_login(leader_a)
    url = reverse("aktiviteter:participant_add", kwargs={"pk": course.pk})
    response = client.post(url, {"medlem": kari.pk})
    assert response.context["form"].errors["medlem"] == ["Kari Kursleder er allerede deltaker."]
    assert course.deltakere.filter(medlem=kari).count() == 1


def test_the_course_page_shows_whether_it_qualifies_and_why_not(client, leader_a, course):
    client.force_login(leader_a)
    response = client.get(course.get_absolute_url())
    body = response.content.decode()
    assert "Kurset oppfyller ikke SpS-kravene ennå" in body
    assert "Kurset har 0 kurstimer; minst 4 kreves" in body


def test_another_chapters_leader_gets_404_on_the_course(client, leader_b, course):
    client.force_login(leader_b)
    assert client.get(course.get_absolute_url()).status_code == 404
    assert client.get(session_url(course)).status_code == 404


# --- Digital sessions count for SpS only when live -----------------------------------------


def test_a_digital_session_must_say_whether_it_was_live(client, leader_a, course):
    kari, member, guest = course.deltakere.order_by("pk")
    client.force_login(leader_a)
    rows = [(kari, True, ""), (member, True, ""), (guest, True, "")]
    response = client.post(
        session_url(course),
        session_data(course, rows, digitalt="1", sted=""),
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["sanntid"] == [
        "Svar på om kursleder og deltakere var med samtidig. En digital samling teller for SpS "
        "bare når den holdes i sanntid."
    ]
    assert "Digital samling: var kursleder og deltakere med samtidig" in response.content.decode()
    assert not Aktivitet.objects.exists()
    assert not Oppmote.objects.exists()


@pytest.mark.parametrize(
    ("digitalt", "sanntid", "stored"),
    [("1", "1", True), ("1", "0", False), ("0", "1", None), ("0", "", None)],
)
def test_the_answer_is_stored_for_digital_sessions_only(
    client, leader_a, course, digitalt, sanntid, stored
):
    kari, member, guest = course.deltakere.order_by("pk")
    client.force_login(leader_a)
    rows = [(kari, True, ""), (member, True, ""), (guest, True, "")]
    data = session_data(course, rows, digitalt=digitalt, sanntid=sanntid)
    assert client.post(session_url(course), data).status_code == 302
    samling = Aktivitet.objects.get(studietiltak=course)
    assert (samling.digitalt, samling.sanntid) == (digitalt == "1", stored)
    # The edit form shows the answer again.
    edit = reverse("aktiviteter:session_edit", kwargs={"pk": course.pk, "samling": samling.pk})
    initial = client.get(edit).context["form"]["sanntid"].value()
    assert initial == ({True: "1", False: "0"}.get(stored))


def test_the_service_refuses_an_unanswered_digital_session(leader_a, course):
    from django.core.exceptions import ValidationError

    from aktiviteter.studier.services import studiesamling_lagre

    samling = Aktivitet(
        dato=timezone.localdate() - datetime.timedelta(days=1),
        starttid=datetime.time(18, 0),
        sluttid=datetime.time(20, 0),
        digitalt=True,
    )
    with pytest.raises(ValidationError) as refused:
        studiesamling_lagre(studietiltak=course, samling=samling, oppmote=[], bruker=leader_a)
    assert "sanntid" in refused.value.message_dict
    assert not Aktivitet.objects.exists()


def test_the_course_page_states_the_live_rule_and_what_did_not_count(client, leader_a, course):
    from tests.factories import SamlingFactory

    SamlingFactory(
        studietiltak=course,
        dato=timezone.localdate() - datetime.timedelta(days=2),
        starttid=datetime.time(18, 0),
        sluttid=datetime.time(20, 0),
        digitalt=True,
        sanntid=False,
    )
    client.force_login(leader_a)
    body = client.get(course.get_absolute_url()).content.decode()
    assert "En digital samling teller bare når kursleder og deltakere er med samtidig" in body
    assert "2,00 timer i digitale samlinger som ikke var i sanntid, teller ikke." in body
    assert "ikke sanntid, teller ikke" in body


def test_the_yearly_course_hours_count_only_held_sessions_that_count_for_sps(client, org, leader_a):
    """«Registrerte kurstimer» per organiser on /aktiviteter/studier/ agrees with the verdicts:
    a planned session and a digital session that was not live add nothing."""
    from aktiviteter.aktivitet.models import Status
    from tests.factories import SamlingFactory

    course = StudietiltakFactory(arrangor=org.lag_a)
    day = datetime.date(2026, 3, 3)
    for kwargs in (
        {},  # 2 h held in the room
        {"digitalt": True},  # 2 h live on video
        {"digitalt": True, "sanntid": False},  # a recording: does not count
        {"status": Status.PLANLAGT},  # not held (yet)
    ):
        SamlingFactory(
            studietiltak=course,
            dato=day,
            starttid=datetime.time(18, 0),
            sluttid=datetime.time(20, 0),
            **kwargs,
        )
        day += datetime.timedelta(days=7)
    client.force_login(leader_a)
    response = client.get(reverse("aktiviteter:course_list"), {"aar": 2026})
    [row] = [r for r in response.context["totals"] if r["enhet_id"] == org.lag_a.pk]
    assert (row["samlinger"], row["kurstimer"]) == (2, Decimal("4.00"))
    [(_course, verdict)] = response.context["courses"]
    assert verdict.kurstimer == row["kurstimer"]


def test_several_members_join_in_one_post_by_the_same_rules(client, org, leader_a, course):
    chosen = MedlemFactory.create_batch(3, lokallag=org.lag_a)
    client.force_login(leader_a)
    url = reverse("aktiviteter:participant_add", kwargs={"pk": course.pk})
    response = client.post(url, {"medlem": [m.pk for m in chosen]})
    assert response.status_code == 302
    assert set(course.deltakere.exclude(medlem=None).values_list("medlem_id", flat=True)) >= {
        m.pk for m in chosen
    }
    # One already in: nothing of the post is added, and the form says who.
    fresh = MedlemFactory(lokallag=org.lag_a)
    response = client.post(url, {"medlem": [fresh.pk, chosen[0].pk]})
    assert response.context["form"].errors["medlem"] == [f"{chosen[0]} er allerede deltaker."]
    assert not course.deltakere.filter(medlem=fresh).exists()


def test_with_htmx_the_answer_is_the_course_page_with_the_added_names(
    client, org, leader_a, course
):
    chosen = MedlemFactory.create_batch(2, lokallag=org.lag_a)
    client.force_login(leader_a)
    url = reverse("aktiviteter:participant_add", kwargs={"pk": course.pk})
    response = client.post(url, {"medlem": [m.pk for m in chosen]}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="deltakere"' in html and "Lagt til 2 deltakere" in html
    response = client.post(url, {}, headers={"HX-Request": "true"})
    assert "Velg et medlem, eller skriv navnet." in response.content.decode()
