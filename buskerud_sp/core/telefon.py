"""Phone numbers: one parser for every way in (register import, member forms), one stored form
(E.164, «+4795942026») and one way to show them («959 42 026» for Norwegian mobiles, the
international format for foreign numbers).

Parsing is left to ``phonenumbers`` (Google's libphonenumber metadata): it knows which lengths
and prefixes each country uses, so «912 34 56» (seven digits) is refused instead of stored.
"""

from __future__ import annotations

import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .quickhtml import escape

DEFAULT_REGION = "NO"
NORWAY = 47


class InvalidPhoneNumber(ValueError):
    """The text is not a phone number anyone can call."""


def _parse(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _is_national_digits(text: str) -> bool:
    return len(text) == 8 and text.isascii() and text.isdigit() and text[0] != "0"


def normalise_phone(raw: object) -> str:
    """``raw`` as E.164 («+4795942026»), "" for an empty value; raises ``InvalidPhoneNumber``.

    «95942026», «959 42 026», «+47 959 42 026», «0047 95942026» and «4795942026» (what
    Norwegian Excel keeps of «004795942026» typed into a number cell) are all +4795942026."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return ""
    # A ``max_length`` of its own: libphonenumber refuses longer input anyway, this only keeps
    # hostile input from reaching it.
    if len(text) > 40:
        raise InvalidPhoneNumber(text)
    if _is_national_digits(text):
        # The common case, eight digits as Norwegians write them: what ``parse`` would make
        # of them (Norway has no national or trunk prefix, and a valid number is never taken
        # for one with the country code in front), without the cost of ``parse``.
        number = phonenumbers.PhoneNumber(country_code=NORWAY, national_number=int(text))
        if phonenumbers.is_valid_number(number):
            return f"+{NORWAY}{text}"
    number = _parse(text)
    digits = "".join(ch for ch in text if ch.isdigit())
    if number is None and digits == text and len(digits) > 8 and not digits.startswith("0"):
        # Excel also drops the «00» of a foreign number: «0046701234567» → 46701234567.
        number = _parse("+" + digits)
    if number is None:
        raise InvalidPhoneNumber(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def same_phone(a: str | None, b: str | None) -> bool:
    """Whether two stored or typed values are the same number (unparseable ones compare as
    text, so an old value the migration could not convert still compares with itself)."""

    def key(value: str | None) -> str:
        try:
            return normalise_phone(value)
        except InvalidPhoneNumber:
            return (value or "").strip()

    return key(a) == key(b)


def format_phone(value: str | None) -> str:
    """A stored number for reading: «959 42 026» (Norwegian mobile), «32 00 00 00» (Norwegian
    landline), «+46 70 123 45 67» (foreign). A value that is no number is shown as it is."""
    if not value:
        return ""
    number = _parse(value)
    if number is None:
        return value
    return _formatted(number)


def _formatted(number: phonenumbers.PhoneNumber) -> str:
    if number.country_code != NORWAY:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = str(number.national_number)
    # Norwegians write mobile numbers 3-2-3; libphonenumber groups every number 2-2-2-2.
    if len(national) == 8 and national[0] in "49":
        return f"{national[:3]} {national[3:5]} {national[5:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_variants(value: str | None) -> list[str]:
    """The ways a stored number is likely written in free text («+4795942026», «95942026»,
    «959 42 026», «4795942026»), for erasure to find it; longest first, so that replacing
    them in order leaves no part of a longer one behind."""
    if not value:
        return []
    variants = {value, format_phone(value)}
    number = _parse(value)
    if number is not None:
        national = str(number.national_number)
        variants |= {national, f"{number.country_code}{national}"}
        variants.add(
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        )
    return sorted((v for v in variants if v), key=lambda v: (-len(v), v))


def phone_uri(value: str | None) -> str:
    """A ``tel:`` link with the full international number, so it dials from abroad too; ""
    for a value that is no number."""
    try:
        canonical = normalise_phone(value)
    except InvalidPhoneNumber:
        return ""
    return f"tel:{canonical}" if canonical else ""


# A stored Norwegian mobile («+4795942026», or «95942026» from before E.164): valid by
# libphonenumber's own pattern for Norwegian mobiles (a number that matches one of its country's
# number types is valid), so a list can show it without a parse (a tenth of a millisecond a row).
_NORWEGIAN_MOBILE = phonenumbers.PhoneMetadata.metadata_for_region(DEFAULT_REGION).mobile
_STORED_NORWEGIAN_MOBILE = re.compile(
    rf"(?:\+47)?(?:{_NORWEGIAN_MOBILE.national_number_pattern})", re.ASCII
)


def phone_link_parts(value: str | None) -> tuple[str, str]:
    """``(format_phone(value), phone_uri(value))`` with one parse instead of two, for a list
    that shows a number on every row."""
    if value and len(value) in (8, 11) and _STORED_NORWEGIAN_MOBILE.fullmatch(value):
        national = value[-8:]
        return f"{national[:3]} {national[3:5]} {national[5:]}", f"tel:+47{national}"
    if not value or value.strip() != value or len(value) > 40:
        return format_phone(value), phone_uri(value)
    number = _parse(value)
    if number is None:
        return format_phone(value), phone_uri(value)
    uri = "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return _formatted(number), uri


class PhoneInput(forms.TextInput):
    input_type = "tel"


class PhoneField(forms.CharField):
    """A form field that cleans to E.164 with a Norwegian message next to the field."""

    widget = PhoneInput

    default_error_messages = {
        "invalid_phone": _(
            "«%(value)s» er ikke et gyldig telefonnummer. Norske nummer har åtte sifre "
            "(f.eks. 959 42 026); utenlandske skrives med landkode (f.eks. +46 70 123 45 67)."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "tel")

    def prepare_value(self, value):
        # An edit form shows «959 42 026», not «+4795942026».
        return format_phone(value) if isinstance(value, str) else value

    def to_python(self, value) -> str:
        text = super().to_python(value)
        try:
            return normalise_phone(text)
        except InvalidPhoneNumber:
            raise ValidationError(
                self.error_messages["invalid_phone"],
                code="invalid_phone",
                params={"value": text},
            ) from None


def phone_link_html(value: str | None) -> SafeString:
    """The number as a ``tel:`` link showing it formatted, or as it is when it cannot be
    dialled (escaped): what the member list's rows and ``|telefon_lenke`` show."""
    text, uri = phone_link_parts(value)
    if not uri:
        return mark_safe(escape(value or ""))  # noqa: S308  # nosec B308 B703  (escaped)
    # Both parts escaped; the link is the one piece of markup.
    return mark_safe(f'<a href="{escape(uri)}">{escape(text)}</a>')  # noqa: S308  # nosec B308 B703
