"""`make bench` keeps working as the schema grows.

The benchmark loads its synthetic party with COPY and names every column itself
(bench/generate.py); a NOT NULL column added by a later migration broke `make bench` without any
test noticing. Here a tiny party is loaded into the test database (inside the test's
transaction) and every page bench/pages.py measures must answer on it for its login.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count

from lokallag.models import Lokallag

BENCH = Path(__file__).resolve().parent.parent / "bench"

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench():
    sys.path.insert(0, str(BENCH))
    try:
        import generate
        import pages

        yield generate, pages
    finally:
        sys.path.remove(str(BENCH))


def test_the_synthetic_party_loads_and_every_measured_page_answers(bench, client):
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark loads with PostgreSQL's COPY (CI runs the suite on PostgreSQL)")
    generate, pages = bench
    loader = generate.load(0.0005, log=lambda _line: None)
    assert loader.counts["medlemmer_medlem"] == 50
    assert loader.counts["aktiviteter_aktivitet"] > 500
    biggest = Lokallag.objects.lokallag().annotate(n=Count("medlemmer")).order_by("-n").first().slug
    users = get_user_model().objects
    for name, url, email in pages.pages_for(biggest):
        client.force_login(users.get(email=email))
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
