"""No personal data in the application's logs."""

import logging

import pytest

from tests.conftest import PASSWORD
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db


def test_logging_in_and_viewing_members_logs_no_personal_data(client, caplog, org, leader_a):
    caplog.set_level(logging.DEBUG)
    medlem = MedlemFactory(
        lokallag=org.lag_a,
        fornavn="Ragnhild",
        etternavn="Sjeldenheim",
        epost="ragnhild@sjelden.no",
        telefon="98765432",
    )
    client.post("/konto/login/", {"login": "leder.a@test.no", "password": "feil"})
    client.post("/konto/login/", {"login": "leder.a@test.no", "password": PASSWORD})
    client.get("/medlemmer/?q=Sjeldenheim")
    client.get(f"/medlemmer/{medlem.pk}/")
    client.get("/medlemmer/999999/")  # a 404 is logged as a warning
    log = "\n".join(record.getMessage() for record in caplog.records)
    assert "Not Found" in log  # the capture works
    for secret in ("Ragnhild", "Sjeldenheim", "ragnhild@sjelden.no", "98765432", "leder.a@test.no"):
        assert secret not in log


def test_gunicorn_access_log_leaves_out_query_strings():
    import gunicorn.glogging  # noqa: F401  (the format keys below are gunicorn's)

    from tests.services import ROOT

    namespace: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102
    assert "%(U)s" in namespace["access_log_format"]
    assert "%(r)s" not in namespace["access_log_format"]
    assert "%(q)s" not in namespace["access_log_format"]
