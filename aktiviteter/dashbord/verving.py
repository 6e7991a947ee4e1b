"""The recruiting drives on the dashboard: each current drive's target, the members recruited so
far and the top recruiters by name (the county's dashboard: the whole county; a chapter's: the
recruits of that chapter only). Three queries, however many drives, members or chapters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext

from lokallag.models import Lokallag
from medlemmer.models import Medlem, Vervekampanje

TOPP = 5


@dataclass
class Kampanjestatus:
    kampanje: Vervekampanje
    vervet: int = 0
    # (name, count), most recruits first.
    ververe: list[tuple[str, int]] = field(default_factory=list)

    @property
    def prosent(self) -> int | None:
        maal = self.kampanje.maal
        return round(100 * self.vervet / maal) if maal else None


def _navn(row: dict) -> str:
    if row["vervet_av__anonymisert"]:
        return gettext("Anonymisert medlem")
    return f"{row['vervet_av__fornavn']} {row['vervet_av__etternavn']}".strip()


def vervet_i(kampanje: Vervekampanje) -> Q:
    """The members a drive recruited: those registered on it, and those who joined in its
    period with a recruiter and on no drive (within its chapter, for a chapter's drive)."""
    q = Q(vervekampanje=kampanje) | Q(
        vervekampanje__isnull=True,
        vervet_av__isnull=False,
        innmeldt__range=(kampanje.fra_dato, kampanje.til_dato),
    )
    if kampanje.lokallag_id:
        q &= Q(lokallag_id=kampanje.lokallag_id)
    return q


def vervekampanjer(today: datetime.date, lokallag: Lokallag | None = None) -> list[Kampanjestatus]:
    """The drives running today (for a chapter: the county's and its own) with their figures;
    for a chapter, only its own recruits are counted and named."""
    drives = Vervekampanje.objects.filter(fra_dato__lte=today, til_dato__gte=today)
    if lokallag is not None:
        drives = drives.filter(Q(lokallag__isnull=True) | Q(lokallag=lokallag))
    drives = list(drives.order_by("til_dato", "pk"))
    if not drives:
        return []
    members = Medlem.objects.all()
    if lokallag is not None:
        members = members.filter(lokallag=lokallag)
    any_drive = Q()
    for k in drives:
        any_drive |= vervet_i(k)
    members = members.filter(any_drive)
    totals = members.aggregate(**{f"k{k.pk}": Count("pk", filter=vervet_i(k)) for k in drives})
    per_recruiter = (
        members.filter(vervet_av__isnull=False)
        .values(
            "vervet_av_id", "vervet_av__fornavn", "vervet_av__etternavn", "vervet_av__anonymisert"
        )
        .annotate(**{f"k{k.pk}": Count("pk", filter=vervet_i(k)) for k in drives})
        .order_by()
    )
    rows = list(per_recruiter)
    result = []
    for k in drives:
        key = f"k{k.pk}"
        ranked = sorted(
            (r for r in rows if r[key]),
            key=lambda r: (-r[key], r["vervet_av__fornavn"], r["vervet_av__etternavn"]),
        )
        result.append(
            Kampanjestatus(
                kampanje=k,
                vervet=totals[key] or 0,
                ververe=[(_navn(r), r[key]) for r in ranked[:TOPP]],
            )
        )
    return result
