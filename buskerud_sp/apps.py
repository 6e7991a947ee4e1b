from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "buskerud_sp"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers the checks, connects receivers)
