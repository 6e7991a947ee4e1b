"""The dashboard's cached figures carry text and SVG charts made with gettext: each language
gets its own, so a page never shows another language's cached text."""

import pytest
from django.conf import settings
from django.utils import timezone

from aktiviteter.dashbord.defaults import maal_opprett_standard
from tests.factories import MedlemFactory

# «Per måned: …» in the committed nynorsk catalogue (locale/nn).
TEXT = {"nb": "Per måned:", "nn": "Per månad:"}


@pytest.mark.django_db
@pytest.mark.parametrize("first", ["nn", "nb"])
def test_each_language_gets_its_own_cached_dashboard_text(client, admin_user, org, first):
    today = timezone.localdate()
    maal_opprett_standard(aar=today.year)
    MedlemFactory(lokallag=org.lag_a, innmeldt=today)
    client.force_login(admin_user)
    second = "nb" if first == "nn" else "nn"
    pages = {}
    for lang in (first, second):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang  # the footer's language choice
        pages[lang] = client.get("/dashbord/").content.decode()
    assert TEXT["nn"] in pages["nn"] and TEXT["nb"] not in pages["nn"]
    assert TEXT["nb"] in pages["nb"] and TEXT["nn"] not in pages["nb"]


@pytest.mark.django_db
@pytest.mark.usefixtures("dashboard_morning")
def test_numbers_are_put_together_once_and_notes_made_in_each_language(org, monkeypatch):
    """A source that makes its notes apart (``PartialSource.notes``): the worker's refresh puts
    its numbers together once for both languages, and each language gets its own notes."""
    from dataclasses import replace

    from django.utils import translation

    from aktiviteter.dashbord import snapshot
    from aktiviteter.dashbord.models import Maal, Maaling
    from aktiviteter.dashbord.sources import SOURCES

    today = timezone.localdate()
    maal_opprett_standard(aar=today.year)
    source = SOURCES[Maaling.STUDIETIMER]
    combined = []

    def combine(maal, scope, parts):
        combined.append(translation.get_language())
        return source.combine(maal, scope, parts)

    def notes(maal, scope, parts):
        return [f"note in {translation.get_language()}", *source.notes(maal, scope, parts)]

    monkeypatch.setitem(SOURCES, Maaling.STUDIETIMER, replace(source, combine=combine, notes=notes))
    assert snapshot.refresh(today.year, today)
    assert len(combined) == 1
    maal = Maal.objects.get(aar=today.year, kode="studietimer")
    measured = {}
    for language in ("nb", "nn"):
        with translation.override(language):
            figures = snapshot.figures_for(today.year, today)
        measured[language] = figures.targets[maal.pk].resultat.measurement
    assert measured["nb"].notes[0] == "note in nb" and measured["nn"].notes[0] == "note in nn"
    assert measured["nb"].chapters is measured["nn"].chapters  # the numbers, shared
    assert len(combined) == 1
