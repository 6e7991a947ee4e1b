"""The county's follow-up of the chapters: the contact log (a board member's contact with a
chapter, and what is to follow), visits from the county, co-hosting chapters and media
appearances."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buskerud_sp.core.access import access_for
from buskerud_sp.core.models import RegisteredModel
from buskerud_sp.core.querysets import ScopedQuerySet
from lokallag.models.organisasjon import (
    FYLKESSTYREVERV,
    TILLITSVERV_MED_TILGANG,
    Niva,
    UnitScopedQuerySet,
    Verv,
)
from lokallag.providers import activities, members


class Kontaktform(models.TextChoices):
    TELEFON = "telefon", _("Telefon")
    MOTE = "mote", _("Møte")
    BESOK = "besok", _("Besøk")
    EPOST = "epost", _("E-post")


class OppfolgingQuerySet(ScopedQuerySet):
    # The board and admins read the whole log; a chapter's officers read the entries about
    # their own chapter; everybody else nothing.
    unit_field = "lokallag"

    def editable_by(self, user):
        """Whoever wrote an entry corrects it (while on the board); admins always."""
        access = access_for(user)
        if access.is_admin:
            return self
        if not access.is_board:
            return self.none()
        return self.filter(registrert_av_id=access.user_id)

    def closable_by(self, user):
        """A follow-up is marked done by its owner, any board member, or an admin."""
        access = access_for(user)
        if access.follows_up_chapters:
            return self.visible_to(user)
        if access.medlem_id is None:
            return self.none()
        return self.visible_to(user).filter(ansvarlig_id=access.medlem_id)

    def med_oppfolgingspunkt(self):
        return self.exclude(frist__isnull=True)

    def apne(self):
        """Entries with a follow-up that is not done yet."""
        return self.med_oppfolgingspunkt().filter(utfort__isnull=True)

    def forfalt(self, dato: datetime.date | None = None):
        dato = dato or timezone.localdate()
        return self.apne().filter(frist__lt=dato)


class Oppfolging(RegisteredModel):
    """One contact between the county and a chapter, and optionally one follow-up with a due
    date and an owner (a board member, or one of the chapter's officers)."""

    lokallag = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("lokallag"),
        on_delete=models.CASCADE,
        related_name="oppfolginger",
    )
    dato = models.DateField(_("dato"))
    kontaktform = models.CharField(_("kontaktform"), max_length=10, choices=Kontaktform.choices)
    referat = models.TextField(_("hva ble tatt opp"))
    neste_steg = models.CharField(
        _("hva skal følges opp"),
        max_length=300,
        blank=True,
        help_text=_("Tomt om ingenting skal følges opp."),
    )
    frist = models.DateField(_("frist"), null=True, blank=True)
    ansvarlig = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("ansvarlig for oppfølgingen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="oppfolgingspunkter",
    )
    utfort = models.DateField(_("utført"), null=True, blank=True)
    utfort_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OppfolgingQuerySet.as_manager()

    class Meta:
        verbose_name = _("oppfølging")
        verbose_name_plural = _("oppfølginger")
        ordering = ["-dato", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(frist__isnull=True) | ~Q(neste_steg=""),
                name="oppfolging_frist_har_neste_steg",
                violation_error_message=_("En frist hører til en oppfølging."),
            ),
        ]
        indexes = [
            models.Index(fields=["lokallag", "-dato"]),
            models.Index(fields=["ansvarlig", "utfort"]),
        ]

    def __str__(self) -> str:
        return f"{self.lokallag} {self.dato:%d.%m.%Y} ({self.get_kontaktform_display()})"

    def get_absolute_url(self) -> str:
        return reverse("oppfolging:detail", kwargs={"pk": self.pk})

    @property
    def er_apen(self) -> bool:
        return self.frist is not None and self.utfort is None

    def er_forfalt(self, dato: datetime.date | None = None) -> bool:
        dato = dato or timezone.localdate()
        return self.er_apen and self.frist < dato

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.dato and self.dato > today:
            errors["dato"] = _("Kontakten kan ikke være fram i tid.")
        if self.lokallag_id is not None and self.lokallag.niva != Niva.LOKAL:
            errors["lokallag"] = _("Velg et lokallag.")
        wants_follow_up = bool(self.neste_steg) or self.frist or self.ansvarlig_id
        if wants_follow_up:
            if not self.neste_steg:
                errors["neste_steg"] = _("Skriv hva som skal følges opp.")
            if not self.frist:
                errors["frist"] = _("Oppfølgingen trenger en frist.")
            elif self.dato and self.frist < self.dato:
                errors["frist"] = _("Fristen kan ikke være før kontakten.")
            if not self.ansvarlig_id:
                errors["ansvarlig"] = _("Oppfølgingen trenger en ansvarlig.")
            elif self.lokallag_id and not self.kan_eie(self.ansvarlig_id):
                errors["ansvarlig"] = _(
                    "Ansvarlig må sitte i fylkesstyret eller ha et verv i lokallaget."
                )
        if self.utfort and not self.frist:
            errors["utfort"] = _("Bare en oppfølging kan merkes som utført.")
        if errors:
            raise ValidationError(errors)

    def kan_eie(self, medlem_id: int) -> bool:
        """Who may own the follow-up: a current board member, or a current officer of the
        chapter (the leader who promised to send something)."""
        return mulige_ansvarlige(self.lokallag_id).filter(pk=medlem_id).exists()


def mulige_ansvarlige(lokallag_id: int | None, dato: datetime.date | None = None):
    """Members who may own a follow-up about the chapter (see ``Oppfolging.kan_eie``)."""
    dato = dato or timezone.localdate()
    offices = Verv.objects.aktive(dato).filter(
        Q(enhet__niva=Niva.FYLKE, rolle__in=FYLKESSTYREVERV)
        | Q(enhet_id=lokallag_id, rolle__in=TILLITSVERV_MED_TILGANG)
    )
    return members().aktive(dato).filter(pk__in=offices.values("medlem_id"))


# --- Visits from the county ------------------------------------------------------------------
# A board member or top candidate at a chapter's meeting or activity («besøk fra fylket»). The
# chapter tour («reiserunde») is planned as a set of such visits. The table keeps the name it
# had when the visits lived in aktiviteter (the data never moved).


class Besoksrolle(models.TextChoices):
    FYLKESSTYRET = "fylkesstyret", _("Fylkesstyret")
    TOPPKANDIDAT = "toppkandidat", _("Toppkandidat")
    STORTINGSREPRESENTANT = "stortingsrepresentant", _("Stortingsrepresentant")
    ANNET = "annet", _("Annen fra fylkeslaget")


class BesokQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Visits are seen with their activity."""
        return self.filter(aktivitet__in=activities().visible_to(user))


class Besok(RegisteredModel):
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
    # A visit is added or removed, never changed: its table has no such column.
    endret = None

    objects = BesokQuerySet.as_manager()

    class Meta:
        db_table = "aktiviteter_besok"
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


# --- Co-hosts --------------------------------------------------------------------------------
# District cooperation: chapters of one district that host an activity together (a joint
# meeting, a shared stand). The activity counts once for each host, and once for the county.


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
        db_table = "aktiviteter_medvert"
        verbose_name = _("medarrangør")
        verbose_name_plural = _("medarrangører")
        constraints = [
            models.UniqueConstraint(
                fields=["aktivitet", "lokallag"],
                name="medvert_en_gang_per_lag",
                violation_error_message=_("Laget er allerede medarrangør."),
            )
        ]
        indexes = [
            models.Index(fields=["lokallag", "aktivitet"], name="aktiviteter_lokalla_a6fd32_idx")
        ]

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


# --- Media appearances -----------------------------------------------------------------------
# Registered by the chapters' officers: op-eds, interviews, letters to the editor, local radio.
# The campaign's meetings with local media are activities (``Aktivitetstype.LOKALMEDIA``) and
# are counted beside these.


class Medietype(models.TextChoices):
    KRONIKK = "kronikk", _("Kronikk")
    LESERINNLEGG = "leserinnlegg", _("Leserinnlegg")
    INTERVJU = "intervju", _("Intervju / reportasje")
    LOKALRADIO = "lokalradio", _("Lokalradio / nett-TV")


class MedieoppslagQuerySet(UnitScopedQuerySet):
    # The board and admins see all; a chapter's officers their chapter's. They are managed by
    # those who register for the unit (see ``Lokallag.objects.managed_by``).
    unit_field = "lokallag"

    def i_aar(self, aar: int):
        return self.filter(dato__year=aar)


class Medieoppslag(RegisteredModel):
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

    objects = MedieoppslagQuerySet.as_manager()

    class Meta:
        db_table = "aktiviteter_medieoppslag"
        verbose_name = _("medieoppslag")
        verbose_name_plural = _("medieoppslag")
        ordering = ["-dato", "-pk"]
        indexes = [
            models.Index(fields=["lokallag", "-dato"], name="aktiviteter_lokalla_181080_idx"),
            models.Index(fields=["dato"], name="aktiviteter_dato_bcca91_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(medium=""), name="medieoppslag_har_medium"),
        ]

    def __str__(self) -> str:
        return f"{self.tittel} ({self.medium}, {self.dato:%d.%m.%Y})"

    def clean(self) -> None:
        if self.dato and self.dato > timezone.localdate():
            raise ValidationError({"dato": _("Registrer oppslaget når det har stått på trykk.")})
