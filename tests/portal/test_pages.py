import pytest
from django.test import override_settings
from django.urls import path

from buskerud_sp.urls import urlpatterns as portal_urls


def boom(request):
    raise RuntimeError("hemmelig stakkspor")


urlpatterns = [*portal_urls, path("boom/", boom)]


@pytest.mark.django_db
def test_unknown_url_gives_a_styled_norwegian_404(client, leader_a):
    client.force_login(leader_a)
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()
    assert 'lang="nb"' in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_is_styled_without_stack_trace(client, leader_a):
    client.raise_request_exception = False
    client.force_login(leader_a)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Noe gikk galt" in body
    assert "hemmelig stakkspor" not in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/medlemmer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


@pytest.mark.django_db
def test_pages_carry_csp_without_unsafe_inline(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.django_db
def test_self_signup_is_closed(client):
    response = client.post(
        "/konto/signup/",
        {"email": "ny@test.no", "password1": "langt-passord-123", "password2": "langt-passord-123"},
    )
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="ny@test.no").exists()
    assert response.status_code in (200, 403)
