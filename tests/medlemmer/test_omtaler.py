"""Erasure finds the member in free text anywhere, and the access export lists those mentions.

The walk test fills every text column of every model (as ``apps.get_models()`` lists them, so a
model added later is covered without editing this file) with the member's name, phone, e-mail
and address, erases the member through the admin's page, then reads every text and JSON column
of every table back and finds none of it.
"""

import datetime
import json

import pytest
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import IntegrityError, models, transaction
from model_bakery import baker

from aktiviteter.aktivitet.models import Aktivitet
from buskerud_sp.core.audit import verify_chain
from lokallag.models import Rolle
from medlemmer import innsyn
from medlemmer.models import Medlem
from medlemmer.omtaler import BINARY_HANDLED, SKIPPED, Kjennetegn, walked_models
from tests.conftest import PASSWORD, login_reauthenticated
from tests.factories import (
    AktivitetFactory,
    MedlemFactory,
    MedlemsimportFactory,
    StudietiltakFactory,
    UserFactory,
    VervFactory,
)

pytestmark = pytest.mark.django_db

NAME, EMAIL, ADDRESS = "Sigrun Sporløs", "sigrun.sporlos@eksempel.no", "Lerkeveien 17"
PHONES = ("95942026", "959 42 026", "95 94 20 26", "959-42-026", "+47 959 42 026")
OTHER = "Ola Blir 41234567"

# From the longest to the shortest: each column gets the longest that fits.
MENTIONS = [
    f"Møte hos {NAME.upper()} ({ADDRESS}), tlf {PHONES[1]}, e-post {EMAIL}; ellers {OTHER}",
    f"{NAME} {PHONES[2]} {ADDRESS}",
    f"Sporløs, Sigrun {PHONES[4]}",
    f"{NAME} {PHONES[3]}",
    NAME,
    PHONES[0],
]


def _mention_for(field: models.Field):
    if isinstance(field, models.JSONField):
        return {"notat": MENTIONS[0], "rader": [MENTIONS[2], {"navn": NAME, "tlf": PHONES[1]}]}
    limit = field.max_length or 10_000
    return next((m for m in MENTIONS if len(m) <= limit), None)


def _existing_related(model) -> dict:
    """Required foreign keys point at rows that exist (built by the factories), so that the
    rows made here meet the models' constraints; baker makes the rest. A user gets a fresh one:
    a second factor made here on a persona would change how the persona logs in."""
    return {
        field.name: row
        for field in model._meta.concrete_fields
        if field.many_to_one
        and not field.null
        and field.related_model is not get_user_model()
        and (row := field.related_model._base_manager.order_by("pk").first()) is not None
    }


# Non-text values that a model's constraints need and that baker cannot guess.
REQUIRED = {
    "aktiviteter.maal": lambda: {"aar": 2026},
    "aktiviteter.paaminnelse": lambda: {"mottaker": Medlem.objects.order_by("pk").first()},
}


def _make(model, values: dict) -> None:
    """A row of any model with the given texts: first with only the required fields, then
    (for a model whose constraints ask for more, such as a guest's birth year) with every
    field filled."""
    for extra in ({}, {"_fill_optional": True}):
        try:
            with transaction.atomic():
                baker.make(
                    model,
                    **_existing_related(model),
                    **REQUIRED.get(model._meta.label_lower, dict)(),
                    **values,
                    **extra,
                )
            return
        except IntegrityError:
            continue
    pytest.fail(f"Could not make a {model._meta.label} row: give it values here.")


def _all_text() -> list[tuple[str, str]]:
    """Every value of every text and JSON column of every table, read independently of the
    code under test (JSON as text, as a person reading a dump would see it)."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            for value in model._base_manager.values_list(field.attname, flat=True):
                if value in (None, "", {}, []):
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                found.append((f"{model._meta.label}.{field.name}", text))
    return found


def _traces(texts: list[tuple[str, str]]) -> list[str]:
    needles = ["sporløs", "sigrun.sporlos", "lerkeveien 17", *PHONES]
    return [
        f"{where}: {text[:80]!r}"
        for where, text in texts
        for needle in needles
        if needle in text.lower()
    ]


@pytest.fixture
def sigrun(org):
    user = UserFactory(email=EMAIL, first_name="Sigrun", last_name="Sporløs")
    medlem = MedlemFactory(
        lokallag=org.lag_a,
        fornavn="Sigrun",
        etternavn="Sporløs",
        epost=EMAIL,
        telefon="95942026",
        adresse=ADDRESS,
        bruker=user,
    )
    VervFactory(medlem=medlem, enhet=org.lag_a, rolle=Rolle.KASSERER)
    StudietiltakFactory(arrangor=org.lag_a)
    return medlem


def test_the_walk_covers_the_portals_free_text():
    walked = {
        f"{model._meta.label_lower}.{field.name}"
        for model, fields in walked_models()
        for field in fields
    }
    for expected in [
        "aktiviteter.aktivitet.tittel",
        "aktiviteter.aktivitet.sted",
        "aktiviteter.aktivitet.beskrivelse",
        "lokallag.oppfolging.referat",
        "medlemmer.medlemsimport.rapport",
        "aktiviteter.datoplanversjon.innhold",
        "aktiviteter.kursdeltaker.navn",
        "admin.logentry.object_repr",
    ]:
        assert expected in walked
    for key in SKIPPED:  # no stale exceptions
        label, field = key if isinstance(key, tuple) else (key, None)
        model = apps.get_model(label)
        if field:
            model._meta.get_field(field)


def test_every_binary_column_is_handled_on_erasure():
    """A file kept in the database may name the member too, out of the text walk's reach: every
    binary column of every model must be handled by erasure (``BINARY_HANDLED``)."""
    binary = {
        (model._meta.label_lower, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.BinaryField)
    }
    assert binary == set(BINARY_HANDLED)


def test_erasure_leaves_the_member_in_no_text_column_of_any_model(
    client, django_app_client, org, admin_user, sigrun
):
    # The member is logged in somewhere.
    assert django_app_client.post("/konto/login/", {"login": EMAIL, "password": PASSWORD})
    member_session = django_app_client.session.session_key
    assert Session.objects.filter(session_key=member_session).exists()
    assert UserSession.objects.filter(user=sigrun.bruker).exists()

    # Every text column of every model that has one gets a row that names her.
    filled = []
    for model, fields in walked_models():
        values = {f.name: v for f in fields if (v := _mention_for(f)) is not None}
        if values:
            _make(model, values)
            filled.append(model._meta.label)
    assert len(filled) > 15, filled

    # The admin searches for her by name and by phone (the audit trail keeps the queries).
    login_reauthenticated(client, admin_user.email)
    client.get("/medlemmer/", {"q": NAME})
    client.get("/medlemmer/", {"q": PHONES[1]})
    assert _traces(_all_text())

    response = client.post(f"/medlemmer/{sigrun.pk}/anonymiser/", {"bekreft": "on"})
    assert response.status_code == 302
    sigrun.refresh_from_db()
    assert sigrun.anonymisert, response["Location"]

    assert _traces(_all_text()) == []
    assert any(OTHER in text for _where, text in _all_text())  # others' data stays
    assert any("[sladdet]" in text for _where, text in _all_text())
    assert not Session.objects.filter(session_key=member_session).exists()
    assert django_app_client.get("/medlemmer/").status_code == 302  # logged out
    assert verify_chain() is None


@pytest.fixture
def django_app_client():
    """A second browser: the member's own."""
    from django.test import Client

    return Client()


def test_access_export_lists_mentions_searches_and_sessions(
    client, django_app_client, org, admin_user, sigrun
):
    django_app_client.post("/konto/login/", {"login": EMAIL, "password": PASSWORD})
    AktivitetFactory(
        enhet=org.lag_a,
        tittel=f"Kaffe med {NAME}",
        sted=f"{ADDRESS}, 3015 Drammen",
        beskrivelse=f"Ring {PHONES[1]} før du kommer.",
    )
    MedlemsimportFactory(
        opprettet_av=admin_user,
        fil=b"",
        rapport={"endret": [f"{NAME}: telefon", "Ola Blir: e-post"], "avvist": []},
    )
    login_reauthenticated(client, admin_user.email)
    client.get("/medlemmer/", {"q": NAME})

    data = innsyn.member_data(sigrun)

    texts = [row["tekst"] for row in data["omtaler_i_fritekst"]]
    assert f"Kaffe med {NAME}" in texts
    assert f"{ADDRESS}, 3015 Drammen" in texts
    assert f"Ring {PHONES[1]} før du kommer." in texts
    assert f"{NAME}: telefon" in texts
    assert "Ola Blir: e-post" not in texts
    assert any(NAME in row["detaljer"] for row in data["sok_etter_medlemmet"])
    assert data["innloggingsokter"] and data["innloggingsokter"][0]["ip"]
    # The page the member sees lists them too.
    login_reauthenticated(django_app_client, EMAIL)
    page = django_app_client.get(f"/medlemmer/{sigrun.pk}/innsyn/")
    html = page.content.decode()
    assert f"Kaffe med {NAME}" in html and "Lerkeveien 17, 3015 Drammen" in html


@pytest.mark.parametrize(
    "text",
    [f"Ring {phone}" for phone in (*PHONES, "+4795942026", "0047 95942026", "959.42.026")]
    + ["SIGRUN SPORLØS kommer", "Sporløs, Sigrun", "sigrun  sporløs", "SIGRUN.SPORLOS@eksempel.no"],
)
def test_common_spellings_are_found(sigrun, text):
    kjennetegn = Kjennetegn.for_medlem(sigrun)
    redacted = kjennetegn.replace(text)
    assert "[sladdet]" in redacted
    assert not any(ch.isdigit() for ch in redacted.replace("[sladdet]", ""))
    assert "sporløs" not in redacted.lower()


@pytest.mark.parametrize(
    "text",
    ["Ring 959420261", "Konto 1959420260", "Sigrun Sporløsen", "Sigrun Berg", "Lerkeveien 170"],
)
def test_longer_numbers_and_other_names_are_left_alone(sigrun, text):
    assert Kjennetegn.for_medlem(sigrun).replace(text) == text


def test_activity_text_is_redacted_on_erasure(org, admin_user, sigrun):
    """The issue's case: a leader's activity names the member with phone and address."""
    from medlemmer.personvern import medlem_anonymiser

    aktivitet = AktivitetFactory(
        enhet=org.lag_a,
        dato=datetime.date(2026, 5, 4),
        tittel=f"Besøk hos {NAME}",
        sted=f"{ADDRESS}, Drammen",
        beskrivelse=f"{NAME} (tlf {PHONES[1]}) tar imot.",
    )
    medlem_anonymiser(medlem=sigrun, av=admin_user)
    aktivitet = Aktivitet.objects.get(pk=aktivitet.pk)
    assert aktivitet.tittel == "Besøk hos [sladdet]"
    assert aktivitet.sted == "[sladdet], Drammen"
    assert aktivitet.beskrivelse == "[sladdet] (tlf [sladdet]) tar imot."


def test_a_chapter_address_that_was_the_members_is_emptied(org, admin_user, sigrun):
    from medlemmer.personvern import medlem_anonymiser

    org.lag_b.epost = EMAIL
    org.lag_b.save()
    medlem_anonymiser(medlem=sigrun, av=admin_user)
    org.lag_b.refresh_from_db()
    assert org.lag_b.epost == ""


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_erasure_drops_a_pending_import_file_that_names_the_member(org, admin_user, sigrun, fmt):
    """An import waiting for confirmation keeps the uploaded register file (a binary column the
    text walk cannot read). A file that names the member is wiped and its preview cancelled on
    erasure; a preview of a file that does not name her is left for the admin to confirm."""
    from medlemmer.models import ImportStatus, Medlemsimport
    from medlemmer.personvern import medlem_anonymiser
    from tests.medlemmer.registerfiles import make_csv, make_xlsx, member_row, xlsx_row

    row = {"fornavn": "Sigrun", "etternavn": "Sporløs", "epost": EMAIL, "telefon": "95942026"}
    if fmt == "csv":
        naming, other = make_csv([member_row(1), member_row(2, **row)]), make_csv([member_row(3)])
    else:
        typed = {**row, "telefon": 95942026}
        naming, other = make_xlsx([xlsx_row(1), xlsx_row(2, **typed)]), make_xlsx([xlsx_row(3)])
    pending = MedlemsimportFactory(fil=naming)
    unrelated = MedlemsimportFactory(fil=other)

    medlem_anonymiser(medlem=sigrun, av=admin_user)

    pending.refresh_from_db()
    unrelated.refresh_from_db()
    assert (bytes(pending.fil), pending.status) == (b"", ImportStatus.AVBRUTT)
    assert (bytes(unrelated.fil), unrelated.status) == (other, ImportStatus.FORHANDSVIST)
    assert Medlemsimport.objects.count() == 2


def test_access_export_lists_a_pending_import_file_that_names_the_member(org, sigrun):
    from tests.medlemmer.registerfiles import make_csv, member_row

    row = {"fornavn": "Sigrun", "etternavn": "Sporløs", "epost": EMAIL}
    MedlemsimportFactory(
        filnavn="register-mai.csv", fil=make_csv([member_row(1), member_row(2, **row)])
    )
    MedlemsimportFactory(filnavn="annet.csv", fil=make_csv([member_row(3)]))
    [found] = innsyn.member_data(sigrun)["ventende_importfiler"]
    assert (found["fil"], found["rader"]) == ("register-mai.csv", "3")
