"""CSV export of the filtered member list: admins only, safe to open in Excel."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from buskerud_sp.core.spreadsheets import csv_text
from medlemmer.importing import ConfirmResult, medlemsimport_confirm, medlemsimport_create
from medlemmer.models import Kjonn
from tests.conftest import login_reauthenticated
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("medlemmer:export")


def read_export(response) -> list[dict]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))


@pytest.fixture
def admin_client(client, register_org, admin_user):
    login_reauthenticated(client, admin_user.email)
    return client


def test_export_is_csv_for_norwegian_excel(admin_client, register_org):
    MedlemFactory(
        medlemsnummer="R1",
        fornavn="Åse",
        etternavn="Ødegård",
        kjonn=Kjonn.KVINNE,
        lokallag=register_org.lag_b,
        innmeldt=datetime.date(2021, 4, 9),
        senterkvinnene=True,
    )
    response = admin_client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="medlemmer-')
    assert response.content.startswith(b"\xef\xbb\xbfmedlemsnummer;fornavn;etternavn;")
    rows = read_export(response)
    row = next(r for r in rows if r["medlemsnummer"] == "R1")
    assert (row["fornavn"], row["etternavn"], row["kjonn"]) == ("Åse", "Ødegård", "K")
    assert (row["lokallag"], row["lokallag_navn"]) == ("gol", "Gol Senterparti")
    assert (row["innmeldt"], row["senterkvinnene"], row["folkevalgt"]) == (
        "09.04.2021",
        "ja",
        "nei",
    )


def test_formula_cells_are_neutralised(admin_client, register_org):
    MedlemFactory(
        medlemsnummer="R2",
        fornavn='=HYPERLINK("http://x","klikk")',
        etternavn="+SUM(A1)",
        adresse="-2+3",
        poststed="@kommando",
        telefon="+4791234567",
        lokallag=register_org.lag_a,
    )
    body = admin_client.get(EXPORT_URL).content.decode("utf-8")
    row = next(r for r in read_export_text(body) if r["medlemsnummer"] == "R2")
    assert row["fornavn"] == '\'=HYPERLINK("http://x","klikk")'
    assert row["etternavn"] == "'+SUM(A1)"
    assert row["adresse"] == "'-2+3"
    assert row["poststed"] == "'@kommando"
    assert row["telefon"] == "912 34 567"
    for line in body.splitlines()[1:]:
        for cell in next(csv.reader([line], delimiter=";")):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def read_export_text(body: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Kari", "Kari"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(value, expected):
    assert csv_text(value) == expected


def test_export_follows_the_filters(admin_client, register_org):
    drammen = MedlemFactory(medlemsnummer="D1", lokallag=register_org.lag_a)
    MedlemFactory(medlemsnummer="G1", lokallag=register_org.lag_b, kjonn=Kjonn.KVINNE)
    MedlemFactory(
        medlemsnummer="G2",
        lokallag=register_org.lag_b,
        utmeldt=datetime.date(2022, 1, 1),
    )

    def numbers(query: dict) -> set[str]:
        rows = read_export(admin_client.get(EXPORT_URL, query))
        return {r["medlemsnummer"] for r in rows if r["medlemsnummer"]}

    everyone_active = numbers({})
    assert {"D1", "G1"} <= everyone_active
    assert "G2" not in everyone_active  # the list shows active members by default
    assert numbers({"lokallag": register_org.lag_b.pk}) == {"G1"}
    assert numbers({"lokallag": register_org.lag_b.pk, "status": "alle"}) == {"G1", "G2"}
    assert numbers({"kjonn": "K", "lokallag": register_org.lag_b.pk}) == {"G1"}
    assert numbers({"q": drammen.fornavn}) == {"D1"}


def test_a_wrong_filter_never_exports_everyone(admin_client):
    response = admin_client.get(EXPORT_URL, {"lokallag": "999999"})
    assert response.status_code == 400


@pytest.mark.parametrize("persona", ["board_user", "leader_a", "leader_b", "member_user"])
def test_only_admins_export(client, register_org, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(EXPORT_URL).status_code == 404
    assert client.get(EXPORT_URL, {"lokallag": register_org.lag_a.pk}).status_code == 404


def test_the_list_links_to_export_with_the_current_filters(admin_client, register_org, board_user):
    html = admin_client.get(reverse("medlemmer:list"), {"kjonn": "K", "side": "2"}).content.decode()
    assert f'href="{EXPORT_URL}?kjonn=K"' in html
    assert reverse("medlemmer:import") in html
    admin_client.force_login(board_user)
    html = admin_client.get(reverse("medlemmer:list")).content.decode()
    assert EXPORT_URL not in html
    assert reverse("medlemmer:import") not in html


def test_an_export_imports_again_without_changes(admin_client, register_org, admin_user):
    MedlemFactory(
        medlemsnummer="R7",
        telefon="+46701234567",
        fornavn="-Kari",
        postnummer="0150",
        fodselsdato=datetime.date(1990, 2, 28),
        lokallag=register_org.lag_b,
        kontingent_betalt_til=datetime.date(2026, 12, 31),
        folkevalgt=True,
    )
    MedlemFactory(medlemsnummer=None, epost=None, lokallag=register_org.lag_a)
    data = admin_client.get(EXPORT_URL).content
    imp = medlemsimport_create(uploaded_by=admin_user, filename="eksport.csv", data=data)
    assert (imp.antall_nye, imp.antall_endret, imp.antall_avvist) == (0, 0, 0)
    assert imp.antall_uendret == 2
    assert imp.rapport["ignorerte_kolonner"] == ["lokallag_navn"]
    assert medlemsimport_confirm(medlemsimport=imp) is ConfirmResult.IMPORTED


def test_phone_numbers_are_exported_as_people_write_them(admin_client, register_org, admin_user):
    """Stored as E.164, a Norwegian number is exported as «959 42 026» (no apostrophe before a
    «+» for Excel to show), a foreign one in international format; both import unchanged."""
    MedlemFactory(medlemsnummer="R8", telefon="+4795942026", lokallag=register_org.lag_a)
    MedlemFactory(medlemsnummer="R9", telefon="+46701234567", lokallag=register_org.lag_a)
    data = admin_client.get(EXPORT_URL).content
    rows = {r["medlemsnummer"]: r["telefon"] for r in read_export_text(data.decode("utf-8"))}
    assert rows["R8"] == "959 42 026"
    assert rows["R9"] == "'+46 70 123 45 67"
    imp = medlemsimport_create(uploaded_by=admin_user, filename="eksport.csv", data=data)
    assert (imp.antall_nye, imp.antall_endret, imp.antall_avvist) == (0, 0, 0)


def test_export_asks_for_the_password_again(client, register_org, admin_user):
    client.force_login(admin_user)
    response = client.get(EXPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/reauthenticate/")


def test_export_is_in_the_audit_trail(admin_client, register_org):
    from buskerud_sp.core.models import AuditAction, AuditEntry

    admin_client.get(EXPORT_URL, {"kjonn": "K"})
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert entry.data["filter"] == {"kjonn": "K"}
    assert entry.actor_label == "admin@test.no"
