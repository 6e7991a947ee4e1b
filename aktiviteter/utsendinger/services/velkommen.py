"""The welcome to a new member: the planner's source for ``Regeltype.VELKOMMEN`` (every day at
the rule's time, one row per member who joined in the last two weeks and has had none) and
what the mail says (the chapter, its next open activities, its contact person).

Both are registered from ``AktiviteterConfig.ready``. The welcome is member mail
(``MEDLEMSPOST``): no consent is asked and it carries no unsubscribe link. It names no other
member than the chapter's leader, as its contact person."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from aktiviteter.paaminnelser.models import Art, Kanal, Paaminnelse, Paaminnelsesregel
from aktiviteter.paaminnelser.services.innhold import Hopp
from aktiviteter.paaminnelser.services.planlegging import GRACE, Anledning
from lokallag.models import Lokallag, Rolle, Verv
from medlemmer.models import Medlem

T = Aktivitetstype

# A member who joined this long ago (or a planner that was down this long) is no longer new.
NY_I = datetime.timedelta(days=14)
# The activities a new member can come to: open meetings and the chapter's street stands, not
# the board's or the county's internal work.
APNE_TYPER = (
    T.FOLKEMOTE,
    T.FOLKEMOTE_PA_NETT,
    T.TEMAMOTE,
    T.MEDLEMSMOTE,
    T.STAND,
    T.VALGKAMPAPNING,
)
ANTALL_AKTIVITETER = 3


def anledning_for(medlem_id: int) -> str:
    return f"velkommen-{medlem_id}"


def nye_medlemmer(today: datetime.date):
    """Active members who joined in the last ``NY_I`` and have no welcome row yet."""
    welcomed = Paaminnelse.objects.filter(art=Art.VELKOMMEN, mottaker=OuterRef("pk"))
    return (
        Medlem.objects.aktive(today)
        .ikke_anonymisert()
        .filter(innmeldt__gt=today - NY_I)
        .exclude(Exists(welcomed))
    )


def velkommen_anledninger(
    regel: Paaminnelsesregel, naa: datetime.datetime, kandidater=None
) -> Iterator[Anledning]:
    """Every day at the rule's time (a day off moves it to the next working day), one
    occasion per new member: by e-mail when they have an address, else by SMS when they have
    a phone; a member with neither gets nothing."""
    today = timezone.localdate(naa)
    send_at = regel.tidspunkt(today)
    if not regel.gjelder(today) or send_at > naa or naa - send_at >= GRACE:
        return
    members = nye_medlemmer(today).order_by("pk").values_list("pk", "epost", "telefon")
    for pk, epost, telefon in members:
        if epost:
            kanal = Kanal.EPOST
        elif telefon:
            kanal = Kanal.SMS
        else:
            continue
        yield Anledning(regel, Art.VELKOMMEN, anledning_for(pk), medlemmer=((pk, kanal),))


def neste_aktiviteter(lokallag: Lokallag, today: datetime.date) -> list[Aktivitet]:
    """The chapter's next open activities (planned, from today)."""
    return list(
        Aktivitet.objects.filter(
            enhet=lokallag, type__in=APNE_TYPER, status=Status.PLANLAGT, dato__gte=today
        ).order_by("dato", "starttid", "pk")[:ANTALL_AKTIVITETER]
    )


def kontaktperson(lokallag: Lokallag, today: datetime.date, felles: dict) -> dict[str, str]:
    """The chapter leader's name and the chapter's contact e-mail (the county's when the
    chapter has none). Only the name of the leader: their own address stays in the portal."""
    leader = (
        Verv.objects.aktive(today)
        .filter(enhet=lokallag, rolle=Rolle.LEDER, medlem__anonymisert__isnull=True)
        .select_related("medlem")
        .order_by("fra_dato", "pk")
        .first()
    )
    epost = lokallag.epost
    if not epost:
        if "fylke_epost" not in felles:  # read once per batch
            county = Lokallag.objects.fylkeslag().first()
            felles["fylke_epost"] = county.epost if county else ""
        epost = felles["fylke_epost"]
    return {"navn": leader.medlem.navn if leader else "", "epost": epost}


def velkommen_innhold(row: Paaminnelse, felles: dict) -> dict | Hopp:
    medlem = row.mottaker
    if medlem is None:
        return Hopp(_("Velkomsthilsenen går bare til medlemmer."))
    today = timezone.localdate()
    lokallag = medlem.lokallag
    return {
        "lokallag": lokallag.navn,
        "aktiviteter": neste_aktiviteter(lokallag, today),
        "kontakt": kontaktperson(lokallag, today, felles),
    }
