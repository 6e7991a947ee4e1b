"""The admins' entry, edit and deletion of a result: the share computed or checked, duplicates
and bad numbers refused at the field with nothing saved, the audit, and the rules in the
service for a crafted call."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from aktiviteter.valg.models import Valgresultat
from aktiviteter.valg.services.resultater import valgresultat_lagre
from buskerud_sp.core.models import AuditAction, AuditEntry

from .resultatdata import kommune, resultat, valg

pytestmark = pytest.mark.django_db


@pytest.fixture
def v23(org):
    return valg(2023)


def _post(client, v, **data):
    fields = {"kommune": kommune("3324").pk, "stemmer": "1100", "godkjente_stemmer": "2900"}
    fields.update(data)
    return client.post(reverse("valg:resultat_ny", args=[v.pk]), fields)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("board", 404), ("leader_a", 404), ("leader_b", 404), ("member", 404)],
)
def test_only_admins_enter_results(client, personas, v23, persona, status):
    client.force_login(personas[persona])
    assert client.get(reverse("valg:resultat_ny", args=[v23.pk])).status_code == status


def test_share_is_computed_when_left_empty(client, admin_user, v23):
    client.force_login(admin_user)
    response = _post(client, v23, andel="", mandater="9")
    assert response.status_code == 302
    r = Valgresultat.objects.get(valg=v23)
    assert r.andel == Decimal("37.93")
    assert r.mandater == 9 and not r.demo and r.registrert_av == admin_user
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="aktiviteter.valgresultat"
    )
    assert entry.actor == admin_user and entry.data == {"valg": v23.pk, "kommune": "3324"}


def test_share_with_a_comma_within_a_tenth_is_kept(client, admin_user, v23):
    client.force_login(admin_user)
    assert _post(client, v23, andel="37,9").status_code == 302
    assert Valgresultat.objects.get(valg=v23).andel == Decimal("37.90")


def test_share_more_than_a_tenth_off_is_refused(client, admin_user, v23):
    client.force_login(admin_user)
    response = _post(client, v23, andel="38,1")
    assert response.status_code == 200
    assert "stemmer ikke med stemmene" in str(response.context["form"].errors["andel"])
    assert not Valgresultat.objects.exists()


def test_share_without_valid_votes_must_be_given(client, admin_user, v23):
    client.force_login(admin_user)
    response = _post(client, v23, godkjente_stemmer="", andel="")
    assert "Oppgi oppslutningen" in str(response.context["form"].errors["andel"])
    assert _post(client, v23, godkjente_stemmer="", andel="12,5").status_code == 302
    r = Valgresultat.objects.get()
    assert r.andel == Decimal("12.50") and r.godkjente_stemmer is None


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"stemmer": "-1"}, "stemmer", "negative"),
        ({"stemmer": "mange"}, "stemmer", "helt tall"),
        ({"stemmer": "3000"}, "stemmer", "flere enn de godkjente"),
        ({"andel": "101"}, "andel", "over 100"),
        ({"mandater": "-2"}, "mandater", "negative"),
        ({"kommune": "999999"}, "kommune", ""),
    ],
)
def test_bad_input_is_refused_at_the_field(client, admin_user, v23, data, field, text):
    client.force_login(admin_user)
    response = _post(client, v23, **data)
    assert response.status_code == 200
    assert text in str(response.context["form"].errors[field])
    assert not Valgresultat.objects.exists()


def test_duplicate_municipality_is_refused_at_the_field(client, admin_user, v23):
    resultat(v23, "3324", 1000, 2900, "34.48")
    client.force_login(admin_user)
    response = _post(client, v23)
    assert "Gol har allerede et resultat" in str(response.context["form"].errors["kommune"])
    assert Valgresultat.objects.get().stemmer == 1000


def test_edit_keeps_the_row_and_clears_the_demo_flag(client, admin_user, v23):
    r = resultat(v23, "3324", 1000, 2900, "34.48", demo=True)
    client.force_login(admin_user)
    url = reverse("valg:resultat_endre", args=[v23.pk, r.pk])
    assert "Raden har demotall" in client.get(url).content.decode()
    response = client.post(
        url, {"kommune": r.kommune_id, "stemmer": "1100", "godkjente_stemmer": "2900"}
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert (r.stemmer, r.andel, r.demo) == (1100, Decimal("37.93"), False)
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(r.pk)).exists()


def test_edit_of_another_elections_row_is_404(client, admin_user, v23):
    r = resultat(valg(2019), "3324", 1000, 2900, "34.48")
    client.force_login(admin_user)
    assert client.get(reverse("valg:resultat_endre", args=[v23.pk, r.pk])).status_code == 404


def test_delete_is_post_only_admins_and_audited(client, personas, v23):
    r = resultat(v23, "3324", 1000, 2900, "34.48")
    url = reverse("valg:resultat_slett", args=[v23.pk, r.pk])
    client.force_login(personas["board"])
    assert client.post(url).status_code == 404
    client.force_login(personas["admin"])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Valgresultat.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_id=str(r.pk)).exists()


def test_the_service_refuses_a_non_admin(board_user, v23):
    with pytest.raises(PermissionDenied):
        valgresultat_lagre(
            valg=v23,
            kommune=kommune("3324"),
            stemmer=1,
            godkjente_stemmer=10,
            andel=None,
            mandater=None,
            bruker=board_user,
        )
    assert not Valgresultat.objects.exists()
