"""Reading register files: every bad file is reported precisely and saves nothing."""

import datetime
import random

import pytest

from medlemmer.importing import ImportFileError, medlemsimport_create
from medlemmer.models import Kjonn, Medlem, Medlemsimport
from tests.factories import MedlemFactory

from .registerfiles import HEADER, make_csv, make_xlsx, member_row, xlsx_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(register_org, admin_user):
    def upload(data: bytes, filename: str = "register.csv") -> Medlemsimport:
        return medlemsimport_create(uploaded_by=admin_user, filename=filename, data=data)

    return upload


def rejected(imp: Medlemsimport) -> list[tuple[int, str, str]]:
    return [(e["rad"], e["kolonne"], e["melding"]) for e in imp.rapport["avvist"]]


def counts(imp: Medlemsimport) -> tuple[int, int, int, int]:
    return (imp.antall_nye, imp.antall_endret, imp.antall_uendret, imp.antall_avvist)


def test_a_good_file_is_previewed_without_saving_members(upload):
    imp = upload(make_csv([member_row(1), member_row(2)]))
    assert counts(imp) == (2, 0, 0, 0)
    assert imp.venter
    assert Medlem.objects.count() == 0


def test_bad_date_names_row_column_and_value(upload):
    imp = upload(make_csv([member_row(1), member_row(2), member_row(3, innmeldt="31.02.2024")]))
    assert rejected(imp) == [(4, "innmeldt", "ugyldig dato «31.02.2024»")]
    assert counts(imp) == (2, 0, 0, 1)
    assert Medlem.objects.count() == 0


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024/01/05", "ugyldig dato «2024/01/05» (bruk dd.mm.åååå eller åååå-mm-dd)"),
        ("i fjor", "ugyldig dato «i fjor» (bruk dd.mm.åååå eller åååå-mm-dd)"),
        ("", "mangler dato"),
        ("01.01.1850", "urimelig dato «01.01.1850»"),
    ],
)
def test_other_bad_dates(upload, value, reason):
    imp = upload(make_csv([member_row(1, innmeldt=value)]))
    assert rejected(imp) == [(2, "innmeldt", reason)]


def test_both_date_formats_are_read(upload, admin_user):
    from medlemmer.importing import medlemsimport_confirm

    imp = upload(make_csv([member_row(1, innmeldt="2021-04-09", fodselsdato="3.7.1975")]))
    assert medlemsimport_confirm(medlemsimport=imp).value == "imported"
    medlem = Medlem.objects.get()
    assert medlem.innmeldt == datetime.date(2021, 4, 9)
    assert medlem.fodselsdato == datetime.date(1975, 7, 3)


def test_unknown_chapter(upload):
    imp = upload(make_csv([member_row(1, lokallag="9999"), member_row(2, lokallag="Atlantis")]))
    assert rejected(imp) == [
        (2, "lokallag", "ukjent lokallag «9999»"),
        (3, "lokallag", "ukjent lokallag «Atlantis»"),
    ]


def test_chapter_by_number_slug_name_or_municipality(upload, register_org):
    rows = [
        member_row(1, lokallag="3324"),
        member_row(2, lokallag="gol"),
        member_row(3, lokallag="Gol Senterparti"),
        member_row(4, lokallag="GOL"),
        member_row(5, lokallag="301"),  # Excel dropped a leading zero: 0301 is not in Buskerud
    ]
    imp = upload(make_csv(rows))
    assert counts(imp) == (4, 0, 0, 1)
    assert {values["lokallag_id"] for values in _planned_creates(imp)} == {register_org.lag_b.pk}


def _planned_creates(imp):
    from medlemmer.importing import analyse

    return analyse(bytes(imp.fil)).creates


def test_missing_required_column_is_a_file_error(upload):
    header = [h for h in HEADER if h != "innmeldt"]
    with pytest.raises(ImportFileError) as exc:
        upload(make_csv([member_row(1)], header=header))
    assert "Fila mangler den påkrevde kolonnen «innmeldt»." in exc.value.message
    assert "Fant kolonnene: medlemsnummer, fornavn" in exc.value.message
    assert not Medlemsimport.objects.exists()


def test_several_missing_columns_are_all_named(upload):
    with pytest.raises(ImportFileError) as exc:
        upload(make_csv([member_row(1)], header=["medlemsnummer", "fornavn", "epost"]))
    assert "kolonnene «etternavn», «lokallag», «innmeldt»" in exc.value.message


def test_a_column_given_twice_is_a_file_error(upload):
    header = [*HEADER, "Kommunenummer"]
    with pytest.raises(ImportFileError) as exc:
        upload(make_csv([member_row(1)], header=header, keys=[*HEADER, "lokallag"]))
    assert "Kolonnen «lokallag» finnes flere ganger («lokallag», «Kommunenummer»)" in (
        exc.value.message
    )


def test_invalid_email(upload):
    imp = upload(make_csv([member_row(1, epost="ola.nordmann@"), member_row(2)]))
    assert rejected(imp) == [(2, "epost", "ugyldig e-postadresse «ola.nordmann@»")]
    assert counts(imp) == (1, 0, 0, 1)


def test_left_before_joined(upload):
    imp = upload(make_csv([member_row(1, innmeldt="01.05.2020", utmeldt="30.04.2020")]))
    assert rejected(imp) == [(2, "utmeldt", "utmeldt (30.04.2020) er før innmeldt (01.05.2020)")]


def test_several_errors_in_one_row_are_all_listed(upload):
    imp = upload(make_csv([member_row(1, kjonn="Q", postnummer="30155", folkevalgt="kanskje")]))
    assert rejected(imp) == [
        (2, "postnummer", "ugyldig postnummer «30155» (fire sifre)"),
        (2, "kjonn", "ukjent kjønn «Q» (bruk K, M eller A)"),
        (2, "folkevalgt", "ugyldig verdi «kanskje» (bruk ja eller nei)"),
    ]
    assert imp.antall_avvist == 1


def test_duplicates_within_the_file_are_reported(upload):
    rows = [
        member_row(1),
        member_row(2),
        member_row(3, medlemsnummer="R000001", epost="annen@eksempel.no"),
        member_row(4, epost="PERSON2@eksempel.no"),
        member_row(5, medlemsnummer="", epost="", telefon="40000002", fornavn="Fornavn2"),
        member_row(6, medlemsnummer="", epost="", telefon="90000006"),
        member_row(7, medlemsnummer="", epost="", telefon="900 00 006", fornavn="fornavn6"),
    ]
    rows[4]["etternavn"] = "Etternavn2"
    rows[6]["etternavn"] = "Etternavn6"
    imp = upload(make_csv(rows))
    assert rejected(imp) == [
        (4, "medlemsnummer", "medlemsnummeret «R000001» står også på rad 2"),
        (5, "epost", "e-postadressen «PERSON2@eksempel.no» står også på rad 3"),
        (6, "telefon", "samme navn og telefon som rad 3"),
        (8, "telefon", "samme navn og telefon som rad 7"),
    ]
    assert counts(imp) == (3, 0, 0, 4)


def test_binary_garbage_is_refused(upload):
    garbage = random.Random(7).randbytes(4000)
    with pytest.raises(ImportFileError) as exc:
        upload(garbage, filename="register.csv")
    assert "ser ikke ut som en CSV- eller Excel-fil" in exc.value.message
    assert not Medlemsimport.objects.exists()


def test_broken_xlsx_is_refused(upload):
    with pytest.raises(ImportFileError) as exc:
        upload(b"PK\x03\x04" + b"ikke en zip" * 20, filename="register.xlsx")
    assert "Excel-fila kunne ikke leses" in exc.value.message


def test_old_xls_is_refused_with_advice(upload):
    with pytest.raises(ImportFileError) as exc:
        upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), filename="register.xls")
    assert "Lagre fila som .xlsx eller CSV" in exc.value.message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Fila er tom."),
        (b"\r\n \r\n", "Fila er tom."),
        (make_csv([]), "Fila har ingen medlemsrader under overskriftsraden."),
    ],
)
def test_empty_files(upload, data, message):
    with pytest.raises(ImportFileError) as exc:
        upload(data)
    assert exc.value.message == message


def test_windows_1252_from_norwegian_excel(upload):
    from medlemmer.importing import medlemsimport_confirm

    row = member_row(1, fornavn="Bjørn", etternavn="Ås", poststed="Ålgård", adresse="Bråtaveien 2")
    data = make_csv([row], header=[h.replace("kjonn", "Kjønn") for h in HEADER], keys=HEADER)
    imp = upload(data.decode().encode("cp1252"))
    assert counts(imp) == (1, 0, 0, 0)
    medlemsimport_confirm(medlemsimport=imp)
    medlem = Medlem.objects.get()
    assert (medlem.fornavn, medlem.etternavn, medlem.poststed) == ("Bjørn", "Ås", "Ålgård")


def test_utf8_with_bom(upload):
    from medlemmer.importing import medlemsimport_confirm

    data = "\ufeff".encode() + make_csv([member_row(1, fornavn="Åse")])
    imp = upload(data)
    assert counts(imp) == (1, 0, 0, 0)  # the BOM did not hide the first column
    medlemsimport_confirm(medlemsimport=imp)
    assert Medlem.objects.get().medlemsnummer == "R000001"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab(upload, delimiter):
    rows = [member_row(1, adresse="Storgata 1, 2. etasje"), member_row(2)]
    imp = upload(make_csv(rows, delimiter=delimiter))
    assert counts(imp) == (2, 0, 0, 0)
    assert _planned_creates(imp)[0]["adresse"] == "Storgata 1, 2. etasje"


def test_lenient_headers(upload):
    header = [
        "Medlemsnr",
        " Fornavn ",
        "ETTERNAVN",
        "E-post",
        "Mobil",
        "Adresse",
        "Postnr",
        "Poststed",
        "Fødselsdato",
        "Kjønn",
        "Lokallag",
        "Innmeldt",
        "Utmeldt",
        "Kontingent betalt til",
        "Senterungdommen",
        "Senterkvinnene",
        "Folkevalgt",
        "Merknad fra registeret",
    ]
    imp = upload(make_csv([member_row(1)], header=header, keys=[*HEADER, "x"]))
    assert counts(imp) == (1, 0, 0, 0)
    assert imp.rapport["ignorerte_kolonner"] == ["Merknad fra registeret"]
    created = _planned_creates(imp)[0]
    assert created["fodselsdato"] == datetime.date(1980, 6, 15)
    assert created["kontingent_betalt_til"] == datetime.date(2026, 12, 31)
    assert created["telefon"] == "+4740000001"


def test_values_are_normalised(upload):
    from medlemmer.importing import medlemsimport_confirm

    row = member_row(
        1,
        telefon="+47 412 34 567",
        postnummer="150",
        kjonn="kvinne",
        senterungdommen="X",
        folkevalgt="Ja",
        fornavn="'=Kari",  # our export's formula guard is undone
    )
    imp = upload(make_csv([row]))
    medlemsimport_confirm(medlemsimport=imp)
    medlem = Medlem.objects.get()
    assert medlem.telefon == "+4741234567"
    assert medlem.postnummer == "0150"
    assert medlem.kjonn == Kjonn.KVINNE
    assert medlem.senterungdommen and medlem.folkevalgt and not medlem.senterkvinnene
    assert medlem.fornavn == "=Kari"


def test_xlsx_with_typed_cells(upload, register_org):
    from medlemmer.importing import medlemsimport_confirm

    data = make_xlsx(
        [xlsx_row(1, postnummer=150, folkevalgt=True), xlsx_row(2), xlsx_row(3, innmeldt="x")]
    )
    imp = upload(data, filename="register.xlsx")
    assert imp.rapport["format"] == "xlsx"
    assert rejected(imp) == [(4, "innmeldt", "ugyldig dato «x» (bruk dd.mm.åååå eller åååå-mm-dd)")]
    medlemsimport_confirm(medlemsimport=imp)
    medlem = Medlem.objects.get(medlemsnummer="R000001")
    assert medlem.innmeldt == datetime.date(2019, 3, 1)
    assert medlem.postnummer == "0150"  # Excel dropped the leading zero
    assert medlem.telefon == "+4740000001"
    assert medlem.lokallag == register_org.lag_a
    assert medlem.folkevalgt is True
    assert Medlem.objects.count() == 2


def test_birth_date_in_the_future(upload):
    imp = upload(make_csv([member_row(1, fodselsdato="01.01.2999")]))
    assert rejected(imp) == [(2, "fodselsdato", "fødselsdatoen er i framtiden")]


def test_too_long_text(upload):
    imp = upload(make_csv([member_row(1, fornavn="A" * 101)]))
    assert rejected(imp) == [(2, "fornavn", "for lang tekst (101 tegn, høyst 100)")]


def test_email_of_another_member_is_a_conflict(upload, register_org):
    MedlemFactory(medlemsnummer="X1", epost="kari@eksempel.no", lokallag=register_org.lag_a)
    imp = upload(make_csv([member_row(1, epost="Kari@eksempel.no")]))
    assert rejected(imp) == [
        (
            2,
            "epost",
            "e-postadressen «Kari@eksempel.no» er registrert på et annet medlem (medlemsnummer X1)",
        )
    ]
