"""The idle timeout holds with the session saved at most once a minute
(buskerud_sp.middleware.SessionActivityMiddleware): a request refreshes the expiry when the
last refresh is a minute old, a page within the minute writes nothing, and a session idle for
longer than SESSION_COOKIE_AGE is logged out."""

import datetime

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_expiry_moves_on_at_most_once_a_minute(client, board_user):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(board_user)
        assert client.get("/lokallag/").status_code == 200
        first = _expiry(client)
        assert first == START + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)

        clock.shift(30)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/lokallag/").status_code == 200
        writes = [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]
        assert writes == []  # neither the session nor the activity record is written
        assert _expiry(client) == first

        clock.shift(31)
        assert client.get("/lokallag/").status_code == 200
        assert _expiry(client) == first + datetime.timedelta(seconds=61)
        session = UserSession.objects.get(session_key=client.session.session_key)
        assert session.last_seen_at == START + datetime.timedelta(seconds=61)


def test_a_session_idle_for_longer_than_the_timeout_is_logged_out(client, board_user):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(board_user)
        assert client.get("/lokallag/").status_code == 200
        clock.shift(settings.SESSION_COOKIE_AGE - 10)
        assert client.get("/lokallag/").status_code == 200  # active again: the expiry moves
        clock.shift(settings.SESSION_COOKIE_AGE - 10)
        assert client.get("/lokallag/").status_code == 200
        clock.shift(settings.SESSION_COOKIE_AGE + 1)
        response = client.get("/lokallag/")
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
