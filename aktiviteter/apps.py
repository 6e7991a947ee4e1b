from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AktiviteterConfig(AppConfig):
    name = "aktiviteter"
    verbose_name = _("Aktiviteter")
