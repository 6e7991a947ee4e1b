"""Delegates to the county's annual meeting: how many a chapter may send (the admin's rule for
the year, counted from the chapter's active members on the day it is read), the chapter's
list of delegates and deputies (vara), and the county secretariat's files (the list as CSV and
PDF, and name tags).

The chapter's officers and admins keep the list (``syklus.kan_styre``); the board reads it.
Every change is audited, and so is every download of the files: they carry member data.
The files hold only what the meeting needs: name, chapter, delegate or deputy, and in the
CSV alone the e-mail and phone the secretariat uses to reach the delegates.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett, Delegat
from aktiviteter.arsmote.services.syklus import kan_styre, lag_med_arsmote
from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction
from buskerud_sp.core.spreadsheets import csv_text
from lokallag.models import Niva
from medlemmer.models import Medlem

NAVNELAPPER_PER_SIDE = 8


# --- The allowed number ---------------------------------------------------------------------


def aktive_medlemmer(lokallag_id: int, dato: datetime.date | None = None) -> int:
    """The chapter's members on the day (today by default): the count the rule is read with."""
    return Medlem.objects.aktive(dato).filter(lokallag_id=lokallag_id).count()


def tillatt_for(oppsett: Arsmoteoppsett | None, arsmote: Arsmote, antall_medlemmer: int):
    """The rule applied: ``None`` while the admin has not set the year's rules, 0 for the
    county's own meeting (its delegates come from the chapters)."""
    if arsmote.lokallag.er_fylkeslag:
        return 0
    if oppsett is None:
        return None
    return oppsett.delegater_tillatt(antall_medlemmer)


def delegater_tillatt(arsmote: Arsmote, dato: datetime.date | None = None) -> int | None:
    """How many delegates the chapter may send to the county meeting of ``arsmote.aar``, from
    the year's rule and the chapter's active members today. Deputies may be as many again."""
    oppsett = Arsmoteoppsett.objects.for_aar(arsmote.aar)
    return tillatt_for(oppsett, arsmote, aktive_medlemmer(arsmote.lokallag_id, dato))


@dataclass(frozen=True)
class Delegatliste:
    """A chapter's list as its page shows it."""

    arsmote: Arsmote
    oppsett: Arsmoteoppsett | None
    antall_medlemmer: int
    tillatt: int | None
    delegater: list[Delegat]
    vara: list[Delegat]
    dato: datetime.date

    @property
    def ledige(self) -> int:
        return max((self.tillatt or 0) - len(self.delegater), 0)

    @property
    def ledige_vara(self) -> int:
        return max((self.tillatt or 0) - len(self.vara), 0)

    @property
    def full(self) -> bool:
        return self.ledige == 0 and self.ledige_vara == 0

    @property
    def over(self) -> bool:
        """More delegates than allowed: the chapter lost members after registering them."""
        return self.tillatt is not None and len(self.delegater) > self.tillatt


def delegatliste(arsmote: Arsmote, dato: datetime.date | None = None) -> Delegatliste:
    dato = dato or timezone.localdate()
    oppsett = Arsmoteoppsett.objects.for_aar(arsmote.aar)
    antall = aktive_medlemmer(arsmote.lokallag_id, dato)
    rows = list(arsmote.delegater.select_related("medlem"))
    return Delegatliste(
        arsmote=arsmote,
        oppsett=oppsett,
        antall_medlemmer=antall,
        tillatt=tillatt_for(oppsett, arsmote, antall),
        delegater=[d for d in rows if not d.vara],
        vara=[d for d in rows if d.vara],
        dato=dato,
    )


def kandidater(arsmote: Arsmote):
    """The members the chapter may choose from: its active members not on the list."""
    return (
        Medlem.objects.aktive()
        .filter(lokallag_id=arsmote.lokallag_id)
        .exclude(delegatverv__arsmote=arsmote)
        .order_by("fornavn", "etternavn", "pk")
    )


# --- The chapter's list ---------------------------------------------------------------------


def _context(bruker, ip: str | None) -> AuditContext:
    return AuditContext(user=bruker, ip=ip)


@transaction.atomic
def delegat_legg_til(
    *, arsmote: Arsmote, medlem: Medlem, vara: bool, bruker, ip: str | None = None
) -> Delegat:
    """Put a member of the chapter on its list, as delegate or deputy, within the number the
    year's rule allows (deputies up to the same number)."""
    if not kan_styre(bruker, arsmote):
        raise PermissionDenied
    # One change of a meeting's list at a time: the limit is counted under this lock.
    arsmote = Arsmote.objects.select_for_update().select_related("lokallag").get(pk=arsmote.pk)
    if arsmote.lokallag.er_fylkeslag:
        raise ValidationError(
            _("Fylkesårsmøtet har ingen egne delegater: delegatene kommer fra lokallagene.")
        )
    tillatt = delegater_tillatt(arsmote)
    if tillatt is None:
        raise ValidationError(
            _("Fylket har ikke satt reglene for årsmøtene %(aar)s ennå.") % {"aar": arsmote.aar}
        )
    if not Medlem.objects.aktive().filter(pk=medlem.pk, lokallag_id=arsmote.lokallag_id).exists():
        raise ValidationError(
            {
                "medlem": _("%(navn)s er ikke aktivt medlem av %(lag)s.")
                % {"navn": medlem.navn, "lag": arsmote.lokallag.navn}
            }
        )
    if arsmote.delegater.filter(medlem=medlem).exists():
        raise ValidationError(
            {"medlem": _("%(navn)s står allerede på listen.") % {"navn": medlem.navn}}
        )
    same_kind = arsmote.delegater.filter(vara=vara)
    if same_kind.count() >= tillatt:
        message = (
            _("Laget kan ha %(antall)s vara, og listen over vara er full.")
            if vara
            else _(
                "Laget kan sende %(antall)s delegater, og listen er full. Fjern en delegat "
                "først, eller før medlemmet opp som vara."
            )
        )
        raise ValidationError({"vara": message % {"antall": tillatt}})
    last = same_kind.aggregate(last=Max("rekkefolge"))["last"] or 0
    delegat = Delegat.objects.create(
        arsmote=arsmote, medlem=medlem, vara=vara, rekkefolge=last + 1, registrert_av=bruker
    )
    audit.log(
        _context(bruker, ip),
        AuditAction.CREATE,
        obj=delegat,
        medlem_id=medlem.pk,
        data={"aar": arsmote.aar, "lag": arsmote.lokallag.slug, "vara": vara},
    )
    return delegat


@transaction.atomic
def delegat_fjern(*, delegat: Delegat, bruker, ip: str | None = None) -> None:
    if not kan_styre(bruker, delegat.arsmote):
        raise PermissionDenied
    arsmote = (
        Arsmote.objects.select_for_update().select_related("lokallag").get(pk=delegat.arsmote_id)
    )
    audit.log(
        _context(bruker, ip),
        AuditAction.DELETE,
        obj=delegat,
        medlem_id=delegat.medlem_id,
        data={"aar": arsmote.aar, "lag": arsmote.lokallag.slug, "vara": delegat.vara},
    )
    delegat.delete()


@transaction.atomic
def delegat_flytt(*, delegat: Delegat, opp: bool, bruker, ip: str | None = None) -> None:
    """Move a delegate one place up or down among its kind (the deputies' order is the order
    they step in)."""
    if not kan_styre(bruker, delegat.arsmote):
        raise PermissionDenied
    Arsmote.objects.select_for_update().get(pk=delegat.arsmote_id)
    rows = list(
        Delegat.objects.filter(arsmote_id=delegat.arsmote_id, vara=delegat.vara).order_by(
            "rekkefolge", "pk"
        )
    )
    index = next(i for i, d in enumerate(rows) if d.pk == delegat.pk)
    other = index - 1 if opp else index + 1
    if not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    for place, row in enumerate(rows, start=1):
        row.rekkefolge = place
    Delegat.objects.bulk_update(rows, ["rekkefolge"])
    audit.log(
        _context(bruker, ip),
        AuditAction.UPDATE,
        obj=delegat,
        medlem_id=delegat.medlem_id,
        data={"felt": ["rekkefolge"]},
    )


# --- The county's overview and files -------------------------------------------------------


@dataclass(frozen=True)
class Lagrad:
    """One chapter in the admin's overview."""

    arsmote: Arsmote
    antall_medlemmer: int
    tillatt: int | None
    delegater: int
    vara: int

    @property
    def mangler(self) -> int:
        return max((self.tillatt or 0) - self.delegater, 0)

    @property
    def over(self) -> bool:
        return self.tillatt is not None and self.delegater > self.tillatt


@dataclass(frozen=True)
class Delegatoversikt:
    aar: int
    oppsett: Arsmoteoppsett | None
    rader: list[Lagrad]

    @property
    def delegater(self) -> int:
        return sum(r.delegater for r in self.rader)

    @property
    def vara(self) -> int:
        return sum(r.vara for r in self.rader)

    @property
    def tillatt(self) -> int:
        return sum(r.tillatt or 0 for r in self.rader)


def delegatoversikt(aar: int, dato: datetime.date | None = None) -> Delegatoversikt:
    """Every chapter's delegates against its allowed number, in a fixed number of queries."""
    oppsett = Arsmoteoppsett.objects.for_aar(aar)
    meetings = (
        Arsmote.objects.for_aar(aar)
        .filter(lokallag__in=lag_med_arsmote(), lokallag__niva=Niva.LOKAL)
        .select_related("lokallag")
        .annotate(
            _delegater=Count("delegater", filter=Q(delegater__vara=False)),
            _vara=Count("delegater", filter=Q(delegater__vara=True)),
        )
        .order_by("lokallag__navn")
    )
    counts = dict(
        Medlem.objects.aktive(dato)
        .values("lokallag_id")
        .annotate(n=Count("pk"))
        .values_list("lokallag_id", "n")
    )
    rows = []
    for a in meetings:
        antall = counts.get(a.lokallag_id, 0)
        rows.append(Lagrad(a, antall, tillatt_for(oppsett, a, antall), a._delegater, a._vara))
    return Delegatoversikt(aar, oppsett, rows)


@dataclass(frozen=True)
class Delegatrad:
    """One line of the county's files: what the meeting needs to know, nothing more."""

    lag: str
    navn: str
    vara: bool
    rekkefolge: int
    epost: str
    telefon: str

    @property
    def som(self) -> str:
        return _("Vara") if self.vara else _("Delegat")


def delegatrader(aar: int) -> list[Delegatrad]:
    rows = (
        Delegat.objects.filter(arsmote__aar=aar)
        .select_related("arsmote__lokallag", "medlem")
        .order_by("arsmote__lokallag__navn", "vara", "rekkefolge", "pk")
    )
    return [
        Delegatrad(
            lag=d.arsmote.lokallag.navn,
            navn=d.medlem.navn,
            vara=d.vara,
            rekkefolge=d.rekkefolge,
            epost=d.medlem.epost or "",
            telefon=d.medlem.telefon,
        )
        for d in rows
    ]


def _export(bruker, ip: str | None, *, aar: int, fil: str, antall: int) -> None:
    audit.log(
        _context(bruker, ip), AuditAction.EXPORT, data={"fil": fil, "aar": aar, "antall": antall}
    )


def _admin(bruker) -> None:
    if not access_for(bruker).is_admin:
        raise PermissionDenied


@transaction.atomic
def delegater_csv(*, aar: int, bruker, ip: str | None = None) -> str:
    """The delegate list for the secretariat (with e-mail and phone), audited as an export."""
    _admin(bruker)
    rows = delegatrader(aar)
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads the file as UTF-8 only with the mark, as the member list
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [_("Lokallag"), _("Navn"), _("Delegat/vara"), _("Nr."), _("E-post"), _("Telefon")]
    )
    for r in rows:
        writer.writerow(
            [
                csv_text(r.lag),
                csv_text(r.navn),
                r.som,
                r.rekkefolge,
                csv_text(r.epost),
                csv_text(r.telefon),
            ]
        )
    _export(bruker, ip, aar=aar, fil="delegater.csv", antall=len(rows))
    return out.getvalue()


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    return HTML(string=render_to_string(template, context)).write_pdf()


def _per_lag(rows: list[Delegatrad]) -> list[tuple[str, list[Delegatrad]]]:
    grouped: dict[str, list[Delegatrad]] = {}
    for r in rows:
        grouped.setdefault(r.lag, []).append(r)
    return list(grouped.items())


@transaction.atomic
def delegater_pdf(*, aar: int, bruker, ip: str | None = None) -> bytes:
    """The delegate list to print (names, chapter, delegate or deputy), audited."""
    _admin(bruker)
    rows = delegatrader(aar)
    pdf = _pdf(
        "aktiviteter/arsmote/delegater_pdf.html",
        {"aar": aar, "lag": _per_lag(rows), "antall": len(rows)},
    )
    _export(bruker, ip, aar=aar, fil="delegater.pdf", antall=len(rows))
    return pdf


@transaction.atomic
def navnelapper_pdf(*, aar: int, bruker, ip: str | None = None) -> bytes:
    """Name tags, eight to an A4 page (name, chapter, delegate or deputy), audited."""
    _admin(bruker)
    rows = delegatrader(aar)
    sider = [rows[i : i + NAVNELAPPER_PER_SIDE] for i in range(0, len(rows), NAVNELAPPER_PER_SIDE)]
    pdf = _pdf("aktiviteter/arsmote/navnelapper_pdf.html", {"aar": aar, "sider": sider})
    _export(bruker, ip, aar=aar, fil="navnelapper.pdf", antall=len(rows))
    return pdf
