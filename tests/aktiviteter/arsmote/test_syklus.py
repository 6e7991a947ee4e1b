"""The year's cycle: the admin's rules put the deadline and the county meeting in the date
plan and give every chapter its meeting; a leader sets the date (never after the deadline);
the county sees every chapter's progress, a leader only their own."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett
from aktiviteter.arsmote.selectors import framdrift, oversikt
from aktiviteter.arsmote.services import syklus
from aktiviteter.datoplan.models import Datoplanpunkt, Punkttype
from lokallag.models import Organisasjon
from tests.factories import LokallagFactory

from .conftest import AAR, FRIST, FYLKESARSMOTE

pytestmark = pytest.mark.django_db
D = datetime.date


def test_oppsett_makes_meetings_and_date_plan_items(oppsett, org):
    LokallagFactory(navn="Gol SU", slug="gol-su", organisasjon=Organisasjon.SENTERUNGDOMMEN)
    syklus.arsmoter_sikre(AAR)
    units = set(Arsmote.objects.filter(aar=AAR).values_list("lokallag__slug", flat=True))
    assert units == {org.lag_a.slug, org.lag_b.slug, org.fylke.slug}
    frist = Datoplanpunkt.objects.get(type=Punkttype.ARSMOTEFRIST)
    assert (frist.fra_dato, frist.plan.aar) == (FRIST, AAR)
    county = Datoplanpunkt.objects.get(type=Punkttype.FYLKESARSMOTE)
    assert county.fra_dato == FYLKESARSMOTE
    assert Arsmote.objects.get(lokallag=org.fylke, aar=AAR).dato == FYLKESARSMOTE


def test_moving_the_deadline_moves_the_item(oppsett, admin_user):
    oppsett.frist = D(2027, 2, 21)
    syklus.oppsett_lagre(oppsett=oppsett, bruker=admin_user, fylkesarsmote_dato=FYLKESARSMOTE)
    assert list(
        Datoplanpunkt.objects.filter(type=Punkttype.ARSMOTEFRIST).values_list("fra_dato", flat=True)
    ) == [D(2027, 2, 21)]


def test_deadline_after_county_meeting_is_refused(org, admin_user, clock):
    with pytest.raises(ValidationError) as error:
        syklus.oppsett_lagre(
            oppsett=Arsmoteoppsett(aar=AAR, frist=D(2027, 3, 20)),
            bruker=admin_user,
            fylkesarsmote_dato=FYLKESARSMOTE,
        )
    assert "før fylkesårsmøtet" in str(error.value)
    assert not Arsmoteoppsett.objects.exists()


def test_only_admins_set_the_rules(org, leader_a, board_user, clock):
    for user in (leader_a, board_user):
        with pytest.raises(PermissionDenied):
            syklus.oppsett_lagre(oppsett=Arsmoteoppsett(aar=AAR, frist=FRIST), bruker=user)


def test_leader_sets_date_not_after_deadline(arsmote_a, leader_a):
    with pytest.raises(ValidationError) as error:
        syklus.arsmote_planlegg(
            arsmote=arsmote_a,
            bruker=leader_a,
            dato=D(2027, 3, 1),
            klokkeslett=None,
            sted="Grendehuset",
            forslagsfrist=None,
        )
    assert "senest 28.02.2027" in str(error.value)
    arsmote_a.refresh_from_db()
    assert arsmote_a.dato is None
    syklus.arsmote_planlegg(
        arsmote=arsmote_a,
        bruker=leader_a,
        dato=D(2027, 2, 10),
        klokkeslett=datetime.time(19, 0),
        sted="Grendehuset",
        forslagsfrist=D(2027, 1, 27),
    )
    arsmote_a.refresh_from_db()
    assert (arsmote_a.dato, arsmote_a.sted) == (D(2027, 2, 10), "Grendehuset")


def test_leader_cannot_plan_another_chapters_meeting(arsmote_b, leader_a):
    with pytest.raises(PermissionDenied):
        syklus.arsmote_planlegg(
            arsmote=arsmote_b,
            bruker=leader_a,
            dato=D(2027, 2, 10),
            klokkeslett=None,
            sted="Gol",
            forslagsfrist=None,
        )


def test_moving_a_called_meeting_withdraws_the_notice(arsmote_a, leader_a):
    syklus.arsmote_planlegg(
        arsmote=arsmote_a,
        bruker=leader_a,
        dato=D(2027, 2, 10),
        klokkeslett=None,
        sted="Grendehuset",
        forslagsfrist=None,
    )
    Arsmote.objects.filter(pk=arsmote_a.pk).update(
        innkalling_sendt=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    )
    moved = syklus.arsmote_planlegg(
        arsmote=arsmote_a,
        bruker=leader_a,
        dato=D(2027, 2, 17),
        klokkeslett=None,
        sted="Grendehuset",
        forslagsfrist=None,
    )
    assert moved.innkalling_sendt is None


def test_overview_counts_and_access(client, arsmote_a, arsmote_b, personas):
    syklus.arsmote_planlegg(
        arsmote=arsmote_a,
        bruker=personas["leader_a"],
        dato=D(2027, 2, 10),
        klokkeslett=None,
        sted="Grendehuset",
        forslagsfrist=None,
    )
    data = oversikt(personas["board"], AAR)
    assert [c for k, _l, c in data.tellinger if k == "dato"] == [1]
    assert len(data.lokallag) == 2
    assert [r.arsmote.pk for r in oversikt(personas["leader_a"], AAR).rader] == [arsmote_a.pk]

    client.force_login(personas["board"])
    page = client.get(f"/arsmote/?aar={AAR}")
    assert page.status_code == 200
    assert "Drammen Senterparti" in page.text and "Gol Senterparti" in page.text
    client.force_login(personas["leader_a"])
    page = client.get(f"/arsmote/?aar={AAR}")
    assert "Drammen Senterparti" in page.text and "Gol Senterparti" not in page.text
    assert client.get(f"/arsmote/{arsmote_b.pk}/").status_code == 404
    assert client.get(f"/arsmote/{arsmote_a.pk}/").status_code == 200
    client.force_login(personas["member"])
    assert client.get("/arsmote/").status_code == 404
    assert client.get(f"/arsmote/{arsmote_a.pk}/").status_code == 404


def test_date_form_shows_the_deadline_error_at_the_field(client, arsmote_a, leader_a):
    client.force_login(leader_a)
    page = client.post(
        f"/arsmote/{arsmote_a.pk}/dato/",
        {"dato": "2027-03-05", "klokkeslett": "19:00", "sted": "Grendehuset"},
    )
    assert page.status_code == 200
    assert "Årsmøtet må holdes senest 28.02.2027" in page.text
    arsmote_a.refresh_from_db()
    assert arsmote_a.dato is None


def test_behind_when_no_date_four_weeks_before_deadline(arsmote_a, clock):
    assert not framdrift(arsmote_a).ligger_etter
    clock.move_to(datetime.datetime(2027, 2, 5, 12, 0, tzinfo=datetime.UTC))
    assert framdrift(arsmote_a).ligger_etter


def test_oppsett_page_for_admins_only(client, oppsett, personas):
    client.force_login(personas["board"])
    assert client.get(f"/arsmote/oppsett/?aar={AAR}").status_code == 404
    client.force_login(personas["admin"])
    page = client.post(
        f"/arsmote/oppsett/?aar={AAR}",
        {
            "frist": "2027-03-20",
            "varsel_dager": "14",
            "delegater_grunntall": "2",
            "delegater_per_medlemmer": "50",
            "fylkesarsmote_dato": "2027-03-13",
        },
    )
    assert "må være før fylkesårsmøtet" in page.text
    oppsett.refresh_from_db()
    assert oppsett.frist == FRIST


def test_overview_queries_do_not_grow_with_the_chapters(client, oppsett, board_user):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/arsmote/?aar={AAR}").status_code == 200
        return len(queries)

    client.force_login(board_user)
    count()  # the first request of a session reads what later ones find cached
    few = count()
    for n in range(20):
        LokallagFactory(navn=f"Lag {n}", slug=f"lag-{n}")
    syklus.arsmoter_sikre(AAR)
    assert count() == few
