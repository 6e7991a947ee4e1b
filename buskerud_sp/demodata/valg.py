"""Election years in the demo: the last two elections of each type before today and the next
coming one, with invented results per municipality for the past ones (labelled as demo
figures), a target on the result for the coming one, the campaign committee, the campaign plan
for the last past election (followed mostly, its activities held) and for the coming one (a few
stands in the coming weeks with shifts members took, one shift full, Drammen's stand with a
free place), and the public calendar's events with a contact person.

Everything is relative to today (``timezone.localdate()``): election day is the second Monday
of September of an odd year, local and county elections in the years ≡ 3 mod 4 (2019, 2023,
2027), the Storting in the years ≡ 1 mod 4 (2021, 2025). The figures are drawn from random
generators keyed by the seed, the year and the municipality or chapter, so an election's
results and plan are the same whatever day the demo is loaded. Idempotent: rows are found by
their natural keys, and what an admin changed in a plan or a result is left as it is."""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from aktiviteter.dashbord.defaults import valgdag
from aktiviteter.dashbord.models import Maal, Maaling
from aktiviteter.dashbord.models import Maalart as Maalform
from aktiviteter.valg.models import (
    Kommune,
    Maalart,
    Pameldingskilde,
    Vakt,
    Vaktpamelding,
    Valg,
    Valgkampmaal,
    Valgresultat,
    Valgtype,
)
from lokallag.models import ByEllerBygd, Lokallag, Niva, Organisasjon, Rolle, Verv
from medlemmer.models import Medlem

from .organisation import COUNTY_SLUG, DISTRICTS

T = Aktivitetstype

# Municipality number -> (inhabitants around 2024, Sp's share in % at an ordinary election:
# low, high). Rounded, and the shares invented in the spread the party has: a few per cent in
# Drammen, a third of the votes in the mountain villages.
KOMMUNER: dict[str, tuple[int, float, float]] = {
    "3301": (104_500, 5, 10),  # Drammen
    "3303": (28_000, 8, 14),  # Kongsberg
    "3305": (31_500, 10, 16),  # Ringerike
    "3310": (7_000, 9, 15),  # Hole
    "3312": (28_000, 8, 13),  # Lier
    "3314": (20_500, 10, 16),  # Øvre Eiker
    "3316": (14_500, 14, 22),  # Modum
    "3318": (2_300, 22, 32),  # Krødsherad
    "3320": (1_050, 24, 35),  # Flå
    "3322": (3_300, 20, 30),  # Nesbyen
    "3324": (4_700, 18, 28),  # Gol
    "3326": (2_600, 12, 22),  # Hemsedal
    "3328": (4_700, 24, 35),  # Ål
    "3330": (4_500, 16, 26),  # Hol
    "3332": (3_500, 24, 35),  # Sigdal
    "3334": (2_700, 20, 30),  # Flesberg
    "3336": (1_400, 24, 35),  # Rollag
    "3338": (2_450, 24, 35),  # Nore og Uvdal
}
VOTERS = 0.78  # inhabitants aged 18 and over
TURNOUT = {Valgtype.KOMMUNE_FYLKE: (0.60, 0.70), Valgtype.STORTING: (0.74, 0.82)}
TARGET_SHARE = Decimal("14.0")

# Chapters with upper secondary schools, where the plan has «valgtorg».
SCHOOLS = {"drammen", "kongsberg", "ringerike", "gol", "al", "modum", "lier", "ovre-eiker"}
# Deadlines in days before election day per kind of goal.
DEADLINE = {
    Maalart.LOKALMEDIA: 60,
    Maalart.DOR_TIL_DOR: 30,
    Maalart.SOSIALE_MEDIER: 30,
    Maalart.STAND: 14,
    Maalart.VALGTORG: 14,
}
SHORT = 3  # chapters that fell short of one goal in the last election

# The coming stands: (chapter, week from now, shifts as (start hour, places, taken)).
COMING_STANDS = [
    ("drammen", 0, [(10, 3, 3), (12, 3, 1), (14, 2, 0)]),
    ("kongsberg", 1, [(10, 2, 2), (12, 2, 2)]),
    ("gol", 1, [(11, 2, 1), (13, 2, 2)]),
    ("ringerike", 2, [(10, 2, 2), (12, 4, 1), (14, 2, 0), (16, 2, 0)]),
    ("drammen", 3, [(10, 2, 0), (12, 2, 0)]),
]
# Stands put up months ahead, for four weeks before election day: (chapter, shifts).
PLANNED_AHEAD = [
    ("drammen", [(10, 3, 1), (12, 3, 0), (14, 3, 0)]),
    ("gol", [(11, 2, 0), (13, 2, 0)]),
]
# Member meetings marked open to all (the others are for members only).
OPEN_MEMBER_MEETINGS = {"drammen", "gol", "kongsberg"}
PUBLIC_TYPES = (T.FOLKEMOTE, T.FOLKEMOTE_PA_NETT, T.STAND, T.VALGKAMPAPNING, T.REISERUNDE)


def election_type(aar: int) -> str | None:
    if aar % 4 == 3:
        return Valgtype.KOMMUNE_FYLKE
    if aar % 4 == 1:
        return Valgtype.STORTING
    return None


def elections_around(today: datetime.date) -> tuple[list[tuple[str, datetime.date]], tuple]:
    """The last two elections of each type before today (newest first) and the next coming
    one (election day counts as coming), as (type, election day)."""
    past: list[tuple[str, datetime.date]] = []
    aar = today.year
    while len(past) < 4:
        day = valgdag(aar)
        if day is not None and day < today:
            past.append((election_type(aar), day))
        aar -= 1
    aar = today.year
    while (day := valgdag(aar)) is None or day < today:
        aar += 1
    return past, (election_type(aar), day)


def _election(type_: str, day: datetime.date) -> Valg:
    valg, _ = Valg.objects.get_or_create(
        type=type_, dato=day, defaults={"kampanjestart": datetime.date(day.year, 3, 1)}
    )
    return valg


def _council_size(inhabitants: int) -> int:
    for limit, size in ((100_000, 57), (20_000, 35), (10_000, 27), (5_000, 25), (2_500, 21)):
        if inhabitants >= limit:
            return size
    return 15


def _results(valg: Valg, seed: int) -> int:
    """Invented results for the 18 municipalities, stable per seed, year and municipality."""
    swing = random.Random(f"{seed}-{valg.type}-{valg.aar}").uniform(0.7, 1.15)
    made = 0
    for kommune in Kommune.objects.filter(nummer__in=KOMMUNER).order_by("nummer"):
        inhabitants, low, high = KOMMUNER[kommune.nummer]
        inhabitants = int(inhabitants * (1 - 0.005 * (2024 - valg.aar)))
        character = random.Random(f"{seed}-{kommune.nummer}").random()
        rng = random.Random(f"{seed}-{valg.type}-{valg.aar}-{kommune.nummer}")
        share = (low + character * (high - low)) * swing * rng.uniform(0.9, 1.1)
        valid = int(inhabitants * VOTERS * rng.uniform(*TURNOUT[valg.type]) * 0.99)
        votes = round(valid * share / 100)
        andel = (Decimal(votes * 100) / Decimal(valid)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        seats = None
        if valg.type == Valgtype.KOMMUNE_FYLKE:
            seats = round(float(andel) * _council_size(inhabitants) / 100)
        existing = Valgresultat.objects.filter(valg=valg, kommune=kommune).first()
        if existing is not None and not existing.demo:
            continue  # real figures entered by hand or imported: never overwritten
        Valgresultat.objects.update_or_create(
            valg=valg,
            kommune=kommune,
            defaults={
                "stemmer": votes,
                "godkjente_stemmer": valid,
                "andel": andel,
                "mandater": seats,
                "demo": True,
            },
        )
        made += 1
    return made


def _target(valg: Valg) -> None:
    """The county's target on the result of the coming election."""
    if Maal.objects.filter(aar=valg.aar, kode="valgresultat").exists():
        return
    maal = Maal(
        aar=valg.aar,
        kode="valgresultat",
        navn="Oppslutning ved valget",
        beskrivelse=f"Buskerud Senterparti skal få minst {TARGET_SHARE} % av stemmene i fylket.",
        maaling=Maaling.VALGRESULTAT,
        art=Maalform.ANTALL,
        maalverdi=TARGET_SHARE,
        frist=valg.dato,
        rekkefolge=200,
    )
    maal.full_clean()
    maal.save()


def _committee(today: datetime.date) -> int:
    """The county's campaign committee (a leader and two members) and one chapter's member,
    none of them a persona or holding a county office already."""
    county = Lokallag.objects.get(slug=COUNTY_SLUG)
    start = datetime.date(today.year - 1, 3, 1)
    offices = [
        (county, Rolle.VALGKAMPLEDER, "hole"),
        (county, Rolle.VALGKAMPMEDLEM, "lier"),
        (county, Rolle.VALGKAMPMEDLEM, "hemsedal"),
        (Lokallag.objects.get(slug="kongsberg"), Rolle.VALGKAMPMEDLEM, "kongsberg"),
    ]
    taken = set(Verv.objects.filter(enhet__niva=Niva.FYLKE).values_list("medlem_id", flat=True))
    for unit, role, slug in offices:
        held = Verv.objects.aktive(today).filter(
            enhet=unit, rolle=role, medlem__lokallag__slug=slug
        )
        if held.exists():
            continue
        medlem = (
            Medlem.objects.aktive(today)
            .filter(lokallag__slug=slug, bruker__isnull=True)
            .exclude(pk__in=taken)
            .order_by("medlemsnummer")
            .first()
        )
        Verv.objects.create(medlem=medlem, enhet=unit, rolle=role, fra_dato=start)
        taken.add(medlem.pk)
    return len(offices)


def _sizes(chapters, today) -> dict[int, int]:
    rows = (
        Medlem.objects.aktive(today)
        .filter(lokallag__in=chapters)
        .values("lokallag")
        .annotate(n=Count("pk"))
    )
    return {row["lokallag"]: row["n"] for row in rows}


def _plan(valg: Valg, chapters, sizes) -> dict[int, dict[str, Valgkampmaal]]:
    """Every active Sp chapter's goals: stands by the chapter's size, door-to-door in the
    towns, valgtorg where there is an upper secondary school, local media, social media."""
    plan: dict[int, dict[str, Valgkampmaal]] = {}
    for chapter in chapters:
        size = sizes.get(chapter.pk, 0)
        goals = {Maalart.STAND: min(6, 2 + size // 12)}
        if chapter.by_eller_bygd == ByEllerBygd.BY:
            goals[Maalart.DOR_TIL_DOR] = 2 + size // 20
        if chapter.slug in SCHOOLS:
            goals[Maalart.VALGTORG] = 2 if size >= 25 else 1
        goals[Maalart.LOKALMEDIA] = 2 if size >= 20 else 1
        goals[Maalart.SOSIALE_MEDIER] = 10 + 5 * (size // 10)
        plan[chapter.pk] = {}
        for art, antall in goals.items():
            maal, _ = Valgkampmaal.objects.get_or_create(
                valg=valg,
                lokallag=chapter,
                art=art,
                defaults={"antall": antall, "dager_for": DEADLINE[art]},
            )
            plan[chapter.pk][art] = maal
    return plan


def _days(start, end, weekdays) -> list[datetime.date]:
    return [
        start + datetime.timedelta(days=n)
        for n in range((end - start).days + 1)
        if (start + datetime.timedelta(days=n)).weekday() in weekdays
    ]


# Kind -> (title, place, hours, weekdays, window as days before election day (from, to)).
HELD = {
    Maalart.STAND: ("Valgkampstand", "Torget", (10, 14), {5}, (70, 14)),
    Maalart.DOR_TIL_DOR: (
        "Dør-til-dør i valgkampen",
        "Boligfeltene",
        (17, 20),
        {1, 2, 3},
        (55, 30),
    ),
    Maalart.VALGTORG: ("Valgtorg", "Den videregående skolen", (10, 14), {1, 2, 3}, (28, 14)),
    Maalart.LOKALMEDIA: (
        "Møte med lokalavisa om valgkampen",
        "Redaksjonen",
        (10, 11),
        {1, 3},
        (150, 60),
    ),
}


def _followed(valg, chapters, plan, contacts, seed) -> int:
    """The last election's plan as it went: each chapter held its goals' activities by the
    deadlines, but a few fell one short; the stands had their shifts filled."""
    rng = random.Random(f"{seed}-{valg.aar}")
    title = HELD[Maalart.STAND][0]
    others = {  # stands the activities loader made by the deadline, when it was this year
        row["enhet"]: row["n"]
        for row in Aktivitet.objects.filter(
            type=T.STAND,
            status=Status.AVHOLDT,
            dato__range=(valg.kampanjestart, valg.dato - datetime.timedelta(days=14)),
        )
        .exclude(tittel=title)
        .values("enhet")
        .annotate(n=Count("pk"))
    }
    # Those who fall short of their stands: chapters whose other stands leave them short.
    eligible = [c for c in chapters if others.get(c.pk, 0) < plan[c.pk][Maalart.STAND].antall]
    short = {c.pk for c in rng.sample(eligible, min(SHORT, len(eligible)))}
    made = 0
    for chapter in chapters:
        rng = random.Random(f"{seed}-{valg.aar}-{chapter.slug}")
        members = list(
            Medlem.objects.aktive(valg.dato)
            .filter(lokallag=chapter, bruker__isnull=True)
            .order_by("medlemsnummer")
        )
        for art, maal in plan[chapter.pk].items():
            if art == Maalart.SOSIALE_MEDIER:
                if maal.rapportert is None:
                    maal.rapportert = maal.antall - (3 if chapter.pk in short else 0)
                    maal.rapportert_dato = maal.frist
                    maal.save(update_fields=["rapportert", "rapportert_dato", "endret"])
                continue
            title, place, (begin, end), weekdays, (frm, to) = HELD[art]
            window = _days(
                max(valg.kampanjestart, valg.dato - datetime.timedelta(days=frm)),
                valg.dato - datetime.timedelta(days=to),
                weekdays,
            )
            wanted = maal.antall
            if art == Maalart.STAND:
                wanted -= (1 if chapter.pk in short else 0) + others.get(chapter.pk, 0)
            for day in rng.sample(window, max(0, min(wanted, len(window)))):
                aktivitet, _ = Aktivitet.objects.update_or_create(
                    enhet=chapter,
                    type=maal.aktivitetstype,
                    dato=day,
                    tittel=title,
                    defaults={
                        "starttid": datetime.time(begin),
                        "sluttid": datetime.time(end),
                        "sted": f"{place}, {chapter.kommune}",
                        "status": Status.AVHOLDT,  # all before election day, which is past
                        "deltakerantall": rng.randint(15, 90)
                        if art != Maalart.LOKALMEDIA
                        else None,
                        "ansvarlig": members[0] if members else None,
                        **_public(art == Maalart.STAND, contacts.get(chapter.pk)),
                    },
                )
                made += 1
                if art == Maalart.STAND and members:
                    shifts = [(begin, 2, 2), (begin + 2, 2, 2)]
                    _shifts(aktivitet, shifts, members, rng)
    return made


def _public(public: bool, contact) -> dict:
    if not public or contact is None:
        return {}
    return {"offentlig": True, "kontaktperson": contact[0], "kontakt": contact[1]}


def _shifts(aktivitet, shifts, members, rng) -> tuple[int, int]:
    """The stand's shifts of two hours and the members who took them (never a persona)."""
    places = taken = 0
    for hour, plasser, filled in shifts:
        vakt, _ = Vakt.objects.get_or_create(
            aktivitet=aktivitet,
            start=datetime.time(hour),
            defaults={
                "slutt": datetime.time(hour + 2),
                "plasser": plasser,
                "oppgave": "Rigge opp og dele ut" if hour == shifts[0][0] else "Dele ut",
            },
        )
        places += vakt.plasser
        picked = [
            (medlem, Pameldingskilde.LEDER if rng.random() < 0.3 else Pameldingskilde.PORTAL)
            for medlem in rng.sample(members, min(filled, len(members)))
        ]
        if vakt.pameldinger.exists():  # loaded before, or members signed up since
            taken += vakt.pameldinger.count()
            continue
        for medlem, kilde in picked:
            Vaktpamelding.objects.create(vakt=vakt, medlem=medlem, kilde=kilde)
            taken += 1
    return places, taken


def _stand_days(valg: Valg, today: datetime.date):
    """(chapter, day, shifts) of the coming stands: Saturdays in the coming weeks, and, when
    the campaign is further off, the stands already put up for four weeks before election day
    (in the campaign, so the election's roster page has them too)."""
    saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)
    for slug, week, shifts in COMING_STANDS:
        day = saturday + datetime.timedelta(weeks=week)
        if (day.month, day.day) >= (12, 24) or (day.month, day.day) <= (1, 1):
            day += datetime.timedelta(weeks=2)  # not in the Christmas week
        yield slug, day, shifts
    ahead = valg.dato - datetime.timedelta(days=30)
    ahead -= datetime.timedelta(days=(ahead.weekday() - 5) % 7 - 7)  # the Saturday after
    if ahead > saturday + datetime.timedelta(weeks=8):
        for slug, shifts in PLANNED_AHEAD:
            yield slug, ahead, shifts


def _coming_stands(valg, chapters_by_slug, contacts, seed, today) -> tuple[int, int, int]:
    """Stands with shifts, some filled, one full, Drammen's first with places free for its
    members (the persona ``medlem@`` among them)."""
    stands = places = taken = 0
    for slug, day, shifts in _stand_days(valg, today):
        chapter = chapters_by_slug[slug]
        rng = random.Random(f"{seed}-{slug}-{day}")
        members = list(
            Medlem.objects.aktive(today)
            .filter(lokallag=chapter, bruker__isnull=True)
            .order_by("medlemsnummer")
        )
        aktivitet, _ = Aktivitet.objects.update_or_create(
            enhet=chapter,
            type=T.STAND,
            dato=day,
            tittel="Valgkampstand",
            defaults={
                "starttid": datetime.time(shifts[0][0]),
                "sluttid": datetime.time(shifts[-1][0] + 2),
                "sted": "Bragernes torg" if slug == "drammen" else f"Torget, {chapter.kommune}",
                "status": Status.PLANLAGT,
                "beskrivelse": "Kom og møt Senterpartiet: vi deler ut program og svarer på spørsmål.",
                "ansvarlig": members[0] if members else None,
                **_public(True, contacts.get(chapter.pk)),
            },
        )
        more_places, more_taken = _shifts(aktivitet, shifts, members, rng)
        stands += 1
        places += more_places
        taken += more_taken
    return stands, places, taken


def _opening(valg: Valg, county, contact, today) -> None:
    """The county's campaign opening, on the Saturday a month before election day."""
    day = valg.dato - datetime.timedelta(days=30)
    day -= datetime.timedelta(days=(day.weekday() - 5) % 7)
    Aktivitet.objects.update_or_create(
        enhet=county,
        type=T.VALGKAMPAPNING,
        dato=day,
        tittel=f"Valgkampåpning {valg.aar}",
        defaults={
            "starttid": datetime.time(12),
            "sluttid": datetime.time(15),
            "sted": "Bragernes torg, Drammen",
            "status": Status.AVHOLDT if day <= today else Status.PLANLAGT,
            "beskrivelse": "Appeller, musikk og kaffe. Alle er velkomne.",
            **_public(True, contact),
        },
    )


def _contacts(units, today) -> dict[int, tuple[str, str]]:
    """Each unit's public contact: its leader's name (the county leader's for the county) and
    the unit's own e-mail address (the county's for a unit without one)."""
    leaders = {
        verv.enhet_id: verv.medlem
        for verv in Verv.objects.aktive(today)
        .filter(rolle__in=(Rolle.LEDER, Rolle.FYLKESLEDER), enhet__in=units)
        .select_related("medlem")
        .order_by("-fra_dato", "pk")
    }
    return {
        unit.pk: (
            f"{leaders[unit.pk].fornavn} {leaders[unit.pk].etternavn}"
            if unit.pk in leaders
            else "",
            unit.epost or units[0].epost,
        )
        for unit in units
    }


def _mark_public(contacts) -> int:
    """The public calendar: the year's public meetings, stands, visits and openings, the
    county's theme meetings and a few member meetings marked open."""
    for unit_id, (name, email) in contacts.items():
        wanted = Q(type__in=PUBLIC_TYPES) | Q(type=T.TEMAMOTE, enhet__niva=Niva.FYLKE)
        wanted |= Q(type=T.MEDLEMSMOTE, enhet__slug__in=OPEN_MEMBER_MEETINGS)
        Aktivitet.objects.filter(wanted, enhet_id=unit_id).exclude(
            offentlig=True, kontaktperson=name, kontakt=email
        ).update(offentlig=True, kontaktperson=name, kontakt=email)
    return Aktivitet.objects.offentlige().count()


@transaction.atomic
def load_valg(*, seed: int = 2024) -> dict[str, int]:
    today = timezone.localdate()
    for kommuner in DISTRICTS.values():  # the migration made them; a flushed database not
        for navn, nummer in kommuner:
            Kommune.objects.get_or_create(nummer=nummer, defaults={"navn": navn})
    past, coming = elections_around(today)
    results = sum(_results(_election(type_, day), seed) for type_, day in past)
    neste = _election(*coming)
    forrige = _election(*past[0])
    _target(neste)
    committee = _committee(today)

    county = Lokallag.objects.get(slug=COUNTY_SLUG)
    chapters = list(
        Lokallag.objects.lokallag()
        .filter(aktiv=True, organisasjon=Organisasjon.SENTERPARTIET)
        .order_by("slug")
    )
    units = [county, *Lokallag.objects.lokallag().filter(aktiv=True).order_by("slug")]
    contacts = _contacts(units, today)
    sizes = _sizes(chapters, today)
    _plan(neste, chapters, sizes)
    held = _followed(forrige, chapters, _plan(forrige, chapters, sizes), contacts, seed)
    for valg in (forrige, neste):
        _opening(valg, county, contacts[county.pk], today)
    by_slug = {c.slug: c for c in chapters}
    stands, places, taken = _coming_stands(neste, by_slug, contacts, seed, today)
    public = _mark_public(contacts)
    return {
        "valg": Valg.objects.count(),
        "valgresultater": results,
        "valgkampmål": Valgkampmaal.objects.count(),
        "valgkampaktiviteter": held,
        "valgkamputvalg": committee,
        "kommende_stands": stands,
        "vaktplasser_ledige": places - taken,
        "offentlige_arrangementer": public,
    }
