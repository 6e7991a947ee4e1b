"""Who sees which activities: everything through ``visible_to(user)``."""

import datetime

import pytest

from aktiviteter.aktivitet.models import AdHocGruppe, Aktivitet
from aktiviteter.studier.models import Studietiltak
from tests.factories import AktivitetFactory, StudietiltakFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(org):
    return {
        "drammen": AktivitetFactory(enhet=org.lag_a, tittel="Drammen styremøte"),
        "gol": AktivitetFactory(enhet=org.lag_b, tittel="Gol styremøte"),
        "tuesday": AktivitetFactory(
            enhet=org.fylke, type="tirsdagsmote", tittel="Tirsdagsmøte", status="planlagt"
        ),
        "leaders": AktivitetFactory(enhet=org.fylke, type="lokallagsledermote", tittel="Ledermøte"),
        "board": AktivitetFactory(enhet=org.fylke, type="fylkesstyremote", tittel="Fylkesstyret"),
        "board_in_gol": AktivitetFactory(
            enhet=org.fylke,
            type="fylkesstyremote",
            tittel="Fylkesstyret på Gol",
            vertslag=org.lag_b,
            dato=datetime.date(2026, 4, 1),
        ),
    }


def titles(user) -> set[str]:
    return set(Aktivitet.objects.visible_to(user).values_list("tittel", flat=True))


def test_admin_and_board_see_everything(admin_user, board_user, activities):
    everything = {a.tittel for a in activities.values()}
    assert titles(admin_user) == everything
    assert titles(board_user) == everything


def test_a_leader_sees_the_chapter_and_the_county_activities_for_all_chapters(leader_a, activities):
    assert titles(leader_a) == {"Drammen styremøte", "Tirsdagsmøte", "Ledermøte"}


def test_a_leader_sees_a_county_board_meeting_their_chapter_hosts(leader_b, activities):
    assert titles(leader_b) == {
        "Gol styremøte",
        "Tirsdagsmøte",
        "Ledermøte",
        "Fylkesstyret på Gol",
    }


def test_a_plain_member_and_an_anonymous_visitor_see_nothing(member_user, activities):
    from django.contrib.auth.models import AnonymousUser

    assert titles(member_user) == set()
    assert titles(AnonymousUser()) == set()


def test_only_the_units_registrars_manage_an_activity(
    admin_user, board_user, leader_a, leader_b, activities
):
    def managed(user):
        return set(Aktivitet.objects.managed_by(user).values_list("tittel", flat=True))

    assert managed(leader_a) == {"Drammen styremøte"}
    assert managed(board_user) == {
        "Tirsdagsmøte",
        "Ledermøte",
        "Fylkesstyret",
        "Fylkesstyret på Gol",
    }
    assert len(managed(admin_user)) == len(activities)
    # Gol hosts a board meeting: its leader may register the outcome, not edit the meeting.
    registrable = Aktivitet.objects.result_registrable_by(leader_b)
    assert set(registrable.values_list("tittel", flat=True)) == {
        "Gol styremøte",
        "Fylkesstyret på Gol",
    }


def test_courses_and_groups_follow_their_unit(org, leader_a, leader_b, board_user):
    StudietiltakFactory(arrangor=org.lag_a, tittel="Drammenskurset")
    StudietiltakFactory(arrangor=org.lag_b, tittel="Golkurset")
    AdHocGruppe.objects.create(
        tema="Samferdsel", enhet=org.fylke, fra_dato=datetime.date(2026, 1, 1)
    )
    assert list(Studietiltak.objects.visible_to(leader_a).values_list("tittel", flat=True)) == [
        "Drammenskurset"
    ]
    assert Studietiltak.objects.visible_to(board_user).count() == 2
    assert not AdHocGruppe.objects.visible_to(leader_b).exists()
    assert AdHocGruppe.objects.visible_to(board_user).count() == 1


def test_access_ends_with_the_office(client, org, leader_a, activities):
    from django.utils import timezone

    from lokallag.models import Verv

    client.force_login(leader_a)
    url = activities["drammen"].get_absolute_url()
    assert client.get(url).status_code == 200
    Verv.objects.filter(medlem__bruker=leader_a).update(
        til_dato=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(url).status_code == 404


# --- Named participants: a leader sees their own chapter's members only ---------------------


@pytest.fixture
def named_call(org):
    import time_machine

    from aktiviteter.aktivitet.models import Deltakelse
    from tests.factories import MedlemFactory

    with time_machine.travel(datetime.datetime(2026, 3, 12, 12, 0), tick=False):
        call = AktivitetFactory(
            enhet=org.fylke,
            type="tirsdagsmote",
            tittel="Tirsdagsmøte med stortingsrepresentanten",
            dato=datetime.date(2026, 3, 10),
            status="planlagt",
            vertslag=org.lag_a,
        )
        for lag, fornavn in ((org.lag_a, "Dagny"), (org.lag_b, "Gunnhild")):
            Deltakelse.objects.create(
                aktivitet=call,
                medlem=MedlemFactory(lokallag=lag, fornavn=fornavn, etternavn="Navn"),
            )
        yield call


def test_another_chapters_leader_sees_only_their_own_members_by_name(
    client, leader_b, board_user, named_call
):
    client.force_login(leader_b)
    html = client.get(named_call.get_absolute_url()).content.decode()
    assert "Gunnhild Navn" in html and "Dagny Navn" not in html
    assert "1 med navn" in html
    client.force_login(board_user)
    html = client.get(named_call.get_absolute_url()).content.decode()
    assert "Gunnhild Navn" in html and "Dagny Navn" in html and "2 med navn" in html


def test_the_host_registering_names_leaves_other_chapters_names_alone(
    client, org, leader_a, named_call
):
    from aktiviteter.aktivitet.models import Deltakelse
    from tests.factories import MedlemFactory

    dagfinn = MedlemFactory(lokallag=org.lag_a, fornavn="Dagfinn", etternavn="Navn")
    client.force_login(leader_a)
    url = f"/aktiviteter/{named_call.pk}/gjennomfort/"
    page = client.get(url).content.decode()
    assert "Gunnhild" not in page
    response = client.post(url, {"deltakerantall": "31", "deltakere": [dagfinn.pk]})
    assert response.status_code == 302
    names = set(
        Deltakelse.objects.filter(aktivitet=named_call).values_list("medlem__fornavn", flat=True)
    )
    assert names == {"Dagfinn", "Gunnhild"}


def test_the_activity_list_counts_only_the_names_the_leader_may_see(
    client, leader_b, board_user, named_call
):
    """With no head count registered, the list shows the number of named participants: for
    another chapter's leader that number counted the host chapter's members too."""
    import re

    def shown(user) -> str:
        client.force_login(user)
        html = client.get("/aktiviteter/?fra=2026-03-01&til=2026-03-31").content.decode()
        cells = re.findall(r'data-label="Deltakere" class="num">([^<]*)</td>', html)
        assert len(cells) == 1
        return cells[0]

    assert named_call.deltakerantall is None
    assert shown(leader_b) == "1"
    assert shown(board_user) == "2"


def test_the_name_picker_search_is_audited_like_a_member_list(client, org, leader_a):
    """The pickers' search lists members by name (JSON), as the admin's member picker does,
    which is audited; this one was not."""
    from buskerud_sp.core.models import AuditAction, AuditEntry
    from tests.factories import MedlemFactory

    MedlemFactory(lokallag=org.lag_a, fornavn="Solveig", etternavn="Søkbar")
    MedlemFactory(lokallag=org.lag_b, fornavn="Solveig", etternavn="Golbar")
    client.force_login(leader_a)
    response = client.get("/aktiviteter/medlemssok/?q=Solveig")
    assert [r["navn"] for r in response.json()["results"]] == ["Solveig Søkbar"]
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW_LIST).get()
    assert entry.data["filter"] == {"side": "medlemssok", "q": "Solveig"}
    assert entry.data["antall"] == 1
    assert entry.actor_id == leader_a.pk
