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


@pytest.mark.django_db(transaction=True)
@pytest.mark.shared_cache
def test_gunicorn_logs_leave_out_calendar_tokens_and_reset_keys(member_user, tmp_path):
    """The production server (DEBUG off): the access log and Django's own "Not Found" line
    show the paths with the secret replaced. The unsubscribe link of the reminders is one too:
    it never expires, withdraws the member's consent, and its payload (readable without the
    key) names the member who gets the party's reminders."""
    import secrets
    import urllib.error
    import urllib.request

    from aktiviteter.aktivitet.services import kalendernokkel_for
    from aktiviteter.paaminnelser.services.avmelding import avmeldingstoken
    from tests.services import free_port, gunicorn_process, wait_for

    token = kalendernokkel_for(member_user).token
    unknown = secrets.token_urlsafe(32)
    reset_key = f"1-{secrets.token_hex(16)}"
    port = free_port()
    log = tmp_path / "web.log"
    production = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "MFA_ENCRYPTION_KEYS": "Y2ZZ1eVg0lP5o8Jm1a2qv6H3x9r7sKdWn4TbLc0uE_M=",
    }

    def status(path: str) -> int | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None  # not listening yet

    with gunicorn_process(port, log=log, workers=1, **production):
        assert wait_for(lambda: status(f"/kalender/{token}.ics")) == 200
        assert status(f"/kalender/{unknown}.ics") == 404
        assert status(f"/konto/password/reset/key/{reset_key}/") in (200, 302)
        # Signed with the server's SECRET_KEY, so made inside it; a forged one is a 404.
        unsubscribe = avmeldingstoken(member_user.medlem.pk)
        assert status(f"/datoplan/avmelding/{unsubscribe}/") == 404
    text = log.read_text()
    assert '"GET /datoplan/avmelding/[skjult]/ HTTP/1.1" 404' in text
    assert '"GET /kalender/[skjult].ics HTTP/1.1" 200' in text
    assert "Not Found: /kalender/[skjult].ics" in text
    for secret in (token, unknown, reset_key, unsubscribe):
        assert secret not in text
