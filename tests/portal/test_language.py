"""The page's language: bokmål whatever the browser asks for, nynorsk when chosen."""

import re

import pytest
from django.core.management import call_command
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation

from buskerud_sp.core.models import User

NYNORSK_USER = "nn-NO,nn;q=0.9,en-US;q=0.8,en;q=0.7"  # Chrome's header for a nynorsk user


def lang_of(response) -> str:
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize(
    "header", [NYNORSK_USER, "nb", "no", "nn", "nb-NO", "no-NO", "en-US,en;q=0.9", "de", ""]
)
def test_every_header_gets_bokmaal(client, db, header):
    response = client.get("/konto/login/", headers={"accept-language": header})
    assert lang_of(response) == "nb"
    assert response.headers["Content-Language"] == "nb"
    assert "Husk meg" in response.content.decode()


def test_chosen_nynorsk_before_login_gives_nynorsk_django_and_allauth_strings(client, db):
    response = client.post("/i18n/sprak/", {"language": "nn", "next": "/konto/login/"})
    assert response.status_code == 302
    assert response.url == "/konto/login/"
    assert client.cookies["sprak"].value == "nn"
    page = client.get("/konto/login/", headers={"accept-language": "en-US"})
    assert lang_of(page) == "nn"
    assert "Hugs meg" in page.content.decode()  # allauth's, from locale_thirdparty
    errors = client.post("/konto/login/", {"login": "", "password": ""}).content.decode()
    assert "Feltet er påkravd." in errors  # Django's own nn


def test_the_choice_is_kept_on_the_user_and_follows_them(client, member_user):
    client.force_login(member_user)
    client.post("/i18n/sprak/", {"language": "nn", "next": "/"})
    member_user.refresh_from_db()
    assert member_user.language == "nn"
    other_browser = client.__class__()
    other_browser.force_login(member_user)
    response = other_browser.get("/", follow=True)
    assert lang_of(response) == "nn"
    assert "Ikkje del dei vidare." in response.content.decode()


def test_english_and_unknown_languages_are_refused(client, db):
    assert client.post("/i18n/sprak/", {"language": "en", "next": "/"}).status_code == 400
    client.cookies["sprak"] = "en"
    assert lang_of(client.get("/konto/login/")) == "nb"


def test_next_cannot_leave_the_site(client, db):
    response = client.post("/i18n/sprak/", {"language": "nn", "next": "https://evil.example/"})
    assert response.url == "/"


def test_empty_choice_label_is_norwegian():
    with translation.override("nb"):
        assert str(BLANK_CHOICE_LABEL) == "– Velg –"
    with translation.override("nn"):
        assert str(BLANK_CHOICE_LABEL) == "– Vel –"


def test_language_code_nn_passes_the_checks(settings, db):
    settings.LANGUAGE_CODE = "nn"
    call_command("check", fail_level="WARNING")


def test_a_user_without_a_choice_has_an_empty_language(db):
    assert User.objects.create_user("ny@test.no", "x" * 20).language == ""
