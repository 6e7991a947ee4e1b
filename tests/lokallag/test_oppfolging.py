"""The county board follows up every chapter (issue 10): who is responsible, the start page,
the contact log with follow-ups and who reads it, and the warnings on the right dates."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from lokallag.models import ByEllerBygd, Lokallag, Rolle, Verv
from lokallag.oppfolging import selectors
from lokallag.oppfolging.models import Oppfolging
from tests.factories import (
    AktivitetFactory,
    LokallagFactory,
    MedlemFactory,
    OppfolgingFactory,
    VervFactory,
)

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by the heading with this id."""
    match = re.search(rf'aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, heading_id
    return match.group(0)


def board_member(user):
    return user.medlem


@pytest.fixture
def districts(org, board_user):
    """The board member represents district A (Drammen); a colleague represents district B
    (Gol). Lier (district A) is given to the colleague; Flå (district B) to the board member."""
    colleague = MedlemFactory(lokallag=org.lag_b, fornavn="Kolbjørn", etternavn="Kollega")
    VervFactory(
        medlem=board_member(board_user),
        enhet=org.fylke,
        rolle=Rolle.DISTRIKTSREPRESENTANT,
        distrikt=org.distrikt_a,
    )
    VervFactory(
        medlem=colleague,
        enhet=org.fylke,
        rolle=Rolle.DISTRIKTSREPRESENTANT,
        distrikt=org.distrikt_b,
    )
    lier = LokallagFactory(
        navn="Lier Senterparti",
        slug="lier",
        distrikt=org.distrikt_a,
        oppfolgingsansvarlig=colleague,
    )
    fla = LokallagFactory(
        navn="Flå Senterparti",
        slug="fla",
        distrikt=org.distrikt_b,
        oppfolgingsansvarlig=board_member(board_user),
    )
    return {"colleague": colleague, "lier": lier, "fla": fla}


def test_the_district_representative_is_responsible_unless_the_board_chose_another(
    org, board_user, districts
):
    mine = Lokallag.objects.ansvar_for(board_member(board_user).pk)
    assert set(mine.values_list("slug", flat=True)) == {"drammen", "fla"}
    theirs = Lokallag.objects.ansvar_for(districts["colleague"].pk)
    assert set(theirs.values_list("slug", flat=True)) == {"gol", "lier"}
    # The colleague leaves the board: Lier falls back to district A's representative.
    Verv.objects.filter(medlem=districts["colleague"]).update(
        til_dato=timezone.localdate() - datetime.timedelta(days=1)
    )
    mine = Lokallag.objects.ansvar_for(board_member(board_user).pk)
    assert set(mine.values_list("slug", flat=True)) == {"drammen", "fla", "lier"}
    assert not Lokallag.objects.ansvar_for(districts["colleague"].pk).exists()


def test_a_board_member_sees_only_their_chapters_on_the_start_page_and_all_in_the_overview(
    client, org, board_user, districts
):
    client.force_login(board_user)
    html = client.get("/").content.decode()
    mine = section(html, "mine-lokallag")
    assert "Drammen Senterparti" in mine
    assert "Flå Senterparti" in mine
    assert "Gol Senterparti" not in mine
    assert "Lier Senterparti" not in mine
    own_page = client.get("/oppfolging/").content.decode()
    assert "Flå Senterparti" in own_page and "Lier Senterparti" not in own_page

    overview = client.get("/oppfolging/alle/").content.decode()
    for name in ("Drammen", "Gol", "Lier", "Flå"):
        assert f"{name} Senterparti" in overview
    # The overview names who follows each chapter up.
    assert "Kolbjørn Kollega" in overview


def test_a_chapter_leader_reads_their_chapters_log_and_no_other(client, org, leader_a, board_user):
    ours = OppfolgingFactory(lokallag=org.lag_a, referat="Drammen: planla standene.")
    theirs = OppfolgingFactory(lokallag=org.lag_b, referat="Gol: styret er slitent.")
    client.force_login(leader_a)

    log = client.get("/oppfolging/lag/drammen/")
    assert log.status_code == 200
    assert "Drammen: planla standene." in log.content.decode()
    assert "Gol: styret er slitent." not in log.content.decode()
    assert "Drammen: planla standene." in client.get("/lokallag/drammen/").content.decode()
    assert client.get(f"/oppfolging/{ours.pk}/").status_code == 200

    assert client.get("/oppfolging/lag/gol/").status_code == 404
    assert client.get(f"/oppfolging/{theirs.pk}/").status_code == 404
    assert client.post(f"/oppfolging/{theirs.pk}/utfort/").status_code == 404
    assert client.get(f"/oppfolging/{theirs.pk}/endre/").status_code == 404
    # Guessing ids finds nothing but their own.
    readable = [
        pk for pk in range(1, theirs.pk + 5) if client.get(f"/oppfolging/{pk}/").status_code == 200
    ]
    assert readable == [ours.pk]
    # A plain member and an officer of another chapter read nothing of it.
    assert set(Oppfolging.objects.visible_to(leader_a)) == {ours}
    assert set(Oppfolging.objects.visible_to(board_user)) == {ours, theirs}


def test_a_board_member_logs_a_contact_with_a_follow_up(client, org, board_user):
    client.force_login(board_user)
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    form = client.get("/oppfolging/ny/?lokallag=drammen")
    assert form.status_code == 200
    response = client.post(
        "/oppfolging/ny/",
        {
            "lokallag": org.lag_a.pk,
            "dato": timezone.localdate().isoformat(),
            "kontaktform": "telefon",
            "referat": "Ringte om valgkampen.",
            "neste_steg": "Sende vervebrosjyrer",
            "frist": next_week.isoformat(),
            "ansvarlig": board_member(board_user).pk,
        },
    )
    assert response.status_code == 302
    entry = Oppfolging.objects.get()
    assert (entry.registrert_av, entry.frist, entry.er_apen) == (board_user, next_week, True)
    home = client.get("/").content.decode()
    assert "Sende vervebrosjyrer" in section(home, "mine-oppfolginger")

    client.post(f"/oppfolging/{entry.pk}/utfort/")
    entry.refresh_from_db()
    assert entry.utfort == timezone.localdate()
    assert 'id="mine-oppfolginger"' not in client.get("/").content.decode()


def test_a_follow_up_needs_a_due_date_and_an_owner_and_nothing_is_half_saved(
    client, org, board_user, leader_b
):
    client.force_login(board_user)
    data = {
        "lokallag": org.lag_a.pk,
        "dato": timezone.localdate().isoformat(),
        "kontaktform": "mote",
        "referat": "Møte om økonomien.",
        "neste_steg": "Sende budsjettmal",
    }
    response = client.post("/oppfolging/ny/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["frist"] == ["Oppfølgingen trenger en frist."]
    assert errors["ansvarlig"] == ["Oppfølgingen trenger en ansvarlig."]
    # Gol's leader cannot own a follow-up about Drammen; a date in the future is refused.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        "/oppfolging/ny/",
        {
            **data,
            "dato": tomorrow.isoformat(),
            "frist": tomorrow.isoformat(),
            "ansvarlig": leader_b.medlem.pk,
        },
    )
    errors = response.context["form"].errors
    assert "ansvarlig" in errors
    assert errors["dato"] == ["Kontakten kan ikke være fram i tid."]
    assert not Oppfolging.objects.exists()


def test_the_chapters_own_officer_can_own_and_close_a_follow_up(client, org, leader_a, leader_b):
    entry = OppfolgingFactory(
        lokallag=org.lag_a,
        neste_steg="Sende årsmøtereferatet",
        frist=timezone.localdate() + datetime.timedelta(days=3),
        ansvarlig=leader_a.medlem,
    )
    entry.full_clean()
    client.force_login(leader_b)
    assert client.post(f"/oppfolging/{entry.pk}/utfort/").status_code == 404
    client.force_login(leader_a)
    page = client.get("/lokallag/drammen/").content.decode()
    assert "Sende årsmøtereferatet" in section(page, "oppfolging")
    assert client.post(f"/oppfolging/{entry.pk}/utfort/").status_code == 302
    entry.refresh_from_db()
    assert entry.utfort == timezone.localdate()
    # Only the author (and admins) correct an entry; the leader reads it.
    assert client.get(f"/oppfolging/{entry.pk}/endre/").status_code == 404


def test_only_the_author_or_an_admin_corrects_an_entry(client, org, board_user, admin_user):
    other_board = MedlemFactory(lokallag=org.lag_a)
    VervFactory(medlem=other_board, enhet=org.fylke, rolle=Rolle.KASSERER)
    entry = OppfolgingFactory(lokallag=org.lag_a, registrert_av=admin_user)
    client.force_login(board_user)
    assert client.get(f"/oppfolging/{entry.pk}/endre/").status_code == 404
    client.force_login(admin_user)
    response = client.post(
        f"/oppfolging/{entry.pk}/endre/",
        {
            "lokallag": org.lag_a.pk,
            "dato": entry.dato.isoformat(),
            "kontaktform": "epost",
            "referat": "Rettet: det var en e-post.",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.kontaktform, entry.referat) == ("epost", "Rettet: det var en e-post.")


def test_the_board_sets_who_follows_up_and_town_or_village(client, org, board_user, leader_a):
    other = MedlemFactory(lokallag=org.lag_a, fornavn="Oda", etternavn="Oppfølger")
    VervFactory(medlem=other, enhet=org.fylke, rolle=Rolle.FYLKESSTYREMEDLEM)
    not_on_board = MedlemFactory(lokallag=org.lag_a)
    client.force_login(board_user)
    url = "/oppfolging/lag/drammen/ansvar/"
    refused = client.post(url, {"oppfolgingsansvarlig": not_on_board.pk, "by_eller_bygd": "by"})
    assert refused.status_code == 200
    assert "oppfolgingsansvarlig" in refused.context["form"].errors
    assert (
        client.post(url, {"oppfolgingsansvarlig": other.pk, "by_eller_bygd": "by"}).status_code
        == 302
    )
    org.lag_a.refresh_from_db()
    assert (org.lag_a.oppfolgingsansvarlig, org.lag_a.by_eller_bygd) == (other, ByEllerBygd.BY)
    client.force_login(leader_a)
    assert client.get(url).status_code == 404


# --- Warnings on the right dates --------------------------------------------------------------


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12), OSLO), tick=False)


def warnings_of(user, slug: str) -> list[str]:
    chapter = next(c for c in selectors.my_chapters(user) if c.slug == slug)
    return chapter.varsler


@pytest.fixture
def followed(org, board_user, leader_a):
    """Drammen, followed up by the board member: a leader (since 2020), a women's contact
    until 30 June 2026, a held meeting on 2 March 2026 and a phone call on 6 March 2026."""
    Lokallag.objects.filter(pk=org.lag_a.pk).update(oppfolgingsansvarlig=board_member(board_user))
    VervFactory(
        medlem=MedlemFactory(lokallag=org.lag_a),
        enhet=org.lag_a,
        rolle=Rolle.SENTERKVINNEKONTAKT,
        til_dato=datetime.date(2026, 6, 30),
    )
    AktivitetFactory(enhet=org.lag_a, dato=datetime.date(2026, 3, 2))
    OppfolgingFactory(lokallag=org.lag_a, dato=datetime.date(2026, 3, 6))
    return org.lag_a


def test_no_activity_warning_from_day_91_until_the_next_activity(board_user, followed):
    with at(datetime.date(2026, 3, 2) + datetime.timedelta(days=90)):
        assert "Ingen aktivitet på 90 dager" not in warnings_of(board_user, "drammen")
    with at(datetime.date(2026, 3, 2) + datetime.timedelta(days=91)):
        assert "Ingen aktivitet på 90 dager" in warnings_of(board_user, "drammen")
        # A cancelled meeting is no activity; a held one is.
        AktivitetFactory(enhet=followed, dato=timezone.localdate(), status="avlyst")
        assert "Ingen aktivitet på 90 dager" in warnings_of(board_user, "drammen")
        AktivitetFactory(enhet=followed, dato=timezone.localdate())
        assert "Ingen aktivitet på 90 dager" not in warnings_of(board_user, "drammen")


def test_no_contact_warning_after_eight_weeks_until_the_next_contact(client, board_user, followed):
    client.force_login(board_user)
    with at(datetime.date(2026, 3, 6) + datetime.timedelta(weeks=8)):
        assert "Ingen kontakt på 8 uker" not in warnings_of(board_user, "drammen")
    with at(datetime.date(2026, 3, 6) + datetime.timedelta(weeks=8, days=1)):
        assert "Ingen kontakt på 8 uker" in warnings_of(board_user, "drammen")
        assert "Ingen kontakt på 8 uker" in section(
            client.get("/").content.decode(), "mine-lokallag"
        )
        OppfolgingFactory(lokallag=followed, dato=timezone.localdate())
        assert "Ingen kontakt på 8 uker" not in warnings_of(board_user, "drammen")


def test_vacant_offices_are_warned_from_the_day_after_the_office_ends(
    board_user, leader_a, followed
):
    with at(datetime.date(2026, 4, 1)):
        assert warnings_of(board_user, "drammen") == []
    with at(datetime.date(2026, 6, 30)):
        assert "Mangler senterkvinnekontakt" not in warnings_of(board_user, "drammen")
    with at(datetime.date(2026, 7, 1)):
        assert "Mangler senterkvinnekontakt" in warnings_of(board_user, "drammen")
        assert "Mangler leder" not in warnings_of(board_user, "drammen")
    Verv.objects.filter(medlem__bruker=leader_a).update(til_dato=datetime.date(2026, 8, 31))
    with at(datetime.date(2026, 9, 1)):
        assert "Mangler leder" in warnings_of(board_user, "drammen")
    # A new women's contact from 15 September takes that warning away on the day.
    VervFactory(
        medlem=MedlemFactory(lokallag=followed),
        enhet=followed,
        rolle=Rolle.SENTERKVINNEKONTAKT,
        fra_dato=datetime.date(2026, 9, 15),
    )
    with at(datetime.date(2026, 9, 14)):
        assert "Mangler senterkvinnekontakt" in warnings_of(board_user, "drammen")
    with at(datetime.date(2026, 9, 15)):
        assert "Mangler senterkvinnekontakt" not in warnings_of(board_user, "drammen")


def test_a_chapter_never_contacted_or_active_is_warned(org, board_user):
    Lokallag.objects.filter(pk=org.lag_b.pk).update(oppfolgingsansvarlig=board_member(board_user))
    assert warnings_of(board_user, "gol") == [
        "Mangler leder",
        "Mangler senterkvinnekontakt",
        "Ingen aktivitet registrert",
        "Ingen kontakt registrert",
    ]


# --- Privacy ------------------------------------------------------------------------------------


def test_erasure_redacts_the_member_from_the_log_and_the_media_and_export_lists_follow_ups(
    client, org, admin_user, board_user
):
    from medlemmer import innsyn
    from tests.conftest import login_reauthenticated
    from tests.factories import MedieoppslagFactory

    sigrun = MedlemFactory(
        lokallag=org.lag_a, fornavn="Sigrun", etternavn="Sporløs", telefon="97531864"
    )
    VervFactory(medlem=sigrun, enhet=org.lag_a, rolle=Rolle.KASSERER)
    entry = OppfolgingFactory(
        lokallag=org.lag_a,
        referat="Snakket med SIGRUN SPORLØS (tlf 97531864) om regnskapet.",
        neste_steg="Sigrun Sporløs sender regnskapet",
        frist=timezone.localdate() + datetime.timedelta(days=5),
        ansvarlig=sigrun,
    )
    oppslag = MedieoppslagFactory(lokallag=org.lag_a, tittel="Intervju med Sigrun Sporløs")
    exported = innsyn.member_data(sigrun)["oppfolging_av_lokallag"]
    assert exported["oppfolgingspunkter"][0]["oppfolging"] == "Sigrun Sporløs sender regnskapet"

    login_reauthenticated(client, "admin@test.no")
    response = client.post(f"/medlemmer/{sigrun.pk}/anonymiser/", {"bekreft": "on"})
    assert response.status_code == 302
    entry.refresh_from_db()
    oppslag.refresh_from_db()
    assert entry.referat == "Snakket med [sladdet] (tlf [sladdet]) om regnskapet."
    assert entry.neste_steg == "[sladdet] sender regnskapet"
    assert oppslag.tittel == "Intervju med [sladdet]"
