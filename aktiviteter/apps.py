from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AktiviteterConfig(AppConfig):
    name = "aktiviteter"
    verbose_name = _("Aktiviteter")

    def ready(self) -> None:
        from . import innsyn  # noqa: F401  (registers what the app holds about a member)
        from .dashbord import snapshot

        snapshot.connect_signals()
