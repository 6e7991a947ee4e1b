"""The date plan as readers get it: items built from a version's snapshot (so a mail, its PDF
and its .ics show exactly the version that was published), what changed between two
versions in plain Norwegian, and the PDF and iCalendar files."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from aktiviteter.aktivitet.models import Status
from aktiviteter.datoplan.models import Datoplanpunkt, Fase, Malgruppe, Punkttype

# The fields a change is reported for, with their labels.
FELT = {
    "tittel": gettext_lazy("tittel"),
    "type": gettext_lazy("type"),
    "fra_dato": gettext_lazy("dato"),
    "til_dato": gettext_lazy("til dato"),
    "fase": gettext_lazy("fase"),
    "ansvarlig_enhet": gettext_lazy("ansvarlig lag"),
    "ansvarlig_person": gettext_lazy("ansvarlig person"),
    "malgruppe": gettext_lazy("målgruppe"),
    "beskrivelse": gettext_lazy("beskrivelse"),
    "status": gettext_lazy("status"),
}
DATOFELT = ("fra_dato", "til_dato")


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def datotekst(fra: datetime.date, til: datetime.date | None = None) -> str:
    """«12. mars 2026», or «12.–14. mars 2026» / «28. april – 3. mai 2026» for a period."""
    if not til or til == fra:
        return date_format(fra, "j. F Y")
    if fra.year == til.year and fra.month == til.month:
        return f"{fra.day}.–{date_format(til, 'j. F Y')}"
    if fra.year == til.year:
        return f"{date_format(fra, 'j. F')} – {date_format(til, 'j. F Y')}"
    return f"{date_format(fra, 'j. F Y')} – {date_format(til, 'j. F Y')}"


@dataclass(frozen=True)
class Punktvisning:
    """One item as a reader sees it, from a snapshot (``Datoplanpunkt.snapshot``)."""

    id: int
    tittel: str
    type: str
    fra_dato: datetime.date
    til_dato: datetime.date | None
    fase: str
    ansvarlig_enhet: str
    ansvarlig_person: str
    malgruppe: str
    beskrivelse: str
    status: str
    aktivitet_id: int | None
    endret: datetime.datetime | None

    @classmethod
    def fra_snapshot(cls, data: dict) -> Punktvisning:
        endret = data.get("endret")
        return cls(
            id=data["id"],
            tittel=data["tittel"],
            type=data["type"],
            fra_dato=_date(data["fra_dato"]),
            til_dato=_date(data.get("til_dato")),
            fase=data["fase"],
            ansvarlig_enhet=data.get("ansvarlig_enhet") or "",
            ansvarlig_person=data.get("ansvarlig_person") or "",
            malgruppe=data.get("malgruppe") or Malgruppe.ALLE_LOKALLAG,
            beskrivelse=data.get("beskrivelse") or "",
            status=data.get("status") or Status.PLANLAGT,
            aktivitet_id=data.get("aktivitet_id"),
            endret=datetime.datetime.fromisoformat(endret) if endret else None,
        )

    @property
    def datoer(self) -> str:
        return datotekst(self.fra_dato, self.til_dato)

    @property
    def slutt_dato(self) -> datetime.date:
        return self.til_dato or self.fra_dato

    @property
    def type_navn(self) -> str:
        return str(Punkttype(self.type).label) if self.type in Punkttype.values else self.type

    @property
    def malgruppe_navn(self) -> str:
        return str(Malgruppe(self.malgruppe).label) if self.malgruppe in Malgruppe.values else ""

    @property
    def status_navn(self) -> str:
        return str(Status(self.status).label)

    @property
    def ansvarlig(self) -> str:
        return ", ".join(p for p in (self.ansvarlig_person, self.ansvarlig_enhet) if p)

    @property
    def avlyst(self) -> bool:
        return self.status == Status.AVLYST

    @property
    def avholdt(self) -> bool:
        return self.status == Status.AVHOLDT

    def passert(self, dato: datetime.date | None = None) -> bool:
        return self.slutt_dato < (dato or timezone.localdate())


@dataclass(frozen=True)
class Halvdel:
    fase: str
    navn: str
    punkter: list[Punktvisning]


def punkter_fra_innhold(innhold: Iterable[dict]) -> list[Punktvisning]:
    return sorted((Punktvisning.fra_snapshot(d) for d in innhold), key=lambda p: (p.fra_dato, p.id))


def halvdeler(punkter: Iterable[Punktvisning]) -> list[Halvdel]:
    """The timeline's two halves, before and after the summer."""
    punkter = list(punkter)
    return [
        Halvdel(fase=fase, navn=str(label), punkter=[p for p in punkter if p.fase == fase])
        for fase, label in Fase.choices
    ]


# --- What changed -------------------------------------------------------------------------


def endringer_mellom(gammel: Iterable[dict], ny: Iterable[dict]) -> list[dict]:
    """The changes from one snapshot list to another, in date order of the new plan."""
    before = {d["id"]: d for d in gammel}
    after = {d["id"]: d for d in ny}
    changes = []
    for pk, item in after.items():
        old = before.get(pk)
        if old is None:
            changes.append({"id": pk, "tittel": item["tittel"], "handling": "lagt_til", "felt": {}})
            continue
        changes.extend(endringer_i_punkt(old, item))
    for pk, old in before.items():
        if pk not in after:
            changes.append({"id": pk, "tittel": old["tittel"], "handling": "fjernet", "felt": {}})
    order = {pk: (item["fra_dato"], pk) for pk, item in {**before, **after}.items()}
    return sorted(changes, key=lambda c: order[c["id"]])


def endringer_i_punkt(gammel: dict, ny: dict) -> list[dict]:
    felt = {
        name: [gammel.get(name), ny.get(name)]
        for name in FELT
        if (gammel.get(name) or None) != (ny.get(name) or None)
    }
    if not felt:
        return []
    handling = "endret"
    if "status" in felt and ny["status"] == Status.AVLYST:
        handling = "avlyst"
    elif "status" in felt and ny["status"] == Status.AVHOLDT:
        handling = "avholdt"
    elif any(name in felt for name in DATOFELT):
        handling = "flyttet"
    return [{"id": ny["id"], "tittel": ny["tittel"], "handling": handling, "felt": felt}]


def _datoer_fra(felt: dict, index: int, fallback: dict) -> str:
    fra = felt.get("fra_dato", [fallback.get("fra_dato")] * 2)[index]
    til = felt.get("til_dato", [fallback.get("til_dato")] * 2)[index]
    return datotekst(_date(fra), _date(til)) if fra else ""


def endringstekst(endring: dict, punkt: dict | None = None) -> str:
    """One change as a sentence: «Kurs i mediearbeid er flyttet fra 12. mars 2026 til …»."""
    tittel = endring["tittel"]
    felt = endring.get("felt") or {}
    handling = endring["handling"]
    punkt = punkt or {}
    if handling == "lagt_til":
        datoer = _datoer_fra({}, 1, punkt)
        return _("Nytt punkt: %(tittel)s%(datoer)s.") % {
            "tittel": tittel,
            "datoer": f", {datoer}" if datoer else "",
        }
    if handling == "fjernet":
        return _("%(tittel)s er tatt ut av datoplanen.") % {"tittel": tittel}
    if handling == "avlyst":
        return _("%(tittel)s er avlyst.") % {"tittel": tittel}
    if handling == "avholdt":
        return _("%(tittel)s er gjennomført.") % {"tittel": tittel}
    parts = []
    if any(name in felt for name in DATOFELT):
        parts.append(
            _("%(tittel)s er flyttet fra %(fra)s til %(til)s.")
            % {
                "tittel": tittel,
                "fra": _datoer_fra(felt, 0, punkt),
                "til": _datoer_fra(felt, 1, punkt),
            }
        )
    if "tittel" in felt:
        parts.append(
            _("«%(gammel)s» heter nå «%(ny)s».") % {"gammel": felt["tittel"][0], "ny": tittel}
        )
    rest = [str(FELT[name]) for name in felt if name not in (*DATOFELT, "tittel", "status")]
    if rest:
        parts.append(
            _("%(tittel)s: endret %(felt)s.") % {"tittel": tittel, "felt": ", ".join(rest)}
        )
    return " ".join(parts) or _("%(tittel)s er endret.") % {"tittel": tittel}


def endringstekster(endringer: Iterable[dict], innhold: Iterable[dict] = ()) -> list[str]:
    by_id = {d["id"]: d for d in innhold}
    return [endringstekst(e, by_id.get(e["id"])) for e in endringer]


# --- Files ----------------------------------------------------------------------------------


def datoplan_pdf(*, aar: int, punkter: list[Punktvisning], versjon: int | None) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    html = render_to_string(
        "aktiviteter/datoplan/datoplan_pdf.html",
        {"aar": aar, "halvdeler": halvdeler(punkter), "versjon": versjon},
    )
    return HTML(string=html).write_pdf()


def _host() -> str:
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0]


def datoplan_events(punkter: Iterable[Punktvisning]) -> list[Event]:
    """All-day events with stable UIDs, so a calendar updates a moved item instead of adding
    a second one."""
    events = []
    url = settings.SITE_URL + "/datoplan/"
    for punkt in punkter:
        event = Event()
        event.add("uid", f"datoplanpunkt-{punkt.id}@{_host()}")
        event.add("summary", f"{punkt.tittel} ({_('Datoplan')})")
        event.add("dtstart", punkt.fra_dato)
        event.add("dtend", punkt.slutt_dato + datetime.timedelta(days=1))
        stamp = punkt.endret or timezone.now()
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", int(stamp.timestamp()) // 60 % 2_000_000_000)
        description = [punkt.type_navn, punkt.malgruppe_navn]
        if punkt.ansvarlig:
            description.append(_("Ansvarlig: %(navn)s") % {"navn": punkt.ansvarlig})
        if punkt.beskrivelse:
            description.append(punkt.beskrivelse)
        description.append(url)
        event.add("description", "\n\n".join(d for d in description if d))
        event.add("url", url)
        event.add("status", "CANCELLED" if punkt.avlyst else "CONFIRMED")
        events.append(event)
    return events


def datoplan_ics(*, aar: int, punkter: Iterable[Punktvisning]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Buskerud Senterparti//Portalen//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Datoplan %(aar)s") % {"aar": aar})
    for event in datoplan_events(punkter):
        cal.add_component(event)
    return cal.to_ical()


def feed_events(user, first: datetime.date, last: datetime.date, unit=None) -> list[Event]:
    """The date plan's items in a user's iCal feed (registered with the activity slice's
    ``ical.register_feed_source``): what ``user`` may see between ``first`` and ``last``,
    narrowed to the items ``unit`` is responsible for if given."""
    items = (
        Datoplanpunkt.objects.visible_to(user)
        .filter(fra_dato__range=(first, last))
        .select_related("ansvarlig_enhet", "ansvarlig_person")
    )
    if unit is not None:
        items = items.filter(ansvarlig_enhet=unit)
    return datoplan_events(Punktvisning.fra_snapshot(item.snapshot()) for item in items)
