"""The date plan: items of the year's plan held, upcoming and overdue.

An item is overdue when its last day has passed and it is still planned (nobody has marked it
held or cancelled), as ``DatoplanpunktQuerySet.forfalt`` says; cancelled items do not count.
Only an item's current status is stored, not when it changed, so the plan is measured as it
stands today (a past year's items still planned are overdue now)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aktiviteter.aktivitet.models import Status
from aktiviteter.dashbord.base import Cell, Measurement, Point
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.scope import Scope
from aktiviteter.datoplan.models import Datoplanpunkt


def date_plan(maal: Maal, scope: Scope) -> Measurement:
    """Overdue items (the value), with held and upcoming beside them: one grouped query, per
    chapter responsible (``ansvarlig_enhet``); the county's own items have no chapter."""
    today = scope.today
    planned = Q(status=Status.PLANLAGT)
    passed = Q(til_dato__lt=today) | Q(til_dato__isnull=True, fra_dato__lt=today)
    rows = (
        Datoplanpunkt.objects.filter(plan__aar=scope.aar)
        .order_by()
        .values("ansvarlig_enhet_id")
        .annotate(
            alle=Count("pk"),
            avlyst=Count("pk", filter=Q(status=Status.AVLYST)),
            avholdt=Count("pk", filter=Q(status=Status.AVHOLDT)),
            kommende=Count("pk", filter=planned & ~passed),
            forfalt=Count("pk", filter=planned & passed),
        )
    )
    totals = {"alle": 0, "avlyst": 0, "avholdt": 0, "kommende": 0, "forfalt": 0}
    per_chapter: dict[int, dict[str, int]] = {}
    for row in rows:
        for key in totals:
            totals[key] += row[key]
        if row["ansvarlig_enhet_id"] is not None:
            per_chapter[row["ansvarlig_enhet_id"]] = row
    if not totals["alle"]:
        return Measurement(
            value=None,
            measurable=False,
            notes=[_("Datoplanen for %(aar)s har ingen punkter.") % {"aar": scope.aar}],
        )

    cells: dict[int, Cell] = {}
    for chapter in scope.chapters:
        row = per_chapter.get(chapter.pk)
        counted = row and row["alle"] - row["avlyst"]
        if not counted:
            cells[chapter.pk] = Cell()
            continue
        cells[chapter.pk] = Cell(
            value=Decimal(row["forfalt"]),
            note=ngettext("ansvarlig for %(n)s punkt", "ansvarlig for %(n)s punkter", counted)
            % {"n": counted},
        )
    m = Measurement(
        value=Decimal(totals["forfalt"]),
        chapters=cells,
        series_kind="distribution",
        series=[
            Point(_("avholdt"), Decimal(totals["avholdt"])),
            Point(_("kommende"), Decimal(totals["kommende"])),
            Point(_("forfalt"), Decimal(totals["forfalt"])),
        ],
    )
    m.notes.append(
        _("Avholdt: %(avholdt)s, kommende: %(kommende)s, forfalt: %(forfalt)s.") % totals
    )
    if totals["avlyst"]:
        m.notes.append(
            ngettext(
                "%(n)s avlyst punkt telles ikke.",
                "%(n)s avlyste punkter telles ikke.",
                totals["avlyst"],
            )
            % {"n": totals["avlyst"]}
        )
    return m
