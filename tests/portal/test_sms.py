"""SMS backends, chosen by ``SMS_BACKEND`` like Django's mail backends: console and file for
development, locmem for tests, and Sveve (a Norwegian provider's HTTP API) in production,
tested against a local HTTP server that answers as Sveve does."""

import io
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from buskerud_sp.core import sms
from tests.portal.test_settings import manage

PASSWORD = "hemmelig-passord-42"


@pytest.fixture
def smsoutbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


class FakeSveve:
    """A local HTTP server speaking Sveve's SendMessage API: it records each request's
    parameters and answers with ``answer`` (a dict sent as JSON), after ``delay`` seconds."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.answer: dict = {"response": {"msgOkCount": 1, "stdSMSCount": 1, "ids": [123]}}
        self.status = 200
        self.delay = 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode("utf-8")
                fake.requests.append(
                    {
                        "method": "POST",
                        "path": self.path,
                        "content_type": self.headers.get("Content-Type", ""),
                        "params": dict(urllib.parse.parse_qsl(body, strict_parsing=True)),
                    }
                )
                time.sleep(fake.delay)
                payload = json.dumps(fake.answer).encode()
                try:
                    self.send_response(fake.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/SMS/SendMessage"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sveve(settings):
    server = FakeSveve()
    settings.SMS_BACKEND = "buskerud_sp.core.sms.SveveBackend"
    settings.SVEVE_USER = "buskerudsp"
    settings.SVEVE_PASSWORD = PASSWORD
    settings.SVEVE_URL = server.url
    settings.SMS_AVSENDER = "BuskerudSp"
    yield server
    server.close()


# --- Choosing the backend -------------------------------------------------------------------


def test_the_backend_is_the_one_the_setting_names(settings, tmp_path):
    assert isinstance(sms.get_backend(), sms.LocmemBackend)  # the tests' setting
    settings.SMS_BACKEND = "buskerud_sp.core.sms.FileBackend"
    assert isinstance(sms.get_backend(), sms.FileBackend)
    settings.SMS_BACKEND = "buskerud_sp.core.sms.SveveBackend"
    assert isinstance(sms.get_backend(), sms.SveveBackend)
    assert isinstance(sms.get_backend("buskerud_sp.core.sms.ConsoleBackend"), sms.ConsoleBackend)
    settings.SMS_BACKEND = "buskerud_sp.core.sms.Nonsense"
    with pytest.raises(ImproperlyConfigured, match="SMS_BACKEND"):
        sms.get_backend()


PRINT_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.SMS_BACKEND, settings.SVEVE_URL, settings.SMS_AVSENDER)"
)


def test_settings_come_from_the_environment_and_refuse_bad_values(monkeypatch):
    for name in ("SMS_BACKEND", "SVEVE_USER", "SVEVE_PASSWORD", "SVEVE_URL", "SMS_AVSENDER"):
        monkeypatch.delenv(name, raising=False)
    base = {"DJANGO_SETTINGS_MODULE": "buskerud_sp.settings"}
    default = manage("shell", "-c", PRINT_SETTINGS, **base)
    assert default.stdout.splitlines()[-1].split() == [
        "buskerud_sp.core.sms.ConsoleBackend",
        "https://sveve.no/SMS/SendMessage",
        "BuskerudSp",
    ], default.stderr
    sveve = {
        **base,
        "SMS_BACKEND": "buskerud_sp.core.sms.SveveBackend",
        "SVEVE_USER": "bsp",
        "SVEVE_PASSWORD": "x",
        "SMS_AVSENDER": "SpBuskerud",
    }
    chosen = manage("shell", "-c", PRINT_SETTINGS, **sveve)
    assert chosen.stdout.splitlines()[-1].split()[0::2] == [
        "buskerud_sp.core.sms.SveveBackend",
        "SpBuskerud",
    ]
    without_password = manage("check", **{**sveve, "SVEVE_PASSWORD": ""})
    assert without_password.returncode != 0
    assert "SVEVE_PASSWORD" in without_password.stderr
    long_sender = manage("check", **{**base, "SMS_AVSENDER": "Buskerud Senterparti"})
    assert long_sender.returncode != 0 and "SMS_AVSENDER" in long_sender.stderr


# --- Development and test backends ------------------------------------------------------------


def test_console_prints_the_message(settings, capsys):
    settings.SMS_BACKEND = "buskerud_sp.core.sms.ConsoleBackend"
    message_id = sms.send_sms("959 42 026", "Hei på deg")
    out = capsys.readouterr().out
    assert message_id.startswith("console-") and message_id in out
    assert "Til: +4795942026" in out and "Hei på deg" in out and "Fra: BuskerudSp" in out
    stream = io.StringIO()
    sms.ConsoleBackend(stream=stream).send("+4795942026", "Til strømmen")
    assert "Til strømmen" in stream.getvalue()


def test_file_backend_writes_a_file_per_message(settings, tmp_path):
    settings.SMS_BACKEND = "buskerud_sp.core.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    first = sms.send_sms("95942026", "Første")
    second = sms.send_sms("+46 70 123 45 67", "Andre æøå")
    files = sorted((tmp_path / "sms").iterdir())
    assert [f.stem for f in files] == sorted([first, second])
    texts = {f.stem: f.read_text(encoding="utf-8") for f in files}
    assert "Til: +4795942026" in texts[first] and "Første" in texts[first]
    assert "Til: +46701234567" in texts[second] and "Andre æøå" in texts[second]


def test_locmem_keeps_messages_in_the_outbox_with_numbers_in_e164(smsoutbox):
    ids = [sms.send_sms("959 42 026", "En"), sms.send_sms("0047 95942027", "To")]
    assert [(m.to, m.text, m.id) for m in smsoutbox] == [
        ("+4795942026", "En", ids[0]),
        ("+4795942027", "To", ids[1]),
    ]
    assert len(set(ids)) == 2


def test_a_number_that_is_no_number_or_an_empty_text_is_refused(smsoutbox):
    with pytest.raises(sms.SMSError, match="not a valid phone number"):
        sms.send_sms("912 34 56", "Hei")
    with pytest.raises(sms.SMSError, match="no phone number"):
        sms.send_sms("", "Hei")
    with pytest.raises(sms.SMSError, match="empty"):
        sms.send_sms("95942026", "  ")
    assert smsoutbox == []


# --- Sveve, against a local server that speaks its API --------------------------------------


def test_sveve_sends_the_expected_parameters_and_returns_the_message_id(sveve):
    assert sms.send_sms("959 42 026", "Hei Åse! Møte på tirsdag ✓") == "123"
    [request] = sveve.requests
    assert request["method"] == "POST" and request["path"] == "/SMS/SendMessage"
    assert request["content_type"].startswith("application/x-www-form-urlencoded")
    assert request["params"] == {
        "user": "buskerudsp",
        "passwd": PASSWORD,
        "to": "95942026",  # Norwegian numbers as Sveve wants them: eight digits
        "msg": "Hei Åse! Møte på tirsdag ✓",  # UTF-8 both ways
        "from": "BuskerudSp",
        "f": "json",
    }


def test_sveve_gets_foreign_numbers_with_00_and_the_country_code(sveve):
    sveve.answer = {"response": {"msgOkCount": 1, "stdSMSCount": 1, "ids": [987654]}}
    assert sms.send_sms("+46 70 123 45 67", "Hej") == "987654"
    assert sveve.requests[0]["params"]["to"] == "0046701234567"


def test_a_provider_error_raises_without_the_number_or_password(sveve):
    sveve.answer = {
        "response": {
            "msgOkCount": 0,
            "stdSMSCount": 0,
            "errors": [{"number": "95942026", "message": "Ugyldig mobilnummer"}],
        }
    }
    with pytest.raises(sms.SMSError) as error:
        sms.send_sms("95942026", "Hei")
    assert "Ugyldig mobilnummer" in str(error.value)
    assert "95942026" not in str(error.value) and PASSWORD not in str(error.value)


def test_a_wrong_password_raises_a_clear_error_without_the_password(sveve):
    sveve.answer = {"response": {"fatalError": f"Feil brukernavn/passord ({PASSWORD})"}}
    with pytest.raises(sms.SMSError, match="refused the request: Feil brukernavn/passord") as e:
        sms.send_sms("95942026", "Hei")
    assert PASSWORD not in str(e.value)


def test_a_provider_that_does_not_answer_in_time_raises(sveve):
    sveve.delay = 1.5
    backend = sms.SveveBackend(timeout=0.3)
    started = time.monotonic()
    with pytest.raises(sms.SMSError, match=r"did not answer within 0\.3 seconds"):
        backend.send("+4795942026", "Hei")
    assert time.monotonic() - started < 1.4


def test_an_http_error_or_an_answer_that_is_no_json_raises(sveve):
    sveve.status = 500
    with pytest.raises(sms.SMSError, match="HTTP 500"):
        sms.send_sms("95942026", "Hei")
    sveve.status = 200
    sveve.answer = {"something": "else"}
    with pytest.raises(sms.SMSError, match="not the JSON"):
        sms.send_sms("95942026", "Hei")


def test_sveve_without_credentials_sends_nothing(sveve, settings):
    settings.SVEVE_PASSWORD = ""
    with pytest.raises(sms.SMSError, match="SVEVE_USER and SVEVE_PASSWORD"):
        sms.send_sms("95942026", "Hei")
    assert sveve.requests == []


def test_a_closed_port_raises(settings, sveve):
    sveve.close()
    with pytest.raises(sms.SMSError, match="could not be reached"):
        sms.send_sms("95942026", "Hei")


def test_sveve_opens_only_web_urls(settings):
    settings.SVEVE_USER, settings.SVEVE_PASSWORD = "bruker", "hemmelig"
    for url in ("file:///etc/passwd", "ftp://sveve.no/x"):
        settings.SVEVE_URL = url
        with pytest.raises(sms.SMSError, match="https://"):
            sms.SveveBackend()
