"""Study work under Senterpartiets Studieforbund (SpS): courses, their participants, and the
attendance per participant per session. The qualification rules are in ``Studietiltak.vurdering``
(README.md, «Studiearbeid», states them with their source)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Max, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.models.aktivitet import TELLER_FOR_SPS, Aktivitet
from aktiviteter.aktivitet.models.typer import _DURATION_MINUTES, Status, kurstimer
from buskerud_sp.core.models import RegisteredModel
from lokallag.models import UnitScopedQuerySet

# SpS rules since 1 January 2021 (README.md): one course hour is 60 minutes.
MIN_KURSTIMER = 4
MIN_DELTAKERE = 4
MIN_ALDER = 14
OPPMOTE_ANDEL = (3, 4)  # at least 75 % of the course's hours
FYSISK_ANDEL = (1, 2)  # at least 50 % of the hours held physically


class Studieplan(models.TextChoices):
    DET_GRONNE_HJULET = "gronne_hjulet", _("Det grønne hjulet")
    STUDIERING = "studiering", _("Studiering")
    ANNEN = "annen", _("Annen godkjent studieplan")


class StudietiltakQuerySet(UnitScopedQuerySet):
    # Admins and the board see every course; a chapter's officers their chapter's.
    unit_field = "arrangor"

    def godkjenning(self) -> dict[int, Kursstatus]:
        """``vurdering()``'s verdict for many courses at once (the dashboard's study hours), from
        three grouped queries and no model instances. The rules are the same functions
        ``vurdering()`` applies (``_deltaker_grunn``, ``_kurs_godkjent``)."""
        courses = {
            row[0]: row
            for row in Aktivitet.objects.filter(status=Status.AVHOLDT, studietiltak__in=self)
            .values("studietiltak")
            .annotate(
                siste=Max("dato"),
                total=Sum(_DURATION_MINUTES, filter=TELLER_FOR_SPS),
                fysisk=Sum(_DURATION_MINUTES, filter=Q(digitalt=False)),
            )
            .values_list("studietiltak", "studietiltak__arrangor", "siste", "total", "fysisk")
        }
        attended = dict(
            Oppmote.objects.filter(samling__status=Status.AVHOLDT, samling__studietiltak__in=self)
            .filter(Q(samling__digitalt=False) | Q(samling__sanntid=True))
            .values("deltaker")
            .annotate(m=Sum("minutter"))
            .values_list("deltaker", "m")
        )
        counted: dict[int, int] = {}
        people = Kursdeltaker.objects.filter(studietiltak__in=courses).values_list(
            "pk", "studietiltak", "medlem", "medlem__fodselsdato", "fodselsaar"
        )
        for pk, course, medlem, fodselsdato, fodselsaar in people:
            _, _, siste, total, _ = courses[course]
            born = (fodselsdato.year if fodselsdato else None) if medlem else fodselsaar
            if not _deltaker_grunn(siste.year, born, attended.get(pk, 0), total or 0):
                counted[course] = counted.get(course, 0) + 1
        result = {}
        for course, arrangor, siste, total, fysisk in courses.values():
            n = counted.get(course, 0)
            result[course] = Kursstatus(
                arrangor_id=arrangor,
                siste_samling=siste,
                minutter=total or 0,
                fysiske_minutter=fysisk or 0,
                tellende_deltakere=n,
                godkjent=_kurs_godkjent(total or 0, fysisk or 0, n),
            )
        return result

    def med_vurderingsgrunnlag(self):
        """Everything ``vurdering()`` reads, in a fixed number of queries."""
        return self.select_related("arrangor", "kursleder").prefetch_related(
            Prefetch(
                "deltakere",
                queryset=Kursdeltaker.objects.select_related("medlem").order_by("pk"),
            ),
            Prefetch(
                "samlinger",
                queryset=Aktivitet.objects.order_by("dato", "starttid", "pk").prefetch_related(
                    "oppmote"
                ),
            ),
        )


class Studietiltak(RegisteredModel):
    """A course («kurs» or «studiering») run by a chapter or the county on an approved plan."""

    tittel = models.CharField(_("tittel"), max_length=200)
    studieplan = models.CharField(_("studieplan"), max_length=20, choices=Studieplan.choices)
    studieplan_navn = models.CharField(
        _("navn på studieplanen"),
        max_length=200,
        blank=True,
        help_text=_("Når studieplanen er en annen SpS-godkjent plan."),
    )
    arrangor = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("arrangør"),
        on_delete=models.PROTECT,
        related_name="studietiltak",
    )
    kursleder = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("kursleder"),
        on_delete=models.PROTECT,
        related_name="leder_studietiltak",
    )
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)

    objects = StudietiltakQuerySet.as_manager()

    class Meta:
        verbose_name = _("studietiltak")
        verbose_name_plural = _("studietiltak")
        ordering = ["-opprettet", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(studieplan="annen") | ~Q(studieplan_navn=""),
                name="studietiltak_annen_plan_har_navn",
                violation_error_message=_("Skriv navnet på studieplanen."),
            )
        ]

    def __str__(self) -> str:
        return self.tittel

    def get_absolute_url(self) -> str:
        return reverse("aktiviteter:course_detail", kwargs={"pk": self.pk})

    @property
    def studieplan_tekst(self) -> str:
        if self.studieplan == Studieplan.ANNEN and self.studieplan_navn:
            return self.studieplan_navn
        return self.get_studieplan_display()

    def tellende_samlinger(self) -> list[Aktivitet]:
        """The held sessions, in date order (planned and cancelled ones do not count)."""
        return [s for s in self.samlinger.all() if s.status == Status.AVHOLDT]

    @property
    def aar(self) -> int:
        """The course's year: the year its last session was held (SpS reports per year)."""
        sessions = self.tellende_samlinger()
        return sessions[-1].dato.year if sessions else timezone.localdate().year

    def vurdering(self) -> Vurdering:
        """Whether the course qualifies for SpS funding, and in Norwegian why not."""
        held = self.tellende_samlinger()
        aar = held[-1].dato.year if held else timezone.localdate().year
        # A digital session that was not live is held (it dates the course) but its hours and
        # attendance do not count for SpS.
        sessions = [s for s in held if s.teller_for_sps]
        not_live = sum(s.varighet_minutter or 0 for s in held if not s.teller_for_sps)
        total = sum(s.varighet_minutter or 0 for s in sessions)
        physical = sum(s.varighet_minutter or 0 for s in sessions if not s.digitalt)
        attended: dict[int, int] = {}
        for session in sessions:
            for row in session.oppmote.all():
                attended[row.deltaker_id] = attended.get(row.deltaker_id, 0) + row.minutter

        people: list[Deltakervurdering] = []
        for deltaker in self.deltakere.all():
            minutes = attended.get(deltaker.pk, 0)
            born = deltaker.fodselsaar_verdi
            age = aar - born if born else None
            reason = _deltaker_grunn(aar, born, minutes, total)
            people.append(
                Deltakervurdering(
                    deltaker=deltaker,
                    minutter=minutes,
                    prosent=_percent(minutes, total),
                    alder_ved_aarsslutt=age,
                    teller=not reason,
                    grunn=reason,
                )
            )

        counted = sum(1 for p in people if p.teller)
        reasons: list[str] = []
        if total < MIN_KURSTIMER * 60:
            reasons.append(
                _g(
                    "Kurset har %(timer)s kurstimer; minst %(min)s kreves (én kurstime er 60 minutter)."
                )
                % {"timer": _hours(total), "min": MIN_KURSTIMER}
            )
        if counted < MIN_DELTAKERE:
            reasons.append(
                _g(
                    "%(antall)s deltakere er %(alder)s år eller eldre ved årets slutt og har møtt "
                    "på minst 75 %% av timene; minst %(min)s kreves."
                )
                % {"antall": counted, "alder": MIN_ALDER, "min": MIN_DELTAKERE}
            )
        num, den = FYSISK_ANDEL
        if total == 0 or physical * den < total * num:
            reasons.append(
                _g(
                    "%(prosent)s %% av timene er holdt fysisk; minst 50 %% må være fysiske samlinger."
                )
                % {"prosent": _percent(physical, total)}
            )
        return Vurdering(
            godkjent=_kurs_godkjent(total, physical, counted),
            grunner=reasons,
            aar=aar,
            minutter=total,
            fysiske_minutter=physical,
            tellende_deltakere=counted,
            deltakere=people,
            ikke_sanntid_minutter=not_live,
        )


def _deltaker_grunn(aar: int, born: int | None, minutes: int, total: int) -> str:
    """Why a participant does not count for the course (empty when they do): the age at the
    end of the course's year, and the share of the course's hours attended."""
    num, den = OPPMOTE_ANDEL
    if born is None:
        return _g("fødselsår mangler")
    if aar - born < MIN_ALDER:
        return _g("under %(alder)s år ved utgangen av %(aar)s") % {"alder": MIN_ALDER, "aar": aar}
    if total == 0 or minutes * den < total * num:
        return _g("møtt på %(prosent)s %% av timene (minst 75 %% kreves)") % {
            "prosent": _percent(minutes, total)
        }
    return ""


def _kurs_godkjent(total: int, physical: int, counted: int) -> bool:
    """The course-level rules: enough hours, enough participants who count, held physically."""
    num, den = FYSISK_ANDEL
    return (
        total >= MIN_KURSTIMER * 60
        and counted >= MIN_DELTAKERE
        and total > 0
        and physical * den >= total * num
    )


@dataclass(frozen=True)
class Kursstatus:
    arrangor_id: int
    siste_samling: datetime.date
    minutter: int
    fysiske_minutter: int
    tellende_deltakere: int
    godkjent: bool


def _percent(part: int, whole: int) -> int:
    """Whole percent, rounded down: 74.9 % is shown as 74 %, never as a passing 75 %."""
    return (part * 100) // whole if whole else 0


def _hours(minutes: int) -> str:
    value = kurstimer(minutes).normalize()
    return f"{value:f}".replace(".", ",")


@dataclass(frozen=True)
class Deltakervurdering:
    deltaker: Kursdeltaker
    minutter: int
    prosent: int
    alder_ved_aarsslutt: int | None
    teller: bool
    grunn: str

    @property
    def timer(self) -> Decimal:
        return kurstimer(self.minutter)


@dataclass(frozen=True)
class Vurdering:
    godkjent: bool
    grunner: list[str]
    aar: int
    minutter: int
    fysiske_minutter: int
    tellende_deltakere: int
    deltakere: list[Deltakervurdering]
    # Minutes in held digital sessions that were not live: shown, never counted.
    ikke_sanntid_minutter: int = 0

    @property
    def kurstimer(self) -> Decimal:
        return kurstimer(self.minutter)

    @property
    def ikke_sanntid_timer(self) -> Decimal:
        return kurstimer(self.ikke_sanntid_minutter)

    @property
    def fysisk_prosent(self) -> int:
        return _percent(self.fysiske_minutter, self.minutter)


class Kursdeltaker(models.Model):
    """A participant: a member, or (courses are open to all) a non-member by name and birth year."""

    studietiltak = models.ForeignKey(
        Studietiltak,
        verbose_name=_("studietiltak"),
        on_delete=models.CASCADE,
        related_name="deltakere",
    )
    medlem = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("medlem"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kursdeltakelser",
    )
    navn = models.CharField(_("navn"), max_length=200, blank=True)
    fodselsaar = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)

    class Meta:
        verbose_name = _("kursdeltaker")
        verbose_name_plural = _("kursdeltakere")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["studietiltak", "medlem"],
                name="kursdeltaker_medlem_en_gang",
                violation_error_message=_("Medlemmet er allerede deltaker på kurset."),
            ),
            models.CheckConstraint(
                condition=Q(medlem__isnull=False) | (~Q(navn="") & Q(fodselsaar__isnull=False)),
                name="kursdeltaker_medlem_eller_navn",
                violation_error_message=_("Velg et medlem, eller skriv navn og fødselsår."),
            ),
        ]

    def __str__(self) -> str:
        return self.visningsnavn

    @property
    def visningsnavn(self) -> str:
        return self.medlem.navn if self.medlem_id else self.navn

    @property
    def fodselsaar_verdi(self) -> int | None:
        if self.medlem_id:
            return self.medlem.fodselsdato.year if self.medlem.fodselsdato else None
        return self.fodselsaar


class Oppmote(models.Model):
    """A participant's attendance at one session, in minutes (0 or no row when absent)."""

    samling = models.ForeignKey(
        Aktivitet, verbose_name=_("samling"), on_delete=models.CASCADE, related_name="oppmote"
    )
    deltaker = models.ForeignKey(
        Kursdeltaker, verbose_name=_("deltaker"), on_delete=models.CASCADE, related_name="oppmote"
    )
    minutter = models.PositiveIntegerField(_("minutter"))

    class Meta:
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøter")
        constraints = [
            models.UniqueConstraint(
                fields=["samling", "deltaker"],
                name="oppmote_en_per_deltaker_og_samling",
                violation_error_message=_("Samme deltaker er ført opp to ganger i samlingen."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.deltaker} – {self.samling}"

    @property
    def timer(self) -> Decimal:
        return kurstimer(self.minutter)


def oppmote_feil(
    studietiltak_id: int, samling_minutter: int | None, rader: list[tuple[Kursdeltaker, int]]
) -> dict[int, tuple[str, str]]:
    """Errors in a session's attendance rows, by row index: ``(field, message)``.

    A participant must belong to the course and appear once; nobody attends longer than the
    session lasts, and nobody attends a negative time."""
    errors: dict[int, tuple[str, str]] = {}
    seen: set[int] = set()
    for index, (deltaker, minutter) in enumerate(rader):
        if deltaker.studietiltak_id != studietiltak_id:
            errors[index] = ("deltaker", _g("Deltakeren er ikke med på dette kurset."))
        elif deltaker.pk in seen:
            errors[index] = (
                "deltaker",
                _g("%(navn)s er ført opp to ganger i samlingen.") % {"navn": deltaker},
            )
        elif minutter < 0:
            errors[index] = ("timer", _g("Timene kan ikke være negative."))
        elif samling_minutter is not None and minutter > samling_minutter:
            errors[index] = (
                "timer",
                _g("Mer enn samlingens lengde (%(timer)s timer).")
                % {"timer": _hours(samling_minutter)},
            )
        seen.add(deltaker.pk)
    return errors
