"""Where a "next" parameter may send the user: only to a page of this site."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def own_url(request: HttpRequest, target: str) -> str | None:
    """``target`` if it is a URL on this site (same host, HTTPS kept), else None: an open
    redirect through ``?next=`` would lend the portal's name to any page."""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else None
