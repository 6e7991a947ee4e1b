"""The parsed rows kept with a preview: confirming plans them again without parsing the file,
still catches every change of the register, and the rows are wiped with the file."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from lokallag.models import Lokallag
from medlemmer.importing import (
    ConfirmResult,
    medlemsimport_cancel,
    medlemsimport_confirm,
    medlemsimport_create,
    stored,
)
from medlemmer.importing import analysis as import_analysis
from medlemmer.importing import services as import_services
from medlemmer.importing.matching import ChapterIndex, PhoneKeys
from medlemmer.importing.services import medlemsimport_cancel_naming
from medlemmer.models import ImportStatus, Medlem
from tests.factories import MedlemFactory

from .registerfiles import make_csv, make_xlsx, member_row

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def parses(monkeypatch):
    """Counts the times a file is parsed (read and turned into values)."""
    calls = []
    parse_file = import_services.parse_file

    def counting(*args, **kwargs):
        calls.append(1)
        return parse_file(*args, **kwargs)

    monkeypatch.setattr(import_services, "parse_file", counting)
    return calls


def preview(admin_user, rows):
    return medlemsimport_create(uploaded_by=admin_user, filename="f.csv", data=make_csv(rows))


def test_confirming_plans_the_kept_rows_without_parsing_the_file(register_org, admin_user, parses):
    MedlemFactory(medlemsnummer="R000002", lokallag=register_org.lag_a, fornavn="Gammel")
    imp = preview(admin_user, [member_row(1), member_row(2), member_row(3, epost="ikke-epost")])
    assert (imp.antall_nye, imp.antall_endret, imp.antall_avvist) == (1, 1, 1)
    assert bytes(imp.tolkning) != b"" and len(parses) == 1

    assert medlemsimport_confirm(medlemsimport=imp) is ConfirmResult.IMPORTED
    assert len(parses) == 1  # the confirmation did not parse the file again
    assert sorted(Medlem.objects.values_list("medlemsnummer", "fornavn")) == [
        ("R000001", "Fornavn1"),
        ("R000002", "Fornavn2"),
    ]
    new = Medlem.objects.get(medlemsnummer="R000001")
    assert (new.telefon, new.innmeldt, new.lokallag) == (
        "+4740000001",
        datetime.date(2019, 3, 1),
        register_org.lag_a,
    )
    imp.refresh_from_db()
    assert (bytes(imp.fil), bytes(imp.tolkning)) == (b"", b"")  # wiped once imported


@pytest.mark.parametrize(
    "change",
    ["created", "edited", "deleted", "email_taken"],
)
def test_a_register_change_since_the_preview_is_caught_from_the_kept_rows(
    register_org, admin_user, parses, change
):
    existing = MedlemFactory(medlemsnummer="R000002", lokallag=register_org.lag_a)
    other = MedlemFactory(medlemsnummer="R000009", lokallag=register_org.lag_a)
    imp = preview(admin_user, [member_row(1), member_row(2), member_row(3)])
    before = (imp.antall_nye, imp.antall_endret, imp.antall_avvist)
    assert before == (2, 1, 0)
    if change == "created":
        MedlemFactory(medlemsnummer="R000003", lokallag=register_org.lag_b)
        after = (1, 2, 0)
    elif change == "edited":
        # Row 2 now changes nothing: a different plan all the same.
        Medlem.objects.filter(pk=existing.pk).update(**_as_in_row(member_row(2)))
        after = (2, 0, 0)
    elif change == "deleted":
        existing.delete()
        after = (3, 0, 0)
    else:  # another member now has the e-mail address of a new row
        Medlem.objects.filter(pk=other.pk).update(epost="person1@eksempel.no")
        after = (1, 1, 1)  # row 1 names that member's address with another register number

    result = medlemsimport_confirm(medlemsimport=imp)

    assert len(parses) == 1  # caught from the kept rows, not by parsing again
    imp.refresh_from_db()
    assert result is ConfirmResult.CHANGED
    assert imp.venter and bytes(imp.tolkning) != b""
    assert (imp.antall_nye, imp.antall_endret, imp.antall_avvist) == after
    assert Medlem.objects.filter(medlemsnummer="R000001").count() == 0  # nothing saved


def _as_in_row(row: dict) -> dict:
    return {
        "fornavn": row["fornavn"],
        "etternavn": row["etternavn"],
        "epost": row["epost"],
        "telefon": "+47" + row["telefon"],
        "adresse": row["adresse"],
        "postnummer": row["postnummer"],
        "poststed": row["poststed"],
        "fodselsdato": datetime.date(1980, 6, 15),
        "kjonn": row["kjonn"],
        "innmeldt": datetime.date(2019, 3, 1),
        "utmeldt": None,
        "kontingent_betalt_til": datetime.date(2026, 12, 31),
        "senterungdommen": False,
        "senterkvinnene": row["senterkvinnene"] == "ja",
        "folkevalgt": False,
    }


def test_a_changed_chapter_makes_the_confirmation_parse_again(register_org, admin_user, parses):
    imp = preview(admin_user, [member_row(1), member_row(2, lokallag="3324")])
    assert imp.antall_nye == 2
    # Gol gets another municipality number: «3324» names no chapter any more.
    Lokallag.objects.filter(pk=register_org.lag_b.pk).update(kommunenummer="3399")

    assert medlemsimport_confirm(medlemsimport=imp) is ConfirmResult.CHANGED
    assert len(parses) == 2  # the kept rows were not used
    imp.refresh_from_db()
    assert (imp.antall_nye, imp.antall_avvist) == (1, 1)
    assert imp.rapport["avvist"][0]["kolonne"] == "lokallag"


def test_a_new_chapter_that_makes_a_reference_ambiguous_is_caught(register_org, admin_user, parses):
    imp = preview(admin_user, [member_row(1, lokallag="gol")])
    assert imp.antall_nye == 1
    Lokallag.objects.create(navn="Gol", slug="gol-sp", kommune="Gol")

    assert medlemsimport_confirm(medlemsimport=imp) is ConfirmResult.CHANGED
    assert len(parses) == 2
    imp.refresh_from_db()
    assert imp.antall_avvist == 1


def test_the_date_is_checked_again_at_confirmation(register_org, admin_user, parses):
    evening = datetime.datetime(2026, 6, 10, 22, 0, tzinfo=OSLO)
    with time_machine.travel(evening, tick=False):
        imp = preview(admin_user, [member_row(1), member_row(2, innmeldt="11.06.2026")])
        assert (imp.antall_nye, imp.antall_avvist) == (1, 1)  # joined tomorrow: refused
    with time_machine.travel(evening + datetime.timedelta(hours=3), tick=False):
        assert medlemsimport_confirm(medlemsimport=imp) is ConfirmResult.CHANGED
        imp.refresh_from_db()
        assert (imp.antall_nye, imp.antall_avvist) == (2, 0)
        assert len(parses) == 1
        assert medlemsimport_confirm(medlemsimport=imp) is ConfirmResult.IMPORTED
    assert Medlem.objects.get(medlemsnummer="R000002").innmeldt == datetime.date(2026, 6, 11)


def test_kept_rows_of_another_file_or_version_are_not_used(register_org, admin_user, monkeypatch):
    data = make_csv([member_row(1)])
    chapters = ChapterIndex.load()
    parsed = import_analysis.parse_file(data, chapters, PhoneKeys())
    blob = stored.encode(parsed, data)
    assert stored.decode(blob, data, chapters.key, PhoneKeys()) == parsed
    assert stored.decode(blob, make_csv([member_row(2)]), chapters.key, PhoneKeys()) is None
    assert stored.decode(blob, data, "another", PhoneKeys()) is None
    assert stored.decode(b"not zlib", data, chapters.key, PhoneKeys()) is None
    monkeypatch.setattr(stored, "VERSION", stored.VERSION + 1)
    assert stored.decode(blob, data, chapters.key, PhoneKeys()) is None


def test_kept_rows_are_what_parsing_gives(register_org):
    """Errors, missing values (a cell that did not parse), dates and booleans survive."""
    rows = [
        member_row(1, utmeldt="01.01.2024", telefon="12"),
        member_row(2, fodselsdato="31.02.1980", lokallag="ukjent"),
        member_row(3, senterungdommen="ja", epost=""),
    ]
    for data in (
        make_csv(rows, delimiter=";"),
        make_xlsx([[row[key] for key in row] for row in rows]),
    ):
        chapters = ChapterIndex.load()
        parsed = import_analysis.parse_file(data, chapters, PhoneKeys())
        assert parsed.rows[0][2] and parsed.rows[1][2]  # rows with errors are in the test
        kept = stored.decode(stored.encode(parsed, data), data, chapters.key, PhoneKeys())
        assert kept == parsed
        assert [list(values) for _n, values, _e in kept.rows] == [
            list(values) for _n, values, _e in parsed.rows
        ]


def test_cancelling_wipes_the_kept_rows(register_org, admin_user):
    imp = preview(admin_user, [member_row(1)])
    assert medlemsimport_cancel(medlemsimport=imp)
    imp.refresh_from_db()
    assert (imp.status, bytes(imp.fil), bytes(imp.tolkning)) == (ImportStatus.AVBRUTT, b"", b"")


def test_expiry_wipes_the_kept_rows(register_org, admin_user):
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=25)):
        imp = preview(admin_user, [member_row(1)])
    assert bytes(imp.tolkning) != b""
    assert import_services.expire_stale_imports() == 1
    imp.refresh_from_db()
    assert (imp.status, bytes(imp.fil), bytes(imp.tolkning)) == (ImportStatus.UTLOPT, b"", b"")


def test_erasing_someone_named_in_a_preview_wipes_the_kept_rows(register_org, admin_user):
    imp = preview(admin_user, [member_row(1), member_row(2)])
    assert medlemsimport_cancel_naming(names=lambda text: "Fornavn2" in text) == 1
    imp.refresh_from_db()
    assert (imp.status, bytes(imp.fil), bytes(imp.tolkning)) == (ImportStatus.AVBRUTT, b"", b"")
