"""AdHoc groups: working groups on a political topic for a period, with members and meetings."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokallag.models import UnitScopedQuerySet


class AdHocGruppeQuerySet(UnitScopedQuerySet):
    # Admins and the board see all groups; a chapter's officers their chapter's groups.
    unit_field = "enhet"

    def aktive(self, dato: datetime.date | None = None):
        dato = dato or timezone.localdate()
        return self.filter(Q(til_dato__isnull=True) | Q(til_dato__gte=dato), fra_dato__lte=dato)


class AdHocGruppe(models.Model):
    """A group set up by a unit (usually the county board) to work on one topic."""

    tema = models.CharField(_("tema"), max_length=200)
    beskrivelse = models.TextField(_("mandat"), blank=True)
    enhet = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("oppnevnt av"),
        on_delete=models.PROTECT,
        related_name="adhoc_grupper",
    )
    leder = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("leder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leder_adhoc_grupper",
    )
    medlemmer = models.ManyToManyField(
        "medlemmer.Medlem", verbose_name=_("medlemmer"), related_name="adhoc_grupper", blank=True
    )
    fra_dato = models.DateField(_("aktiv fra"))
    til_dato = models.DateField(_("aktiv til"), null=True, blank=True)

    objects = AdHocGruppeQuerySet.as_manager()

    class Meta:
        verbose_name = _("AdHoc-gruppe")
        verbose_name_plural = _("AdHoc-grupper")
        ordering = ["-fra_dato", "tema"]
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__isnull=True) | Q(til_dato__gte=models.F("fra_dato")),
                name="adhoc_til_etter_fra",
                violation_error_message=_("Sluttdato kan ikke være før startdato."),
            )
        ]

    def __str__(self) -> str:
        return self.tema

    def get_absolute_url(self) -> str:
        return reverse("aktiviteter:group_detail", kwargs={"pk": self.pk})

    def er_aktiv(self, dato: datetime.date | None = None) -> bool:
        dato = dato or timezone.localdate()
        return self.fra_dato <= dato and (self.til_dato is None or self.til_dato >= dato)
