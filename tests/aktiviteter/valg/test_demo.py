"""The demo organisation's election years: the elections around today, the past ones' results
for the 18 municipalities labelled as demo figures, a target on the coming one's result, the
campaign committee, the campaign plan (followed at the last election, begun for the coming
one with stands members can take shifts on) and the public calendar's events. The clock is
pinned to a day in an election year before election day, one after it, and one in a year
between, and the demo is loaded on that day."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Count, F, Q

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from aktiviteter.dashbord.models import Maal, Maaling
from aktiviteter.valg.models import (
    Maalart,
    Vakt,
    Vaktpamelding,
    Valg,
    Valgkampmaal,
    Valgresultat,
    Valgtype,
)
from buskerud_sp.demodata import load_all
from buskerud_sp.demodata.valg import SCHOOLS, elections_around
from lokallag.models import Lokallag, Niva, Organisasjon, Rolle, Verv
from tests.aktiviteter.rhythm import at
from tests.conftest import DEMO_PASSWORD
from tests.demo import load_demo

pytestmark = pytest.mark.django_db
D = datetime.date
T = Aktivitetstype
HALLINGDAL = {"Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"}

DAYS = [
    D(2027, 5, 3),  # an election year, before election day (13 September 2027)
    D(2027, 10, 4),  # the same year, after it
    D(2026, 11, 30),  # a year without an election
]


@pytest.mark.parametrize(
    ("today", "past", "coming"),
    [
        (
            D(2026, 11, 30),
            ["2025-09-08", "2023-09-11", "2021-09-13", "2019-09-09"],
            ("kommune_fylke", "2027-09-13"),
        ),
        (
            D(2027, 9, 13),  # election day is still the coming one
            ["2025-09-08", "2023-09-11", "2021-09-13", "2019-09-09"],
            ("kommune_fylke", "2027-09-13"),
        ),
        (
            D(2027, 9, 14),
            ["2027-09-13", "2025-09-08", "2023-09-11", "2021-09-13"],
            ("storting", "2029-09-10"),
        ),
        (
            D(2025, 1, 2),
            ["2023-09-11", "2021-09-13", "2019-09-09", "2017-09-11"],
            ("storting", "2025-09-08"),
        ),
    ],
)
def test_the_elections_around_a_day_are_the_second_mondays_of_september(today, past, coming):
    found_past, found_coming = elections_around(today)
    assert [day.isoformat() for _, day in found_past] == past
    assert sorted(type_ for type_, _ in found_past) == ["kommune_fylke"] * 2 + ["storting"] * 2
    assert (found_coming[0], found_coming[1].isoformat()) == coming
    assert all(day.weekday() == 0 and 8 <= day.day <= 14 for _, day in [*found_past, found_coming])


def _coming(today):
    return Valg.objects.kommende(today).get()


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_demo_holds_the_elections_and_their_results_labelled_as_demo(today):
    with time_machine.travel(at(today.year, today.month, today.day, 12, 0), tick=False):
        load_demo(password=DEMO_PASSWORD)
        past, (type_, day) = elections_around(today)
        assert sorted(Valg.objects.values_list("type", "dato")) == sorted([*past, (type_, day)])
        coming = _coming(today)
        assert coming.kampanjestart == D(day.year, 3, 1)
        assert not coming.resultater.exists()
        for valg in Valg.objects.filter(dato__lt=today):
            rows = valg.resultater.select_related("kommune")
            assert rows.count() == 18 and rows.values("kommune").distinct().count() == 18
            assert not rows.filter(demo=False).exists()
            for row in rows:
                assert row.godkjente_stemmer > row.stemmer > 0
                exact = Decimal(row.stemmer * 100) / row.godkjente_stemmer
                assert abs(row.andel - exact) < Decimal("0.01")
                if row.kommune.navn == "Drammen":
                    assert Decimal(3) < row.andel < Decimal(12)
                elif row.kommune.navn in HALLINGDAL:
                    assert Decimal(7) < row.andel < Decimal(40)
                assert (row.mandater is not None) == (valg.type == Valgtype.KOMMUNE_FYLKE)
            drammen = rows.get(kommune__navn="Drammen").godkjente_stemmer
            assert 40_000 < drammen < 90_000  # a plausible turnout of 100 000 inhabitants

        target = Maal.objects.get(aar=coming.aar, maaling=Maaling.VALGRESULTAT)
        assert (target.maalverdi, target.frist) == (Decimal("14.0"), coming.dato)


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_campaign_plan_and_committee(today):
    with time_machine.travel(at(today.year, today.month, today.day, 12, 0), tick=False):
        load_demo(password=DEMO_PASSWORD)
        coming = _coming(today)
        last = Valg.objects.filter(dato__lt=today).order_by("-dato").first()
        chapters = Lokallag.objects.lokallag().filter(
            aktiv=True, organisasjon=Organisasjon.SENTERPARTIET
        )
        assert chapters.count() == 18
        for valg in (coming, last):
            goals = Valgkampmaal.objects.filter(valg=valg)
            assert set(goals.values_list("dager_for", flat=True)) == {60, 30, 14}
            for chapter in chapters:
                arts = dict(goals.filter(lokallag=chapter).values_list("art", "antall"))
                assert 2 <= arts[Maalart.STAND] <= 6
                assert 1 <= arts[Maalart.LOKALMEDIA] <= 2 and arts[Maalart.SOSIALE_MEDIER] > 0
                assert (Maalart.VALGTORG in arts) == (chapter.slug in SCHOOLS)
            towns = goals.filter(art=Maalart.DOR_TIL_DOR).values_list("lokallag__slug", flat=True)
            assert {"drammen", "kongsberg", "ringerike"} <= set(towns)

        # The last election's plan was followed mostly: the activities held by the deadlines.
        met = 0
        for maal in Valgkampmaal.objects.filter(valg=last, art=Maalart.STAND):
            held = Aktivitet.objects.filter(
                enhet=maal.lokallag,
                type=T.STAND,
                status=Status.AVHOLDT,
                dato__range=(last.kampanjestart, maal.frist),
            )
            met += held.count() >= maal.antall
        assert 14 <= met < 18
        assert not Aktivitet.objects.filter(dato__gt=today, status=Status.AVHOLDT).exists()

        county = Lokallag.objects.get(niva=Niva.FYLKE)
        committee = Verv.objects.aktive(today).filter(
            rolle__in=(Rolle.VALGKAMPLEDER, Rolle.VALGKAMPMEDLEM)
        )
        assert committee.filter(enhet=county, rolle=Rolle.VALGKAMPLEDER).count() == 1
        assert committee.filter(enhet=county, rolle=Rolle.VALGKAMPMEDLEM).count() == 2
        assert committee.filter(enhet__niva=Niva.LOKAL).count() == 1
        assert not committee.filter(medlem__bruker__isnull=False).exists()  # no persona


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_coming_stands_have_shifts_and_drammen_has_a_free_place(today):
    with time_machine.travel(at(today.year, today.month, today.day, 12, 0), tick=False):
        load_demo(password=DEMO_PASSWORD)
        soon = Aktivitet.objects.filter(
            type=T.STAND, dato__gt=today, dato__lte=today + datetime.timedelta(weeks=8)
        )
        shifts = Vakt.objects.filter(aktivitet__in=soon).annotate(n=Count("pameldinger"))
        assert shifts.values("aktivitet").distinct().count() >= 4
        per_stand = (
            Vakt.objects.filter(aktivitet__in=soon).values("aktivitet").annotate(k=Count("pk"))
        )
        assert all(2 <= row["k"] <= 4 for row in per_stand)
        assert all(2 <= v.plasser <= 4 for v in shifts)
        assert shifts.filter(n=F("plasser")).exists()  # one shift full
        assert shifts.filter(n__gt=0, n__lt=F("plasser")).exists()
        free = shifts.filter(aktivitet__enhet__slug="drammen", n__lt=F("plasser"))
        assert free.exists()
        # Those who took shifts are members of the stand's chapter, none of them a persona.
        signed = Vaktpamelding.objects.filter(vakt__aktivitet__in=soon)
        assert signed.exists()
        assert not signed.exclude(medlem__lokallag=F("vakt__aktivitet__enhet")).exists()
        assert not signed.filter(medlem__bruker__isnull=False).exists()
        assert not signed.filter(medlem__epost="medlem@demo.buskerudsp.no").exists()


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_public_calendar_is_full_past_and_coming(today):
    with time_machine.travel(at(today.year, today.month, today.day, 12, 0), tick=False):
        load_demo(password=DEMO_PASSWORD)
        public = Aktivitet.objects.offentlige()
        assert public.filter(dato__lt=today).count() >= 20
        assert public.filter(dato__gte=today).count() >= 8
        types = set(public.values_list("type", flat=True))
        assert {T.FOLKEMOTE, T.STAND, T.VALGKAMPAPNING, T.MEDLEMSMOTE} <= types
        assert public.filter(type=T.VALGKAMPAPNING, dato__gte=today).exists()
        assert not public.filter(kontakt="").exists()
        assert public.exclude(kontaktperson="").count() > public.count() * 0.8
        # Members-only meetings stay members-only.
        assert not Aktivitet.objects.filter(offentlig=True, type=T.STYREMOTE).exists()
        assert Aktivitet.objects.filter(type=T.MEDLEMSMOTE, offentlig=False).exists()


def test_loading_again_doubles_and_changes_nothing():
    with time_machine.travel(at(2026, 11, 30, 12, 0), tick=False):
        load_demo(password=DEMO_PASSWORD)

        def state():
            return (
                sorted(Valg.objects.values_list("type", "dato", "kampanjestart")),
                sorted(
                    Valgresultat.objects.values_list(
                        "valg__dato", "kommune__nummer", "stemmer", "godkjente_stemmer", "andel"
                    )
                ),
                sorted(Valgkampmaal.objects.values_list("valg__dato", "lokallag", "art", "antall")),
                sorted(Vakt.objects.values_list("aktivitet", "start", "plasser")),
                sorted(Vaktpamelding.objects.values_list("vakt", "medlem")),
                Aktivitet.objects.count(),
                sorted(Aktivitet.objects.offentlige().values_list("pk", "kontaktperson")),
                sorted(
                    Verv.objects.filter(
                        Q(rolle=Rolle.VALGKAMPLEDER) | Q(rolle=Rolle.VALGKAMPMEDLEM)
                    ).values_list("enhet", "rolle", "medlem")
                ),
                Maal.objects.filter(maaling=Maaling.VALGRESULTAT).count(),
            )

        before = state()
        load_all(password=DEMO_PASSWORD)
        assert state() == before
