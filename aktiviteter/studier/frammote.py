"""The attendance form («frammøteskjema») SpS asks for: the course, its organiser and study
plan, and each participant's hours per session date (0 when absent), as XLSX and PDF."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from aktiviteter.aktivitet.models.typer import kurstimer
from aktiviteter.studier.models import Studietiltak, Vurdering
from buskerud_sp.core.spreadsheets import xlsx_cell


@dataclass(frozen=True)
class Rad:
    navn: str
    fodselsaar: int | None
    medlem: bool
    timer: list[Decimal]
    sum: Decimal


@dataclass(frozen=True)
class Frammoteskjema:
    tittel: str
    arrangor: str
    studieplan: str
    kursleder: str
    aar: int
    datoer: list[datetime.date]
    samlingstimer: list[Decimal]
    fysisk: list[bool]
    rader: list[Rad]
    vurdering: Vurdering

    @property
    def ikke_sanntid_merknad(self) -> str:
        """Why hours the leader registered are missing from the sheet (empty when none are)."""
        if not self.vurdering.ikke_sanntid_minutter:
            return ""
        return _("%(timer)s timer i digitale samlinger som ikke var i sanntid, teller ikke.") % {
            "timer": number_format(self.vurdering.ikke_sanntid_timer, 2)
        }

    @property
    def sum_timer(self) -> Decimal:
        return sum(self.samlingstimer, Decimal(0))

    @property
    def kolonner(self) -> list[tuple[datetime.date, Decimal, bool]]:
        return list(zip(self.datoer, self.samlingstimer, self.fysisk, strict=True))


def frammoteskjema(studietiltak: Studietiltak) -> Frammoteskjema:
    """Build the form from a course fetched with ``med_vurderingsgrunnlag()``.

    Only sessions whose hours count for SpS are columns (a digital session that was not live
    is left out), so that the sheet's sums agree with ``Studietiltak.vurdering``."""
    sessions = [s for s in studietiltak.tellende_samlinger() if s.teller_for_sps]
    minutes = {
        (row.deltaker_id, session.pk): row.minutter
        for session in sessions
        for row in session.oppmote.all()
    }
    rows = []
    for deltaker in studietiltak.deltakere.all():
        hours = [kurstimer(minutes.get((deltaker.pk, s.pk), 0)) for s in sessions]
        rows.append(
            Rad(
                navn=deltaker.visningsnavn,
                fodselsaar=deltaker.fodselsaar_verdi,
                medlem=deltaker.medlem_id is not None,
                timer=hours,
                sum=kurstimer(sum(minutes.get((deltaker.pk, s.pk), 0) for s in sessions)),
            )
        )
    return Frammoteskjema(
        tittel=studietiltak.tittel,
        arrangor=studietiltak.arrangor.navn,
        studieplan=studietiltak.studieplan_tekst,
        kursleder=studietiltak.kursleder.navn,
        aar=studietiltak.aar,
        datoer=[s.dato for s in sessions],
        samlingstimer=[s.kurstimer for s in sessions],
        fysisk=[not s.digitalt for s in sessions],
        rader=rows,
        vurdering=studietiltak.vurdering(),
    )


# Worksheet layout: the header block, then the table (readers of the file rely on it).
HEADER_ROW = 8
FIRST_DATE_COLUMN = 3


def as_xlsx(skjema: Frammoteskjema) -> bytes:
    """Every value goes through ``xlsx_cell``: titles and names are user text and must never
    become formulas."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Frammøteskjema")
    bold = Font(bold=True)
    title = xlsx_cell(ws, 1, 1, _("Frammøteskjema – Senterpartiets Studieforbund"))
    title.font = Font(bold=True, size=14)
    for row, (label, value) in enumerate(
        [
            (_("Kurs"), skjema.tittel),
            (_("Arrangør"), skjema.arrangor),
            (_("Studieplan"), skjema.studieplan),
            (_("Kursleder"), skjema.kursleder),
            (_("År"), skjema.aar),
        ],
        start=2,
    ):
        xlsx_cell(ws, row, 1, label).font = bold
        xlsx_cell(ws, row, 2, value)

    headers = [_("Deltaker"), _("Fødselsår")]
    for col, label in enumerate(headers, start=1):
        xlsx_cell(ws, HEADER_ROW, col, label).font = bold
    for offset, day in enumerate(skjema.datoer):
        cell = xlsx_cell(ws, HEADER_ROW, FIRST_DATE_COLUMN + offset, day)
        cell.number_format = "DD.MM.YYYY"
        cell.font = bold
    sum_col = FIRST_DATE_COLUMN + len(skjema.datoer)
    xlsx_cell(ws, HEADER_ROW, sum_col, _("Sum timer")).font = bold

    row = HEADER_ROW
    for row, rad in enumerate(skjema.rader, start=HEADER_ROW + 1):
        xlsx_cell(ws, row, 1, rad.navn)
        xlsx_cell(ws, row, 2, rad.fodselsaar)
        for offset, hours in enumerate(rad.timer):
            cell = xlsx_cell(ws, row, FIRST_DATE_COLUMN + offset, float(hours))
            cell.number_format = "0.00"
        xlsx_cell(ws, row, sum_col, float(rad.sum)).number_format = "0.00"

    footer = row + 1
    xlsx_cell(ws, footer, 1, _("Timer i samlingen")).font = bold
    xlsx_cell(ws, footer + 1, 1, _("Fysisk eller digitalt")).font = bold
    for offset, (_day, hours, physical) in enumerate(skjema.kolonner):
        col = FIRST_DATE_COLUMN + offset
        xlsx_cell(ws, footer, col, float(hours)).number_format = "0.00"
        xlsx_cell(ws, footer + 1, col, _("Fysisk") if physical else _("Digitalt"))
    xlsx_cell(ws, footer, sum_col, float(skjema.sum_timer)).number_format = "0.00"

    verdict = footer + 3
    xlsx_cell(ws, verdict, 1, _("Vurdering")).font = bold
    xlsx_cell(
        ws,
        verdict,
        2,
        _("Oppfyller SpS-kravene") if skjema.vurdering.godkjent else _("Oppfyller ikke"),
    )
    notes = [*skjema.vurdering.grunner]
    if skjema.ikke_sanntid_merknad:
        notes.append(skjema.ikke_sanntid_merknad)
    for index, note in enumerate(notes, start=1):
        xlsx_cell(ws, verdict + index, 2, note)

    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 12
    for col in range(FIRST_DATE_COLUMN, sum_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = 12
        ws.cell(row=HEADER_ROW, column=col).alignment = Alignment(horizontal="right")
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=FIRST_DATE_COLUMN)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def as_pdf(skjema: Frammoteskjema) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    html = render_to_string("aktiviteter/studier/frammoteskjema_pdf.html", {"skjema": skjema})
    return HTML(string=html).write_pdf()
