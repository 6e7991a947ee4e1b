"""``{{ medlem.telefon|telefon }}`` shows a stored number, ``{{ medlem.telefon|tel_uri }}`` dials
it, ``{{ medlem.telefon|telefon_lenke }}`` is both as a link (the number as it is when it cannot
be dialled) (see buskerud_sp.core.telefon)."""

from django import template

from buskerud_sp.core.telefon import format_phone, phone_link_html, phone_uri

register = template.Library()


@register.filter
def telefon(value: str | None) -> str:
    return format_phone(value)


@register.filter
def tel_uri(value: str | None) -> str:
    return phone_uri(value)


@register.filter
def telefon_lenke(value: str | None) -> str:
    """What ``{% with uri=v|tel_uri %}{% if uri %}<a href="{{ uri }}">{{ v|telefon }}</a>{% else
    %}{{ v }}{% endif %}{% endwith %}`` shows, with one parse of the number."""
    return phone_link_html(value)
