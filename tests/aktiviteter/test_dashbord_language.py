"""The dashboard's cached figures carry text and SVG charts made with gettext: each language
gets its own, so a page never shows another language's cached text."""

import struct

import pytest
from django.utils import timezone, translation

from aktiviteter.dashbord.defaults import maal_opprett_standard
from tests.factories import MedlemFactory

ENGLISH = {"Per måned: %(verdier)s.": "Per month: %(verdier)s.", "mål": "goal"}


def write_mo(path, messages: dict[str, str]) -> None:
    """A GNU .mo catalogue (the format gettext reads), without needing msgfmt installed."""
    entries = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(entries)
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets, data = [], b""
    for text in ids + strs:
        offsets.append((len(text), start + len(data)))
        data += text + b"\0"
    header = struct.pack(
        "<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 28 + 16 * len(keys)
    )
    table = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + table + data)


@pytest.fixture
def english_catalogue(settings, tmp_path):
    write_mo(tmp_path / "en" / "LC_MESSAGES" / "django.mo", ENGLISH)
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
@pytest.mark.parametrize("first", ["en", "nb"])
def test_each_language_gets_its_own_cached_dashboard_text(
    client, admin_user, org, english_catalogue, first
):
    today = timezone.localdate()
    maal_opprett_standard(aar=today.year)
    MedlemFactory(lokallag=org.lag_a, innmeldt=today)
    client.force_login(admin_user)
    second = "nb" if first == "en" else "en"
    pages = {
        lang: client.get("/dashbord/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        for lang in (first, second)
    }
    assert "Per month:" in pages["en"] and "Per måned:" not in pages["en"]
    assert "Per måned:" in pages["nb"] and "Per month:" not in pages["nb"]
