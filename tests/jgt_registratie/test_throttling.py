"""DRF throttling of the API (`jgt_registratie.api.throttling`): settings-driven rates, 429 problem+json in Dutch."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "user": "5/minute"}


def test_a_user_gets_429_after_the_user_rate(api, professional, low_rates):
    client = api(professional)
    statuses = [client.get("/api/v1/dossiers").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2


def test_throttled_answer_is_dutch_problem_json_with_retry_after(api, professional, low_rates):
    client = api(professional)
    for _ in range(5):
        client.get("/api/v1/dossiers")
    response = client.get("/api/v1/dossiers")
    assert (response["Content-Type"], response.json()["title"], response.json()["detail"].startswith("Te veel verzoeken. Probeer het over"),
            1 <= int(response["Retry-After"]) <= 60) == ("application/problem+json", "Te veel verzoeken", True, True)


def test_the_user_rate_is_per_user(api, professional, teamleider, low_rates):
    for _ in range(6):
        api(professional).get("/api/v1/dossiers")
    assert api(teamleider).get("/api/v1/dossiers").status_code == 200


def test_the_session_counts_for_the_same_user(api, client, professional, low_rates):
    for _ in range(5):
        api(professional).get("/api/v1/teams")
    client.force_login(professional)
    assert client.get("/api/v1/teams").status_code == 429


def test_anonymous_requests_get_429_after_the_anon_rate(db, low_rates):
    statuses = [APIClient().get("/api/v1/openapi.json").status_code for _ in range(4)]
    assert statuses == [200] * 3 + [429]

