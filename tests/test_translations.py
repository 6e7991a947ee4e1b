"""The catalogues are complete and current: a string added, changed or removed in the code
without `make messages` and a translation fails here, as does a .mo that is not the .po."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import allauth
import django
import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from buskerud_sp.management.commands.messages import EXTRACT_OPTIONS

ROOT = Path(settings.BASE_DIR)
PORTAL_PO = ROOT / "locale" / "nn" / "LC_MESSAGES" / "django.po"
THIRDPARTY = ROOT / "locale_thirdparty"
DJANGO_DIR = Path(django.__file__).parent
ALLAUTH_DIR = Path(allauth.__file__).parent
# allauth's features the portal does not install: their strings need no nynorsk.
ALLAUTH_UNUSED = ("socialaccount", "idp/", "headless", "providers", "/oidc", "openid")
# Django's strings that its nb/nn catalogues lack and no page of the portal shows: language
# names, the tasks framework's states, admindocs' field description.
DJANGO_UNSHOWN = {
    "Central Kurdish (Sorani)",
    "Haitian Creole",
    "Uyghur",
    "String (unlimited)",
    "Ready",
    "Running",
    "Failed",
    "Successful",
}
DJANGO_CATALOGUES = ("conf", "contrib/auth")


def key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def problems(po: polib.POFile) -> list[str]:
    """Entries a page would show untranslated, or that gettext tooling would skip."""
    found = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    found += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    found += [f"obsolete: {e.msgid!r}" for e in po.obsolete_entries()]
    found += [
        f"empty plural form: {e.msgid!r}"
        for e in po
        if e.msgid_plural and not all(e.msgstr_plural.values())
    ]
    if po.metadata_is_fuzzy:
        found.append("the header is fuzzy (msgfmt would drop it)")
    return found


def compiled_matches(po_path: Path, tmp_path: Path) -> None:
    """The committed .mo holds what the .po holds (compared as catalogues, not bytes, so that
    another msgfmt version does not matter)."""
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po_path)], check=True)
    with fresh.open("rb") as expected, po_path.with_suffix(".mo").open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(expected)._catalog
        ), f"{po_path.with_suffix('.mo')} is stale: run `make messages`"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    """makemessages as `make messages` runs it, on a copy of the sources (makemessages writes
    to the project's own locale/ when it finds one), into a copy of the committed catalogue."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is missing: apt-get install gettext")
    tree = tmp_path_factory.mktemp("extract") / "tree"
    skip = {".git", "locale", "locale_thirdparty", *EXTRACT_OPTIONS["ignore_patterns"]}
    shutil.copytree(ROOT, tree, ignore=lambda folder, names: [n for n in names if n in skip])
    (tree / "locale" / "nn" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PORTAL_PO, tree / "locale" / "nn" / "LC_MESSAGES" / "django.po")
    with pytest.MonkeyPatch.context() as mp, override_settings(LOCALE_PATHS=[tree / "locale"]):
        mp.chdir(tree)
        call_command("makemessages", **EXTRACT_OPTIONS)
    return polib.pofile(str(tree / "locale" / "nn" / "LC_MESSAGES" / "django.po"))


def test_every_string_in_the_code_is_in_the_nynorsk_catalogue(extracted):
    committed = {key(e) for e in polib.pofile(str(PORTAL_PO)) if not e.obsolete}
    in_code = {key(e) for e in extracted if not e.obsolete}
    assert sorted(in_code - committed, key=str) == [], "new strings: run `make messages`"
    assert sorted(committed - in_code, key=str) == [], (
        "strings gone from the code: run `make messages`"
    )


def test_the_nynorsk_catalogue_is_translated(extracted):
    assert problems(polib.pofile(str(PORTAL_PO))) == []
    # msgmerge marks a changed msgid fuzzy (a guess from the old one): that is a stale entry.
    assert problems(extracted) == []


def test_placeholders_survive_translation():
    for entry in polib.pofile(str(PORTAL_PO)):
        forms = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for form in forms:
            assert "python-format" not in entry.flags or _placeholders(form) <= (
                _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
            ), entry.msgid


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\([a-z_]+\)[sdr]|%[sd]", text))


@pytest.mark.parametrize(
    "po_path",
    [PORTAL_PO, THIRDPARTY / "nn/LC_MESSAGES/django.po", THIRDPARTY / "nb/LC_MESSAGES/django.po"],
    ids=["portal-nn", "thirdparty-nn", "thirdparty-nb"],
)
def test_compiled_catalogue_is_current(po_path, tmp_path):
    compiled_matches(po_path, tmp_path)


def _upstream_keys(path: Path) -> set:
    return {key(e) for e in polib.pofile(str(path)) if not e.obsolete}


def _translated_keys(path: Path) -> set:
    return (
        {key(e) for e in polib.pofile(str(path)).translated_entries()} if path.exists() else set()
    )


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_thirdparty_catalogue_is_translated_and_not_stale(language):
    po = polib.pofile(str(THIRDPARTY / language / "LC_MESSAGES" / "django.po"))
    assert problems(po) == []
    upstream = _upstream_keys(ALLAUTH_DIR / "locale/nb/LC_MESSAGES/django.po")
    for sub in DJANGO_CATALOGUES:
        upstream |= _upstream_keys(DJANGO_DIR / sub / "locale/en/LC_MESSAGES/django.po")
    stale = [e.msgid for e in po if key(e) not in upstream]
    assert stale == [], "no longer in Django's or allauth's catalogues: remove them"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_django_strings_missing_upstream_are_filled(language):
    ours = _translated_keys(THIRDPARTY / language / "LC_MESSAGES" / "django.po")
    missing = []
    for sub in DJANGO_CATALOGUES:
        base = DJANGO_DIR / sub / "locale"
        theirs = _translated_keys(base / language / "LC_MESSAGES" / "django.po")
        for entry in polib.pofile(str(base / "en/LC_MESSAGES/django.po")):
            k = key(entry)
            shown = not entry.obsolete and entry.msgid not in DJANGO_UNSHOWN
            if shown and k not in theirs and k not in ours:
                missing.append(entry.msgid)
    assert missing == [], f"Django lacks these in {language}: add them to locale_thirdparty"


def test_every_allauth_string_the_portal_uses_is_in_nynorsk():
    ours = _translated_keys(THIRDPARTY / "nn" / "LC_MESSAGES" / "django.po")
    missing = [
        e.msgid
        for e in polib.pofile(str(ALLAUTH_DIR / "locale/nb/LC_MESSAGES/django.po"))
        if not e.obsolete
        and not (
            e.occurrences
            and all(any(part in f for part in ALLAUTH_UNUSED) for f, _ in e.occurrences)
        )
        and key(e) not in ours
    ]
    assert missing == []
