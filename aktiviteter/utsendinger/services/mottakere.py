"""Who receives a message: the sending unit's active members in the chosen group who consented
to the message's list, split by channel. The one place that decides it; the preview, the
confirmation's counts and the sending all read it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from aktiviteter.utsendinger.models import Gruppe, Utsending
from lokallag.models import Niva
from medlemmer.models import SAMTYKKEFELT, Medlem


def malgruppe(utsending: Utsending) -> QuerySet[Medlem]:
    """The unit's active members in the message's group, consent not yet considered. The
    county reaches every chapter's members; a chapter only its own."""
    today = timezone.localdate()
    members = Medlem.objects.aktive(today).ikke_anonymisert()
    if utsending.avsender.niva != Niva.FYLKE:
        members = members.filter(lokallag_id=utsending.avsender_id)
    match utsending.gruppe:
        case Gruppe.SENTERUNGDOMMEN:
            members = members.filter(senterungdommen=True)
        case Gruppe.SENTERKVINNENE:
            members = members.filter(senterkvinnene=True)
        case Gruppe.NYE:
            members = members.innmeldt_i(today.year)
        case Gruppe.ALDER:
            members = members.i_aldersgruppe(utsending.alder_fra, utsending.alder_til, today)
        case Gruppe.ADHOC:
            members = members.filter(adhoc_grupper=utsending.adhoc_gruppe_id)
    return members


def med_samtykke(utsending: Utsending) -> QuerySet[Medlem]:
    """Of the group, those who consented to the message's list."""
    return malgruppe(utsending).filter(**{SAMTYKKEFELT[utsending.liste]: True})


def _sms_q() -> Q:
    """Members SMS reaches instead of e-mail: a phone number, and no address or a preference."""
    return ~Q(telefon="") & (Q(epost__isnull=True) | Q(epost="") | Q(foretrekker_sms=True))


@dataclass(frozen=True)
class Mottakere:
    epost: QuerySet[Medlem]
    sms: QuerySet[Medlem]
    utenfor: int  # consented but reachable by neither channel

    @property
    def antall(self) -> int:
        return self.epost.count() + self.sms.count()


def mottakere(utsending: Utsending) -> Mottakere:
    """The recipients by channel. Without an SMS text everyone with an address gets e-mail
    (also those who prefer SMS); with one, SMS goes to those with no address or who prefer it."""
    consented = med_samtykke(utsending)
    has_email = Q(epost__isnull=False) & ~Q(epost="")
    if utsending.med_sms and utsending.sms_tekst:
        sms = consented.filter(_sms_q())
        epost = consented.filter(has_email).exclude(pk__in=sms.values("pk"))
    else:
        sms = consented.none()
        epost = consented.filter(has_email)
    reached = epost.count() + sms.count()
    return Mottakere(epost=epost, sms=sms, utenfor=consented.count() - reached)
