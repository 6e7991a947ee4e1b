"""The activity page's follow-up pieces: co-hosting chapters and visits from the county."""

from __future__ import annotations

from django import template

from buskerud_sp.core.access import access_for

from ..models import Niva
from ..oppfolging.forms import BesokForm
from ..oppfolging.models import Besok
from ..providers import activities

register = template.Library()


@register.inclusion_tag("lokallag/oppfolging/_aktivitet.html", takes_context=True)
def aktivitet_oppfolging(context, aktivitet) -> dict:
    request = context["request"]
    user = request.user
    access = access_for(user)
    in_chapter = aktivitet.enhet.niva == Niva.LOKAL or aktivitet.vertslag_id is not None
    records_visits = access.follows_up_chapters and in_chapter
    return {
        "request": request,
        "aktivitet": aktivitet,
        "cohosts": [m.lokallag for m in aktivitet.medverter.select_related("lokallag")],
        "can_set_cohosts": aktivitet.enhet.niva == Niva.LOKAL
        and aktivitet.enhet.distrikt_id is not None
        and activities().managed_by(user).filter(pk=aktivitet.pk).exists(),
        "visits": list(
            Besok.objects.visible_to(user)
            .filter(aktivitet=aktivitet)
            .select_related("medlem")
            .order_by("pk")
        ),
        "records_visits": records_visits,
        "visit_form": BesokForm(user=user) if records_visits else None,
    }
