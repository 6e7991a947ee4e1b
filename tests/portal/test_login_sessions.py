"""The records of a user's sessions (the «Innloggede økter» page) are tidied at each login in
bulk (buskerud_sp.core.sessions): the ended ones go, the live ones stay, and the login costs
the same queries however many sessions the user has (allauth's own receiver checked each
session with queries of its own: bench/RESULTS.md, «Login»)."""

import datetime

import pytest
from allauth.core.internal.sessionkit import get_session_user
from allauth.usersessions.models import UserSession
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buskerud_sp.tasks import clear_sessions
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _log_in(user, number: int) -> Client:
    client = Client(REMOTE_ADDR=f"10.9.0.{number}")
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _key(client: Client) -> str:
    return client.session.session_key


def test_a_login_drops_the_ended_sessions_and_keeps_the_live_ones(board_user):
    expired, deleted, stale, live = (_log_in(board_user, n) for n in range(1, 5))
    Session.objects.filter(session_key=_key(expired)).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    Session.objects.filter(session_key=_key(deleted)).delete()
    store = SessionStore(session_key=_key(stale))
    store[HASH_SESSION_KEY] = "a hash of another password"
    store.save()
    assert UserSession.objects.filter(user=board_user).count() == 4

    newest = _log_in(board_user, 5)

    kept = set(UserSession.objects.filter(user=board_user).values_list("session_key", flat=True))
    assert kept == {_key(live), _key(newest)}
    # allauth's own test agrees: every kept record is a live session of the user's.
    for record in UserSession.objects.filter(user=board_user):
        assert record.exists()
        assert get_session_user(SessionStore(session_key=record.session_key)) == board_user


def test_the_other_users_sessions_are_left_alone(board_user, admin_user):
    other = _log_in(admin_user, 1)
    Session.objects.filter(session_key=_key(other)).delete()
    _log_in(board_user, 2)
    assert UserSession.objects.filter(user=admin_user).count() == 1  # not the login's to tidy


def _queries_of_a_login(user, earlier: int) -> int:
    for number in range(earlier):
        _log_in(user, 10 + number)
    client = Client(REMOTE_ADDR="10.9.1.1")
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return len(queries)


def test_a_login_costs_the_same_queries_however_many_sessions_the_user_has(board_user):
    with_two = _queries_of_a_login(board_user, 2)
    UserSession.objects.all().delete()
    Session.objects.all().delete()
    assert _queries_of_a_login(board_user, 12) == with_two


def test_the_daily_job_deletes_expired_sessions_and_the_records_of_ended_ones(
    board_user, admin_user
):
    expired, ended, live = _log_in(board_user, 1), _log_in(board_user, 2), _log_in(admin_user, 3)
    Session.objects.filter(session_key=_key(expired)).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    Session.objects.filter(session_key=_key(ended)).delete()  # e.g. an erased member's

    assert clear_sessions() == {"utlopte_okter": 1, "oktposter": 2}

    assert list(Session.objects.values_list("session_key", flat=True)) == [_key(live)]
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [_key(live)]
    assert live.get("/lokallag/").status_code == 200  # still logged in
    assert clear_sessions() == {"utlopte_okter": 0, "oktposter": 0}
