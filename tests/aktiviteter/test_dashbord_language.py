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
