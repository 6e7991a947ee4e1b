"""The county's follow-up of the chapters: towns and villages, who follows up which chapter,
a contact log with open, overdue and done follow-ups, visits from the county (the chapter
tour, board meetings held out in the chapters), co-hosted activities and media appearances.

Rows are found by natural keys without their dates (a contact by chapter and text, an
activity by unit, type and title), so running the loader again moves the dates along with
today and doubles nothing."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from lokallag.models import ByEllerBygd, Lokallag, Niva, Rolle, Verv
from lokallag.oppfolging.models import (
    Besok,
    Besoksrolle,
    Kontaktform,
    Medieoppslag,
    Medietype,
    Medvert,
    Oppfolging,
)
from medlemmer.models import Medlem

from .organisation import COUNTY_SLUG

T = Aktivitetstype
TOWNS = {"drammen", "kongsberg", "ringerike"}
BOARD_PERSONA = "styre@demo.buskerudsp.no"
ADMIN_PERSONA = "admin@demo.buskerudsp.no"
DRAMMEN_LEADER = "leder.drammen@demo.buskerudsp.no"

TOPICS = [
    "Gikk gjennom planene for valgkampen og standene i sentrum.",
    "Snakket om medlemsverving og hvem som kan spørres før sommeren.",
    "Laget vil starte «Det grønne hjulet» i høst og trenger en kursleder.",
    "Styret er slitent; få møter siden årsmøtet. Tilbød hjelp fra distriktet.",
    "Planla felles temamøte med nabolagene om samferdsel.",
    "Gikk gjennom hjemmesiden og Facebook-siden, som ikke er oppdatert.",
]
NEXT_STEPS = [
    "Sende studieplanen for Det grønne hjulet",
    "Avtale dato for besøk av toppkandidaten",
    "Finne en senterkvinnekontakt sammen med laget",
    "Sende oversikt over standplasser og materiell",
    "Følge opp at årsmøtereferatet sendes fylket",
]
MEDIA = {
    "Drammensregionen": ["Drammens Tidende", "Lierposten", "Eikerbladet"],
    "Kongsbergregionen": ["Laagendalsposten", "Radio Kongsberg"],
    "Midt-Buskerud": ["Bygdeposten", "Modum Radio"],
    "Ringeriksregionen": ["Ringerikes Blad", "Ringerikes Blad"],
    "Hallingdal": ["Hallingdølen", "Radio Hallingdal"],
}
MEDIA_TITLES = [
    "Sykehuset må ligge nær folk",
    "Bredbånd til hele kommunen",
    "Bonden trenger bedre inntekt",
    "Fylkesveiene forfaller",
    "Skolen skal ligge i bygda",
    "Lokalt eierskap til kraften",
]
# (host slug, co-host slugs, type, title, days from today, count)
JOINT_ACTIVITIES = [
    (
        "gol",
        ["hemsedal", "al"],
        T.TEMAMOTE,
        "Felles temamøte i Hallingdal: reiseliv og landbruk",
        -30,
        64,
    ),
    ("lier", ["ovre-eiker"], T.STAND, "Felles stand på Lierbyen", -45, 120),
    (
        "kongsberg",
        ["flesberg", "rollag", "nore-og-uvdal"],
        T.FOLKEMOTE,
        "Folkemøte i Numedal og Kongsberg: helse nær folk",
        20,
        None,
    ),
]


@transaction.atomic
def load_oppfolging(*, seed: int = 2024) -> dict[str, int]:
    rng = random.Random(seed + 10)
    today = timezone.localdate()
    chapters = {c.slug: c for c in Lokallag.objects.lokallag()}
    for slug, chapter in chapters.items():
        wanted = ByEllerBygd.BY if slug in TOWNS else ByEllerBygd.BYGD
        if chapter.by_eller_bygd != wanted:
            Lokallag.objects.filter(pk=chapter.pk).update(by_eller_bygd=wanted)
    User = get_user_model()
    board_user = User.objects.get(email=BOARD_PERSONA)
    admin_user = User.objects.get(email=ADMIN_PERSONA)
    berit = board_user.medlem
    # Flå has no leader: the board asked its most experienced member to follow it up.
    Lokallag.objects.filter(pk=chapters["fla"].pk).update(oppfolgingsansvarlig=berit)

    contacts = _contacts(rng, today, chapters, berit, board_user, admin_user)
    joint = _joint_activities(today, chapters)
    visits = _visits(rng, today, chapters, berit)
    media = _media(rng, today, chapters)
    return {"kontakter": contacts, "felles_aktiviteter": joint, "besok": visits, "medier": media}


def _contact(chapter, referat, **defaults) -> Oppfolging:
    entry, _ = Oppfolging.objects.update_or_create(
        lokallag=chapter, referat=referat, defaults=defaults
    )
    return entry


def _contacts(rng, today, chapters, berit, board_user, admin_user) -> int:
    day = datetime.timedelta(days=1)
    drammen_leader = Medlem.objects.get(epost=DRAMMEN_LEADER)
    # Berit's chapters: one open, one overdue, one done long ago, and Flå never contacted.
    _contact(
        chapters["modum"],
        "Ringte lederen om medlemsmøtet og valgkampen. Laget vil ha besøk av toppkandidaten.",
        dato=today - 10 * day,
        kontaktform=Kontaktform.TELEFON,
        neste_steg="Avtale dato for besøk av toppkandidaten",
        frist=today + 5 * day,
        ansvarlig=berit,
        registrert_av=board_user,
        utfort=None,
    )
    _contact(
        chapters["krodsherad"],
        "Besøkte styremøtet. Laget mangler senterkvinnekontakt.",
        dato=today - 20 * day,
        kontaktform=Kontaktform.BESOK,
        neste_steg="Finne en senterkvinnekontakt sammen med laget",
        frist=today - 3 * day,
        ansvarlig=berit,
        registrert_av=board_user,
        utfort=None,
    )
    _contact(
        chapters["sigdal"],
        "Møte med styret om studiearbeidet.",
        dato=today - 70 * day,
        kontaktform=Kontaktform.MOTE,
        neste_steg="Sende studieplanen for Det grønne hjulet",
        frist=today - 60 * day,
        ansvarlig=berit,
        registrert_av=board_user,
        utfort=today - 62 * day,
        utfort_av=board_user,
    )
    # Drammen's leader promised something: it shows on the chapter's page.
    _contact(
        chapters["drammen"],
        "E-post fra lederen om standene i sentrum før valget.",
        dato=today - 6 * day,
        kontaktform=Kontaktform.EPOST,
        neste_steg="Sende oversikt over standplasser og materiell",
        frist=today + 9 * day,
        ansvarlig=drammen_leader,
        registrert_av=admin_user,
        utfort=None,
    )
    count = 4
    representatives = {
        v.distrikt_id: v.medlem
        for v in Verv.objects.aktive(today)
        .filter(enhet__niva=Niva.FYLKE, rolle=Rolle.DISTRIKTSREPRESENTANT)
        .select_related("medlem")
    }
    skip = {"modum", "krodsherad", "sigdal", "drammen", "fla"}
    for slug, chapter in sorted(chapters.items()):
        if slug in skip or chapter.organisasjon != "sp":
            continue
        for index in range(rng.randint(0, 3)):
            owner = representatives.get(chapter.distrikt_id)
            follow_up = owner is not None and rng.random() < 0.5
            dato = today - datetime.timedelta(days=rng.randint(3, 160))
            frist = dato + datetime.timedelta(days=rng.randint(7, 30))
            _contact(
                chapter,
                f"{TOPICS[(index + len(slug)) % len(TOPICS)]} ({chapter.kommune}, kontakt {index + 1})",
                dato=dato,
                kontaktform=rng.choice(Kontaktform.values),
                neste_steg=rng.choice(NEXT_STEPS) if follow_up else "",
                frist=frist if follow_up else None,
                ansvarlig=owner if follow_up else None,
                registrert_av=admin_user,
                utfort=min(frist, today) if follow_up and rng.random() < 0.6 else None,
            )
            count += 1
    return count


def _joint_activities(today, chapters) -> int:
    for host, cohosts, type_, title, offset, count in JOINT_ACTIVITIES:
        dato = today + datetime.timedelta(days=offset)
        held = dato <= today
        aktivitet, _ = Aktivitet.objects.update_or_create(
            enhet=chapters[host],
            type=type_,
            tittel=title,
            defaults={
                "dato": dato,
                "starttid": datetime.time(19, 0) if type_ != T.STAND else datetime.time(11, 0),
                "sluttid": datetime.time(21, 0) if type_ != T.STAND else datetime.time(14, 0),
                "sted": chapters[host].kommune,
                "status": Status.AVHOLDT if held else Status.PLANLAGT,
                "deltakerantall": count if held else None,
            },
        )
        for slug in cohosts:
            Medvert.objects.get_or_create(aktivitet=aktivitet, lokallag=chapters[slug])
    return len(JOINT_ACTIVITIES)


def _visits(rng, today, chapters, berit) -> int:
    county = Lokallag.objects.get(slug=COUNTY_SLUG)
    leader = (
        Verv.objects.aktive(today)
        .filter(enhet=county, rolle=Rolle.FYLKESLEDER)
        .select_related("medlem")
        .first()
    )
    top_candidate = leader.medlem if leader else berit
    rows = 0
    # The top candidate came to the chapters' tour meetings.
    for aktivitet in Aktivitet.objects.filter(type=T.REISERUNDE, enhet__niva=Niva.LOKAL):
        Besok.objects.get_or_create(
            aktivitet=aktivitet,
            medlem=top_candidate,
            defaults={"rolle": Besoksrolle.TOPPKANDIDAT},
        )
        rows += 1
    # Board meetings held out in a chapter are visits of the board members present.
    away = Aktivitet.objects.filter(
        type=T.FYLKESSTYREMOTE, vertslag__isnull=False, status=Status.AVHOLDT
    )
    for aktivitet in away.prefetch_related("deltakelser"):
        for deltakelse in aktivitet.deltakelser.all():
            if deltakelse.til_stede:
                Besok.objects.get_or_create(
                    aktivitet=aktivitet,
                    medlem_id=deltakelse.medlem_id,
                    defaults={"rolle": Besoksrolle.FYLKESSTYRET},
                )
                rows += 1
    # Berit went to Modum's latest member meeting.
    meeting = (
        Aktivitet.objects.filter(enhet=chapters["modum"], dato__lte=today)
        .exclude(status=Status.AVLYST)
        .exclude(type=T.STUDIESAMLING)
        .order_by("-dato")
        .first()
    )
    if meeting:
        Besok.objects.get_or_create(
            aktivitet=meeting, medlem=berit, defaults={"rolle": Besoksrolle.FYLKESSTYRET}
        )
        rows += 1
    # The coming stops of the chapter tour.
    for weeks, slug in enumerate(["hole", "sigdal", "hemsedal"], start=1):
        chapter = chapters[slug]
        stop, _ = Aktivitet.objects.update_or_create(
            enhet=county,
            type=T.REISERUNDE,
            vertslag=chapter,
            tittel=f"Reiserunde: toppkandidaten besøker {chapter.navn}",
            defaults={
                "dato": today + datetime.timedelta(weeks=weeks, days=rng.randint(0, 3)),
                "starttid": datetime.time(18, 30),
                "sted": chapter.kommune,
                "status": Status.PLANLAGT,
            },
        )
        Besok.objects.get_or_create(
            aktivitet=stop, medlem=top_candidate, defaults={"rolle": Besoksrolle.TOPPKANDIDAT}
        )
        rows += 1
    return rows


def _media(rng, today, chapters) -> int:
    count = 0
    for slug, chapter in sorted(chapters.items()):
        if chapter.organisasjon != "sp" or chapter.distrikt is None:
            continue
        outlets = MEDIA.get(chapter.distrikt.navn, ["Lokalavisa"])
        for index in range(rng.randint(0, 4)):
            Medieoppslag.objects.update_or_create(
                lokallag=chapter,
                tittel=f"{MEDIA_TITLES[(index + len(slug)) % len(MEDIA_TITLES)]} ({chapter.kommune})",
                defaults={
                    "type": rng.choice(Medietype.values),
                    "dato": today - datetime.timedelta(days=rng.randint(0, 300)),
                    "medium": rng.choice(outlets),
                },
            )
            count += 1
    return count
