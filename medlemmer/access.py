"""The members' and offices' part of who may see what (registered into
``buskerud_sp.core.access`` by ``MedlemmerConfig.ready``): the user's active membership, the
chapters where they hold an office with access, and a county-board seat."""

from __future__ import annotations

import datetime
from typing import Any

from lokallag.models import (
    FYLKESSTYREVERV,
    TILLITSVERV_MED_TILGANG,
    VALGKAMPVERV,
    VALGKOMITEVERV,
    Niva,
    Verv,
)

from .models import Medlem


def member_and_offices(user, today: datetime.date) -> dict[str, Any]:
    medlem = Medlem.objects.aktive(today).filter(bruker=user).values("pk", "lokallag_id").first()
    if not medlem:
        return {}
    officer_ids: set[int] = set()
    committee_ids: set[int] = set()
    campaign_ids: set[int] = set()
    is_board = False
    offices = (
        Verv.objects.aktive(today)
        .filter(medlem_id=medlem["pk"])
        .values_list("enhet_id", "enhet__niva", "rolle")
    )
    for enhet_id, niva, rolle in offices:
        if niva == Niva.FYLKE and rolle in FYLKESSTYREVERV:
            is_board = True
        elif niva == Niva.LOKAL and rolle in TILLITSVERV_MED_TILGANG:
            officer_ids.add(enhet_id)
        if rolle in VALGKOMITEVERV:
            committee_ids.add(enhet_id)
        if rolle in VALGKAMPVERV:
            campaign_ids.add(enhet_id)
    return {
        "is_board": is_board,
        "medlem_id": medlem["pk"],
        "member_chapter_id": medlem["lokallag_id"],
        "officer_chapter_ids": frozenset(officer_ids),
        "committee_chapter_ids": frozenset(committee_ids),
        "campaign_unit_ids": frozenset(campaign_ids),
    }
