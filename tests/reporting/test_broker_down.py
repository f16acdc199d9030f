"""The report queue (a real redis-server) goes down and comes back: a request while it is down gets a Dutch 503 in the
API (problem+json) and on the web form, stores nothing (no Rapportage row, no audit row saying it was requested), and
leaves one audit row saying the queue was unreachable. Once Redis is back the same request simply works."""

import pytest
import redis as redis_client

from jgt_registratie.models import AuditLog
from reporting.models import Rapportage
from tests.processes import RedisServer, publishing_to, redis_options

pytestmark = pytest.mark.django_db
API = "/api/v1"
BODY = {"soort": "indicatoren", "periode": "2020-Q3", "gemeente": "0546", "formaat": "json"}


@pytest.fixture
def broker(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    try:
        with publishing_to(server.url, redis_options()):
            yield server
    finally:
        server.stop()


def queue_length(server) -> int:
    return redis_client.Redis(host="127.0.0.1", port=server.port).llen("celery")


def refusals():
    return list(AuditLog.objects.filter(action="rapportage_aanvragen").exclude(result="ok").values_list("username", "result", "detail"))


def test_the_api_says_503_in_dutch_and_stores_nothing_while_the_queue_is_down(api, gemeente_user, leiden, broker):
    client = api(gemeente_user)
    assert client.post(f"{API}/rapportages", BODY, format="json").status_code == 202
    broker.stop()

    response = client.post(f"{API}/rapportages", BODY, format="json")
    body = response.json()
    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (503, "application/problem+json", "30")
    assert (body["title"], body["detail"]) == (
        "Tijdelijk niet beschikbaar",
        "De rapportagewachtrij is even niet bereikbaar, dus er is niets aangevraagd. Probeer het over een halve minuut opnieuw.")
    assert (Rapportage.objects.count(), AuditLog.objects.filter(action="rapportage_aanvragen", result="ok").count()) == (1, 1)
    assert refusals() == [("gerda", "conflict", {"status": 503, "reden": "wachtrij_onbereikbaar"})]

    broker.start()  # back, on the same port: the same request simply works
    response = client.post(f"{API}/rapportages", BODY, format="json")
    assert (response.status_code, Rapportage.objects.count(), queue_length(broker)) == (202, 2, 1)


def test_the_web_form_says_the_same_in_dutch(client, gemeente_user, leiden, broker):
    broker.stop()
    client.force_login(gemeente_user)
    response = client.post("/gemeente/rapportages", {**BODY, "periode": "2020-Q3"})
    html = response.content.decode()
    assert response.status_code == 503
    assert "De rapportage is niet aangevraagd" in html and "De rapportagewachtrij is even niet bereikbaar" in html
    assert (Rapportage.objects.count(), refusals()) == (0, [("gerda", "conflict", {"status": 503, "reden": "wachtrij_onbereikbaar"})])
