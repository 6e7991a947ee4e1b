"""The audit trail: every access to member data, every change, and every login event.

``log()`` appends an entry to a hash chain; ``verify_chain()`` finds the first entry that
does not match; ``redact_member()`` removes the personal data of an erased member from the
entries while the chain keeps verifying.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditAction, AuditChainHead, AuditEntry

GENESIS = "0" * 64
REDACTED = "[sladdet]"


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def personal_digest(actor_label: str, ip: str | None, data: dict) -> str:
    payload = _canonical({"actor": actor_label, "ip": ip, "data": data})
    return hashlib.sha256(payload.encode()).hexdigest()


def entry_hash(entry: AuditEntry) -> str:
    fields = {
        "prev": entry.prev_hash,
        "at": entry.created_at.isoformat(),
        "actor": entry.actor_id,
        "action": entry.action,
        "type": entry.object_type,
        "id": entry.object_id,
        "medlem": entry.medlem_id,
        "digest": entry.data_digest,
    }
    return hashlib.sha256(_canonical(fields).encode()).hexdigest()


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request) or None
    except PermissionDenied:  # no usable address (a request built outside the web server)
        return None


@transaction.atomic
def log(
    request: HttpRequest | None,
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
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    label = actor_label if actor_label is not None else (user.email if user else "")
    ip = client_ip(request)
    data = data or {}
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS}
    )
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
        data_digest=personal_digest(label, ip, data),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(entry)
    entry.save()
    head.last_hash = entry.hash
    head.save(update_fields=["last_hash"])
    return entry


def log_member_view(request: HttpRequest, medlem) -> AuditEntry:
    return log(request, AuditAction.VIEW, obj=medlem, medlem_id=medlem.pk)


def log_member_list(request: HttpRequest, filters: dict, count: int, page: int) -> AuditEntry:
    return log(
        request, AuditAction.VIEW_LIST, data={"filter": filters, "antall": count, "side": page}
    )


def log_member_change(
    request: HttpRequest, action: str, medlem, changed: Iterable[str] = ()
) -> AuditEntry:
    return log(request, action, obj=medlem, medlem_id=medlem.pk, data={"felt": sorted(changed)})


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    reason: str


def verify_chain(batch_size: int = 2000) -> ChainProblem | None:
    """Walk the chain in order; return the first entry that does not verify, or None."""
    prev = GENESIS
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(pk__gt=last_id).order_by("pk")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.prev_hash != prev:
                return ChainProblem(
                    entry.pk, "forrige hash stemmer ikke (en oppføring mangler eller er satt inn)"
                )
            if entry_hash(entry) != entry.hash:
                return ChainProblem(
                    entry.pk, "innholdet er endret etter at oppføringen ble skrevet"
                )
            if (
                not entry.redacted
                and personal_digest(entry.actor_label, entry.ip, entry.data) != entry.data_digest
            ):
                return ChainProblem(
                    entry.pk, "detaljene er endret etter at oppføringen ble skrevet"
                )
            prev = entry.hash
            last_id = entry.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.last_hash != prev:
        return ChainProblem(last_id, "siste oppføringer mangler (kjeden er avkortet)")
    return None


def redact_member(
    medlem_id: int, *, actor_emails: Iterable[str] = (), needles: Iterable[str] = ()
) -> int:
    """Remove the personal details from entries about this member, from entries where they
    acted (their e-mail), and from entries whose details mention them (a search for their
    name in a list view). The entries, and the chain, stay."""
    emails = [e for e in actor_emails if e]
    ids = set(AuditEntry.objects.filter(medlem_id=medlem_id).values_list("pk", flat=True))
    if emails:
        ids |= set(AuditEntry.objects.filter(actor_label__in=emails).values_list("pk", flat=True))
    lowered = [n.lower() for n in needles if n]
    if lowered:
        # Free-text details are few kinds (list filters, exports); scanned in Python so that
        # the match does not depend on how a database stores JSON.
        candidates = (
            AuditEntry.objects.filter(redacted=False, medlem_id__isnull=True)
            .exclude(data={})
            .values_list("pk", "data")
        )
        for pk, data in candidates.iterator(chunk_size=2000):
            text = _canonical(data).lower()
            if any(n in text for n in lowered):
                ids.add(pk)
    return AuditEntry.objects.filter(pk__in=ids).update(
        actor_label=REDACTED, ip=None, data={}, redacted=True
    )
