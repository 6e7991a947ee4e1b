"""The one way views and selectors write to the audit trail: reads of member data (a list,
a member's page, an export, a right-of-access copy). Changes are audited by the services that
make them (``buskerud_sp.core.audit.log`` with an ``AuditContext``); a test keeps the write
API out of the views."""

from __future__ import annotations

from django.http import HttpRequest

from .audit import log
from .models import AuditAction, AuditEntry

READ_ACTIONS = frozenset(
    {AuditAction.VIEW_LIST, AuditAction.VIEW, AuditAction.EXPORT, AuditAction.ACCESS_REQUEST}
)


def log_read(
    request: HttpRequest,
    action: str,
    *,
    obj=None,
    medlem_id: int | None = None,
    data: dict | None = None,
) -> AuditEntry:
    """Record that the request's user read member data."""
    if action not in READ_ACTIONS:
        raise ValueError(f"{action} is not a read; the service that changes data logs it.")
    return log(request, action, obj=obj, medlem_id=medlem_id, data=data)


def log_member_view(request: HttpRequest, medlem) -> AuditEntry:
    return log_read(request, AuditAction.VIEW, obj=medlem, medlem_id=medlem.pk)


def log_member_list(request: HttpRequest, filters: dict, count: int, page: int) -> AuditEntry:
    return log_read(
        request, AuditAction.VIEW_LIST, data={"filter": filters, "antall": count, "side": page}
    )
