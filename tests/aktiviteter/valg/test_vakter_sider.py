"""The stand rosters' pages: the leader's roster (names only to who may see them, gaps),
shifts added, refused at the field, changed and deleted, sign-ups removed and added; the
election's stands with the «mangler folk» filter; the member's own page with «Ta vakten»; the
link from the activity's page and the member's own page; query counts that do not grow."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from aktiviteter.valg.models import Vakt, Vaktpamelding, Valg
from aktiviteter.valg.services import vakter as service
from buskerud_sp.core.models import AuditEntry
from tests.aktiviteter.rhythm import at
from tests.factories import AktivitetFactory, MedlemFactory

DAG = datetime.date(2027, 8, 20)
NOW = at(2027, 8, 19, 12, 0)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _stand(enhet, **kw):
    kw.setdefault("dato", DAG)
    kw.setdefault("tittel", "Stand på torget")
    return AktivitetFactory(type="stand", enhet=enhet, status="planlagt", **kw)


def _vakt(stand, plasser=2, start=datetime.time(10), slutt=datetime.time(12)):
    return Vakt.objects.create(aktivitet=stand, start=start, slutt=slutt, plasser=plasser)


def test_lederen_ser_vaktlisten_med_navn_og_hull(client, org, leader_a):
    stand = _stand(org.lag_a)
    vakt = _vakt(stand, plasser=3)
    service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a, fornavn="Kari", etternavn="Vakt"))
    client.force_login(leader_a)
    response = client.get(reverse("valg:stand", args=[stand.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kari Vakt" in text
    assert "mangler 2" in text


def test_annet_lags_leder_ser_ikke_standen(client, org, leader_b, member_user):
    stand = _stand(org.lag_a)
    for user in (leader_b, member_user):
        client.force_login(user)
        assert client.get(reverse("valg:stand", args=[stand.pk])).status_code == 404


def test_fylkesstand_viser_bare_navn_fra_eget_lag(client, org, leader_b):
    stand = _stand(org.fylke)
    vakt = _vakt(stand)
    service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a, fornavn="Anne", etternavn="Alen"))
    service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_b, fornavn="Bodil", etternavn="Bø"))
    client.force_login(leader_b)
    response = client.get(reverse("valg:stand", args=[stand.pk]))
    text = response.content.decode()
    assert "Bodil Bø" in text
    assert "Anne Alen" not in text
    assert "1 fra et annet lag" in text
    assert not response.context["kan_styre"]
    assert client.get(reverse("valg:vakt_ny", args=[stand.pk])).status_code == 404


def test_ny_vakt_og_slutt_for_start_ved_feltet(client, org, leader_a):
    stand = _stand(org.lag_a)
    client.force_login(leader_a)
    url = reverse("valg:vakt_ny", args=[stand.pk])
    response = client.post(url, {"start": "12:00", "slutt": "10:00", "plasser": "2"})
    assert response.status_code == 200
    assert response.context["form"].errors["slutt"] == ["Vakten må slutte etter at den begynner."]
    assert not Vakt.objects.exists()
    response = client.post(
        url, {"start": "10:00", "slutt": "12:00", "plasser": "2", "oppgave": "rigge opp"}
    )
    assert response.status_code == 302
    assert Vakt.objects.get().oppgave == "rigge opp"


def test_endre_vakt_ikke_under_pameldte(client, org, leader_a):
    stand = _stand(org.lag_a)
    vakt = _vakt(stand, plasser=2)
    service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a))
    service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a))
    client.force_login(leader_a)
    url = reverse("valg:vakt_endre", args=[stand.pk, vakt.pk])
    response = client.post(url, {"start": "10:00", "slutt": "12:00", "plasser": "1"})
    assert response.status_code == 200
    assert "plasser" in response.context["form"].errors
    vakt.refresh_from_db()
    assert vakt.plasser == 2
    response = client.post(url, {"start": "09:00", "slutt": "12:00", "plasser": "4"})
    assert response.status_code == 302
    vakt.refresh_from_db()
    assert (vakt.start, vakt.plasser) == (datetime.time(9), 4)


def test_slett_fjern_og_legg_til(client, org, leader_a):
    stand = _stand(org.lag_a)
    vakt = _vakt(stand, plasser=1)
    tom = _vakt(stand, start=datetime.time(13), slutt=datetime.time(15))
    medlem = MedlemFactory(lokallag=org.lag_a)
    pamelding = service.ta_vakt(vakt, medlem)
    client.force_login(leader_a)
    client.post(reverse("valg:vakt_slett", args=[stand.pk, vakt.pk]))
    assert Vakt.objects.filter(pk=vakt.pk).exists()
    client.post(reverse("valg:vakt_slett", args=[stand.pk, tom.pk]))
    assert not Vakt.objects.filter(pk=tom.pk).exists()
    client.post(reverse("valg:pamelding_fjern", args=[stand.pk, pamelding.pk]))
    assert not Vaktpamelding.objects.exists()
    assert AuditEntry.objects.filter(medlem_id=medlem.pk, action="delete").exists()
    annen = MedlemFactory(lokallag=org.lag_b)
    client.post(
        reverse("valg:stand_legg_til", args=[stand.pk]), {"vakt": vakt.pk, "medlem": annen.pk}
    )
    assert not Vaktpamelding.objects.exists()
    client.post(
        reverse("valg:stand_legg_til", args=[stand.pk]), {"vakt": vakt.pk, "medlem": medlem.pk}
    )
    assert Vaktpamelding.objects.get().kilde == "leder"


def test_valgets_stands_med_filter(client, org, leader_a, django_assert_max_num_queries):
    valg = Valg.objects.create(
        type="kommune_fylke",
        dato=datetime.date(2027, 9, 13),
        kampanjestart=datetime.date(2027, 8, 1),
    )
    full = _stand(org.lag_a, tittel="Full stand")
    service.ta_vakt(_vakt(full, plasser=1), MedlemFactory(lokallag=org.lag_a))
    _vakt(_stand(org.lag_a, tittel="Tom stand"))
    _stand(org.lag_a, tittel="Før valgkampen", dato=datetime.date(2027, 6, 1))
    client.force_login(leader_a)
    url = reverse("valg:vakter", args=[valg.pk])
    text = client.get(url).content.decode()
    assert "Full stand" in text and "Tom stand" in text and "Før valgkampen" not in text
    text = client.get(url + "?mangler=1").content.decode()
    assert "Tom stand" in text and "Full stand" not in text
    with django_assert_max_num_queries(40) as before:
        client.get(url)
    for _ in range(3):
        _vakt(_stand(org.lag_a))
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_medlem_tar_og_gir_fra_seg_vakt_i_portalen(client, org, member_user):
    stand = _stand(org.lag_a)
    vakt = _vakt(stand, plasser=1)
    annet_lag = _vakt(_stand(org.lag_b, tittel="Gol-standen"))
    client.force_login(member_user)
    text = client.get(reverse("valg:mine_vakter")).content.decode()
    assert "Stand på torget" in text and "Gol-standen" not in text
    response = client.post(reverse("valg:ta_vakt", args=[vakt.pk]), follow=True)
    assert "Du har tatt vakten" in response.content.decode()
    assert Vaktpamelding.objects.filter(vakt=vakt).count() == 1
    assert client.post(reverse("valg:ta_vakt", args=[annet_lag.pk])).status_code == 404
    medlem_side = client.get(member_user.medlem.get_absolute_url()).content.decode()
    assert "Dine vakter" in medlem_side
    client.post(reverse("valg:gi_fra_vakt", args=[vakt.pk]))
    assert not Vaktpamelding.objects.exists()


def test_full_vakt_i_portalen(client, org, member_user):
    vakt = _vakt(_stand(org.lag_a), plasser=1)
    service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a))
    client.force_login(member_user)
    response = client.post(reverse("valg:ta_vakt", args=[vakt.pk]), follow=True)
    assert "Vakten er full." in response.content.decode()
    assert Vaktpamelding.objects.filter(vakt=vakt).count() == 1


def test_mine_vakter_spor_like_mange_ganger(
    client, org, member_user, django_assert_max_num_queries
):
    _vakt(_stand(org.lag_a))
    client.force_login(member_user)
    url = reverse("valg:mine_vakter")
    with django_assert_max_num_queries(40) as before:
        client.get(url)
    for _ in range(3):
        s = _stand(org.lag_a)
        _vakt(s)
        service.ta_vakt(
            _vakt(s, start=datetime.time(14), slutt=datetime.time(16)), member_user.medlem
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_aktivitetens_side_lenker_til_vaktlisten(client, org, leader_a):
    stand = _stand(org.lag_a)
    _vakt(stand)
    client.force_login(leader_a)
    text = client.get(stand.get_absolute_url()).content.decode()
    assert reverse("valg:stand", args=[stand.pk]) in text
    assert "mangler 2" in text
