"""The dashboard's target on the result (``Maaling.VALGRESULTAT``): the party's share of the
votes in the county at the plan year's election; per chapter, its municipality's share.

Registered into the dashboard's sources from ``AktiviteterConfig.ready``, with the comparison
panel (``panel``) the dashboards show. Four queries whatever the number of chapters or rows:
the year's election, its rows, the election before and that one's rows."""

from __future__ import annotations

from django.utils.translation import gettext as _

from aktiviteter.dashbord.base import Cell, Measurement, Point, dec
from aktiviteter.dashbord.format import number
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.scope import Scope
from aktiviteter.valg.models import Valg, Valgresultat
from aktiviteter.valg.resultatvisning import (
    fylkessum,
    godkjente_for,
    kommune_for_nummer,
    resultatpanel,
)


def oppslutning(maal: Maal, scope: Scope) -> Measurement:
    valg = Valg.objects.for_aar(scope.aar).order_by("-dato").first()
    if valg is None:
        return Measurement(
            value=None,
            aggregation="ratio",
            measurable=False,
            notes=[_("Det er ikke noe valg i %(aar)s.") % {"aar": scope.aar}],
        )
    rows = list(Valgresultat.objects.filter(valg=valg).select_related("kommune"))
    forrige = valg.forrige()
    forrige_sum = (
        fylkessum(Valgresultat.objects.filter(valg=forrige)) if forrige is not None else None
    )
    notes = []
    series = []
    if forrige_sum is not None and forrige_sum.andel is not None:
        notes.append(
            _("Forrige valg (%(valg)s): %(andel)s %%")
            % {"valg": forrige, "andel": number(forrige_sum.andel)}
        )
        series.append(Point(str(forrige.aar), dec(forrige_sum.andel)))
    if not rows:
        notes.insert(
            0,
            _("Valgdagen er %(dato)s; ingen resultater er registrert ennå.")
            % {"dato": valg.dato.strftime("%d.%m.%Y")},
        )
        return Measurement(value=None, aggregation="ratio", notes=notes, series=series)
    total = fylkessum(rows)
    cells: dict[int, Cell] = {}
    counted: set[int] = set()
    kommuner = [r.kommune for r in rows]
    by_kommune = {r.kommune_id: r for r in rows}
    for chapter in scope.chapters:
        kommune = kommune_for_nummer(chapter.kommunenummer, kommuner)
        if kommune is None:
            continue
        r = by_kommune[kommune.pk]
        godkjente, _anslatt = godkjente_for(r)
        # A municipality's votes count once in a district's sum, on its Sp chapter.
        once = chapter.pk in scope.universe and kommune.pk not in counted
        if once:
            counted.add(kommune.pk)
        cells[chapter.pk] = Cell(
            value=dec(r.andel),
            num=r.stemmer if once else 0,
            den=(godkjente or 0) if once else 0,
            note=_("demotall") if r.demo else "",
        )
    value = dec(total.andel)
    series.append(Point(str(valg.aar), value))
    if total.anslatt:
        notes.append(_("Anslått: noen kommuner mangler godkjente stemmer."))
    if any(r.demo for r in rows):
        notes.append(_("Demotall: oppdiktede tall fra demodataene."))
    return Measurement(
        value=value,
        chapters=cells,
        aggregation="ratio",
        series=series,
        series_kind="bars",
        notes=notes,
    )


def panel(user, aar: int, today, lokallag=None) -> dict | None:
    """The dashboards' comparison of the latest election (in the plan year or before) with the
    one before: the county and the biggest movers, or the chapter's own municipality."""
    if lokallag is not None and not lokallag.kommunenummer:
        return None
    data = resultatpanel(aar, lokallag.kommunenummer if lokallag is not None else None)
    if data is None or (lokallag is not None and data.egen is None):
        return None
    return {
        "mal": "aktiviteter/valg/_dashbord_resultater.html",
        "oversikt": data.oversikt,
        "opp": data.opp,
        "ned": data.ned,
        "egen": data.egen,
    }
