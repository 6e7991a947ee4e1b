"""The campaign plan's forms fuzzed as in tests/test_hostile_input.py: no 500, and a form shown
again stored nothing."""

from __future__ import annotations

import pytest

from aktiviteter.valg.models import Maalart
from tests.test_hostile_input import fuzz_form

from .conftest import maal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uninstrumented_templates")]


def test_the_plan_form(client, valg, admin_user):
    client.force_login(admin_user)
    assert 200 in fuzz_form(client, f"/valg/{valg.pk}/plan/")


def test_the_goal_form(client, valg, org, admin_user):
    goal = maal(valg, org.lag_b, Maalart.STAND, 3, 14)
    client.force_login(admin_user)
    fuzz_form(client, f"/valg/{valg.pk}/plan/{goal.pk}/endre/")


def test_the_election_form(client, valg, admin_user):
    client.force_login(admin_user)
    fuzz_form(client, "/valg/nytt/")
