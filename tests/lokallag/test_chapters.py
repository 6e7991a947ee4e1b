import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lokallag.models import Lokallag, Rolle, Verv
from lokallag.services import lokallag_oppdater_kontakt, verv_avslutt, verv_opprett
from tests.factories import MedlemFactory, VervFactory

pytestmark = pytest.mark.django_db


def test_chapter_page_flags_vacant_key_offices(client, org, leader_a):
    VervFactory(medlem=MedlemFactory(lokallag=org.lag_a), enhet=org.lag_a, rolle=Rolle.STUDIELEDER)
    client.force_login(leader_a)
    response = client.get("/lokallag/drammen/")
    assert response.context["vacant"] == ["Senterkvinnekontakt"]
    assert "Ledige nøkkelverv" in response.content.decode()


def test_ended_offices_are_not_on_the_board(client, org, leader_a):
    old = VervFactory(
        medlem=MedlemFactory(lokallag=org.lag_a, fornavn="Tidligere"),
        enhet=org.lag_a,
        rolle=Rolle.KASSERER,
        til_dato=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(leader_a)
    board = client.get("/lokallag/drammen/").context["board"]
    assert old not in board
    assert [v.rolle for v in board] == [Rolle.LEDER]


def test_chapter_list_counts_members_and_new_members(client, org, board_user):
    today = timezone.localdate()
    MedlemFactory.create_batch(3, lokallag=org.lag_a, innmeldt=datetime.date(2015, 1, 1))
    MedlemFactory.create_batch(2, lokallag=org.lag_a, innmeldt=today)
    MedlemFactory(lokallag=org.lag_a, innmeldt=datetime.date(2015, 1, 1), utmeldt=today)
    client.force_login(board_user)
    response = client.get("/lokallag/")
    drammen = next(
        c for _, chapters in response.context["groups"] for c in chapters if c.slug == "drammen"
    )
    assert (drammen.medlemstall, drammen.nye_i_aar) == (5, 2)


def test_leader_updates_social_media(client, org, leader_a):
    client.force_login(leader_a)
    today = timezone.localdate()
    response = client.post(
        "/lokallag/drammen/endre/",
        {"facebook_url": "https://facebook.com/drammensp", "facebook_oppdatert": today.isoformat()},
    )
    assert response.status_code == 302
    org.lag_a.refresh_from_db()
    assert org.lag_a.facebook_oppdatert == today


def test_social_media_date_in_future_is_refused(client, org, leader_a):
    client.force_login(leader_a)
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        "/lokallag/drammen/endre/",
        {
            "facebook_url": "https://facebook.com/drammensp",
            "facebook_oppdatert": future.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "fremtiden" in str(response.context["form"].errors["facebook_oppdatert"])
    assert Lokallag.objects.get(pk=org.lag_a.pk).facebook_oppdatert is None


def test_admin_registers_an_office_that_gives_access(client, org, admin_user, member_user):
    client.force_login(admin_user)
    response = client.post(
        "/lokallag/drammen/verv/ny/",
        {
            "medlem": member_user.medlem.pk,
            "rolle": Rolle.STUDIELEDER,
            "fra_dato": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    client.force_login(member_user)
    other = MedlemFactory(lokallag=org.lag_a)
    assert client.get(f"/medlemmer/{other.pk}/").status_code == 200


def test_office_only_for_members_of_the_chapter(client, org, admin_user, leader_b):
    client.force_login(admin_user)
    response = client.post(
        "/lokallag/drammen/verv/ny/",
        {"medlem": leader_b.medlem.pk, "rolle": Rolle.KASSERER, "fra_dato": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "medlem" in response.context["form"].errors
    assert not Verv.objects.filter(enhet=org.lag_a, rolle=Rolle.KASSERER).exists()


def test_admin_ends_an_office(client, org, admin_user, leader_a):
    verv = Verv.objects.get(medlem__bruker=leader_a)
    client.force_login(admin_user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        f"/lokallag/drammen/verv/{verv.pk}/avslutt/", {"til_dato": yesterday.isoformat()}
    )
    assert response.status_code == 302
    client.force_login(leader_a)
    assert client.get("/lokallag/drammen/endre/").status_code == 404


def test_an_ended_office_cannot_be_ended_again_or_revived_by_a_crafted_post(
    client, org, admin_user, leader_a
):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0), tick=False):
        verv = Verv.objects.get(medlem__bruker=leader_a)
        verv.til_dato = datetime.date(2026, 11, 1)
        verv.save()
        client.force_login(admin_user)
        page = client.get("/lokallag/drammen/").content.decode()
        assert f"/verv/{verv.pk}/avslutt/" not in page  # not on today's board
        response = client.post(
            f"/lokallag/drammen/verv/{verv.pk}/avslutt/", {"til_dato": "2026-12-31"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["til_dato"] == [
            "Vervet er ikke gjeldende og kan ikke avsluttes."
        ]
        verv.refresh_from_db()
        assert verv.til_dato == datetime.date(2026, 11, 1)
        client.force_login(leader_a)
        assert client.get("/lokallag/drammen/endre/").status_code == 404  # no access back


def test_only_an_admin_registers_or_ends_an_office_in_the_service(org, leader_a):
    verv = Verv.objects.get(medlem__bruker=leader_a)
    with pytest.raises(PermissionDenied):
        verv_avslutt(verv=verv, til_dato=timezone.localdate(), av=leader_a)
    with pytest.raises(PermissionDenied):
        verv_opprett(
            enhet=org.lag_a,
            data={"medlem": MedlemFactory(lokallag=org.lag_a), "rolle": Rolle.KASSERER},
            av=leader_a,
        )
    verv.refresh_from_db()
    assert verv.til_dato is None
    assert not Verv.objects.filter(rolle=Rolle.KASSERER).exists()


def test_only_the_chapters_officers_update_its_contact_details_in_the_service(
    org, leader_a, leader_b
):
    with pytest.raises(PermissionDenied):
        lokallag_oppdater_kontakt(lokallag=org.lag_a, data={"epost": "gol@example.no"}, av=leader_b)
    lokallag_oppdater_kontakt(lokallag=org.lag_a, data={"epost": "drammen@example.no"}, av=leader_a)
    org.lag_a.refresh_from_db()
    assert org.lag_a.epost == "drammen@example.no"


def test_editing_a_chapters_contact_details_is_audited_by_the_service(client, org, leader_a):
    from buskerud_sp.core.audit import verify_chain
    from buskerud_sp.core.models import AuditAction, AuditEntry

    client.force_login(leader_a)
    response = client.post(
        "/lokallag/drammen/endre/",
        {
            "facebook_url": "https://facebook.com/drammensp",
            "facebook_oppdatert": timezone.localdate().isoformat(),
        },
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="lokallag.lokallag")
    assert entry.object_id == str(org.lag_a.pk)
    assert entry.actor_id == leader_a.pk
    assert entry.ip == "203.0.113.9"
    assert entry.data == {"felt": ["facebook_oppdatert", "facebook_url"]}
    assert verify_chain() is None


def test_the_contact_service_audits_without_a_request(org, leader_a):
    from buskerud_sp.core.models import AuditAction, AuditEntry

    lokallag_oppdater_kontakt(lokallag=org.lag_a, data={"epost": "drammen@example.no"}, av=leader_a)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="lokallag.lokallag")
    assert entry.data == {"felt": ["epost"]}
    assert entry.actor_id == leader_a.pk
