"""The stand's shifts where the activity's page shows them: «N vakter, mangler M» and the link
to the roster, for ``VAKTTYPER`` (the activity slice does not import the valg slice)."""

from django import template

from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.aktivitet.models.typer import VAKTTYPER
from aktiviteter.valg.selectors.vakter import ledige_plasser
from aktiviteter.valg.services.vakter import kan_styre_stand

register = template.Library()


@register.inclusion_tag("aktiviteter/valg/_aktivitet_vakter.html", takes_context=True)
def aktivitet_vakter(context, aktivitet: Aktivitet) -> dict:
    if aktivitet.type not in VAKTTYPER:
        return {"vis": False}
    vakter = ledige_plasser([aktivitet.pk]).get(aktivitet.pk, [])
    return {
        "vis": True,
        "aktivitet": aktivitet,
        "antall": len(vakter),
        "mangler": sum(n for _v, n in vakter),
        "kan_styre": kan_styre_stand(context["request"].user, aktivitet),
    }
