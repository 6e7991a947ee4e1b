"""What each kind of mail says: the template, the context and the attachments, built when the
row is sent (so the mail shows the meeting or item as it is then), or the reason to skip it."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.ical import calendar_bytes
from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from aktiviteter.aktivitet.selectors import fylkesstyremote_holdt_ute
from aktiviteter.dashbord.selectors import county_dashboard, new_members_so_far
from aktiviteter.datoplan.models import Datoplanversjon
from aktiviteter.datoplan.visning import (
    Punktvisning,
    datoplan_ics,
    datoplan_pdf,
    endringstekster,
    halvdeler,
    punkter_fra_innhold,
)
from aktiviteter.paaminnelser.models import (
    ARTER_MED_SAMTYKKE,
    LISTEPOST,
    MEDLEMSPOST,
    Art,
    Paaminnelse,
    Paaminnelsesregel,
    Regeltype,
)
from aktiviteter.paaminnelser.services.avmelding import avmeldingslenke
from buskerud_sp.core import sms
from buskerud_sp.core.periods import half_year
from buskerud_sp.core.telefon import InvalidPhoneNumber, normalise_phone
from lokallag.models import Lokallag, Rolle, Verv
from lokallag.oppfolging.models import Oppfolging
from medlemmer.models import Medlem


@dataclass
class Epost:
    mal: str
    til: str
    kontekst: dict
    vedlegg: list[tuple[str, bytes, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hopp:
    """Not sent, and why (shown in the delivery log)."""

    grunn: str


# The context keys that differ from one recipient of a mail to the next (the greeting and the
# unsubscribe links): the sender renders a batch's templates once and puts these in per copy
# (buskerud_sp.core.mailrender). A builder's other per-recipient values are rendered in full.
PERSONLIG = frozenset({"navn", "avmelding_url", "avmeld_url"})


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _recipient(row: Paaminnelse) -> tuple[str, dict, dict] | Hopp:
    """The address, the greeting context and the headers, or why the row is skipped."""
    if row.mottaker_id:
        medlem = row.mottaker
        if medlem.anonymisert:
            return Hopp(_("Medlemmet er slettet."))
        if not medlem.er_aktiv():
            return Hopp(_("Ikke lenger medlem."))
        if not medlem.epost:
            return Hopp(_("Mangler e-postadresse."))
        if row.art in ARTER_MED_SAMTYKKE and not medlem.samtykke_paaminnelser:
            return Hopp(_("Har ikke samtykket til påminnelser."))
        if row.art in MEDLEMSPOST or row.art in LISTEPOST:
            # Member mail carries no unsubscribe link; list mail carries its list's own, and
            # its builder checks the list's consent (``Hopp`` without it).
            return medlem.epost, {"navn": medlem.fornavn}, {}
        unsubscribe = avmeldingslenke(medlem.pk)
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        return medlem.epost, {"navn": medlem.fornavn, "avmelding_url": unsubscribe}, headers
    user = row.mottaker_bruker
    if not user.is_active or not user.is_superuser or not user.email:
        return Hopp(_("Ikke lenger administrator."))
    context = {"navn": user.first_name, "som_admin": True, "regler_url": _url("datoplan:rules")}
    return user.email, context, {}


def _meeting_ics(aktivitet: Aktivitet) -> tuple[str, bytes, str]:
    return ("mote.ics", calendar_bytes([aktivitet], name=aktivitet.tittel), "text/calendar")


def _meeting(row: Paaminnelse, *, before: bool) -> dict | Hopp:
    aktivitet = row.aktivitet
    if aktivitet.status == Status.AVLYST:
        return Hopp(_("Møtet er avlyst."))
    if before and aktivitet.status == Status.AVHOLDT:
        return Hopp(_("Møtet er holdt."))
    if not before and aktivitet.status == Status.AVHOLDT:
        return Hopp(_("Resultatet er alt registrert."))
    start = aktivitet.starter()
    if before and isinstance(start, datetime.datetime) and start <= timezone.now():
        return Hopp(_("Møtet har begynt."))
    return {
        "aktivitet": aktivitet,
        "aktivitet_url": settings.SITE_URL + aktivitet.get_absolute_url(),
        "resultat_url": _url("aktiviteter:result", pk=aktivitet.pk),
    }


def _tirsdag(row: Paaminnelse, felles: dict) -> dict | Hopp:
    context = _meeting(row, before=True)
    if isinstance(context, Hopp):
        return context
    if "tirsdag_tekst" not in felles:  # read once per batch
        regel = Paaminnelsesregel.objects.filter(nokkel=Regeltype.TIRSDAGSMOTE).first()
        felles["tirsdag_tekst"] = regel.tekst if regel else ""
    context["innringing"] = row.aktivitet.nettlenke or felles["tirsdag_tekst"]
    context["samme_dag"] = row.anledning.endswith(Regeltype.TIRSDAG_MORGEN)
    return context


def _tirsdag_antall(row: Paaminnelse, felles: dict) -> dict | Hopp:
    context = _meeting(row, before=False)
    if isinstance(context, Hopp):
        return context
    context["purring"] = row.anledning.endswith(Regeltype.TIRSDAG_ANTALL_PURRING)
    return context


def _ledermote(before: bool, ics: bool = False) -> Callable:
    def build(row: Paaminnelse, felles: dict) -> dict | Hopp:
        context = _meeting(row, before=before)
        if not isinstance(context, Hopp) and ics:
            context["_vedlegg"] = [_meeting_ics(row.aktivitet)]
        return context

    return build


def _punkt(row: Paaminnelse, felles: dict) -> dict | Hopp:
    punkt = row.punkt
    if punkt.status != Status.PLANLAGT:
        return Hopp(_("Punktet er ikke lenger planlagt."))
    visning = Punktvisning.fra_snapshot(punkt.snapshot())
    days = (punkt.fra_dato - timezone.localdate()).days
    if row.art == Art.DATOPLAN_FRIST and days < 0:
        return Hopp(_("Datoen er passert."))
    return {"punkt": visning, "dager": days, "datoplan_url": _url("datoplan:index")}


def _halvaar(row: Paaminnelse, felles: dict) -> dict | Hopp:
    today = timezone.localdate()
    if fylkesstyremote_holdt_ute(today):
        return Hopp(_("Et fylkesstyremøte er holdt ute i et lokallag."))
    start, end = half_year(today)
    planned = Aktivitet.objects.filter(
        type=Aktivitetstype.FYLKESSTYREMOTE,
        status=Status.PLANLAGT,
        dato__range=(today, end),
    ).select_related("vertslag")
    return {
        "halvaar": _("første halvår") if start.month == 1 else _("andre halvår"),
        "aar": start.year,
        "planlagte": list(planned.order_by("dato")),
        "aktiviteter_url": _url("aktiviteter:list"),
    }


def ukesammendrag_maal(today: datetime.date) -> list[dict[str, str]]:
    """The plan's targets for the year as the dashboard judges them (the county's result only:
    no chapter's row, no notes, so no names leave the portal)."""
    return [
        {
            "navn": r.maal.navn,
            "verdi": r.value_text,
            "maal": r.goal_text,
            "status": r.tilstand.label,
            "symbol": r.tilstand.symbol,
        }
        for r in county_dashboard(today.year, today).results
    ]


def ukesammendrag_tall(today: datetime.date | None = None) -> dict:
    """The county's figures, the plan's targets as on the dashboard, the past week's activities
    and the week's new members (as counts per chapter: names stay in the portal)."""
    today = today or timezone.localdate()
    week_ago = today - datetime.timedelta(days=7)
    chapters = Lokallag.objects.lokallag().aktive()
    members = Medlem.objects.aktive(today)
    with_leader = Verv.objects.aktive(today).filter(rolle=Rolle.LEDER, enhet__in=chapters)
    new_activities = (
        Aktivitet.objects.filter(dato__gte=week_ago, dato__lt=today)
        .exclude(status=Status.AVLYST)
        .select_related("enhet")
        .order_by("dato", "pk")
    )
    new_members = (
        Medlem.objects.filter(innmeldt__gte=week_ago, innmeldt__lt=today)
        .values("lokallag__navn")
        .annotate(antall=Count("pk"))
        .order_by("lokallag__navn")
    )
    return {
        "lokallag": chapters.count(),
        "medlemmer": members.count(),
        "nye_i_aar": new_members_so_far(today),
        "uten_leder": chapters.exclude(pk__in=with_leader.values("enhet_id")).count(),
        "nye_aktiviteter": list(new_activities[:50]),
        "antall_nye_aktiviteter": new_activities.count(),
        "nye_medlemmer": list(new_members),
        "maal": ukesammendrag_maal(today),
        "aar": today.year,
    }


def _ukesammendrag(row: Paaminnelse, felles: dict) -> dict:
    return {
        **ukesammendrag_tall(),
        "oppfolginger": _open_follow_ups(row),
        "portal_url": settings.SITE_URL + "/",
        "dashbord_url": _url("dashbord:index"),
    }


def _open_follow_ups(row: Paaminnelse) -> list[dict]:
    """The recipient's own open follow-ups of the chapters (lokallag.oppfolging)."""
    if row.mottaker_id is None:
        return []
    entries = (
        Oppfolging.objects.apne()
        .filter(ansvarlig_id=row.mottaker_id)
        .select_related("lokallag")
        .order_by("frist", "pk")
    )
    return [
        {
            "lokallag": o.lokallag.navn,
            "neste_steg": o.neste_steg,
            "frist": o.frist,
            "url": _url_obj(o),
        }
        for o in entries
    ]


def _url_obj(obj) -> str:
    return settings.SITE_URL + obj.get_absolute_url()


@functools.lru_cache(maxsize=4)
def _plan_files(versjon_pk: int) -> tuple[bytes, bytes]:
    """The PDF and .ics of a version (versions never change, so they are made once)."""
    versjon = Datoplanversjon.objects.select_related("plan").get(pk=versjon_pk)
    punkter = punkter_fra_innhold(versjon.innhold)
    return (
        datoplan_pdf(aar=versjon.plan.aar, punkter=punkter, versjon=versjon.nummer),
        datoplan_ics(aar=versjon.plan.aar, punkter=punkter),
    )


def _datoplan(row: Paaminnelse, felles: dict) -> dict:
    versjon = row.utsending.versjon
    aar = row.utsending.plan.aar
    punkter = punkter_fra_innhold(versjon.innhold)
    pdf, ics = _plan_files(versjon.pk)
    context = {
        "aar": aar,
        "versjon": versjon.nummer,
        "datoplan_url": _url("datoplan:index"),
        "_vedlegg": [(f"datoplan-{aar}.ics", ics, "text/calendar")],
    }
    if row.art == Art.DATOPLAN:
        context["halvdeler"] = halvdeler(punkter)
        context["_vedlegg"].insert(0, (f"datoplan-{aar}.pdf", pdf, "application/pdf"))
    else:
        context["endringer"] = endringstekster(row.utsending.endringer, versjon.innhold)
    return context


BUILDERS: dict[str, Callable[[Paaminnelse, dict], dict | Hopp]] = {
    Art.TIRSDAG_PAAMINNELSE: _tirsdag,
    Art.TIRSDAG_ANTALL: _tirsdag_antall,
    Art.LEDERMOTE_INVITASJON: _ledermote(before=True, ics=True),
    Art.LEDERMOTE_PAAMINNELSE: _ledermote(before=True),
    Art.LEDERMOTE_OPPMOTE: _ledermote(before=False),
    Art.DATOPLAN_FRIST: _punkt,
    Art.DATOPLAN_FORFALT: _punkt,
    Art.HALVAARSREGEL: _halvaar,
    Art.UKESAMMENDRAG: _ukesammendrag,
    Art.DATOPLAN: _datoplan,
    Art.DATOPLAN_ENDRINGER: _datoplan,
}


def registrer_innhold(art: str, builder: Callable[[Paaminnelse, dict], dict | Hopp]) -> None:
    """A higher slice (the annual meeting cycle) adds what its own kinds of mail say, from
    ``AktiviteterConfig.ready``; the template is ``emails/<art>``."""
    BUILDERS[art] = builder


def bygg_epost(row: Paaminnelse, felles: dict | None = None) -> Epost | Hopp:
    """The mail of one row, or why it is skipped. ``felles``: a dict the rows of one batch
    share, for what is the same for all of them (read once per batch)."""
    recipient = _recipient(row)
    if isinstance(recipient, Hopp):
        return recipient
    address, greeting, headers = recipient
    context = BUILDERS[row.art](row, {} if felles is None else felles)
    if isinstance(context, Hopp):
        return context
    attachments = context.pop("_vedlegg", [])
    # A builder may add headers (a mailing list's own List-Unsubscribe).
    headers = {**headers, **context.pop("_headers", {})}
    return Epost(
        mal=row.art,
        til=address,
        kontekst={**greeting, **context},
        vedlegg=attachments,
        headers=headers,
    )


# --- SMS ----------------------------------------------------------------------------------
# A row with ``kanal == Kanal.SMS`` is sent as a text message: its art's SMS builder says what
# it says (registered by the slice that owns the art), after the same recipient checks.


@dataclass(frozen=True)
class Sms:
    til: str  # E.164
    tekst: str


SMS_BUILDERS: dict[str, Callable[[Paaminnelse], str | Hopp]] = {}


def registrer_sms_innhold(art: str, builder: Callable[[Paaminnelse], str | Hopp]) -> None:
    """A higher slice adds the text of its kind of SMS (``builder(row) -> str | Hopp``), from
    ``AktiviteterConfig.ready``. A list's builder checks the list's consent (``Hopp`` without
    it) and adds the list's unsubscribe link; the text must fit ``sms.MAKS_SEGMENTER``."""
    SMS_BUILDERS[art] = builder


def _sms_recipient(row: Paaminnelse) -> str | Hopp:
    """The member's mobile number (E.164), or why the row is skipped."""
    medlem = row.mottaker
    if medlem is None:
        return Hopp(_("SMS sendes bare til medlemmer."))
    if medlem.anonymisert:
        return Hopp(_("Medlemmet er slettet."))
    if not medlem.er_aktiv():
        return Hopp(_("Ikke lenger medlem."))
    if row.art in ARTER_MED_SAMTYKKE and not medlem.samtykke_paaminnelser:
        return Hopp(_("Har ikke samtykket til påminnelser."))
    try:
        number = normalise_phone(medlem.telefon)
    except InvalidPhoneNumber:
        return Hopp(_("Ugyldig mobilnummer."))
    if not number:
        return Hopp(_("Mangler mobilnummer."))
    return number


def bygg_sms(row: Paaminnelse) -> Sms | Hopp:
    """The text message of one row, or why it is skipped."""
    number = _sms_recipient(row)
    if isinstance(number, Hopp):
        return number
    builder = SMS_BUILDERS.get(row.art)
    if builder is None:
        return Hopp(_("Denne typen melding sendes ikke på SMS."))
    text = builder(row)
    if isinstance(text, Hopp):
        return text
    if sms.segmenter(text) > sms.MAKS_SEGMENTER:
        # The builders keep within the limit; this only stops a bill for a longer message.
        return Hopp(_("SMS-teksten er for lang."))
    return Sms(til=number, tekst=text)
