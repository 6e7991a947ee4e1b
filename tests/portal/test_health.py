import pytest

from buskerud_sp.celery import app
from tests.services import celery_process, wait_for


@pytest.fixture
def closed_broker():
    """Point the Celery app at a port where nothing listens."""
    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    yield
    app.conf.broker_url = old


@pytest.mark.django_db
def test_health_names_the_broker_when_it_is_down(client, closed_broker):
    response = client.get("/helse/")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"].startswith("feil")
    assert body["worker"] != "ok"


@pytest.mark.django_db(transaction=True)
@pytest.mark.shared_cache
def test_health_is_ok_with_a_real_worker(client, tmp_path):
    with celery_process(
        "worker", "--concurrency", "1", "--hostname", "helse@%h", log=tmp_path / "worker.log"
    ):
        wait_for(lambda: app.control.ping(timeout=1.0), timeout=60)
        response = client.get("/helse/")
    assert response.status_code == 200, response.content
    assert response.json() == {"database": "ok", "cache": "ok", "broker": "ok", "worker": "ok"}
