"""The call rule's pause and the days off, with the clock set and beat ticks run here: a call
in the pause or on a public holiday is not held, and nothing is sent about it; a reminder
that falls on a day off goes on the next working day."""

import datetime

import pytest
import time_machine

from aktiviteter.aktivitet.models import Aktivitet, AvlystGrunn, Status
from aktiviteter.aktivitet.services import tirsdagsmoter_sikre
from aktiviteter.paaminnelser.models import (
    Art,
    Leveringsstatus,
    Paaminnelse,
    Paaminnelsesregel,
    Regeltype,
)
from aktiviteter.paaminnelser.services import paaminnelser_planlegg, regel_lagre
from buskerud_sp.core.fridager import fridag, neste_virkedag
from lokallag.models import Rolle
from tests.factories import AktivitetFactory, MedlemFactory, VervFactory

from .rhythm import at, run_here, ticks

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
D = datetime.date


@pytest.fixture
def people(org, admin_user):
    """An elected representative (reminders) and the host chapter's leader (count requests,
    chasers), both consenting."""
    folkevalgt = MedlemFactory(lokallag=org.lag_b, folkevalgt=True, samtykke_paaminnelser=True)
    leader = MedlemFactory(lokallag=org.lag_a, samtykke_paaminnelser=True)
    VervFactory(medlem=leader, enhet=org.lag_a, rolle=Rolle.LEDER)
    return {"folkevalgt": folkevalgt, "leader": leader, "admin": admin_user}


def sent_for(dato: datetime.date) -> list[tuple[str, datetime.datetime]]:
    return sorted(Paaminnelse.objects.filter(aktivitet__dato=dato).values_list("art", "opprettet"))


def calls() -> dict[datetime.date, tuple[str, str]]:
    return {
        c.dato: (c.status, c.avlyst_grunn)
        for c in Aktivitet.objects.filter(type="tirsdagsmote").order_by("dato")
    }


def test_holidays_come_from_the_package_plus_christmas_and_new_years_eve():
    assert fridag(D(2026, 4, 6)) == "Andre påskedag"
    assert fridag(D(2026, 5, 17)) and fridag(D(2024, 12, 24)) and fridag(D(2025, 12, 31))
    assert fridag(D(2026, 12, 22)) == "" and fridag(D(2026, 6, 21)) == ""
    assert neste_virkedag(D(2024, 12, 24)) == D(2024, 12, 27)
    assert neste_virkedag(D(2026, 12, 31)) == D(2027, 1, 4) - datetime.timedelta(days=2)


def test_a_pause_on_the_calls_rule_stops_the_christmas_calls_and_everything_about_them(
    monkeypatch, org, people, mailoutbox
):
    """The calls of 22.12 and 29.12 were made eight weeks ahead; then the admin pauses the
    call's rule 21.12.-03.01. Ticking hourly through Christmas sends nothing about them; the
    first call after the pause is reminded as usual."""
    run_here(monkeypatch)
    with time_machine.travel(at(2026, 11, 1, 2, 0), tick=False) as traveller:
        assert tirsdagsmoter_sikre(uker=9) == 9
        Aktivitet.objects.filter(type="tirsdagsmote").update(vertslag=org.lag_a)
        regel = Paaminnelsesregel.objects.sikre_standard()[Regeltype.TIRSDAGSMOTE]
        regel.pause_fra, regel.pause_til = D(2026, 12, 21), D(2027, 1, 3)
        regel_lagre(regel=regel, bruker=people["admin"])
        assert calls()[D(2026, 12, 22)] == (Status.AVLYST, AvlystGrunn.PAUSE)
        assert calls()[D(2026, 12, 29)] == (Status.AVLYST, AvlystGrunn.PAUSE)
        assert calls()[D(2026, 12, 15)] == (Status.PLANLAGT, "")
        for now in ticks(traveller, at(2026, 12, 20, 0, 0), at(2027, 1, 7, 0, 0), HOUR):
            if now.hour == 3 and now.date() == D(2026, 12, 30):
                # The night job made the January calls; Drammen hosts them.
                Aktivitet.objects.filter(dato__gt=now.date()).update(vertslag=org.lag_a)
    assert sent_for(D(2026, 12, 22)) == [] and sent_for(D(2026, 12, 29)) == []
    # Still not held: the nightly job through the pause left them cancelled, for the pause.
    assert calls()[D(2026, 12, 22)] == (Status.AVLYST, AvlystGrunn.PAUSE)
    assert calls()[D(2026, 12, 29)] == (Status.AVLYST, AvlystGrunn.PAUSE)
    per_person = len(people)  # the folkevalgt and the leader (a member of a chapter's board)
    january = sent_for(D(2027, 1, 5))
    assert [t for art, t in january if art == Art.TIRSDAG_PAAMINNELSE] == sorted(
        [at(2027, 1, 4, 18, 0), at(2027, 1, 5, 8, 0)] * (per_person - 1)
    )
    assert [t for art, t in january if art == Art.TIRSDAG_ANTALL] == [
        at(2027, 1, 5, 21, 0),
        at(2027, 1, 6, 12, 0),
    ]
    assert (
        not Paaminnelse.objects.exclude(status=Leveringsstatus.SENDT)
        .filter(art__in=[Art.TIRSDAG_PAAMINNELSE, Art.TIRSDAG_ANTALL])
        .exists()
    )


def test_lifting_the_pause_brings_the_calls_back_but_not_one_a_person_cancelled(org, people):
    with time_machine.travel(at(2026, 11, 1, 12, 0)):
        tirsdagsmoter_sikre(uker=9)
        Aktivitet.objects.filter(dato=D(2026, 12, 29)).update(status=Status.AVLYST)
        regel = Paaminnelsesregel.objects.sikre_standard()[Regeltype.TIRSDAGSMOTE]
        regel.pause_fra, regel.pause_til = D(2026, 12, 21), D(2027, 1, 3)
        regel_lagre(regel=regel, bruker=people["admin"])
        assert calls()[D(2026, 12, 22)] == (Status.AVLYST, AvlystGrunn.PAUSE)
        regel.pause_fra = regel.pause_til = None
        regel_lagre(regel=regel, bruker=people["admin"])
    assert calls()[D(2026, 12, 22)] == (Status.PLANLAGT, "")
    assert calls()[D(2026, 12, 29)] == (Status.AVLYST, "")


@pytest.mark.parametrize("skip", [True, False], ids=["holidays-skipped", "holidays-kept"])
def test_when_christmas_eve_is_a_tuesday_no_call_is_held_on_the_days_off(
    monkeypatch, org, people, skip
):
    """2024: Tuesdays on Christmas Eve and New Year's Eve. By default neither call is held,
    and no reminder goes out on 24.12 nor a chaser on 25.12 or 1.1; with the admin's choice
    «not on holidays» off, they are held and reminded as before."""
    run_here(monkeypatch)
    for regel in Paaminnelsesregel.objects.sikre_standard().values():
        regel.hopp_over_helligdager = skip
        regel_lagre(regel=regel, bruker=people["admin"])
    with time_machine.travel(at(2024, 12, 15, 2, 0), tick=False) as traveller:
        for now in ticks(traveller, at(2024, 12, 15, 2, 0), at(2025, 1, 3, 0, 0), HOUR):
            if now == at(2024, 12, 15, 2, 0):
                Aktivitet.objects.filter(type="tirsdagsmote").update(vertslag=org.lag_a)
    eve, new_years_eve = D(2024, 12, 24), D(2024, 12, 31)
    sent_days = {t.date() for t in Paaminnelse.objects.values_list("opprettet", flat=True)}
    if skip:
        assert calls()[eve] == calls()[new_years_eve] == (Status.AVLYST, AvlystGrunn.HELLIGDAG)
        assert sent_for(eve) == sent_for(new_years_eve) == []
        assert not sent_days & {eve, D(2024, 12, 25), D(2025, 1, 1)}
    else:
        assert calls()[eve] == calls()[new_years_eve] == (Status.PLANLAGT, "")
        assert (Art.TIRSDAG_PAAMINNELSE, at(2024, 12, 24, 8, 0)) in sent_for(eve)
        assert (Art.TIRSDAG_ANTALL, at(2025, 1, 1, 12, 0)) in sent_for(new_years_eve)


@pytest.mark.parametrize(
    ("skip", "chased"),
    [(True, at(2029, 5, 18, 12, 0)), (False, at(2029, 5, 17, 12, 0))],
    ids=["holidays-skipped", "holidays-kept"],
)
def test_a_chaser_due_on_a_public_holiday_goes_the_next_working_day(
    monkeypatch, org, people, skip, chased
):
    """A call on Wednesday 16 May 2029 (made there by a person): its chaser falls on 17 May
    and goes on 18 May at 12:00 instead; with the chaser rule's holiday setting off, on 17
    May."""
    run_here(monkeypatch)
    purring = Paaminnelsesregel.objects.sikre_standard()[Regeltype.TIRSDAG_ANTALL_PURRING]
    purring.hopp_over_helligdager = skip
    regel_lagre(regel=purring, bruker=people["admin"])
    call = AktivitetFactory(
        type="tirsdagsmote",
        enhet=org.fylke,
        vertslag=org.lag_a,
        dato=D(2029, 5, 16),
        starttid=datetime.time(19, 30),
        sluttid=datetime.time(20, 30),
        status="planlagt",
    )
    with time_machine.travel(at(2029, 5, 16, 20, 0), tick=False) as traveller:
        list(ticks(traveller, at(2029, 5, 16, 20, 0), at(2029, 5, 19, 0, 0), HOUR))
    assert sent_for(call.dato) == [
        (Art.TIRSDAG_ANTALL, at(2029, 5, 16, 21, 0)),
        (Art.TIRSDAG_ANTALL, chased),
    ]


def test_a_call_in_the_pause_shows_why_it_is_not_held(client, org, people):
    with time_machine.travel(at(2026, 11, 1, 12, 0)):
        tirsdagsmoter_sikre(uker=9)
        regel = Paaminnelsesregel.objects.sikre_standard()[Regeltype.TIRSDAGSMOTE]
        regel.pause_fra, regel.pause_til = D(2026, 12, 21), D(2027, 1, 3)
        regel_lagre(regel=regel, bruker=people["admin"])
        client.force_login(people["admin"])
        call = Aktivitet.objects.get(dato=D(2026, 12, 22))
        page = client.get(call.get_absolute_url()).content.decode()
    assert "Avlyst (pause i møterytmen)" in page


def test_a_pause_saved_another_way_stops_the_reminders_before_the_nightly_job(org, people):
    """The planner asks the call's rule too: a call still marked planned in the pause (the
    rule changed outside the portal's page, the nightly job not yet run) gets nothing."""
    for dato in (D(2026, 12, 15), D(2026, 12, 22)):
        AktivitetFactory(
            type="tirsdagsmote",
            enhet=org.fylke,
            dato=dato,
            starttid=datetime.time(19, 30),
            sluttid=datetime.time(20, 30),
            status="planlagt",
        )
    Paaminnelsesregel.objects.sikre_standard()
    Paaminnelsesregel.objects.filter(nokkel=Regeltype.TIRSDAGSMOTE).update(
        pause_fra=D(2026, 12, 21), pause_til=D(2027, 1, 3)
    )
    with time_machine.travel(at(2026, 12, 22, 8, 0)):
        assert paaminnelser_planlegg() == 0
    with time_machine.travel(at(2026, 12, 15, 8, 0)):
        assert paaminnelser_planlegg() == 2  # the folkevalgt and the leader, before the pause
