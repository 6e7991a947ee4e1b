"""The plan's targets (``Maal``) per plan year.

A target is data, not code: it names *what is measured* (``Maaling``, with optional
parameters such as an activity type or a study plan) and *what kind of goal* it is
(``Maalart``: a count, a threshold per occurrence, a coverage share of the chapters, growth
over last year, or a ceiling such as «none overdue»). ``aktiviteter.dashbord`` computes every
measurement with aggregate queries; ``MAALINGER`` below says which kinds each measurement
supports and which parameters it needs, so an admin can add targets in the portal without code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.models.typer import Aktivitetstype
from aktiviteter.studier.models import Studieplan
from buskerud_sp.core.access import access_for
from lokallag.models import Rolle


class Maalart(models.TextChoices):
    ANTALL = "antall", _("Antall eller nivå: minst målverdien")
    TERSKEL = "terskel", _("Terskel per gang: minst målverdien hver gang")
    DEKNING = "dekning", _("Dekning: andel av lokallagene (prosent)")
    VEKST = "vekst", _("Vekst: mer enn i fjor (eller enn grunnlinjen)")
    HOYST = "hoyst", _("Høyst: ikke mer enn målverdien (f.eks. 0 forfalte)")


class Terskelvurdering(models.TextChoices):
    """How a threshold per occurrence (the Tuesday calls' «at least 30») is judged. Both
    figures are always shown; this decides which one says «met»."""

    HVER_GANG = "hver_gang", _("Hvert møte: nådd når hvert møte har hatt minst målverdien")
    SNITT = "snitt", _("Snittet: nådd når snittet per møte er minst målverdien")


class Periode(models.TextChoices):
    AAR = "aar", _("I løpet av året")
    HALVAAR = "halvaar", _("Hvert halvår")
    KVARTAL = "kvartal", _("Hvert kvartal")


class Maaling(models.TextChoices):
    NYE_MEDLEMMER = "nye_medlemmer", _("Nye medlemmer (innmeldt i året)")
    NYE_SU_MEDLEMMER = "nye_su_medlemmer", _("Nye medlemmer i Senterungdommen")
    SU_MEDLEMMER = "su_medlemmer", _("Medlemmer i Senterungdommen")
    SU_LOKALLAG = "su_lokallag", _("Senterungdommen-lag med medlemmer")
    KVINNEANDEL = "kvinneandel", _("Andel kvinner blant medlemmene (prosent)")
    VERV = "verv", _("Lokallag med et gjeldende verv")
    AKTIVITETER = "aktiviteter", _("Avholdte aktiviteter av en type")
    DELTAKERE = "deltakere", _("Deltakere per møte av en type")
    AKTIVE_LAG = "aktive_lag", _("Lokallag med aktivitet siste dager")
    STUDIETIMER = "studietimer", _("Studietimer i kurs som oppfyller SpS-kravene")
    KURS = "kurs", _("Kurs på en studieplan")
    SOSIALE_MEDIER = "sosiale_medier", _("Lokallag med oppdaterte sosiale medier")
    DATOPLAN = "datoplan", _("Forfalte punkter i datoplanen (passert, ikke avholdt)")
    ARSMOTE = (
        "arsmote",
        _(
            "Lokallag med årsmøtet holdt, årsmeldingen levert og nytt styre registrert innen fristen"
        ),
    )
    VALGKAMP = "valgkamp", _("Lokallag som har nådd valgkampmålene sine innen fristene")
    VALGRESULTAT = "valgresultat", _("Oppslutning ved valget (prosent av stemmene i fylket)")


@dataclass(frozen=True)
class MaalingSpec:
    """What a measurement supports. ``cumulative`` measurements add up through the year (their
    status is judged pro rata); the others are a state on a day."""

    arter: frozenset[str]
    cumulative: bool
    params: frozenset[str] = frozenset()
    percent: bool = False


A = Maalart
MAALINGER: dict[str, MaalingSpec] = {
    Maaling.NYE_MEDLEMMER: MaalingSpec(frozenset({A.ANTALL, A.VEKST, A.DEKNING}), True),
    Maaling.NYE_SU_MEDLEMMER: MaalingSpec(frozenset({A.ANTALL, A.VEKST}), True),
    Maaling.SU_MEDLEMMER: MaalingSpec(frozenset({A.ANTALL, A.VEKST}), False),
    Maaling.SU_LOKALLAG: MaalingSpec(frozenset({A.ANTALL, A.VEKST}), False),
    Maaling.KVINNEANDEL: MaalingSpec(frozenset({A.ANTALL, A.VEKST}), False, percent=True),
    Maaling.VERV: MaalingSpec(frozenset({A.DEKNING}), False, frozenset({"rolle"})),
    Maaling.AKTIVITETER: MaalingSpec(
        frozenset({A.ANTALL, A.VEKST, A.DEKNING}), True, frozenset({"aktivitetstype"})
    ),
    Maaling.DELTAKERE: MaalingSpec(frozenset({A.TERSKEL}), True, frozenset({"aktivitetstype"})),
    Maaling.AKTIVE_LAG: MaalingSpec(frozenset({A.DEKNING}), False, frozenset({"dager"})),
    Maaling.STUDIETIMER: MaalingSpec(frozenset({A.ANTALL, A.VEKST}), True),
    Maaling.KURS: MaalingSpec(
        frozenset({A.ANTALL, A.VEKST, A.DEKNING}), True, frozenset({"studieplan"})
    ),
    Maaling.SOSIALE_MEDIER: MaalingSpec(frozenset({A.DEKNING}), False, frozenset({"dager"})),
    Maaling.DATOPLAN: MaalingSpec(frozenset({A.HOYST}), False),
    # Measured by the annual meeting slice, which registers its source (AktiviteterConfig.ready).
    Maaling.ARSMOTE: MaalingSpec(frozenset({A.DEKNING}), False),
    # Measured by the election slice (valg), which registers its sources.
    Maaling.VALGKAMP: MaalingSpec(frozenset({A.DEKNING}), False),
    Maaling.VALGRESULTAT: MaalingSpec(frozenset({A.ANTALL}), False, percent=True),
}


class MaalQuerySet(models.QuerySet):
    def for_aar(self, aar: int):
        return self.filter(aar=aar)

    def aktive(self):
        return self.filter(aktiv=True)

    def visible_to(self, user):
        """Targets are the county's plan: every reader of the dashboard sees them all (a
        chapter leader sees only the chapter's contribution, decided by the dashboard)."""
        access = access_for(user)
        return self if (access.sees_all_chapters or access.is_officer) else self.none()


class Maal(models.Model):
    """One target of the plan for one year, as the county annual meeting approved it."""

    aar = models.PositiveSmallIntegerField(_("planår"))
    navn = models.CharField(_("navn"), max_length=120)
    beskrivelse = models.TextField(
        _("fra virksomhetsplanen"), blank=True, help_text=_("Planens ordlyd eller en forklaring.")
    )
    maaling = models.CharField(_("hva som måles"), max_length=30, choices=Maaling.choices)
    art = models.CharField(_("type mål"), max_length=10, choices=Maalart.choices)
    maalverdi = models.DecimalField(
        _("målverdi"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Antall, terskel eller prosent. Ved vekst: tomt (mer enn i fjor)."),
    )
    grunnlinje = models.DecimalField(
        _("grunnlinje"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Ved vekst: sammenlign med dette tallet i stedet for fjoråret."),
    )
    periode = models.CharField(
        _("periode"), max_length=10, choices=Periode.choices, default=Periode.AAR
    )
    vurdering = models.CharField(
        _("vurderes etter"),
        max_length=10,
        choices=Terskelvurdering.choices,
        default=Terskelvurdering.HVER_GANG,
        help_text=_(
            "Gjelder terskel per gang. Dashbordet viser alltid både andelen møter som nådde "
            "målverdien og snittet; dette velger hvilket av dem som avgjør om målet er nådd."
        ),
    )
    frist = models.DateField(
        _("frist"),
        null=True,
        blank=True,
        help_text=_("Når målet skal være nådd, f.eks. valgdagen. Tomt: årets slutt."),
    )
    aktivitetstype = models.CharField(
        _("aktivitetstype"), max_length=30, choices=Aktivitetstype.choices, blank=True
    )
    kun_ute_med_temamote = models.BooleanField(
        _("bare møter holdt ute i et lokallag og kombinert med temamøte"), default=False
    )
    studieplan = models.CharField(
        _("studieplan"), max_length=20, choices=Studieplan.choices, blank=True
    )
    rolle = models.CharField(_("verv"), max_length=30, choices=Rolle.choices, blank=True)
    dager = models.PositiveSmallIntegerField(
        _("antall dager"), null=True, blank=True, help_text=_("Aktivitet eller oppdatering siste …")
    )
    rekkefolge = models.PositiveSmallIntegerField(_("rekkefølge"), default=100)
    aktiv = models.BooleanField(
        _("vises på dashbordet"), default=True, help_text=_("Skjul målet uten å slette det.")
    )
    # Set on the targets created from the plan, so that creating them again finds them.
    kode = models.SlugField(_("kode"), max_length=40, blank=True, editable=False)
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)
    endret = models.DateTimeField(_("endret"), auto_now=True)

    objects = MaalQuerySet.as_manager()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["aar", "rekkefolge", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["aar", "kode"], condition=~Q(kode=""), name="maal_kode_unik_per_aar"
            ),
            models.CheckConstraint(
                condition=Q(aar__gte=2000, aar__lte=2100), name="maal_aar_rimelig"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.navn} ({self.aar})"

    def get_absolute_url(self) -> str:
        return reverse("dashbord:maal_detail", kwargs={"pk": self.pk})

    @property
    def spec(self) -> MaalingSpec:
        return MAALINGER[self.maaling]

    @property
    def sluttdato(self) -> datetime.date:
        """The day the target is judged: the deadline, or the end of the plan year."""
        return self.frist or datetime.date(self.aar, 12, 31)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        spec = MAALINGER.get(self.maaling)
        if spec is None:
            raise ValidationError({"maaling": _("Velg hva som måles.")})
        if self.art and self.art not in spec.arter:
            labels = ", ".join(str(Maalart(a).label).split(":")[0].lower() for a in spec.arter)
            errors["art"] = _("Denne målingen kan bare brukes som: %(arter)s.") % {"arter": labels}
        if "aktivitetstype" in spec.params and not self.aktivitetstype:
            errors["aktivitetstype"] = _("Velg aktivitetstypen som telles.")
        if "studieplan" in spec.params and not self.studieplan:
            errors["studieplan"] = _("Velg studieplanen.")
        if "rolle" in spec.params and not self.rolle:
            errors["rolle"] = _("Velg vervet.")
        if "dager" in spec.params and not self.dager:
            errors["dager"] = _("Oppgi antall dager.")
        if self.art in (A.ANTALL, A.TERSKEL, A.DEKNING, A.HOYST) and self.maalverdi is None:
            errors["maalverdi"] = _("Oppgi målverdien.")
        if self.maalverdi is not None and self.maalverdi < 0:
            errors["maalverdi"] = _("Målverdien kan ikke være negativ.")
        percent = self.art == A.DEKNING or (spec.percent and self.art == A.ANTALL)
        if percent and self.maalverdi is not None and self.maalverdi > 100:
            errors["maalverdi"] = _("En andel kan ikke være over 100 %.")
        if self.periode != Periode.AAR and (self.art != A.ANTALL or not spec.cumulative):
            errors["periode"] = _("Halvår og kvartal gjelder bare antall som telles opp.")
        if self.kun_ute_med_temamote and self.maaling != Maaling.AKTIVITETER:
            errors["kun_ute_med_temamote"] = _("Gjelder bare telling av aktiviteter.")
        if self.frist and self.aar and self.frist.year != self.aar:
            errors["frist"] = _("Fristen må være i planåret (%(aar)s).") % {"aar": self.aar}
        if self.vurdering == Terskelvurdering.SNITT and self.art != A.TERSKEL:
            errors["vurdering"] = _("Snitt per møte gjelder bare mål med terskel per gang.")
        if self.frist and self.periode != Periode.AAR:
            errors["frist"] = _("En frist passer ikke med mål per halvår eller kvartal.")
        if errors:
            raise ValidationError(errors)
