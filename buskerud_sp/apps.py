from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project shell: settings, urls, the Celery app, the home view, demo data, login and
    two-factor plumbing, the admin site, management commands and template tags. It owns no
    models (they live in ``buskerud_sp.core``, which keeps the label ``buskerud_sp``)."""

    name = "buskerud_sp"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers the checks, connects receivers)
