"""Admins create, edit and end memberships; a member changes their own contact details."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lokallag.models import Rolle, Verv
from medlemmer.forms import MinProfilForm
from medlemmer.models import Medlem
from medlemmer.services import PROFILFELT, medlem_meld_ut, medlem_oppdater, medlem_opprett
from tests.factories import MedlemFactory, VervFactory

pytestmark = pytest.mark.django_db

VALID = {
    "fornavn": "Kari",
    "etternavn": "Nordmann",
    "epost": "Kari.Nordmann@Eksempel.no",
    "telefon": "+47 912 34 567",
    "postnummer": "3550",
    "poststed": "Gol",
    "kjonn": "K",
    "innmeldt": "2026-03-01",
}


def test_admin_creates_a_member(client, admin_user, org):
    client.force_login(admin_user)
    response = client.post("/medlemmer/ny/", {**VALID, "lokallag": org.lag_b.pk})
    medlem = Medlem.objects.get(etternavn="Nordmann")
    assert response.status_code == 302
    assert response["Location"] == f"/medlemmer/{medlem.pk}/"
    assert medlem.epost == "kari.nordmann@eksempel.no"
    assert medlem.telefon == "+4791234567"
    assert medlem.lokallag == org.lag_b


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("epost", "ikke-en-epost", "Oppgi en gyldig e-postadresse"),
        ("epost", "LEDER.A@test.no", "Det finnes allerede et medlem med denne e-postadressen."),
        ("telefon", "ring meg", "«ring meg» er ikke et gyldig telefonnummer."),
        ("postnummer", "355", "Postnummeret må ha fire sifre."),
        ("innmeldt", "31.02.2026", "Oppgi en gyldig dato."),
        ("fornavn", "", "Feltet er påkrevet."),
        ("fodselsdato", "2999-01-01", "Fødselsdatoen kan ikke være i fremtiden."),
    ],
)
def test_bad_input_is_refused_at_the_field(
    client, admin_user, leader_a, org, field, value, message
):
    client.force_login(admin_user)
    response = client.post(
        "/medlemmer/ny/",
        {**VALID, "lokallag": org.lag_b.pk, field: value},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Medlem.objects.filter(etternavn="Nordmann").exists()


def test_ending_a_membership_ends_offices_and_access(client, admin_user, org):
    leader = MedlemFactory(lokallag=org.lag_a, innmeldt=datetime.date(2019, 1, 1))
    verv = VervFactory(medlem=leader, enhet=org.lag_a, rolle=Rolle.LEDER)
    client.force_login(admin_user)
    today = timezone.localdate()
    response = client.post(
        f"/medlemmer/{leader.pk}/utmelding/", {"utmeldt": today.isoformat(), "grunn": "Flyttet"}
    )
    assert response.status_code == 302
    leader.refresh_from_db()
    verv.refresh_from_db()
    assert leader.utmeldt == today
    assert leader.utmeldingsgrunn == "Flyttet"
    assert verv.til_dato == today
    assert (
        not Verv.objects.aktive(today + datetime.timedelta(days=1)).filter(medlem=leader).exists()
    )


def test_leaving_before_joining_is_refused(client, admin_user, org):
    medlem = MedlemFactory(lokallag=org.lag_a, innmeldt=datetime.date(2024, 5, 1))
    client.force_login(admin_user)
    response = client.post(f"/medlemmer/{medlem.pk}/utmelding/", {"utmeldt": "2024-04-30"})
    assert response.status_code == 200
    assert "før innmeldingsdatoen" in str(response.context["form"].errors["utmeldt"])
    medlem.refresh_from_db()
    assert medlem.utmeldt is None


def test_member_edits_own_contact_details_only(client, member_user):
    medlem = member_user.medlem
    client.force_login(member_user)
    response = client.post(
        f"/medlemmer/{medlem.pk}/endre/",
        {
            "epost": "mona@ny.no",
            "telefon": "99887766",
            "samtykke_paaminnelser": "on",
            # fields outside the member's form are ignored
            "lokallag": "999",
            "fornavn": "Hacket",
        },
    )
    assert response.status_code == 302
    medlem.refresh_from_db()
    assert (medlem.epost, medlem.telefon, medlem.samtykke_paaminnelser) == (
        "mona@ny.no",
        "+4799887766",
        True,
    )
    assert medlem.fornavn == "Mona"


def test_member_cannot_edit_another_member(client, member_user, org):
    other = MedlemFactory(lokallag=org.lag_a)
    client.force_login(member_user)
    assert client.get(f"/medlemmer/{other.pk}/endre/").status_code == 404


def test_member_page_lists_the_members_activities(client, org, leader_a, member_user):
    from aktiviteter.aktivitet.models import Deltakelse
    from tests.factories import AktivitetFactory

    medlem = member_user.medlem
    own = AktivitetFactory(enhet=org.lag_a, tittel="Medlemsmøte i Drammen")
    other = AktivitetFactory(enhet=org.lag_b, tittel="Styremøte i Gol")
    Deltakelse.objects.create(aktivitet=own, medlem=medlem)
    Deltakelse.objects.create(aktivitet=other, medlem=medlem)
    client.force_login(leader_a)
    body = client.get(f"/medlemmer/{medlem.pk}/").content.decode()
    assert "Medlemsmøte i Drammen" in body
    assert "Styremøte i Gol" not in body  # another chapter's internal meeting
    client.force_login(member_user)
    body = client.get(f"/medlemmer/{medlem.pk}/").content.decode()
    assert "Medlemsmøte i Drammen" in body and "Styremøte i Gol" in body


def test_an_ended_membership_cannot_be_ended_again_by_a_crafted_post(client, admin_user, org):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0), tick=False):
        medlem = MedlemFactory(
            lokallag=org.lag_a,
            innmeldt=datetime.date(2019, 1, 1),
            utmeldt=datetime.date(2026, 3, 1),
            utmeldingsgrunn="Flyttet",
        )
        client.force_login(admin_user)
        page = client.get(medlem.get_absolute_url()).content.decode()
        assert f"/medlemmer/{medlem.pk}/utmelding/" not in page  # the button is hidden
        response = client.post(
            f"/medlemmer/{medlem.pk}/utmelding/", {"utmeldt": "2026-11-30", "grunn": "Annet"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["utmeldt"] == [
            "Medlemmet er allerede meldt ut (01.03.2026)."
        ]
        medlem.refresh_from_db()
        assert (medlem.utmeldt, medlem.utmeldingsgrunn) == (datetime.date(2026, 3, 1), "Flyttet")


def test_only_an_admin_ends_a_membership_in_the_service(org, leader_a):
    medlem = MedlemFactory(lokallag=org.lag_a, innmeldt=datetime.date(2019, 1, 1))
    with pytest.raises(PermissionDenied):
        medlem_meld_ut(medlem=medlem, dato=timezone.localdate(), grunn="", av=leader_a)
    medlem.refresh_from_db()
    assert medlem.utmeldt is None


def test_the_member_services_enforce_who_may_change_what(org, leader_a, member_user):
    assert set(MinProfilForm.Meta.fields) == PROFILFELT  # the form and the rule agree
    own = member_user.medlem
    other = MedlemFactory(lokallag=org.lag_a, fornavn="Ola")
    with pytest.raises(PermissionDenied):
        medlem_opprett(data={**VALID, "lokallag": org.lag_a}, av=leader_a)
    with pytest.raises(PermissionDenied):
        medlem_oppdater(medlem=other, data={"fornavn": "Hacket"}, av=leader_a)
    with pytest.raises(PermissionDenied):
        medlem_oppdater(medlem=own, data={"fornavn": "Hacket"}, av=member_user)
    medlem_oppdater(medlem=own, data={"poststed": "Gol"}, av=member_user)
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.fornavn, own.poststed, other.fornavn) == ("Mona", "Gol", "Ola")
    assert not Medlem.objects.filter(fornavn="Kari").exists()
