"""Media appearances registered by the chapters' officers: op-eds, interviews, letters to the
editor, local radio. The campaign's meetings with local media are activities
(``Aktivitetstype.LOKALMEDIA``) and are counted beside these."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Medietype(models.TextChoices):
    KRONIKK = "kronikk", _("Kronikk")
    LESERINNLEGG = "leserinnlegg", _("Leserinnlegg")
    INTERVJU = "intervju", _("Intervju / reportasje")
    LOKALRADIO = "lokalradio", _("Lokalradio / nett-TV")


class MedieoppslagQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The board and admins see all; a chapter's officers their chapter's."""
        from buskerud_sp.core.access import access_for

        access = access_for(user)
        if access.sees_all_chapters:
            return self
        return self.filter(lokallag_id__in=access.officer_chapter_ids)

    def managed_by(self, user):
        """Those of the units the user registers for (see ``Lokallag.objects.managed_by``)."""
        from lokallag.models import Lokallag

        return self.filter(lokallag__in=Lokallag.objects.managed_by(user))

    def i_aar(self, aar: int):
        return self.filter(dato__year=aar)


class Medieoppslag(models.Model):
    lokallag = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("lag"),
        on_delete=models.PROTECT,
        related_name="medieoppslag",
    )
    type = models.CharField(_("type"), max_length=20, choices=Medietype.choices)
    dato = models.DateField(_("dato"))
    medium = models.CharField(
        _("medium"), max_length=120, help_text=_("For eksempel «Drammens Tidende».")
    )
    tittel = models.CharField(_("tittel eller tema"), max_length=200)
    lenke = models.URLField(_("lenke"), blank=True, max_length=500)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)
    endret = models.DateTimeField(_("endret"), auto_now=True)

    objects = MedieoppslagQuerySet.as_manager()

    class Meta:
        verbose_name = _("medieoppslag")
        verbose_name_plural = _("medieoppslag")
        ordering = ["-dato", "-pk"]
        indexes = [models.Index(fields=["lokallag", "-dato"]), models.Index(fields=["dato"])]
        constraints = [
            models.CheckConstraint(condition=~Q(medium=""), name="medieoppslag_har_medium"),
        ]

    def __str__(self) -> str:
        return f"{self.tittel} ({self.medium}, {self.dato:%d.%m.%Y})"

    def clean(self) -> None:
        if self.dato and self.dato > timezone.localdate():
            raise ValidationError({"dato": _("Registrer oppslaget når det har stått på trykk.")})
