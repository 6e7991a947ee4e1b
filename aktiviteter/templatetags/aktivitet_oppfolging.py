"""The activity page's follow-up pieces: co-hosting chapters and visits from the county."""

from __future__ import annotations

from django import template

from buskerud_sp.core.access import access_for
from lokallag.models import Niva

from ..forms import BesokForm
from ..models import Aktivitet, Besok

register = template.Library()


@register.inclusion_tag("aktiviteter/_oppfolging.html", takes_context=True)
def aktivitet_oppfolging(context, aktivitet: Aktivitet) -> dict:
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
        and Aktivitet.objects.managed_by(user).filter(pk=aktivitet.pk).exists(),
        "visits": list(
            Besok.objects.visible_to(user)
            .filter(aktivitet=aktivitet)
            .select_related("medlem")
            .order_by("pk")
        ),
        "records_visits": records_visits,
        "visit_form": BesokForm(user=user) if records_visits else None,
    }
