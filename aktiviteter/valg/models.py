"""Election years («valgår»): the elections, the campaign committee's plan with goals per
chapter, the stand rosters with their shifts and sign-ups, and the party's results per
municipality.

Norway votes every odd year: local and county elections (kommunestyre- og fylkestingsvalg),
then the Storting. A ``Valg`` is one election day; its campaign plan is a set of
``Valgkampmaal`` (a chapter's goal of one kind, with a deadline counted back from election
day); its stands are activities (``Aktivitet`` of a ``VAKTTYPER`` type) with ``Vakt`` rows
members take (``Vaktpamelding``); its results are ``Valgresultat`` rows per ``Kommune``.

Who may see and change what is decided here, in the querysets, from ``Access``: the board and
admins see every chapter; a chapter's officers and campaign committee their chapter's; the
county's campaign committee plans for every chapter.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.models.typer import Aktivitetstype
from buskerud_sp.core.access import Access, access_for
from lokallag.models import Lokallag, Niva


class Kommune(models.Model):
    """A municipality the county keeps results for, by today's number; ``tidligere_nummer``
    holds the numbers it (or what merged into it) had before the reforms of 2020 and 2024, so an
    older result file finds it."""

    nummer = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    navn = models.CharField(_("navn"), max_length=100)
    tidligere_nummer = models.JSONField(_("tidligere kommunenummer"), default=list, blank=True)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["navn"]

    def __str__(self) -> str:
        return f"{self.navn} ({self.nummer})"


class Valgtype(models.TextChoices):
    KOMMUNE_FYLKE = "kommune_fylke", _("Kommunestyre- og fylkestingsvalg")
    STORTING = "storting", _("Stortingsvalg")


class ValgQuerySet(models.QuerySet):
    def for_aar(self, aar: int):
        return self.filter(dato__year=aar)

    def kommende(self, dato: datetime.date):
        return self.filter(dato__gte=dato).order_by("dato")


class Valg(models.Model):
    """One election: its type and election day. The campaign counts from ``kampanjestart``."""

    type = models.CharField(_("valg"), max_length=20, choices=Valgtype.choices)
    dato = models.DateField(_("valgdag"))
    kampanjestart = models.DateField(
        _("valgkampen teller fra"),
        help_text=_("Aktiviteter fra og med denne dagen teller mot valgkampmålene."),
    )

    objects = ValgQuerySet.as_manager()

    class Meta:
        verbose_name = _("valg")
        verbose_name_plural = _("valg")
        ordering = ["-dato"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "dato"],
                name="valg_en_per_type_og_dag",
                violation_error_message=_("Dette valget finnes allerede."),
            ),
            models.CheckConstraint(
                condition=Q(kampanjestart__lte=F("dato")),
                name="valg_kampanjestart_for_valgdagen",
                violation_error_message=_("Valgkampen må begynne før valgdagen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.dato.year}"

    def get_absolute_url(self) -> str:
        return reverse("valg:detail", kwargs={"pk": self.pk})

    @property
    def aar(self) -> int:
        return self.dato.year

    def forrige(self) -> Valg | None:
        """The election of the same type before this one (the results compare with it)."""
        return Valg.objects.filter(type=self.type, dato__lt=self.dato).order_by("-dato").first()

    def clean(self) -> None:
        if self.kampanjestart and self.dato and self.kampanjestart > self.dato:
            raise ValidationError({"kampanjestart": _("Valgkampen må begynne før valgdagen.")})


class Maalart(models.TextChoices):
    """The kinds of campaign goal the plan sets per chapter. Each but social media is counted
    from the chapter's activities of its type (``AKTIVITETSTYPE``); social media is reported."""

    STAND = "stand", _("Stand")
    DOR_TIL_DOR = "dor_til_dor", _("Dør-til-dør")
    VALGTORG = "valgtorg", _("Valgtorg på skolene")
    LOKALMEDIA = "lokalmedia", _("Møter med lokalmedia")
    SOSIALE_MEDIER = "sosiale_medier", _("Innlegg i sosiale medier")


AKTIVITETSTYPE: dict[str, str] = {
    Maalart.STAND: Aktivitetstype.STAND,
    Maalart.DOR_TIL_DOR: Aktivitetstype.DOR_TIL_DOR,
    Maalart.VALGTORG: Aktivitetstype.VALGTORG,
    Maalart.LOKALMEDIA: Aktivitetstype.LOKALMEDIA,
}


def _county_id() -> int | None:
    return Lokallag.objects.fylkeslag().values_list("pk", flat=True).first()


class ValgkampmaalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The board, admins and the county's campaign committee see every chapter's goals; a
        chapter's officers and its campaign committee their chapter's."""
        access = access_for(user)
        if access.sees_all_chapters:
            return self
        ids = access.officer_chapter_ids | access.campaign_unit_ids
        if not ids:
            return self.none()
        if _county_id() in access.campaign_unit_ids:
            return self
        return self.filter(lokallag_id__in=ids)

    def editable_by(self, user):
        """Who makes the plan: admins and the county's campaign committee for every chapter, a
        chapter's campaign committee for its own chapter."""
        access = access_for(user)
        if access.is_admin:
            return self
        if not access.campaign_unit_ids:
            return self.none()
        if _county_id() in access.campaign_unit_ids:
            return self
        return self.filter(lokallag_id__in=access.campaign_unit_ids)


class Valgkampmaal(models.Model):
    """One goal of the campaign plan: ``antall`` of a kind for a chapter, due ``dager_for``
    days before election day."""

    valg = models.ForeignKey(
        Valg, verbose_name=_("valg"), on_delete=models.CASCADE, related_name="maal"
    )
    lokallag = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("lokallag"),
        on_delete=models.CASCADE,
        related_name="valgkampmaal",
        limit_choices_to={"niva": Niva.LOKAL},
    )
    art = models.CharField(_("mål"), max_length=20, choices=Maalart.choices)
    antall = models.PositiveSmallIntegerField(
        _("antall"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    dager_for = models.PositiveSmallIntegerField(
        _("frist (dager før valgdagen)"), validators=[MaxValueValidator(365)]
    )
    # For kinds not counted from activities (social media): what the chapter reports.
    rapportert = models.PositiveSmallIntegerField(_("rapportert så langt"), null=True, blank=True)
    rapportert_dato = models.DateField(_("rapportert"), null=True, blank=True)
    endret = models.DateTimeField(_("endret"), auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endret av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ValgkampmaalQuerySet.as_manager()

    class Meta:
        verbose_name = _("valgkampmål")
        verbose_name_plural = _("valgkampmål")
        ordering = ["valg", "lokallag__navn", "dager_for", "art"]
        constraints = [
            models.UniqueConstraint(
                fields=["valg", "lokallag", "art"],
                name="valgkampmaal_ett_per_art",
                violation_error_message=_("Laget har allerede et mål av denne typen."),
            ),
            models.CheckConstraint(condition=Q(antall__gte=1), name="valgkampmaal_antall_minst_en"),
        ]

    def __str__(self) -> str:
        return f"{self.lokallag}: {self.antall} × {self.get_art_display()}"

    @property
    def frist(self) -> datetime.date:
        return self.valg.dato - datetime.timedelta(days=self.dager_for)

    @property
    def aktivitetstype(self) -> str | None:
        return AKTIVITETSTYPE.get(self.art)


class Vakt(models.Model):
    """A shift on a stand (or another campaign activity with a roster): its time and how many
    people it needs. The activity gives the day, place and unit."""

    aktivitet = models.ForeignKey(
        "aktiviteter.Aktivitet",
        verbose_name=_("aktivitet"),
        on_delete=models.CASCADE,
        related_name="vakter",
    )
    start = models.TimeField(_("fra kl."))
    slutt = models.TimeField(_("til kl."))
    plasser = models.PositiveSmallIntegerField(
        _("antall personer"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    oppgave = models.CharField(
        _("oppgave"), max_length=120, blank=True, help_text=_("F.eks. «rigge opp» eller «dele ut»")
    )

    class Meta:
        verbose_name = _("vakt")
        verbose_name_plural = _("vakter")
        ordering = ["aktivitet", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(slutt__gt=F("start")),
                name="vakt_slutt_etter_start",
                violation_error_message=_("Vakten må slutte etter at den begynner."),
            ),
            models.CheckConstraint(condition=Q(plasser__gte=1), name="vakt_minst_en_plass"),
        ]

    def __str__(self) -> str:
        return f"{self.aktivitet.tittel} {self.start:%H:%M}–{self.slutt:%H:%M}"

    def clean(self) -> None:
        if self.start and self.slutt and self.slutt <= self.start:
            raise ValidationError({"slutt": _("Vakten må slutte etter at den begynner.")})


class Pameldingskilde(models.TextChoices):
    PORTAL = "portal", _("I portalen")
    LENKE = "lenke", _("Fra invitasjonslenke")
    LEDER = "leder", _("Ført opp av lederen")


class Vaktpamelding(models.Model):
    """A member who took a shift."""

    vakt = models.ForeignKey(
        Vakt, verbose_name=_("vakt"), on_delete=models.CASCADE, related_name="pameldinger"
    )
    medlem = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("medlem"),
        on_delete=models.CASCADE,
        related_name="vaktpameldinger",
    )
    kilde = models.CharField(
        _("meldt på"),
        max_length=10,
        choices=Pameldingskilde.choices,
        default=Pameldingskilde.PORTAL,
    )
    opprettet = models.DateTimeField(_("meldt på"), auto_now_add=True)

    class Meta:
        verbose_name = _("påmelding til vakt")
        verbose_name_plural = _("påmeldinger til vakter")
        ordering = ["vakt", "opprettet", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vakt", "medlem"],
                name="vaktpamelding_en_per_medlem",
                violation_error_message=_("Du har allerede tatt denne vakten."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.medlem} – {self.vakt}"


def leser_resultater(access: Access) -> bool:
    """Who reads the election results: the board, admins, every chapter's officers and the
    campaign committees (results are public figures; plain members have no page for them)."""
    return access.sees_all_chapters or access.is_officer or bool(access.campaign_unit_ids)


class ValgresultatQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every row for those who read results (``leser_resultater``), none for the others."""
        return self if leser_resultater(access_for(user)) else self.none()

    def editable_by(self, user):
        """Admins enter and import the results."""
        return self if access_for(user).is_admin else self.none()


class Valgresultat(models.Model):
    """The party's result in one municipality at one election. ``godkjente_stemmer`` (all valid
    votes cast there) lets the county's share be computed exactly; when it is missing, the
    share is estimated from ``stemmer`` and ``andel``."""

    valg = models.ForeignKey(
        Valg, verbose_name=_("valg"), on_delete=models.CASCADE, related_name="resultater"
    )
    kommune = models.ForeignKey(
        Kommune, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="resultater"
    )
    stemmer = models.PositiveIntegerField(_("stemmer"))
    godkjente_stemmer = models.PositiveIntegerField(
        _("godkjente stemmer i alt"), null=True, blank=True
    )
    andel = models.DecimalField(
        _("oppslutning (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    mandater = models.PositiveSmallIntegerField(_("mandater"), null=True, blank=True)
    demo = models.BooleanField(
        _("demotall"), default=False, help_text=_("Oppdiktede tall fra demodataene.")
    )
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endret = models.DateTimeField(_("endret"), auto_now=True)

    objects = ValgresultatQuerySet.as_manager()

    class Meta:
        verbose_name = _("valgresultat")
        verbose_name_plural = _("valgresultater")
        ordering = ["valg", "kommune__navn"]
        constraints = [
            models.UniqueConstraint(
                fields=["valg", "kommune"],
                name="valgresultat_ett_per_kommune",
                violation_error_message=_("Kommunen har allerede et resultat for dette valget."),
            ),
            models.CheckConstraint(
                condition=Q(andel__gte=0) & Q(andel__lte=100),
                name="valgresultat_andel_prosent",
                violation_error_message=_("Oppslutningen må være mellom 0 og 100 prosent."),
            ),
            models.CheckConstraint(
                condition=Q(godkjente_stemmer__isnull=True)
                | Q(godkjente_stemmer__gte=F("stemmer")),
                name="valgresultat_stemmer_av_godkjente",
                violation_error_message=_(
                    "Partiets stemmer kan ikke være flere enn de godkjente stemmene."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valg}: {self.kommune.navn} {self.andel} %"
