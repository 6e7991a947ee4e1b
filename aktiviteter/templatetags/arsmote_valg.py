"""The election's panel on a meeting's page (``_valg_panel.html``): what the page's view does
not read itself, read here so that the step keeps its reads in its own slice."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from aktiviteter.arsmote.models import Arsmote
from aktiviteter.arsmote.services import valg
from lokallag.models import Rolle, Verv

register = template.Library()


@dataclass(frozen=True)
class ValgPanel:
    til_valg: int
    forslag: int
    valgte: list[Verv]

    @property
    def ledere_uten_innlogging(self) -> list[Verv]:
        return [v for v in self.valgte if v.rolle == Rolle.LEDER and v.medlem.bruker_id is None]


@register.simple_tag
def valg_panel(arsmote: Arsmote) -> ValgPanel:
    return ValgPanel(
        til_valg=valg.verv_til_valg(arsmote).antall,
        forslag=arsmote.valgforslag.count(),
        valgte=valg.valgte(arsmote) if arsmote.styre_registrert else [],
    )
