"""The permission matrix: every URL the portal has × the five personas and an anonymous visitor.

The URL resolver is walked, so a new URL without an entry here fails ``test_every_url_is_in_the_matrix``.
Objects in the matrix belong to chapter B (Gol): chapter A's leader must get 404 for them.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lokallag.models import Rolle
from tests.conftest import build_org, build_personas, module_transaction, pinned_clock
from tests.factories import MedlemFactory, MedlemsimportFactory, VervFactory

PERSONAS = ("anon", "admin", "board", "leader_a", "leader_b", "member")

# Namespaces guarded by their own packages: allauth's account pages and Django's admin
# (staff only; checked separately below).
EXTERNAL_PREFIXES = ("konto/", "admin/")

LOGIN = 302  # anonymous visitors are sent to the login page


def row(anon=LOGIN, admin=200, board=200, leader_a=404, leader_b=200, member=404):
    return dict(
        anon=anon, admin=admin, board=board, leader_a=leader_a, leader_b=leader_b, member=member
    )


ADMIN_ONLY = row(board=404, leader_b=404)
BOARD_ONLY = row(leader_b=404)
REAUTH_ADMIN = row(admin=302, board=404, leader_b=404)

# name -> (kwargs builder, expected status per persona, method)
MATRIX = {
    # The board and admins get the dashboard; a leader is sent to the chapter, a member home.
    "home": (lambda d: {}, row(leader_a=302, leader_b=302, member=302), "get"),
    # Public monitoring; tested in tests/portal/test_health.py.
    "health": (lambda d: {}, None, "get"),
    # Anyone's language choice, logged in or not; tested in tests/portal/test_language.py.
    "set_language": (lambda d: {}, None, "post"),
    "audit": (lambda d: {}, ADMIN_ONLY, "get"),
    "lokallag:list": (lambda d: {}, row(leader_a=200, member=200), "get"),
    "lokallag:detail": (lambda d: {"slug": d["lag_b"].slug}, row(), "get"),
    "lokallag:edit": (lambda d: {"slug": d["lag_b"].slug}, row(board=404), "get"),
    "lokallag:office_create": (lambda d: {"slug": d["lag_b"].slug}, ADMIN_ONLY, "get"),
    "lokallag:office_end": (
        lambda d: {"slug": d["lag_b"].slug, "pk": d["verv_b"].pk},
        ADMIN_ONLY,
        "get",
    ),
    "medlemmer:list": (lambda d: {}, row(leader_a=200, member=200), "get"),
    "medlemmer:detail": (lambda d: {"pk": d["medlem_b"].pk}, row(), "get"),
    "medlemmer:create": (lambda d: {}, ADMIN_ONLY, "get"),
    "medlemmer:edit": (lambda d: {"pk": d["medlem_b"].pk}, ADMIN_ONLY, "get"),
    "medlemmer:end": (lambda d: {"pk": d["medlem_b"].pk}, ADMIN_ONLY, "get"),
    "medlemmer:retention": (lambda d: {}, ADMIN_ONLY, "get"),
    # Admins are first asked to confirm their password (allauth reauthentication): 302.
    "medlemmer:data_export": (lambda d: {"pk": d["medlem_b"].pk}, REAUTH_ADMIN, "get"),
    "medlemmer:data_export_json": (lambda d: {"pk": d["medlem_b"].pk}, REAUTH_ADMIN, "get"),
    "medlemmer:data_export_text": (lambda d: {"pk": d["medlem_b"].pk}, REAUTH_ADMIN, "get"),
    "medlemmer:erase": (lambda d: {"pk": d["medlem_b"].pk}, REAUTH_ADMIN, "get"),
    # GET only redirects to the member page; the invitation itself is a POST (tested apart).
    "medlemmer:invite": (
        lambda d: {"pk": d["medlem_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "get",
    ),
    # Import and export are for admins only (POST flows: tests/medlemmer/test_import_views.py).
    "medlemmer:export": (lambda d: {}, REAUTH_ADMIN, "get"),
    "medlemmer:import": (lambda d: {}, row(board=404, leader_b=404), "get"),
    "medlemmer:import_detail": (
        lambda d: {"pk": d["medlemsimport"].pk},
        row(board=404, leader_b=404),
        "get",
    ),
    # Activities: readers are the board, admins and chapter officers; registrars are a
    # chapter's officers (their chapter), the board (the county) and admins (everything).
    "aktiviteter:list": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:calendar": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:calendar_link": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:create": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:member_search": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:detail": (lambda d: {"pk": d["aktivitet_b"].pk}, row(), "get"),
    "aktiviteter:edit": (lambda d: {"pk": d["aktivitet_b"].pk}, row(board=404), "get"),
    "aktiviteter:result": (lambda d: {"pk": d["aktivitet_b"].pk}, row(board=404), "get"),
    # The admin deletes it first; tests/aktiviteter/test_registration.py checks each persona.
    "aktiviteter:delete": (
        lambda d: {"pk": d["aktivitet_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "aktiviteter:course_list": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:course_create": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:course_detail": (lambda d: {"pk": d["kurs_b"].pk}, row(), "get"),
    "aktiviteter:course_edit": (lambda d: {"pk": d["kurs_b"].pk}, row(board=404), "get"),
    "aktiviteter:participant_add": (lambda d: {"pk": d["kurs_b"].pk}, row(board=404), "get"),
    "aktiviteter:session_create": (lambda d: {"pk": d["kurs_b"].pk}, row(board=404), "get"),
    "aktiviteter:session_edit": (
        lambda d: {"pk": d["kurs_b"].pk, "samling": d["samling_b"].pk},
        row(board=404),
        "get",
    ),
    "aktiviteter:attendance_xlsx": (lambda d: {"pk": d["kurs_b"].pk}, row(), "get"),
    "aktiviteter:attendance_pdf": (lambda d: {"pk": d["kurs_b"].pk}, row(), "get"),
    "aktiviteter:group_list": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:group_create": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:group_detail": (lambda d: {"pk": d["gruppe_b"].pk}, row(), "get"),
    "aktiviteter:group_edit": (lambda d: {"pk": d["gruppe_b"].pk}, row(board=404), "get"),
    # The county's follow-up of the chapters (issue 10): the board's pages are the board's
    # and admins'; a chapter's officers read the log about their own chapter.
    "oppfolging:mine": (lambda d: {}, BOARD_ONLY, "get"),
    "oppfolging:overview": (lambda d: {}, BOARD_ONLY, "get"),
    "oppfolging:town_and_village": (lambda d: {}, BOARD_ONLY, "get"),
    "oppfolging:create": (lambda d: {}, BOARD_ONLY, "get"),
    "oppfolging:chapter": (lambda d: {"slug": d["lag_b"].slug}, row(), "get"),
    "oppfolging:chapter_settings": (lambda d: {"slug": d["lag_b"].slug}, BOARD_ONLY, "get"),
    "oppfolging:detail": (lambda d: {"pk": d["oppfolging_b"].pk}, row(), "get"),
    # Written by the board member: they and admins correct it.
    "oppfolging:edit": (lambda d: {"pk": d["oppfolging_b"].pk}, BOARD_ONLY, "get"),
    # Owned by the board member; doing it again changes nothing (tests/lokallag/test_oppfolging.py).
    "oppfolging:done": (
        lambda d: {"pk": d["oppfolging_b"].pk},
        row(admin=302, board=302, leader_b=404),
        "post",
    ),
    "aktiviteter:visits": (lambda d: {}, BOARD_ONLY, "get"),
    "aktiviteter:tour_plan": (lambda d: {}, BOARD_ONLY, "get"),
    "aktiviteter:visit_add": (lambda d: {"pk": d["aktivitet_b"].pk}, BOARD_ONLY, "get"),
    # The admin removes it first.
    "aktiviteter:visit_delete": (
        lambda d: {"pk": d["aktivitet_b"].pk, "besok": d["besok_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "aktiviteter:cohosts": (lambda d: {"pk": d["aktivitet_b"].pk}, row(board=404), "get"),
    "aktiviteter:media_list": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:media_create": (lambda d: {}, row(leader_a=200), "get"),
    "aktiviteter:media_edit": (lambda d: {"pk": d["medie_b"].pk}, row(board=404), "get"),
    "aktiviteter:media_delete": (
        lambda d: {"pk": d["medie_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    # The dashboard: the county's for the board and admins, the own chapter's for a leader.
    "dashbord:index": (lambda d: {}, row(leader_a=200), "get"),
    "dashbord:pdf": (lambda d: {}, row(leader_a=200), "get"),
    "dashbord:aarsmelding": (lambda d: {}, row(leader_b=404), "get"),
    "dashbord:maal_detail": (lambda d: {"pk": d["maal"].pk}, row(leader_b=404), "get"),
    "dashbord:maal_list": (lambda d: {}, ADMIN_ONLY, "get"),
    "dashbord:maal_create": (lambda d: {}, ADMIN_ONLY, "get"),
    "dashbord:maal_edit": (lambda d: {"pk": d["maal"].pk}, ADMIN_ONLY, "get"),
    # POST only; the admin is sent back to the list (tests/aktiviteter/test_dashbord_views.py).
    "dashbord:maal_defaults": (lambda d: {}, row(admin=302, board=404, leader_b=404), "post"),
    # The date plan: everyone logged in reads it; admins edit, publish and set the rules; the
    # board also sees the versions. POSTs: tests/aktiviteter/test_datoplan_views.py.
    "datoplan:index": (lambda d: {}, row(leader_a=200, member=200), "get"),
    "datoplan:pdf": (lambda d: {}, row(leader_a=200, member=200), "get"),
    "datoplan:create": (lambda d: {}, row(board=404, leader_b=404), "get"),
    "datoplan:edit": (lambda d: {"pk": d["punkt_b"].pk}, ADMIN_ONLY, "get"),
    "datoplan:held": (lambda d: {"pk": d["punkt_b"].pk}, ADMIN_ONLY, "get"),
    "datoplan:cancel": (
        lambda d: {"pk": d["punkt_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "datoplan:reopen": (
        lambda d: {"pk": d["punkt_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "datoplan:versions": (lambda d: {}, row(leader_b=404), "get"),
    "datoplan:publish": (lambda d: {}, ADMIN_ONLY, "get"),
    "datoplan:log": (lambda d: {}, ADMIN_ONLY, "get"),
    "datoplan:rules": (lambda d: {}, ADMIN_ONLY, "get"),
    "datoplan:rule_edit": (lambda d: {"pk": d["regel"].pk}, ADMIN_ONLY, "get"),
    "datoplan:deliveries": (lambda d: {}, ADMIN_ONLY, "get"),
    "datoplan:retry": (
        lambda d: {"pk": d["paaminnelse_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    # The signed token is the credential (and GET only asks): anyone holding it gets the page.
    "datoplan:unsubscribe": (
        lambda d: {"token": d["avmelding_b"]},
        row(anon=200, leader_a=200, member=200),
        "get",
    ),
    # The annual meeting cycle: the board and admins see every chapter's, a chapter's officers
    # their own; the chapter's officers (and admins) handle it, the board reads.
    "arsmote:index": (lambda d: {}, row(leader_a=200), "get"),
    "arsmote:oppsett": (lambda d: {}, ADMIN_ONLY, "get"),
    "arsmote:detail": (lambda d: {"pk": d["arsmote_b"].pk}, row(), "get"),
    "arsmote:dato": (lambda d: {"pk": d["arsmote_b"].pk}, row(board=302), "get"),
    "arsmote:holdt": (
        lambda d: {"pk": d["arsmote_b"].pk},
        row(admin=302, board=302, leader_b=302),
        "post",
    ),
    # The notice: the papers page (a member of the chapter reads it once it is sent), the
    # officers' pages (the board is sent back to the meeting), the admins' approvals.
    "arsmote:innkalling": (lambda d: {"pk": d["arsmote_b"].pk}, row(), "get"),
    "arsmote:innkalling_endre": (lambda d: {"pk": d["arsmote_b"].pk}, row(board=302), "get"),
    "arsmote:innkalling_send": (lambda d: {"pk": d["arsmote_b"].pk}, row(board=302), "get"),
    # No notice written yet: the officers are sent back to the meeting; the board may not
    # download the letters (the addresses of members without e-mail).
    "arsmote:innkalling_brev": (
        lambda d: {"pk": d["arsmote_b"].pk},
        row(admin=302, board=403, leader_b=302),
        "get",
    ),
    "arsmote:innkalling_sen": (lambda d: {"pk": d["arsmote_b"].pk}, row(board=302), "get"),
    "arsmote:innkalling_godkjenn": (
        lambda d: {"pk": d["arsmote_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "arsmote:godkjenning": (lambda d: {}, ADMIN_ONLY, "get"),
    # The election committee's proposal (its members and admins) and the registration of the
    # elected (the chapter's officers and admins).
    "arsmote:valgkomite": (lambda d: {"pk": d["arsmote_b"].pk}, ADMIN_ONLY, "get"),
    "arsmote:valgforslag_slett": (
        lambda d: {"pk": d["arsmote_b"].pk, "forslag_pk": d["valgforslag_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "arsmote:valg": (lambda d: {"pk": d["arsmote_b"].pk}, row(board=404), "get"),
    # The annual report: everyone who sees the meeting reads it; its officers deliver it, an
    # admin reopens it (the board may read, not change: 403).
    "arsmote:arsmelding": (lambda d: {"pk": d["arsmote_b"].pk}, row(), "get"),
    "arsmote:arsmelding_pdf": (lambda d: {"pk": d["arsmote_b"].pk}, row(), "get"),
    "arsmote:arsmelding_lever": (
        lambda d: {"pk": d["arsmote_b"].pk},
        row(admin=302, board=403, leader_b=302),
        "post",
    ),
    "arsmote:arsmelding_gjenaapne": (
        lambda d: {"pk": d["arsmote_b"].pk},
        row(admin=302, board=403, leader_b=403),
        "post",
    ),
    # Delegates: the chapter's list, and the admins' overview and files.
    "arsmote:delegater": (lambda d: {"pk": d["arsmote_b"].pk}, row(), "get"),
    # The admin (first in turn) removes the delegate; for the others it is gone.
    "arsmote:delegat_fjern": (
        lambda d: {"pk": d["arsmote_b"].pk, "delegat_pk": d["delegat_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "arsmote:delegat_flytt": (
        lambda d: {"pk": d["arsmote_b"].pk, "delegat_pk": d["delegat_b"].pk},
        row(admin=302, board=403, leader_b=302),
        "post",
    ),
    "arsmote:delegater_oversikt": (lambda d: {}, ADMIN_ONLY, "get"),
    "arsmote:delegater_csv": (lambda d: {}, REAUTH_ADMIN, "get"),
    "arsmote:delegater_pdf": (lambda d: {}, REAUTH_ADMIN, "get"),
    "arsmote:navnelapper_pdf": (lambda d: {}, REAUTH_ADMIN, "get"),
    # Newsletters and invitations: a chapter's officers write for their chapter, the board and
    # admins for the county (the board reads every chapter's, changes none); a member writes
    # nothing but answers their own invitations (/utsendinger/mine/; an admin without a
    # membership has none).
    "utsendinger:index": (lambda d: {}, row(leader_a=200), "get"),
    "utsendinger:ny": (lambda d: {}, row(leader_a=200), "get"),
    "utsendinger:detail": (lambda d: {"pk": d["utsending_b"].pk}, row(), "get"),
    "utsendinger:endre": (lambda d: {"pk": d["utsending_b"].pk}, row(board=404), "get"),
    "utsendinger:send": (lambda d: {"pk": d["utsending_b"].pk}, row(board=404), "get"),
    "utsendinger:test": (
        lambda d: {"pk": d["utsending_b"].pk},
        row(admin=302, board=404, leader_b=302),
        "post",
    ),
    # The admin (first in turn) deletes the draft; for the others it is gone.
    "utsendinger:slett": (
        lambda d: {"pk": d["utsending_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "utsendinger:invitasjon_ny": (lambda d: {}, row(leader_a=200), "get"),
    "utsendinger:invitasjon_endre": (
        lambda d: {"pk": d["invitasjon_b"].pk},
        row(board=404),
        "get",
    ),
    "utsendinger:mine": (lambda d: {}, row(admin=404, leader_a=200, member=200), "get"),
    # The signed token is the credential (GET only asks; the one-click POST is tested apart).
    "utsendinger:avmeld": (
        lambda d: {"token": d["avmelding_liste_b"]},
        row(anon=200, leader_a=200, member=200),
        "get",
    ),
    # The mail provider's webhook: refused without its basic auth and signature.
    "anymail:mailgun_tracking_webhook": (
        lambda d: {},
        row(anon=400, admin=400, board=400, leader_a=400, leader_b=400, member=400),
        "post",
    ),
    # Proposals of new members: a chapter's officers propose, admins confirm or reject.
    "medlemmer:forslag_list": (lambda d: {}, row(board=404, leader_a=200), "get"),
    "medlemmer:forslag_create": (lambda d: {}, row(board=404, leader_a=200), "get"),
    "medlemmer:forslag_detail": (lambda d: {"pk": d["forslag_b"].pk}, row(board=404), "get"),
    "medlemmer:forslag_godkjenn": (
        lambda d: {"pk": d["forslag_b"].pk},
        row(admin=200, board=404, leader_b=404),
        "post",
    ),
    "medlemmer:forslag_avvis": (
        lambda d: {"pk": d["forslag_b"].pk},
        row(admin=200, board=404, leader_b=404),
        "post",
    ),
    # Election years: the elections and the campaign plan (the board reads, the campaign
    # committee and admins change; a leader sees their own chapter).
    "valg:index": (lambda d: {}, row(leader_a=200), "get"),
    "valg:create": (lambda d: {}, ADMIN_ONLY, "get"),
    "valg:edit": (lambda d: {"pk": d["valg"].pk}, ADMIN_ONLY, "get"),
    "valg:detail": (lambda d: {"pk": d["valg"].pk}, row(leader_a=200), "get"),
    "valg:plan": (lambda d: {"pk": d["valg"].pk}, row(leader_a=200), "get"),
    "valg:lag": (lambda d: {"pk": d["valg"].pk, "slug": d["lag_b"].slug}, row(), "get"),
    "valg:maal_endre": (
        lambda d: {"pk": d["valg"].pk, "maal_pk": d["valgkampmaal_b"].pk},
        row(board=403, leader_b=403),
        "get",
    ),
    # The admin (first in turn) deletes the goal; for the others it is gone (before: 403).
    "valg:maal_slett": (
        lambda d: {"pk": d["valg"].pk, "maal_pk": d["valgkampmaal_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "valg:maal_rapport": (
        lambda d: {"pk": d["valg"].pk, "maal_pk": d["valgkampmaal_b"].pk},
        row(admin=302, board=403, leader_b=302),
        "post",
    ),
    # The results: county-wide figures every officer reads; admins enter and import them.
    "valg:resultater": (lambda d: {"pk": d["valg"].pk}, row(leader_a=200), "get"),
    "valg:resultat_ny": (lambda d: {"pk": d["valg"].pk}, ADMIN_ONLY, "get"),
    "valg:resultat_endre": (
        lambda d: {"pk": d["valg"].pk, "resultat_pk": d["valgresultat_b"].pk},
        ADMIN_ONLY,
        "get",
    ),
    "valg:resultat_slett": (
        lambda d: {"pk": d["valg"].pk, "resultat_pk": d["valgresultat_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "valg:resultat_import": (lambda d: {"pk": d["valg"].pk}, ADMIN_ONLY, "get"),
    "valg:resultat_mal": (lambda d: {}, ADMIN_ONLY, "get"),
    # The stands' rosters: the unit's officers run them; members take shifts of their own
    # chapter's and the county's stands.
    "valg:stand": (lambda d: {"pk": d["stand_b"].pk}, row(), "get"),
    "valg:stand_inviter": (lambda d: {"pk": d["stand_b"].pk}, row(board=404), "get"),
    "valg:vakt_ny": (lambda d: {"pk": d["stand_b"].pk}, row(board=404), "get"),
    "valg:vakt_endre": (
        lambda d: {"pk": d["stand_b"].pk, "vakt_pk": d["vakt_b"].pk},
        row(board=404),
        "get",
    ),
    # The shift has a sign-up: refused with a message, back to the roster.
    "valg:vakt_slett": (
        lambda d: {"pk": d["stand_b"].pk, "vakt_pk": d["vakt_b"].pk},
        row(admin=302, board=404, leader_b=302),
        "post",
    ),
    # The admin (first in turn) removes the sign-up; for the others it is gone.
    "valg:pamelding_fjern": (
        lambda d: {"pk": d["stand_b"].pk, "pamelding_pk": d["pamelding_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "valg:stand_legg_til": (
        lambda d: {"pk": d["stand_b"].pk},
        row(admin=302, board=404, leader_b=302),
        "post",
    ),
    "valg:vakter": (lambda d: {"pk": d["valg"].pk}, row(leader_a=200), "get"),
    "valg:mine_vakter": (lambda d: {}, row(admin=404, leader_a=200, member=200), "get"),
    "valg:ta_vakt": (
        lambda d: {"vakt_pk": d["vakt_b"].pk},
        row(admin=404, board=302, leader_b=302),
        "post",
    ),
    "valg:gi_fra_vakt": (
        lambda d: {"vakt_pk": d["vakt_b"].pk},
        row(admin=404, board=404, leader_b=302),
        "post",
    ),
    # The public calendar: anyone, no login.
    "arrangementer:list": (lambda d: {}, row(anon=200, leader_a=200, member=200), "get"),
    "arrangementer:ics": (lambda d: {}, row(anon=200, leader_a=200, member=200), "get"),
    "arrangementer:detail": (
        lambda d: {"pk": d["public_event_b"].pk},
        row(anon=200, leader_a=200, member=200),
        "get",
    ),
    "arrangementer:event_ics": (
        lambda d: {"pk": d["public_event_b"].pk},
        row(anon=200, leader_a=200, member=200),
        "get",
    ),
    # The signed token is the credential: the member it names reads the papers without a login.
    "svar": (
        lambda d: {"token": d["svar_b"]},
        row(anon=200, leader_a=200, member=200),
        "get",
    ),
    # The secret link is the credential: anyone holding it gets the owner's feed.
    "kalender_feed": (
        lambda d: {"token": d["kalender_b"].token},
        row(anon=200, leader_a=200, member=200),
        "get",
    ),
}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (f"{namespace}{p.name}" if p.name else None)


def portal_url_names() -> set[str]:
    names = set()
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith(EXTERNAL_PREFIXES):
            continue
        assert name, f"URL {route!r} has no name: every portal URL needs one (and a matrix row)"
        names.add(name)
    return names


def test_every_url_is_in_the_matrix():
    missing = portal_url_names() - set(MATRIX)
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"
    stale = set(MATRIX) - portal_url_names()
    assert not stale, f"Matrix rows for URLs that no longer exist: {sorted(stale)}"


@pytest.fixture(scope="module")
def shared(request, django_db_setup, django_db_blocker):
    """The organisation, the personas and chapter B's objects, made once for the module (the
    matrix has 160 tests that only request pages); each test's changes, such as the admin's
    deletions, are rolled back after it (tests/conftest.py, ``module_transaction``)."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock(), pinned_clock(request.config):
            org = build_org()
            personas = build_personas(org)
            data = _data(org, personas)
        yield org, personas, data


@pytest.fixture
def data(db, shared):
    return shared[2]


@pytest.fixture
def personas(db, shared):
    return shared[1]


@pytest.fixture
def org(db, shared):
    return shared[0]


@pytest.fixture
def leader_a(personas):
    return personas["leader_a"]


def _data(org, personas):
    medlem_b = MedlemFactory(lokallag=org.lag_b, fornavn="Gunnar", etternavn="Golmann")
    verv_b = VervFactory(
        medlem=MedlemFactory(lokallag=org.lag_b), enhet=org.lag_b, rolle=Rolle.KASSERER
    )
    medlemsimport = MedlemsimportFactory(opprettet_av=personas["admin"])
    activities = _activity_data(org, personas)
    return {
        "lag_a": org.lag_a,
        "lag_b": org.lag_b,
        "medlem_b": medlem_b,
        "verv_b": verv_b,
        "medlemsimport": medlemsimport,
        **activities,
        **_datoplan_data(org, personas, medlem_b),
        **_arsmote_data(org, personas),
        **_utsending_data(org, personas),
        **_valg_data(org, personas),
        **personas,
    }


def _activity_data(org, personas) -> dict:
    import datetime

    from django.utils import timezone

    from aktiviteter.aktivitet.models import AdHocGruppe
    from aktiviteter.aktivitet.services import kalendernokkel_for
    from lokallag.oppfolging.models import Besok
    from tests.factories import (
        AktivitetFactory,
        MedieoppslagFactory,
        OppfolgingFactory,
        SamlingFactory,
        StudietiltakFactory,
    )

    kurs_b = StudietiltakFactory(arrangor=org.lag_b)
    aktivitet_b = AktivitetFactory(enhet=org.lag_b, dato=datetime.date(2026, 1, 13))
    board_member = personas["board"].medlem
    return {
        "aktivitet_b": aktivitet_b,
        "oppfolging_b": OppfolgingFactory(
            lokallag=org.lag_b,
            registrert_av=personas["board"],
            neste_steg="Sende studieplanen",
            frist=timezone.localdate() + datetime.timedelta(days=7),
            ansvarlig=board_member,
        ),
        "besok_b": Besok.objects.create(aktivitet=aktivitet_b, medlem=board_member),
        "medie_b": MedieoppslagFactory(lokallag=org.lag_b),
        "kurs_b": kurs_b,
        "samling_b": SamlingFactory(studietiltak=kurs_b),
        "gruppe_b": AdHocGruppe.objects.create(
            tema="Reiseliv i Hallingdal", enhet=org.lag_b, fra_dato=datetime.date(2026, 1, 1)
        ),
        "kalender_b": kalendernokkel_for(personas["leader_b"]),
        "maal": _maal(),
    }


def _maal():
    from aktiviteter.dashbord.defaults import maal_opprett_standard

    return maal_opprett_standard(aar=2026)[0]


def _utsending_data(org, personas) -> dict:
    import datetime

    from aktiviteter.utsendinger.models import Utsending, Utsendingsart
    from aktiviteter.utsendinger.services.lister import avmeldingstoken
    from medlemmer.models import Innmeldingsforslag, Liste
    from tests.factories import AktivitetFactory

    medlem = MedlemFactory(lokallag=org.lag_b, samtykke_lokallaget=True)
    draft = Utsending.objects.create(avsender=org.lag_b, emne="Nytt fra Gol", tekst="Hei")
    invitation = Utsending.objects.create(
        avsender=org.lag_b,
        art=Utsendingsart.INVITASJON,
        aktivitet=AktivitetFactory(enhet=org.lag_b, dato=datetime.date(2099, 5, 5)),
        emne="Kom på medlemsmøte",
        tekst="Velkommen",
    )
    return {
        "utsending_b": draft,
        "invitasjon_b": invitation,
        "avmelding_liste_b": avmeldingstoken(medlem.pk, Liste.LOKALLAGET, draft.pk),
        "forslag_b": Innmeldingsforslag.objects.create(
            lokallag=org.lag_b, fornavn="Nina", etternavn="Ny", epost="nina@test.no"
        ),
    }


def _valg_data(org, personas) -> dict:
    import datetime

    from django.utils import timezone

    from aktiviteter.valg.models import (
        Kommune,
        Maalart,
        Vakt,
        Vaktpamelding,
        Valg,
        Valgkampmaal,
        Valgresultat,
        Valgtype,
    )
    from tests.factories import AktivitetFactory

    soon = timezone.localdate() + datetime.timedelta(days=10)
    stand = AktivitetFactory(type="stand", enhet=org.lag_b, dato=soon, status="planlagt")
    vakt = Vakt.objects.create(
        aktivitet=stand, start=datetime.time(10), slutt=datetime.time(12), plasser=3
    )

    valg = Valg.objects.create(
        type=Valgtype.KOMMUNE_FYLKE,
        dato=datetime.date(2027, 9, 13),
        kampanjestart=datetime.date(2027, 3, 1),
    )
    kommune, _ = Kommune.objects.get_or_create(nummer="3324", defaults={"navn": "Gol"})
    return {
        "valg": valg,
        "valgkampmaal_b": Valgkampmaal.objects.create(
            valg=valg, lokallag=org.lag_b, art=Maalart.SOSIALE_MEDIER, antall=10, dager_for=7
        ),
        "valgresultat_b": Valgresultat.objects.create(
            valg=valg, kommune=kommune, stemmer=900, godkjente_stemmer=3000, andel=30
        ),
        "stand_b": stand,
        "vakt_b": vakt,
        "pamelding_b": Vaktpamelding.objects.create(vakt=vakt, medlem=personas["leader_b"].medlem),
        "public_event_b": AktivitetFactory(
            type="folkemote", enhet=org.lag_b, offentlig=True, status="planlagt", dato=soon
        ),
    }


def _arsmote_data(org, personas) -> dict:
    import datetime

    from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett, Delegat, Valgforslag
    from aktiviteter.arsmote.services.innkalling import papirlenke
    from aktiviteter.arsmote.services.syklus import oppsett_lagre

    oppsett_lagre(
        oppsett=Arsmoteoppsett(aar=2027, frist=datetime.date(2027, 2, 28)),
        bruker=personas["admin"],
    )
    arsmote_b = Arsmote.objects.get(lokallag=org.lag_b, aar=2027)
    kandidat = MedlemFactory(lokallag=org.lag_b, fornavn="Kari", etternavn="Kandidat")
    return {
        "arsmote_b": arsmote_b,
        "valgforslag_b": Valgforslag.objects.create(
            arsmote=arsmote_b, rolle=Rolle.KASSERER, medlem=kandidat
        ),
        "delegat_b": Delegat.objects.create(arsmote=arsmote_b, medlem=kandidat),
        "svar_b": papirlenke(arsmote_b, kandidat.pk).rstrip("/").rsplit("/", 1)[-1],
    }


def _datoplan_data(org, personas, medlem_b) -> dict:
    import datetime

    from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt
    from aktiviteter.datoplan.services import datoplanpunkt_lagre
    from aktiviteter.paaminnelser.models import Paaminnelse, Paaminnelsesregel
    from aktiviteter.paaminnelser.services.avmelding import avmeldingslenke

    punkt = Datoplanpunkt(
        plan=Datoplan(aar=2026),
        tittel="Reiserunde i Hallingdal",
        type="reiserunde",
        fra_dato=datetime.date(2026, 4, 20),
        ansvarlig_enhet=org.lag_b,
    )
    return {
        "punkt_b": datoplanpunkt_lagre(punkt=punkt, bruker=personas["admin"]),
        "regel": next(iter(Paaminnelsesregel.objects.sikre_standard().values())),
        "paaminnelse_b": Paaminnelse.objects.create(
            art="datoplan_frist", anledning="punkt-x", mottaker=medlem_b, status="feilet"
        ),
        "avmelding_b": avmeldingslenke(medlem_b.pk).rstrip("/").rsplit("/", 1)[-1],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, row_ in MATRIX.items() if row_[1] is not None))
def test_permission_matrix(client, data, name):
    kwargs_for, expected, method = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(data))
    results = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anon":
            client.force_login(data[persona])
        response = getattr(client, method)(url)
        results[persona] = response.status_code
    assert results == expected, f"{name} ({url})"


@pytest.mark.django_db
def test_admin_site_is_for_admins_only(client, personas):
    for persona, user in personas.items():
        client.force_login(user)
        status = client.get("/admin/").status_code
        assert status == (200 if persona == "admin" else 302), persona


@pytest.mark.django_db
def test_access_ends_the_day_an_office_ends(client, org, leader_a):
    import datetime

    from django.utils import timezone

    from lokallag.models import Verv

    client.force_login(leader_a)
    assert client.get(reverse("lokallag:detail", kwargs={"slug": "drammen"})).status_code == 200
    medlem_a = MedlemFactory(lokallag=org.lag_a)
    url = reverse("medlemmer:detail", kwargs={"pk": medlem_a.pk})
    assert client.get(url).status_code == 200
    Verv.objects.filter(medlem__bruker=leader_a).update(
        til_dato=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(url).status_code == 404
