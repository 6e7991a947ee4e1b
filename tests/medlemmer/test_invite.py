import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db


def test_admin_invites_a_member_who_sets_a_password_and_logs_in(
    client, admin_user, org, mailoutbox, django_capture_on_commit_callbacks
):
    medlem = MedlemFactory(lokallag=org.lag_a, epost="ny.bruker@test.no", fornavn="Nora")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/medlemmer/{medlem.pk}/inviter/")
    assert response.status_code == 302
    medlem.refresh_from_db()
    assert medlem.bruker.email == "ny.bruker@test.no"
    assert not medlem.bruker.has_usable_password()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ny.bruker@test.no"]
    assert "Hei Nora" in mail.body
    assert mail.alternatives[0].mimetype == "text/html"
    path = re.search(r"http://[^/]+(/konto/password/reset/key/\S+)", mail.body).group(1)

    client.logout()
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_url, {"password1": "et-godt-langt-passord-9", "password2": "et-godt-langt-passord-9"}
    )
    assert response.status_code == 302
    assert client.login(email="ny.bruker@test.no", password="et-godt-langt-passord-9")


def test_member_without_email_cannot_be_invited(client, admin_user, org, mailoutbox):
    medlem = MedlemFactory(lokallag=org.lag_a, epost=None)
    client.force_login(admin_user)
    response = client.post(f"/medlemmer/{medlem.pk}/inviter/", follow=True)
    assert "ingen e-postadresse" in response.content.decode()
    assert not get_user_model().objects.filter(medlem=medlem).exists()
    assert mailoutbox == []


def test_only_admins_invite(client, leader_a, org):
    medlem = MedlemFactory(lokallag=org.lag_a)
    client.force_login(leader_a)
    assert client.post(f"/medlemmer/{medlem.pk}/inviter/").status_code == 404
    medlem.refresh_from_db()
    assert medlem.bruker is None


@pytest.mark.parametrize("typed", ["admin@test.no", "Admin@Test.NO"])
def test_inviting_a_member_whose_address_is_another_login_links_nothing(
    client, admin_user, org, mailoutbox, typed
):
    """The member's own profile form sets Medlem.epost (unique among members, but an
    officer's login needs no member row). «Gi innlogging» used to link such a member to the
    account that already had the address, so that the member's erasure would delete that
    login. It is refused with a message instead."""
    medlem = MedlemFactory(lokallag=org.lag_b, epost=typed, fornavn="Lure")
    client.force_login(admin_user)
    response = client.post(f"/medlemmer/{medlem.pk}/inviter/", follow=True)
    assert "brukes allerede av en annen innlogging" in response.content.decode()
    medlem.refresh_from_db()
    assert medlem.bruker is None
    assert not hasattr(get_user_model().objects.get(pk=admin_user.pk), "medlem")
    assert mailoutbox == []


def test_a_member_changing_their_own_address_changes_no_login(client, member_user, admin_user):
    client.force_login(member_user)
    medlem = member_user.medlem
    response = client.post(f"/medlemmer/{medlem.pk}/endre/", {"epost": "admin@test.no"})
    assert response.status_code == 302
    member_user.refresh_from_db()
    admin_user.refresh_from_db()
    assert (member_user.email, admin_user.email) == ("medlem@test.no", "admin@test.no")
    client.logout()
    assert (
        client.post(
            "/konto/login/", {"login": "admin@test.no", "password": "feil-passord"}
        ).status_code
        == 200
    )
    assert "_auth_user_id" not in client.session
