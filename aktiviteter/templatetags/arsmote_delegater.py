"""A meeting's delegates for the panel on its page (``arsmote/_delegater_panel.html``), so
that the meeting page's view needs to know nothing about the delegate step."""

from django import template

from aktiviteter.arsmote.models import Arsmote
from aktiviteter.arsmote.services.delegater import Delegatliste, delegatliste

register = template.Library()


@register.simple_tag
def delegater_for(arsmote: Arsmote) -> Delegatliste:
    return delegatliste(arsmote)
