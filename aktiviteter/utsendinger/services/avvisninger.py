"""Which list a complaint about a newsletter or an invitation leaves: registered with the
reminders' bounce handling (``paaminnelser.services.avvisninger.registrer_samtykke``) from
``AktiviteterConfig.ready``, for the delivery rows of this slice's mail."""

from __future__ import annotations

from aktiviteter.paaminnelser.models import Art, Paaminnelse
from aktiviteter.utsendinger.models import Utsending
from medlemmer.models import SAMTYKKEFELT, Liste

PREFIKS = "utsending-"


def samtykkefelt_for(row: Paaminnelse) -> str | None:
    """The consent field of the list the row's mail went to (invitations and their reminders:
    the invitations' list; a newsletter: its message's list)."""
    if row.art in (Art.INVITASJON, Art.INVITASJON_PAAMINNELSE):
        return SAMTYKKEFELT[Liste.INVITASJONER]
    pk = row.anledning.removeprefix(PREFIKS)
    if not row.anledning.startswith(PREFIKS) or not pk.isdigit():
        return None
    utsending = Utsending.objects.select_related("avsender").filter(pk=int(pk)).first()
    return SAMTYKKEFELT[utsending.liste] if utsending is not None else None
