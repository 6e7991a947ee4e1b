"""The campaign plan outside its pages: the dashboard's target and election-year panel, the
warnings on the board's follow-up pages, the officers' «Venter på deg», and the reminder to
the leaders of chapters behind on a goal (7 days before its deadline at 08:00, once)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from aktiviteter.aktivitet.models import Aktivitetstype, Status
from aktiviteter.dashbord.models import Maal, Maaling
from aktiviteter.dashbord.models import Maalart as Dashbordart
from aktiviteter.dashbord.scope import build_scope
from aktiviteter.dashbord.sources import SOURCES
from aktiviteter.gjoremal import Kind, gjoremal_for
from aktiviteter.paaminnelser.models import Art, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import paaminnelser_planlegg, paaminnelser_send
from aktiviteter.valg.models import Maalart
from buskerud_sp.core.dataversion import data_version
from lokallag.models import Rolle
from medlemmer.models import Medlem
from tests.aktiviteter.rhythm import at
from tests.factories import AktivitetFactory, MedlemFactory, VervFactory

from .conftest import D, maal

pytestmark = pytest.mark.django_db


def stand(lokallag, dato, status=Status.AVHOLDT):
    return AktivitetFactory(enhet=lokallag, dato=dato, status=status, type=Aktivitetstype.STAND)


@pytest.fixture
def plan(valg, org):
    """Drammen: 2 stands by 2 May (reached), 4 by 30 August (behind in June). Gol: 1 valgtorg
    by 2 May (passed, not reached)."""
    goals = {
        "drammen_mai": maal(valg, org.lag_a, Maalart.STAND, 2, 134),
        "drammen_aug": maal(valg, org.lag_a, Maalart.DOR_TIL_DOR, 4, 14),
        "gol_mai": maal(valg, org.lag_b, Maalart.VALGTORG, 1, 134),
    }
    assert goals["drammen_mai"].frist == D(2027, 5, 2)
    stand(org.lag_a, D(2027, 3, 10))
    stand(org.lag_a, D(2027, 4, 20))
    return goals


def _valgkamp_maal():
    return Maal.objects.create(
        aar=2027,
        navn="Valgkampmålene nådd",
        maaling=Maaling.VALGKAMP,
        art=Dashbordart.DEKNING,
        maalverdi=Decimal(100),
    )


def test_the_dashboard_target_counts_chapters_that_reached_every_goal_due(plan, org, clock):
    m = SOURCES[Maaling.VALGKAMP](_valgkamp_maal(), build_scope(2027, D(2027, 6, 15)))
    assert (m.value, m.covered, m.universe) == (Decimal("50.0"), 1, 2)
    assert m.chapters[org.lag_a.pk].covered is True
    assert m.chapters[org.lag_b.pk].covered is False
    # Before any deadline has passed nothing is due: not measurable yet.
    early = SOURCES[Maaling.VALGKAMP](_valgkamp_maal(), build_scope(2027, D(2027, 4, 1)))
    assert early.measurable is False and early.chapters[org.lag_a.pk].covered is None


def test_a_year_without_an_election_is_not_measurable(org, clock):
    m = SOURCES[Maaling.VALGKAMP](_valgkamp_maal(), build_scope(2026, D(2026, 6, 1)))
    assert m.measurable is False and m.value is None


def test_the_figures_refresh_when_a_goal_changes(plan, clock):
    before = data_version()
    plan["gol_mai"].antall = 2
    plan["gol_mai"].save()
    assert data_version() != before


def test_the_dashboards_show_the_campaign_in_the_election_year(
    plan, admin_user, leader_a, client, clock
):
    client.force_login(admin_user)
    page = client.get("/dashbord/?aar=2027").content.decode()
    assert "Valgkampen" in page and "Ligger etter: Drammen Senterparti, Gol Senterparti" in page
    assert "Valgkampen" not in client.get("/dashbord/?aar=2026").content.decode()
    client.force_login(leader_a)
    page = client.get("/dashbord/?aar=2027").content.decode()
    assert "Valgkampmålene for Drammen Senterparti" in page
    assert "Dør-til-dør" in page and "Valgtorg" not in page


def test_no_campaign_panel_outside_election_years(org, admin_user, client):
    with time_machine.travel(at(2026, 6, 15, 12), tick=False):
        client.force_login(admin_user)
        assert "Valgkampen" not in client.get("/dashbord/").content.decode()


def test_the_follow_up_pages_warn_of_chapters_behind(plan, org, board_user, valg, client, clock):
    org.lag_b.oppfolgingsansvarlig = board_user.medlem
    org.lag_b.save()
    client.force_login(board_user)
    page = client.get("/oppfolging/").content.decode()
    assert f'<a href="/valg/{valg.pk}/lag/gol/">Valgkampen ligger etter (Valgtorg' in page


def test_the_officers_are_asked_for_what_is_behind(plan, leader_a, leader_b, client, clock):
    items = [i for i in gjoremal_for(leader_a) if i.kind == Kind.VALGKAMP]
    assert [i.valgkampmaal.maal.art for i in items] == [Maalart.DOR_TIL_DOR]
    assert [i.valgkampmaal.maal.art for i in gjoremal_for(leader_b) if i.kind == Kind.VALGKAMP] == [
        Maalart.VALGTORG
    ]
    client.force_login(leader_a)
    page = client.get("/lokallag/drammen/").content.decode()
    assert "Valgkampen i Drammen Senterparti ligger etter: Dør-til-dør 0 av 4" in page


# --- The reminder -------------------------------------------------------------------------


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        paaminnelser_planlegg()
        return paaminnelser_send()


@pytest.fixture
def ledere(plan, org, leader_a, leader_b):
    Medlem.objects.filter(bruker__in=[leader_a, leader_b]).update(samtykke_paaminnelser=True)
    nestleder = MedlemFactory(
        lokallag=org.lag_a, epost="nestleder.a@test.no", samtykke_paaminnelser=True
    )
    VervFactory(medlem=nestleder, enhet=org.lag_a, rolle=Rolle.NESTLEDER)
    return {"a": leader_a.medlem, "b": leader_b.medlem}


def _ours(mailoutbox):
    return [m for m in mailoutbox if m.subject.startswith("Valgkampen")]


def test_the_leader_of_a_chapter_behind_is_reminded_once_seven_days_before(
    ledere, plan, mailoutbox
):
    goal = plan["drammen_aug"]  # deadline 30 August: the reminder 23 August 08:00
    run_at(at(2027, 8, 23, 7, 59))
    assert not Paaminnelse.objects.filter(art=Art.VALGKAMP_PURRING).exists()
    run_at(at(2027, 8, 23, 8, 0))
    run_at(at(2027, 8, 23, 8, 30))  # the planner again: no second row
    rows = list(
        Paaminnelse.objects.filter(art=Art.VALGKAMP_PURRING).values_list(
            "anledning", "mottaker_id", "status"
        )
    )
    assert rows == [(f"valgkampmaal-{goal.pk}-2027-08-30", ledere["a"].pk, Leveringsstatus.SENDT)]
    (mail,) = _ours(mailoutbox)
    assert mail.to == [ledere["a"].epost]
    assert mail.subject == "Valgkampen i Drammen Senterparti: Dør-til-dør innen 30. august"
    assert "Laget har holdt 0 så langt" in mail.body
    assert f"/valg/{goal.valg_id}/lag/drammen/" in mail.body
    assert mail.extra_headers["List-Unsubscribe"].startswith("<http")


def test_a_chapter_that_reached_the_goal_is_not_reminded(ledere, plan, org, mailoutbox):
    for d in (D(2027, 5, 1), D(2027, 6, 1), D(2027, 7, 1), D(2027, 8, 1)):
        AktivitetFactory(enhet=org.lag_a, dato=d, type=Aktivitetstype.DOR_TIL_DOR)
    run_at(at(2027, 8, 23, 8, 0))
    assert not Paaminnelse.objects.filter(art=Art.VALGKAMP_PURRING).exists()
    assert _ours(mailoutbox) == []


def test_a_leader_without_consent_gets_nothing(ledere, plan, mailoutbox):
    Medlem.objects.filter(pk=ledere["a"].pk).update(samtykke_paaminnelser=False)
    run_at(at(2027, 8, 23, 8, 0))
    assert _ours(mailoutbox) == []


def test_the_rules_page_says_when_the_reminder_goes_out(admin_user, client, clock):
    client.force_login(admin_user)
    page = client.get("/datoplan/regler/").content.decode()
    assert (
        "7 dager før fristen for hvert valgkampmål kl. 08:00, til lagene som ligger etter "
        "med målet · Lokallagsledere"
    ) in page
