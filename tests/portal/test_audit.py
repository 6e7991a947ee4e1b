"""The audit trail: every access to member data is one entry, and tampering is detectable."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from buskerud_sp.core import audit
from buskerud_sp.core.models import AuditAction, AuditEntry
from tests.conftest import PASSWORD
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db


def test_each_member_view_writes_one_entry(client, org, leader_a):
    members = MedlemFactory.create_batch(7, lokallag=org.lag_a)
    client.force_login(leader_a)
    AuditEntry.objects.all().delete()
    for medlem in members:
        assert client.get(f"/medlemmer/{medlem.pk}/").status_code == 200
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW)
    assert entries.count() == 7
    assert set(entries.values_list("medlem_id", flat=True)) == {m.pk for m in members}
    assert set(entries.values_list("actor_label", flat=True)) == {"leder.a@test.no"}


def test_a_list_view_records_its_filter(client, org, board_user):
    MedlemFactory.create_batch(3, lokallag=org.lag_b)
    client.force_login(board_user)
    client.get(f"/medlemmer/?q=Etternavn&lokallag={org.lag_b.pk}")
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW_LIST).latest("id")
    assert entry.data["filter"] == {"q": "Etternavn", "lokallag": org.lag_b.pk}
    assert entry.data["antall"] == 3
    assert entry.ip == "127.0.0.1"


def test_a_denied_view_is_not_a_view(client, org, leader_a):
    other = MedlemFactory(lokallag=org.lag_b)
    client.force_login(leader_a)
    before = AuditEntry.objects.filter(action=AuditAction.VIEW).count()
    assert client.get(f"/medlemmer/{other.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).count() == before


def test_logins_and_failed_logins_are_recorded(client, admin_user):
    client.post("/konto/login/", {"login": "admin@test.no", "password": "feil-passord"})
    client.post("/konto/login/", {"login": "admin@test.no", "password": PASSWORD})
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "actor_label"))
    assert (AuditAction.LOGIN_FAILED, "admin@test.no") in actions
    assert (AuditAction.LOGIN, "admin@test.no") in actions


def _write_entries(n: int) -> list[AuditEntry]:
    return [audit.log(None, AuditAction.VIEW, medlem_id=i, data={"n": i}) for i in range(n)]


def test_the_chain_verifies(capsys):
    _write_entries(5)
    assert audit.verify_chain() is None
    call_command("verify_audit")
    assert "uendret (5 oppføringer)" in capsys.readouterr().out


def test_an_entry_altered_in_sql_is_named():
    entries = _write_entries(5)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET data = %s WHERE id = %s",
            ['{"n": 99}', entries[2].pk],
        )
    problem = audit.verify_chain()
    assert problem.entry_id == entries[2].pk
    with pytest.raises(CommandError, match=f"oppføring {entries[2].pk}"):
        call_command("verify_audit")


def test_a_changed_action_or_deleted_entry_is_detected():
    entries = _write_entries(4)
    AuditEntry.objects.filter(pk=entries[1].pk).update(action=AuditAction.LOGIN)
    assert audit.verify_chain().entry_id == entries[1].pk
    AuditEntry.objects.filter(pk=entries[1].pk).update(action=AuditAction.VIEW)
    assert audit.verify_chain() is None
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    assert audit.verify_chain().entry_id == entries[3].pk
    AuditEntry.objects.filter(pk=entries[3].pk).delete()  # cutting off the tail
    assert audit.verify_chain() is not None


def test_redaction_keeps_the_chain_valid():
    entries = _write_entries(3)
    audit.redact_member(entries[1].medlem_id)
    redacted = AuditEntry.objects.get(pk=entries[1].pk)
    assert redacted.redacted and redacted.data == {} and redacted.ip is None
    assert audit.verify_chain() is None


def test_audit_trail_page_filters_for_admins(client, admin_user, org, leader_a):
    medlem = MedlemFactory(lokallag=org.lag_a)
    client.force_login(leader_a)
    client.get(f"/medlemmer/{medlem.pk}/")
    client.force_login(admin_user)
    response = client.get(f"/revisjon/?medlem={medlem.pk}")
    assert response.status_code == 200
    assert [e.action for e in response.context["page"]] == [AuditAction.VIEW]
    assert "leder.a@test.no" in response.content.decode()


def test_every_write_to_member_data_is_recorded(client, org, admin_user):
    client.force_login(admin_user)
    client.post(
        "/medlemmer/ny/",
        {
            "fornavn": "Per",
            "etternavn": "Revidert",
            "kjonn": "M",
            "lokallag": org.lag_a.pk,
            "innmeldt": "2026-01-05",
        },
    )
    from medlemmer.models import Medlem

    medlem = Medlem.objects.get(etternavn="Revidert")
    client.post(
        f"/medlemmer/{medlem.pk}/endre/",
        {
            "fornavn": "Per",
            "etternavn": "Revidert",
            "kjonn": "M",
            "lokallag": org.lag_a.pk,
            "innmeldt": "2026-01-05",
            "telefon": "91112222",
        },
    )
    client.post(
        "/lokallag/drammen/verv/ny/",
        {"medlem": medlem.pk, "rolle": "kasserer", "fra_dato": "2026-02-01"},
    )
    client.post(f"/medlemmer/{medlem.pk}/utmelding/", {"utmeldt": "2026-03-01"})
    entries = AuditEntry.objects.filter(medlem_id=medlem.pk).order_by("id")
    assert [e.action for e in entries] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.CREATE,
        AuditAction.UPDATE,
    ]
    assert entries[1].data == {"felt": ["telefon"]}
