"""The date plan's reminders, the half-year rule and the weekly digest, with the clock set:
the planner and the sender run at the moments that matter."""

import datetime

import pytest
import time_machine

from aktiviteter.aktivitet.models import Status
from aktiviteter.dashbord.defaults import maal_opprett_standard
from aktiviteter.dashbord.models import Maal
from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt
from aktiviteter.paaminnelser.models import Art, Paaminnelse
from aktiviteter.paaminnelser.services import paaminnelser_planlegg, paaminnelser_send
from lokallag.models import Rolle
from medlemmer.models import Medlem
from tests.factories import AktivitetFactory, MedlemFactory, VervFactory

from .rhythm import at

pytestmark = pytest.mark.django_db
D = datetime.date


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        paaminnelser_planlegg()
        return paaminnelser_send()


def made(art):
    rows = Paaminnelse.objects.filter(art=art).values_list(
        "opprettet", "mottaker_id", "mottaker_bruker_id"
    )
    return sorted(rows, key=lambda r: (r[0], r[1] or 0, r[2] or 0))


@pytest.fixture
def ansvarlig(org, leader_a):
    medlem = MedlemFactory(lokallag=org.lag_a, samtykke_paaminnelser=True, fornavn="Astrid")
    Medlem.objects.filter(bruker=leader_a).update(samtykke_paaminnelser=True)
    plan = Datoplan.objects.create(aar=2026)
    kurs = Datoplanpunkt.objects.create(
        plan=plan,
        tittel="Kurs i mediearbeid",
        type="mediekurs",
        fra_dato=D(2026, 4, 16),
        ansvarlig_person=medlem,
    )
    tour = Datoplanpunkt.objects.create(
        plan=plan,
        tittel="Reiserunde",
        type="reiserunde",
        fra_dato=D(2026, 4, 20),
        til_dato=D(2026, 5, 29),
        ansvarlig_enhet=org.lag_a,
    )
    return medlem, kurs, tour


def test_the_responsible_person_is_reminded_14_and_2_days_before(ansvarlig, leader_a, mailoutbox):
    medlem, _kurs, _tour = ansvarlig
    for day in range(1, 20):
        for hour in (7, 8, 9):
            run_at(at(2026, 4, day, hour, 0))
    assert made(Art.DATOPLAN_FRIST) == [
        # Due on Maundy Thursday: sent on the first day after Easter's days off (Saturday).
        (at(2026, 4, 4, 8, 0), medlem.pk, None),
        # No person: the responsible chapter's leader (due on Easter Monday: sent Tuesday).
        (at(2026, 4, 7, 8, 0), leader_a.medlem.pk, None),
        (at(2026, 4, 14, 8, 0), medlem.pk, None),
        (at(2026, 4, 18, 8, 0), leader_a.medlem.pk, None),
    ]
    first = mailoutbox[0]
    assert first.subject == "Om 12 dager: Kurs i mediearbeid"  # sent two days late
    assert "Du står som ansvarlig for «Kurs i mediearbeid» i datoplanen" in first.body


def test_a_moved_item_is_reminded_for_its_new_date_and_a_cancelled_one_not(ansvarlig, admin_user):
    _medlem, kurs, tour = ansvarlig
    run_at(at(2026, 4, 4, 8, 0))  # due on Maundy Thursday, sent after Easter's days off
    kurs.fra_dato = D(2026, 4, 23)
    kurs.save()
    tour.status = Status.AVLYST
    tour.save()
    for day in (6, 9, 21):
        run_at(at(2026, 4, day, 8, 0))
    assert [row[0] for row in made(Art.DATOPLAN_FRIST)] == [
        at(2026, 4, 4, 8, 0),
        at(2026, 4, 9, 8, 0),
        at(2026, 4, 21, 8, 0),
    ]


def test_an_item_past_its_date_is_flagged_to_the_admins_once(ansvarlig, admin_user, mailoutbox):
    _ = ansvarlig
    run_at(at(2026, 4, 17, 7, 0))
    assert made(Art.DATOPLAN_FORFALT) == []
    for moment in (at(2026, 4, 17, 8, 0), at(2026, 4, 18, 8, 0), at(2026, 5, 1, 8, 0)):
        run_at(moment)
    assert made(Art.DATOPLAN_FORFALT) == [(at(2026, 4, 17, 8, 0), None, admin_user.pk)]
    flagged = next(m for m in mailoutbox if "ikke markert avholdt" in m.subject)
    assert flagged.to == [admin_user.email]
    assert "Endre hvem som får hva" in flagged.alternatives[0].content


@pytest.fixture
def county_leader(org):
    leader = MedlemFactory(lokallag=org.lag_b, samtykke_paaminnelser=True, fornavn="Kari")
    VervFactory(medlem=leader, enhet=org.fylke, rolle=Rolle.FYLKESLEDER)
    return leader


def test_on_1_may_the_half_year_rule_alerts_the_county_leader_and_admins(
    org, county_leader, admin_user, mailoutbox
):
    AktivitetFactory(type="fylkesstyremote", enhet=org.fylke, dato=D(2026, 3, 9))  # at home
    AktivitetFactory(
        type="fylkesstyremote",
        tittel="Fylkesstyremøte",
        enhet=org.fylke,
        dato=D(2026, 6, 8),
        status="planlagt",
        vertslag=org.lag_b,
    )
    run_at(at(2026, 4, 30, 23, 0))
    run_at(at(2026, 5, 1, 8, 0))
    run_at(at(2026, 5, 1, 9, 0))
    # 1 May is a public holiday: the alert goes on the next working day.
    assert made(Art.HALVAARSREGEL) == []
    run_at(at(2026, 5, 2, 8, 0))
    assert made(Art.HALVAARSREGEL) == [
        (at(2026, 5, 2, 8, 0), None, admin_user.pk),
        (at(2026, 5, 2, 8, 0), county_leader.pk, None),
    ]
    alert = next(m for m in mailoutbox if m.to == [county_leader.epost])
    assert "første halvår 2026" in alert.body
    assert "8. juni: Fylkesstyremøte" in alert.body and "Gol Senterparti" in alert.body


def test_a_meeting_held_out_in_a_chapter_keeps_the_half_year_rule_quiet(
    org, county_leader, admin_user
):
    AktivitetFactory(
        type="fylkesstyremote", enhet=org.fylke, dato=D(2026, 9, 14), vertslag=org.lag_a
    )
    run_at(at(2026, 11, 1, 8, 0))
    assert made(Art.HALVAARSREGEL) == []


def test_the_weekly_digest_goes_to_the_board_on_monday_morning(
    org, board_user, leader_a, mailoutbox
):
    Medlem.objects.filter(bruker=board_user).update(samtykke_paaminnelser=True)
    AktivitetFactory(enhet=org.lag_a, tittel="Stand på torget", type="stand", dato=D(2026, 3, 5))
    MedlemFactory(lokallag=org.lag_a, innmeldt=D(2026, 3, 4), fornavn="Ingeborg")
    MedlemFactory(lokallag=org.lag_a, innmeldt=D(2026, 3, 6), etternavn="Vervesen")
    maal_opprett_standard(aar=2026)
    Maal.objects.filter(aar=2026, kode="studiering").update(aktiv=False)  # hidden: left out
    plan = Datoplan.objects.create(aar=2026)
    Datoplanpunkt.objects.create(plan=plan, tittel="Kurs", type="annet", fra_dato=D(2026, 2, 1))
    # The board member's own follow-ups of the chapters: the open one is in the digest.
    from tests.factories import OppfolgingFactory

    OppfolgingFactory(
        lokallag=org.lag_a,
        dato=D(2026, 3, 2),
        neste_steg="Ring lederen om årsmøtet",
        frist=D(2026, 3, 12),
        ansvarlig=board_user.medlem,
    )
    OppfolgingFactory(
        lokallag=org.lag_a,
        dato=D(2026, 2, 2),
        neste_steg="Sende vervemateriell",
        frist=D(2026, 2, 12),
        ansvarlig=board_user.medlem,
        utfort=D(2026, 2, 10),
    )
    run_at(at(2026, 3, 9, 6, 50))
    run_at(at(2026, 3, 9, 7, 0))
    run_at(at(2026, 3, 9, 7, 30))
    assert made(Art.UKESAMMENDRAG) == [(at(2026, 3, 9, 7, 0), board_user.medlem.pk, None)]
    [digest] = mailoutbox
    assert "Drammen Senterparti: 2" in digest.body
    assert "Stand på torget (Drammen Senterparti)" in digest.body
    # The dashboard's targets for the year, as the dashboard judges them on the day:
    # 2 new members of 50 with 68 of 365 days gone (9.3 expected) is behind.
    html = digest.alternatives[0][0]
    assert "Virksomhetsplanens mål for 2026:" in digest.body
    assert "- Nye medlemmer: 2 (mål: minst 50) – Bak skjema" in digest.body
    assert "- Datoplanen følges: 1 (mål: høyst 0) – Bak skjema" in digest.body
    assert "Studiering" not in digest.body and "Studiering" not in html
    section = digest.body.split("Virksomhetsplanens mål for 2026:\n")[1].split("\nhttp")[0]
    names = [line[2:].split(": ")[0] for line in section.splitlines()]
    assert len(names) == 16  # the 17 defaults, one of them hidden
    assert names == list(Maal.objects.for_aar(2026).aktive().values_list("navn", flat=True))
    assert '<td style="padding: 2px 12px 2px 0;">Datoplanen følges</td>' in html
    assert "! Bak skjema" in html
    assert "/dashbord/" in digest.body
    assert "- Drammen Senterparti: Ring lederen om årsmøtet (frist 12.3.2026)" in digest.body
    assert "Sende vervemateriell" not in digest.body
    # Counts only: no member's name leaves the portal.
    for text in (digest.body, html):
        assert "Ingeborg" not in text and "Vervesen" not in text
