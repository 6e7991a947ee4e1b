"""The election: the offices up for election follow from their terms; the chapter's election
committee (and nobody else but admins) records its proposal; the officers register who the
meeting elected, once, from the meeting day, and nothing is saved if a row breaks a rule; the
old offices end the day before the meeting, the new ones start that day, and access follows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from aktiviteter.arsmote.models import Arsmote, Valgforslag, Valgt
from aktiviteter.arsmote.services import valg
from aktiviteter.arsmote.services.valg import ValgRad
from buskerud_sp.core.access import access_for
from buskerud_sp.core.models import AuditAction, AuditEntry
from lokallag.models import Rolle, Verv
from medlemmer.models import Medlem
from tests.aktiviteter.rhythm import at
from tests.factories import MedlemFactory, UserFactory, VervFactory

pytestmark = pytest.mark.django_db
D = datetime.date
MOTEDAG = D(2027, 2, 10)


@dataclass
class Lag:
    arsmote: Arsmote
    leder: Medlem  # leader_a's member, term ends 2027 (up for election)
    komite_user: object
    opp: Medlem  # board member up for election (term ends 2027)
    fortsetter: Medlem  # board member whose term runs to 2028
    kasserer: Medlem  # treasurer registered without a term
    ny_leder: Medlem  # an active member of the chapter without a login


@pytest.fixture
def lag(arsmote_a, org, leader_a, member_user):
    Arsmote.objects.filter(pk=arsmote_a.pk).update(dato=MOTEDAG, sted="Grendehuset")
    arsmote_a.refresh_from_db()
    leder = Medlem.objects.get(bruker=leader_a)
    Verv.objects.filter(medlem=leder).update(til_dato=D(2027, 12, 31))
    komite_user = UserFactory(email="komite.a@test.no")
    komite = MedlemFactory(
        lokallag=org.lag_a, bruker=komite_user, epost=komite_user.email, fornavn="Kari"
    )
    VervFactory(medlem=komite, rolle=Rolle.VALGKOMITELEDER, til_dato=D(2028, 12, 31))
    opp = MedlemFactory(lokallag=org.lag_a, fornavn="Ola", etternavn="Oppå")
    VervFactory(medlem=opp, rolle=Rolle.STYREMEDLEM, til_dato=D(2027, 12, 31))
    fortsetter = MedlemFactory(lokallag=org.lag_a, fornavn="Frida", etternavn="Fortsett")
    VervFactory(
        medlem=fortsetter, rolle=Rolle.STYREMEDLEM, fra_dato=D(2026, 2, 1), til_dato=D(2028, 12, 31)
    )
    kasserer = MedlemFactory(lokallag=org.lag_a, fornavn="Kåre", etternavn="Kasse")
    VervFactory(medlem=kasserer, rolle=Rolle.KASSERER)
    ny_leder = MedlemFactory(
        lokallag=org.lag_a, fornavn="Nina", etternavn="Nyleder", epost="nina@test.no"
    )
    return Lag(arsmote_a, leder, komite_user, opp, fortsetter, kasserer, ny_leder)


@pytest.fixture
def propose(lag):
    """The election committee's proposal for the meeting: ``propose(rolle, medlem)``."""

    def propose(rolle, medlem, *, antall_aar=2, kommentar=""):
        return valg.valgforslag_lagre(
            arsmote=lag.arsmote,
            rolle=rolle,
            medlem=medlem,
            antall_aar=antall_aar,
            kommentar=kommentar,
            bruker=lag.komite_user,
        )

    return propose


@pytest.fixture
def motekveld(clock):
    """The evening of the meeting day: from now on the elected can be registered."""
    clock.move_to(at(2027, 2, 10, 21, 0))
    return clock


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def _board(lag: Lag) -> list[ValgRad]:
    return [
        ValgRad(Rolle.LEDER, lag.ny_leder, 2),
        ValgRad(Rolle.STYREMEDLEM, lag.opp, 2),
        ValgRad(Rolle.KASSERER, lag.kasserer, 1),
    ]


# The offices up for election


def test_offices_up_for_election_follow_their_terms(lag, org):
    VervFactory(
        medlem=MedlemFactory(lokallag=org.lag_a),
        rolle=Rolle.SEKRETAER,
        til_dato=D(2026, 6, 30),  # ended already
    )
    VervFactory(
        medlem=MedlemFactory(lokallag=org.lag_b), rolle=Rolle.STYREMEDLEM, til_dato=D(2027, 12, 31)
    )
    til_valg = valg.verv_til_valg(lag.arsmote)
    med = {(g.rolle, v.medlem_id) for g in til_valg.med_periode for v in g.verv}
    assert med == {(Rolle.LEDER, lag.leder.pk), (Rolle.STYREMEDLEM, lag.opp.pk)}
    assert [g.rolle for g in til_valg.med_periode] == [Rolle.LEDER, Rolle.STYREMEDLEM]
    uten = {(g.rolle, v.medlem_id) for g in til_valg.uten_periode for v in g.verv}
    assert uten == {(Rolle.KASSERER, lag.kasserer.pk)}
    assert til_valg.antall == 3


# The committee's proposal


def test_committee_records_its_proposal_and_it_is_audited(lag, propose):
    forslag = propose(Rolle.LEDER, lag.ny_leder, kommentar="Sier ja")
    assert forslag.registrert_av == lag.komite_user
    assert AuditEntry.objects.filter(
        object_type="aktiviteter.valgforslag", action=AuditAction.CREATE, medlem_id=lag.ny_leder.pk
    ).exists()
    valg.valgforslag_slett(forslag=forslag, bruker=lag.komite_user)
    assert not Valgforslag.objects.exists()


def test_only_the_committee_and_admins_propose(
    client, lag, leader_a, member_user, board_user, admin_user
):
    for user in (leader_a, board_user, member_user):
        with pytest.raises(PermissionDenied):
            valg.valgforslag_lagre(
                arsmote=lag.arsmote,
                rolle=Rolle.LEDER,
                medlem=lag.ny_leder,
                antall_aar=2,
                kommentar="",
                bruker=user,
            )
    url = f"/arsmote/{lag.arsmote.pk}/valgkomite/"
    for user in (leader_a, board_user, member_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert (
            client.post(
                url, {"rolle": "leder", "medlem": lag.ny_leder.pk, "antall_aar": "2"}
            ).status_code
            == 404
        )
    assert not Valgforslag.objects.exists()
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    client.force_login(lag.komite_user)
    page = client.get(url)
    assert page.status_code == 200
    assert "Ola Oppå" in page.text and "uten valgperiode" in page.text


def test_candidate_from_another_chapter_is_refused(lag, propose, org):
    other = MedlemFactory(lokallag=org.lag_b, fornavn="Gunnar", etternavn="Gol")
    with pytest.raises(ValidationError) as error:
        propose(Rolle.STYREMEDLEM, other)
    assert "Gunnar Gol er ikke medlem av Drammen" in str(error.value)
    utmeldt = MedlemFactory(lokallag=org.lag_a, utmeldt=D(2026, 1, 1), fornavn="Ulf")
    with pytest.raises(ValidationError):
        propose(Rolle.STYREMEDLEM, utmeldt)
    assert not Valgforslag.objects.exists()


def test_one_candidate_for_a_single_holder_office(client, lag, propose):
    propose(Rolle.LEDER, lag.ny_leder)
    propose(Rolle.STYREMEDLEM, lag.opp)
    propose(Rolle.STYREMEDLEM, lag.kasserer)  # several board members: fine
    with pytest.raises(ValidationError) as error:
        propose(Rolle.LEDER, lag.opp)
    assert "foreslår allerede Nina Nyleder som leder" in str(error.value)
    client.force_login(lag.komite_user)
    page = client.post(
        f"/arsmote/{lag.arsmote.pk}/valgkomite/",
        {"rolle": "leder", "medlem": lag.kasserer.pk, "antall_aar": "2"},
    )
    assert page.status_code == 200
    assert "foreslår allerede Nina Nyleder som leder" in page.text
    assert Valgforslag.objects.filter(rolle=Rolle.LEDER).count() == 1


def test_proposal_is_closed_once_the_meeting_is_held(lag, propose, clock):
    forslag = propose(Rolle.LEDER, lag.ny_leder)
    Arsmote.objects.filter(pk=lag.arsmote.pk).update(avholdt=at(2027, 2, 10, 22, 0))
    with pytest.raises(ValidationError):
        propose(Rolle.STYREMEDLEM, lag.opp)
    with pytest.raises(ValidationError):
        valg.valgforslag_slett(forslag=forslag, bruker=lag.komite_user)
    assert list(Valgforslag.objects.all()) == [forslag]


def test_committee_member_sees_only_the_election_panel(client, lag):
    client.force_login(lag.komite_user)
    page = client.get(f"/arsmote/{lag.arsmote.pk}/")
    assert page.status_code == 200
    names = {t.name for t in page.templates}
    assert "aktiviteter/arsmote/_valg_panel.html" in names
    assert not names & {
        "aktiviteter/arsmote/_innkalling_panel.html",
        "aktiviteter/arsmote/_arsmelding_panel.html",
        "aktiviteter/arsmote/_delegater_panel.html",
    }
    assert "Valgkomiteens forslag" in page.text
    assert f"/arsmote/{lag.arsmote.pk}/valg/" not in page.text
    assert client.get(f"/arsmote/{lag.arsmote.pk}/valg/").status_code == 404
    # The committee does not get the member register.
    register = client.get("/medlemmer/").text
    assert "Ola Oppå" not in register and "Nina Nyleder" not in register


# The registration


def test_registration_before_the_meeting_day_is_refused(lag, leader_a, client):
    with pytest.raises(ValidationError) as error:
        valg.valg_registrer(arsmote=lag.arsmote, rader=_board(lag), bruker=leader_a)
    assert "fra møtedagen" in str(error.value)
    client.force_login(leader_a)
    page = client.get(f"/arsmote/{lag.arsmote.pk}/valg/")
    assert "kan registreres fra møtedagen" in page.text
    assert page.context["formset"] is None
    assert not Verv.objects.filter(fra_dato=MOTEDAG).exists()


def test_only_the_chapters_officers_register(lag, leader_b, board_user, motekveld, client):
    for user in (leader_b, board_user, lag.komite_user):
        with pytest.raises(PermissionDenied):
            valg.valg_registrer(arsmote=lag.arsmote, rader=_board(lag), bruker=user)
    client.force_login(leader_b)
    assert client.get(f"/arsmote/{lag.arsmote.pk}/valg/").status_code == 404


def _nothing_saved(lag: Lag, verv_before: int) -> None:
    assert Verv.objects.count() == verv_before
    assert not Verv.objects.filter(fra_dato=MOTEDAG).exists()
    assert Verv.objects.get(medlem=lag.leder).til_dato == D(2027, 12, 31)
    lag.arsmote.refresh_from_db()
    assert lag.arsmote.styre_registrert is None and lag.arsmote.avholdt is None


def test_an_elected_non_member_is_refused_and_nothing_saved(lag, leader_a, org, motekveld):
    before = Verv.objects.count()
    outsider = MedlemFactory(lokallag=org.lag_b, fornavn="Gunnar", etternavn="Gol")
    with pytest.raises(ValidationError) as error:
        valg.valg_registrer(
            arsmote=lag.arsmote,
            rader=[*_board(lag), ValgRad(Rolle.STYREMEDLEM, outsider, 2)],
            bruker=leader_a,
        )
    assert error.value.message_dict == {
        "3.medlem": ["Gunnar Gol er ikke medlem av Drammen Senterparti."]
    }
    _nothing_saved(lag, before)


def test_two_leaders_are_refused(lag, leader_a, motekveld, client):
    before = Verv.objects.count()
    with pytest.raises(ValidationError) as error:
        valg.valg_registrer(
            arsmote=lag.arsmote,
            rader=[*_board(lag), ValgRad(Rolle.LEDER, lag.opp, 2)],
            bruker=leader_a,
        )
    assert "Bare én kan velges som leder" in str(error.value.message_dict["3.rolle"])
    _nothing_saved(lag, before)
    # The page shows the message at the row's field and keeps what was typed.
    client.force_login(leader_a)
    page = client.post(
        f"/arsmote/{lag.arsmote.pk}/valg/",
        {
            "rader-TOTAL_FORMS": "2",
            "rader-INITIAL_FORMS": "0",
            "rader-0-rolle": "leder",
            "rader-0-medlem": str(lag.ny_leder.pk),
            "rader-0-antall_aar": "2",
            "rader-1-rolle": "leder",
            "rader-1-medlem": str(lag.opp.pk),
            "rader-1-antall_aar": "2",
        },
    )
    assert page.status_code == 200
    row = page.context["formset"].forms[1]
    assert "Bare én kan velges som leder (Nina Nyleder er ført opp før)." in row.errors["rolle"]
    assert not page.context["formset"].forms[0].errors
    _nothing_saved(lag, before)


def test_the_same_office_twice_is_refused(lag, leader_a, motekveld):
    with pytest.raises(ValidationError) as error:
        valg.valg_registrer(
            arsmote=lag.arsmote,
            rader=[ValgRad(Rolle.STYREMEDLEM, lag.opp, 2), ValgRad(Rolle.STYREMEDLEM, lag.opp, 1)],
            bruker=leader_a,
        )
    assert "to ganger" in str(error.value.message_dict["1.medlem"])


def test_terms_of_one_to_four_years_and_electable_offices_only(lag, propose, leader_a, clock):
    with pytest.raises(ValidationError) as error:
        propose(Rolle.FYLKESLEDER, lag.opp, antall_aar=5)
    assert set(error.value.message_dict) == {"rolle", "antall_aar"}
    clock.move_to(at(2027, 2, 10, 21, 0))
    with pytest.raises(ValidationError) as error:
        valg.valg_registrer(
            arsmote=lag.arsmote, rader=[ValgRad(Rolle.STYREMEDLEM, lag.opp, 0)], bruker=leader_a
        )
    assert error.value.message_dict == {"0.antall_aar": ["Valgperioden må være fra 1 til 4 år."]}


def test_the_panel_links_the_officers_to_the_registration(lag, leader_a, clock, client):
    client.force_login(leader_a)
    url = f"/arsmote/{lag.arsmote.pk}/valg/"
    page = client.get(lag.arsmote.get_absolute_url())
    assert "3 verv på valg" in page.text and url not in page.text
    assert "De valgte registreres fra møtedagen" in page.text
    clock.move_to(at(2027, 2, 10, 21, 0))
    client.force_login(leader_a)  # a new session: the last one is months old
    assert url in client.get(lag.arsmote.get_absolute_url()).text


def test_an_overlapping_term_is_refused(lag, leader_a, motekveld):
    before = Verv.objects.count()
    with pytest.raises(ValidationError) as error:
        valg.valg_registrer(
            arsmote=lag.arsmote,
            rader=[*_board(lag), ValgRad(Rolle.STYREMEDLEM, lag.fortsetter, 2)],
            bruker=leader_a,
        )
    [message] = error.value.message_dict["3.medlem"]
    assert "Frida Fortsett er allerede styremedlem til og med 31.12.2028" in message
    assert "overlappende valgperioder" in message
    _nothing_saved(lag, before)


def test_the_new_board_takes_office_on_the_meeting_day(lag, leader_a, admin_user, clock):
    clock.move_to(at(2027, 2, 12, 12, 0))  # registered two days after the meeting
    result = valg.valg_registrer(arsmote=lag.arsmote, rader=_board(lag), bruker=leader_a)
    day_before = MOTEDAG - datetime.timedelta(days=1)
    # The old leader's office ends the day before; the new leader's starts on the day.
    assert Verv.objects.get(medlem=lag.leder).til_dato == day_before
    ny = Verv.objects.get(medlem=lag.ny_leder)
    assert (ny.rolle, ny.fra_dato, ny.til_dato) == (Rolle.LEDER, MOTEDAG, D(2029, 12, 31))
    # The re-elected board member: the old term ends, a new one starts.
    terms = list(
        Verv.objects.filter(medlem=lag.opp).order_by("fra_dato").values_list("fra_dato", "til_dato")
    )
    assert terms == [(D(2020, 1, 1), day_before), (MOTEDAG, D(2029, 12, 31))]
    # The office without a term is up for election too; the treasurer re-elected for a year.
    assert Verv.objects.get(medlem=lag.kasserer, fra_dato=MOTEDAG).til_dato == D(2028, 12, 31)
    assert Verv.objects.get(medlem=lag.kasserer, fra_dato=D(2020, 1, 1)).til_dato == day_before
    # The board member whose term runs on keeps it.
    assert Verv.objects.get(medlem=lag.fortsetter).til_dato == D(2028, 12, 31)
    # The committee's office (term to 2028) is untouched.
    assert Verv.objects.get(rolle=Rolle.VALGKOMITELEDER).til_dato == D(2028, 12, 31)
    assert set(Valgt.objects.values_list("verv_id", flat=True)) == {v.pk for v in result.nye_verv}
    lag.arsmote.refresh_from_db()
    assert lag.arsmote.styre_registrert_av == leader_a
    assert lag.arsmote.avholdt is not None
    # Every office change is in the audit trail.
    created = AuditEntry.objects.filter(object_type="lokallag.verv", action=AuditAction.CREATE)
    assert set(created.values_list("object_id", flat=True)) == {str(v.pk) for v in result.nye_verv}
    ended = AuditEntry.objects.filter(object_type="lokallag.verv", action=AuditAction.UPDATE)
    assert set(ended.values_list("object_id", flat=True)) == {str(v.pk) for v in result.avsluttet}
    assert len(result.avsluttet) == 3
    # The page still lists what was up for election at the meeting (judged the day before).
    assert valg.verv_til_valg(lag.arsmote).antall == 3
    # Registered once: a second registration is refused (an admin corrects in the admin).
    with pytest.raises(ValidationError) as error:
        valg.valg_registrer(arsmote=lag.arsmote, rader=_board(lag), bruker=admin_user)
    assert "allerede registrert" in str(error.value)


def test_a_single_holder_with_a_running_term_is_replaced(lag, leader_a, org, motekveld):
    sekretaer = MedlemFactory(lokallag=org.lag_a, fornavn="Siri")
    VervFactory(medlem=sekretaer, rolle=Rolle.SEKRETAER, til_dato=D(2028, 12, 31))
    valg.valg_registrer(
        arsmote=lag.arsmote,
        rader=[ValgRad(Rolle.SEKRETAER, lag.fortsetter, 2)],
        bruker=leader_a,
    )
    assert Verv.objects.get(medlem=sekretaer).til_dato == D(2027, 2, 9)


def test_access_follows_the_election_on_the_meeting_day(lag, leader_a, member_user, clock, client):
    ny_user = UserFactory(email="nina@test.no")
    Medlem.objects.filter(pk=lag.ny_leder.pk).update(bruker=ny_user)
    clock.move_to(at(2027, 2, 9, 12, 0))
    assert lag.arsmote.lokallag_id in access_for(_fresh(leader_a)).officer_chapter_ids
    assert not access_for(_fresh(ny_user)).officer_chapter_ids
    client.force_login(ny_user)
    assert "Mona Medlemsen" not in client.get("/medlemmer/").text

    clock.move_to(at(2027, 2, 10, 22, 0))
    client.force_login(leader_a)
    assert "Mona Medlemsen" in client.get("/medlemmer/").text
    lag.ny_leder.refresh_from_db()
    valg.valg_registrer(arsmote=lag.arsmote, rader=_board(lag), bruker=leader_a)

    assert lag.arsmote.lokallag_id not in access_for(_fresh(leader_a)).officer_chapter_ids
    assert "Mona Medlemsen" not in client.get("/medlemmer/").text
    assert client.get(f"/arsmote/{lag.arsmote.pk}/").status_code == 404
    client.force_login(ny_user)
    assert lag.arsmote.lokallag_id in access_for(_fresh(ny_user)).officer_chapter_ids
    assert "Mona Medlemsen" in client.get("/medlemmer/").text


def test_a_new_leader_without_a_login_is_invited(
    lag, leader_a, motekveld, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = valg.valg_registrer(arsmote=lag.arsmote, rader=_board(lag), bruker=leader_a)
    assert result.invitert == [lag.ny_leder]
    assert [m.to for m in mailoutbox] == [["nina@test.no"]]
    lag.ny_leder.refresh_from_db()
    assert lag.ny_leder.bruker is not None


def test_a_re_elected_leader_with_a_login_gets_no_invitation(
    lag, leader_a, motekveld, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = valg.valg_registrer(
            arsmote=lag.arsmote, rader=[ValgRad(Rolle.LEDER, lag.leder, 2)], bruker=leader_a
        )
    assert result.invitert == [] and mailoutbox == []
    assert Verv.objects.get(medlem=lag.leder, fra_dato=MOTEDAG).til_dato == D(2029, 12, 31)


def test_a_new_leader_without_e_mail_needs_the_admin(
    lag, admin_user, motekveld, client, mailoutbox
):
    Medlem.objects.filter(pk=lag.ny_leder.pk).update(epost=None)
    client.force_login(admin_user)
    page = client.post(
        f"/arsmote/{lag.arsmote.pk}/valg/",
        {
            "rader-TOTAL_FORMS": "2",
            "rader-INITIAL_FORMS": "0",
            "rader-0-rolle": "leder",
            "rader-0-medlem": str(lag.ny_leder.pk),
            "rader-0-antall_aar": "2",
            "rader-1-antall_aar": "2",
        },
        follow=True,
    )
    assert page.redirect_chain == [(lag.arsmote.get_absolute_url(), 302)]
    assert "Nina Nyleder er ny leder, men har ingen innlogging" in page.text
    assert "Administratoren må gi vedkommende innlogging" in page.text
    assert mailoutbox == []
    assert Verv.objects.get(medlem=lag.ny_leder).fra_dato == MOTEDAG


def test_the_form_is_prefilled_from_the_proposal_and_registers(
    lag, propose, leader_a, clock, client
):
    propose(Rolle.LEDER, lag.ny_leder)
    propose(Rolle.STYREMEDLEM, lag.opp, antall_aar=1)
    clock.move_to(at(2027, 2, 10, 21, 0))
    client.force_login(leader_a)
    url = f"/arsmote/{lag.arsmote.pk}/valg/"
    page = client.get(url)
    initial = [f.initial for f in page.context["formset"].forms if f.initial]
    assert initial == [
        {"rolle": Rolle.LEDER, "medlem": lag.ny_leder.pk, "antall_aar": 2},
        {"rolle": Rolle.STYREMEDLEM, "medlem": lag.opp.pk, "antall_aar": 1},
    ]
    data = {"rader-TOTAL_FORMS": "3", "rader-INITIAL_FORMS": "2"}
    for i, row in enumerate(initial):
        data |= {f"rader-{i}-{k}": str(v) for k, v in row.items()}
    data["rader-2-antall_aar"] = "2"
    page = client.post(url, data)
    # The old leader registered themself out: the meeting is no longer theirs to see.
    assert page.status_code == 302 and page.url == "/"
    assert Verv.objects.get(medlem=lag.opp, fra_dato=MOTEDAG).til_dato == D(2028, 12, 31)
    client.force_login(lag.komite_user)
    detail = client.get(lag.arsmote.get_absolute_url())
    assert "Nina Nyleder" in detail.text and "Valgt på årsmøtet" in detail.text


def test_the_pages_read_a_fixed_number_of_queries(
    lag, propose, leader_a, org, clock, client, django_assert_max_num_queries
):
    for _n in range(12):
        m = MedlemFactory(lokallag=org.lag_a)
        VervFactory(medlem=m, rolle=Rolle.VARAMEDLEM, til_dato=D(2027, 12, 31))
        propose(Rolle.STYREMEDLEM, m)
    clock.move_to(at(2027, 2, 10, 21, 0))
    client.force_login(leader_a)
    with django_assert_max_num_queries(25):
        assert client.get(f"/arsmote/{lag.arsmote.pk}/valg/").status_code == 200
    client.force_login(lag.komite_user)
    with django_assert_max_num_queries(25):
        assert client.get(f"/arsmote/{lag.arsmote.pk}/valgkomite/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/arsmote/{lag.arsmote.pk}/").status_code == 200
