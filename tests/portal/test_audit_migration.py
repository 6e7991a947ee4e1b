"""The upgrade to keyed hashes: an existing chain, written and redacted under the old scheme,
verifies after the migration; a chain already broken stops it."""

import datetime
import hashlib
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from buskerud_sp.core import audit
from buskerud_sp.core.models import AuditAction, AuditEntry

APP = "buskerud_sp"
MIGRATION = "0006_audit_keyed_chain"
AT = datetime.datetime(2026, 5, 4, 12, 0, tzinfo=datetime.UTC)


def _old_canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def _old_sha(value) -> str:
    return hashlib.sha256(_old_canonical(value).encode()).hexdigest()


def _migrate_to(target: str):
    executor = MigrationExecutor(connection)
    executor.migrate([(APP, target)])
    return executor.loader.project_state([(APP, target)]).apps


def _previous() -> str:
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration(APP, MIGRATION)
    return next(name for app, name in migration.dependencies if app == APP)


def _write_old_chain(apps, n: int) -> list:
    """Entries as the old code wrote them (unkeyed SHA-256, one digest of all personal data);
    the second one redacted as the old erasure did."""
    Entry = apps.get_model(APP, "AuditEntry")
    Head = apps.get_model(APP, "AuditChainHead")
    prev, rows = "0" * 64, []
    for i in range(n):
        row = Entry(
            created_at=AT + datetime.timedelta(minutes=i),
            actor_label="leder.a@test.no",
            ip="127.0.0.1",
            action="view",
            medlem_id=500 + i,
            data={"n": i},
            prev_hash=prev,
        )
        row.data_digest = _old_sha({"actor": row.actor_label, "ip": row.ip, "data": row.data})
        row.hash = _old_sha(
            {
                "prev": prev,
                "at": row.created_at.isoformat(),
                "actor": None,
                "action": row.action,
                "type": "",
                "id": "",
                "medlem": row.medlem_id,
                "digest": row.data_digest,
            }
        )
        row.save()
        rows.append(row)
        prev = row.hash
    Entry.objects.filter(pk=rows[1].pk).update(
        actor_label=audit.REDACTED, ip=None, data={}, redacted=True
    )
    Head.objects.update_or_create(pk=1, defaults={"last_hash": prev})
    return rows


@pytest.fixture
def before_upgrade(transactional_db):
    previous = _previous()
    try:
        yield _migrate_to(previous)
    finally:
        call_command("migrate", verbosity=0)


def test_the_upgrade_reseals_an_existing_chain_so_that_it_verifies(before_upgrade):
    rows = _write_old_chain(before_upgrade, 4)
    _migrate_to(MIGRATION)
    assert audit.verify_chain() is None
    listing = AuditEntry.objects.get(action=AuditAction.REDACT)
    assert listing.data["oppforinger"] == [rows[1].pk]
    # The re-sealed chain is as strong as a new one: a forged actor is found.
    AuditEntry.objects.filter(pk=rows[2].pk).update(actor_label="forfalsket@test.no")
    assert audit.verify_chain().entry_id == rows[2].pk
    AuditEntry.objects.filter(pk=rows[2].pk).update(actor_label="leder.a@test.no")
    # New entries continue the chain.
    audit.log(None, AuditAction.VIEW, medlem_id=1)
    assert audit.verify_chain() is None
    call_command("verify_audit")


def test_the_upgrade_refuses_a_chain_broken_before_it(before_upgrade, monkeypatch):
    rows = _write_old_chain(before_upgrade, 3)
    Entry = before_upgrade.get_model(APP, "AuditEntry")
    Entry.objects.filter(pk=rows[0].pk).update(actor_label="forfalsket@test.no")
    with pytest.raises(RuntimeError, match=f"oppføring {rows[0].pk}"):
        _migrate_to(MIGRATION)
    monkeypatch.setenv("AUDIT_UPGRADE_ACCEPT_BROKEN_CHAIN", "true")
    _migrate_to(MIGRATION)
    listing = AuditEntry.objects.get(action=AuditAction.REDACT)
    assert f"oppføring {rows[0].pk}" in listing.data["gammel_kjede"]
    assert audit.verify_chain() is None  # what was found is now recorded in the chain itself
