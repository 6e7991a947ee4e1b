"""The rhythm: plan the reminders that are due (from the rules admins edit), send them once
each, and let members unsubscribe. See each module's docstring."""

from aktiviteter.paaminnelser.services.avmelding import (
    avmeldingslenke,
    medlem_fra_token,
    paaminnelser_avmeld,
)
from aktiviteter.paaminnelser.services.planlegging import ledermote_sikre, paaminnelser_planlegg
from aktiviteter.paaminnelser.services.regler import regel_lagre
from aktiviteter.paaminnelser.services.sending import (
    paaminnelse_prov_igjen,
    paaminnelser_send,
    sender_snart,
)

__all__ = [
    "avmeldingslenke",
    "ledermote_sikre",
    "medlem_fra_token",
    "paaminnelse_prov_igjen",
    "paaminnelser_avmeld",
    "paaminnelser_planlegg",
    "paaminnelser_send",
    "regel_lagre",
    "sender_snart",
]
