"""The import pages: upload → preview → confirm or cancel, for admins only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from medlemmer.models import ImportStatus, Medlem, Medlemsimport
from tests.factories import MedlemsimportFactory

from .registerfiles import HEADER, make_csv, make_xlsx, member_row, xlsx_row

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("medlemmer:import")


def upload(client, data: bytes, name: str = "register.csv"):
    return client.post(IMPORT_URL, {"fil": SimpleUploadedFile(name, data)})


@pytest.fixture
def admin_client(client, register_org, admin_user):
    client.force_login(admin_user)
    return client


def test_upload_preview_confirm(admin_client):
    rows = [member_row(1), member_row(2), member_row(3, innmeldt="31.02.2024")]
    response = upload(admin_client, make_csv(rows, delimiter=";"))
    imp = Medlemsimport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == imp.get_absolute_url()
    assert Medlem.objects.count() == 0

    preview = admin_client.get(imp.get_absolute_url())
    html = preview.content.decode()
    assert "Forhåndsvisning av import" in html
    assert '<dd data-count="nye">2</dd>' in html
    assert '<dd data-count="avvist">1</dd>' in html
    assert "Rad 4, kolonne innmeldt: ugyldig dato «31.02.2024»" in html
    assert "Bekreft import" in html

    response = admin_client.post(imp.get_absolute_url(), {"handling": "importer"})
    assert response.status_code == 302
    assert Medlem.objects.count() == 2
    result = admin_client.get(imp.get_absolute_url()).content.decode()
    assert "Importen er fullført." in result
    assert "Bekreft import" not in result
    assert '<dd data-count="nye">2</dd>' in result


def test_xlsx_upload(admin_client):
    response = upload(admin_client, make_xlsx([xlsx_row(1), xlsx_row(2)]), name="register.xlsx")
    assert response.status_code == 302
    imp = Medlemsimport.objects.get()
    assert (imp.antall_nye, imp.rapport["format"]) == (2, "xlsx")


def test_file_error_is_shown_next_to_the_field(admin_client):
    header = [h for h in HEADER if h != "lokallag"]
    response = upload(admin_client, make_csv([member_row(1)], header=header))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fila mangler den påkrevde kolonnen «lokallag»." in html
    assert 'aria-invalid="true"' in html
    assert not Medlemsimport.objects.exists()
    assert Medlem.objects.count() == 0


def test_empty_upload_and_no_file(admin_client):
    html = upload(admin_client, b"").content.decode()
    assert "Filen er tom." in html  # Django's own message, in Norwegian
    html = admin_client.post(IMPORT_URL, {}).content.decode()
    assert "Feltet er påkrevet." in html
    assert not Medlemsimport.objects.exists()


@override_settings(MEMBER_IMPORT_MAX_BYTES=1000)
def test_size_limit(admin_client):
    data = make_csv([member_row(n) for n in range(1, 30)])
    assert len(data) > 1000
    html = upload(admin_client, data).content.decode()
    assert "Fila er for stor" in html
    assert "Største tillatte størrelse er 1000\xa0byte" in html
    assert not Medlemsimport.objects.exists()


def test_cancel_wipes_the_file(admin_client):
    upload(admin_client, make_csv([member_row(1)]))
    imp = Medlemsimport.objects.get()
    response = admin_client.post(imp.get_absolute_url(), {"handling": "avbryt"})
    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    imp.refresh_from_db()
    assert (imp.status, bytes(imp.fil)) == (ImportStatus.AVBRUTT, b"")
    assert Medlem.objects.count() == 0
    # A cancelled import cannot be confirmed afterwards.
    admin_client.post(imp.get_absolute_url(), {"handling": "importer"})
    assert Medlem.objects.count() == 0


def test_unknown_action(admin_client):
    imp = MedlemsimportFactory()
    assert admin_client.post(imp.get_absolute_url(), {"handling": "slett"}).status_code == 400


def test_the_log_lists_earlier_imports(admin_client):
    upload(admin_client, make_csv([member_row(1)], delimiter=";"))
    html = admin_client.get(IMPORT_URL).content.decode()
    assert "Tidligere importer" in html
    assert "register.csv" in html
    assert "Venter på bekreftelse" in html


@pytest.mark.parametrize("persona", ["board_user", "leader_a", "leader_b", "member_user"])
def test_others_cannot_upload_or_confirm(client, register_org, admin_user, persona, request):
    imp = MedlemsimportFactory(
        opprettet_av=admin_user, fil=make_csv([member_row(1)]), rapport={"fingeravtrykk": "x"}
    )
    client.force_login(request.getfixturevalue(persona))
    assert upload(client, make_csv([member_row(2)])).status_code == 404
    assert client.post(imp.get_absolute_url(), {"handling": "importer"}).status_code == 404
    assert client.post(imp.get_absolute_url(), {"handling": "avbryt"}).status_code == 404
    assert Medlemsimport.objects.count() == 1
    assert Medlemsimport.objects.get().status == ImportStatus.FORHANDSVIST
    assert Medlem.objects.filter(medlemsnummer__startswith="R").count() == 0


def test_anonymous_post_is_sent_to_login(client, register_org):
    imp = MedlemsimportFactory()
    for url in (IMPORT_URL, imp.get_absolute_url()):
        response = client.post(url, {"handling": "importer"})
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
    assert Medlemsimport.objects.count() == 1
