"""System checks of the portal's own settings (``manage.py check``, ``check --deploy``)."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def check_trusted_proxy_count(app_configs=None, **kwargs) -> list[CheckMessage]:
    """A proxy count of 0 behind a proxy puts every user behind one IP address: one attacker
    then exhausts the login rate limits for all. Only an explicit declaration allows 0, and
    that declaration allows nothing but 0 (the forwarded headers are then the client's own)."""
    if settings.SERVED_WITHOUT_PROXY and settings.ALLAUTH_TRUSTED_PROXY_COUNT > 0:
        return [
            Error(
                "SERVED_WITHOUT_PROXY is true but ALLAUTH_TRUSTED_PROXY_COUNT is "
                f"{settings.ALLAUTH_TRUSTED_PROXY_COUNT}: without a proxy the X-Forwarded-For "
                "header comes from the client, who then picks a new address for every login "
                "attempt and escapes the rate limits.",
                hint=(
                    "Set ALLAUTH_TRUSTED_PROXY_COUNT=0 when clients connect straight to "
                    "gunicorn, or remove SERVED_WITHOUT_PROXY when a proxy is in front."
                ),
                id="buskerud_sp.E002",
            )
        ]
    if settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0 and not settings.SERVED_WITHOUT_PROXY:
        return [
            Error(
                "ALLAUTH_TRUSTED_PROXY_COUNT is 0: behind a reverse proxy all users share the "
                "proxy's IP address, and the login rate limits lock everyone out together.",
                hint=(
                    "Set ALLAUTH_TRUSTED_PROXY_COUNT to the number of proxies in front of the "
                    "portal (1 behind one nginx/Caddy), or SERVED_WITHOUT_PROXY=true if clients "
                    "connect straight to gunicorn."
                ),
                id="buskerud_sp.E001",
            )
        ]
    return []
