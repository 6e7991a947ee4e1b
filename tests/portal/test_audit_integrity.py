"""The audit chain against someone who can write to the database: each forgery is found,
and the untouched chain, or one redacted by the erasure service, still verifies."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from buskerud_sp.core import audit
from buskerud_sp.core.models import AuditAction, AuditChainHead, AuditEntry
from medlemmer.personvern import medlem_anonymiser
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table


def _write_entries(n: int, actor: str = "leder.a@test.no") -> list[AuditEntry]:
    return [
        audit.log(None, AuditAction.VIEW, medlem_id=1000 + i, data={"n": i}, actor_label=actor)
        for i in range(n)
    ]


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify_fails_at(entry_id: int) -> str:
    problem = audit.verify_chain()
    assert problem is not None, "the forgery was not detected"
    assert problem.entry_id == entry_id, problem
    with pytest.raises(CommandError, match="Revisjonssporet er endret"):
        call_command("verify_audit")
    return problem.reason


def _forge_with(key: str, entries: list[AuditEntry], start: int) -> None:
    """What an attacker with write access to the database (and this code) can do: recompute
    every hash from ``start`` on with the project's own functions under ``key``."""
    prev = entries[start - 1].hash if start else audit.GENESIS
    for entry in entries[start:]:
        entry.refresh_from_db()
        audit.seal(entry, prev, key=key)
        entry.save()
        prev = entry.hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)


def test_the_untouched_chain_verifies_and_is_anchored(settings, capsys):
    _write_entries(5)
    call_command("verify_audit")
    assert "uendret (5 oppføringer)" in capsys.readouterr().out
    _write_entries(2)
    call_command("verify_audit")
    lines = settings.AUDIT_ANCHOR_FILE.read_text().splitlines()
    assert [json.loads(line)["count"] for line in lines] == [5, 7]
    assert audit.verify_chain() is None


# --- (a) a redacted flag with forged details ------------------------------------------------


def test_a_redacted_entry_with_a_forged_actor_is_detected(client, admin_user):
    entries = _write_entries(3)
    _sql(
        f"UPDATE {TABLE} SET redacted = %s, actor_label = %s, ip = %s, data = %s WHERE id = %s",
        [True, "forfalsket@test.no", "10.9.9.9", '{"n": 99}', entries[1].pk],
    )
    reason = _verify_fails_at(entries[1].pk)
    assert "sladdet" in reason


def test_details_blanked_outside_the_erasure_service_are_detected():
    entries = _write_entries(3)
    _sql(
        f"UPDATE {TABLE} SET redacted = %s, actor_label = %s, ip = NULL, data = %s, salt = ''"
        " WHERE id = %s",
        [True, audit.REDACTED, "{}", entries[1].pk],
    )
    assert "sletterutinen" in _verify_fails_at(entries[1].pk)


def test_a_changed_personal_field_of_an_unredacted_entry_is_detected():
    entries = _write_entries(3)
    _sql(f"UPDATE {TABLE} SET actor_label = %s WHERE id = %s", ["annen@test.no", entries[0].pk])
    assert "detaljene" in _verify_fails_at(entries[0].pk)


def test_redaction_by_the_erasure_service_verifies(client, org, admin_user, leader_a):
    medlem = MedlemFactory(lokallag=org.lag_a, fornavn="Sigrun", etternavn="Sporløs")
    client.force_login(leader_a)
    client.get(f"/medlemmer/{medlem.pk}/")
    client.get("/medlemmer/?q=Sporløs")
    _write_entries(2)
    call_command("verify_audit")  # anchored before the erasure: redaction keeps the hashes
    medlem_anonymiser(medlem=medlem, av=admin_user)
    redacted = AuditEntry.objects.filter(redacted=True)
    assert redacted.count() == 2
    assert all(e.actor_label == audit.REDACTED and not e.salt for e in redacted)
    listing = AuditEntry.objects.get(action=AuditAction.REDACT)
    assert listing.data == {"oppforinger": sorted(e.pk for e in redacted)}
    assert audit.verify_chain() is None
    call_command("verify_audit")


# --- (b) the newest entries deleted and the head set back ----------------------------------


def test_a_deleted_last_entry_with_the_head_set_back_is_detected():
    entries = _write_entries(4)
    call_command("verify_audit")
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()
    AuditChainHead.objects.filter(pk=1).update(last_hash=entries[-2].hash, count=3)
    reason = _verify_fails_at(entries[-2].pk)
    assert "avkortet" in reason


def test_a_deleted_last_entry_is_detected_through_the_head_without_anchors():
    entries = _write_entries(4)
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()
    assert "avkortet" in _verify_fails_at(entries[-2].pk)


# --- (c) a rewritten entry and every later hash recomputed ---------------------------------


def test_a_chain_recomputed_without_the_key_is_detected():
    entries = _write_entries(5)
    _sql(f"UPDATE {TABLE} SET action = %s WHERE id = %s", [AuditAction.LOGIN, entries[2].pk])
    _forge_with("gjettet-nokkel", entries, start=2)
    assert "endret" in _verify_fails_at(entries[2].pk)


def test_a_chain_recomputed_with_the_key_is_detected_by_the_anchor(settings):
    """Even someone who has the key as well cannot rewrite what was anchored."""
    entries = _write_entries(5)
    call_command("verify_audit")
    _sql(f"UPDATE {TABLE} SET action = %s WHERE id = %s", [AuditAction.LOGIN, entries[2].pk])
    _forge_with(settings.AUDIT_HMAC_KEY, entries, start=2)
    assert "forankret" in _verify_fails_at(entries[-1].pk)


def test_the_recomputing_forger_is_stopped_by_the_key_not_by_luck(settings):
    """Negative control for the two above: the same recomputation of an unchanged chain under
    the real key verifies, so the failures come from the key and the anchor."""
    entries = _write_entries(5)
    _forge_with(settings.AUDIT_HMAC_KEY, entries, start=2)
    assert audit.verify_chain() is None


# --- a middle entry deleted, entries reordered, the anchor file edited ----------------------


def test_a_deleted_middle_entry_is_detected():
    entries = _write_entries(5)
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    assert "forrige hash" in _verify_fails_at(entries[3].pk)


def test_reordered_entries_are_detected():
    entries = _write_entries(5)
    a, b = entries[1].pk, entries[2].pk
    _sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [9999, a])
    _sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [a, b])
    _sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [b, 9999])
    assert "forrige hash" in _verify_fails_at(a)


def test_an_edited_anchor_line_is_detected(settings):
    _write_entries(3)
    call_command("verify_audit")
    path = settings.AUDIT_ANCHOR_FILE
    line = json.loads(path.read_text())
    line["count"] = 2
    path.write_text(json.dumps(line) + "\n")
    problem = audit.verify_chain()
    assert problem is not None and "ankerfilen" in problem.reason


# --- the periodic jobs ----------------------------------------------------------------------


def test_the_periodic_job_anchors_new_entries_and_alerts_on_a_forgery(
    settings, admin_user, mailoutbox
):
    from buskerud_sp.core.models import JobRun
    from buskerud_sp.tasks import anchor_audit_chain, verify_audit_chain

    entries = _write_entries(3)
    assert anchor_audit_chain() is True
    _write_entries(2)
    assert anchor_audit_chain() is True
    counts = [json.loads(x)["count"] for x in settings.AUDIT_ANCHOR_FILE.read_text().split()]
    assert counts == [3, 5]
    assert mailoutbox == []

    _sql(f"UPDATE {TABLE} SET data = %s WHERE id = %s", ['{"n": 42}', entries[0].pk])
    assert verify_audit_chain() is False
    assert len(settings.AUDIT_ANCHOR_FILE.read_text().split()) == 2  # a forged state: no anchor
    run = JobRun.objects.get(job="buskerud_sp.audit_verify")
    assert not run.ok and f"oppføring {entries[0].pk}" in run.result
    assert mailoutbox[0].to == ["admin@test.no"]
    assert "Revisjonssporet stemmer ikke" in mailoutbox[0].subject


def test_the_frequent_job_checks_the_new_entries_against_the_last_anchor():
    from buskerud_sp.tasks import anchor_audit_chain

    entries = _write_entries(3)
    assert anchor_audit_chain() is True
    more = _write_entries(2)
    _sql(f"UPDATE {TABLE} SET medlem_id = %s WHERE id = %s", [7, more[0].pk])
    assert anchor_audit_chain() is False
    AuditEntry.objects.filter(pk=more[0].pk).update(medlem_id=more[0].medlem_id)
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()  # the anchored head itself
    assert anchor_audit_chain() is False


# --- the audit trail page -------------------------------------------------------------------


def test_the_audit_page_flags_a_forged_actor_and_a_failed_check(client, admin_user):
    from buskerud_sp.tasks import verify_audit_chain

    entries = _write_entries(3)
    client.force_login(admin_user)
    response = client.get("/revisjon/")
    assert not any(problem for _e, problem in response.context["rows"])  # the control
    assert "<del>" not in response.content.decode()
    _sql(
        f"UPDATE {TABLE} SET redacted = %s, actor_label = %s WHERE id = %s",
        [True, "forfalsket@test.no", entries[1].pk],
    )
    verify_audit_chain()
    response = client.get("/revisjon/")
    flagged = [e.pk for e, problem in response.context["rows"] if problem]
    assert flagged == [entries[1].pk]
    page = response.content.decode()
    assert "endret i databasen</span> <del>forfalsket@test.no</del>" in page
    assert "fant at revisjonssporet er endret" in page


def test_an_unwritable_anchor_file_is_a_clear_error(settings, tmp_path):
    _write_entries(2)
    settings.AUDIT_ANCHOR_FILE = tmp_path  # a folder: it can be neither read nor appended to
    with pytest.raises(CommandError, match=r"Ankerfilen .* kunne ikke"):
        call_command("verify_audit")


def test_the_job_reports_an_unwritable_anchor_file(settings, tmp_path, admin_user, mailoutbox):
    from buskerud_sp.core.models import JobRun
    from buskerud_sp.tasks import anchor_audit_chain

    _write_entries(2)
    settings.AUDIT_ANCHOR_FILE = tmp_path
    assert anchor_audit_chain() is False
    run = JobRun.objects.get(job="buskerud_sp.audit_anchor")
    assert not run.ok and run.finished_at and "ankerfilen" in run.result
    assert len(mailoutbox) == 1


def test_a_lost_anchor_file_is_detected(settings, tmp_path):
    _write_entries(3)
    call_command("verify_audit")
    settings.AUDIT_ANCHOR_FILE = tmp_path / "ny-server" / "audit-anchors.log"
    problem = audit.verify_chain()
    assert problem is not None and "ankerfilen mangler ankeret for 3" in problem.reason


# --- review: more forgeries, each against the same negative control ------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("action", AuditAction.LOGIN),
        ("created_at", "2020-01-01 00:00:00"),
        ("object_id", "4242"),
        ("object_type", "buskerud_sp.user"),
        ("medlem_id", 7),
        ("actor_id", 999),
    ],
)
def test_a_changed_non_personal_column_is_detected(column, value):
    entries = _write_entries(3)
    assert audit.verify_chain() is None  # the control
    _sql(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, entries[1].pk])
    assert "endret" in _verify_fails_at(entries[1].pk)


def _insert_after(entry: AuditEntry, *, key: str, **fields) -> AuditEntry:
    """A row sealed by someone without our key, linked after ``entry``, with an id between
    ``entry`` and the next one."""
    forged = AuditEntry(
        pk=entry.pk * 1000,  # fixed below: ids are moved to make room
        created_at=entry.created_at,
        actor_label="innsatt@test.no",
        action=AuditAction.VIEW,
        data={},
        **fields,
    )
    audit.seal(forged, entry.hash, key=key)
    return forged


def test_a_row_inserted_in_the_middle_is_detected():
    entries = _write_entries(3)
    # Make room: move the last entry up, and put a row sealed after entries[1] in its place.
    last = entries[2].pk
    _sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [last + 10, last])
    forged = _insert_after(entries[1], key="gjettet-nokkel", medlem_id=4242)
    forged.pk = last
    forged.save(force_insert=True)
    assert "endret" in _verify_fails_at(last)


def test_a_row_inserted_in_the_middle_with_the_real_key_breaks_the_next_link(settings):
    """Even with the key, the entry after the inserted one still points past it."""
    entries = _write_entries(3)
    last = entries[2].pk
    _sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [last + 10, last])
    forged = _insert_after(entries[1], key=settings.AUDIT_HMAC_KEY, medlem_id=4242)
    forged.pk = last
    forged.save(force_insert=True)
    assert "forrige hash" in _verify_fails_at(last + 10)


def test_changed_details_with_a_recomputed_digest_are_detected():
    entries = _write_entries(3)
    entry = AuditEntry.objects.get(pk=entries[1].pk)
    forged_data = {"n": 99}
    digest = audit.field_digest(entry.salt, "data", forged_data, key="gjettet-nokkel")
    _sql(
        f"UPDATE {TABLE} SET data = %s, data_digest = %s WHERE id = %s",
        [json.dumps(forged_data), digest, entry.pk],
    )
    assert "endret" in _verify_fails_at(entry.pk)


def test_a_redaction_that_also_changes_a_non_personal_field_is_detected(client, org, admin_user):
    """Blanked like the erasure service does (and listed by its REDACT entry), but the
    action changed too: the commitments are kept, the entry's hash is not."""
    medlem = MedlemFactory(lokallag=org.lag_a)
    audit.log(None, AuditAction.VIEW, medlem_id=medlem.pk, actor_label="leder.a@test.no")
    _write_entries(2)
    medlem_anonymiser(medlem=medlem, av=admin_user)
    assert audit.verify_chain() is None  # the control: the service's redaction verifies
    redacted = AuditEntry.objects.filter(redacted=True).first()
    _sql(f"UPDATE {TABLE} SET action = %s WHERE id = %s", [AuditAction.EXPORT, redacted.pk])
    assert "endret" in _verify_fails_at(redacted.pk)


def test_a_forged_redact_entry_does_not_cover_a_blanked_row():
    """Blank a row outside the service and append a REDACT entry listing it, sealed without
    our key (a REDACT entry needs a valid link like any other)."""
    entries = _write_entries(3)
    _sql(
        f"UPDATE {TABLE} SET redacted = %s, actor_label = %s, ip = NULL, data = %s, salt = ''"
        " WHERE id = %s",
        [True, audit.REDACTED, "{}", entries[0].pk],
    )
    forged = AuditEntry(
        created_at=entries[-1].created_at,
        actor_label="",
        action=AuditAction.REDACT,
        data={"oppforinger": [entries[0].pk]},
    )
    audit.seal(forged, entries[-1].hash, key="gjettet-nokkel")
    forged.save()
    head = AuditChainHead.objects.get(pk=1)
    AuditChainHead.objects.filter(pk=1).update(last_hash=forged.hash, count=head.count + 1)
    assert "endret" in _verify_fails_at(forged.pk)


def test_a_redact_entry_blanked_itself_uncovers_what_it_listed(client, org, admin_user):
    """The forger cannot edit what a REDACT entry lists (its details are committed); blanking
    it leaves both it and the entries it listed unlisted."""
    medlem = MedlemFactory(lokallag=org.lag_a)
    audit.log(None, AuditAction.VIEW, medlem_id=medlem.pk, actor_label="leder.a@test.no")
    medlem_anonymiser(medlem=medlem, av=admin_user)
    assert audit.verify_chain() is None
    listing = AuditEntry.objects.get(action=AuditAction.REDACT)
    _sql(
        f"UPDATE {TABLE} SET redacted = %s, actor_label = %s, ip = NULL, data = %s, salt = ''"
        " WHERE id = %s",
        [True, audit.REDACTED, "{}", listing.pk],
    )
    problem = audit.verify_chain()
    assert problem is not None and "sladdet utenom sletterutinen" in problem.reason


def test_a_truncated_anchor_file_is_detected(settings):
    _write_entries(3)
    call_command("verify_audit")
    _write_entries(2)
    call_command("verify_audit")
    assert audit.verify_chain() is None  # the control
    path = settings.AUDIT_ANCHOR_FILE
    first, _last = path.read_text().splitlines()
    path.write_text(first + "\n")
    problem = audit.verify_chain()
    assert problem is not None and "mangler ankeret for 5" in problem.reason


def test_a_rewritten_last_anchor_line_is_detected(settings):
    """The last line replaced by one for the shorter chain, with a MAC under a guessed key."""
    entries = _write_entries(3)
    call_command("verify_audit")
    path = settings.AUDIT_ANCHOR_FILE
    line = json.loads(path.read_text())
    line.update(count=2, last_id=entries[1].pk, head=entries[1].hash)
    payload = {k: line[k] for k in ("at", "count", "last_id", "head")}
    line["mac"] = audit._mac(payload, "gjettet-nokkel")
    path.write_text(json.dumps(line) + "\n")
    problem = audit.verify_chain()
    assert problem is not None and "ankerfilen" in problem.reason


def test_an_old_anchor_file_put_back_is_detected(settings):
    """A copy of the file from before the newest anchor, with the newest entries deleted
    from the database: the head row still says how far the chain was anchored."""
    entries = _write_entries(3)
    call_command("verify_audit")
    old = settings.AUDIT_ANCHOR_FILE.read_text()
    _write_entries(2)
    call_command("verify_audit")
    settings.AUDIT_ANCHOR_FILE.write_text(old)
    AuditEntry.objects.filter(pk__gt=entries[-1].pk).delete()
    AuditChainHead.objects.filter(pk=1).update(last_hash=entries[-1].hash, count=3)
    problem = audit.verify_chain()
    assert problem is not None and "mangler ankeret for 5" in problem.reason
