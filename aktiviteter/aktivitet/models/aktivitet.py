"""Activities: meetings, Tuesday calls, campaign events and study sessions, each held by a unit
(a chapter, or the county as a unit of its own)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.models.typer import (
    _DURATION_MINUTES,
    FELT_FOR_TYPE,
    FYLKESTYPER,
    INTERNE_TYPER,
    KATEGORI_FOR_TYPE,
    LOKALTYPER,
    OFFENTLIGE_TYPER,
    VALGKAMPTYPER,
    Aktivitetstype,
    AvlystGrunn,
    Kategori,
    Status,
    T,
    kurstimer,
    minutes_between,
)
from buskerud_sp.core.access import access_for
from buskerud_sp.core.models import RegisteredModel
from lokallag.models import Lokallag, Niva, UnitScopedQuerySet
from lokallag.oppfolging.models import Medvert
from medlemmer.models import Medlem


class AktivitetQuerySet(UnitScopedQuerySet):
    unit_field = "enhet"

    def visible_to(self, user):
        """Admins and the board see everything. A chapter's officers see the chapter's
        activities, the county activities their chapter hosts, and the county's activities
        for all chapters (not its internal ones). Everybody else sees nothing."""
        access = access_for(user)
        if access.sees_all_chapters:
            return self
        if not access.officer_chapter_ids:
            return self.none()
        ids = access.officer_chapter_ids
        return self.filter(
            Q(enhet_id__in=ids)
            | Q(vertslag_id__in=ids)
            | Exists(Medvert.objects.filter(aktivitet=OuterRef("pk"), lokallag_id__in=ids))
            | (Q(enhet__niva=Niva.FYLKE) & ~Q(type__in=INTERNE_TYPER))
        )

    def for_lokallag(self, lokallag, *, vertskap: bool = False):
        """The activities a chapter holds: its own and those it co-hosts, each once (the
        dashboard counts per chapter with this). With ``vertskap``, also the county's
        activities held out in the chapter. ``lokallag`` is a chapter, its id, or an
        ``OuterRef`` to one."""
        lag_id = getattr(lokallag, "pk", lokallag)
        inner = OuterRef(lag_id) if isinstance(lag_id, OuterRef) else lag_id
        q = Q(enhet_id=lag_id) | Exists(
            Medvert.objects.filter(aktivitet=OuterRef("pk"), lokallag_id=inner)
        )
        if vertskap:
            q |= Q(vertslag_id=lag_id)
        return self.filter(q)

    def newest_for_lokallag(self, lokallag, limit: int, *, vertskap: bool = False):
        """The first ``limit`` of this (ordered) queryset that ``for_lokallag`` keeps, as this
        queryset filtered to at most ``3 × limit`` ids: each way a chapter holds an activity
        (its own, co-hosted, hosted for the county) read by its own index, the first ``limit``
        of each. ``for_lokallag``'s OR of the three cannot use an index; with an ORDER BY and
        a LIMIT, PostgreSQL then walks the whole table by date, 12 s at national scale when
        none match (the chapter page's «Venter på deg»)."""
        lag_id = getattr(lokallag, "pk", lokallag)
        branches = [
            self.filter(enhet_id=lag_id),
            self.filter(pk__in=Medvert.objects.filter(lokallag_id=lag_id).values("aktivitet_id")),
        ]
        if vertskap:
            branches.append(self.filter(vertslag_id=lag_id))
        first, *rest = [branch.values("pk")[:limit] for branch in branches]
        return self.filter(pk__in=first.union(*rest))

    def for_lokallag_in(self, lokallag_ids, *, vertskap: bool = False):
        """Activities held by any of the chapters (own or co-hosted), each once."""
        q = Q(enhet_id__in=lokallag_ids) | Exists(
            Medvert.objects.filter(aktivitet=OuterRef("pk"), lokallag_id__in=lokallag_ids)
        )
        if vertskap:
            q |= Q(vertslag_id__in=lokallag_ids)
        return self.filter(q)

    def result_registrable_by(self, user):
        """Where the user may register the outcome (count, names): what they manage, and the
        county activities their chapter hosts (the host registers the Tuesday call's count)."""
        access = access_for(user)
        return self.managed_by(user) | self.filter(vertslag_id__in=access.officer_chapter_ids)

    def avholdte(self):
        return self.filter(status=Status.AVHOLDT)

    def ikke_avlyste(self):
        return self.exclude(status=Status.AVLYST)

    def valgkamp(self):
        """The campaign's activities (``VALGKAMPTYPER``)."""
        return self.filter(type__in=VALGKAMPTYPER)

    def offentlige(self):
        """What the public calendar may show: marked public, of a type open to the public, held
        by a unit that is active. Cancelled ones stay (the calendar says so)."""
        return self.filter(offentlig=True, type__in=OFFENTLIGE_TYPER, enhet__aktiv=True)

    def lokalmedia(self):
        """Meetings with local media, counted beside the media appearances."""
        return self.filter(type=Aktivitetstype.LOKALMEDIA)

    def i_periode(self, fra: datetime.date | None, til: datetime.date | None):
        qs = self
        if fra:
            qs = qs.filter(dato__gte=fra)
        if til:
            qs = qs.filter(dato__lte=til)
        return qs

    def for_list(self, user):
        """What the list and calendar show to ``user``, in a fixed number of queries. The
        number of named participants counts only the names the user may see (another
        chapter's leader: their own chapter's members), as the activity's page does."""
        # A subquery per shown row, not a join grouped over every activity: the list's page of
        # 25 is then read from the newest end of the (dato, starttid, id) index.
        named = (
            Deltakelse.objects.visible_to(user)
            .filter(aktivitet=OuterRef("pk"), til_stede=True)
            .values("aktivitet")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related("enhet", "enhet__distrikt", "vertslag", "studietiltak").annotate(
            navngitte=Coalesce(Subquery(named, output_field=models.IntegerField()), 0)
        )

    def studiesamlinger(self):
        return self.filter(type=T.STUDIESAMLING, studietiltak__isnull=False)

    def studietimer_per_lokallag(self, aar: int | None = None):
        """Course hours (60 minutes) per organiser and year, from held sessions whose hours
        count for SpS (``TELLER_FOR_SPS``: a digital session only when live), so that the
        figures agree with ``Studietiltak.vurdering``.

        Rows: ``enhet_id``, ``enhet__navn``, ``aar``, ``samlinger``, ``minutter``; use
        ``kurstimer(row)`` for hours. The dashboard reuses this."""
        qs = (
            self.studiesamlinger()
            .filter(TELLER_FOR_SPS, status=Status.AVHOLDT)
            .annotate(aar=ExtractYear("dato"))
        )
        if aar is not None:
            qs = qs.filter(dato__year=aar)
        return (
            qs.values("enhet_id", "enhet__navn", "aar")
            .annotate(samlinger=Count("pk"), minutter=Sum(_DURATION_MINUTES))
            .order_by("-aar", "enhet__navn")
        )


# A session whose hours may count for SpS: physical, or digital and live (leader and
# participants at the same time). ``Aktivitet.teller_for_sps`` is the same rule per object.
TELLER_FOR_SPS = Q(digitalt=False) | Q(sanntid=True)


# The types' labels by language (``Aktivitet.get_type_display``).
_TYPE_LABELS: dict[str | None, dict[str, str]] = {}


class Aktivitet(RegisteredModel):
    """One activity held by a unit on one day."""

    type = models.CharField(_("type"), max_length=30, choices=Aktivitetstype.choices)
    enhet = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("lokallag"),
        on_delete=models.PROTECT,
        related_name="aktiviteter",
    )
    tittel = models.CharField(_("tittel"), max_length=200)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    dato = models.DateField(_("dato"))
    starttid = models.TimeField(_("fra kl."), null=True, blank=True)
    sluttid = models.TimeField(_("til kl."), null=True, blank=True)
    sted = models.CharField(_("sted"), max_length=200, blank=True)
    nettlenke = models.CharField(
        _("lenke eller telefonnummer"),
        max_length=300,
        blank=True,
        help_text=_("For digitale møter og telefonmøter."),
    )
    digitalt = models.BooleanField(_("digitalt"), default=False)
    # SpS counts a digital session only when leader and participants take part at the same time
    # (video or phone), not a recording watched later. Asked for digital study sessions only.
    sanntid = models.BooleanField(
        _("i sanntid"),
        null=True,
        blank=True,
        help_text=_("For digitale studiesamlinger: kursleder og deltakere var med samtidig."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANLAGT
    )
    avlyst_grunn = models.CharField(
        _("avlyst på grunn av"), max_length=10, choices=AvlystGrunn.choices, blank=True
    )
    deltakerantall = models.PositiveIntegerField(
        _("antall deltakere"),
        null=True,
        blank=True,
        help_text=_("For åpne møter og telefonmøter, der ikke alle føres med navn."),
    )
    ansvarlig = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("ansvarlig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ansvar_for_aktiviteter",
    )
    vertslag = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("holdt i / vertskap"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vertskap",
        help_text=_("Lokallaget som er vertskap for et fylkesmøte («holdt ute i lokallaget»)."),
    )
    kombinert_med_temamote = models.BooleanField(
        _("kombinert med temamøte / utadrettet opplegg"), default=False
    )
    # The public calendar (/arrangementer/, /arrangementer.ics) shows an activity only when it
    # is marked public and of a type open to the public (``OFFENTLIGE_TYPER``). Its contact
    # fields are the only things about a person it shows: written for the public, by the officer.
    offentlig = models.BooleanField(
        _("vis i den offentlige kalenderen"),
        default=False,
        help_text=_("Åpent for alle: vises på partiets nettside uten innlogging."),
    )
    kontaktperson = models.CharField(
        _("kontaktperson (vises offentlig)"), max_length=120, blank=True
    )
    kontakt = models.CharField(
        _("telefon eller e-post til kontaktpersonen (vises offentlig)"),
        max_length=120,
        blank=True,
    )
    adhoc_gruppe = models.ForeignKey(
        "aktiviteter.AdHocGruppe",
        verbose_name=_("AdHoc-gruppe"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moter",
    )
    studietiltak = models.ForeignKey(
        "aktiviteter.Studietiltak",
        verbose_name=_("studietiltak"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="samlinger",
    )
    deltakere = models.ManyToManyField(
        "medlemmer.Medlem",
        through="aktiviteter.Deltakelse",
        related_name="aktiviteter",
        blank=True,
    )

    objects = AktivitetQuerySet.as_manager()

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["-dato", "-starttid", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sluttid__isnull=True)
                | Q(starttid__isnull=True)
                | Q(sluttid__gt=F("starttid")),
                name="aktivitet_slutt_etter_start",
                violation_error_message=_("Slutt må være etter start."),
            ),
            models.UniqueConstraint(
                fields=["dato"],
                condition=Q(type="tirsdagsmote"),
                name="aktivitet_ett_tirsdagsmote_per_dato",
                violation_error_message=_("Det finnes allerede et tirsdagsmøte denne datoen."),
            ),
            models.CheckConstraint(
                condition=~Q(type="studiesamling", digitalt=True, sanntid__isnull=True),
                name="aktivitet_digital_studiesamling_sanntid_besvart",
                violation_error_message=_("Svar på om den digitale samlingen var i sanntid."),
            ),
        ]
        indexes = [
            models.Index(fields=["enhet", "-dato"]),
            # The list's order (the newest first), read from the end for a page.
            models.Index(fields=["-dato", "-starttid", "-id"], name="aktivitet_listeorden"),
            models.Index(fields=["dato"]),
            models.Index(fields=["type", "dato"]),
        ]

    def get_type_display(self) -> str:
        """As Django's, from a table kept per language: Django's hashes every one of the
        types' labels again on each call, a millisecond a row on the activity list."""
        language = get_language()
        labels = _TYPE_LABELS.get(language)
        if labels is None:
            labels = _TYPE_LABELS[language] = {
                value: str(label) for value, label in self._meta.get_field("type").flatchoices
            }
        return labels.get(self.type, self.type)

    def __str__(self) -> str:
        return f"{self.tittel} ({self.dato:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("aktiviteter:detail", kwargs={"pk": self.pk})

    @property
    def kategori(self) -> str:
        return KATEGORI_FOR_TYPE.get(self.type, Kategori.MOTE)

    @property
    def felt(self) -> frozenset[str]:
        return FELT_FOR_TYPE.get(self.type, frozenset())

    @property
    def varighet_minutter(self) -> int | None:
        return minutes_between(self.starttid, self.sluttid)

    @property
    def kurstimer(self) -> Decimal:
        return kurstimer(self.varighet_minutter)

    @property
    def teller_for_sps(self) -> bool:
        """Whether the session's hours may count for SpS: physical, or digital and live
        (the same rule as ``TELLER_FOR_SPS`` for queries)."""
        return not self.digitalt or self.sanntid is True

    @property
    def mangler_resultat(self) -> bool:
        """A held or past activity of an open type whose participant count is missing."""
        return (
            "deltakerantall" in self.felt
            and self.deltakerantall is None
            and self.status != Status.AVLYST
            and self.dato <= timezone.localdate()
        )

    def resultat_sperre(self) -> str | None:
        """Why the outcome (held, count, names) cannot be registered now, or None.

        The detail page hides the form for these reasons and the service refuses on them, so
        a crafted POST meets the same rules as the button."""
        if self.studietiltak_id is not None:
            return _("En studiesamling registreres på kurset sitt, ikke her.")
        if self.status == Status.AVLYST:
            return _(
                "Aktiviteten er avlyst og kan ikke markeres som avholdt. "
                "Endre status på aktiviteten først om den likevel ble holdt."
            )
        if self.dato > timezone.localdate():
            return _("Møtet er ikke holdt ennå: antallet registreres etter møtet.")
        return None

    def starter(self) -> datetime.datetime | datetime.date:
        """Start as an aware datetime in the portal's time zone (a date when no time is set)."""
        if self.starttid is None:
            return self.dato
        tz = timezone.get_default_timezone()
        return datetime.datetime.combine(self.dato, self.starttid, tzinfo=tz)

    def slutter(self) -> datetime.datetime | datetime.date:
        if self.starttid is None:
            return self.dato + datetime.timedelta(days=1)
        tz = timezone.get_default_timezone()
        end = (
            self.sluttid
            or (
                datetime.datetime.combine(self.dato, self.starttid) + datetime.timedelta(hours=1)
            ).time()
        )
        return datetime.datetime.combine(self.dato, end, tzinfo=tz)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starttid and self.sluttid and self.sluttid <= self.starttid:
            errors["sluttid"] = _("Slutt må være etter start.")
        if self.status == Status.AVHOLDT and self.dato and self.dato > timezone.localdate():
            errors["status"] = _(
                "Aktiviteten kan ikke være avholdt når datoen er fram i tid. Velg «Planlagt»."
            )
        if self.type == T.STUDIESAMLING and (self.starttid is None or self.sluttid is None):
            errors["sluttid"] = _("En studiesamling må ha start og slutt (lengden teller).")
        if self.type == T.STUDIESAMLING and self.digitalt and self.sanntid is None:
            errors["sanntid"] = _(
                "Svar på om kursleder og deltakere var med samtidig. En digital samling teller "
                "for SpS bare når den holdes i sanntid."
            )
        if self.enhet_id is not None and self.type:
            county = self.enhet.niva == Niva.FYLKE
            if county and self.type in LOKALTYPER:
                errors["type"] = _("Denne typen holdes av et lokallag, ikke fylkeslaget.")
            elif not county and self.type in FYLKESTYPER:
                errors["type"] = _("Denne typen holdes av fylkeslaget.")
        if self.offentlig and self.type and self.type not in OFFENTLIGE_TYPER:
            errors["offentlig"] = _(
                "Denne typen aktivitet er ikke åpen for alle og kan ikke vises offentlig."
            )
        if self.vertslag_id is not None and self.vertslag.niva != Niva.LOKAL:
            errors["vertslag"] = _("Velg et lokallag.")
        if errors:
            raise ValidationError(errors)


class DeltakelseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The named participants this user may see: on activities they see, the members they
        see. A chapter's officers see their own chapter's members by name also on the county's
        and other chapters' activities, never another chapter's; the board sees everyone."""
        access = access_for(user)
        qs = self.filter(aktivitet__in=Aktivitet.objects.visible_to(user))
        if access.sees_all_members:
            return qs
        return qs.filter(medlem__in=Medlem.objects.visible_to(user))


class Deltakelse(models.Model):
    """A named member at an activity; ``til_stede`` is False for those who sent apologies."""

    aktivitet = models.ForeignKey(
        Aktivitet, verbose_name=_("aktivitet"), on_delete=models.CASCADE, related_name="deltakelser"
    )
    medlem = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("medlem"),
        on_delete=models.CASCADE,
        related_name="deltakelser",
    )
    til_stede = models.BooleanField(_("til stede"), default=True)

    objects = DeltakelseQuerySet.as_manager()

    class Meta:
        verbose_name = _("deltakelse")
        verbose_name_plural = _("deltakelser")
        constraints = [
            models.UniqueConstraint(
                fields=["aktivitet", "medlem"],
                name="deltakelse_en_per_medlem",
                violation_error_message=_("Medlemmet er allerede ført opp på aktiviteten."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.medlem} – {self.aktivitet}"


def reiserundestopp(
    *,
    lokallag,
    dato: datetime.date,
    starttid: datetime.time | None,
    sted: str,
    tittel: str,
    registrert_av,
) -> Aktivitet:
    """One stop of the chapter tour, unsaved: a county activity held out in the chapter, held
    if the day has come. lokallag's follow-up plans it (``lokallag.providers``)."""
    return Aktivitet(
        type=Aktivitetstype.REISERUNDE,
        enhet=Lokallag.objects.fylkeslag().get(),
        vertslag=lokallag,
        tittel=tittel,
        dato=dato,
        starttid=starttid,
        sted=sted,
        status=Status.AVHOLDT if dato <= timezone.localdate() else Status.PLANLAGT,
        registrert_av=registrert_av,
    )
