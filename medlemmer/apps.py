from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedlemmerConfig(AppConfig):
    name = "medlemmer"
    verbose_name = _("Medlemmer")

    def ready(self) -> None:
        from buskerud_sp.core import access
        from lokallag import innsyn as lokallag_innsyn
        from lokallag import providers

        from . import innsyn
        from .access import member_and_offices
        from .models import Medlem

        # The base layer resolves who may see what without importing this app.
        access.register(member_and_offices)
        # lokallag (the layer below) shows members without importing this app, and hands over
        # what it holds about a member for the right of access.
        providers.register_members(members=Medlem.objects.all)
        for key, section, covers, title in lokallag_innsyn.SECTIONS:
            innsyn.register(key, section, covers, title=title, labels=lokallag_innsyn.LABELS)
