"""The audit trail: every access to member data, every change, and every login event.

``log()`` appends an entry to a hash chain; ``verify_chain()`` finds the first entry that
does not match; ``redact_member()`` removes the personal data of an erased member from the
entries while the chain keeps verifying; ``anchor_chain()`` writes the verified head of the
chain to a file outside the database.

Why it holds against someone who can write to the database:

* Every hash is an HMAC under ``settings.AUDIT_HMAC_KEY`` (from the environment, never in the
  database), so a rewritten entry cannot be given a matching hash, nor the entries after it.
* The personal fields (``actor_label``, ``ip``, ``data``) are each committed to separately
  (an HMAC of a per-entry salt, the field name and the value) and the entry's hash covers the
  commitments. Redaction blanks the values and the salt and keeps the commitments: the chain
  still verifies, but only a blank value passes on a redacted entry, and every redacted entry
  must be listed by a REDACT entry that ``redact_member()`` writes.
* The head hash and the number of entries are appended to ``settings.AUDIT_ANCHOR_FILE`` by a
  periodic job and after each verification; verification compares the chain with every
  anchor, so deleting the newest entries or rewriting old ones with the key is found too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditAction, AuditChainHead, AuditEntry, JobRun

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
REDACTED = "[sladdet]"
# What a redacted entry holds in each personal field, and the column of its commitment.
PERSONAL_FIELDS = {"actor_label": "actor_digest", "ip": "ip_digest", "data": "data_digest"}
BLANK = {"actor_label": REDACTED, "ip": None, "data": {}}


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def _mac(payload: dict, key: str | None = None) -> str:
    key = settings.AUDIT_HMAC_KEY if key is None else key
    return hmac.new(key.encode(), _canonical(payload).encode(), hashlib.sha256).hexdigest()


def field_digest(salt: str, field: str, value, *, key: str | None = None) -> str:
    """The commitment to one personal field. The salt keeps a redacted entry's commitments
    from confirming a guessed e-mail address once the salt is gone."""
    return _mac({"salt": salt, "field": field, "value": value}, key)


def entry_hash(entry: AuditEntry, *, key: str | None = None) -> str:
    """The entry's link in the chain: everything but the personal values, which it covers
    through their commitments. ``key``: only tests pass one (a forger without ours)."""
    fields = {
        "prev": entry.prev_hash,
        "at": entry.created_at.isoformat(),
        "actor": entry.actor_id,
        "action": entry.action,
        "type": entry.object_type,
        "id": entry.object_id,
        "medlem": entry.medlem_id,
        "digests": [getattr(entry, column) for column in PERSONAL_FIELDS.values()],
    }
    return _mac(fields, key)


def seal(entry: AuditEntry, prev_hash: str, *, key: str | None = None) -> None:
    """Give an unsaved entry its salt, commitments and hash, linked after ``prev_hash``."""
    entry.salt = secrets.token_hex(16)
    for field, column in PERSONAL_FIELDS.items():
        setattr(entry, column, field_digest(entry.salt, field, getattr(entry, field), key=key))
    entry.prev_hash = prev_hash
    entry.hash = entry_hash(entry, key=key)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request) or None
    except PermissionDenied:  # no usable address (a request built outside the web server)
        return None


@dataclass(frozen=True)
class AuditContext:
    """Who acts and from where, handed by a view to the service that changes data (which
    writes the audit entry): the services never see the request."""

    user: object | None = None
    ip: str | None = None

    @classmethod
    def from_request(cls, request: HttpRequest) -> AuditContext:
        return cls(user=getattr(request, "user", None), ip=client_ip(request))


@transaction.atomic
def log(
    request: HttpRequest | AuditContext | None,
    action: str,
    *,
    obj=None,
    medlem_id: int | None = None,
    data: dict | None = None,
    user=None,
    actor_label: str | None = None,
) -> AuditEntry:
    """Append one entry. ``obj`` names the object acted on; ``medlem_id`` the member it concerns
    (so that an erasure can find it); ``data`` holds details such as filters or changed fields."""
    if isinstance(request, AuditContext):
        user = user if user is not None else request.user
        ip = request.ip
    else:
        user = user if user is not None else getattr(request, "user", None)
        ip = client_ip(request)
    if user is not None and not user.is_authenticated:
        user = None
    label = actor_label if actor_label is not None else (user.email if user else "")
    data = data or {}
    head = _locked_head()
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=user,
        actor_label=label,
        ip=ip,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        medlem_id=medlem_id,
        data=data,
    )
    seal(entry, head.last_hash)
    entry.save()
    head.last_hash = entry.hash
    head.count += 1
    head.save(update_fields=["last_hash", "count"])
    return entry


def _locked_head() -> AuditChainHead:
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS, "count": 0}
    )
    return head


def log_member_change(
    request: HttpRequest | AuditContext | None, action: str, medlem, changed: Iterable[str] = ()
) -> AuditEntry:
    return log(request, action, obj=medlem, medlem_id=medlem.pk, data={"felt": sorted(changed)})


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    reason: str


@dataclass(frozen=True)
class ChainState:
    """How far a verification got: the number of entries, the last one's id and hash."""

    count: int
    last_id: int
    head: str


@dataclass(frozen=True)
class Anchor:
    at: str
    count: int
    last_id: int
    head: str

    def payload(self) -> dict:
        return {"at": self.at, "count": self.count, "last_id": self.last_id, "head": self.head}


class AnchorFileError(Exception):
    pass


def read_anchors(path: Path | None = None) -> list[Anchor]:
    """Every anchor in the file, oldest first. A line without a valid MAC is an error: the
    file is meant to be append-only, so a bad line means someone wrote to it."""
    path = Path(settings.AUDIT_ANCHOR_FILE) if path is None else path
    if not path.exists():
        return []
    anchors = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                anchor = Anchor(
                    at=str(raw["at"]),
                    count=int(raw["count"]),
                    last_id=int(raw["last_id"]),
                    head=str(raw["head"]),
                )
                ok = hmac.compare_digest(str(raw["mac"]), _mac(anchor.payload()))
            except (ValueError, KeyError, TypeError):
                ok = False
            if not ok:
                raise AnchorFileError(f"linje {number} i ankerfilen {path} er ugyldig")
            anchors.append(anchor)
    return anchors


def write_anchor(state: ChainState, path: Path | None = None) -> Anchor:
    """Append a verified state of the chain to the anchor file, and make sure it is on disk."""
    path = Path(settings.AUDIT_ANCHOR_FILE) if path is None else path
    anchor = Anchor(timezone.now().isoformat(), state.count, state.last_id, state.head)
    line = _canonical({**anchor.payload(), "mac": _mac(anchor.payload())}) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())
    AuditChainHead.objects.filter(pk=1).update(anchored_count=state.count)
    return anchor


def _entry_problem(entry: AuditEntry, prev: str) -> str | None:
    if entry.prev_hash != prev:
        return "forrige hash stemmer ikke (en oppføring mangler, er flyttet eller satt inn)"
    if not hmac.compare_digest(entry_hash(entry), entry.hash):
        return "innholdet er endret etter at oppføringen ble skrevet"
    if entry.redacted:
        blank = all(getattr(entry, f) == BLANK[f] for f in PERSONAL_FIELDS) and not entry.salt
        if not blank:
            return "en sladdet oppføring har fått nye detaljer"
        return None
    for field, column in PERSONAL_FIELDS.items():
        digest = field_digest(entry.salt, field, getattr(entry, field))
        if not hmac.compare_digest(digest, getattr(entry, column)):
            return "detaljene er endret etter at oppføringen ble skrevet"
    return None


def entry_problem(entry: AuditEntry) -> str | None:
    """Whether this one entry is as it was written (its place in the chain aside): cheap
    enough to check every entry a page shows."""
    return _entry_problem(entry, entry.prev_hash)


CHECK_JOBS = ("buskerud_sp.audit_anchor", "buskerud_sp.audit_verify")


def latest_check() -> JobRun | None:
    """The newest finished run of the periodic verification."""
    return JobRun.objects.filter(job__in=CHECK_JOBS, finished_at__isnull=False).first()


def _anchor_problem(anchors: dict[int, set[tuple[int, str]]], n: int, entry: AuditEntry):
    expected = anchors.get(n)
    if expected and any(pair != (entry.pk, entry.hash) for pair in expected):
        return "kjeden er skrevet om siden den ble forankret utenfor databasen"
    return None


def verify_chain(batch_size: int = 2000, *, since_last_anchor: bool = False) -> ChainProblem | None:
    """Walk the chain in order and compare it with the anchors outside the database; return
    the first entry that does not verify, or None."""
    result = check_chain(batch_size, since_last_anchor=since_last_anchor)
    return result if isinstance(result, ChainProblem) else None


def check_chain(
    batch_size: int = 2000, *, since_last_anchor: bool = False
) -> ChainProblem | ChainState:
    """Like ``verify_chain``, but return the state that verified (see ``ChainState``).

    ``since_last_anchor`` walks only the entries after the newest anchor (for the frequent
    job); the full walk also checks that every redacted entry was redacted by the service."""
    try:
        anchor_list = read_anchors()
    except AnchorFileError as e:
        return ChainProblem(0, str(e))
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.anchored_count and all(a.count != head.anchored_count for a in anchor_list):
        return ChainProblem(
            0,
            f"ankerfilen mangler ankeret for {head.anchored_count} oppføringer "
            "(filen er tapt eller byttet ut)",
        )
    anchors: dict[int, set[tuple[int, str]]] = {}
    for a in anchor_list:
        anchors.setdefault(a.count, set()).add((a.last_id, a.head))
    prev, last_id, n = GENESIS, 0, 0
    if since_last_anchor and anchor_list:
        newest = max(anchor_list, key=lambda a: a.count)
        start = AuditEntry.objects.filter(pk=newest.last_id).first()
        if newest.count and (start is None or start.hash != newest.head):
            return ChainProblem(
                newest.last_id, "kjeden er skrevet om siden den ble forankret utenfor databasen"
            )
        prev, last_id, n = newest.head, newest.last_id, newest.count
    unlisted: set[int] = set()  # redacted entries not (yet) listed by a REDACT entry
    for _attempt in range(3):
        while True:
            batch = list(AuditEntry.objects.filter(pk__gt=last_id).order_by("pk")[:batch_size])
            if not batch:
                break
            for entry in batch:
                n += 1
                reason = _entry_problem(entry, prev) or _anchor_problem(anchors, n, entry)
                if reason:
                    return ChainProblem(entry.pk, reason)
                if entry.redacted:
                    unlisted.add(entry.pk)
                if entry.action == AuditAction.REDACT:
                    unlisted.difference_update(entry.data.get("oppforinger", []))
                prev, last_id = entry.hash, entry.pk
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is None or head.count <= n:
            break  # else entries were added while we walked: walk on to them
    if head is not None and (head.count != n or head.last_hash != prev):
        return ChainProblem(last_id, "siste oppføringer mangler (kjeden er avkortet)")
    beyond = [a for a in anchor_list if a.count > n]
    if beyond:
        return ChainProblem(
            last_id,
            f"kjeden er avkortet: ankeret fra {beyond[0].at} har {beyond[0].count} "
            f"oppføringer, databasen {n}",
        )
    if unlisted and not since_last_anchor:
        return ChainProblem(min(unlisted), "oppføringen er sladdet utenom sletterutinen")
    return ChainState(n, last_id, prev)


def anchor_chain(*, since_last_anchor: bool = False) -> ChainProblem | ChainState:
    """Verify the chain and, when it holds, anchor the verified state outside the database."""
    result = check_chain(since_last_anchor=since_last_anchor)
    if isinstance(result, ChainState):
        write_anchor(result)
    else:
        logger.error("Audit chain does not verify: entry %s: %s", result.entry_id, result.reason)
    return result


@transaction.atomic
def redact_member(
    medlem_id: int, *, actor_emails: Iterable[str] = (), needles: Iterable[str] = ()
) -> int:
    """Remove the personal details from entries about this member, from entries where they
    acted (their e-mail), and from entries whose details mention them (a search for their
    name in a list view). The entries, their commitments and the chain stay; a REDACT entry
    lists which entries were redacted, so that verification can tell this from forgery."""
    emails = [e for e in actor_emails if e]
    ids = set(AuditEntry.objects.filter(medlem_id=medlem_id).values_list("pk", flat=True))
    if emails:
        ids |= set(AuditEntry.objects.filter(actor_label__in=emails).values_list("pk", flat=True))
    lowered = [n.lower() for n in needles if n]
    if lowered:
        # Free-text details are few kinds (list filters, exports); scanned in Python so that
        # the match does not depend on how a database stores JSON. REDACT entries hold only
        # entry ids, which a number could match.
        candidates = (
            AuditEntry.objects.filter(redacted=False, medlem_id__isnull=True)
            .exclude(data={})
            .exclude(action=AuditAction.REDACT)
            .values_list("pk", "data")
        )
        for pk, data in candidates.iterator(chunk_size=2000):
            text = _canonical(data).lower()
            if any(n in text for n in lowered):
                ids.add(pk)
    ids -= set(AuditEntry.objects.filter(pk__in=ids, redacted=True).values_list("pk", flat=True))
    if not ids:
        return 0
    count = AuditEntry.objects.filter(pk__in=ids).update(salt="", redacted=True, **BLANK)
    log(None, AuditAction.REDACT, data={"oppforinger": sorted(ids)})
    return count
