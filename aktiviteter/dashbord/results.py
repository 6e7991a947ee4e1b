"""A target's result as the pages show it: value, goal, status, details, chart, drill-down."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.models.typer import FYLKESTYPER
from aktiviteter.dashbord.base import Cell, Measurement
from aktiviteter.dashbord.charts import Chart, bar_chart, line_chart
from aktiviteter.dashbord.format import number
from aktiviteter.dashbord.models import Maal, Maalart, Maaling, Periode, Terskelvurdering
from aktiviteter.dashbord.scope import Scope
from aktiviteter.dashbord.status import Tilstand, comparison, expected_by_now, judge
from lokallag.models import Lokallag


@dataclass
class Resultat:
    maal: Maal
    measurement: Measurement
    tilstand: Tilstand
    value_text: str
    goal_text: str
    details: list[str]
    chart: Chart
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return unit_of(self.maal)


def unit_of(maal: Maal) -> str:
    if maal.art == Maalart.DEKNING or maal.spec.percent:
        return "\u00a0%"
    return ""


def cell_text(maal: Maal, cell: Cell) -> str:
    if maal.art == Maalart.DEKNING or cell.covered is not None:
        if cell.covered is None:
            return "–"
        return _("Ja") if cell.covered else _("Nei")
    if cell.value is None:
        return "–"
    return f"{number(cell.value)}{unit_of(maal)}"


def cell_sort_key(cell: Cell) -> Decimal | None:
    if cell.covered is not None:
        return Decimal(1 if cell.covered else 0)
    return cell.value


def _period_word(periode: str) -> str:
    return _("hvert halvår") if periode == Periode.HALVAAR else _("hvert kvartal")


def value_text(maal: Maal, m: Measurement) -> str:
    if m.value is None:
        return "–"
    if maal.art == Maalart.DEKNING:
        return _("%(prosent)s %% (%(antall)s av %(alle)s lag)") % {
            "prosent": number(m.value),
            "antall": m.covered if m.covered is not None else "–",
            "alle": m.universe if m.universe is not None else "–",
        }
    if maal.art == Maalart.TERSKEL:
        # Both figures, the judged one first: the share of meetings that reached the goal
        # and the average can tell different stories (30.1 on average, 17 of 42 below 30).
        figures = {
            "naadd": m.reached,
            "n": m.occurrences,
            "mal": number(maal.maalverdi),
            "andel": number(m.share_meeting),
            "snitt": number(m.value),
        }
        if maal.vurdering == Terskelvurdering.SNITT:
            return _("%(snitt)s i snitt; %(naadd)s av %(n)s møter hadde minst %(mal)s") % figures
        return (
            _("%(naadd)s av %(n)s møter hadde minst %(mal)s (%(andel)s %%); snitt %(snitt)s")
            % figures
        )
    if maal.art == Maalart.ANTALL and maal.periode != Periode.AAR:
        return _("%(antall)s av %(alle)s") % {"antall": number(m.value), "alle": len(m.periods)}
    return f"{number(m.value)}{unit_of(maal)}"


def goal_text(maal: Maal, m: Measurement) -> str:
    unit = unit_of(maal)
    goal = number(maal.maalverdi)
    if maal.art == Maalart.ANTALL and maal.periode != Periode.AAR:
        return _("minst %(mal)s %(periode)s") % {"mal": goal, "periode": _period_word(maal.periode)}
    if maal.art == Maalart.ANTALL:
        return _("minst %(mal)s") % {"mal": f"{goal}{unit}"}
    if maal.art == Maalart.TERSKEL:
        if maal.vurdering == Terskelvurdering.SNITT:
            return _("minst %(mal)s i snitt per møte") % {"mal": goal}
        return _("minst %(mal)s på hvert møte") % {"mal": goal}
    if maal.art == Maalart.DEKNING:
        return _("%(mal)s %% av lokallagene") % {"mal": goal}
    if maal.art == Maalart.HOYST:
        return _("høyst %(mal)s") % {"mal": f"{goal}{unit}"}
    target = comparison(maal, m)
    if target is None:
        return _("mer enn i fjor")
    source = _("grunnlinje") if maal.grunnlinje is not None else _("i fjor")
    return _("mer enn %(verdi)s (%(kilde)s)") % {
        "verdi": f"{number(target)}{unit}",
        "kilde": source,
    }


def threshold_definition(maal: Maal) -> str:
    """The rule of a threshold per meeting in words, shown wherever the target is."""
    if maal.vurdering == Terskelvurdering.SNITT:
        return _(
            "Vurderes på snittet: nådd når snittet per møte med registrert antall er minst "
            "%(mal)s. I rute når snittet av de fire siste møtene er det."
        ) % {"mal": number(maal.maalverdi)}
    return _(
        "Vurderes per møte: nådd når hvert møte med registrert antall har hatt minst "
        "%(mal)s deltakere. Ett møte under er nok til at målet ikke er nådd."
    ) % {"mal": number(maal.maalverdi)}


def details(maal: Maal, m: Measurement, fraction: float) -> list[str]:
    lines = []
    expected = expected_by_now(maal, m, fraction)
    if expected is not None and m.value is not None:
        lines.append(
            _("Forventet så langt (forholdsmessig): %(verdi)s")
            % {"verdi": f"{number(expected)}{unit_of(maal)}"}
        )
    if maal.art == Maalart.TERSKEL:
        lines.append(threshold_definition(maal))
    if maal.art == Maalart.TERSKEL and m.occurrences and maal.vurdering == Terskelvurdering.SNITT:
        lines.append(
            _("Snitt siste %(n)s møter: %(snitt)s")
            % {"n": min(4, m.occurrences), "snitt": number(m.rolling)}
        )
    if maal.art == Maalart.ANTALL and maal.periode != Periode.AAR:
        lines.extend(f"{label}: {count}" for label, count, _done in m.periods)
    if maal.art == Maalart.VEKST and maal.grunnlinje is not None and m.last_year is not None:
        lines.append(_("I fjor: %(verdi)s") % {"verdi": f"{number(m.last_year)}{unit_of(maal)}"})
    if (
        maal.art in (Maalart.ANTALL, Maalart.DEKNING)
        and maal.periode == Periode.AAR
        and m.last_year is not None
    ):
        lines.append(_("I fjor: %(verdi)s") % {"verdi": f"{number(m.last_year)}{unit_of(maal)}"})
    if maal.frist:
        lines.append(_("Frist: %(dato)s") % {"dato": f"{maal.frist:%d.%m.%Y}"})
    lines.extend(m.notes)
    return lines


def chart_for(
    maal: Maal, m: Measurement, *, series=None, size=(220, 56), suffix="", county: bool = True
) -> Chart:
    """The target's chart; ``county=False`` draws a chapter's own series without the county's
    goal (a chapter's few members against the county's 50 would mislead)."""
    chart_id = f"graf-{maal.pk}{suffix}"
    unit = unit_of(maal)
    series = m.series if series is None else series
    if not county:
        return line_chart(chart_id, maal.navn, series, unit=unit, size=size)
    if m.series_kind in ("bars", "periods"):
        return bar_chart(
            chart_id,
            maal.navn,
            series,
            goal=maal.maalverdi,
            goal_label=_("mål"),
            unit=unit,
            size=size,
        )
    if m.series_kind == "distribution":
        return bar_chart(chart_id, maal.navn, series, unit="", size=size, mark_below=False)
    goal = None
    label = _("mål")
    last_year = None
    if maal.art == Maalart.VEKST:
        if maal.spec.cumulative and maal.grunnlinje is None:
            last_year = m.last_year_series
        else:
            goal = comparison(maal, m)
            label = _("grunnlinje") if maal.grunnlinje is not None else _("i fjor")
    elif maal.art in (Maalart.ANTALL, Maalart.DEKNING):
        goal = maal.maalverdi
    return line_chart(
        chart_id,
        maal.navn,
        series,
        goal=goal,
        goal_label=label,
        last_year=last_year,
        unit=unit,
        size=size,
    )


def drill_down(maal: Maal, scope: Scope, chapter: Lokallag | None = None) -> list[tuple[str, str]]:
    """Links to the lists behind the number, with the filters those lists have."""
    current_year = scope.aar == scope.today.year
    members = reverse("medlemmer:list")
    chapter_filter = {"lokallag": chapter.pk} if chapter else {}

    def url(base: str, params: dict) -> str:
        return f"{base}?{urlencode(params)}" if params else base

    chapters_link = (
        (_("Lokallaget"), chapter.get_absolute_url())
        if chapter
        else (_("Lokallagene"), reverse("lokallag:list"))
    )
    kind = maal.maaling
    if kind in (Maaling.NYE_MEDLEMMER, Maaling.NYE_SU_MEDLEMMER):
        if not current_year:
            return []
        params = {"status": "nye", **chapter_filter}
        if kind == Maaling.NYE_SU_MEDLEMMER:
            params["tilknytning"] = "su"
        return [(_("Nye medlemmer i år"), url(members, params))]
    if kind in (Maaling.SU_MEDLEMMER, Maaling.KVINNEANDEL):
        if not current_year:
            return []
        params = {"tilknytning": "su"} if kind == Maaling.SU_MEDLEMMER else {"kjonn": "K"}
        label = _("Medlemmer i Senterungdommen") if kind == Maaling.SU_MEDLEMMER else _("Kvinner")
        return [(label, url(members, {**params, **chapter_filter}))]
    if kind in (Maaling.AKTIVITETER, Maaling.DELTAKERE):
        params = {
            "type": maal.aktivitetstype,
            "fra": scope.start.isoformat(),
            "til": scope.end(maal).isoformat(),
        }
        if chapter and maal.aktivitetstype not in FYLKESTYPER:
            params.update(chapter_filter)
        return [(maal.get_aktivitetstype_display(), url(reverse("aktiviteter:list"), params))]
    if kind in (Maaling.STUDIETIMER, Maaling.KURS):
        return [(_("Studiearbeid"), url(reverse("aktiviteter:course_list"), {"aar": scope.aar}))]
    if kind == Maaling.DATOPLAN:
        # The timeline filters by year only; its items name the chapter responsible.
        return [(_("Datoplanen"), url(reverse("datoplan:index"), {"aar": scope.aar}))]
    return [chapters_link]


def evaluate(maal: Maal, m: Measurement, scope: Scope) -> Resultat:
    fraction = scope.fraction(maal)
    return Resultat(
        maal=maal,
        measurement=m,
        tilstand=judge(maal, m, fraction),
        value_text=value_text(maal, m),
        goal_text=goal_text(maal, m),
        details=details(maal, m, fraction),
        chart=chart_for(maal, m),
        links=drill_down(maal, scope),
    )
