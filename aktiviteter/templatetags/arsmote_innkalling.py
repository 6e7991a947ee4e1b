"""The notice's state on the meeting page (the page's view belongs to the cycle's step; the
notice's panel reads its own state here)."""

from django import template

from aktiviteter.arsmote.models import Arsmote
from aktiviteter.arsmote.services.innkalling import Innkallingsstatus, status

register = template.Library()


@register.simple_tag
def innkallingsstatus(arsmote: Arsmote) -> Innkallingsstatus:
    """Where the meeting's notice stands today: its last day, late or not, approved."""
    return status(arsmote)
