"""Hostile register files (issue 8, item 3): each gives a clear error or is read safely, and
a refused file saves nothing, not even the preview."""

import os
import random

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from medlemmer.exporting import write_members_csv
from medlemmer.importing import ImportFileError, medlemsimport_confirm, medlemsimport_create
from medlemmer.models import Medlem, Medlemsimport

from .registerfiles import HEADER, make_csv, member_row

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("medlemmer:import")


@pytest.fixture
def admin_client(client, register_org, admin_user):
    client.force_login(admin_user)
    return client


def _nothing_saved():
    return not Medlemsimport.objects.exists() and not Medlem.objects.exists()


def test_formula_cells_are_stored_as_text_and_exported_inert(register_org, admin_user):
    formulas = {
        "fornavn": '=HYPERLINK("http://angriper.example","Klikk")',
        "etternavn": "+cmd|' /C calc'!A0",
        "adresse": "@SUM(1+1)*cmd|' /C calc'!A0",
        "poststed": "-2+3",
    }
    data = make_csv([member_row(1, **formulas)], delimiter=";")
    imp = medlemsimport_create(uploaded_by=admin_user, filename="r.csv", data=data)
    medlemsimport_confirm(medlemsimport=imp)
    medlem = Medlem.objects.get()
    assert medlem.fornavn == formulas["fornavn"]  # kept as typed, never evaluated

    class Out(list):
        def write(self, text):
            self.append(text)

    out = Out()
    write_members_csv(out, Medlem.objects.all())
    exported = "".join(out)
    for value in formulas.values():
        quoted = value.replace('"', '""')
        assert f"'{quoted}" in exported or f"'{value}" in exported


def test_the_preview_shows_a_formula_and_markup_as_text(admin_client):
    row = member_row(1, fornavn="<script>alert(1)</script>", etternavn="=1+1")
    response = admin_client.post(IMPORT_URL, {"fil": SimpleUploadedFile("r.csv", make_csv([row]))})
    html = admin_client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert Medlem.objects.count() == 0


def test_a_50_mb_upload_is_refused_with_the_limit_named(admin_client):
    assert settings.MEMBER_IMPORT_MAX_BYTES < 50 * 1024 * 1024
    # Django keeps at most this much of an upload in memory and spools the rest to disk.
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    big = make_csv([member_row(1)]) + b"R1,Ola,Nordmann\r\n" * (50 * 1024 * 1024 // 17)
    response = admin_client.post(IMPORT_URL, {"fil": SimpleUploadedFile("stor.csv", big)})
    assert response.status_code == 200
    assert "Fila er for stor (50,0" in response.content.decode()
    assert _nothing_saved()


def test_a_large_form_post_without_a_file_is_refused(admin_client):
    """Request bodies other than files are capped by Django (DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    response = admin_client.post(
        "/medlemmer/ny/", {"fornavn": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )
    assert response.status_code == 400
    assert not Medlem.objects.exists()


def test_binary_garbage_through_the_page(admin_client):
    garbage = random.Random(8).randbytes(256 * 1024)
    response = admin_client.post(IMPORT_URL, {"fil": SimpleUploadedFile("r.csv", garbage)})
    assert response.status_code == 200
    assert "ser ikke ut som en CSV- eller Excel-fil" in response.content.decode()
    assert _nothing_saved()


def test_mixed_encodings_are_refused_instead_of_garbling_names(admin_client):
    utf8 = make_csv([member_row(1, fornavn="Bjørn")])
    cp1252 = make_csv([member_row(2, fornavn="Åse")]).split(b"\r\n", 1)[1]
    data = utf8 + cp1252.decode().encode("cp1252")
    response = admin_client.post(IMPORT_URL, {"fil": SimpleUploadedFile("r.csv", data)})
    assert response.status_code == 200
    assert "Fila blander tegnkodinger" in response.content.decode()
    assert _nothing_saved()


def test_a_header_missing_a_column_through_the_page_names_it(admin_client):
    header = [h for h in HEADER if h != "etternavn"]
    data = "\ufeff".encode() + make_csv([member_row(1)], header=header, delimiter=";")
    response = admin_client.post(IMPORT_URL, {"fil": SimpleUploadedFile("r.csv", data)})
    assert "Fila mangler den påkrevde kolonnen «etternavn»." in response.content.decode()
    assert _nothing_saved()


@pytest.mark.skipif(not os.environ.get("STRESS"), reason="1 million rows: `make stress` only")
@override_settings(MEMBER_IMPORT_MAX_BYTES=200 * 1024 * 1024)
def test_a_million_rows_are_refused_with_the_row_limit(register_org, admin_user):
    rows = "".join(f"R{n},Fornavn,Etternavn,3301,01.03.2019\r\n" for n in range(1_000_000))
    data = ("medlemsnummer,fornavn,etternavn,lokallag,innmeldt\r\n" + rows).encode()
    with pytest.raises(ImportFileError) as exc:
        medlemsimport_create(uploaded_by=admin_user, filename="r.csv", data=data)
    print(f"\n1 000 000 rows ({len(data) / 1e6:.0f} MB): {exc.value.message}")
    assert "Del den opp" in exc.value.message
    assert _nothing_saved()
