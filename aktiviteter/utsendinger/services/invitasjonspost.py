"""The invitation's mails: the invitation itself (``Art.INVITASJON``) with two signed answer
links, and the day-before reminder to those who said yes (``Art.INVITASJON_PAAMINNELSE``, made
by the planner from ``Regeltype.INVITASJON_PAAMINNELSE``). Both are list mail: the member's
consent to invitations is checked when each mail is sent, and each carries the list's one-click
unsubscribe. ``AktiviteterConfig.ready`` registers the builders, the planner's source and the
``/svar/`` kind."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.models import Status
from aktiviteter.paaminnelser.models import Art, Kanal, Paaminnelse, Paaminnelsesregel
from aktiviteter.paaminnelser.services.innhold import Hopp
from aktiviteter.paaminnelser.services.planlegging import GRACE, Anledning
from aktiviteter.utsendinger.models import (
    Invitasjonssvar,
    Svar,
    Utsending,
    Utsendingsart,
)
from aktiviteter.utsendinger.models import (
    Status as Utsendingsstatus,
)
from aktiviteter.utsendinger.services.invitasjoner import har_startet, svar_for
from aktiviteter.utsendinger.services.lister import avmeldingsheaders, avmeldingslenke
from buskerud_sp.core import svar as svar_tokens
from medlemmer.models import SAMTYKKEFELT, Liste, Medlem

SVAR_ART = "invitasjon"
# An answer link lives past any activity an invitation is sent for in practice (the answers
# close when the activity starts, whatever the token's age).
SVAR_LEVETID = datetime.timedelta(days=120)


def svarlenke(utsending_id: int, medlem_id: int, svar: str | None = None) -> str:
    """The member's own signed answer page; ``svar`` pre-selects an answer (never records)."""
    token = svar_tokens.token_for(SVAR_ART, u=utsending_id, m=medlem_id)
    url = settings.SITE_URL + reverse("svar", kwargs={"token": token})
    return f"{url}?svar={svar}" if svar else url


def fra_svartoken(payload: dict) -> tuple[Utsending, Medlem] | None:
    """The invitation and member an answer link names, or None when its ids are not ints or
    name nothing."""
    utsending_id, medlem_id = payload.get("u"), payload.get("m")
    if not isinstance(utsending_id, int) or not isinstance(medlem_id, int):
        return None
    utsending = (
        Utsending.objects.filter(pk=utsending_id, art=Utsendingsart.INVITASJON)
        .select_related("aktivitet", "avsender")
        .first()
    )
    medlem = Medlem.objects.filter(pk=medlem_id).first()
    if utsending is None or medlem is None:
        return None
    return utsending, medlem


def _invitation(pk: int | None, felles: dict) -> Utsending | None:
    """The invitation a row belongs to, read once per batch."""
    key = ("invitasjon", pk)
    if key not in felles:
        felles[key] = (
            Utsending.objects.filter(pk=pk, art=Utsendingsart.INVITASJON)
            .select_related("aktivitet", "avsender")
            .first()
            if pk is not None
            else None
        )
    return felles[key]


def _pk_after(prefix: str, anledning: str) -> int | None:
    rest = anledning.removeprefix(prefix)
    head = rest.split("-", 1)[0]
    return int(head) if anledning.startswith(prefix) and head.isdigit() else None


def _common(row: Paaminnelse, utsending: Utsending | None) -> dict | Hopp:
    """What both mails check and show: consent to the list, the activity still ahead."""
    if utsending is None:
        return Hopp(_("Invitasjonen finnes ikke lenger."))
    medlem = row.mottaker
    if medlem is None or not getattr(medlem, SAMTYKKEFELT[Liste.INVITASJONER]):
        return Hopp(_("Har ikke samtykket til invitasjoner."))
    aktivitet = utsending.aktivitet
    if aktivitet.status == Status.AVLYST:
        return Hopp(_("Aktiviteten er avlyst."))
    if har_startet(aktivitet):
        return Hopp(_("Aktiviteten har begynt."))
    return {
        "utsending": utsending,
        "aktivitet": aktivitet,
        "lag": utsending.avsender.navn,
        "svar_url": svarlenke(utsending.pk, medlem.pk),
        "avmelding_url": avmeldingslenke(medlem.pk, Liste.INVITASJONER, utsending.pk),
        "_headers": avmeldingsheaders(medlem.pk, Liste.INVITASJONER, utsending.pk),
    }


def invitasjon_innhold(row: Paaminnelse, felles: dict) -> dict | Hopp:
    """The invitation: the activity, the leader's text and the two answer links."""
    utsending = _invitation(_pk_after("utsending-", row.anledning), felles)
    context = _common(row, utsending)
    if isinstance(context, Hopp):
        return context
    context["ja_url"] = svarlenke(utsending.pk, row.mottaker_id, Svar.JA)
    context["nei_url"] = svarlenke(utsending.pk, row.mottaker_id, Svar.NEI)
    context["avsnitt"] = [p.strip() for p in utsending.tekst.split("\n\n") if p.strip()]
    return context


def paaminnelse_innhold(row: Paaminnelse, felles: dict) -> dict | Hopp:
    """The day before: only while the member's answer is still yes."""
    utsending = _invitation(_pk_after("invitasjon-", row.anledning), felles)
    context = _common(row, utsending)
    if isinstance(context, Hopp):
        return context
    if svar_for(utsending, row.mottaker_id) != Svar.JA:
        return Hopp(_("Har ikke lenger svart ja."))
    return context


def paaminnelse_nokkel(utsending_id: int) -> str:
    return f"invitasjon-{utsending_id}-dagen-før"


def paaminnelse_anledninger(
    regel: Paaminnelsesregel, naa: datetime.datetime, kandidater=None
) -> Iterator[Anledning]:
    """The planner's source for ``Regeltype.INVITASJON_PAAMINNELSE``: ``dager`` before each
    sent invitation's activity, at the rule's time (made at most ``GRACE`` late and never after
    the activity has begun), one row per member who has answered yes by then."""
    today = timezone.localdate(naa)
    invitations = (
        Utsending.objects.filter(
            art=Utsendingsart.INVITASJON,
            status=Utsendingsstatus.SENDT,
            aktivitet__dato__range=(today, today + datetime.timedelta(days=regel.dager + 1)),
        )
        .exclude(aktivitet__status=Status.AVLYST)
        .select_related("aktivitet")
        .order_by("pk")
    )
    for utsending in invitations:
        aktivitet = utsending.aktivitet
        send_at = regel.tidspunkt(aktivitet.dato)
        if not regel.gjelder(aktivitet.dato) or send_at > naa or naa - send_at >= GRACE:
            continue
        if har_startet(aktivitet, naa):
            continue
        yes = tuple(
            (pk, Kanal.EPOST)
            for pk in Invitasjonssvar.objects.filter(utsending=utsending, svar=Svar.JA)
            .order_by("medlem_id")
            .values_list("medlem_id", flat=True)
        )
        if yes:
            yield Anledning(
                regel,
                Art.INVITASJON_PAAMINNELSE,
                paaminnelse_nokkel(utsending.pk),
                aktivitet=aktivitet,
                medlemmer=yes,
            )
