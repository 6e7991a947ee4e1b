"""The stand rosters' rules: who may take a shift, not after it started, never more sign-ups
than places (also when two sign up at the same time), shifts that end before they begin, and
the public selector without names."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from aktiviteter.valg.models import Pameldingskilde, Vakt, Vaktpamelding
from aktiviteter.valg.selectors.vakter import ledige_plasser
from aktiviteter.valg.services import vakter as service
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditEntry
from tests.factories import AktivitetFactory, MedlemFactory

DAG = datetime.date(2027, 8, 20)
FOR = timezone.make_aware(datetime.datetime(2027, 8, 19, 12, 0))


def _stand(enhet, **kw):
    return AktivitetFactory(type="stand", enhet=enhet, dato=DAG, status="planlagt", **kw)


def _vakt(stand, plasser=2, start=datetime.time(10), slutt=datetime.time(12)):
    return Vakt.objects.create(aktivitet=stand, start=start, slutt=slutt, plasser=plasser)


def test_eget_lag_tar_vakt_og_blir_logget(org):
    vakt = _vakt(_stand(org.lag_a))
    medlem = MedlemFactory(lokallag=org.lag_a)
    with time_machine.travel(FOR, tick=False):
        pamelding = service.ta_vakt(vakt, medlem)
    assert pamelding.vakt == vakt
    assert AuditEntry.objects.filter(medlem_id=medlem.pk, action="create").exists()


def test_annet_lag_kan_ikke_ta_vakt(org):
    vakt = _vakt(_stand(org.lag_a))
    with time_machine.travel(FOR, tick=False), pytest.raises(ValidationError, match="eget"):
        service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_b))
    assert not Vaktpamelding.objects.exists()


def test_fylkesstand_er_aapen_for_alle_lag(org):
    vakt = _vakt(_stand(org.fylke))
    with time_machine.travel(FOR, tick=False):
        service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a))
        service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_b))
    assert vakt.pameldinger.count() == 2


def test_utmeldt_medlem_kan_ikke_ta_vakt(org):
    vakt = _vakt(_stand(org.lag_a))
    medlem = MedlemFactory(lokallag=org.lag_a, utmeldt=datetime.date(2027, 1, 1))
    with time_machine.travel(FOR, tick=False), pytest.raises(ValidationError):
        service.ta_vakt(vakt, medlem)


def test_ikke_etter_start_og_ikke_avlyst(org):
    stand = _stand(org.lag_a)
    vakt = _vakt(stand)
    medlem = MedlemFactory(lokallag=org.lag_a)
    etter = timezone.make_aware(datetime.datetime(2027, 8, 20, 10, 0))
    with time_machine.travel(etter, tick=False), pytest.raises(ValidationError, match="begynt"):
        service.ta_vakt(vakt, medlem)
    stand.status = "avlyst"
    stand.save()
    with time_machine.travel(FOR, tick=False), pytest.raises(ValidationError, match="avlyst"):
        service.ta_vakt(vakt, medlem)
    assert not Vaktpamelding.objects.exists()


def test_full_vakt_og_dobbel_pamelding(org):
    vakt = _vakt(_stand(org.lag_a), plasser=1)
    a, b = MedlemFactory(lokallag=org.lag_a), MedlemFactory(lokallag=org.lag_a)
    with time_machine.travel(FOR, tick=False):
        service.ta_vakt(vakt, a)
        with pytest.raises(ValidationError, match="allerede"):
            service.ta_vakt(vakt, a)
        with pytest.raises(ValidationError, match="Vakten er full"):
            service.ta_vakt(vakt, b)
    assert list(vakt.pameldinger.values_list("medlem_id", flat=True)) == [a.pk]


def test_gi_fra_seg_til_start(org):
    vakt = _vakt(_stand(org.lag_a))
    medlem = MedlemFactory(lokallag=org.lag_a)
    with time_machine.travel(FOR, tick=False):
        service.ta_vakt(vakt, medlem)
    etter = timezone.make_aware(datetime.datetime(2027, 8, 20, 10, 30))
    with time_machine.travel(etter, tick=False), pytest.raises(ValidationError):
        service.gi_fra_seg_vakt(vakt, medlem)
    with time_machine.travel(FOR, tick=False):
        assert service.gi_fra_seg_vakt(vakt, medlem) is True
        assert service.gi_fra_seg_vakt(vakt, medlem) is False
    assert not Vaktpamelding.objects.exists()


def test_slutt_for_start_avvises_ved_feltet(org, leader_a):
    vakt = Vakt(aktivitet=_stand(org.lag_a), start=datetime.time(12), slutt=datetime.time(10))
    vakt.plasser = 2
    with pytest.raises(ValidationError) as error:
        service.lagre_vakt(vakt, bruker=leader_a)
    assert "slutt" in error.value.message_dict
    assert not Vakt.objects.exists()


def test_faerre_plasser_enn_pameldte_avvises(org, leader_a):
    vakt = _vakt(_stand(org.lag_a), plasser=2)
    with time_machine.travel(FOR, tick=False):
        service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a))
        service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a))
    vakt.plasser = 1
    with pytest.raises(ValidationError) as error:
        service.lagre_vakt(vakt, bruker=leader_a)
    assert "plasser" in error.value.message_dict
    vakt.refresh_from_db()
    assert vakt.plasser == 2


def test_slett_vakt_med_pameldte_avvises(org, leader_a):
    vakt = _vakt(_stand(org.lag_a))
    with time_machine.travel(FOR, tick=False):
        service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a))
    with pytest.raises(ValidationError):
        service.slett_vakt(vakt, bruker=leader_a)
    assert Vakt.objects.filter(pk=vakt.pk).exists()


def test_bare_de_som_styrer_vaktlisten_endrer_den_ogsa_uten_siden(org, leader_b):
    """A crafted call by another chapter's leader meets the page's rule in the service."""
    vakt = _vakt(_stand(org.lag_a))
    with time_machine.travel(FOR, tick=False):
        pamelding = service.ta_vakt(vakt, MedlemFactory(lokallag=org.lag_a))
    vakt.plasser = 9
    with pytest.raises(PermissionDenied):
        service.lagre_vakt(vakt, bruker=leader_b)
    with pytest.raises(PermissionDenied):
        service.fjern_pamelding(pamelding, bruker=leader_b, context=AuditContext())
    with pytest.raises(PermissionDenied):
        service.slett_vakt(vakt, bruker=leader_b)
    with time_machine.travel(FOR, tick=False), pytest.raises(PermissionDenied):
        service.ta_vakt(
            vakt,
            MedlemFactory(lokallag=org.lag_a),
            Pameldingskilde.LEDER,
            context=AuditContext(user=leader_b),
        )
    vakt.refresh_from_db()
    assert vakt.plasser != 9
    assert Vaktpamelding.objects.filter(pk=pamelding.pk).exists()


def test_ledige_plasser_uten_navn(org, django_assert_max_num_queries):
    stand = _stand(org.lag_a)
    full = _vakt(stand, plasser=1)
    ledig = _vakt(stand, plasser=3, start=datetime.time(12), slutt=datetime.time(14))
    with time_machine.travel(FOR, tick=False):
        service.ta_vakt(full, MedlemFactory(lokallag=org.lag_a))
    with django_assert_max_num_queries(1):
        result = ledige_plasser([stand.pk])
    assert [(v.pk, n) for v, n in result[stand.pk]] == [(full.pk, 0), (ledig.pk, 3)]
    assert not hasattr(result[stand.pk][0][0], "_prefetched_objects_cache")


@pytest.mark.django_db(transaction=True)
def test_siste_plass_under_samtidighet(org):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database: the race needs PostgreSQL's row locks")
    vakt = _vakt(_stand(org.lag_a), plasser=1)
    medlemmer = [MedlemFactory(lokallag=org.lag_a) for _ in range(2)]
    barrier = threading.Barrier(2)
    results: list = []

    def sign_up(medlem):
        try:
            barrier.wait()
            service.ta_vakt(Vakt.objects.get(pk=vakt.pk), medlem)
            results.append("ok")
        except ValidationError as error:
            results.append(error.messages[0])
        finally:
            connections.close_all()

    with time_machine.travel(FOR, tick=True):
        threads = [threading.Thread(target=sign_up, args=(m,)) for m in medlemmer]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(results) == ["Vakten er full.", "ok"]
    assert Vaktpamelding.objects.filter(vakt=vakt).count() == 1
