from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base layer: the models every slice uses (the login user, the audit trail, periodic
    jobs, the data version, the fallback cache). Its label is the project's old one, so that
    the tables, the migration history, ``AUTH_USER_MODEL = "buskerud_sp.User"`` and the other
    apps' migration dependencies stay as they are."""

    name = "buskerud_sp.core"
    label = "buskerud_sp"
    verbose_name = _("Portal")
