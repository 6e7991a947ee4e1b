"""The welcome to new members: every day at 10:00 one row per member who joined in the last two
weeks (by e-mail, or SMS without an address), once; the mail names the chapter's next open
activities and its contact person, and no other member."""

import datetime

import pytest
import time_machine

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from aktiviteter.paaminnelser.models import (
    Art,
    Kanal,
    Leveringsstatus,
    Paaminnelse,
    Paaminnelsesregel,
    Regeltype,
)
from aktiviteter.paaminnelser.services import paaminnelser_planlegg, paaminnelser_send
from lokallag.models import Rolle
from tests.aktiviteter.rhythm import at
from tests.factories import MedlemFactory, VervFactory

pytestmark = pytest.mark.django_db

D = datetime.date
T = Aktivitetstype


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        paaminnelser_planlegg()
        return paaminnelser_send()


def rows():
    return sorted(
        Paaminnelse.objects.filter(art=Art.VELKOMMEN).values_list(
            "anledning", "mottaker__fornavn", "kanal"
        )
    )


def welcomes(mailoutbox):
    return [m for m in mailoutbox if m.subject.startswith("Velkommen som medlem")]


@pytest.fixture
def nye(org):
    a = org.lag_a
    return {
        "ny": MedlemFactory(
            lokallag=a, fornavn="Nora", etternavn="Nysen", innmeldt=D(2026, 11, 25)
        ),
        "sms": MedlemFactory(lokallag=a, fornavn="Sindre", epost=None, innmeldt=D(2026, 11, 29)),
        "ingen": MedlemFactory(
            lokallag=a, fornavn="Ivar", epost=None, telefon="", innmeldt=D(2026, 11, 28)
        ),
        "gammel": MedlemFactory(lokallag=a, fornavn="Gunnar", innmeldt=D(2026, 11, 10)),
        "utmeldt": MedlemFactory(
            lokallag=a, fornavn="Ulla", innmeldt=D(2026, 11, 20), utmeldt=D(2026, 11, 27)
        ),
    }


def test_each_new_member_gets_one_welcome_row_however_often_the_planner_runs(nye):
    run_at(at(2026, 11, 30, 9, 59))
    assert rows() == []
    run_at(at(2026, 11, 30, 10, 0))
    run_at(at(2026, 11, 30, 10, 5))
    run_at(at(2026, 12, 1, 10, 0))  # the next day: still new, but already welcomed
    assert rows() == [
        (f"velkommen-{nye['ny'].pk}", "Nora", Kanal.EPOST),
        (f"velkommen-{nye['sms'].pk}", "Sindre", Kanal.SMS),
    ]


def test_a_member_registered_later_is_welcomed_by_a_later_run(nye, org):
    run_at(at(2026, 11, 30, 10, 0))
    afternoon = MedlemFactory(lokallag=org.lag_b, fornavn="Live", innmeldt=D(2026, 11, 30))
    run_at(at(2026, 11, 30, 15, 0))  # within the day's grace: still today
    assert Paaminnelse.objects.filter(art=Art.VELKOMMEN, mottaker=afternoon).count() == 1
    night = MedlemFactory(lokallag=org.lag_b, fornavn="Natt", innmeldt=D(2026, 11, 30))
    run_at(at(2026, 11, 30, 23, 0))  # the day's run is over: not before tomorrow's
    assert not Paaminnelse.objects.filter(art=Art.VELKOMMEN, mottaker=night).exists()
    run_at(at(2026, 12, 1, 10, 0))
    assert Paaminnelse.objects.filter(art=Art.VELKOMMEN, mottaker=night).count() == 1


def test_a_paused_rule_welcomes_nobody(nye):
    Paaminnelsesregel.objects.sikre_standard()
    Paaminnelsesregel.objects.filter(nokkel=Regeltype.VELKOMMEN).update(aktiv=False)
    run_at(at(2026, 11, 30, 10, 0))
    assert rows() == []


@pytest.fixture
def kalender(org):
    a = org.lag_a

    def act(tittel, dato, type=T.FOLKEMOTE, enhet=a, **kw):
        return Aktivitet.objects.create(type=type, enhet=enhet, tittel=tittel, dato=dato, **kw)

    act("Folkemøte om skolen", D(2026, 12, 3), starttid=datetime.time(19), sted="Samfunnshuset")
    act("Julemøte", D(2026, 12, 10), type=T.MEDLEMSMOTE)
    act("Stand på torget", D(2026, 12, 12), type=T.STAND)
    act("Temamøte om jordbruk", D(2027, 1, 20), type=T.TEMAMOTE)  # the fourth: left out
    act("Avlyst folkemøte", D(2026, 12, 2), status=Status.AVLYST)
    act("Styremøte i laget", D(2026, 12, 1), type=T.STYREMOTE)
    act("Gammelt folkemøte", D(2026, 11, 1), status=Status.AVHOLDT)
    act("Folkemøte på Gol", D(2026, 12, 2), enhet=org.lag_b)


def test_the_mail_lists_the_next_open_activities_and_the_contact_person(
    nye, org, kalender, mailoutbox
):
    org.lag_a.epost = "drammen@senterpartiet.no"
    org.lag_a.save()
    leader = MedlemFactory(
        lokallag=org.lag_a, fornavn="Dag", etternavn="Drammensen", epost="dag@privat.no"
    )
    VervFactory(medlem=leader, enhet=org.lag_a, rolle=Rolle.LEDER)
    run_at(at(2026, 11, 30, 10, 0))
    (mail,) = welcomes(mailoutbox)
    assert mail.to == [nye["ny"].epost]
    assert mail.subject == "Velkommen som medlem i Drammen Senterparti!"
    body = mail.body
    assert "Hei Nora," in body
    for title in ("Folkemøte om skolen", "Julemøte", "Stand på torget"):
        assert title in body
    assert "kl. 19:00, Samfunnshuset" in body
    assert body.index("Folkemøte om skolen") < body.index("Julemøte") < body.index("Stand")
    for title in ("Temamøte om jordbruk", "Avlyst", "Styremøte", "Gammelt", "Gol"):
        assert title not in body
    assert "Dag Drammensen, leder i Drammen Senterparti" in body
    assert "drammen@senterpartiet.no" in body
    html = mail.alternatives[0].content
    assert "Folkemøte om skolen" in html and "mailto:drammen@senterpartiet.no" in html
    # No other member: neither the other new members nor the leader's own address.
    for other in ("Sindre", "Ivar", "Gunnar", "Ulla", "dag@privat.no", nye["sms"].telefon):
        assert other not in body and other not in html
    # Member mail: no list to leave.
    assert "List-Unsubscribe" not in mail.extra_headers
    assert "Meld deg av" not in html
    row = Paaminnelse.objects.get(art=Art.VELKOMMEN, mottaker=nye["ny"])
    assert row.status == Leveringsstatus.SENDT


def test_without_a_chapter_address_the_county_is_the_contact(nye, org, mailoutbox):
    org.fylke.epost = "buskerud@senterpartiet.no"
    org.fylke.save()
    run_at(at(2026, 11, 30, 10, 0))
    (mail,) = welcomes(mailoutbox)
    assert "buskerud@senterpartiet.no" in mail.body
    assert "leder i" not in mail.body  # the chapter has no leader
    assert "ingen åpne aktiviteter" in mail.body


def test_the_welcome_needs_no_consent(nye, mailoutbox):
    assert not nye["ny"].samtykke_paaminnelser
    run_at(at(2026, 11, 30, 10, 0))
    assert [m.to for m in welcomes(mailoutbox)] == [[nye["ny"].epost]]
