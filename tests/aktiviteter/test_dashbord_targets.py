"""Each of the plan's targets computed on hand-made data with a known answer, edges included:
a member who joined and left in the same year, a call with no count, a chapter with no
offices, a cancelled meeting, a deadline (election day), a past year.

«Today» is 1 July 2026 unless a test says otherwise: 182 of 365 days have passed
(fraction 0.4986), so a target of 50 is on track from 24.93, i.e. from 25."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from aktiviteter.aktivitet.models import Status
from aktiviteter.dashbord.defaults import maal_opprett_standard, valgdag
from aktiviteter.dashbord.models import Maal, Terskelvurdering
from aktiviteter.dashbord.scope import build_scope
from aktiviteter.dashbord.selectors import county_dashboard
from aktiviteter.dashbord.sources import measure
from aktiviteter.dashbord.status import Tilstand, judge
from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt
from aktiviteter.studier.models import Oppmote
from lokallag.models import Organisasjon, Rolle
from medlemmer.models import Kjonn
from tests.factories import (
    AktivitetFactory,
    KursdeltakerFactory,
    LokallagFactory,
    MedlemFactory,
    SamlingFactory,
    StudietiltakFactory,
    VervFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 7, 1)


@pytest.fixture
def targets(org):
    maal_opprett_standard(aar=2026)
    return {m.kode: m for m in Maal.objects.for_aar(2026)}


def run(maal, today=TODAY):
    scope = build_scope(maal.aar, today)
    m = measure(maal, scope)
    return m, judge(maal, m, scope.fraction(maal))


def test_new_members_count_the_year_and_note_those_who_left_again(org, targets):
    for day in (D(2026, 1, 10), D(2026, 3, 5)):
        MedlemFactory(lokallag=org.lag_a, innmeldt=day)
    MedlemFactory(lokallag=org.lag_a, innmeldt=D(2026, 2, 1), utmeldt=D(2026, 5, 1))
    MedlemFactory(lokallag=org.lag_b, innmeldt=D(2026, 6, 30))
    MedlemFactory(lokallag=org.lag_a, innmeldt=D(2025, 4, 1))  # last year
    MedlemFactory(lokallag=org.lag_a, innmeldt=D(2026, 8, 1))  # after today: not yet
    maal = targets["nye-medlemmer"]
    m, status = run(maal)
    assert m.value == 4
    assert m.last_year == 1
    assert m.chapters[org.lag_a.pk].value == 3
    assert m.chapters[org.lag_b.pk].value == 1
    assert "1 av dem har meldt seg ut igjen samme år." in m.notes
    assert [p.value for p in m.series] == [1, 2, 3, 3, 3, 4, 4]  # January to July
    assert status == Tilstand.BAK  # 4 of 50 at mid-year
    # The pro-rata edge: 4 reaches 8 × 0.4986 = 3.99 but not 9 × 0.4986 = 4.49.
    maal.maalverdi = Decimal(8)
    assert run(maal)[1] == Tilstand.I_RUTE
    maal.maalverdi = Decimal(9)
    assert run(maal)[1] == Tilstand.BAK
    maal.maalverdi = Decimal(4)
    assert run(maal)[1] == Tilstand.NAADD


def test_a_past_year_is_judged_whole(org, targets):
    MedlemFactory.create_batch(3, lokallag=org.lag_a, innmeldt=D(2026, 11, 1))
    maal = targets["nye-medlemmer"]
    maal.maalverdi = Decimal(3)
    m, status = run(maal, today=D(2027, 2, 1))
    assert (m.value, status) == (3, Tilstand.NAADD)
    maal.maalverdi = Decimal(4)
    assert run(maal, today=D(2027, 2, 1))[1] == Tilstand.BAK  # no time left: not on track


def _call(org, day, antall=None, **kwargs):
    return AktivitetFactory(
        type="tirsdagsmote", enhet=org.fylke, dato=day, deltakerantall=antall, **kwargs
    )


def test_tuesday_calls_average_the_registered_counts(org, targets):
    _call(org, D(2026, 1, 6), 35)
    _call(org, D(2026, 1, 13), 25)
    _call(org, D(2026, 1, 20), None, status=Status.PLANLAGT)  # no count registered
    named = _call(org, D(2026, 1, 27), None)  # no count, but two named participants
    for medlem in MedlemFactory.create_batch(2, lokallag=org.lag_a):
        named.deltakelser.create(medlem=medlem)
    named.deltakelser.create(medlem=MedlemFactory(lokallag=org.lag_b), til_stede=False)
    _call(org, D(2026, 2, 3), 100, status=Status.AVLYST)  # cancelled
    _call(org, D(2026, 7, 7), 50, status=Status.PLANLAGT)  # after today
    m, status = run(targets["tirsdagsmoter"])
    assert m.value == Decimal("20.7")  # (35 + 25 + 2) / 3
    assert m.occurrences == 3
    assert m.share_meeting == Decimal("33.3")
    assert "1 møte mangler antall og er ikke med i snittet." in m.notes
    assert [p.value for p in m.series] == [35, 25, None, 2]
    assert m.chapters[org.lag_a.pk].value == 2
    assert m.chapters[org.lag_b.pk].value == 0  # sent apologies
    assert status == Tilstand.BAK


def test_tuesday_calls_judged_on_the_average_are_on_track_when_the_last_four_reach_it(org, targets):
    for week, antall in enumerate([10, 10, 30, 30, 31, 30]):
        _call(org, D(2026, 1, 6) + datetime.timedelta(weeks=week), antall)
    maal = targets["tirsdagsmoter"]
    maal.vurdering = Terskelvurdering.SNITT
    m, status = run(maal)
    assert (m.value, m.rolling, status) == (Decimal("23.5"), Decimal("30.3"), Tilstand.I_RUTE)
    maal.vurdering = Terskelvurdering.HVER_GANG
    assert run(maal)[1] == Tilstand.BAK  # two calls had 10


def _plan_year_of_calls(org):
    """42 calls averaging 30.1 where 17 had fewer than 30: 25 × 35 and 17 × 23."""
    for week, antall in enumerate([35] * 25 + [23] * 17):
        _call(org, D(2026, 1, 6) + datetime.timedelta(weeks=week), antall)


def test_tuesday_calls_are_judged_per_call_by_default_and_show_both_figures(org, targets):
    _plan_year_of_calls(org)
    maal = targets["tirsdagsmoter"]
    assert maal.vurdering == Terskelvurdering.HVER_GANG
    today = D(2026, 11, 30)
    (r,) = [r for r in county_dashboard(2026, today).results if r.maal.pk == maal.pk]
    assert r.measurement.value == Decimal("30.1")
    assert (r.measurement.reached, r.measurement.occurrences) == (25, 42)
    assert r.tilstand == Tilstand.BAK  # not «Nådd» on an average of 30.1
    assert r.value_text == "25 av 42 møter hadde minst 30 (59,5\u00a0%); snitt 30,1"
    assert r.goal_text == "minst 30 på hvert møte"
    assert r.details[0].startswith("Vurderes per møte: nådd når hvert møte")


def test_the_admin_may_judge_the_tuesday_calls_on_the_average(org, targets):
    _plan_year_of_calls(org)
    maal = targets["tirsdagsmoter"]
    maal.vurdering = Terskelvurdering.SNITT
    maal.save()
    today = D(2026, 11, 30)
    (r,) = [r for r in county_dashboard(2026, today).results if r.maal.pk == maal.pk]
    assert r.tilstand == Tilstand.NAADD
    assert r.value_text == "30,1 i snitt; 25 av 42 møter hadde minst 30"
    assert r.goal_text == "minst 30 i snitt per møte"
    assert r.details[0].startswith("Vurderes på snittet:")


def test_the_average_judgement_is_refused_on_other_kinds_of_targets(org, targets):
    maal = targets["nye-medlemmer"]
    maal.vurdering = Terskelvurdering.SNITT
    with pytest.raises(ValidationError) as exc:
        maal.full_clean()
    assert exc.value.message_dict["vurdering"] == [
        "Snitt per møte gjelder bare mål med terskel per gang."
    ]


def _qualifying_course(chapter, sessions, studieplan="gronne_hjulet", minutes_each=None):
    """A course with four adult participants attending every (physical) session in full."""
    course = StudietiltakFactory(arrangor=chapter, studieplan=studieplan)
    people = [KursdeltakerFactory(studietiltak=course) for _ in range(4)]
    for day, start, end in sessions:
        samling = SamlingFactory(studietiltak=course, dato=day, starttid=start, sluttid=end)
        minutes = minutes_each or (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        for person in people:
            Oppmote.objects.create(samling=samling, deltaker=person, minutter=minutes)
    return course


T = datetime.time


def test_study_hours_count_qualifying_courses_in_the_year_of_their_last_session(org, targets):
    _qualifying_course(org.lag_a, [(D(2026, 2, 1), T(18), T(20)), (D(2026, 3, 1), T(18), T(20))])
    _qualifying_course(
        org.lag_a, [(D(2025, 3, 1), T(18), T(20, 30)), (D(2025, 4, 1), T(18), T(20, 30))]
    )
    # Two hours only: registered, but it does not qualify (at least four are needed).
    _qualifying_course(org.lag_b, [(D(2026, 4, 1), T(18), T(20))])
    m, status = run(targets["studietimer"])
    assert m.value == Decimal("4.00")
    assert m.last_year == Decimal("5.00")
    assert m.chapters[org.lag_a.pk].value == Decimal("4.00")
    assert m.chapters[org.lag_b.pk].value == 0
    assert "6 kurstimer registrert i alt i året (godkjent eller ikke)." in m.notes
    assert "1 kurs avsluttet i år oppfyller ikke SpS-kravene ennå." in m.notes
    assert status == Tilstand.I_RUTE  # 4 ≥ 5 × 0.4986; «more than last year» by December


def test_green_wheel_coverage_and_its_pro_rata_edge(org, targets):
    course = StudietiltakFactory(arrangor=org.lag_a, studieplan="gronne_hjulet")
    SamlingFactory(studietiltak=course, dato=D(2026, 3, 1), status=Status.PLANLAGT)
    cancelled = StudietiltakFactory(arrangor=org.lag_b, studieplan="gronne_hjulet")
    SamlingFactory(studietiltak=cancelled, dato=D(2026, 3, 1), status=Status.AVLYST)
    su = LokallagFactory(organisasjon=Organisasjon.SENTERUNGDOMMEN, distrikt=org.distrikt_a)
    maal = targets["gronne-hjulet"]
    m, status = run(maal)
    assert (m.value, m.covered, m.universe) == (Decimal("50.0"), 1, 2)
    assert m.chapters[org.lag_a.pk].covered is True
    assert m.chapters[org.lag_b.pk].covered is False
    assert m.chapters[su.pk].covered is None  # Senterungdommen is not counted
    assert status == Tilstand.I_RUTE  # 50 ≥ 100 × 182/365 = 49.9
    assert run(maal, today=D(2026, 7, 2))[1] == Tilstand.BAK  # 50 < 100 × 183/365 = 50.1


def test_a_study_circle_counts_in_the_year_it_runs(org, targets):
    old = StudietiltakFactory(arrangor=org.fylke, studieplan="studiering")
    SamlingFactory(studietiltak=old, dato=D(2025, 10, 1))
    m, status = run(targets["studiering"])
    assert (m.value, status) == (0, Tilstand.BAK)
    SamlingFactory(studietiltak=old, dato=D(2026, 2, 1))
    m, status = run(targets["studiering"])
    assert (m.value, m.last_year, status) == (1, 1, Tilstand.NAADD)


def test_womens_contact_in_every_chapter_a_chapter_without_offices_is_not_covered(org, targets):
    VervFactory(medlem=MedlemFactory(lokallag=org.lag_a), rolle=Rolle.SENTERKVINNEKONTAKT)
    VervFactory(
        medlem=MedlemFactory(lokallag=org.lag_b),
        rolle=Rolle.SENTERKVINNEKONTAKT,
        fra_dato=D(2025, 1, 1),
        til_dato=D(2026, 3, 31),
    )
    m, status = run(targets["senterkvinnekontakt"])
    assert (m.value, m.covered, m.universe) == (Decimal("50.0"), 1, 2)
    assert [p.value for p in m.series] == [100, 100, 100, 50, 50, 50, 50]
    assert m.last_year == 100
    assert status == Tilstand.BAK  # a state is met or behind


def test_womens_share_leaves_out_unknown_gender(org, targets):
    for kjonn in (Kjonn.KVINNE, Kjonn.KVINNE, Kjonn.MANN, Kjonn.MANN, Kjonn.ANNET):
        MedlemFactory(lokallag=org.lag_a, kjonn=kjonn)
    for kjonn in (Kjonn.KVINNE, Kjonn.MANN, Kjonn.MANN, Kjonn.MANN):
        MedlemFactory(lokallag=org.lag_b, kjonn=kjonn)
    MedlemFactory(lokallag=org.lag_b, kjonn=Kjonn.KVINNE, utmeldt=D(2026, 2, 1))
    m, status = run(targets["kvinneandel"])
    assert m.value == Decimal("37.5")  # 3 of 8
    assert m.last_year == Decimal("44.4")  # 4 of 9 on 31 December
    assert m.chapters[org.lag_a.pk].value == 50
    assert m.chapters[org.lag_b.pk].value == 25
    assert "1 medlem uten oppgitt kjønn er ikke med i andelen." in m.notes
    assert status == Tilstand.NAADD  # above the plan's baseline of 37 %
    board = county_dashboard(2026, TODAY)
    column = [r.maal.kode for r in board.results].index("kvinneandel")
    assert [d.cells[column] for d in board.districts] == ["50\u00a0%", "25\u00a0%"]


def test_board_meetings_held_out_need_one_each_half_year(org, targets):
    AktivitetFactory(
        type="fylkesstyremote",
        enhet=org.fylke,
        dato=D(2026, 3, 10),
        vertslag=org.lag_b,
        kombinert_med_temamote=True,
    )
    AktivitetFactory(type="fylkesstyremote", enhet=org.fylke, dato=D(2026, 4, 10))
    AktivitetFactory(
        type="fylkesstyremote", enhet=org.fylke, dato=D(2026, 5, 10), vertslag=org.lag_a
    )
    maal = targets["fylkesstyremote-ute"]
    m, status = run(maal)
    assert m.periods == [("1. halvår", 1, True), ("2. halvår", 0, False)]
    assert (m.value, status) == (1, Tilstand.I_RUTE)
    assert m.chapters[org.lag_b.pk].value == 1
    assert m.chapters[org.lag_a.pk].value == 0
    assert run(maal, today=D(2027, 1, 5))[1] == Tilstand.BAK


def test_chapter_leader_meetings_each_quarter(org, targets):
    meeting = AktivitetFactory(type="lokallagsledermote", enhet=org.fylke, dato=D(2026, 2, 2))
    meeting.deltakelser.create(medlem=MedlemFactory(lokallag=org.lag_a))
    m, status = run(targets["lokallagsledermoter"])
    assert [count for _label, count, _done in m.periods] == [1, 0, 0, 0]
    assert status == Tilstand.BAK  # the second quarter ended without one
    assert m.chapters[org.lag_a.pk].value == 1  # Drammen's leader was there
    assert run(targets["lokallagsledermoter"], today=D(2026, 6, 30))[1] == Tilstand.I_RUTE


def test_chapters_with_activity_in_the_last_90_days(org, targets):
    AktivitetFactory(enhet=org.lag_a, dato=D(2026, 5, 1))
    AktivitetFactory(enhet=org.lag_b, dato=D(2026, 3, 1))
    AktivitetFactory(enhet=org.lag_b, dato=D(2026, 6, 1), status=Status.AVLYST)
    m, status = run(targets["aktive-lag"])
    assert (m.value, status) == (Decimal("50.0"), Tilstand.BAK)
    assert m.chapters[org.lag_b.pk].covered is False
    assert m.chapters[org.lag_a.pk].note == "sist 01.05.2026"
    # Month ends: Gol from March (1.3.) to May 30, Drammen from May (1.5.).
    assert [p.value for p in m.series] == [0, 0, 50, 50, 50, 50, 50]
    # Hosting a county meeting counts for the host.
    AktivitetFactory(
        type="fylkesstyremote", enhet=org.fylke, dato=D(2026, 6, 20), vertslag=org.lag_b
    )
    assert run(targets["aktive-lag"])[0].value == 100


def test_senterungdommen_members_new_members_and_chapters(org, targets):
    su = LokallagFactory(organisasjon=Organisasjon.SENTERUNGDOMMEN, distrikt=org.distrikt_b)
    empty = LokallagFactory(organisasjon=Organisasjon.SENTERUNGDOMMEN, distrikt=org.distrikt_a)
    MedlemFactory(lokallag=su, senterungdommen=True, innmeldt=D(2025, 5, 1))
    MedlemFactory(lokallag=su, senterungdommen=True, innmeldt=D(2026, 2, 1))
    MedlemFactory(lokallag=su, senterungdommen=True, innmeldt=D(2026, 2, 1), utmeldt=D(2026, 3, 1))
    MedlemFactory(lokallag=org.lag_a, innmeldt=D(2026, 2, 1))  # not in Senterungdommen
    members, status = run(targets["su-medlemmer"])
    assert (members.last_year, members.value, status) == (1, 2, Tilstand.NAADD)
    new, status = run(targets["su-nye"])
    assert (new.last_year, new.value, status) == (1, 2, Tilstand.NAADD)
    assert "1 av dem har meldt seg ut igjen samme år." in new.notes
    chapters, status = run(targets["su-lag"])
    assert (chapters.last_year, chapters.value) == (1, 1)
    assert status == Tilstand.I_RUTE  # as many as last year, with half the year to go
    assert chapters.chapters[su.pk].value == 1
    assert chapters.chapters[empty.pk].value == 0
    assert chapters.chapters[org.lag_a.pk].value is None  # not a Senterungdommen chapter
    assert run(targets["su-lag"], today=D(2027, 1, 2))[1] == Tilstand.BAK


def test_election_day_is_the_second_monday_of_september_in_odd_years():
    assert valgdag(2023) == D(2023, 9, 11)
    assert valgdag(2025) == D(2025, 9, 8)
    assert valgdag(2027) == D(2027, 9, 13)
    assert valgdag(2026) is None


def test_local_media_meetings_count_only_before_the_election(org):
    maal_opprett_standard(aar=2027)
    maal = Maal.objects.get(aar=2027, kode="lokalmedia")
    assert maal.frist == D(2027, 9, 13)
    AktivitetFactory(type="lokalmedia", enhet=org.lag_a, dato=D(2027, 8, 1))
    AktivitetFactory(type="lokalmedia", enhet=org.lag_b, dato=D(2027, 9, 20))
    m, status = run(maal, today=D(2027, 10, 1))
    assert (m.value, status) == (Decimal("50.0"), Tilstand.BAK)
    # Before the deadline the year runs to election day: on 2 August 214 of 256 days.
    assert run(maal, today=D(2027, 8, 2))[1] == Tilstand.BAK  # 50 % < 100 × 214/256
    assert run(maal, today=D(2027, 5, 1))[1] == Tilstand.BAK  # nothing yet on 1 May
    AktivitetFactory(type="lokalmedia", enhet=org.lag_b, dato=D(2027, 4, 1))
    assert run(maal, today=D(2027, 5, 1))[1] == Tilstand.I_RUTE  # 50 % ≥ 100 × 121/256


def test_social_media_up_to_date_within_30_days(org, targets):
    today = TODAY
    org.lag_a.facebook_url = "https://facebook.com/drammensp"
    org.lag_a.facebook_oppdatert = today - datetime.timedelta(days=30)
    org.lag_a.instagram_url = "https://instagram.com/drammensp"
    org.lag_a.instagram_oppdatert = today
    org.lag_a.save()
    org.lag_b.facebook_url = "https://facebook.com/golsp"
    org.lag_b.facebook_oppdatert = today
    org.lag_b.hjemmeside_url = "https://gol.senterpartiet.no"  # no date: not up to date
    org.lag_b.save()
    silent = LokallagFactory(distrikt=org.distrikt_a)  # no channels at all
    m, status = run(targets["sosiale-medier"])
    assert (m.covered, m.universe, m.value) == (1, 3, Decimal("33.3"))
    assert m.chapters[org.lag_a.pk].covered is True
    assert m.chapters[org.lag_b.pk].note == "mangler dato"
    assert m.chapters[silent.pk].note == "ingen kanaler"
    assert status == Tilstand.BAK
    past, status = run(Maal.objects.get(pk=targets["sosiale-medier"].pk), today=D(2027, 3, 1))
    assert (past.measurable, status) == (False, Tilstand.IKKE_MAALT)


def test_creating_the_defaults_again_changes_nothing(org, targets):
    maal = targets["nye-medlemmer"]
    maal.maalverdi = Decimal(60)
    maal.save()
    assert maal_opprett_standard(aar=2026) == []
    assert Maal.objects.for_aar(2026).count() == 17
    assert Maal.objects.get(pk=maal.pk).maalverdi == 60


def _item(plan, day, status=Status.PLANLAGT, til=None, chapter=None):
    return Datoplanpunkt.objects.create(
        plan=plan,
        tittel=f"Punkt {day:%d.%m.}",
        type="annet",
        fra_dato=day,
        til_dato=til,
        status=status,
        ansvarlig_enhet=chapter,
    )


def test_date_plan_counts_held_upcoming_and_overdue_and_leaves_out_cancelled(org, targets):
    plan = Datoplan.objects.create(aar=2026)
    _item(plan, D(2026, 3, 1), chapter=org.lag_a)  # passed, still planned: overdue
    _item(plan, D(2026, 6, 1), Status.AVHOLDT, chapter=org.lag_a)  # held
    _item(plan, D(2026, 5, 1), Status.AVLYST, chapter=org.lag_b)  # cancelled: not counted
    _item(plan, D(2026, 9, 1))  # upcoming (the county's own)
    _item(plan, D(2026, 6, 20), til=D(2026, 7, 1))  # a period ending today: upcoming
    _item(plan, D(2026, 6, 30), Status.AVLYST)  # passed but cancelled: not overdue
    other = Datoplan.objects.create(aar=2025)
    _item(other, D(2025, 3, 1))  # last year's plan: not this year's target
    maal = targets["datoplan"]
    assert (maal.art, maal.maalverdi) == ("hoyst", 0)
    m, status = run(maal)
    assert m.value == 1
    assert Datoplanpunkt.objects.filter(plan=plan).forfalt(TODAY).count() == 1  # same rule
    assert [(p.label, p.value) for p in m.series] == [
        ("avholdt", 1),
        ("kommende", 2),
        ("forfalt", 1),
    ]
    assert "Avholdt: 1, kommende: 2, forfalt: 1." in m.notes
    assert "2 avlyste punkter telles ikke." in m.notes
    assert status == Tilstand.BAK  # one overdue item is one too many, whatever the date
    assert (m.chapters[org.lag_a.pk].value, m.chapters[org.lag_a.pk].note) == (
        1,
        "ansvarlig for 2 punkter",
    )
    assert m.chapters[org.lag_b.pk].value is None  # only a cancelled item

    Datoplanpunkt.objects.filter(plan=plan, fra_dato=D(2026, 3, 1)).update(status=Status.AVHOLDT)
    m, status = run(maal)
    assert (m.value, status) == (0, Tilstand.NAADD)
    # Next spring the items never marked held are overdue too.
    m, status = run(maal, today=D(2027, 3, 1))
    assert (m.value, status) == (2, Tilstand.BAK)


def test_date_plan_without_items_is_not_measured(org, targets):
    m, status = run(targets["datoplan"])
    assert (m.measurable, status) == (False, Tilstand.IKKE_MAALT)
    assert "Datoplanen for 2026 har ingen punkter." in m.notes


def test_date_plan_on_the_dashboard_links_to_the_year_of_the_timeline(org, targets):
    plan = Datoplan.objects.create(aar=2026)
    _item(plan, D(2026, 2, 1))
    [r] = [r for r in county_dashboard(2026, TODAY).results if r.maal.kode == "datoplan"]
    assert (r.value_text, r.goal_text, r.tilstand) == ("1", "høyst 0", Tilstand.BAK)
    assert r.links == [("Datoplanen", "/datoplan/?aar=2026")]
    assert "Avholdt: 0, kommende: 0, forfalt: 1." in r.details


def test_a_ceiling_needs_a_goal_and_fits_only_the_date_plan(org, targets):
    maal = targets["datoplan"]
    maal.maalverdi = None
    with pytest.raises(ValidationError) as error:
        maal.full_clean()
    assert "maalverdi" in error.value.message_dict
    maal.maalverdi, maal.art = Decimal(0), "antall"
    with pytest.raises(ValidationError) as error:
        maal.full_clean()
    assert "art" in error.value.message_dict
