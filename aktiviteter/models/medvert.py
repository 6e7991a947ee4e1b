"""District cooperation: chapters of one district that host an activity together (a joint
meeting, a shared stand). The activity counts once for each host, and once for the county."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lokallag.models import Niva


class Medvert(models.Model):
    """A chapter that co-hosts another chapter's activity (the activity's ``enhet``)."""

    aktivitet = models.ForeignKey(
        "aktiviteter.Aktivitet",
        verbose_name=_("aktivitet"),
        on_delete=models.CASCADE,
        related_name="medverter",
    )
    lokallag = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("lokallag"),
        on_delete=models.CASCADE,
        related_name="medvertskap",
    )

    class Meta:
        verbose_name = _("medarrangør")
        verbose_name_plural = _("medarrangører")
        constraints = [
            models.UniqueConstraint(
                fields=["aktivitet", "lokallag"],
                name="medvert_en_gang_per_lag",
                violation_error_message=_("Laget er allerede medarrangør."),
            )
        ]
        indexes = [models.Index(fields=["lokallag", "aktivitet"])]

    def __str__(self) -> str:
        return f"{self.lokallag} – {self.aktivitet}"

    def clean(self) -> None:
        host = self.aktivitet.enhet
        if host.niva != Niva.LOKAL:
            raise ValidationError(_("Bare lokallagenes aktiviteter kan ha medarrangører."))
        if self.lokallag_id == host.pk:
            raise ValidationError({"lokallag": _("Laget er allerede arrangør.")})
        if self.lokallag.niva != Niva.LOKAL:
            raise ValidationError({"lokallag": _("Velg et lokallag.")})
        if host.distrikt_id is None or self.lokallag.distrikt_id != host.distrikt_id:
            raise ValidationError(
                {"lokallag": _("Medarrangører må høre til samme distrikt som arrangøren.")}
            )
