"""The organisation: districts, chapters (and the county as a unit of its own), and offices.
The chapters' follow-up builds on these (``lokallag/oppfolging/models.py``); nothing here
knows of it."""

import datetime

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buskerud_sp.core.querysets import ScopedQuerySet


class Distrikt(models.Model):
    """A group of neighbouring chapters, represented on the county board."""

    navn = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnavn"), unique=True)
    rekkefolge = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        verbose_name = _("distrikt")
        verbose_name_plural = _("distrikter")
        ordering = ["rekkefolge", "navn"]

    def __str__(self) -> str:
        return self.navn


class Organisasjon(models.TextChoices):
    SENTERPARTIET = "sp", _("Senterpartiet")
    SENTERUNGDOMMEN = "su", _("Senterungdommen")
    SENTERKVINNENE = "sk", _("Senterkvinnene")


class Niva(models.TextChoices):
    FYLKE = "fylke", _("Fylkeslag")
    LOKAL = "lokal", _("Lokallag")


class ByEllerBygd(models.TextChoices):
    """Whether a chapter's municipality is a town or a village, for the plan's balance between
    the towns and the villages."""

    BY = "by", _("By")
    BYGD = "bygd", _("Bygd")


class UnitScopedQuerySet(ScopedQuerySet):
    """``visible_to``/``managed_by`` for rows of a unit: the board manages the county's."""

    county_lookup = ("niva", Niva.FYLKE)


class LokallagQuerySet(UnitScopedQuerySet):
    # The units themselves: a member reads their own chapter too.
    unit_field = ""
    visible_chapters = "readable_chapter_ids"

    def lokallag(self):
        """Chapters only, without the county unit."""
        return self.filter(niva=Niva.LOKAL)

    def fylkeslag(self):
        return self.filter(niva=Niva.FYLKE)

    def aktive(self):
        return self.filter(aktiv=True)

    def med_ansvarlig(self, dato: datetime.date | None = None):
        """Annotate ``ansvarlig_id``: the board member who follows the chapter up. That is the
        member chosen for the chapter while they sit on the county board, and otherwise the
        representative of the chapter's district (the longest-serving one if there are two)."""
        dato = dato or timezone.localdate()
        county_offices = Verv.objects.aktive(dato).filter(enhet__niva=Niva.FYLKE)
        on_board = county_offices.filter(
            rolle__in=FYLKESSTYREVERV, medlem_id=OuterRef("oppfolgingsansvarlig")
        )
        representative = (
            county_offices.filter(rolle=Rolle.DISTRIKTSREPRESENTANT, distrikt=OuterRef("distrikt"))
            .order_by("fra_dato", "pk")
            .values("medlem_id")[:1]
        )
        chosen = Case(
            When(Exists(on_board), then=F("oppfolgingsansvarlig")),
            default=Value(None),
            output_field=models.BigIntegerField(),
        )
        return self.annotate(
            ansvarlig_id=Coalesce(
                chosen, Subquery(representative), output_field=models.BigIntegerField()
            )
        )

    def ansvar_for(self, medlem_id: int | None, dato: datetime.date | None = None):
        """The chapters this member follows up (see ``med_ansvarlig``)."""
        if medlem_id is None:
            return self.none()
        return self.med_ansvarlig(dato).filter(ansvarlig_id=medlem_id)


class Lokallag(models.Model):
    """An organisational unit: a chapter in a municipality, or the county branch itself."""

    navn = models.CharField(_("navn"), max_length=120)
    slug = models.SlugField(_("kortnavn"), unique=True, max_length=80)
    niva = models.CharField(_("nivå"), max_length=10, choices=Niva.choices, default=Niva.LOKAL)
    organisasjon = models.CharField(
        _("organisasjon"),
        max_length=2,
        choices=Organisasjon.choices,
        default=Organisasjon.SENTERPARTIET,
    )
    kommunenummer = models.CharField(_("kommunenummer"), max_length=4, blank=True)
    kommune = models.CharField(_("kommune"), max_length=100, blank=True)
    distrikt = models.ForeignKey(
        Distrikt,
        verbose_name=_("distrikt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lokallag",
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)
    epost = models.EmailField(_("kontakt-e-post"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    facebook_oppdatert = models.DateField(_("Facebook sist oppdatert"), null=True, blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    instagram_oppdatert = models.DateField(_("Instagram sist oppdatert"), null=True, blank=True)
    hjemmeside_url = models.URLField(_("hjemmeside"), blank=True)
    hjemmeside_oppdatert = models.DateField(_("hjemmeside sist oppdatert"), null=True, blank=True)
    by_eller_bygd = models.CharField(
        _("by eller bygd"), max_length=4, choices=ByEllerBygd.choices, default=ByEllerBygd.BYGD
    )
    oppfolgingsansvarlig = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("ansvarlig i fylkesstyret"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="oppfolgingsansvar_for",
        help_text=_("Tomt: distriktsrepresentanten for lagets distrikt."),
    )

    objects = LokallagQuerySet.as_manager()

    class Meta:
        verbose_name = _("lokallag")
        verbose_name_plural = _("lokallag")
        ordering = ["navn"]
        constraints = [
            models.UniqueConstraint(
                fields=["niva"], condition=Q(niva="fylke"), name="lokallag_ett_fylkeslag"
            ),
        ]

    def __str__(self) -> str:
        return self.navn

    def get_absolute_url(self) -> str:
        return reverse("lokallag:detail", kwargs={"slug": self.slug})

    @property
    def er_fylkeslag(self) -> bool:
        return self.niva == Niva.FYLKE


class Rolle(models.TextChoices):
    LEDER = "leder", _("Leder")
    NESTLEDER = "nestleder", _("Nestleder")
    SEKRETAER = "sekretaer", _("Sekretær")
    KASSERER = "kasserer", _("Kasserer")
    STUDIELEDER = "studieleder", _("Studieleder")
    STYREMEDLEM = "styremedlem", _("Styremedlem")
    VARAMEDLEM = "varamedlem", _("Varamedlem")
    SENTERKVINNEKONTAKT = "senterkvinnekontakt", _("Senterkvinnekontakt")
    VERVEKONTAKT = "vervekontakt", _("Vervekontakt")
    DISTRIKTSREPRESENTANT = "distriktsrepresentant", _("Distriktsrepresentant")
    FYLKESLEDER = "fylkesleder", _("Fylkesleder")
    FYLKESSTYREMEDLEM = "fylkesstyremedlem", _("Fylkesstyremedlem")
    FYLKESSTUDIELEDER = "fylkesstudieleder", _("Fylkesstudieleder")
    VALGKOMITELEDER = "valgkomiteleder", _("Leder av valgkomiteen")
    VALGKOMITEMEDLEM = "valgkomitemedlem", _("Medlem av valgkomiteen")
    VALGKAMPLEDER = "valgkampleder", _("Leder av valgkamputvalget")
    VALGKAMPMEDLEM = "valgkampmedlem", _("Medlem av valgkamputvalget")


# The offices a chapter must fill; the chapter page flags them when vacant.
NOKKELVERV = (Rolle.LEDER, Rolle.STUDIELEDER, Rolle.SENTERKVINNEKONTAKT)

# A current office among these gives access to the chapter's members and activities.
# Deputies (varamedlem) do not: the fewer people who see the register, the better.
TILLITSVERV_MED_TILGANG = frozenset(
    {
        Rolle.LEDER,
        Rolle.NESTLEDER,
        Rolle.SEKRETAER,
        Rolle.KASSERER,
        Rolle.STUDIELEDER,
        Rolle.STYREMEDLEM,
        Rolle.SENTERKVINNEKONTAKT,
        Rolle.VERVEKONTAKT,
    }
)

# A current office among these gives a seat on the chapter's election committee: it sees the
# offices up for election and records its proposal (not the member register).
VALGKOMITEVERV = frozenset({Rolle.VALGKOMITELEDER, Rolle.VALGKOMITEMEDLEM})

# A current office among these seats the holder on the unit's campaign committee
# (valgkamputvalg): on the county, it makes the campaign plan for every chapter; on a chapter,
# the chapter's own goals. Not the member register.
VALGKAMPVERV = frozenset({Rolle.VALGKAMPLEDER, Rolle.VALGKAMPMEDLEM})

# A current office among these on the county unit makes the holder a board member.
FYLKESSTYREVERV = frozenset(
    {
        Rolle.FYLKESLEDER,
        Rolle.NESTLEDER,
        Rolle.FYLKESSTYREMEDLEM,
        Rolle.STYREMEDLEM,
        Rolle.DISTRIKTSREPRESENTANT,
        Rolle.FYLKESSTUDIELEDER,
        Rolle.SEKRETAER,
        Rolle.KASSERER,
    }
)


class VervQuerySet(models.QuerySet):
    def aktive(self, dato: datetime.date | None = None):
        """Offices held on the given day (today by default)."""
        dato = dato or timezone.localdate()
        return self.filter(Q(til_dato__isnull=True) | Q(til_dato__gte=dato), fra_dato__lte=dato)


class Verv(models.Model):
    """An office held by a member in a unit for a period."""

    medlem = models.ForeignKey(
        "medlemmer.Medlem", verbose_name=_("medlem"), on_delete=models.CASCADE, related_name="verv"
    )
    enhet = models.ForeignKey(
        Lokallag, verbose_name=_("enhet"), on_delete=models.CASCADE, related_name="verv"
    )
    rolle = models.CharField(_("rolle"), max_length=30, choices=Rolle.choices)
    distrikt = models.ForeignKey(
        Distrikt,
        verbose_name=_("representerer distrikt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representanter",
        help_text=_("For distriktsrepresentanter i fylkesstyret."),
    )
    fra_dato = models.DateField(_("fra"))
    til_dato = models.DateField(_("til"), null=True, blank=True)

    objects = VervQuerySet.as_manager()

    class Meta:
        verbose_name = _("verv")
        verbose_name_plural = _("verv")
        ordering = ["enhet__navn", "rolle", "-fra_dato"]
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__isnull=True) | Q(til_dato__gte=models.F("fra_dato")),
                name="verv_til_etter_fra",
                violation_error_message=_("Sluttdato kan ikke være før startdato."),
            ),
        ]
        indexes = [models.Index(fields=["enhet", "rolle"]), models.Index(fields=["til_dato"])]

    def __str__(self) -> str:
        return f"{self.get_rolle_display()}, {self.enhet}"

    def er_aktivt(self, dato: datetime.date | None = None) -> bool:
        dato = dato or timezone.localdate()
        return self.fra_dato <= dato and (self.til_dato is None or self.til_dato >= dato)
