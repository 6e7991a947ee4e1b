"""The county's follow-up of the cycle: the dashboard's target, the warnings on the board's
follow-up pages, the chapter officers' «Venter på deg», and the reminders to the leaders of
chapters behind (deadline 28 February 2027; the rule fires 21 days before, on 7 February)."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model

from aktiviteter.arsmote.models import Arsmelding, Arsmote, Delegat, Valgt
from aktiviteter.arsmote.selectors import oversikt
from aktiviteter.arsmote.services.syklus import arsmote_marker_holdt
from aktiviteter.dashbord.defaults import maal_opprett_standard
from aktiviteter.dashbord.models import Maal, Maaling
from aktiviteter.dashbord.scope import build_scope
from aktiviteter.dashbord.selectors import county_dashboard
from aktiviteter.dashbord.sources import SOURCES
from aktiviteter.gjoremal import Kind, gjoremal_for
from aktiviteter.paaminnelser.models import (
    Art,
    Leveringsstatus,
    Mottakere,
    Paaminnelse,
    Paaminnelsesregel,
    Regeltype,
)
from aktiviteter.paaminnelser.services import paaminnelser_planlegg, paaminnelser_send
from buskerud_sp.core.access import access_for
from buskerud_sp.core.dataversion import data_version
from lokallag.models import Lokallag, Rolle
from medlemmer.models import Medlem
from tests.aktiviteter.rhythm import at
from tests.conftest import DEMO_PASSWORD
from tests.demo import load_demo
from tests.factories import LokallagFactory, MedlemFactory, VervFactory

from .conftest import AAR

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def lag_c(org):
    """A third chapter, in Drammen's district; made before the year's rules, so it has its
    meeting row."""
    return LokallagFactory(navn="Lier Senterparti", slug="lier", distrikt=org.distrikt_a)


@pytest.fixture
def tre(lag_c, oppsett, org):
    return {
        lag.slug: Arsmote.objects.get(lokallag=lag, aar=AAR)
        for lag in (org.lag_a, org.lag_b, lag_c)
    }


def fullfor(arsmote, *, dato, levert, styre=None):
    """Every step of a meeting done: date, notice, held, report delivered, board registered."""
    arsmote.dato = dato
    arsmote.innkalling_sendt = at(dato.year, dato.month, dato.day, 9) - datetime.timedelta(days=20)
    arsmote.avholdt = at(dato.year, dato.month, dato.day, 22)
    arsmote.styre_registrert = styre or arsmote.avholdt
    arsmote.save()
    Arsmelding.objects.update_or_create(
        arsmote=arsmote, defaults={"tekst": "Årsmelding", "levert": levert}
    )


def _arsmote_result(today):
    results = county_dashboard(AAR, today).results
    (result,) = [r for r in results if r.maal.maaling == Maaling.ARSMOTE]
    return result


# --- The dashboard's target -----------------------------------------------------------------


def test_two_of_three_chapters_in_time_make_67_percent_with_each_chapter_shown(tre, clock):
    fullfor(tre["drammen"], dato=D(2027, 2, 10), levert=at(2027, 2, 12, 12))
    fullfor(tre["gol"], dato=D(2027, 2, 20), levert=at(2027, 2, 28, 23))
    # Held in time, but the report came after the deadline.
    fullfor(tre["lier"], dato=D(2027, 2, 25), levert=at(2027, 3, 2, 12))
    clock.move_to(at(2027, 3, 15, 12))
    maal_opprett_standard(aar=AAR)

    result = _arsmote_result(D(2027, 3, 15))
    m = result.measurement
    assert (m.value, m.covered, m.universe) == (Decimal("66.7"), 2, 3)
    cells = {lag_id: (c.covered, c.note) for lag_id, c in m.chapters.items()}
    assert cells == {
        tre["drammen"].lokallag_id: (True, "i tide"),
        tre["gol"].lokallag_id: (True, "i tide"),
        tre["lier"].lokallag_id: (False, "ferdig etter fristen"),
    }
    assert result.value_text.startswith("66,7")


def test_the_target_is_measured_with_the_same_queries_for_more_chapters(
    tre, org, clock, django_assert_num_queries
):
    clock.move_to(at(2027, 3, 15, 12))
    (maal,) = maal_opprett_standard(aar=AAR)[-1:]
    assert maal.maaling == Maaling.ARSMOTE
    scope = build_scope(AAR, D(2027, 3, 15))
    with django_assert_num_queries(2):
        SOURCES[Maaling.ARSMOTE](maal, scope)
    for _n in range(5):
        Arsmote.objects.create(lokallag=LokallagFactory(distrikt=org.distrikt_b), aar=AAR)
    scope = build_scope(AAR, D(2027, 3, 15))
    with django_assert_num_queries(2):
        m = SOURCES[Maaling.ARSMOTE](maal, scope)
    assert (m.covered, m.universe) == (0, 8)


def test_a_plan_year_without_a_deadline_is_not_measurable(org, clock):
    maal_opprett_standard(aar=2026)
    maal = Maal.objects.get(aar=2026, maaling=Maaling.ARSMOTE)
    m = SOURCES[Maaling.ARSMOTE](maal, build_scope(2026, D(2026, 11, 30)))
    assert m.measurable is False and m.value is None


def test_the_figures_refresh_when_a_report_is_delivered(tre, clock):
    fullfor(tre["drammen"], dato=D(2027, 2, 10), levert=at(2027, 2, 12, 12))
    fullfor(tre["gol"], dato=D(2027, 2, 20), levert=None)
    clock.move_to(at(2027, 3, 1, 12))
    maal_opprett_standard(aar=AAR)
    today = D(2027, 3, 1)
    assert _arsmote_result(today).measurement.covered == 1

    melding = Arsmelding.objects.get(arsmote=tre["gol"])
    melding.levert = at(2027, 2, 27, 12)
    melding.save()
    assert _arsmote_result(today).measurement.covered == 2


def test_marking_a_meeting_held_makes_a_new_data_version(tre, leader_a, clock):
    arsmote = tre["drammen"]
    Arsmote.objects.filter(pk=arsmote.pk).update(dato=D(2027, 2, 10))
    clock.move_to(at(2027, 2, 11, 12))
    before = data_version()
    arsmote_marker_holdt(arsmote=Arsmote.objects.get(pk=arsmote.pk), bruker=leader_a)
    assert data_version() != before


# --- The board's follow-up pages ------------------------------------------------------------


def test_the_follow_up_pages_warn_of_a_chapter_behind_and_link_to_its_meeting(
    tre, org, lag_c, board_user, client, clock
):
    for lag in (org.lag_a, lag_c):
        lag.oppfolgingsansvarlig = board_user.medlem
        lag.save()
    # Lier has its date; Drammen has none four weeks before the deadline: behind.
    Arsmote.objects.filter(pk=tre["lier"].pk).update(dato=D(2027, 2, 20))
    clock.move_to(at(2027, 2, 5, 12))
    client.force_login(board_user)

    page = client.get("/oppfolging/").content.decode()
    drammen = page[page.index(">Drammen Senterparti<") : page.index(">Lier Senterparti<")]
    lier = page[page.index(">Lier Senterparti<") :]
    url = tre["drammen"].get_absolute_url()
    assert f'<a href="{url}">Årsmøtet 2027 ligger etter (neste steg: dato satt)</a>' in drammen
    assert "Årsmøtet" not in lier.split("</tr>")[0]

    log = client.get("/oppfolging/lag/drammen/").content.decode()
    assert f'<a href="{url}">Årsmøtet 2027 ligger etter' in log
    assert "Årsmøtet" not in client.get("/oppfolging/lag/lier/").content.decode()


def test_no_warning_before_the_chapter_is_behind(tre, org, board_user, client, clock):
    org.lag_a.oppfolgingsansvarlig = board_user.medlem
    org.lag_a.save()
    clock.move_to(at(2027, 1, 20, 12))  # more than four weeks before the deadline
    client.force_login(board_user)
    assert "ligger etter" not in client.get("/oppfolging/").content.decode()


# --- «Venter på deg» ------------------------------------------------------------------------


def _steps(user, day):
    return [
        item.tekst
        for item in gjoremal_for(user, now=at(day.year, day.month, day.day, 12))
        if item.kind == Kind.ARSMOTE
    ]


def test_the_leader_is_asked_for_the_date_six_weeks_before_the_deadline(tre, leader_a, clock):
    assert _steps(leader_a, D(2027, 1, 16)) == []
    assert _steps(leader_a, D(2027, 1, 17)) == ["Sett dato for årsmøtet"]


def test_the_notice_is_due_a_week_before_its_last_day(tre, leader_a, clock):
    Arsmote.objects.filter(pk=tre["drammen"].pk).update(dato=D(2027, 2, 20))
    # The last day is 6 February (14 days before the meeting).
    assert _steps(leader_a, D(2027, 1, 29)) == []
    assert _steps(leader_a, D(2027, 1, 30)) == ["Send innkallingen"]
    assert _steps(leader_a, D(2027, 2, 10)) == ["Send innkallingen"]


def test_after_the_meeting_the_report_then_the_board_are_due(tre, leader_a, leader_b, clock):
    arsmote = tre["drammen"]
    Arsmote.objects.filter(pk=arsmote.pk).update(
        dato=D(2027, 2, 20), innkalling_sendt=at(2027, 1, 30, 12)
    )
    assert _steps(leader_a, D(2027, 2, 19)) == []
    assert _steps(leader_a, D(2027, 2, 20)) == ["Lever årsmeldingen til fylket"]
    Arsmelding.objects.create(arsmote=arsmote, tekst="x", levert=at(2027, 2, 21, 12))
    assert _steps(leader_a, D(2027, 2, 21)) == ["Registrer det nye styret"]
    Arsmote.objects.filter(pk=arsmote.pk).update(styre_registrert=at(2027, 2, 21, 13))
    assert _steps(leader_a, D(2027, 2, 22)) == []
    # Gol's leader sees Gol's meeting only (no date there yet).
    assert _steps(leader_b, D(2027, 2, 22)) == ["Sett dato for årsmøtet"]


def test_the_step_shows_on_the_start_page_with_the_link_to_the_meeting(
    tre, leader_a, member_user, client, clock
):
    clock.move_to(at(2027, 1, 20, 12))
    client.force_login(leader_a)
    page = client.get("/lokallag/drammen/").content.decode()
    assert "Årsmøtet 2027 i Drammen Senterparti: Sett dato for årsmøtet" in page
    assert f'href="{tre["drammen"].get_absolute_url()}"' in page
    client.force_login(member_user)
    assert "Sett dato for årsmøtet" not in client.get("/lokallag/drammen/").content.decode()


# --- Reminders to the leaders of chapters behind --------------------------------------------


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        paaminnelser_planlegg()
        return paaminnelser_send()


@pytest.fixture
def ledere(tre, org, lag_c, leader_a, leader_b):
    """Drammen is behind (no date); Gol is done; Lier's leader has not consented. A deputy in
    Drammen has consented but is no leader."""
    Medlem.objects.filter(bruker__in=[leader_a, leader_b]).update(samtykke_paaminnelser=True)
    leader_c = MedlemFactory(lokallag=lag_c, epost="leder.c@test.no")
    VervFactory(medlem=leader_c, enhet=lag_c, rolle=Rolle.LEDER)
    nestleder = MedlemFactory(
        lokallag=org.lag_a, epost="nestleder.a@test.no", samtykke_paaminnelser=True
    )
    VervFactory(medlem=nestleder, enhet=org.lag_a, rolle=Rolle.NESTLEDER)
    fullfor(tre["gol"], dato=D(2027, 1, 20), levert=at(2027, 1, 25, 12))
    return {"a": leader_a.medlem, "b": leader_b.medlem, "c": leader_c, "nestleder": nestleder}


def ours(mailoutbox):
    """The annual meeting reminders (the quarter's leaders' meeting has its own in February)."""
    return [m for m in mailoutbox if "årsmøtet" in m.subject.lower()]


def _rows():
    return sorted(
        Paaminnelse.objects.filter(art=Art.ARSMOTE_PURRING).values_list(
            "anledning", "mottaker_id", "status"
        )
    )


def test_the_leaders_of_chapters_behind_are_reminded_once_21_days_before(
    ledere, tre, mailoutbox, clock
):
    run_at(at(2027, 2, 7, 7, 59))
    assert _rows() == []
    run_at(at(2027, 2, 7, 8, 0))
    run_at(at(2027, 2, 7, 8, 5))  # the planner again: no second row
    key = f"arsmote-{tre['drammen'].pk}-2027-02-28-purring"
    assert _rows() == [(key, ledere["a"].pk, Leveringsstatus.SENDT)]
    (mail,) = ours(mailoutbox)
    assert mail.to == [ledere["a"].epost]
    assert mail.subject == "Årsmøtet 2027 i Drammen Senterparti: fristen er 28. februar"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "- Dato satt\n- Innkalling sendt" in mail.body
    assert tre["drammen"].get_absolute_url() in mail.body
    assert "Meld deg av" in mail.alternatives[0].content


def test_the_deadline_day_reminds_those_still_behind(ledere, tre, org, mailoutbox, clock):
    run_at(at(2027, 2, 7, 8, 0))
    # Lier's leader consents later; Lier has not finished either.
    Medlem.objects.filter(pk=ledere["c"].pk).update(samtykke_paaminnelser=True)
    run_at(at(2027, 2, 28, 8, 0))
    run_at(at(2027, 2, 28, 9, 0))
    day_keys = [
        (anledning, mottaker)
        for anledning, mottaker, _status in _rows()
        if anledning.endswith("-frist")
    ]
    assert sorted(day_keys) == sorted(
        [
            (f"arsmote-{tre['drammen'].pk}-2027-02-28-frist", ledere["a"].pk),
            (f"arsmote-{tre['lier'].pk}-2027-02-28-frist", ledere["c"].pk),
        ]
    )
    assert [m.to for m in ours(mailoutbox)] == [[ledere["a"].epost]] + [
        [ledere[x].epost] for x in ("a", "c")
    ]
    assert ours(mailoutbox)[-1].subject.startswith("I dag er fristen for årsmøtet 2027")


def test_a_leader_who_withdrew_consent_is_skipped(ledere, tre, mailoutbox, clock):
    with time_machine.travel(at(2027, 2, 7, 8, 0), tick=False):
        paaminnelser_planlegg()
        Medlem.objects.filter(pk=ledere["a"].pk).update(samtykke_paaminnelser=False)
        paaminnelser_send()
    assert [status for _a, _m, status in _rows()] == [Leveringsstatus.HOPPET_OVER]
    assert ours(mailoutbox) == []


def test_with_officers_as_recipients_only_the_chapter_behind_gets_them(ledere, tre, clock):
    Paaminnelsesregel.objects.sikre_standard()
    Paaminnelsesregel.objects.filter(nokkel=Regeltype.ARSMOTE_PURRING).update(
        mottakere=Mottakere.TILLITSVALGTE
    )
    with time_machine.travel(at(2027, 2, 7, 8, 0), tick=False):
        paaminnelser_planlegg()
    assert {m for _a, m, _s in _rows()} == {ledere["a"].pk, ledere["nestleder"].pk}


def test_the_rules_page_says_when_the_reminder_goes_out(admin_user, client, clock):
    client.force_login(admin_user)
    page = client.get("/datoplan/regler/").content.decode()
    assert (
        "21 dager før fristen for lokallagenes årsmøter kl. 08:00, og igjen på fristdagen, "
        "til lagene som ligger etter · Lokallagsledere"
    ) in page


# --- The demo -------------------------------------------------------------------------------


@pytest.fixture
def demo_i_november(db, clock):
    """The demo as loaded on the pinned day (30 November 2026)."""
    return load_demo(password=DEMO_PASSWORD)


def test_the_demo_shows_every_state_of_the_cycle(demo_i_november):
    admin = get_user_model().objects.get(email="admin@demo.buskerudsp.no")
    done = oversikt(admin, 2026)
    states = Counter(r.status for r in done.lokallag)
    assert states["i_tide"] >= len(done.lokallag) - 5
    assert states["ferdig_sent"] == 3 and states["etter"] == 2
    assert Valgt.objects.filter(arsmote__aar=2026).exists()
    assert Delegat.objects.filter(arsmote__aar=2026).exists()
    assert all(
        v.verv.fra_dato == v.arsmote.dato for v in Valgt.objects.select_related("verv", "arsmote")
    )
    coming = oversikt(admin, 2027)
    counted = {key: n for key, _label, n in coming.tellinger}
    assert counted["dato"] == 4 and counted["innkalling"] == 1
    # The personas still lead their chapters.
    for email, slug in (("leder.drammen", "drammen"), ("leder.gol", "gol")):
        user = get_user_model().objects.get(email=f"{email}@demo.buskerudsp.no")
        assert Lokallag.objects.get(slug=slug).pk in access_for(user).officer_chapter_ids
    result = _arsmote_result_for_demo()
    assert result.measurement.covered == states["i_tide"]


def _arsmote_result_for_demo():
    (result,) = [
        r
        for r in county_dashboard(2026, D(2026, 11, 30)).results
        if r.maal.maaling == Maaling.ARSMOTE
    ]
    return result
