"""District cooperation, visits from the county, the chapter tour, towns and villages, and
media appearances (issue 10)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Status
from buskerud_sp.core.periods import half_year
from lokallag.models import ByEllerBygd, Lokallag
from lokallag.oppfolging.models import Besok, Medieoppslag, Medvert
from lokallag.oppfolging.selectors import (
    media_by_chapter,
    town_and_village,
    visits_by_chapter,
)
from lokallag.oppfolging.services import medverter_sett
from lokallag.selectors import chapters_for_list
from tests.factories import (
    AktivitetFactory,
    LokallagFactory,
    MedieoppslagFactory,
    MedlemFactory,
    UserFactory,
    VervFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lier(org):
    return LokallagFactory(navn="Lier Senterparti", slug="lier", distrikt=org.distrikt_a)


@pytest.fixture
def joint_stand(org, lier):
    """A stand held by Drammen (a town) together with Lier (a village), last week."""
    Lokallag.objects.filter(pk=org.lag_a.pk).update(by_eller_bygd=ByEllerBygd.BY)
    stand = AktivitetFactory(
        enhet=org.lag_a,
        type="stand",
        tittel="Felles stand på Bragernes",
        dato=timezone.localdate() - datetime.timedelta(days=7),
    )
    Medvert.objects.create(aktivitet=stand, lokallag=lier)
    return stand


def test_a_cohosted_activity_counts_once_for_each_host_and_once_for_the_county(
    org, lier, joint_stand, board_user
):
    assert list(Aktivitet.objects.for_lokallag(org.lag_a)) == [joint_stand]
    assert list(Aktivitet.objects.for_lokallag(lier)) == [joint_stand]
    assert Aktivitet.objects.for_lokallag(org.lag_b).count() == 0
    # Both hosts at once, and the county: one activity.
    assert Aktivitet.objects.for_lokallag_in([org.lag_a.pk, lier.pk]).count() == 1
    assert Aktivitet.objects.count() == 1
    # Per chapter in one query (the dashboard's way), each host counts it once.
    start, end = timezone.localdate().replace(month=1, day=1), timezone.localdate()
    if joint_stand.dato < start:  # the first week of January
        start = joint_stand.dato
    shares, total = town_and_village(board_user, start, end)
    per_chapter = {c.slug: c.valgkamp for share in shares for c in share.chapters}
    assert per_chapter == {"drammen": 1, "lier": 1, "gol": 0}
    town, village = shares
    assert (town.label, town.campaign, village.label, village.campaign) == ("By", 1, "Bygd", 1)
    assert total.campaign == 1


def test_a_third_host_and_a_second_joint_activity_still_count_right(
    org, lier, joint_stand, board_user
):
    hurum = LokallagFactory(slug="ovre-eiker", distrikt=org.distrikt_a)
    Medvert.objects.create(aktivitet=joint_stand, lokallag=hurum)
    AktivitetFactory(
        enhet=lier, type="stand", dato=timezone.localdate() - datetime.timedelta(days=3)
    )
    assert Aktivitet.objects.for_lokallag(lier).count() == 2
    assert Aktivitet.objects.for_lokallag(org.lag_a).count() == 1
    assert Aktivitet.objects.for_lokallag_in([org.lag_a.pk, lier.pk, hurum.pk]).count() == 2


def test_the_cohost_sees_the_activity_and_its_last_activity_date(
    client, org, lier, joint_stand, leader_b
):
    user = UserFactory(email="leder.lier@test.no")
    lier_leader = VervFactory(medlem=MedlemFactory(lokallag=lier, bruker=user), enhet=lier).medlem
    assert list(Aktivitet.objects.visible_to(lier_leader.bruker)) == [joint_stand]
    assert not Aktivitet.objects.visible_to(leader_b).filter(pk=joint_stand.pk).exists()
    row = next(c for c in chapters_for_list(lier_leader.bruker) if c.pk == lier.pk)
    assert row.siste_aktivitet == joint_stand.dato
    client.force_login(lier_leader.bruker)
    assert client.get(joint_stand.get_absolute_url()).status_code == 200
    listing = client.get("/aktiviteter/", {"lokallag": lier.pk}).content.decode()
    assert "Felles stand på Bragernes" in listing


def test_only_the_hosts_registrars_set_cohosts_of_the_same_district(
    client, org, lier, leader_a, leader_b, board_user
):
    meeting = AktivitetFactory(enhet=org.lag_a, type="temamote", tittel="Felles temamøte")
    with pytest.raises(ValidationError):
        medverter_sett(aktivitet=meeting, lokallag=[org.lag_b], bruker=leader_a)
    with pytest.raises(PermissionDenied):
        medverter_sett(aktivitet=meeting, lokallag=[lier], bruker=leader_b)
    client.force_login(leader_a)
    response = client.post(f"/aktiviteter/{meeting.pk}/medarrangorer/", {"lokallag": [lier.pk]})
    assert response.status_code == 302
    assert list(meeting.medverter.values_list("lokallag__slug", flat=True)) == ["lier"]
    # Gol is not offered (another district) and is refused at the field.
    response = client.post(
        f"/aktiviteter/{meeting.pk}/medarrangorer/", {"lokallag": [org.lag_b.pk]}
    )
    assert response.status_code == 200
    assert "lokallag" in response.context["form"].errors
    assert client.post(f"/aktiviteter/{meeting.pk}/medarrangorer/", {}).status_code == 302
    assert not meeting.medverter.exists()
    client.force_login(board_user)
    assert client.get(f"/aktiviteter/{meeting.pk}/medarrangorer/").status_code == 404


# --- Visits from the county -------------------------------------------------------------------


def test_the_board_records_a_visit_and_sees_which_chapters_it_has_not_visited(
    client, org, board_user, leader_a
):
    today = timezone.localdate()
    start, end = half_year(today)
    meeting = AktivitetFactory(enhet=org.lag_a, tittel="Medlemsmøte i Drammen", dato=start)
    board_medlem = board_user.medlem
    client.force_login(board_user)
    response = client.post(
        f"/aktiviteter/{meeting.pk}/besok/", {"medlem": board_medlem.pk, "rolle": "fylkesstyret"}
    )
    assert response.status_code == 302
    assert Besok.objects.get().medlem == board_medlem
    again = client.post(
        f"/aktiviteter/{meeting.pk}/besok/", {"medlem": board_medlem.pk, "rolle": "fylkesstyret"}
    )
    assert again.status_code == 200  # already there: said at the form, nothing doubled
    assert Besok.objects.count() == 1

    rows = {r.chapter.slug: r for r in visits_by_chapter(board_user, start, end)}
    assert rows["drammen"].visited and rows["drammen"].held == [meeting]
    assert not rows["gol"].visited
    page = client.get("/aktiviteter/besok/").content.decode()
    assert "Ikke besøkt" in page and "Medlemsmøte i Drammen" in page
    # Last half-year nobody was visited.
    earlier = half_year(start - datetime.timedelta(days=1))
    assert not any(r.visited for r in visits_by_chapter(board_user, *earlier))
    # The chapter's leader sees the visit on the activity, but cannot record visits.
    client.force_login(leader_a)
    assert board_medlem.navn in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(f"/aktiviteter/{meeting.pk}/besok/").status_code == 404


def test_a_visit_belongs_to_an_activity_in_a_chapter(client, org, board_user):
    county_meeting = AktivitetFactory(enhet=org.fylke, type="lokallagsledermote")
    client.force_login(board_user)
    response = client.post(
        f"/aktiviteter/{county_meeting.pk}/besok/",
        {"medlem": board_user.medlem.pk, "rolle": "fylkesstyret"},
    )
    assert response.status_code == 200
    assert "Besøk føres på aktiviteter i et lokallag" in response.content.decode()
    assert not Besok.objects.exists()


def test_the_chapter_tour_is_planned_as_visits(client, org, board_user, leader_b):
    candidate = MedlemFactory(lokallag=org.lag_a, fornavn="Toril", etternavn="Toppkandidat")
    day = timezone.localdate() + datetime.timedelta(days=10)
    client.force_login(board_user)
    assert client.get("/aktiviteter/besok/planlegg/?lokallag=gol").status_code == 200
    response = client.post(
        "/aktiviteter/besok/planlegg/",
        {
            "lokallag": org.lag_b.pk,
            "dato": day.isoformat(),
            "starttid": "18:30",
            "sted": "Gol kulturhus",
            "tittel": "Reiserunde: Gol",
            "besokende": [candidate.pk],
            "rolle": "toppkandidat",
        },
    )
    assert response.status_code == 302
    stop = Aktivitet.objects.get()
    assert (stop.enhet, stop.vertslag, stop.type, stop.status) == (
        org.fylke,
        org.lag_b,
        "reiserunde",
        Status.PLANLAGT,
    )
    assert [b.medlem for b in stop.besok.all()] == [candidate]
    start, end = half_year(day)
    gol = next(r for r in visits_by_chapter(board_user, start, end) if r.chapter == org.lag_b)
    assert gol.planned == [stop] and not gol.visited
    # Gol's leader finds the visit among the chapter's activities.
    assert Aktivitet.objects.visible_to(leader_b).filter(pk=stop.pk).exists()


# --- Media --------------------------------------------------------------------------------------


def test_officers_register_media_for_their_own_chapter(client, org, leader_a, leader_b):
    client.force_login(leader_a)
    data = {
        "lokallag": org.lag_a.pk,
        "type": "kronikk",
        "dato": timezone.localdate().isoformat(),
        "medium": "Drammens Tidende",
        "tittel": "Sykehuset må ligge nær folk",
    }
    assert client.post("/aktiviteter/medier/ny/", data).status_code == 302
    refused = client.post("/aktiviteter/medier/ny/", {**data, "lokallag": org.lag_b.pk})
    assert refused.status_code == 200 and "lokallag" in refused.context["form"].errors
    missing = client.post("/aktiviteter/medier/ny/", {**data, "medium": ""})
    assert missing.context["form"].errors["medium"] == ["Feltet er påkrevet."]
    assert Medieoppslag.objects.count() == 1
    client.force_login(leader_b)
    assert "Sykehuset må ligge nær folk" not in client.get("/aktiviteter/medier/").content.decode()


def test_the_media_overview_counts_per_type_and_the_meetings_with_local_media(
    client, org, board_user
):
    year = timezone.localdate().year
    day = datetime.date(year, 1, 2)
    MedieoppslagFactory(lokallag=org.lag_a, type="intervju", dato=day)
    MedieoppslagFactory(lokallag=org.lag_a, type="intervju", dato=day)
    MedieoppslagFactory(lokallag=org.lag_a, type="lokalradio", dato=day)
    MedieoppslagFactory(lokallag=org.lag_b, type="kronikk", dato=day.replace(year=year - 1))
    AktivitetFactory(enhet=org.lag_a, type="lokalmedia", dato=day)
    units = {u.slug: u for u in media_by_chapter(board_user, year)}
    drammen = dict(units["drammen"].per_type)
    assert drammen["Intervju / reportasje"] == 2 and drammen["Lokalradio / nett-TV"] == 1
    assert (units["drammen"].antall_oppslag, units["drammen"].antall_mediemoter) == (3, 1)
    assert units["gol"].antall_oppslag == 0  # last year's does not count
    client.force_login(board_user)
    assert client.get("/aktiviteter/medier/", {"aar": year - 1}).status_code == 200
