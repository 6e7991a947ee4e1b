"""The reminders' status on pages of lower slices (the date plan's timeline shows admins how
many reminders failed), without those slices importing the reminders."""

from django import template

from aktiviteter.paaminnelser.models import Paaminnelse

register = template.Library()


@register.simple_tag
def feilede_paaminnelser(user) -> int:
    """How many of the deliveries ``user`` may see failed (for an admin's badge)."""
    return Paaminnelse.objects.visible_to(user).feilet().count()
