from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedlemmerConfig(AppConfig):
    name = "medlemmer"
    verbose_name = _("Medlemmer")
