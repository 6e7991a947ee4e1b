"""The writes of an import: store the upload for the preview, apply it on confirmation (all or
nothing), cancel it. Views call these and nothing else."""

from __future__ import annotations

import contextlib
import datetime
import enum
import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.core import audit
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.dataversion import data_changed
from buskerud_sp.core.models import AuditAction
from medlemmer.models import ImportStatus, Medlemsimport

from . import stored as stored_rows
from .analysis import Analysis, parse_file, plan
from .matching import ChapterIndex, PhoneKeys
from .reader import ImportFileError, read_table
from .writing import insert_members, update_members

logger = logging.getLogger(__name__)

# A preview must be confirmed within this time; after that the file is wiped.
PREVIEW_LIFETIME = datetime.timedelta(hours=24)


class ConfirmResult(enum.Enum):
    IMPORTED = "imported"
    CHANGED = "changed"  # the register changed since the preview: a new preview is shown
    NOT_PENDING = "not_pending"  # already imported, cancelled or expired


def check_size(size: int) -> None:
    limit = settings.MEMBER_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            _("Fila er for stor (%(size)s). Største tillatte størrelse er %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def medlemsimport_create(
    *, uploaded_by, filename: str, data: bytes, ip: str | None = None
) -> Medlemsimport:
    """Analyse an uploaded file and keep it for the preview. Saves no member.

    Raises ``ImportFileError`` when the file as a whole cannot be used."""
    check_size(len(data))
    expire_stale_imports()
    analysis = _analyse(data)
    medlemsimport = Medlemsimport(
        filnavn=filename[:255], fil=data, opprettet_av=uploaded_by, status=ImportStatus.FORHANDSVIST
    )
    _record(medlemsimport, analysis, data)
    medlemsimport.save()
    audit.log(
        AuditContext(user=uploaded_by, ip=ip),
        AuditAction.IMPORT,
        obj=medlemsimport,
        data={"steg": "forhåndsvisning"},
    )
    return medlemsimport


def medlemsimport_confirm(
    *, medlemsimport: Medlemsimport, av=None, ip: str | None = None
) -> ConfirmResult:
    """Apply a previewed import in one transaction.

    The file's rows are planned again against the register as it is now (parsed again only
    when the rows kept with the preview may no longer be what parsing gives); if the plan
    differs from the one the admin saw, nothing is saved and the preview is updated instead."""
    now = timezone.now()
    with transaction.atomic():
        # Claiming with a conditional update makes a double click (or two admins) harmless:
        # the second request finds nothing left to claim.
        claimed = Medlemsimport.objects.filter(
            pk=medlemsimport.pk,
            status=ImportStatus.FORHANDSVIST,
            opprettet__gte=now - PREVIEW_LIFETIME,
        ).update(status=ImportStatus.IMPORTERT, fullfort=now)
        if not claimed:
            expire_stale_imports()
            return ConfirmResult.NOT_PENDING
        stored = Medlemsimport.objects.get(pk=medlemsimport.pk)
        data = bytes(stored.fil)
        analysis = _analyse(data, kept=bytes(stored.tolkning))
        if analysis.fingerprint != stored.rapport.get("fingeravtrykk"):
            stored.status, stored.fullfort = ImportStatus.FORHANDSVIST, None
            _record(stored, analysis, data)
            stored.save()
            return ConfirmResult.CHANGED
        with _gc_paused():
            _apply(analysis, now)
        _record(stored, analysis)
        stored.fil = stored.tolkning = b""
        stored.save()
        audit.log(
            AuditContext(user=av, ip=ip),
            AuditAction.IMPORT,
            obj=stored,
            data={
                "steg": "bekreftet",
                "nye": stored.antall_nye,
                "endret": stored.antall_endret,
                "avvist": stored.antall_avvist,
            },
        )
    logger.info(
        "Member import %s confirmed: %s created, %s updated, %s rejected",
        stored.pk,
        len(analysis.creates),
        len(analysis.updates),
        analysis.rejected,
    )
    return ConfirmResult.IMPORTED


def medlemsimport_cancel(*, medlemsimport: Medlemsimport) -> bool:
    """Drop a preview and wipe the file. False when it was no longer waiting."""
    return bool(
        Medlemsimport.objects.filter(pk=medlemsimport.pk, status=ImportStatus.FORHANDSVIST).update(
            status=ImportStatus.AVBRUTT, fullfort=timezone.now(), fil=b"", tolkning=b"", rapport={}
        )
    )


@dataclass(frozen=True)
class VentendeOmtale:
    """A pending import whose uploaded file has rows that name someone."""

    pk: int
    filnavn: str
    opprettet: datetime.datetime
    rader: list[int]


def ventende_importer_som_nevner(names: Callable[[str], bool]) -> list[VentendeOmtale]:
    """The pending previews whose uploaded file has a row (or header) that ``names`` finds,
    with the row numbers as the admin sees them in Excel."""
    found = []
    pending = (
        Medlemsimport.objects.filter(status=ImportStatus.FORHANDSVIST)
        .exclude(fil=b"")
        .order_by("opprettet")
    )
    for pk, filnavn, opprettet, data in pending.values_list("pk", "filnavn", "opprettet", "fil"):
        try:
            table = read_table(bytes(data))
        except ImportFileError:
            continue
        rows = [(table.header_row, table.headers), *table.rows]
        numbers = [
            number
            for number, cells in rows
            if names(" ".join(str(c) for c in cells if c is not None))
        ]
        if numbers:
            found.append(VentendeOmtale(pk, filnavn, opprettet, numbers))
    return found


def medlemsimport_cancel_naming(*, names: Callable[[str], bool]) -> int:
    """Cancel the previews whose uploaded file names someone being erased, wiping the file;
    returns how many. The file is kept as bytes, out of reach of the text walk that redacts
    mentions elsewhere, and confirming it later would bring the erased person back from it."""
    cancelled = 0
    for omtale in ventende_importer_som_nevner(names):
        cancelled += Medlemsimport.objects.filter(
            pk=omtale.pk, status=ImportStatus.FORHANDSVIST
        ).update(
            status=ImportStatus.AVBRUTT, fullfort=timezone.now(), fil=b"", tolkning=b"", rapport={}
        )
    return cancelled


def expire_stale_imports() -> int:
    """Previews nobody confirmed hold a copy of the register: wipe them after a day."""
    return Medlemsimport.objects.filter(
        status=ImportStatus.FORHANDSVIST, opprettet__lt=timezone.now() - PREVIEW_LIFETIME
    ).update(status=ImportStatus.UTLOPT, fil=b"", tolkning=b"", rapport={})


def _analyse(data: bytes, kept: bytes = b"") -> Analysis:
    """Analyse ``data``, from the ``kept`` rows of its preview when they are still valid."""
    with _gc_paused():
        phones = PhoneKeys()
        chapters = ChapterIndex.load()
        parsed = stored_rows.decode(kept, data, chapters.key, phones)
        if parsed is None:
            parsed = parse_file(data, chapters, phones)
        return plan(parsed, phones)


@contextlib.contextmanager
def _gc_paused():
    """An analysis (and writing its plan) builds millions of small objects (rows, values,
    index entries, lines), none of them in a cycle; the cycle collector would walk all of them
    again and again as they pile up (a third of the time of a national register). It runs
    again once the work is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _record(medlemsimport: Medlemsimport, analysis: Analysis, data: bytes | None = None) -> None:
    """The counts and the report of ``analysis``; with ``data``, also its parsed rows, for
    the confirmation."""
    medlemsimport.antall_nye = len(analysis.creates)
    medlemsimport.antall_endret = len(analysis.updates)
    medlemsimport.antall_uendret = analysis.unchanged
    medlemsimport.antall_avvist = analysis.rejected
    medlemsimport.rapport = analysis.report()
    if data is not None and analysis.parsed is not None:
        medlemsimport.tolkning = stored_rows.encode(analysis.parsed, data)


def _apply(analysis: Analysis, now: datetime.datetime) -> None:
    """Bulk writes only: a few statements for 100,000 rows, not one per row."""
    insert_members(analysis.creates, now)
    _apply_updates(analysis.updates, now)
    data_changed()  # bulk writes send no signals


def _apply_updates(updates: list[tuple[int, dict]], now: datetime.datetime) -> None:
    update_members(updates, now)
