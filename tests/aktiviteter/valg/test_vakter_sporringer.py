"""The stand page's query count, flat with more shifts and names. (Who gets what on the
stand rosters' URLs is in the permission matrix, ``tests/test_permissions.py``.)"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from aktiviteter.valg.models import Vakt, Vaktpamelding
from tests.aktiviteter.rhythm import at
from tests.factories import AktivitetFactory, MedlemFactory


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at(2027, 8, 18, 12, 0), tick=False):
        yield


def test_vaktlisten_spor_like_mange_ganger(client, org, leader_a, django_assert_max_num_queries):
    stand = AktivitetFactory(
        type="stand", enhet=org.lag_a, dato=datetime.date(2027, 8, 20), status="planlagt"
    )
    Vakt.objects.create(aktivitet=stand, start=datetime.time(9), slutt=datetime.time(10), plasser=9)
    client.force_login(leader_a)
    url = reverse("valg:stand", args=[stand.pk])
    with django_assert_max_num_queries(40) as before:
        client.get(url)
    for hour in (10, 12, 14):
        vakt = Vakt.objects.create(
            aktivitet=stand, start=datetime.time(hour), slutt=datetime.time(hour + 2), plasser=5
        )
        for _ in range(3):
            Vaktpamelding.objects.create(vakt=vakt, medlem=MedlemFactory(lokallag=org.lag_a))
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Fjern") >= 9
