"""Phone numbers: one parser (phonenumbers) for the import and the forms, one stored form (E.164),
shown as «959 42 026», found by the search however they are typed."""

import importlib

import pytest
from django.apps import apps

from buskerud_sp.core.telefon import (
    InvalidPhoneNumber,
    format_phone,
    normalise_phone,
    phone_uri,
    phone_variants,
)
from medlemmer.importing import medlemsimport_confirm, medlemsimport_create
from medlemmer.models import Medlem, Medlemsimport
from tests.factories import MedlemFactory

from .registerfiles import make_csv, make_xlsx, member_row, xlsx_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(register_org, admin_user):
    def upload(data: bytes, filename: str = "register.csv") -> Medlemsimport:
        return medlemsimport_create(uploaded_by=admin_user, filename=filename, data=data)

    return upload


def counts(imp: Medlemsimport) -> tuple[int, int, int, int]:
    return (imp.antall_nye, imp.antall_endret, imp.antall_uendret, imp.antall_avvist)


def rejected(imp: Medlemsimport) -> list[tuple[int, str, str]]:
    return [(e["rad"], e["kolonne"], e["melding"]) for e in imp.rapport["avvist"]]


# --- The parser --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["95942026", "959 42 026", "+47 959 42 026", "0047 95942026", "004795942026", "4795942026"],
)
def test_every_way_of_writing_a_norwegian_number_is_one_number(typed):
    assert normalise_phone(typed) == "+4795942026"


@pytest.mark.parametrize("typed", ["912 34 56", "9123456", "ring meg", "+47 12", "1" * 60])
def test_what_is_no_number_is_refused(typed):
    with pytest.raises(InvalidPhoneNumber):
        normalise_phone(typed)


def test_foreign_numbers_keep_their_country():
    assert normalise_phone("+46 70 123 45 67") == "+46701234567"
    assert normalise_phone("0046701234567") == "+46701234567"
    # Excel dropped the «00» of «0046701234567» typed into a number cell.
    assert normalise_phone("46701234567") == "+46701234567"


def test_display_and_dial():
    assert format_phone("+4795942026") == "959 42 026"
    assert format_phone("+4732000000") == "32 00 00 00"
    assert format_phone("+46701234567") == "+46 70 123 45 67"
    assert format_phone("912 34 5") == "912 34 5"  # an unreadable old value, shown as it is
    assert phone_uri("+4795942026") == "tel:+4795942026"
    assert phone_uri("912 34 5") == ""


def test_the_variants_erasure_looks_for_in_free_text():
    assert phone_variants("+4795942026") == [
        "+47 95 94 20 26",
        "+4795942026",
        "4795942026",
        "959 42 026",
        "95942026",
    ]
    assert phone_variants("") == []


# --- The import --------------------------------------------------------------------------------


def test_an_excel_number_cell_keeps_the_country_code_as_country_code(upload):
    # Norwegian Excel turns «004795942026» into the number 4795942026.
    imp = upload(make_xlsx([xlsx_row(1, telefon=4795942026)]), filename="register.xlsx")
    medlemsimport_confirm(medlemsimport=imp)
    assert Medlem.objects.get().telefon == "+4795942026"


def test_a_csv_cell_with_the_country_code_and_no_plus(upload):
    imp = upload(make_csv([member_row(1, telefon="4791234513")]))
    medlemsimport_confirm(medlemsimport=imp)
    assert Medlem.objects.get().telefon == "+4791234513"


def test_seven_digits_is_a_row_error_with_row_and_column(upload):
    imp = upload(make_csv([member_row(1), member_row(2, telefon="912 34 56")]))
    assert rejected(imp) == [
        (3, "telefon", "ugyldig telefonnummer «912 34 56» (norske nummer har åtte sifre)")
    ]
    assert counts(imp) == (1, 0, 0, 1)
    assert Medlem.objects.count() == 0


def test_a_file_that_differs_only_in_phone_formatting_changes_nothing(upload):
    people = range(1, 6)
    medlemsimport_confirm(
        medlemsimport=upload(make_csv([member_row(n, telefon=f"9594202{n}") for n in people]))
    )
    stamps = dict(Medlem.objects.values_list("pk", "endret"))
    assert set(Medlem.objects.values_list("telefon", flat=True)) == {
        f"+479594202{n}" for n in people
    }

    excel = upload(
        make_xlsx([xlsx_row(n, telefon=int(f"479594202{n}")) for n in people]), "register.xlsx"
    )
    assert counts(excel) == (0, 0, 5, 0), excel.rapport["endret"]
    spellings = ["+47 959 42 02{n}", "0047 9594202{n}", "959 42 02{n}", "+479594202{n}"]
    for spelling in spellings:
        imp = upload(make_csv([member_row(n, telefon=spelling.format(n=n)) for n in people]))
        assert counts(imp) == (0, 0, 5, 0), (spelling, imp.rapport["endret"])
        medlemsimport_confirm(medlemsimport=imp)
    assert dict(Medlem.objects.values_list("pk", "endret")) == stamps


def test_a_member_without_number_or_email_is_found_by_the_same_phone_written_otherwise(upload):
    existing = MedlemFactory(
        medlemsnummer=None, epost=None, fornavn="Per", etternavn="Dal", telefon="+4791345678"
    )
    row = member_row(1, medlemsnummer="", epost="", fornavn="Per", etternavn="Dal")
    imp = upload(make_xlsx([xlsx_row(1, **{**row, "telefon": 4791345678})]), "register.xlsx")
    assert counts(imp)[0] == 0  # not a new member
    medlemsimport_confirm(medlemsimport=imp)
    assert Medlem.objects.filter(pk=existing.pk, telefon="+4791345678").exists()


# --- The forms ---------------------------------------------------------------------------------


VALID = {
    "fornavn": "Kari",
    "etternavn": "Nordmann",
    "kjonn": "K",
    "innmeldt": "2026-03-01",
}


def test_admin_form_stores_e164_and_refuses_seven_digits_at_the_field(client, admin_user, org):
    client.force_login(admin_user)
    bad = client.post(
        "/medlemmer/ny/",
        {**VALID, "lokallag": org.lag_b.pk, "telefon": "912 34 56"},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert bad.status_code == 200
    assert "«912 34 56» er ikke et gyldig telefonnummer" in str(
        bad.context["form"].errors["telefon"]
    )
    assert not Medlem.objects.filter(etternavn="Nordmann").exists()

    client.post("/medlemmer/ny/", {**VALID, "lokallag": org.lag_b.pk, "telefon": "0047 959 42 026"})
    assert Medlem.objects.get(etternavn="Nordmann").telefon == "+4795942026"


def test_members_own_profile_uses_the_same_parser(client, member_user):
    medlem = member_user.medlem
    client.force_login(member_user)
    url = f"/medlemmer/{medlem.pk}/endre/"
    before = medlem.telefon
    bad = client.post(url, {"telefon": "9123456"}, HTTP_ACCEPT_LANGUAGE="nb")
    assert "ikke et gyldig telefonnummer" in str(bad.context["form"].errors["telefon"])
    medlem.refresh_from_db()
    assert medlem.telefon == before

    client.post(url, {"telefon": "+47 959 42 026"})
    medlem.refresh_from_db()
    assert medlem.telefon == "+4795942026"
    # The edit form shows the number as people write it.
    assert 'value="959 42 026"' in client.get(url).content.decode()


# --- Display and search ------------------------------------------------------------------------


def test_list_and_detail_show_the_number_and_dial_the_full_number(client, admin_user, org):
    medlem = MedlemFactory(lokallag=org.lag_a, telefon="+4795942026", etternavn="Ringheim")
    utlending = MedlemFactory(lokallag=org.lag_a, telefon="+46701234567", etternavn="Svensson")
    client.force_login(admin_user)
    listing = client.get("/medlemmer/", {"status": "alle"}).content.decode()
    assert '<a href="tel:+4795942026">959 42 026</a>' in listing
    assert '<a href="tel:+46701234567">+46 70 123 45 67</a>' in listing
    detail = client.get(medlem.get_absolute_url()).content.decode()
    assert '<a href="tel:+4795942026">959 42 026</a>' in detail
    assert utlending.telefon not in client.get(medlem.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "stored",
    [
        "+4795942026",
        "+4732000000",
        "+46701234567",
        "95942026",
        "912 34 5",
        " +4795942026",
        "<b>",
        "",
        None,
        "1" * 41,
    ],
)
def test_the_lists_phone_link_is_the_detail_pages_link(stored):
    # The list shows its rows' numbers with one parse each (telefon_lenke); the detail page
    # with the two filters: the same HTML.
    from django.template import Context, Template

    two_filters = Template(
        "{% load telefon %}{% if v %}{% with uri=v|tel_uri %}{% if uri %}"
        '<a href="{{ uri }}">{{ v|telefon }}</a>{% else %}{{ v }}{% endif %}{% endwith %}'
        "{% endif %}"
    )
    one_filter = Template("{% load telefon %}{{ v|telefon_lenke }}")
    context = Context({"v": stored})
    assert one_filter.render(context) == two_filters.render(context)


@pytest.mark.parametrize(
    "query", ["959 42 026", "95942026", "+47 959 42 026", "0047 95942026", "+4795942026", "42026"]
)
def test_search_by_phone_however_it_is_typed(org, query):
    wanted = MedlemFactory(lokallag=org.lag_a, telefon="+4795942026")
    MedlemFactory(lokallag=org.lag_a, telefon="+4795942027")
    assert list(Medlem.objects.sok(query)) == [wanted]


def test_search_by_name_and_phone_together(org):
    wanted = MedlemFactory(lokallag=org.lag_a, fornavn="Kari", telefon="+4795942026")
    MedlemFactory(lokallag=org.lag_a, fornavn="Ola", telefon="+4795942026")
    assert list(Medlem.objects.sok("kari 959 42 026")) == [wanted]


# --- The data migration ------------------------------------------------------------------------


def test_the_migration_converts_stored_numbers_and_reports_what_it_cannot(org, capsys):
    migration = importlib.import_module("medlemmer.migrations.0006_telefon_e164")
    stored = {
        "91234567": "+4791234567",
        "4795942026": "+4795942026",  # the Excel damage
        "+47 412 34 567": "+4741234567",
        "+46701234567": "+46701234567",
        "9123456": "9123456",  # seven digits: kept, counted
        "": "",
    }
    members = {raw: MedlemFactory(lokallag=org.lag_a, telefon=raw) for raw in stored}
    migration.forwards(apps, None)
    for raw, expected in stored.items():
        members[raw].refresh_from_db()
        assert members[raw].telefon == expected
    out = capsys.readouterr().out
    assert "3 gjort om til E.164, 1 kunne ikke leses" in out
    assert str(members["9123456"].pk) in out


def test_django_admin_uses_the_same_parser(client, admin_user, org):
    medlem = MedlemFactory(lokallag=org.lag_a, telefon="+4795942026")
    client.force_login(admin_user)
    url = f"/admin/medlemmer/medlem/{medlem.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="959 42 026"' in page.content.decode()
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in ((n, form[n].value()) for n in form.fields)
        if value is not None and value is not False
    }
    data.update({"telefon": "912 34 56", "innmeldt": "2020-01-01"})
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    assert "ikke et gyldig telefonnummer" in str(response.context["adminform"].form.errors)
    medlem.refresh_from_db()
    assert medlem.telefon == "+4795942026"


def test_erasure_finds_the_phone_however_a_note_wrote_it(client, org, admin_user):
    from tests.conftest import login_reauthenticated
    from tests.factories import OppfolgingFactory

    sigrun = MedlemFactory(lokallag=org.lag_a, fornavn="Sigrun", telefon="+4797531864")
    entry = OppfolgingFactory(
        lokallag=org.lag_a, referat="Ring 975 31 864 eller 97531864 om regnskapet."
    )
    login_reauthenticated(client, "admin@test.no")
    assert client.post(f"/medlemmer/{sigrun.pk}/anonymiser/", {"bekreft": "on"}).status_code == 302
    entry.refresh_from_db()
    assert entry.referat == "Ring [sladdet] eller [sladdet] om regnskapet."


def test_eight_digits_take_a_shortcut_that_gives_what_parsing_gives():
    """``normalise_phone`` skips ``phonenumbers.parse`` for eight plain digits; the result (or
    the refusal) must be what the full parse gives, for every leading three digits."""
    import phonenumbers

    from buskerud_sp.core import telefon

    def parsed(text: str) -> str | None:
        number = telefon._parse(text)
        if number is None and len(text) > 8:
            number = telefon._parse("+" + text)
        return (
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if (number)
            else None
        )

    for prefix in range(100, 1000):
        for suffix in ("00000", "12345", "99999"):
            text = f"{prefix}{suffix}"
            try:
                got = normalise_phone(text)
            except InvalidPhoneNumber:
                got = None
            assert got == parsed(text), text


def test_the_lists_quick_path_for_mobiles_is_what_libphonenumber_says():
    # A stored Norwegian mobile is shown without a parse (phone_link_parts): the same text and
    # link as the parse gives, for every kind of number beside it (a random sample of each).
    import random

    from buskerud_sp.core.telefon import format_phone, phone_link_parts, phone_uri

    pick = random.Random(21)
    values = ["+4745300000", "+4745399999", "+4742000000", "4530000", "+47959420260"]
    values += ["٩٥٩٤٢٠٢٦", "+4795942026\n", "0095942026", "4795942026"]
    for _ in range(3000):
        national = str(pick.randrange(10**7, 10**8))
        values += [f"+47{national}", national, f"+46{national}", f"0{national[1:]}"]
    for value in values:
        assert phone_link_parts(value) == (format_phone(value), phone_uri(value)), value
