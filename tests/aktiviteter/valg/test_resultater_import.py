"""The CSV import of an election's results: good files (either separator, UTF-8 with or
without BOM, Windows-1252, valgresultat.no's export), each kind of bad row refused with its line
and column and nothing saved, earlier municipality numbers and names matched, the «erstatt»
flag, the signed preview, the audit and the example file."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aktiviteter.valg.models import Valgresultat
from aktiviteter.valg.services import resultatimport
from aktiviteter.valg.services.resultatimport import analyser
from buskerud_sp.core.models import AuditAction, AuditEntry

from .resultatdata import KOMMUNER, kommune, resultat, valg

pytestmark = pytest.mark.django_db

GOD = (
    "kommunenummer;kommune;stemmer;godkjente stemmer;oppslutning;mandater\r\n"
    "3301;Drammen;3 650;52100;7,0;4\r\n"
    "3324;Gol;1100;2900;37,9 %;9\r\n"
    "3328;Ål;1020;;25.5;6\r\n"
)


@pytest.fixture
def v23(org):
    for nummer in KOMMUNER:
        kommune(nummer)
    return valg(2023)


def _upload(client, v, content: bytes, name="resultater.csv"):
    return client.post(
        reverse("valg:resultat_import", args=[v.pk]),
        {"steg": "last_opp", "fil": SimpleUploadedFile(name, content, "text/csv")},
    )


def _confirm(client, v, token, erstatt=False):
    data = {"steg": "bekreft", "token": token}
    if erstatt:
        data["erstatt"] = "1"
    return client.post(reverse("valg:resultat_import", args=[v.pk]), data)


@pytest.mark.parametrize(
    "content",
    [
        GOD.encode("utf-8"),
        b"\xef\xbb\xbf" + GOD.encode("utf-8"),
        GOD.encode("cp1252"),
        GOD.replace(",", ".").replace(";", ",").replace("3 650", "3650").encode("utf-8"),
    ],
    ids=["utf8-semikolon", "utf8-bom", "windows-1252", "komma"],
)
def test_good_file_previews_then_saves_on_confirmation(client, admin_user, v23, content):
    client.force_login(admin_user)
    preview = _upload(client, v23, content)
    analyse = preview.context["analyse"]
    assert analyse.ok, analyse.feil
    assert [r.kommune.navn for r in analyse.rader] == ["Drammen", "Gol", "Ål"]
    assert not Valgresultat.objects.exists()  # the preview saves nothing
    assert "Ål" in preview.content.decode()
    response = _confirm(client, v23, preview.context["token"])
    assert response.status_code == 302
    rows = {r.kommune.nummer: r for r in Valgresultat.objects.filter(valg=v23)}
    assert rows["3301"].stemmer == 3650 and rows["3301"].andel == Decimal("7.00")
    assert rows["3324"].andel == Decimal("37.90") and rows["3324"].mandater == 9
    assert rows["3328"].godkjente_stemmer is None and rows["3328"].andel == Decimal("25.50")
    assert not any(r.demo for r in rows.values())
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT, object_type="aktiviteter.valg")
    assert entry.actor == admin_user
    assert entry.object_id == str(v23.pk)
    assert entry.data == {"valgresultater": 3, "erstattet": 0}


def test_share_is_computed_when_the_column_is_missing(v23):
    analyse = analyser(b"kommune,stemmer,godkjente stemmer\nGol,1100,2900\n")
    assert analyse.ok and analyse.rader[0].andel == Decimal("37.93")


def test_earlier_numbers_and_names_find_the_municipality(v23):
    analyse = analyser(
        "kommunenummer;kommune;stemmer;oppslutning\n"
        "0602;;3000;6\n"  # Drammen before 2020
        "617;;1200;40\n"  # Gol as 0617, its leading zero dropped by Excel
        ";ØVRE-EIKER kommune;800;5\n"  # by name, case and punctuation aside
        ";al;900;30\n".encode()  # Ål without its ring
    )
    assert analyse.ok, analyse.feil
    assert [r.kommune.nummer for r in analyse.rader] == ["3301", "3324", "3314", "3328"]


def test_valgresultat_no_export_keeps_only_the_partys_municipality_rows(v23):
    header = (
        "Fylkenummer;Fylkenavn;Kommunenummer;Kommunenavn;Stemmekretsnummer;Stemmekretsnavn;"
        "Partikode;Partinavn;Oppslutning prosentvis;Antall stemmeberettigede;"
        "Antall forhåndsstemmer;Antall valgtingstemmer;Antall stemmer totalt;"
        "Endring % siste tilsvarende valg;Endring % siste ekvivalente valg;Antall mandater\n"
    )
    rows = (
        "33;Buskerud;;;;;SP;Senterpartiet;12,1;200000;1;1;15000;0,1;0,1;\n"
        "33;Buskerud;3324;Gol;;;SP;Senterpartiet;37,93;4000;500;600;1100;-2,1;-2,1;9\n"
        "33;Buskerud;3324;Gol;;;A;Arbeiderpartiet;30,1;4000;400;500;900;1;1;7\n"
        "33;Buskerud;3324;Gol;0001;Gol sentrum;SP;Senterpartiet;40;2000;1;1;600;1;1;\n"
    )
    analyse = analyser((header + rows).encode())
    assert analyse.ok, analyse.feil
    assert analyse.hoppet_over == 3
    (gol,) = analyse.rader
    assert (gol.kommune.navn, gol.stemmer, gol.andel, gol.mandater) == (
        "Gol",
        1100,
        Decimal("37.93"),
        9,
    )
    assert "Antall stemmeberettigede" in analyse.ignorerte_kolonner


@pytest.mark.parametrize(
    ("line", "kolonne", "text"),
    [
        ("9999;Atlantis;100;1000;10;1", "kommunenummer", "Ukjent kommune «9999»"),
        (";Atlantis;100;1000;10;1", "kommune", "Ukjent kommune «Atlantis»"),
        ("3330;Hol;-5;1000;;1", "stemmer", "negativt"),
        ("3330;Hol;mange;1000;10;1", "stemmer", "«mange» er ikke et tall"),
        ("3330;Hol;100;1000;10;tre", "mandater", "ikke et tall"),
        ("3330;Hol;100;;101;1", "oppslutning", "mellom 0 og 100"),
        ("3330;Hol;2000;1000;;1", "stemmer", "flere enn de godkjente"),
        ("3330;Hol;100;1000;12;1", "oppslutning", "stemmer ikke med stemmene"),
        ("3330;Hol;;1000;10;1", "stemmer", "mangler"),
        ("0617;Gol;100;1000;10;1", "kommunenummer", "står også på linje 2"),
    ],
)
def test_each_bad_row_is_listed_and_nothing_is_saved(client, admin_user, v23, line, kolonne, text):
    content = (
        "kommunenummer;kommune;stemmer;godkjente stemmer;oppslutning;mandater\n"
        "3324;Gol;1100;2900;;9\n"
        "3301;Drammen;3650;52100;;4\n"
        f"{line}\n"
    ).encode()
    client.force_login(admin_user)
    response = _upload(client, v23, content)
    analyse = response.context["analyse"]
    assert not analyse.ok
    problems = [(f.linje, f.kolonne, f.melding) for f in analyse.feil]
    assert len(problems) == 1, problems
    linje, found_column, melding = problems[0]
    assert (linje, found_column) == (4, kolonne)
    assert text in melding
    assert "token" not in response.context  # no way to confirm
    page = response.content.decode()
    assert "Ingenting er lagret" in page and f"Linje 4, kolonne «{kolonne}»" in page
    assert not Valgresultat.objects.exists()


def test_a_confirmation_of_a_file_with_errors_saves_nothing(client, admin_user, v23):
    token = resultatimport.token_for(v23, b"kommune;stemmer;oppslutning\nGol;10;1\nAtlantis;1;1\n")
    client.force_login(admin_user)
    response = _confirm(client, v23, token)
    assert response.status_code == 200
    assert not Valgresultat.objects.exists()


@pytest.mark.parametrize(
    ("content", "text"),
    [
        (b"", "tom"),
        (b"kommune;stemmer\n", "ingen rader"),
        (b"navn;tall\nGol;1\n", "kolonne for kommunen"),
        (b"kommune;oppslutning\nGol;1\n", "«stemmer»"),
        (b"PK\x03\x04binary", "ikke ut som en CSV-fil"),
    ],
)
def test_a_file_that_cannot_be_used_gets_a_message_at_the_field(
    client, admin_user, v23, content, text
):
    client.force_login(admin_user)
    response = _upload(client, v23, content)
    assert text in str(response.context["form"].errors)
    assert not Valgresultat.objects.exists()


def test_existing_rows_are_replaced_only_when_asked(client, admin_user, v23):
    resultat(v23, "3330", 100, 1000, "10.00")
    client.force_login(admin_user)
    preview = _upload(client, v23, GOD.encode())
    page = preview.content.decode()
    assert 'name="erstatt"' in page
    refused = _confirm(client, v23, preview.context["token"])
    assert refused.status_code == 200
    assert "Kryss av for «Erstatt»" in refused.content.decode()
    assert list(Valgresultat.objects.values_list("kommune__nummer", flat=True)) == ["3330"]
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()
    replaced = _confirm(client, v23, preview.context["token"], erstatt=True)
    assert replaced.status_code == 302
    assert sorted(Valgresultat.objects.values_list("kommune__nummer", flat=True)) == [
        "3301",
        "3324",
        "3328",
    ]
    assert AuditEntry.objects.get(action=AuditAction.IMPORT).data["erstattet"] == 1


def test_a_forged_or_foreign_token_is_refused(client, admin_user, v23):
    client.force_login(admin_user)
    other = resultatimport.token_for(valg(2019), GOD.encode())
    for token in ("tull", other, resultatimport.token_for(v23, GOD.encode())[:-2] + "xx"):
        response = _confirm(client, v23, token)
        assert "utløpt" in response.context["fil_feil"]
    assert not Valgresultat.objects.exists()


@pytest.mark.parametrize("persona", ["board", "leader_a", "leader_b", "member"])
def test_only_admins_import(client, personas, v23, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("valg:resultat_import", args=[v23.pk])).status_code == 404
    assert _upload(client, v23, GOD.encode()).status_code == 404
    assert _confirm(client, v23, resultatimport.token_for(v23, GOD.encode())).status_code == 404
    assert client.get(reverse("valg:resultat_mal")).status_code == 404
    assert not Valgresultat.objects.exists()


def test_the_example_file_imports_as_it_is(client, admin_user, v23):
    client.force_login(admin_user)
    response = client.get(reverse("valg:resultat_mal"))
    assert response["Content-Disposition"].startswith("attachment")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    analyse = analyser(content)
    assert analyse.ok, analyse.feil
    assert [r.kommune.navn for r in analyse.rader] == ["Drammen", "Gol", "Ål"]
    page = client.get(reverse("valg:resultat_import", args=[v23.pk])).content.decode()
    assert reverse("valg:resultat_mal") in page and "godkjente stemmer" in page
