"""Audit for Django admin pages that name members, shared by the apps' admin modules."""

from django.http import HttpRequest, HttpResponse

from . import audit_reads


def audit_admin_list(request: HttpRequest, response: HttpResponse, label: str) -> None:
    """Audit an admin change list that names members, with its search and filters, like the
    portal's member lists. Nothing is written when no list was shown (a redirect after an
    action)."""
    context = getattr(response, "context_data", None) or {}
    changelist = context.get("cl")
    if changelist is None:
        return
    params = {
        key: value if isinstance(value, str) else list(value)
        for key, value in changelist.params.items()
    }
    audit_reads.log_member_list(
        request, {"admin": label, **params}, changelist.result_count, changelist.page_num
    )
