"""``{{ medlem.telefon|telefon }}`` shows a stored number, ``{{ medlem.telefon|tel_uri }}`` dials
it (see buskerud_sp.core.telefon)."""

from django import template

from buskerud_sp.core.telefon import format_phone, phone_uri

register = template.Library()


@register.filter
def telefon(value: str | None) -> str:
    return format_phone(value)


@register.filter
def tel_uri(value: str | None) -> str:
    return phone_uri(value)
