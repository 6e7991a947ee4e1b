"""A joining date in the future is refused wherever it comes in: the import names row and
column, the admin form shows it next to the field, the service refuses a crafted call."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from medlemmer.importing import medlemsimport_create
from medlemmer.models import Medlem, Medlemsimport
from medlemmer.services import medlem_oppdater, medlem_opprett
from tests.factories import MedlemFactory

from .registerfiles import make_csv, make_xlsx, member_row, xlsx_row

pytestmark = pytest.mark.django_db

# Midday in Oslo on 30 November 2026.
NOW = datetime.datetime(2026, 11, 30, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture
def upload(register_org, admin_user):
    def upload(data: bytes, filename: str = "register.csv") -> Medlemsimport:
        return medlemsimport_create(uploaded_by=admin_user, filename=filename, data=data)

    return upload


def rejected(imp: Medlemsimport) -> list[tuple[int, str, str]]:
    return [(e["rad"], e["kolonne"], e["melding"]) for e in imp.rapport["avvist"]]


@time_machine.travel(NOW, tick=False)
def test_import_refuses_a_joining_date_ahead_with_row_and_column(upload):
    rows = [
        member_row(1, innmeldt="30.11.2026"),  # today is fine
        member_row(2, innmeldt="01.02.2030"),
        member_row(3, innmeldt="2026-12-01"),
    ]
    imp = upload(make_csv(rows))
    assert rejected(imp) == [
        (3, "innmeldt", "innmeldingsdatoen 01.02.2030 er fram i tid"),
        (4, "innmeldt", "innmeldingsdatoen 01.12.2026 er fram i tid"),
    ]
    assert (imp.antall_nye, imp.antall_avvist) == (1, 2)
    assert Medlem.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_import_refuses_an_excel_date_cell_ahead(upload):
    data = make_xlsx([xlsx_row(1, innmeldt=datetime.datetime(2030, 2, 1))])
    imp = upload(data, "register.xlsx")
    assert rejected(imp) == [(2, "innmeldt", "innmeldingsdatoen 01.02.2030 er fram i tid")]


@time_machine.travel(NOW, tick=False)
def test_admin_form_shows_the_error_next_to_the_field(client, admin_user, org):
    client.force_login(admin_user)
    data = {"fornavn": "Kari", "etternavn": "Framtid", "kjonn": "K", "lokallag": org.lag_b.pk}
    response = client.post(
        "/medlemmer/ny/", {**data, "innmeldt": "2030-02-01"}, HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["innmeldt"] == [
        "Innmeldingsdatoen kan ikke være fram i tid."
    ]
    assert not Medlem.objects.filter(etternavn="Framtid").exists()

    medlem = MedlemFactory(lokallag=org.lag_b, innmeldt=datetime.date(2020, 1, 1))
    response = client.post(
        f"/medlemmer/{medlem.pk}/endre/",
        {**data, "innmeldt": "2026-12-01"},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert "innmeldt" in response.context["form"].errors
    medlem.refresh_from_db()
    assert medlem.innmeldt == datetime.date(2020, 1, 1)

    client.post("/medlemmer/ny/", {**data, "innmeldt": "2026-11-30"})
    assert Medlem.objects.get(etternavn="Framtid").innmeldt == datetime.date(2026, 11, 30)


@time_machine.travel(NOW, tick=False)
def test_the_services_refuse_it_too(admin_user, org):
    data = {"fornavn": "Kari", "etternavn": "Framtid", "lokallag": org.lag_b}
    with pytest.raises(ValidationError) as refused:
        medlem_opprett(data={**data, "innmeldt": datetime.date(2030, 2, 1)}, av=admin_user)
    assert "innmeldt" in refused.value.message_dict
    medlem = MedlemFactory(lokallag=org.lag_b, innmeldt=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError):
        medlem_oppdater(medlem=medlem, data={"innmeldt": datetime.date(2030, 2, 1)}, av=admin_user)
    medlem.refresh_from_db()
    assert medlem.innmeldt == datetime.date(2020, 1, 1)
