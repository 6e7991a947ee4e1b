"""The date plan («datoplan»): the year's overall timeline the board makes concrete and sends
to the chapters. Every change is kept as a version; each publication records which version
went out and, through its deliveries, who received it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.models.typer import Status
from buskerud_sp.core.access import access_for

# The summer break: items from 1 July on belong to the second half of the timeline.
SOMMER_START_MAANED = 7


class Punkttype(models.TextChoices):
    VALGKAMP = "valgkamp", _("Valgkamp")
    REISERUNDE = "reiserunde", _("Reiserunde i lokallaga")
    KANDIDATSKOLERING = "kandidatskolering", _("Kandidatskolering")
    MEDIEKURS = "mediekurs", _("Kurs i mediearbeid")
    LOKALLAGSLEDERSAMLING = "lokallagsledersamling", _("Lokallagsledersamling")
    VALGKAMPAPNING = "valgkampapning", _("Valgkampåpning")
    NYE_FOLKEVALGTE = "nye_folkevalgte", _("Samling for nye folkevalgte")
    FYLKESSTYREMOTE = "fylkesstyremote", _("Fylkesstyremøte")
    FYLKESARSMOTE = "fylkesarsmote", _("Fylkesårsmøte")
    ARSMOTEFRIST = "arsmotefrist", _("Frist for lokallagenes årsmøter")
    ANNET = "annet", _("Annet")


class Fase(models.TextChoices):
    FOR_SOMMEREN = "for", _("Før sommeren")
    ETTER_SOMMEREN = "etter", _("Etter sommeren")


class Malgruppe(models.TextChoices):
    ALLE_LOKALLAG = "alle_lokallag", _("Alle lokallag")
    LOKALLAGSLEDERE = "lokallagsledere", _("Lokallagsledere")
    KANDIDATER = "kandidater", _("Kandidater")
    STYRET = "styret", _("Fylkesstyret")
    ALLE_MEDLEMMER = "alle_medlemmer", _("Alle medlemmer")


def fase_for(dato: datetime.date) -> str:
    return Fase.FOR_SOMMEREN if dato.month < SOMMER_START_MAANED else Fase.ETTER_SOMMEREN


class DatoplanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everyone logged in reads the date plan (see buskerud_sp.core.access)."""
        return self if access_for(user).is_authenticated else self.none()


class Datoplan(models.Model):
    """The date plan of one year."""

    aar = models.PositiveSmallIntegerField(_("år"), unique=True)
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)

    objects = DatoplanQuerySet.as_manager()

    class Meta:
        verbose_name = _("datoplan")
        verbose_name_plural = _("datoplaner")
        ordering = ["-aar"]

    def __str__(self) -> str:
        return f"Datoplan {self.aar}"

    def get_absolute_url(self) -> str:
        return reverse("datoplan:index") + f"?aar={self.aar}"

    def siste_versjon(self) -> Datoplanversjon | None:
        return self.versjoner.order_by("-nummer").first()

    def siste_utsending(self) -> Datoplanutsending | None:
        return self.utsendinger.select_related("versjon").order_by("-pk").first()


class DatoplanpunktQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if access_for(user).is_authenticated else self.none()

    def with_end(self):
        return self.annotate(slutt=Coalesce("til_dato", "fra_dato"))

    def for_timeline(self):
        return self.select_related(
            "plan", "ansvarlig_enhet", "ansvarlig_person", "aktivitet"
        ).order_by("fra_dato", "pk")

    def planlagte(self):
        return self.filter(status=Status.PLANLAGT)

    def forfalt(self, dato: datetime.date | None = None):
        """Planned items whose last day has passed: held or cancelled, nobody has said which."""
        dato = dato or timezone.localdate()
        return self.planlagte().with_end().filter(slutt__lt=dato)


class Datoplanpunkt(models.Model):
    """One item of the date plan: an event or a period (a campaign, a tour of the chapters)."""

    plan = models.ForeignKey(
        Datoplan, verbose_name=_("datoplan"), on_delete=models.CASCADE, related_name="punkter"
    )
    tittel = models.CharField(_("tittel"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=Punkttype.choices)
    fra_dato = models.DateField(_("dato (fra)"))
    til_dato = models.DateField(
        _("til dato"), null=True, blank=True, help_text=_("Bare for punkter som varer flere dager.")
    )
    fase = models.CharField(
        _("fase"),
        max_length=10,
        choices=Fase.choices,
        blank=True,
        help_text=_("Tomt: etter datoen (fra 1. juli er det etter sommeren)."),
    )
    ansvarlig_enhet = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("ansvarlig lag"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datoplanpunkter",
    )
    ansvarlig_person = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("ansvarlig person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datoplanansvar",
    )
    malgruppe = models.CharField(
        _("målgruppe"), max_length=20, choices=Malgruppe.choices, default=Malgruppe.ALLE_LOKALLAG
    )
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANLAGT
    )
    aktivitet = models.ForeignKey(
        "aktiviteter.Aktivitet",
        verbose_name=_("aktiviteten"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datoplanpunkter",
        help_text=_("Aktiviteten der punktet ble gjennomført."),
    )
    endret = models.DateTimeField(_("endret"), auto_now=True)

    objects = DatoplanpunktQuerySet.as_manager()

    class Meta:
        verbose_name = _("datoplanpunkt")
        verbose_name_plural = _("datoplanpunkter")
        ordering = ["fra_dato", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__isnull=True) | Q(til_dato__gte=F("fra_dato")),
                name="datoplanpunkt_til_etter_fra",
                violation_error_message=_("Til-datoen kan ikke være før fra-datoen."),
            ),
        ]
        indexes = [models.Index(fields=["plan", "fra_dato"])]

    def __str__(self) -> str:
        return f"{self.tittel} ({self.fra_dato:%d.%m.%Y})"

    @property
    def slutt_dato(self) -> datetime.date:
        return self.til_dato or self.fra_dato

    @property
    def sommerfase(self) -> str:
        return self.fase or fase_for(self.fra_dato)

    def er_passert(self, dato: datetime.date | None = None) -> bool:
        return self.slutt_dato < (dato or timezone.localdate())

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.til_dato and self.fra_dato and self.til_dato < self.fra_dato:
            errors["til_dato"] = _("Til-datoen kan ikke være før fra-datoen.")
        if self.plan_id and self.fra_dato and self.fra_dato.year != self.plan.aar:
            errors["fra_dato"] = _("Datoen må være i %(aar)s, året for datoplanen.") % {
                "aar": self.plan.aar
            }
        if self.status == Status.AVHOLDT and self.fra_dato and self.fra_dato > timezone.localdate():
            errors["status"] = _("Et punkt fram i tid kan ikke være avholdt.")
        if errors:
            raise ValidationError(errors)

    def snapshot(self) -> dict:
        """The item as plain data, for versions, diffs, the PDF and the .ics of a version."""
        return {
            "id": self.pk,
            "tittel": self.tittel,
            "type": self.type,
            "fra_dato": self.fra_dato.isoformat(),
            "til_dato": self.til_dato.isoformat() if self.til_dato else None,
            "fase": self.sommerfase,
            "ansvarlig_enhet": self.ansvarlig_enhet.navn if self.ansvarlig_enhet else "",
            "ansvarlig_person": self.ansvarlig_person.navn if self.ansvarlig_person else "",
            "malgruppe": self.malgruppe,
            "beskrivelse": self.beskrivelse,
            "status": self.status,
            "aktivitet_id": self.aktivitet_id,
            "endret": self.endret.isoformat() if self.endret else None,
        }


class Datoplanversjon(models.Model):
    """The plan after one change: who changed what, when, and the whole plan as it then was."""

    plan = models.ForeignKey(
        Datoplan, verbose_name=_("datoplan"), on_delete=models.CASCADE, related_name="versjoner"
    )
    nummer = models.PositiveIntegerField(_("versjon"))
    laget = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    laget_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endret av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A list of changes: {"id", "tittel", "handling", "felt": {field: [old, new]}}.
    endringer = models.JSONField(_("endringer"), default=list)
    # Every item's snapshot (Datoplanpunkt.snapshot) at this version.
    innhold = models.JSONField(_("innhold"), default=list)

    class Meta:
        verbose_name = _("datoplanversjon")
        verbose_name_plural = _("datoplanversjoner")
        ordering = ["plan", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="datoplanversjon_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.nummer}"


class Datoplanutsending(models.Model):
    """One publication of the plan to the chapter leaders. The first sends the whole plan;
    later ones send what changed since the previous publication."""

    plan = models.ForeignKey(
        Datoplan, verbose_name=_("datoplan"), on_delete=models.CASCADE, related_name="utsendinger"
    )
    versjon = models.ForeignKey(
        Datoplanversjon,
        verbose_name=_("versjon"),
        on_delete=models.PROTECT,
        related_name="utsendinger",
    )
    forrige = models.ForeignKey(
        "self",
        verbose_name=_("forrige utsending"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    publisert = models.DateTimeField(_("sendt ut"), default=timezone.now)
    publisert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt ut av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What changed since the previous publication (the same shape as a version's changes).
    endringer = models.JSONField(_("endringer siden forrige utsending"), default=list)

    class Meta:
        verbose_name = _("utsending av datoplan")
        verbose_name_plural = _("utsendinger av datoplan")
        ordering = ["-publisert", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["versjon"], name="datoplanutsending_en_per_versjon"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.versjon.nummer} ({self.publisert:%d.%m.%Y})"

    @property
    def fullstendig(self) -> bool:
        return self.forrige_id is None
