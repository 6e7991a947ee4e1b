"""New members: the recruiter chosen by name on the member form, and a chapter officer's
proposal of a new member that an admin confirms against the national register or rejects."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from buskerud_sp.core.models import AuditEntry
from medlemmer.forslag.services import forslag_godkjenn, forslag_opprett
from medlemmer.models import Forslagsstatus, Innmeldingsforslag, Medlem
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db

D = datetime.date


# --- The recruiter by name ------------------------------------------------------------------


def test_the_member_form_offers_the_recruiter_by_name(client, admin_user, org):
    recruiter = MedlemFactory(lokallag=org.lag_b, fornavn="Vera", etternavn="Verversen")
    medlem = MedlemFactory(lokallag=org.lag_b)
    client.force_login(admin_user)
    page = client.get(reverse("medlemmer:edit", args=[medlem.pk])).content.decode()
    assert "Medlems-ID" not in page
    assert 'name="vervet_av"' in page and "data-member-select" in page
    assert f'<option value="{recruiter.pk}">Vera Verversen (Gol Senterparti)</option>' in page
    assert f'<option value="{medlem.pk}">{medlem.navn}' not in page  # not themself


def test_the_recruiter_chosen_by_name_is_saved_and_self_is_refused(client, admin_user, org):
    recruiter = MedlemFactory(lokallag=org.lag_a, fornavn="Vera")  # another chapter: searched
    medlem = MedlemFactory(lokallag=org.lag_b, innmeldt=D(2026, 11, 1))
    client.force_login(admin_user)
    url = reverse("medlemmer:edit", args=[medlem.pk])
    data = {
        "fornavn": medlem.fornavn,
        "etternavn": medlem.etternavn,
        "epost": medlem.epost,
        "kjonn": medlem.kjonn,
        "lokallag": org.lag_b.pk,
        "innmeldt": "2026-11-01",
        "vervet_av": recruiter.pk,
    }
    assert client.post(url, data).status_code == 302
    medlem.refresh_from_db()
    assert medlem.vervet_av == recruiter
    response = client.post(url, {**data, "vervet_av": medlem.pk})
    assert "Et medlem kan ikke ha vervet seg selv." in response.content.decode()
    medlem.refresh_from_db()
    assert medlem.vervet_av == recruiter


# --- Proposals ------------------------------------------------------------------------------


@pytest.fixture
def verver_b(org):
    return MedlemFactory(lokallag=org.lag_b, fornavn="Vera", etternavn="Verversen")


def propose(client, **fields):
    data = {"lokallag": "", "fornavn": "Nils", "etternavn": "Nysen", "epost": "nils@nysen.no"}
    return client.post(reverse("medlemmer:forslag_create"), {**data, **fields})


def test_an_officer_proposes_a_member_to_their_chapter(client, leader_b, org, verver_b):
    client.force_login(leader_b)
    page = client.get(reverse("medlemmer:forslag_create")).content.decode()
    assert f'<option value="{verver_b.pk}">Vera Verversen</option>' in page
    response = propose(
        client,
        lokallag=org.lag_b.pk,
        telefon="959 42 026",
        fodselsdato="1990-05-01",
        vervet_av=verver_b.pk,
        kommentar="Møtte ham på standen",
    )
    forslag = Innmeldingsforslag.objects.get()
    assert response.url == reverse("medlemmer:forslag_detail", args=[forslag.pk])
    assert (forslag.lokallag, forslag.vervet_av, forslag.telefon) == (
        org.lag_b,
        verver_b,
        "+4795942026",
    )
    assert forslag.status == Forslagsstatus.VENTER and forslag.foreslatt_av == leader_b
    assert AuditEntry.objects.filter(object_id=str(forslag.pk), data__handling="foreslatt")
    listing = client.get(reverse("medlemmer:forslag_list")).content.decode()
    assert "Nils Nysen" in listing and "Venter på administrator" in listing


def test_only_officers_of_the_chapter_propose(client, org, leader_a, member_user, board_user):
    client.force_login(leader_a)
    assert client.get(reverse("medlemmer:forslag_create") + "?lag=gol").status_code == 404
    assert client.get(reverse("medlemmer:forslag_create") + "?lag=drammen").status_code == 200
    response = propose(client, lokallag=org.lag_b.pk)  # a crafted POST for another chapter
    assert response.status_code == 200
    assert not Innmeldingsforslag.objects.exists()
    for user in (member_user, board_user):
        client.force_login(user)
        assert client.get(reverse("medlemmer:forslag_create")).status_code == 404
        assert client.get(reverse("medlemmer:forslag_list")).status_code == 404
        assert propose(client, lokallag=org.lag_a.pk).status_code == 404
    assert not Innmeldingsforslag.objects.exists()


def test_the_service_refuses_another_chapter(org, leader_a):
    with pytest.raises(PermissionDenied):
        forslag_opprett(data={"lokallag": org.lag_b, "fornavn": "A", "etternavn": "B"}, av=leader_a)


def test_a_proposal_needs_a_contact_and_a_new_address(client, leader_b, org, verver_b):
    client.force_login(leader_b)
    response = propose(client, lokallag=org.lag_b.pk, epost="", telefon="")
    assert "Oppgi e-postadresse eller telefonnummer" in response.content.decode()
    response = propose(client, lokallag=org.lag_b.pk, epost=verver_b.epost.upper())
    assert "Det finnes allerede et medlem med denne e-postadressen" in response.content.decode()
    other = MedlemFactory(lokallag=org.lag_a)
    response = propose(client, lokallag=org.lag_b.pk, vervet_av=other.pk)
    assert response.status_code == 200  # a recruiter outside the chapter is no choice
    assert not Innmeldingsforslag.objects.exists()


@pytest.fixture
def forslag(org, verver_b, leader_b):
    return Innmeldingsforslag.objects.create(
        lokallag=org.lag_b,
        fornavn="Nils",
        etternavn="Nysen",
        epost="nils@nysen.no",
        telefon="+4795942026",
        fodselsdato=D(1990, 5, 1),
        vervet_av=verver_b,
        foreslatt_av=leader_b,
    )


def test_the_admin_confirms_with_the_register_number(client, admin_user, forslag, verver_b):
    client.force_login(admin_user)
    members = client.get(reverse("medlemmer:list")).content.decode()
    assert "Forslag om nye medlemmer (1)" in members
    url = reverse("medlemmer:forslag_godkjenn", args=[forslag.pk])
    response = client.post(url, {"medlemsnummer": " 123456 ", "innmeldt": "2026-11-28"})
    medlem = Medlem.objects.get(medlemsnummer="123456")
    assert response.url == medlem.get_absolute_url()
    assert (medlem.fornavn, medlem.epost, medlem.telefon, medlem.lokallag_id) == (
        "Nils",
        "nils@nysen.no",
        "+4795942026",
        forslag.lokallag_id,
    )
    assert (medlem.innmeldt, medlem.vervet_av, medlem.fodselsdato) == (
        D(2026, 11, 28),
        verver_b,
        D(1990, 5, 1),
    )
    forslag.refresh_from_db()
    assert forslag.status == Forslagsstatus.GODKJENT and forslag.medlem == medlem
    assert forslag.behandlet_av == admin_user
    assert AuditEntry.objects.filter(action="create", medlem_id=medlem.pk).exists()
    # Confirmed once: a second POST makes no second member.
    response = client.post(url, {"medlemsnummer": "999", "innmeldt": "2026-11-28"})
    assert "allerede behandlet" in response.content.decode()
    assert Medlem.objects.filter(fornavn="Nils").count() == 1


def test_a_register_number_in_use_is_refused(client, admin_user, forslag, org):
    MedlemFactory(lokallag=org.lag_a, medlemsnummer="123456")
    client.force_login(admin_user)
    response = client.post(
        reverse("medlemmer:forslag_godkjenn", args=[forslag.pk]),
        {"medlemsnummer": "123456", "innmeldt": "2026-11-28"},
    )
    assert "Medlemsnummeret er allerede i bruk" in response.content.decode()
    forslag.refresh_from_db()
    assert forslag.status == Forslagsstatus.VENTER
    assert not Medlem.objects.filter(fornavn="Nils").exists()


def test_an_address_taken_since_the_proposal_is_refused(admin_user, forslag, org):
    MedlemFactory(lokallag=org.lag_a, epost="nils@nysen.no")
    with pytest.raises(Exception, match="allerede et medlem med e-postadressen"):
        forslag_godkjenn(
            forslag=forslag, medlemsnummer="1", innmeldt=D(2026, 11, 28), av=admin_user
        )
    assert Innmeldingsforslag.objects.get().status == Forslagsstatus.VENTER


def test_the_admin_rejects_with_a_reason_the_officer_sees(client, admin_user, leader_b, forslag):
    client.force_login(admin_user)
    url = reverse("medlemmer:forslag_avvis", args=[forslag.pk])
    assert client.post(url, {"grunn": "  "}).status_code == 200  # a reason is required
    assert Innmeldingsforslag.objects.get().status == Forslagsstatus.VENTER
    response = client.post(url, {"grunn": "Finnes ikke i medlemsregisteret"})
    assert response.url == reverse("medlemmer:forslag_list")
    forslag.refresh_from_db()
    assert forslag.status == Forslagsstatus.AVVIST and forslag.medlem is None
    client.force_login(leader_b)
    page = client.get(reverse("medlemmer:forslag_detail", args=[forslag.pk])).content.decode()
    assert "Avvist" in page and "Finnes ikke i medlemsregisteret" in page


def test_only_admins_decide(client, forslag, leader_b, leader_a, board_user):
    client.force_login(leader_b)
    page = client.get(reverse("medlemmer:forslag_detail", args=[forslag.pk])).content.decode()
    assert "Registrer som medlem" not in page
    for user in (leader_b, leader_a, board_user):
        client.force_login(user)
        for name in ("medlemmer:forslag_godkjenn", "medlemmer:forslag_avvis"):
            url = reverse(name, args=[forslag.pk])
            data = {"medlemsnummer": "1", "innmeldt": "2026-11-28", "grunn": "x"}
            assert client.post(url, data).status_code == 404
    client.force_login(leader_a)
    assert client.get(reverse("medlemmer:forslag_detail", args=[forslag.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        forslag_godkjenn(forslag=forslag, medlemsnummer="1", innmeldt=D(2026, 11, 28), av=leader_b)
    assert Innmeldingsforslag.objects.get().status == Forslagsstatus.VENTER


def test_the_list_puts_pending_first_and_shows_officers_their_chapter_only(
    client, admin_user, leader_a, forslag, org, django_assert_max_num_queries
):
    done = Innmeldingsforslag.objects.create(
        lokallag=org.lag_a, fornavn="Anna", etternavn="Avgjort", status=Forslagsstatus.AVVIST
    )
    for i in range(10):
        Innmeldingsforslag.objects.create(lokallag=org.lag_a, fornavn=f"Per{i}", etternavn="P")
    client.force_login(admin_user)
    client.get(reverse("medlemmer:forslag_list"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("medlemmer:forslag_list")).content.decode()
    assert page.index("Nils Nysen") < page.index("Anna Avgjort")
    client.force_login(leader_a)
    page = client.get(reverse("medlemmer:forslag_list")).content.decode()
    assert "Anna Avgjort" in page and "Nils Nysen" not in page
    assert done.pk


def test_the_proposal_is_in_the_members_data_and_goes_with_erasure(org, admin_user):
    from medlemmer.innsyn import member_data
    from medlemmer.models import Innmeldingsforslag
    from medlemmer.personvern import medlem_anonymiser
    from tests.factories import MedlemFactory

    medlem = MedlemFactory(lokallag=org.lag_a, fornavn="Nina", etternavn="Ny")
    verver = MedlemFactory(lokallag=org.lag_a)
    Innmeldingsforslag.objects.create(
        lokallag=org.lag_a,
        fornavn="Nina",
        etternavn="Ny",
        epost="nina@test.no",
        medlem=medlem,
        vervet_av=verver,
    )
    assert member_data(medlem)["innmeldingsforslag"][0]["epost"] == "nina@test.no"
    assert member_data(verver)["innmeldingsforslag"] == [
        {"foreslatt": Innmeldingsforslag.objects.get().opprettet, "som_verver": True}
    ]
    medlem_anonymiser(medlem=medlem, av=admin_user)
    assert not Innmeldingsforslag.objects.filter(epost="nina@test.no").exists()
