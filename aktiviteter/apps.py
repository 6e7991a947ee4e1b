from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AktiviteterConfig(AppConfig):
    name = "aktiviteter"
    verbose_name = _("Aktiviteter")

    def ready(self) -> None:
        from lokallag import providers

        from . import innsyn  # noqa: F401  (registers what the app holds about a member)
        from .dashbord import snapshot
        from .models import Aktivitet
        from .models.aktivitet import reiserundestopp

        snapshot.connect_signals()
        # lokallag (the layer below) shows activities without importing this app.
        providers.register_activities(
            activities=Aktivitet.objects.all, new_tour_stop=reiserundestopp
        )
