"""Buskerud's districts and chapters as they are from 2024 (DESIGN.md §3)."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from lokallag.models import Distrikt, Lokallag, Niva, Organisasjon

COUNTY_SLUG = "fylkeslaget"

# District -> [(municipality, municipality number)], in the order the plan's users list them.
DISTRICTS: dict[str, list[tuple[str, str]]] = {
    "Hallingdal": [
        ("Flå", "3320"),
        ("Nesbyen", "3322"),
        ("Gol", "3324"),
        ("Hemsedal", "3326"),
        ("Ål", "3328"),
        ("Hol", "3330"),
    ],
    "Kongsbergregionen": [
        ("Kongsberg", "3303"),
        ("Flesberg", "3334"),
        ("Rollag", "3336"),
        ("Nore og Uvdal", "3338"),
    ],
    "Midt-Buskerud": [("Modum", "3316"), ("Sigdal", "3332"), ("Krødsherad", "3318")],
    "Ringeriksregionen": [("Ringerike", "3305"), ("Hole", "3310")],
    "Drammensregionen": [("Drammen", "3301"), ("Lier", "3312"), ("Øvre Eiker", "3314")],
}

# A few Senterungdommen chapters: (name, district).
SU_CHAPTERS = [
    ("Hallingdal Senterungdom", "Hallingdal"),
    ("Drammen og Lier Senterungdom", "Drammensregionen"),
    ("Ringerike Senterungdom", "Ringeriksregionen"),
]


def chapter_slug(municipality: str) -> str:
    return slugify(
        municipality.replace("æ", "ae")
        .replace("ø", "o")
        .replace("å", "a")
        .replace("Æ", "Ae")
        .replace("Ø", "O")
        .replace("Å", "A")
    )


def load_organisation() -> dict[str, int]:
    # Social media dates relative to today, so the dashboard's «up to date» stays realistic.
    today = timezone.localdate()
    Lokallag.objects.update_or_create(
        slug=COUNTY_SLUG,
        defaults={
            "navn": "Buskerud Senterparti",
            "niva": Niva.FYLKE,
            "kommunenummer": "",
            "epost": "buskerud@senterpartiet.no",
            "facebook_url": "https://www.facebook.com/buskerudsenterparti",
            "facebook_oppdatert": today - datetime.timedelta(days=5),
            "hjemmeside_url": "https://www.senterpartiet.no/buskerud",
            "hjemmeside_oppdatert": today - datetime.timedelta(days=25),
        },
    )
    chapters = 0
    for order, (district_name, municipalities) in enumerate(DISTRICTS.items()):
        district, _ = Distrikt.objects.update_or_create(
            slug=chapter_slug(district_name),
            defaults={"navn": district_name, "rekkefolge": order},
        )
        for index, (municipality, number) in enumerate(municipalities):
            # Some chapters keep their pages up to date, some do not: the dashboard shows it.
            fresh = index % 3 != 2
            Lokallag.objects.update_or_create(
                slug=chapter_slug(municipality),
                defaults={
                    "navn": f"{municipality} Senterparti",
                    "niva": Niva.LOKAL,
                    "organisasjon": Organisasjon.SENTERPARTIET,
                    "kommune": municipality,
                    "kommunenummer": number,
                    "distrikt": district,
                    "epost": f"{chapter_slug(municipality)}@senterpartiet.no",
                    "facebook_url": f"https://www.facebook.com/{chapter_slug(municipality)}sp",
                    "facebook_oppdatert": today - datetime.timedelta(days=10 if fresh else 150),
                    "hjemmeside_url": f"https://www.senterpartiet.no/lokallag/{chapter_slug(municipality)}",
                    "hjemmeside_oppdatert": today - datetime.timedelta(days=20 + index)
                    if fresh
                    else None,
                },
            )
            chapters += 1
    for name, district_name in SU_CHAPTERS:
        Lokallag.objects.update_or_create(
            slug=chapter_slug(name),
            defaults={
                "navn": name,
                "niva": Niva.LOKAL,
                "organisasjon": Organisasjon.SENTERUNGDOMMEN,
                "distrikt": Distrikt.objects.get(navn=district_name),
                "instagram_url": f"https://www.instagram.com/{chapter_slug(name)}",
                "instagram_oppdatert": today - datetime.timedelta(days=8),
            },
        )
        chapters += 1
    return {"distrikter": len(DISTRICTS), "lokallag": chapters}
