"""Who reaches the election pages and the campaign plan, and what each may change: admins and
the county's campaign committee plan for every chapter, a chapter's committee for its own; the
board reads every chapter and changes nothing (403); a leader reads their own chapter; a plain
member gets 404. Bad input gets a message at its field and saves nothing."""

from __future__ import annotations

import pytest

from aktiviteter.valg.models import Maalart, Valg, Valgkampmaal, Valgtype
from buskerud_sp.core.models import AuditAction, AuditEntry

from .conftest import D, maal

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(personas, fylkesutvalg, gol_utvalg):
    return {**personas, "fylkesutvalg": fylkesutvalg, "gol_utvalg": gol_utvalg}


@pytest.fixture
def gol_stand(valg, org):
    return maal(valg, org.lag_b, Maalart.STAND, 4, 14)


def _status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


EXPECTED = {
    # persona: (index, detail, plan GET, chapter page of Gol, goal edit GET, goal delete POST)
    "admin": (200, 200, 200, 200, 200, 302),
    "board": (200, 200, 200, 200, 403, 403),
    "leader_a": (200, 200, 200, 404, 404, 404),
    "leader_b": (200, 200, 200, 200, 403, 403),
    "fylkesutvalg": (200, 200, 200, 200, 200, 302),
    "gol_utvalg": (200, 200, 200, 200, 200, 302),
    "member": (404, 404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_reaches_what_is_theirs(persona, users, valg, gol_stand, client, clock):
    urls = [
        ("get", "/valg/"),
        ("get", f"/valg/{valg.pk}/"),
        ("get", f"/valg/{valg.pk}/plan/"),
        ("get", f"/valg/{valg.pk}/lag/gol/"),
        ("get", f"/valg/{valg.pk}/plan/{gol_stand.pk}/endre/"),
        ("post", f"/valg/{valg.pk}/plan/{gol_stand.pk}/slett/"),
    ]
    got = tuple(_status(client, users[persona], url, method) for method, url in urls)
    assert got == EXPECTED[persona]
    assert Valgkampmaal.objects.filter(pk=gol_stand.pk).exists() == (EXPECTED[persona][5] != 302)


def test_anonymous_visitors_are_sent_to_the_login(valg, client):
    assert client.get("/valg/").status_code == 302
    assert client.get(f"/valg/{valg.pk}/plan/").status_code == 302


def test_only_admins_create_and_edit_elections(users, valg, client):
    for persona in ("board", "leader_a", "fylkesutvalg", "member"):
        assert _status(client, users[persona], "/valg/nytt/") == 404
        assert _status(client, users[persona], f"/valg/{valg.pk}/endre/") == 404
    assert _status(client, users["admin"], "/valg/nytt/") == 200


def test_the_leader_sees_only_their_own_chapter_on_the_election_page(
    users, valg, org, client, clock
):
    maal(valg, org.lag_a, Maalart.STAND, 2, 14)
    maal(valg, org.lag_b, Maalart.STAND, 3, 14)
    client.force_login(users["leader_a"])
    page = client.get(f"/valg/{valg.pk}/").content.decode()
    assert "Drammen Senterparti" in page and "Gol Senterparti" not in page
    assert "Bare de som ligger etter" not in page
    client.force_login(users["board"])
    page = client.get(f"/valg/{valg.pk}/").content.decode()
    assert "Drammen Senterparti" in page and "Gol Senterparti" in page


def test_the_menu_shows_valg_to_those_it_is_for(users, client):
    for persona, shown in (("board", True), ("fylkesutvalg", True), ("member", False)):
        client.force_login(users[persona])
        assert ('href="/valg/"' in client.get("/datoplan/").content.decode()) is shown, persona


# --- Setting goals ----------------------------------------------------------------------


def _plan_post(client, valg, **data):
    base = {"art": Maalart.STAND, "antall": "3", "dager_for": "14", "hvem": "alle"}
    return client.post(f"/valg/{valg.pk}/plan/", {**base, **data})


def test_the_county_committee_sets_a_goal_for_every_chapter_at_once(users, valg, org, client):
    client.force_login(users["fylkesutvalg"])
    response = _plan_post(client, valg)
    assert response.status_code == 302
    goals = Valgkampmaal.objects.filter(valg=valg).order_by("lokallag__navn")
    assert [(g.lokallag.slug, g.antall, g.dager_for, g.frist) for g in goals] == [
        ("drammen", 3, 14, D(2027, 8, 30)),
        ("gol", 3, 14, D(2027, 8, 30)),
    ]
    entries = AuditEntry.objects.filter(object_type="aktiviteter.valgkampmaal")
    assert entries.count() == 2 and {e.action for e in entries} == {AuditAction.CREATE}
    # Again with another count: the same goals are changed, not doubled.
    _plan_post(client, valg, antall="5", hvem="distrikt", distrikt=str(org.distrikt_b.pk))
    assert dict(goals.values_list("lokallag__slug", "antall")) == {"drammen": 3, "gol": 5}


def test_a_chapter_committee_plans_only_its_own_chapter(users, valg, org, client):
    client.force_login(users["gol_utvalg"])
    page = client.get(f"/valg/{valg.pk}/plan/").content.decode()
    assert 'value="gol"' not in page  # the choices are ids; Drammen is not offered
    assert f'value="{org.lag_a.pk}"' not in page and f'value="{org.lag_b.pk}"' in page
    response = _plan_post(client, valg, hvem="valgte", lokallag=[str(org.lag_a.pk)])
    assert response.status_code == 200
    assert "lokallag" in response.context["form"].errors
    assert not Valgkampmaal.objects.exists()
    _plan_post(client, valg)  # «alle lag»: every chapter they plan for, i.e. Gol
    assert list(Valgkampmaal.objects.values_list("lokallag__slug", flat=True)) == ["gol"]


@pytest.mark.parametrize("persona", ["board", "leader_b"])
def test_those_who_read_the_plan_cannot_change_it(persona, users, valg, client):
    client.force_login(users[persona])
    page = client.get(f"/valg/{valg.pk}/plan/").content.decode()
    assert "Sett målet" not in page
    assert _plan_post(client, valg).status_code == 403
    assert not Valgkampmaal.objects.exists()


def test_a_plain_member_cannot_post_to_the_plan(users, valg, client):
    client.force_login(users["member"])
    assert _plan_post(client, valg).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"antall": "0"}, "antall", "større enn eller lik 1"),
        ({"antall": "x"}, "antall", "heltall"),
        ({"dager_for": "200"}, "dager_for", "Fristen kan ikke være før valgkampen begynner"),
        ({"dager_for": "-1"}, "dager_for", "større enn eller lik 0"),
        ({"hvem": "distrikt"}, "distrikt", "Velg et distrikt."),
        ({"hvem": "valgte"}, "lokallag", "Kryss av for minst ett lokallag."),
        ({"art": "fest"}, "art", "Velg et gyldig valg"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    data, field, message, users, valg, client
):
    client.force_login(users["admin"])
    response = _plan_post(client, valg, **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not Valgkampmaal.objects.exists()
    assert message in response.content.decode()


def test_the_committee_edits_and_deletes_a_single_goal_with_audit(users, valg, gol_stand, client):
    client.force_login(users["gol_utvalg"])
    url = f"/valg/{valg.pk}/plan/{gol_stand.pk}/endre/"
    response = client.post(url, {"antall": "6", "dager_for": "500"})
    assert "dager_for" in response.context["form"].errors
    gol_stand.refresh_from_db()
    assert (gol_stand.antall, gol_stand.dager_for) == (4, 14)
    assert client.post(url, {"antall": "6", "dager_for": "21"}).status_code == 302
    gol_stand.refresh_from_db()
    assert (gol_stand.antall, gol_stand.dager_for) == (6, 21)
    entry = AuditEntry.objects.get(object_type="aktiviteter.valgkampmaal", action="update")
    assert entry.data == {"felt": ["antall", "dager_for"]}
    assert client.post(f"/valg/{valg.pk}/plan/{gol_stand.pk}/slett/").status_code == 302
    assert not Valgkampmaal.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE).count() == 1


def test_a_goal_is_reached_only_through_its_own_election(users, valg, gol_stand, client):
    other = Valg.objects.create(
        type=Valgtype.STORTING, dato=D(2029, 9, 10), kampanjestart=D(2029, 3, 1)
    )
    client.force_login(users["admin"])
    assert client.get(f"/valg/{other.pk}/plan/{gol_stand.pk}/endre/").status_code == 404


# --- Reporting social-media posts ------------------------------------------------------


def test_the_chapter_officers_report_posts_only_for_reported_kinds(
    users, valg, org, gol_stand, client, clock
):
    posts = maal(valg, org.lag_b, Maalart.SOSIALE_MEDIER, 20, 0)
    client.force_login(users["leader_b"])
    url = f"/valg/{valg.pk}/plan/{posts.pk}/rapport/"
    assert client.post(url, {"rapportert": "7"}).status_code == 302
    posts.refresh_from_db()
    assert (posts.rapportert, posts.rapportert_dato) == (7, D(2027, 6, 15))
    response = client.post(url, {"rapportert": "-3"}, follow=True)
    assert "større enn eller lik 0" in response.content.decode()
    posts.refresh_from_db()
    assert posts.rapportert == 7
    stand = f"/valg/{valg.pk}/plan/{gol_stand.pk}/rapport/"
    response = client.post(stand, {"rapportert": "9"}, follow=True)
    assert "telles fra lagets aktiviteter" in response.content.decode()
    gol_stand.refresh_from_db()
    assert gol_stand.rapportert is None
    for persona, status in (("board", 403), ("leader_a", 404), ("member", 404)):
        assert _status(client, users[persona], url, "post", {"rapportert": "1"}) == status
    posts.refresh_from_db()
    assert posts.rapportert == 7


# --- Elections ----------------------------------------------------------------------------


def test_the_admin_creates_an_election_and_bad_dates_are_refused_at_the_field(users, valg, client):
    client.force_login(users["admin"])
    response = client.post(
        "/valg/nytt/",
        {"type": Valgtype.KOMMUNE_FYLKE, "dato": "2027-09-13", "kampanjestart": "2027-01-01"},
    )
    assert response.context["form"].errors == {"dato": ["Dette valget finnes allerede."]}
    response = client.post(
        "/valg/nytt/",
        {"type": Valgtype.STORTING, "dato": "2029-09-10", "kampanjestart": "2029-09-11"},
    )
    assert response.context["form"].errors == {
        "kampanjestart": ["Valgkampen må begynne før valgdagen."]
    }
    assert Valg.objects.count() == 1
    response = client.post(
        "/valg/nytt/",
        {"type": Valgtype.STORTING, "dato": "2029-09-10", "kampanjestart": "2029-03-01"},
    )
    new = Valg.objects.get(type=Valgtype.STORTING)
    assert response.url == f"/valg/{new.pk}/"
    assert AuditEntry.objects.filter(object_type="aktiviteter.valg", action="create").exists()
    response = client.post(
        f"/valg/{valg.pk}/endre/",
        {"type": Valgtype.KOMMUNE_FYLKE, "dato": "2027-09-13", "kampanjestart": "2027-02-01"},
    )
    valg.refresh_from_db()
    assert valg.kampanjestart == D(2027, 2, 1)


def test_the_index_lists_coming_elections_first(users, valg, client, clock):
    Valg.objects.create(type=Valgtype.STORTING, dato=D(2025, 9, 8), kampanjestart=D(2025, 3, 1))
    Valg.objects.create(type=Valgtype.STORTING, dato=D(2029, 9, 10), kampanjestart=D(2029, 3, 1))
    client.force_login(users["board"])
    page = client.get("/valg/").content.decode()
    assert (
        page.index("Kommunestyre- og fylkestingsvalg 2027")
        < page.index("Stortingsvalg 2029")
        < page.index("Tidligere valg")
        < page.index("Stortingsvalg 2025")
    )
