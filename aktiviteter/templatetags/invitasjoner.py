"""The invitations' answers where other pages show them: the panel on the message's own page
(``utsendinger/_invitasjon_panel.html``) and «N har svart ja» with «Inviter medlemmer» on the
activity's page (the activity slice does not import the messages' slice)."""

from django import template

from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.utsendinger.models import Status, Utsending
from aktiviteter.utsendinger.services import invitasjoner
from aktiviteter.utsendinger.services.sending import kan_sende_for

register = template.Library()


@register.simple_tag
def invitasjonssvar(utsending: Utsending) -> dict:
    """The counts (yes, no, not answered) and the answers with names (three queries)."""
    if not utsending.er_sendt:
        return {"telling": None, "svar": []}
    return {
        "telling": invitasjoner.telling(utsending),
        "svar": list(invitasjoner.svarliste(utsending)),
    }


@register.inclusion_tag("aktiviteter/utsendinger/_aktivitet_invitasjoner.html", takes_context=True)
def aktivitet_invitasjoner(context, aktivitet: Aktivitet) -> dict:
    user = context["request"].user
    latest = (
        Utsending.objects.visible_to(user)
        .filter(aktivitet=aktivitet, status=Status.SENDT)
        .order_by("-sendt", "-pk")
        .first()
    )
    can_invite = (
        kan_sende_for(user, aktivitet.enhet)
        and invitasjoner.aktiviteter_for_invitasjon(user).filter(pk=aktivitet.pk).exists()
    )
    return {
        "aktivitet": aktivitet,
        "siste": latest,
        "ja": invitasjoner.ja_antall(aktivitet) if latest else 0,
        "kan_invitere": can_invite,
    }
