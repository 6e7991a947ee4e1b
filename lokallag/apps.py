from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LokallagConfig(AppConfig):
    name = "lokallag"
    verbose_name = _("Lokallag")

    def ready(self) -> None:
        from . import innsyn  # noqa: F401  (registers what the app holds about a member)
