from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedlemmerConfig(AppConfig):
    name = "medlemmer"
    verbose_name = _("Medlemmer")

    def ready(self) -> None:
        from buskerud_sp.core import access

        from .access import member_and_offices

        access.register(member_and_offices)
