"""The rhythm, with the clock set: beat ticks (run here, as a worker would) make and send
exactly the reminders the rules say, at the times they say, once."""

import datetime
import email.policy

import pytest
import time_machine

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.aktivitet.services import aktivitet_registrer_resultat
from aktiviteter.paaminnelser.models import (
    Art,
    Leveringsstatus,
    Paaminnelse,
    Paaminnelsesregel,
    Regeltype,
)
from aktiviteter.paaminnelser.services import regel_lagre
from lokallag.models import Rolle
from tests.factories import AktivitetFactory, MedlemFactory, VervFactory

from .rhythm import at, run_here, ticks

pytestmark = pytest.mark.django_db
TEN_MINUTES = datetime.timedelta(minutes=10)
HOUR = datetime.timedelta(hours=1)
# Over a quarter the test ticks every third hour from midnight (the rules fire at 09:00).
THREE_HOURS = datetime.timedelta(hours=3)


@pytest.fixture
def people(org, admin_user, board_user, leader_a, leader_b, member_user):
    """Who has consented to reminders: leader A, the board member, one elected representative
    and the plain member; leader B and another elected representative have not."""
    from medlemmer.models import Medlem

    Medlem.objects.filter(bruker__in=[leader_a, board_user, member_user]).update(
        samtykke_paaminnelser=True
    )
    folkevalgt = MedlemFactory(
        lokallag=org.lag_b, folkevalgt=True, samtykke_paaminnelser=True, fornavn="Frida"
    )
    MedlemFactory(lokallag=org.lag_a, folkevalgt=True, samtykke_paaminnelser=False)
    left = MedlemFactory(
        lokallag=org.lag_a,
        samtykke_paaminnelser=True,
        utmeldt=datetime.date(2025, 12, 31),
        innmeldt=datetime.date(2020, 1, 1),
    )
    VervFactory(medlem=left, enhet=org.lag_a, rolle=Rolle.STYREMEDLEM)
    return {
        "leader_a": leader_a.medlem,
        "board": board_user.medlem,
        "folkevalgt": folkevalgt,
        "admin": admin_user,
    }


def rows(*arts):
    return list(
        Paaminnelse.objects.filter(art__in=arts)
        .order_by("opprettet", "mottaker_id", "mottaker_bruker_id")
        .values_list("art", "opprettet", "mottaker_id", "mottaker_bruker_id", "status")
    )


def test_a_week_of_ticks_sends_exactly_the_tuesday_reminders(monkeypatch, org, people, mailoutbox):
    run_here(monkeypatch)
    leader, board, folkevalgt = people["leader_a"], people["board"], people["folkevalgt"]
    with time_machine.travel(at(2026, 3, 1, 0, 0), tick=False) as traveller:
        for now in ticks(traveller, at(2026, 3, 1, 0, 0), at(2026, 3, 8, 23, 50), TEN_MINUTES):
            if now == at(2026, 3, 1, 2, 10):
                # The night job made the coming calls; Drammen hosts Tuesday's.
                Aktivitet.objects.filter(dato=datetime.date(2026, 3, 3)).update(vertslag=org.lag_a)

    call = Aktivitet.objects.get(type="tirsdagsmote", dato=datetime.date(2026, 3, 3))
    sent = Leveringsstatus.SENDT
    monday, morning = at(2026, 3, 2, 18, 0), at(2026, 3, 3, 8, 0)
    reminded = sorted([leader.pk, board.pk, folkevalgt.pk])
    assert rows(Art.TIRSDAG_PAAMINNELSE, Art.TIRSDAG_ANTALL) == [
        *[(Art.TIRSDAG_PAAMINNELSE, monday, pk, None, sent) for pk in reminded],
        *[(Art.TIRSDAG_PAAMINNELSE, morning, pk, None, sent) for pk in reminded],
        # After the call the host is asked for the count, and again on Wednesday.
        (Art.TIRSDAG_ANTALL, at(2026, 3, 3, 21, 0), leader.pk, None, sent),
        (Art.TIRSDAG_ANTALL, at(2026, 3, 4, 12, 0), leader.pk, None, sent),
    ]
    tuesday_mails = [m for m in mailoutbox if "tirsdagsmøte" in m.subject.lower()]
    assert sorted(m.to[0] for m in tuesday_mails) == sorted(
        [leader.epost, board.epost, folkevalgt.epost] * 2 + [leader.epost] * 2
    )
    evening = next(m for m in tuesday_mails if m.subject.startswith("I morgen"))
    assert "Ring 23 50 00 00, PIN 2024#" in evening.body
    assert "19:30" in evening.subject
    assert "/datoplan/avmelding/" in evening.body
    assert evening.extra_headers["List-Unsubscribe"].startswith("<http")
    # On the wire (as the SMTP backend serialises it) the header is the URL itself, not RFC
    # 2047 encoded words a mail program cannot read as a link.
    wire = evening.message(policy=email.policy.SMTP).as_bytes().decode()
    (header,) = [line for line in wire.splitlines() if line.startswith("List-Unsubscribe:")]
    assert header == f"List-Unsubscribe: {evening.extra_headers['List-Unsubscribe']}"
    assert len(evening.extra_headers["List-Unsubscribe"]) > 78  # long enough to have folded
    purring = [m for m in tuesday_mails if m.subject.startswith("Påminnelse")]
    assert len(purring) == 1 and f"/aktiviteter/{call.pk}/gjennomfort/" in purring[0].body
    # The board's weekly digest went out once, on Monday at seven.
    assert rows(Art.UKESAMMENDRAG) == [
        (Art.UKESAMMENDRAG, at(2026, 3, 2, 7, 0), board.pk, None, sent)
    ]


def test_a_registered_count_stops_the_wednesday_reminder(monkeypatch, org, people, mailoutbox):
    run_here(monkeypatch)
    call = AktivitetFactory(
        type="tirsdagsmote",
        enhet=org.fylke,
        dato=datetime.date(2026, 3, 3),
        starttid=datetime.time(19, 30),
        sluttid=datetime.time(20, 30),
        status=Status.PLANLAGT,
        vertslag=org.lag_a,
    )
    with time_machine.travel(at(2026, 3, 3, 20, 0), tick=False) as traveller:
        list(ticks(traveller, at(2026, 3, 3, 20, 0), at(2026, 3, 3, 22, 0), TEN_MINUTES))
        aktivitet_registrer_resultat(aktivitet=call, bruker=people["admin"], deltakerantall=31)
        list(ticks(traveller, at(2026, 3, 4, 0, 0), at(2026, 3, 4, 23, 50), TEN_MINUTES))
    assert [r[1] for r in rows(Art.TIRSDAG_ANTALL)] == [at(2026, 3, 3, 21, 0)]


def test_an_admin_moves_the_call_and_pauses_a_reminder_and_the_next_tick_follows(
    monkeypatch, org, people
):
    """The call moves to Wednesday 20:00; the evening reminder goes Tuesday 18:00; the
    morning reminder is paused."""
    run_here(monkeypatch)
    regler = Paaminnelsesregel.objects.sikre_standard()
    with time_machine.travel(at(2026, 3, 1, 12, 0), tick=False) as traveller:
        # The first tick makes the coming eight Tuesday calls.
        list(ticks(traveller, at(2026, 3, 1, 12, 0), at(2026, 3, 1, 12, 0), TEN_MINUTES))
        call = regler[Regeltype.TIRSDAGSMOTE]
        call.ukedag, call.klokkeslett = 2, datetime.time(20, 0)
        regel_lagre(regel=call, bruker=people["admin"])
        morning = regler[Regeltype.TIRSDAG_MORGEN]
        morning.aktiv = False
        regel_lagre(regel=morning, bruker=people["admin"])
        list(ticks(traveller, at(2026, 3, 1, 12, 10), at(2026, 3, 5, 0, 0), TEN_MINUTES))
    calls = Aktivitet.objects.filter(type="tirsdagsmote").order_by("dato")
    assert [(c.dato.weekday(), c.starttid) for c in calls] == [(2, datetime.time(20, 0))] * 8
    assert calls[0].dato == datetime.date(2026, 3, 4)
    assert {r[1] for r in rows(Art.TIRSDAG_PAAMINNELSE)} == {at(2026, 3, 3, 18, 0)}


def test_a_quarter_of_ticks_makes_the_meeting_and_sends_its_invitations(
    monkeypatch, org, people, mailoutbox
):
    run_here(monkeypatch)
    leader, admin = people["leader_a"], people["admin"]
    with time_machine.travel(at(2026, 3, 31, 21, 0), tick=False) as traveller:
        for now in ticks(traveller, at(2026, 3, 31, 21, 0), at(2026, 6, 30, 21, 0), THREE_HOURS):
            if now == at(2026, 4, 1, 0, 0):
                meetings = Aktivitet.objects.filter(type="lokallagsledermote")
                # Made at the quarter's first tick: 35 days in, on a Wednesday at 19:00.
                assert list(meetings.values_list("dato", "starttid", "enhet")) == [
                    (datetime.date(2026, 5, 6), datetime.time(19, 0), org.fylke.pk)
                ]
    meeting = Aktivitet.objects.get(type="lokallagsledermote")
    assert meeting.tittel == "Lokallagsledermøte 2. kvartal 2026"
    sent = Leveringsstatus.SENDT
    arts = (Art.LEDERMOTE_INVITASJON, Art.LEDERMOTE_PAAMINNELSE, Art.LEDERMOTE_OPPMOTE)
    assert rows(*arts) == [
        # Every current chapter leader who consented: three weeks before, and the day before.
        (Art.LEDERMOTE_INVITASJON, at(2026, 4, 15, 9, 0), leader.pk, None, sent),
        (Art.LEDERMOTE_PAAMINNELSE, at(2026, 5, 5, 9, 0), leader.pk, None, sent),
        # Afterwards the admins are asked to register the attendance.
        (Art.LEDERMOTE_OPPMOTE, at(2026, 5, 7, 9, 0), None, admin.pk, sent),
    ]
    invitation = next(m for m in mailoutbox if m.subject.startswith("Invitasjon"))
    assert invitation.to == [leader.epost]
    assert invitation.attachments[0][0] == "mote.ics"
    assert "6. mai" in invitation.body


def test_an_admins_own_meeting_in_the_quarter_is_kept(monkeypatch, org, people):
    run_here(monkeypatch)
    AktivitetFactory(
        type="lokallagsledermote",
        enhet=org.fylke,
        dato=datetime.date(2026, 4, 22),
        status=Status.PLANLAGT,
    )
    with time_machine.travel(at(2026, 4, 1, 0, 0), tick=False) as traveller:
        list(ticks(traveller, at(2026, 4, 1, 0, 0), at(2026, 4, 2, 0, 0), HOUR))
    assert Aktivitet.objects.filter(type="lokallagsledermote").count() == 1
    invitation = Paaminnelse.objects.get(art=Art.LEDERMOTE_INVITASJON)
    assert invitation.opprettet == at(2026, 4, 1, 9, 0)  # 21 days before 22 April


def test_a_meeting_made_inside_the_lead_time_is_announced_at_the_next_tick(
    monkeypatch, org, people
):
    run_here(monkeypatch)
    with time_machine.travel(at(2026, 4, 10, 12, 0), tick=False) as traveller:
        list(ticks(traveller, at(2026, 4, 10, 12, 0), at(2026, 4, 10, 12, 0), HOUR))
        AktivitetFactory(
            type="lokallagsledermote",
            enhet=org.fylke,
            dato=datetime.date(2026, 4, 20),
            status=Status.PLANLAGT,
        )
        list(ticks(traveller, at(2026, 4, 10, 12, 10), at(2026, 4, 12, 12, 10), HOUR))
    assert [r[1] for r in rows(Art.LEDERMOTE_INVITASJON)] == [at(2026, 4, 10, 12, 10)]
