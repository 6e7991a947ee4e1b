"""``{{ session.user_agent|nettleser }}``: the browser and system in words (user_agents.py)."""

from django import template

from buskerud_sp.user_agents import describe

register = template.Library()


@register.filter
def nettleser(header: str | None) -> str:
    return describe(header)
