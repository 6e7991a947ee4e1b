"""The annual meeting cycle («årsmøte»): every chapter's annual meeting of a year, and the
county's own; the notice (innkalling) with its agenda; the annual report (årsmelding); the
election committee's proposal; the elected offices; and the delegates to the county's annual
meeting.

The admin sets the year's rules in ``Arsmoteoppsett`` (the chapters' deadline, the notice's
minimum days, the delegate rule). The offices themselves are ``lokallag.Verv`` rows: the
election writes them (``services.valg``), and access follows them as everywhere.
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buskerud_sp.core.access import access_for
from lokallag.models import Rolle, UnitScopedQuerySet

# The items the statutes put on every annual meeting's agenda, in order. The notice always
# carries them; the leader adds the chapter's own items after them.
LOVPALAGTE_SAKER = (
    _("Godkjenning av innkalling, saksliste og forretningsorden"),
    _("Valg av møteleder, referent og to til å underskrive protokollen"),
    _("Årsmelding"),
    _("Regnskap"),
    _("Virksomhetsplan og budsjett"),
    _("Innkomne forslag"),
    _("Valg"),
)

STANDARD_VARSEL_DAGER = 14
STANDARD_DELEGATER_GRUNNTALL = 2
STANDARD_DELEGATER_PER_MEDLEMMER = 50

# The offices an annual meeting elects, in the order the registration form shows them.
VALGBARE_VERV = (
    Rolle.LEDER,
    Rolle.NESTLEDER,
    Rolle.SEKRETAER,
    Rolle.KASSERER,
    Rolle.STUDIELEDER,
    Rolle.STYREMEDLEM,
    Rolle.VARAMEDLEM,
    Rolle.SENTERKVINNEKONTAKT,
    Rolle.VERVEKONTAKT,
    Rolle.VALGKOMITELEDER,
    Rolle.VALGKOMITEMEDLEM,
)
# Offices with several holders at once; every other office has one holder at a time.
FLERE_INNEHAVERE = frozenset({Rolle.STYREMEDLEM, Rolle.VARAMEDLEM, Rolle.VALGKOMITEMEDLEM})


def valgperiode_slutt(aar: int, antall_aar: int) -> datetime.date:
    """The last day of a term of ``antall_aar`` years from the annual meeting of ``aar``: the
    term runs until the annual meeting ``antall_aar`` years later, which elects the successor
    and ends it the day before. Stored as that year's 31 December, so the office is «up for
    election» in that year and nobody is left without an office if the meeting is late."""
    return datetime.date(aar + antall_aar, 12, 31)


class ArsmoteoppsettQuerySet(models.QuerySet):
    def for_aar(self, aar: int) -> Arsmoteoppsett | None:
        return self.filter(aar=aar).first()


class Arsmoteoppsett(models.Model):
    """The admin's rules for one year's cycle."""

    aar = models.PositiveSmallIntegerField(_("år"), unique=True)
    frist = models.DateField(
        _("frist for lokallagenes årsmøter"),
        help_text=_("Lokallagene må holde årsmøtet senest denne dagen (før fylkesårsmøtet)."),
    )
    varsel_dager = models.PositiveSmallIntegerField(
        _("innkalling minst dager før"),
        default=STANDARD_VARSEL_DAGER,
        help_text=_("En senere innkalling må godkjennes av en administrator."),
    )
    delegater_grunntall = models.PositiveSmallIntegerField(
        _("delegater per lokallag"), default=STANDARD_DELEGATER_GRUNNTALL
    )
    delegater_per_medlemmer = models.PositiveSmallIntegerField(
        _("én delegat til per antall medlemmer"),
        default=STANDARD_DELEGATER_PER_MEDLEMMER,
        help_text=_("0: ingen ekstra delegater etter medlemstall."),
    )
    datoplanpunkt_frist = models.ForeignKey(
        "aktiviteter.Datoplanpunkt",
        verbose_name=_("datoplanpunkt for fristen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    datoplanpunkt_fylkesarsmote = models.ForeignKey(
        "aktiviteter.Datoplanpunkt",
        verbose_name=_("datoplanpunkt for fylkesårsmøtet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endret = models.DateTimeField(_("endret"), auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endret av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ArsmoteoppsettQuerySet.as_manager()

    class Meta:
        verbose_name = _("oppsett for årsmøter")
        verbose_name_plural = _("oppsett for årsmøter")
        ordering = ["-aar"]

    def __str__(self) -> str:
        return f"Årsmøter {self.aar}"

    def delegater_tillatt(self, antall_medlemmer: int) -> int:
        """The delegates a chapter of ``antall_medlemmer`` members may send: the base number
        plus one per started ``delegater_per_medlemmer`` members beyond the first block."""
        extra = 0
        if self.delegater_per_medlemmer:
            extra = max(math.ceil(antall_medlemmer / self.delegater_per_medlemmer) - 1, 0)
        return self.delegater_grunntall + extra


class ArsmoteQuerySet(UnitScopedQuerySet):
    unit_field = "lokallag"

    def visible_to(self, user):
        """The board and admins see every chapter's meeting; a chapter's officers and its
        election committee see their chapter's."""
        access = access_for(user)
        if access.sees_all_chapters:
            return self
        ids = access.officer_chapter_ids | access.committee_chapter_ids
        return self.filter(lokallag_id__in=ids) if ids else self.none()

    def for_aar(self, aar: int):
        return self.filter(aar=aar)

    def innkalling_lesbar_for(self, user):
        """The meetings whose notice this user may read in the portal: every one they see, and
        a member's own chapter's once the notice is sent."""
        access = access_for(user)
        if access.sees_all_chapters:
            return self
        q = Q(lokallag_id__in=access.officer_chapter_ids | access.committee_chapter_ids)
        if access.member_chapter_id:
            q |= Q(lokallag_id=access.member_chapter_id, innkalling_sendt__isnull=False)
        return self.filter(q)


class Arsmote(models.Model):
    """One unit's annual meeting of one year."""

    lokallag = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("lag"),
        on_delete=models.CASCADE,
        related_name="arsmoter",
    )
    aar = models.PositiveSmallIntegerField(_("år"))
    dato = models.DateField(_("dato"), null=True, blank=True)
    klokkeslett = models.TimeField(_("klokkeslett"), null=True, blank=True)
    sted = models.CharField(_("sted"), max_length=200, blank=True)
    forslagsfrist = models.DateField(
        _("frist for forslag"),
        null=True,
        blank=True,
        help_text=_("Siste dag medlemmene kan sende inn forslag til årsmøtet."),
    )
    innledning = models.TextField(_("innledning til innkallingen"), blank=True)
    andre_saker = models.TextField(
        _("andre saker"), blank=True, help_text=_("Én sak per linje, etter de faste sakene.")
    )
    innkalling_sendt = models.DateTimeField(_("innkalling sendt"), null=True, blank=True)
    innkalling_sendt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("innkalling sendt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sen_innkalling_grunn = models.TextField(_("hvorfor innkallingen kommer sent"), blank=True)
    sen_innkalling_godkjent = models.DateTimeField(
        _("sen innkalling godkjent"), null=True, blank=True
    )
    sen_innkalling_godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sen innkalling godkjent av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    avholdt = models.DateTimeField(_("registrert avholdt"), null=True, blank=True)
    styre_registrert = models.DateTimeField(_("nytt styre registrert"), null=True, blank=True)
    styre_registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nytt styre registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)
    endret = models.DateTimeField(_("endret"), auto_now=True)

    objects = ArsmoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("årsmøte")
        verbose_name_plural = _("årsmøter")
        ordering = ["aar", "lokallag__navn"]
        constraints = [
            models.UniqueConstraint(fields=["lokallag", "aar"], name="arsmote_ett_per_lag_og_aar"),
        ]
        indexes = [models.Index(fields=["aar", "dato"])]

    def __str__(self) -> str:
        return f"Årsmøte {self.aar}, {self.lokallag}"

    def get_absolute_url(self) -> str:
        return reverse("arsmote:detail", kwargs={"pk": self.pk})

    def saker(self) -> list[str]:
        """The agenda: the statutory items, then the chapter's own."""
        own = [line.strip() for line in self.andre_saker.splitlines() if line.strip()]
        return [str(item) for item in LOVPALAGTE_SAKER] + own

    def siste_innkallingsdag(self, varsel_dager: int) -> datetime.date | None:
        """The last day the notice may go out without the admin's approval."""
        if self.dato is None:
            return None
        return self.dato - datetime.timedelta(days=varsel_dager)

    def innkalling_er_sen(self, varsel_dager: int, dato: datetime.date | None = None) -> bool:
        """Sending the notice on ``dato`` (today) would be later than the minimum allows."""
        last = self.siste_innkallingsdag(varsel_dager)
        return last is not None and (dato or timezone.localdate()) > last

    @property
    def er_holdt(self) -> bool:
        return self.avholdt is not None or self.styre_registrert is not None


class Arsmelding(models.Model):
    """The chapter board's annual report to its annual meeting: drafted from what the chapter
    registered in the year, edited by the leader, and delivered to the county."""

    arsmote = models.OneToOneField(
        Arsmote, verbose_name=_("årsmøte"), on_delete=models.CASCADE, related_name="arsmelding"
    )
    tekst = models.TextField(_("årsmelding"))
    levert = models.DateTimeField(_("levert til fylket"), null=True, blank=True)
    levert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("levert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endret = models.DateTimeField(_("endret"), auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endret av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("årsmelding")
        verbose_name_plural = _("årsmeldinger")

    def __str__(self) -> str:
        return f"Årsmelding {self.arsmote.aar}, {self.arsmote.lokallag}"


class Valgforslag(models.Model):
    """One line of the election committee's proposal: a member for an office and a term."""

    arsmote = models.ForeignKey(
        Arsmote, verbose_name=_("årsmøte"), on_delete=models.CASCADE, related_name="valgforslag"
    )
    rolle = models.CharField(_("verv"), max_length=30, choices=Rolle.choices)
    medlem = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("kandidat"),
        on_delete=models.CASCADE,
        related_name="valgforslag",
    )
    antall_aar = models.PositiveSmallIntegerField(_("valgperiode (år)"), default=2)
    kommentar = models.CharField(_("kommentar"), max_length=300, blank=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("valgforslag")
        verbose_name_plural = _("valgforslag")
        ordering = ["arsmote", "rolle", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["arsmote", "rolle", "medlem"], name="valgforslag_en_per_verv_og_medlem"
            ),
            models.CheckConstraint(
                condition=Q(antall_aar__gte=1, antall_aar__lte=4),
                name="valgforslag_periode_1_til_4",
                violation_error_message=_("Valgperioden må være fra 1 til 4 år."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rolle_display()}: {self.medlem}"


class Valgt(models.Model):
    """An office the annual meeting elected: the ``Verv`` row the election made, kept with
    the meeting that made it (the office itself lives on as the member's office)."""

    arsmote = models.ForeignKey(
        Arsmote, verbose_name=_("årsmøte"), on_delete=models.CASCADE, related_name="valgte"
    )
    verv = models.OneToOneField(
        "lokallag.Verv", verbose_name=_("verv"), on_delete=models.CASCADE, related_name="valg"
    )

    class Meta:
        verbose_name = _("valgt")
        verbose_name_plural = _("valgte")
        ordering = ["arsmote", "pk"]

    def __str__(self) -> str:
        return str(self.verv)


class Delegat(models.Model):
    """A chapter's delegate (or deputy) to the county's annual meeting of the year."""

    arsmote = models.ForeignKey(
        Arsmote, verbose_name=_("årsmøte"), on_delete=models.CASCADE, related_name="delegater"
    )
    medlem = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("medlem"),
        on_delete=models.CASCADE,
        related_name="delegatverv",
    )
    vara = models.BooleanField(_("vara"), default=False)
    rekkefolge = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegat")
        verbose_name_plural = _("delegater")
        ordering = ["arsmote", "vara", "rekkefolge", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["arsmote", "medlem"], name="delegat_en_per_medlem"),
        ]

    def __str__(self) -> str:
        return f"{self.medlem} ({self.arsmote.lokallag})"


def clean_oppsett(frist: datetime.date, fylkesarsmote: datetime.date | None) -> None:
    if fylkesarsmote is not None and frist >= fylkesarsmote:
        raise ValidationError(
            {"frist": _("Fristen for lokallagenes årsmøter må være før fylkesårsmøtet.")}
        )
