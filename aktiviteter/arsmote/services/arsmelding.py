"""The annual report («årsmelding»): a draft built from what the chapter registered in the year
the report covers, edited by the chapter's officers, and delivered to the county with one
click. A delivered report is locked; an admin can reopen it.

The meeting of year Y reports on year Y-1. The draft's figures come from the sources the rest
of the portal reads, so that the report says what the dashboard says: study hours and new
members through the dashboard's measurements, the plan's targets through the chapter's
dashboard. Members are counted, never named; the officers are named (the board's names belong
in a report). A fixed number of queries however much the chapter did.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype
from aktiviteter.arsmote.models import VALGBARE_VERV, Arsmelding, Arsmote
from aktiviteter.arsmote.services.syklus import kan_styre
from aktiviteter.dashbord.base import Cell, active_on
from aktiviteter.dashbord.format import number
from aktiviteter.dashbord.models import Maal, Maalart, Maaling
from aktiviteter.dashbord.scope import Scope, build_scope
from aktiviteter.dashbord.selectors import chapter_dashboard
from aktiviteter.dashbord.sources import measure
from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.models import AuditAction
from lokallag.models import Lokallag, Rolle, Verv
from lokallag.oppfolging.models import Besok, Kontaktform, Oppfolging
from medlemmer.models import Medlem

# A report is a few pages; this bounds what a crafted POST can store.
MAKS_TEGN = 100_000
LISTE = "- "


def rapportaar(arsmote: Arsmote) -> int:
    """The year the report covers: the meeting of year Y reports on year Y-1."""
    return arsmote.aar - 1


def _period(aar: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return datetime.date(aar, 1, 1), min(today, datetime.date(aar, 12, 31))


def _dashboard_figure(maaling: str, scope: Scope, lag: Lokallag) -> Decimal:
    """The chapter's figure of one of the dashboard's measurements for the year, measured
    exactly as the dashboard measures it (whether or not a target is set for it)."""
    maal = Maal(aar=scope.aar, maaling=maaling, art=Maalart.ANTALL, maalverdi=Decimal(0))
    return measure(maal, scope).chapters.get(lag.pk, Cell()).value or Decimal(0)


def _activities(lag: Lokallag, start: datetime.date, end: datetime.date) -> list[str]:
    """Held activities (dated in the year, not cancelled, as the dashboard counts them) of the
    chapter, its own and those it co-hosted, per kind; with the participants where counted
    (the registered count, or the named participants when no count was registered)."""
    rows = (
        Aktivitet.objects.for_lokallag(lag)
        .ikke_avlyste()
        .filter(dato__gte=start, dato__lte=end)
        .order_by()
        .annotate(navngitte=Count("deltakelser", filter=Q(deltakelser__til_stede=True)))
        .values_list("type", "deltakerantall", "navngitte")
    )
    held: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    participants: Counter[str] = Counter()
    for kind, antall, navngitte in rows:
        held[kind] += 1
        value = antall if antall is not None else (navngitte or None)
        if value is not None:
            counted[kind] += 1
            participants[kind] += value
    lines = []
    for kind in Aktivitetstype:
        if not held[kind]:
            continue
        line = f"{LISTE}{kind.label}: {held[kind]}"
        if counted[kind] == held[kind]:
            line += " " + ngettext("(%(n)s deltaker)", "(%(n)s deltakere)", participants[kind]) % {
                "n": participants[kind]
            }
        elif counted[kind]:
            line += " " + _("(%(n)s deltakere; antall registrert på %(telt)s av %(alle)s)") % {
                "n": participants[kind],
                "telt": counted[kind],
                "alle": held[kind],
            }
        lines.append(line)
    return lines or [LISTE + _("Ingen aktiviteter registrert.")]


def _members(lag: Lokallag, aar: int, scope: Scope, end: datetime.date) -> list[str]:
    """Counts only: who joined and left is not the annual meeting's business."""
    figures = Medlem.objects.filter(lokallag=lag).aggregate(
        left=Count("pk", filter=Q(utmeldt__year=aar, utmeldt__lte=end)),
        members=Count("pk", filter=active_on("", end)),
    )
    # Joined: the dashboard's «Nye medlemmer» (one who joined and left again was recruited).
    joined = _dashboard_figure(Maaling.NYE_MEDLEMMER, scope, lag)
    on_day = (
        _("Medlemmer ved utgangen av %(aar)s") % {"aar": aar}
        if end == datetime.date(aar, 12, 31)
        else _("Medlemmer per %(dato)s") % {"dato": f"{end:%d.%m.%Y}"}
    )
    return [
        f"{LISTE}{_('Innmeldt i %(aar)s') % {'aar': aar}}: {number(joined)}",
        f"{LISTE}{_('Utmeldt i %(aar)s') % {'aar': aar}}: {figures['left']}",
        f"{LISTE}{on_day}: {figures['members']}",
    ]


def _offices(lag: Lokallag, today: datetime.date) -> list[str]:
    order = {rolle: index for index, rolle in enumerate(VALGBARE_VERV)}
    offices = sorted(
        Verv.objects.aktive(today).filter(enhet=lag).select_related("medlem"),
        key=lambda v: (order.get(v.rolle, len(order)), v.medlem.navn),
    )
    lines = [f"{LISTE}{Rolle(v.rolle).label}: {v.medlem.navn}" for v in offices]
    return lines or [LISTE + _("Ingen verv er registrert.")]


def _targets(lag: Lokallag, aar: int, today: datetime.date) -> list[str]:
    """The plan's targets with the chapter's contribution, as the chapter's dashboard shows
    them, and the county's result beside it."""
    lines = []
    for c in chapter_dashboard(lag, aar, today).contributions:
        r = c.resultat
        lines.append(
            f"{LISTE}{r.maal.navn}: "
            + _("laget %(lag)s; fylket %(fylket)s (mål: %(mal)s)")
            % {"lag": c.cell.text, "fylket": r.value_text, "mal": r.goal_text}
        )
    return lines or [LISTE + _("Ingen mål er satt for %(aar)s.") % {"aar": aar}]


def _county_contact(lag: Lokallag, start: datetime.date, end: datetime.date) -> list[str]:
    """Visits from the county at the chapter's activities (and the county's held in the
    chapter), and the contacts in the county's contact log."""
    activities = (
        Aktivitet.objects.for_lokallag(lag, vertskap=True)
        .ikke_avlyste()
        .filter(dato__gte=start, dato__lte=end)
    )
    visits = Besok.objects.filter(aktivitet__in=activities.values("pk")).aggregate(
        n=Count("pk"), activities=Count("aktivitet", distinct=True)
    )
    contacts: dict[str, int] = defaultdict(int)
    for row in (
        Oppfolging.objects.filter(lokallag=lag, dato__gte=start, dato__lte=end)
        .order_by()
        .values("kontaktform")
        .annotate(n=Count("pk"))
    ):
        contacts[row["kontaktform"]] = row["n"]
    visit_line = f"{LISTE}{_('Besøk fra fylket')}: {visits['n']}"
    if visits["n"]:
        visit_line += " " + ngettext(
            "(på %(n)s aktivitet)", "(på %(n)s aktiviteter)", visits["activities"]
        ) % {"n": visits["activities"]}
    contact_line = f"{LISTE}{_('Kontakter i fylkets kontaktlogg')}: {sum(contacts.values())}"
    kinds = [f"{k.label.lower()} {contacts[k]}" for k in Kontaktform if contacts[k]]
    if kinds:
        contact_line += f" ({', '.join(kinds)})"
    return [visit_line, contact_line]


def arsmelding_utkast(arsmote: Arsmote) -> str:
    """The draft: plain text, a heading line per section and «- » list lines."""
    lag = arsmote.lokallag
    aar = rapportaar(arsmote)
    today = timezone.localdate()
    start, end = _period(aar, today)
    scope = build_scope(aar, today)
    hours = _dashboard_figure(Maaling.STUDIETIMER, scope, lag)
    intro = _(
        "Styrets årsmelding for %(aar)s til årsmøtet %(mote)s. Tallene er hentet fra "
        "portalen %(dato)s."
    ) % {"aar": aar, "mote": arsmote.aar, "dato": f"{today:%d.%m.%Y}"}
    if end < datetime.date(aar, 12, 31):
        intro += " " + _("Året er ikke omme: tallene gjelder til og med %(dato)s.") % {
            "dato": f"{end:%d.%m.%Y}"
        }
    sections = [
        (_("Aktiviteter"), _activities(lag, start, end)),
        (
            _("Studiearbeid"),
            [f"{LISTE}{_('Studietimer i kurs som oppfyller SpS-kravene')}: {number(hours)}"],
        ),
        (_("Medlemmer"), _members(lag, aar, scope, end)),
        (_("Tillitsvalgte"), _offices(lag, today)),
        (_("Mål i virksomhetsplanen"), _targets(lag, aar, today)),
        (_("Kontakt med fylket"), _county_contact(lag, start, end)),
    ]
    title = _("Årsmelding %(aar)s for %(lag)s") % {"aar": aar, "lag": lag.navn}
    blocks = [title, intro]
    blocks += ["\n".join([heading, *lines]) for heading, lines in sections]
    return "\n\n".join(blocks) + "\n"


# --- Writes ----------------------------------------------------------------------------------


def kan_lese(bruker, arsmote: Arsmote) -> bool:
    """Whoever sees the meeting reads its report: the chapter's officers and committee, the
    board and admins."""
    return Arsmote.objects.visible_to(bruker).filter(pk=arsmote.pk).exists()


def _locked_meeting(arsmote: Arsmote, bruker) -> Arsmote:
    if not kan_styre(bruker, arsmote):
        raise PermissionDenied
    # One writer at a time per meeting: the lock orders a save against a delivery.
    return Arsmote.objects.select_for_update().get(pk=arsmote.pk)


def _clean_text(tekst: str) -> str:
    tekst = (tekst or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not tekst:
        raise ValidationError({"tekst": _("Årsmeldingen kan ikke være tom. Skriv teksten først.")})
    if len(tekst) > MAKS_TEGN:
        raise ValidationError(
            {"tekst": _("Årsmeldingen er for lang (høyst %(n)s tegn).") % {"n": MAKS_TEGN}}
        )
    return tekst + "\n"


def _refuse_if_delivered(melding: Arsmelding | None) -> None:
    if melding is not None and melding.levert is not None:
        raise ValidationError(
            {
                "tekst": _(
                    "Årsmeldingen er levert til fylket og er låst. En administrator kan åpne "
                    "den igjen."
                )
            }
        )


@transaction.atomic
def arsmelding_lagre(*, arsmote: Arsmote, tekst: str, bruker) -> Arsmelding:
    """Save the report's text (the chapter's officers, the county's board for its own meeting,
    admins). A delivered report is locked."""
    arsmote = _locked_meeting(arsmote, bruker)
    tekst = _clean_text(tekst)
    melding = Arsmelding.objects.filter(arsmote=arsmote).first()
    _refuse_if_delivered(melding)
    created = melding is None
    if created:
        melding = Arsmelding(arsmote=arsmote)
    melding.tekst, melding.endret_av = tekst, bruker
    melding.save()
    audit.log(
        None,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=melding,
        data={"arsmote": arsmote.pk, "tegn": len(tekst)},
        user=bruker,
    )
    return melding


@transaction.atomic
def arsmelding_lever(*, arsmote: Arsmote, bruker) -> Arsmelding:
    """Deliver the saved report to the county: one click, after which it is locked."""
    arsmote = _locked_meeting(arsmote, bruker)
    melding = Arsmelding.objects.filter(arsmote=arsmote).first()
    if melding is None or not melding.tekst.strip():
        raise ValidationError(_("Skriv og lagre årsmeldingen før du leverer den."))
    _refuse_if_delivered(melding)
    melding.levert, melding.levert_av = timezone.now(), bruker
    melding.save(update_fields=["levert", "levert_av", "endret"])
    audit.log(
        None,
        AuditAction.UPDATE,
        obj=melding,
        data={"arsmote": arsmote.pk, "levert": True},
        user=bruker,
    )
    return melding


@transaction.atomic
def arsmelding_gjenaapne(*, arsmote: Arsmote, bruker) -> Arsmelding:
    """An admin reopens a delivered report, so that the chapter can correct it."""
    if not access_for(bruker).is_admin:
        raise PermissionDenied
    arsmote = Arsmote.objects.select_for_update().get(pk=arsmote.pk)
    melding = Arsmelding.objects.filter(arsmote=arsmote).first()
    if melding is None or melding.levert is None:
        raise ValidationError(_("Årsmeldingen er ikke levert, så den er ikke låst."))
    melding.levert, melding.levert_av = None, None
    melding.save(update_fields=["levert", "levert_av", "endret"])
    audit.log(
        None,
        AuditAction.UPDATE,
        obj=melding,
        data={"arsmote": arsmote.pk, "gjenapnet": True},
        user=bruker,
    )
    return melding
