"""The members' mail in the demo: consent to the mailing lists for a realistic share of the
members (and SMS preferred by a few), three sent newsletters (the county to everyone on its
list, Drammen to its members, the women's network) and three invitations to coming member
activities with answers. All relative to today, like the rest of the demo.

Rows are written directly with the models (no mail is sent): each message's delivery rows as
the sender would have left them, mostly sent, a few failed or bounced, a couple of members
unsubscribed through the county's newsletter. Idempotent: the messages are found by sender
and subject, their rows by the delivery key, the activities by their natural key, and the
consent is the same on every run (drawn in member-number order from the seed)."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype
from aktiviteter.aktivitet.models import Status as Aktivitetsstatus
from aktiviteter.paaminnelser.models import Kanal, Leveringsstatus, Paaminnelse
from aktiviteter.utsendinger.models import (
    Gruppe,
    Invitasjonssvar,
    Status,
    Svar,
    Utsending,
    Utsendingsart,
)
from aktiviteter.utsendinger.services.mottakere import mottakere
from lokallag.models import Lokallag
from medlemmer.models import SAMTYKKEFELT, Liste, Medlem

from .organisation import COUNTY_SLUG

# Share of the members who consented to each list (of the group the list is for).
SAMTYKKE = {
    Liste.FYLKET: 0.6,
    Liste.LOKALLAGET: 0.5,
    Liste.KVINNENETTVERKET: 0.7,  # of Senterkvinnene's members
    Liste.UNGDOMMEN: 0.7,  # of Senterungdommen's members
    Liste.INVITASJONER: 0.55,
}
FORETREKKER_SMS = 0.05
FEILET = "SMTPRecipientsRefused: {'[adresse]': (450, b'4.2.2 Mailbox full')}"
AVVIST = "Avvist av mottakerens e-posttjener: 5.1.1 The email account does not exist"

S = Leveringsstatus


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _consent(rng: random.Random) -> int:
    """The lists' consent and the SMS preference, drawn in member-number order."""
    members = list(
        Medlem.objects.order_by("medlemsnummer", "pk").values_list(
            "pk", "senterkvinnene", "senterungdommen"
        )
    )
    given: dict[str, list[int]] = {field: [] for field in SAMTYKKEFELT.values()}
    given["foretrekker_sms"] = []
    for pk, woman_network, youth in members:
        for liste, share in SAMTYKKE.items():
            in_group = {
                Liste.KVINNENETTVERKET: woman_network,
                Liste.UNGDOMMEN: youth,
            }.get(liste, True)
            if rng.random() < share and in_group:
                given[SAMTYKKEFELT[liste]].append(pk)
        if rng.random() < FORETREKKER_SMS:
            given["foretrekker_sms"].append(pk)
    for field, pks in given.items():
        Medlem.objects.filter(pk__in=pks).exclude(**{field: True}).update(**{field: True})
        Medlem.objects.exclude(pk__in=pks).exclude(**{field: False}).update(**{field: False})
    return len(given[SAMTYKKEFELT[Liste.FYLKET]])


def _send(utsending: Utsending, rng: random.Random, sendt: datetime.datetime) -> list[int]:
    """The message's delivery rows as the sender left them; returns the members reached.
    A message loaded before keeps its rows."""
    rows = Paaminnelse.objects.filter(art=utsending.art, anledning=utsending.anledning)
    if not rows.exists():
        result = mottakere(utsending)
        new = []
        for kanal, members in ((Kanal.EPOST, result.epost), (Kanal.SMS, result.sms)):
            for pk in members.order_by("medlemsnummer", "pk").values_list("pk", flat=True):
                draw = rng.random()
                status, feil = S.SENDT, ""
                if kanal == Kanal.EPOST and draw < 0.02:
                    status, feil = S.FEILET, FEILET
                elif kanal == Kanal.EPOST and draw < 0.05:
                    status, feil = S.AVVIST, AVVIST
                new.append(
                    Paaminnelse(
                        art=utsending.art,
                        anledning=utsending.anledning,
                        mottaker_id=pk,
                        kanal=kanal,
                        status=status,
                        feil=feil,
                        opprettet=sendt,
                        neste_forsok=sendt,
                        forsok=5 if status == S.FEILET else 1,
                        sendt=None if status == S.FEILET else sendt,
                    )
                )
        Paaminnelse.objects.bulk_create(new, ignore_conflicts=True)
    counts = dict.fromkeys(Kanal.values, 0)
    for kanal in rows.values_list("kanal", flat=True):
        counts[kanal] += 1
    Utsending.objects.filter(pk=utsending.pk).update(
        antall_epost=counts[Kanal.EPOST], antall_sms=counts[Kanal.SMS]
    )
    return list(rows.order_by("mottaker__medlemsnummer", "pk").values_list("mottaker", flat=True))


def _utsending(avsender, emne: str, bruker, sendt: datetime.datetime, **fields) -> Utsending:
    utsending, _ = Utsending.objects.update_or_create(
        avsender=avsender,
        emne=emne,
        defaults={
            "status": Status.SENDT,
            "sendt": sendt,
            "sendt_av": bruker,
            "opprettet_av": bruker,
            **fields,
        },
    )
    return utsending


NYHETSBREV = [
    # (sender slug, group, subject, days ago, text)
    (
        COUNTY_SLUG,
        Gruppe.ALLE,
        "Nytt fra fylkeslaget: budsjettet og vervekampanjen",
        20,
        "Kjære medlem!\n\nFylkestinget vedtok budsjettet for neste år forrige uke. "
        "Senterpartiet fikk gjennomslag for:\n- mer til fylkesveiene i distriktene\n"
        "- videregående skoler nær der folk bor\n\nVervekampanjen går godt: takk til alle som "
        "har vervet et nytt medlem!",
    ),
    (
        "drammen",
        Gruppe.ALLE,
        "Drammen Sp: julemøte og nytt fra bystyret",
        9,
        "Hei!\n\nStyret inviterer til julemøte i desember. I bystyret har vi fremmet forslag "
        "om flere lærere i drammensskolen.\n\nVel møtt!",
    ),
    (
        COUNTY_SLUG,
        Gruppe.SENTERKVINNENE,
        "Senterkvinnene i Buskerud: nettverkssamling og mentorordning",
        35,
        "Hei alle Senterkvinner!\n\nVi starter en mentorordning for kvinner som vil stille "
        "til valg. Meld interesse til fylkeskontoret.\n\n- Nettverkssamling i januar\n"
        "- Kurs i debatt og mediearbeid",
    ),
]

# The county's invitation also goes by SMS to the members who prefer it or have no address.
SMS_TEKST = "Buskerud Sp inviterer til temamøte om beredskap og matjord. Svar i portalen."

INVITASJONER = [
    # (chapter slug, type, title, days ahead, place, days since sent)
    ("drammen", Aktivitetstype.MEDLEMSMOTE, "Julemøte med grøt og politikk", 10, "Drammen", 6),
    ("gol", Aktivitetstype.MEDLEMSMOTE, "Medlemskveld: bli kjent i laget", 17, "Gol", 3),
    (COUNTY_SLUG, Aktivitetstype.TEMAMOTE, "Temamøte: beredskap og matjord", 24, "Hønefoss", 8),
]


@transaction.atomic
def load_utsendinger(*, seed: int = 2024) -> dict[str, int]:
    rng = random.Random(seed + 19)
    today = timezone.localdate()
    consented = _consent(rng)
    units = {u.slug: u for u in Lokallag.objects.filter(slug__in=["drammen", "gol", COUNTY_SLUG])}
    users = get_user_model().objects
    board = users.get(email="styre@demo.buskerudsp.no")
    senders = {
        COUNTY_SLUG: board,
        "drammen": users.get(email="leder.drammen@demo.buskerudsp.no"),
        "gol": users.get(email="leder.gol@demo.buskerudsp.no"),
    }
    rows = 0
    for slug, gruppe, emne, days_ago, tekst in NYHETSBREV:
        sendt = _at(today - datetime.timedelta(days=days_ago), 10)
        utsending = _utsending(units[slug], emne, senders[slug], sendt, gruppe=gruppe, tekst=tekst)
        reached = _send(utsending, random.Random(f"{seed}:{emne}"), sendt)
        rows += len(reached)
        if slug == COUNTY_SLUG and gruppe == Gruppe.ALLE:
            # Two members left the county's list through this newsletter's unsubscribe link.
            left = reached[:: max(1, len(reached) // 2)][:2]
            Medlem.objects.filter(pk__in=left).update(samtykke_fylket=False)
            Utsending.objects.filter(pk=utsending.pk).update(antall_avmeldt=len(left))
    answers = 0
    for slug, type_, tittel, days_ahead, sted, days_ago in INVITASJONER:
        unit = units[slug]
        aktivitet, _ = Aktivitet.objects.update_or_create(
            enhet=unit,
            type=type_,
            dato=today + datetime.timedelta(days=days_ahead),
            tittel=tittel,
            defaults={
                "starttid": datetime.time(19),
                "sluttid": datetime.time(21),
                "sted": sted,
                "status": Aktivitetsstatus.PLANLAGT,
            },
        )
        sendt = _at(today - datetime.timedelta(days=days_ago), 12)
        utsending = _utsending(
            unit,
            f"Invitasjon: {tittel}",
            senders[slug],
            sendt,
            art=Utsendingsart.INVITASJON,
            aktivitet=aktivitet,
            gruppe=Gruppe.ALLE,
            med_sms=slug == COUNTY_SLUG,
            sms_tekst=SMS_TEKST if slug == COUNTY_SLUG else "",
            tekst=f"Velkommen til {tittel.lower()} i {sted}! Svar ja eller nei med knappene.",
        )
        message_rng = random.Random(f"{seed}:{utsending.emne}")
        reached = _send(utsending, message_rng, sendt)
        rows += len(reached)
        if utsending.svar.exists():  # loaded before: the members' answers stay
            answers += utsending.svar.count()
            continue
        for medlem_id in reached:
            draw = message_rng.random()
            if draw < 0.45:
                continue  # not answered
            Invitasjonssvar.objects.create(
                utsending=utsending, medlem_id=medlem_id, svar=Svar.JA if draw < 0.85 else Svar.NEI
            )
            answers += 1
    return {
        "samtykke_nyhetsbrev_fylket": consented,
        "utsendinger": Utsending.objects.count(),
        "leveringer_medlemspost": rows,
        "invitasjonssvar": answers,
    }
