"""`/gezondheid`: the database, the broker and a worker, each "ok" or "storing"; 200 when all answer, 503 otherwise.

Run against the real parts: the test database, Debian's redis-server as broker and a real `celery worker` process
(the fixtures of tests/conftest.py).
"""

import pytest

from tests.processes import free_port as _free_port
from tests.processes import reset_pools as _reset_pools

pytestmark = pytest.mark.django_db
ALL_OK = {"status": "ok", "onderdelen": {"database": "ok", "broker": "ok", "worker": "ok"}}


@pytest.fixture
def broker_down(settings):
    """This process's broker is a redis port where nothing listens."""
    from config.celery import app

    previous = (app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.broker_url, app.conf.broker_transport_options = f"redis://127.0.0.1:{_free_port()}/0", {}
    _reset_pools(app)
    yield
    app.conf.broker_url, app.conf.broker_transport_options = previous
    _reset_pools(app)


def test_all_parts_up_is_200(client, worker):
    response = client.get("/gezondheid")
    assert (response.status_code, response.json()) == (200, ALL_OK)


def test_the_worker_down_is_503(client, redis_url):
    from config.celery import app

    previous = (app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.broker_url, app.conf.broker_transport_options = redis_url, {}  # a broker that answers, but no worker on it
    _reset_pools(app)
    try:
        response = client.get("/gezondheid")
    finally:
        app.conf.broker_url, app.conf.broker_transport_options = previous
        _reset_pools(app)
    assert (response.status_code, response.json()) == (503, {"status": "storing", "onderdelen": {"database": "ok", "broker": "ok", "worker": "storing"}})


def test_the_broker_down_is_503(client, broker_down):
    response = client.get("/gezondheid")
    assert (response.status_code, response.json()["onderdelen"]) == (503, {"database": "ok", "broker": "storing", "worker": "storing"})


def test_it_is_public_json_and_never_cached(client, broker_down):
    response = client.get("/gezondheid")
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]


def test_a_logged_in_user_sees_the_same_and_no_more(client, professional, broker_down):
    client.force_login(professional)
    assert set(client.get("/gezondheid").json()) == {"status", "onderdelen"}
