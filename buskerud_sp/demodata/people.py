"""Demo members, offices and the five personas of DESIGN.md §3."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lokallag.models import Distrikt, Lokallag, Niva, Organisasjon, Rolle, Verv
from medlemmer.models import Kjonn, Medlem, Vervekampanje

from .organisation import COUNTY_SLUG

WOMEN = [
    "Anne",
    "Ingrid",
    "Kari",
    "Marit",
    "Liv",
    "Randi",
    "Solveig",
    "Hilde",
    "Silje",
    "Ida",
    "Guro",
    "Ragnhild",
    "Astrid",
    "Tone",
    "Mari",
    "Sigrid",
    "Eli",
    "Gunhild",
    "Kristin",
    "Nora",
]
MEN = [
    "Ole",
    "Lars",
    "Knut",
    "Per",
    "Jon",
    "Arne",
    "Trond",
    "Bjørn",
    "Odd",
    "Halvor",
    "Nils",
    "Kjetil",
    "Eirik",
    "Sindre",
    "Gunnar",
    "Terje",
    "Tor",
    "Øystein",
    "Magnus",
    "Aslak",
]
SURNAMES = [
    "Haugen",
    "Bakke",
    "Lien",
    "Hagen",
    "Berg",
    "Strand",
    "Moen",
    "Nygård",
    "Kvisle",
    "Brekke",
    "Tveito",
    "Rustad",
    "Haugland",
    "Sando",
    "Grøndahl",
    "Solberg",
    "Hovde",
    "Skinnarland",
    "Ødegård",
    "Lunde",
    "Myhre",
    "Fossum",
    "Holte",
    "Tandberg",
    "Rud",
]

# Members per chapter slug (Drammen is the biggest; the mountain villages are small).
CHAPTER_SIZES = {
    "drammen": 48,
    "lier": 26,
    "ovre-eiker": 24,
    "kongsberg": 30,
    "ringerike": 30,
    "hole": 12,
    "modum": 22,
    "sigdal": 14,
    "krodsherad": 9,
    "fla": 8,
    "nesbyen": 12,
    "gol": 20,
    "hemsedal": 10,
    "al": 16,
    "hol": 14,
    "flesberg": 10,
    "rollag": 8,
    "nore-og-uvdal": 11,
    "hallingdal-senterungdom": 9,
    "drammen-og-lier-senterungdom": 8,
    "ringerike-senterungdom": 6,
}

# Key offices deliberately left vacant, so the portal has something to flag.
VACANT = {
    "fla": {Rolle.LEDER},
    "rollag": {Rolle.SENTERKVINNEKONTAKT},
    "hole": {Rolle.SENTERKVINNEKONTAKT, Rolle.STUDIELEDER},
    "krodsherad": {Rolle.SENTERKVINNEKONTAKT},
    "nesbyen": {Rolle.SENTERKVINNEKONTAKT},
    "hemsedal": {Rolle.STUDIELEDER},
}
CHAPTER_OFFICES = [
    Rolle.LEDER,
    Rolle.NESTLEDER,
    Rolle.SEKRETAER,
    Rolle.KASSERER,
    Rolle.STUDIELEDER,
    Rolle.SENTERKVINNEKONTAKT,
    Rolle.VERVEKONTAKT,
    Rolle.STYREMEDLEM,
]


@dataclass(frozen=True)
class Persona:
    email: str
    fornavn: str
    etternavn: str
    kjonn: str
    chapter_slug: str | None
    description: str
    is_admin: bool = False


PERSONAS = [
    Persona(
        "admin@demo.buskerudsp.no",
        "Åse",
        "Sekretær",
        Kjonn.KVINNE,
        None,
        "administrator (organisasjonssekretær)",
        is_admin=True,
    ),
    Persona(
        "styre@demo.buskerudsp.no",
        "Berit",
        "Styremo",
        Kjonn.KVINNE,
        "modum",
        "fylkesstyremedlem (distriktsrepresentant Midt-Buskerud)",
    ),
    Persona(
        "leder.drammen@demo.buskerudsp.no",
        "Dag",
        "Drammensen",
        Kjonn.MANN,
        "drammen",
        "leder i Drammen Senterparti",
    ),
    Persona(
        "leder.gol@demo.buskerudsp.no",
        "Guri",
        "Golsen",
        Kjonn.KVINNE,
        "gol",
        "leder i Gol Senterparti",
    ),
    Persona(
        "medlem@demo.buskerudsp.no",
        "Mona",
        "Medlemsen",
        Kjonn.KVINNE,
        "drammen",
        "medlem i Drammen Senterparti",
    ),
]


def _birth_date(rng: random.Random, chapter: Lokallag, today: datetime.date) -> datetime.date:
    if chapter.organisasjon == Organisasjon.SENTERUNGDOMMEN:
        age = rng.randint(15, 29)
    else:
        age = int(rng.triangular(18, 88, 60))
    return today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))


def _joined(rng: random.Random, today: datetime.date) -> datetime.date:
    roll = rng.random()
    if roll < 0.15:  # recruited this year: the dashboard's verving target
        return datetime.date(today.year, 1, 1) + datetime.timedelta(
            days=rng.randint(0, (today - datetime.date(today.year, 1, 1)).days)
        )
    if roll < 0.30:
        return datetime.date(today.year - 1, rng.randint(1, 12), rng.randint(1, 28))
    return datetime.date(rng.randint(1975, today.year - 2), rng.randint(1, 12), rng.randint(1, 28))


@transaction.atomic
def load_members(*, seed: int = 2024) -> dict[str, int]:
    rng = random.Random(seed)
    today = timezone.localdate()
    campaign, _ = Vervekampanje.objects.update_or_create(
        navn=f"Vervekampanjen {today.year}",
        defaults={
            "beskrivelse": "Fylkesstyrets aksjon for å verve 50 nye medlemmer i valgåret.",
            "fra_dato": datetime.date(today.year, 2, 1),
            "til_dato": datetime.date(today.year, 10, 31),
            "maal": 50,
        },
    )
    created = 0
    number = 0
    chapters = {c.slug: c for c in Lokallag.objects.lokallag()}
    by_chapter: dict[str, list[Medlem]] = {}
    for slug, size in CHAPTER_SIZES.items():
        chapter = chapters[slug]
        for _ in range(size):
            number += 1
            woman = rng.random() < 0.37
            if chapter.organisasjon == Organisasjon.SENTERUNGDOMMEN:
                woman = rng.random() < 0.45
            fornavn = rng.choice(WOMEN if woman else MEN)
            etternavn = rng.choice(SURNAMES)
            joined = _joined(rng, today)
            left = None
            reason = ""
            if rng.random() < 0.06:
                left = min(today, joined + datetime.timedelta(days=rng.randint(30, 2000)))
                reason = rng.choice(["Flyttet", "Ønsket ikke å fortsette", "Død"])
            birth = _birth_date(rng, chapter, today)
            young = (today - birth).days < 30 * 365
            defaults = {
                "fornavn": fornavn,
                "etternavn": etternavn,
                "epost": f"{fornavn}.{etternavn}.{number}@eksempel.no".lower()
                .replace("ø", "o")
                .replace("å", "a")
                .replace("æ", "ae"),
                "telefon": f"+479{rng.randint(1000000, 9999999)}",
                "adresse": f"{rng.choice(['Storgata', 'Bygdevegen', 'Kirkevegen', 'Skogli'])} {rng.randint(1, 80)}",
                "postnummer": f"{rng.randint(3000, 3632)}",
                "poststed": chapter.kommune or "Drammen",
                "fodselsdato": birth,
                "kjonn": Kjonn.KVINNE if woman else Kjonn.MANN,
                "lokallag": chapter,
                "innmeldt": joined,
                "utmeldt": left,
                "utmeldingsgrunn": reason,
                # Former members in the demo consented to the historical archive: otherwise the
                # nightly retention job anonymises them and a new demodata run would add them
                # again (the loader finds members by their member number, which erasure removes).
                "samtykke_arkiv": left is not None,
                "vervekampanje": campaign
                if campaign.fra_dato <= joined <= campaign.til_dato and rng.random() < 0.6
                else None,
                "folkevalgt": rng.random() < 0.18,
                "senterungdommen": chapter.organisasjon == Organisasjon.SENTERUNGDOMMEN
                or (young and rng.random() < 0.5),
                "senterkvinnene": woman and rng.random() < 0.3,
                "samtykke_paaminnelser": rng.random() < 0.8,
                "kontingent_betalt_til": datetime.date(today.year, 12, 31)
                if rng.random() < 0.92
                else datetime.date(today.year - 1, 12, 31),
            }
            if defaults["folkevalgt"]:
                defaults["folkevalgt_verv"] = f"{chapter.kommune or 'Buskerud'} kommunestyre"
            medlem, was_created = Medlem.objects.update_or_create(
                medlemsnummer=f"D{number:05d}", defaults=defaults
            )
            created += was_created
            by_chapter.setdefault(slug, []).append(medlem)
    # Recruiters: some new members were recruited by an older member of the chapter.
    for members in by_chapter.values():
        veterans = [m for m in members if m.innmeldt.year < today.year - 1 and not m.utmeldt]
        for m in members:
            if m.innmeldt.year == today.year and veterans and rng.random() < 0.5:
                Medlem.objects.filter(pk=m.pk).update(vervet_av=rng.choice(veterans))
    offices = _load_offices(rng, chapters, by_chapter, today)
    return {"medlemmer": number, "nye_medlemmer": created, "verv": offices}


def _load_offices(rng, chapters, by_chapter, today) -> int:
    start = datetime.date(today.year - 1, 3, 1)
    count = 0
    for slug, members in by_chapter.items():
        chapter = chapters[slug]
        candidates = [m for m in members if m.utmeldt is None]
        rng.shuffle(candidates)
        roles = [r for r in CHAPTER_OFFICES if r not in VACANT.get(slug, set())]
        if slug in {"drammen", "gol"}:
            roles.remove(Rolle.LEDER)  # the personas lead these chapters
        for role, medlem in zip(roles, candidates, strict=False):
            if role == Rolle.SENTERKVINNEKONTAKT and medlem.kjonn != Kjonn.KVINNE:
                women = [m for m in candidates if m.kjonn == Kjonn.KVINNE]
                medlem = women[0] if women else medlem
            # The annual meeting demo re-elects some holders (a second row of the same office,
            # from the meeting): loading again must find them, not fail on two rows.
            if not Verv.objects.filter(medlem=medlem, enhet=chapter, rolle=role).exists():
                Verv.objects.create(medlem=medlem, enhet=chapter, rolle=role, fra_dato=start)
            count += 1
    # A former leader whose office ended: keeps membership, loses access.
    former = by_chapter["lier"][-1]
    Verv.objects.get_or_create(
        medlem=former,
        enhet=chapters["lier"],
        rolle=Rolle.LEDER,
        fra_dato=datetime.date(today.year - 4, 3, 1),
        defaults={"til_dato": start - datetime.timedelta(days=1)},
    )
    # The county board: leader, study leader and one representative per district.
    county = Lokallag.objects.get(slug=COUNTY_SLUG)
    board = [
        (Rolle.FYLKESLEDER, "kongsberg", None),
        (Rolle.NESTLEDER, "ringerike", None),
        (Rolle.FYLKESSTUDIELEDER, "al", None),
    ]
    for district in Distrikt.objects.exclude(slug="midt-buskerud"):
        first_chapter = district.lokallag.filter(organisasjon=Organisasjon.SENTERPARTIET).first()
        board.append((Rolle.DISTRIKTSREPRESENTANT, first_chapter.slug, district))
    for role, slug, district in board:
        medlem = next(
            m
            for m in by_chapter[slug]
            if m.utmeldt is None
            and not Verv.objects.filter(medlem=m, enhet__niva=Niva.FYLKE).exists()
        )
        Verv.objects.get_or_create(
            enhet=county,
            rolle=role,
            distrikt=district,
            defaults={"medlem": medlem, "fra_dato": start},
        )
        count += 1
    return count


@transaction.atomic
def load_personas(*, password: str) -> dict[str, int]:
    User = get_user_model()
    today = timezone.localdate()
    start = datetime.date(today.year - 1, 3, 1)
    county = Lokallag.objects.get(slug=COUNTY_SLUG)
    for persona in PERSONAS:
        user, _ = User.objects.update_or_create(
            email=persona.email,
            defaults={
                "first_name": persona.fornavn,
                "last_name": persona.etternavn,
                "is_staff": persona.is_admin,
                "is_superuser": persona.is_admin,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        if persona.chapter_slug is None:
            continue
        chapter = Lokallag.objects.get(slug=persona.chapter_slug)
        medlem, _ = Medlem.objects.update_or_create(
            medlemsnummer=f"P-{persona.email.split('@')[0]}"[:20],
            defaults={
                "fornavn": persona.fornavn,
                "etternavn": persona.etternavn,
                "epost": persona.email,
                "telefon": "+4740000000",
                "kjonn": persona.kjonn,
                "lokallag": chapter,
                "innmeldt": datetime.date(2015, 5, 1),
                "fodselsdato": datetime.date(1975, 6, 15),
                "samtykke_paaminnelser": True,
                "bruker": user,
            },
        )
        if persona.email.startswith("leder."):
            Verv.objects.get_or_create(
                medlem=medlem, enhet=chapter, rolle=Rolle.LEDER, defaults={"fra_dato": start}
            )
        elif persona.email.startswith("styre@"):
            Verv.objects.get_or_create(
                medlem=medlem,
                enhet=county,
                rolle=Rolle.DISTRIKTSREPRESENTANT,
                defaults={
                    "fra_dato": start,
                    "distrikt": Distrikt.objects.get(slug="midt-buskerud"),
                },
            )
    return {"personas": len(PERSONAS)}
