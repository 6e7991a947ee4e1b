"""With the database unreachable, pages fail fast with a styled 503, not a stack trace."""

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request

from tests.portal.test_settings import PRODUCTION_ENV
from tests.services import ROOT, wait_for

# A session key of valid form: looking it up needs the database.
SESSION_COOKIE = "sessionid=abcdefgh12345678abcdefgh12345678"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_database_gives_a_styled_503():
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(PRODUCTION_ENV)
    env.update(
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/utilgjengelig",  # nothing listens there
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    # The production server with the production settings (and gunicorn.conf.py).
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "buskerud_sp.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def fetch():
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/medlemmer/", headers={"Cookie": SESSION_COOKIE}
        )
        try:
            urllib.request.urlopen(request, timeout=10)  # noqa: S310 (local test server)
        except urllib.error.HTTPError as error:
            return (error,)  # a tuple: an HTTPError itself may be falsy
        except OSError:
            return None  # not listening yet
        return None

    try:
        (error,) = wait_for(fetch, timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert error.code == 503
    assert error.headers["Retry-After"] == "30"
    body = error.read().decode()
    assert "midlertidig utilgjengelig" in body
    assert "OperationalError" not in body and "Traceback" not in body
