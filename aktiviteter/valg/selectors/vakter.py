"""Read-only queries over the stands' shifts, for the valg pages and the public pages above.

``ledige_plasser`` is what a public page may show: each shift's time, task and free places,
never who signed up."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from aktiviteter.valg.models import Vakt


def vakter_med_antall(aktivitet_ids: Iterable[int]):
    """The shifts of these activities with ``antall_pameldt`` (one query)."""
    return (
        Vakt.objects.filter(aktivitet_id__in=list(aktivitet_ids))
        .annotate(antall_pameldt=Count("pameldinger"))
        .order_by("aktivitet_id", "start", "pk")
    )


def ledige_plasser(aktivitet_ids: Iterable[int]) -> dict[int, list[tuple[Vakt, int]]]:
    """Per activity id, its shifts in time order with the number of free places (0 when full),
    in one query. Activities without shifts are left out. No names: safe for public pages."""
    result: dict[int, list[tuple[Vakt, int]]] = {}
    for vakt in vakter_med_antall(aktivitet_ids):
        result.setdefault(vakt.aktivitet_id, []).append(
            (vakt, max(vakt.plasser - vakt.antall_pameldt, 0))
        )
    return result
