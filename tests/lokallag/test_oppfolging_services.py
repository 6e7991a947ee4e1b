"""The follow-up's services write their own audit entries and enforce every rule their pages
show: a crafted POST (or a direct call) meets the same rules as the form (STYLE 12)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from buskerud_sp.core.models import AuditAction, AuditEntry
from lokallag.models import ByEllerBygd, Rolle
from lokallag.oppfolging import services, views
from lokallag.oppfolging.models import Besok, Medieoppslag, Medvert, Oppfolging
from tests.factories import (
    AktivitetFactory,
    LokallagFactory,
    MedieoppslagFactory,
    MedlemFactory,
    OppfolgingFactory,
    UserFactory,
    VervFactory,
)

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2026, 9, 15, 12, 0, tzinfo=OSLO)
TODAY = NOW.date()
IP = "192.0.2.7"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lier(org):
    return LokallagFactory(navn="Lier Senterparti", slug="lier", distrikt=org.distrikt_a)


@pytest.fixture
def colleague(org):
    """Another board member."""
    user = UserFactory(email="kollega@test.no")
    medlem = MedlemFactory(lokallag=org.lag_b, bruker=user, epost=user.email)
    VervFactory(medlem=medlem, enhet=org.fylke, rolle=Rolle.FYLKESSTYREMEDLEM)
    return user


@pytest.fixture
def entry(org, board_user):
    return OppfolgingFactory(
        lokallag=org.lag_a,
        registrert_av=board_user,
        neste_steg="Sende brosjyrer",
        frist=TODAY + datetime.timedelta(days=7),
        ansvarlig=board_user.medlem,
    )


def last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-id").first()


def assert_audited(user, action, obj, **data):
    audited = last_entry()
    assert audited is not None
    assert (audited.actor_id, audited.ip, audited.action) == (user.pk, IP, action)
    assert (audited.object_type, audited.object_id) == (obj._meta.label_lower, str(obj.pk))
    for key, value in data.items():
        assert audited.data[key] == value, key
    return audited


# --- The contact log --------------------------------------------------------------------------


def test_logging_correcting_and_closing_a_contact_is_audited(org, board_user, entry):
    new = Oppfolging(
        lokallag=org.lag_a, dato=TODAY, kontaktform="telefon", referat="Ringte lederen."
    )
    services.oppfolging_registrer(oppfolging=new, av=board_user, ip=IP)
    assert_audited(board_user, AuditAction.CREATE, new, lokallag="drammen")

    entry.referat = "Ringte lederen om standene."
    services.oppfolging_endre(oppfolging=entry, av=board_user, ip=IP)
    assert_audited(board_user, AuditAction.UPDATE, entry, felt=["referat"])

    services.oppfolging_utfort(oppfolging=entry, av=board_user, ip=IP)
    assert_audited(board_user, AuditAction.UPDATE, entry, felt=["utfort", "utfort_av"])
    count = AuditEntry.objects.count()
    services.oppfolging_utfort(oppfolging=entry, av=board_user, ip=IP)  # done already
    assert AuditEntry.objects.count() == count


def test_only_the_writer_or_an_admin_corrects_a_contact(
    client, org, board_user, colleague, leader_a, admin_user, entry
):
    entry.referat = "Omskrevet av en annen."
    for other in (colleague, leader_a):
        with pytest.raises(PermissionDenied):
            services.oppfolging_endre(oppfolging=entry, av=other, ip=IP)
    services.oppfolging_endre(oppfolging=entry, av=admin_user, ip=IP)
    entry.refresh_from_db()
    assert entry.referat == "Omskrevet av en annen."

    crafted = {
        "lokallag": org.lag_a.pk,
        "dato": entry.dato.isoformat(),
        "kontaktform": "telefon",
        "referat": "Kapret.",
    }
    for other in (colleague, leader_a):
        client.force_login(other)
        assert client.post(f"/oppfolging/{entry.pk}/endre/", crafted).status_code == 404
    entry.refresh_from_db()
    assert entry.referat == "Omskrevet av en annen."


def test_a_logged_contact_keeps_its_chapter(org, board_user, entry, lier):
    entry.lokallag = lier
    with pytest.raises(ValidationError) as raised:
        services.oppfolging_endre(oppfolging=entry, av=board_user, ip=IP)
    assert "lokallag" in raised.value.message_dict
    assert Oppfolging.objects.get(pk=entry.pk).lokallag_id == org.lag_a.pk


def test_a_contact_is_logged_with_an_active_chapter_only(org, board_user, lier):
    lier.aktiv = False
    lier.save()
    for unit in (lier, org.fylke):
        new = Oppfolging(lokallag=unit, dato=TODAY, kontaktform="telefon", referat="Hei.")
        with pytest.raises(ValidationError):
            services.oppfolging_registrer(oppfolging=new, av=board_user, ip=IP)
    assert not Oppfolging.objects.exists()


def test_only_the_owner_the_board_or_an_admin_closes_a_follow_up(
    client, org, leader_a, leader_b, entry
):
    for other in (leader_a, leader_b):
        with pytest.raises(PermissionDenied):
            services.oppfolging_utfort(oppfolging=entry, av=other, ip=IP)
        client.force_login(other)
        assert client.post(f"/oppfolging/{entry.pk}/utfort/").status_code == 404
    entry.refresh_from_db()
    assert entry.utfort is None


def test_the_chapter_settings_are_audited_and_only_for_chapters(client, org, board_user, leader_a):
    services.lokallag_sett_oppfolging(
        lokallag=org.lag_a, ansvarlig=None, by_eller_bygd=ByEllerBygd.BY, av=board_user, ip=IP
    )
    assert_audited(board_user, AuditAction.UPDATE, org.lag_a, felt=["by_eller_bygd"])
    with pytest.raises(ValidationError):
        services.lokallag_sett_oppfolging(
            lokallag=org.fylke, ansvarlig=None, by_eller_bygd=ByEllerBygd.BY, av=board_user
        )
    with pytest.raises(PermissionDenied):
        services.lokallag_sett_oppfolging(
            lokallag=org.lag_a, ansvarlig=None, by_eller_bygd=ByEllerBygd.BYGD, av=leader_a
        )
    client.force_login(leader_a)
    crafted = {"by_eller_bygd": ByEllerBygd.BYGD}
    assert client.post("/oppfolging/lag/drammen/ansvar/", crafted).status_code == 404
    org.lag_a.refresh_from_db()
    assert org.lag_a.by_eller_bygd == ByEllerBygd.BY


def test_the_views_pass_the_actor_and_ip(client, org, board_user, entry):
    client.force_login(board_user)
    response = client.post(
        f"/oppfolging/{entry.pk}/endre/",
        {
            "lokallag": org.lag_a.pk,
            "dato": entry.dato.isoformat(),
            "kontaktform": "mote",
            "referat": entry.referat,
            "neste_steg": entry.neste_steg,
            "frist": entry.frist.isoformat(),
            "ansvarlig": entry.ansvarlig_id,
        },
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302
    assert_audited(board_user, AuditAction.UPDATE, entry, felt=["kontaktform"])
    assert client.post(f"/oppfolging/{entry.pk}/utfort/", REMOTE_ADDR=IP).status_code == 302
    assert_audited(board_user, AuditAction.UPDATE, entry, felt=["utfort", "utfort_av"])


# --- Visits from the county and the chapter tour ----------------------------------------------


def test_visits_are_audited_with_the_visitor(client, org, board_user):
    meeting = AktivitetFactory(enhet=org.lag_a, type="temamote")
    visitor = board_user.medlem
    besok = services.besok_legg_til(
        aktivitet=meeting, medlem=visitor, rolle="fylkesstyret", bruker=board_user, ip=IP
    )
    audited = assert_audited(board_user, AuditAction.CREATE, besok, aktivitet=meeting.pk)
    assert audited.medlem_id == visitor.pk
    pk = besok.pk
    services.besok_fjern(besok=besok, bruker=board_user, ip=IP)
    audited = last_entry()
    assert (audited.action, audited.object_id, audited.medlem_id) == (
        AuditAction.DELETE,
        str(pk),
        visitor.pk,
    )

    client.force_login(board_user)
    response = client.post(
        f"/aktiviteter/{meeting.pk}/besok/",
        {"medlem": visitor.pk, "rolle": "fylkesstyret"},
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302
    assert_audited(board_user, AuditAction.CREATE, Besok.objects.get())


def test_only_the_board_records_visits_even_on_an_officers_own_activity(
    client, org, board_user, leader_a
):
    meeting = AktivitetFactory(enhet=org.lag_a, type="temamote")
    visitor = board_user.medlem
    with pytest.raises(PermissionDenied):
        services.besok_legg_til(
            aktivitet=meeting, medlem=visitor, rolle="fylkesstyret", bruker=leader_a
        )
    besok = services.besok_legg_til(
        aktivitet=meeting, medlem=visitor, rolle="fylkesstyret", bruker=board_user
    )
    with pytest.raises(PermissionDenied):
        services.besok_fjern(besok=besok, bruker=leader_a)

    # The guard sits on the views, not on the helper that fetches the activity.
    assert not hasattr(views._visitable, "__wrapped__")
    client.force_login(leader_a)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(f"/aktiviteter/{meeting.pk}/besok/").status_code == 404
    crafted = {"medlem": visitor.pk, "rolle": "fylkesstyret"}
    assert client.post(f"/aktiviteter/{meeting.pk}/besok/", crafted).status_code == 404
    assert client.post(f"/aktiviteter/{meeting.pk}/besok/{besok.pk}/slett/").status_code == 404
    assert Besok.objects.filter(pk=besok.pk).exists()


def test_a_visitor_is_an_active_member(org, board_user):
    meeting = AktivitetFactory(enhet=org.lag_a, type="temamote")
    gone = MedlemFactory(lokallag=org.lag_a, utmeldt=TODAY - datetime.timedelta(days=30))
    with pytest.raises(ValidationError) as raised:
        services.besok_legg_til(
            aktivitet=meeting, medlem=gone, rolle="fylkesstyret", bruker=board_user
        )
    assert "medlem" in raised.value.message_dict


def test_a_tour_stop_is_audited_and_only_in_an_active_chapter(org, board_user, lier):
    visitor = board_user.medlem
    plan = {
        "dato": TODAY + datetime.timedelta(days=14),
        "starttid": datetime.time(19, 0),
        "sted": "Lier",
        "tittel": "Reiserunde",
        "besokende": [visitor],
        "rolle": "toppkandidat",
        "bruker": board_user,
        "ip": IP,
    }
    stop = services.reiserunde_planlegg(lokallag=lier, **plan)
    entries = list(AuditEntry.objects.order_by("id"))[-2:]
    assert [(e.action, e.object_type) for e in entries] == [
        (AuditAction.CREATE, stop._meta.label_lower),
        (AuditAction.CREATE, "lokallag.besok"),
    ]
    assert entries[0].data == {"reiserunde": "lier"}
    assert entries[1].medlem_id == visitor.pk

    lier.aktiv = False
    lier.save()
    for unit in (lier, org.fylke):
        with pytest.raises(ValidationError):
            services.reiserunde_planlegg(lokallag=unit, **plan)
    gone = MedlemFactory(lokallag=org.lag_a, utmeldt=TODAY - datetime.timedelta(days=30))
    with pytest.raises(ValidationError):
        services.reiserunde_planlegg(lokallag=org.lag_a, **{**plan, "besokende": [gone]})


# --- Co-hosts -----------------------------------------------------------------------------------


def test_setting_cohosts_is_audited_and_an_added_one_is_active(org, leader_a, lier):
    meeting = AktivitetFactory(enhet=org.lag_a, type="temamote")
    services.medverter_sett(aktivitet=meeting, lokallag=[lier], bruker=leader_a, ip=IP)
    assert_audited(leader_a, AuditAction.UPDATE, meeting, lagt_til=[lier.pk], fjernet=[])
    count = AuditEntry.objects.count()
    services.medverter_sett(aktivitet=meeting, lokallag=[lier], bruker=leader_a, ip=IP)
    assert AuditEntry.objects.count() == count  # nothing changed

    # A co-host that has since closed may stay; a closed chapter is not added.
    lier.aktiv = False
    lier.save()
    services.medverter_sett(aktivitet=meeting, lokallag=[lier], bruker=leader_a, ip=IP)
    services.medverter_sett(aktivitet=meeting, lokallag=[], bruker=leader_a, ip=IP)
    assert_audited(leader_a, AuditAction.UPDATE, meeting, lagt_til=[], fjernet=[lier.pk])
    with pytest.raises(ValidationError):
        services.medverter_sett(aktivitet=meeting, lokallag=[lier], bruker=leader_a, ip=IP)
    assert not Medvert.objects.exists()


# --- Media appearances --------------------------------------------------------------------------


def test_media_appearances_are_audited(client, org, leader_a):
    oppslag = Medieoppslag(
        lokallag=org.lag_a, type="kronikk", dato=TODAY, medium="Drammens Tidende", tittel="Tog"
    )
    services.medieoppslag_lagre(oppslag=oppslag, bruker=leader_a, ip=IP)
    assert_audited(leader_a, AuditAction.CREATE, oppslag, lokallag=org.lag_a.pk)
    assert oppslag.registrert_av == leader_a
    oppslag.tittel = "Toget må gå"
    services.medieoppslag_lagre(oppslag=oppslag, bruker=leader_a, ip=IP)
    assert_audited(leader_a, AuditAction.UPDATE, oppslag, felt=["tittel"])

    client.force_login(leader_a)
    response = client.post(f"/aktiviteter/medier/{oppslag.pk}/slett/", REMOTE_ADDR=IP)
    assert response.status_code == 302
    audited = last_entry()
    assert (audited.action, audited.ip, audited.object_id) == (
        AuditAction.DELETE,
        IP,
        str(oppslag.pk),
    )


def test_only_who_manages_its_unit_edits_or_deletes_an_appearance(
    client, org, leader_a, leader_b, board_user
):
    theirs = MedieoppslagFactory(lokallag=org.lag_a, tittel="Drammens innlegg")
    # Leader B may register for Gol, but not take over Drammen's appearance.
    theirs.lokallag = org.lag_b
    theirs.tittel = "Kapret"
    for other in (leader_b, board_user):
        with pytest.raises(PermissionDenied):
            services.medieoppslag_lagre(oppslag=theirs, bruker=other)
        with pytest.raises(PermissionDenied):
            services.medieoppslag_slett(oppslag=theirs, bruker=other)
    client.force_login(leader_b)
    crafted = {
        "lokallag": org.lag_b.pk,
        "type": "kronikk",
        "dato": "2026-02-03",
        "medium": "Hallingdølen",
        "tittel": "Kapret",
    }
    assert client.post(f"/aktiviteter/medier/{theirs.pk}/endre/", crafted).status_code == 404
    assert client.post(f"/aktiviteter/medier/{theirs.pk}/slett/").status_code == 404
    stored = Medieoppslag.objects.get(pk=theirs.pk)
    assert (stored.lokallag_id, stored.tittel) == (org.lag_a.pk, "Drammens innlegg")


def test_an_appearance_is_registered_for_an_active_unit_only(org, leader_a):
    org.lag_a.aktiv = False
    org.lag_a.save()
    oppslag = Medieoppslag(
        lokallag=org.lag_a, type="kronikk", dato=TODAY, medium="Drammens Tidende", tittel="Tog"
    )
    with pytest.raises(PermissionDenied):
        services.medieoppslag_lagre(oppslag=oppslag, bruker=leader_a)
    assert not Medieoppslag.objects.exists()
