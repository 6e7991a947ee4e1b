"""Visits from the county: a board member or top candidate at a chapter's meeting or activity
(«besøk fra fylket»). The chapter tour («reiserunde») is planned as a set of such visits."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from lokallag.models import Niva


class Besoksrolle(models.TextChoices):
    FYLKESSTYRET = "fylkesstyret", _("Fylkesstyret")
    TOPPKANDIDAT = "toppkandidat", _("Toppkandidat")
    STORTINGSREPRESENTANT = "stortingsrepresentant", _("Stortingsrepresentant")
    ANNET = "annet", _("Annen fra fylkeslaget")


class BesokQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Visits are seen with their activity."""
        from .aktivitet import Aktivitet

        return self.filter(aktivitet__in=Aktivitet.objects.visible_to(user))


class Besok(models.Model):
    """One visitor from the county at one activity in a chapter."""

    aktivitet = models.ForeignKey(
        "aktiviteter.Aktivitet",
        verbose_name=_("aktivitet"),
        on_delete=models.CASCADE,
        related_name="besok",
    )
    medlem = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("hvem"),
        on_delete=models.CASCADE,
        related_name="besok",
    )
    rolle = models.CharField(
        _("som"), max_length=30, choices=Besoksrolle.choices, default=Besoksrolle.FYLKESSTYRET
    )
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)

    objects = BesokQuerySet.as_manager()

    class Meta:
        verbose_name = _("besøk fra fylket")
        verbose_name_plural = _("besøk fra fylket")
        ordering = ["aktivitet__dato", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["aktivitet", "medlem"],
                name="besok_en_gang_per_aktivitet",
                violation_error_message=_("Personen er allerede ført opp som besøkende."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.medlem} – {self.aktivitet}"

    def clean(self) -> None:
        aktivitet = self.aktivitet
        if aktivitet.enhet.niva != Niva.LOKAL and aktivitet.vertslag_id is None:
            raise ValidationError(
                _("Besøk føres på aktiviteter i et lokallag (eller holdt ute i et lokallag).")
            )


def har_besok():
    """An ``Exists`` for annotating activities that had (or will have) a visitor."""
    return Exists(Besok.objects.filter(aktivitet=OuterRef("pk")))
