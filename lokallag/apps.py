from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LokallagConfig(AppConfig):
    name = "lokallag"
    verbose_name = _("Lokallag")
