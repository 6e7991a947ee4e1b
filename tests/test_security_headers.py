"""Every HTML page carries the security headers and a CSP without unsafe-inline scripts."""

import pytest
from django.urls import reverse

from tests.test_permissions import MATRIX, data, shared  # noqa: F401  (the matrix's objects)

pytestmark = pytest.mark.django_db


def test_every_page_has_security_headers(client, data):  # noqa: F811
    client.force_login(data["admin"])
    checked = 0
    for name, (kwargs_for, _expected, method) in MATRIX.items():
        if method != "get":
            continue
        response = client.get(reverse(name, kwargs=kwargs_for(data)))
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        checked += 1
        csp = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp, name
        assert "script-src 'self'" in csp, name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        body = response.content.decode()
        assert "<script>" not in body and " onclick=" not in body and "style=" not in body, name
    assert checked >= 8
