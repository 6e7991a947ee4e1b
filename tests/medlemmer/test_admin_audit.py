"""Member data in Django's admin is audited like in the portal's member pages."""

import pytest

from buskerud_sp.core.models import AuditAction, AuditEntry
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db


def _entries(action):
    return AuditEntry.objects.filter(action=action).order_by("id")


def test_the_admin_member_list_with_search_writes_one_entry(client, org, admin_user):
    MedlemFactory(lokallag=org.lag_a, fornavn="Sigrid", etternavn="Søkesen")
    MedlemFactory.create_batch(2, lokallag=org.lag_b)
    client.force_login(admin_user)
    AuditEntry.objects.all().delete()
    response = client.get(f"/admin/medlemmer/medlem/?q=Søkesen&lokallag__id__exact={org.lag_a.pk}")
    assert response.status_code == 200
    entry = _entries(AuditAction.VIEW_LIST).get()
    assert entry.data["filter"]["q"] == "Søkesen"
    assert entry.data["filter"]["lokallag__id__exact"] == str(org.lag_a.pk)
    assert entry.data["antall"] == 1
    assert entry.actor_label == "admin@test.no"
    assert entry.ip == "127.0.0.1"


def test_the_admin_change_page_writes_a_view_entry(client, org, admin_user):
    medlem = MedlemFactory(lokallag=org.lag_a)
    client.force_login(admin_user)
    AuditEntry.objects.all().delete()
    assert client.get(f"/admin/medlemmer/medlem/{medlem.pk}/change/").status_code == 200
    entry = _entries(AuditAction.VIEW).get()
    assert entry.medlem_id == medlem.pk
    assert entry.object_id == str(medlem.pk)


def test_the_admin_history_page_writes_a_view_entry(client, org, admin_user):
    medlem = MedlemFactory(lokallag=org.lag_a)
    client.force_login(admin_user)
    AuditEntry.objects.all().delete()
    assert client.get(f"/admin/medlemmer/medlem/{medlem.pk}/history/").status_code == 200
    assert _entries(AuditAction.VIEW).get().medlem_id == medlem.pk


def test_a_missing_member_writes_no_view_entry(client, org, admin_user):
    client.force_login(admin_user)
    AuditEntry.objects.all().delete()
    client.get("/admin/medlemmer/medlem/999999/change/")
    assert not _entries(AuditAction.VIEW).exists()


def test_a_change_in_the_admin_writes_an_update_entry_with_the_fields(client, org, admin_user):
    medlem = MedlemFactory(lokallag=org.lag_a, telefon="91234567")
    client.force_login(admin_user)
    page = client.get(f"/admin/medlemmer/medlem/{medlem.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        {
            "lokallag": org.lag_a.pk,
            "telefon": "98765432",
            "innmeldt": "2020-01-01",
            "fodselsdato": "1970-01-01",
        }
    )
    for name in ("folkevalgt", "senterungdommen", "senterkvinnene", "samtykke_paaminnelser"):
        if not data.get(name):
            data.pop(name, None)
    data.pop("samtykke_arkiv", None)
    AuditEntry.objects.all().delete()
    response = client.post(f"/admin/medlemmer/medlem/{medlem.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    medlem.refresh_from_db()
    assert medlem.telefon == "+4798765432"  # the admin form stores E.164 like the portal
    entry = _entries(AuditAction.UPDATE).get()
    assert entry.medlem_id == medlem.pk
    assert "telefon" in entry.data["felt"]


def test_a_deletion_in_the_admin_writes_a_delete_entry(client, org, admin_user):
    medlem = MedlemFactory(lokallag=org.lag_a)
    client.force_login(admin_user)
    AuditEntry.objects.all().delete()
    response = client.post(f"/admin/medlemmer/medlem/{medlem.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _entries(AuditAction.DELETE).get().medlem_id == medlem.pk


def test_the_admin_member_picker_writes_a_list_entry(client, org, admin_user):
    MedlemFactory(lokallag=org.lag_a, etternavn="Plukkesen")
    client.force_login(admin_user)
    AuditEntry.objects.all().delete()
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "Plukkesen",
            "app_label": "medlemmer",
            "model_name": "medlem",
            "field_name": "vervet_av",
        },
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
    entry = _entries(AuditAction.VIEW_LIST).get()
    assert entry.data["filter"] == {"admin": "autocomplete", "q": "Plukkesen"}
    assert entry.data["antall"] == 1


@pytest.mark.parametrize("typed", ["959 42 026", "+47 959 42 026", "95942026"])
def test_the_admin_search_finds_a_phone_as_people_type_it(client, org, admin_user, typed):
    """Phones are stored as E.164 («+4795942026»); the admin's search finds them the way the
    portal's member search does."""
    MedlemFactory(lokallag=org.lag_a, fornavn="Tora", etternavn="Telefon", telefon="+4795942026")
    MedlemFactory(lokallag=org.lag_a, fornavn="Annen", telefon="+4791234567")
    client.force_login(admin_user)
    response = client.get("/admin/medlemmer/medlem/", {"q": typed})
    assert response.status_code == 200
    assert [m.fornavn for m in response.context_data["cl"].result_list] == ["Tora"]


# --- Other admin pages that name members ----------------------------------------------------


def test_the_admin_office_list_and_office_page_are_audited(client, org, admin_user, leader_a):
    """Verv lists members by name (who holds which office): audited like the member list."""
    from lokallag.models import Verv

    verv = Verv.objects.get(medlem=leader_a.medlem)
    client.force_login(admin_user)
    AuditEntry.objects.all().delete()
    assert client.get("/admin/lokallag/verv/?q=Drammensen").status_code == 200
    entry = _entries(AuditAction.VIEW_LIST).get()
    assert (entry.data["filter"]["admin"], entry.data["filter"]["q"]) == ("verv", "Drammensen")
    assert entry.data["antall"] == 1
    assert client.get(f"/admin/lokallag/verv/{verv.pk}/change/").status_code == 200
    assert _entries(AuditAction.VIEW).get().medlem_id == leader_a.medlem.pk


def test_the_admin_has_no_page_for_allauths_email_addresses(client, org, admin_user):
    """Login addresses change only through the verified step of /konto/email/ (or the
    user's own row in the admin); allauth's address list would let anyone with admin access
    mark an address verified and primary for any account, unaudited."""
    client.force_login(admin_user)
    assert client.get("/admin/account/emailaddress/").status_code == 404


def test_the_admin_index_shows_no_recent_actions_naming_members(client, org, admin_user):
    """The «recent actions» box listed changed members by name on every visit to /admin/,
    without an audit entry."""
    medlem = MedlemFactory(lokallag=org.lag_a, fornavn="Ragnhild", etternavn="Nylig")
    from django.contrib.admin.models import CHANGE, LogEntry

    client.force_login(admin_user)
    LogEntry.objects.log_actions(
        user_id=admin_user.pk, queryset=[medlem], action_flag=CHANGE, change_message="endret"
    )
    html = client.get("/admin/").content.decode()
    assert "Ragnhild" not in html and "Nylig" not in html


def _user_form_data(client, user) -> dict:
    form = client.get(f"/admin/buskerud_sp/user/{user.pk}/change/").context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields and name != "password"
    }
    for name in ("is_active", "is_staff", "is_superuser"):
        if not data.get(name):
            data.pop(name, None)
    joined = user.date_joined
    data.update(date_joined_0=f"{joined:%Y-%m-%d}", date_joined_1=f"{joined:%H:%M:%S}")
    data.pop("date_joined", None)
    data.pop("last_login", None)
    return data


def test_a_login_address_changed_in_the_admin_is_audited(client, org, admin_user, member_user):
    client.force_login(admin_user)
    data = _user_form_data(client, member_user) | {"email": "mona@ny.no"}
    AuditEntry.objects.all().delete()
    response = client.post(f"/admin/buskerud_sp/user/{member_user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = _entries(AuditAction.UPDATE).get()
    assert (entry.data["fra"], entry.data["til"]) == ("medlem@test.no", "mona@ny.no")
    assert entry.medlem_id == member_user.medlem.pk
    assert entry.object_id == str(member_user.pk)


def test_a_password_set_in_the_admin_is_audited(client, org, admin_user, member_user):
    client.force_login(admin_user)
    AuditEntry.objects.all().delete()
    new = "et-nytt-langt-passord-77"
    response = client.post(
        f"/admin/buskerud_sp/user/{member_user.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    entry = _entries(AuditAction.UPDATE).get()
    assert entry.data == {"endring": "passord satt i administrasjonen"}
    assert entry.actor_id == admin_user.pk and entry.medlem_id == member_user.medlem.pk
