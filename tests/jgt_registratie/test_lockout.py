"""Lock-out (django-axes, `jgt_registratie.lockout`): the web login and API token authentication refuse a guesser."""

import secrets
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jgt_registratie.models import AuditLog
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "fout-wachtwoord"


def attempt(client, password, username="alice", **extra):
    return client.post("/inloggen", {"username": username, "password": password}, **extra)


def lock(client, settings, username="alice"):
    return [attempt(client, WRONG, username).status_code for _ in range(settings.LOGIN_FAILURE_LIMIT)]


# --- web ---------------------------------------------------------------------------------------------------------


def test_wrong_passwords_below_the_limit_only_say_it_is_wrong(client, professional, settings):
    statuses = [attempt(client, WRONG).status_code for _ in range(settings.LOGIN_FAILURE_LIMIT - 1)]
    assert statuses == [200] * (settings.LOGIN_FAILURE_LIMIT - 1)


def test_the_failure_at_the_limit_locks_with_429(client, professional, settings):
    assert lock(client, settings)[-1] == 429


def test_after_fifty_wrong_passwords_the_right_one_is_refused(client, professional, settings):
    statuses = [attempt(client, WRONG).status_code for _ in range(50)]
    response = attempt(client, PASSWORD)
    assert (statuses.count(429), response.status_code, "_auth_user_id" in client.session) == (50 - settings.LOGIN_FAILURE_LIMIT + 1, 429, False)


def test_lockout_message_is_dutch_with_retry_after(client, professional, settings):
    lock(client, settings)
    response = attempt(client, PASSWORD)
    text = response.content.decode()
    assert ("te vaak een verkeerd wachtwoord" in text, f"over {settings.LOGIN_LOCKOUT_MINUTES} minuten" in text,
            0 < int(response["Retry-After"]) <= settings.LOGIN_LOCKOUT_MINUTES * 60) == (True, True, True)


def test_lockout_page_keeps_the_login_form(client, professional, settings):
    lock(client, settings)
    assert 'name="password"' in attempt(client, PASSWORD).content.decode()


def test_lockout_is_per_username(client, professional, teamleider, settings):
    lock(client, settings)
    assert attempt(client, PASSWORD, username="tessa").status_code == 302


def test_lockout_is_per_address(client, professional, settings):
    lock(client, settings)
    assert attempt(client, PASSWORD, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_lockout_ends_after_the_cool_off(client, professional, settings):
    lock(client, settings)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1))
    assert attempt(client, PASSWORD).status_code == 302


def test_success_below_the_limit_resets_the_count(client, professional, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        attempt(client, WRONG)
    attempt(client, PASSWORD)
    client.logout()
    assert attempt(client, WRONG).status_code == 200


def test_lockout_is_audited_once_when_it_begins(client, professional, settings):
    lock(client, settings)
    attempt(client, WRONG)
    attempt(client, PASSWORD)
    rows = list(AuditLog.objects.filter(action="inloggen_geblokkeerd").values("object_type", "result", "client_address", "detail"))
    assert rows == [{"object_type": "sessie", "result": "geweigerd", "client_address": "127.0.0.1",
                     "detail": {"gebruikersnaam": "alice", "pogingen": settings.LOGIN_FAILURE_LIMIT, "minuten": settings.LOGIN_LOCKOUT_MINUTES}}]


def test_every_failed_attempt_stays_audited(client, professional, settings):
    lock(client, settings)
    attempt(client, PASSWORD)
    assert AuditLog.objects.filter(action="inloggen", result="geweigerd", detail__gebruikersnaam="alice").count() == settings.LOGIN_FAILURE_LIMIT + 1


def test_beheer_login_is_locked_too(client, beheerder, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/beheer/login/", {"username": "bert", "password": WRONG})
    response = client.post("/beheer/login/", {"username": "bert", "password": PASSWORD})
    assert (response.status_code, "_auth_user_id" in client.session) == (429, False)


# --- API tokens -------------------------------------------------------------------------------------------------


def token_client(key, address="127.0.0.1"):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def guess(n, address="127.0.0.1"):
    return [token_client(secrets.token_hex(20), address).get("/api/v1/dossiers") for _ in range(n)]


def test_hundred_random_tokens_get_429_after_the_limit(db, settings):
    statuses = [r.status_code for r in guess(100)]
    limit = settings.API_TOKEN_FAILURE_LIMIT
    assert statuses == [401] * (limit - 1) + [429] * (100 - limit + 1)


def test_token_lockout_is_problem_json_in_dutch_with_retry_after(db, settings):
    response = guess(settings.API_TOKEN_FAILURE_LIMIT + 1)[-1]
    body = response.json()
    assert (response["Content-Type"], body["status"], "Te veel ongeldige API-tokens" in body["detail"],
            0 < int(response["Retry-After"]) <= settings.LOGIN_LOCKOUT_MINUTES * 60) == ("application/problem+json", 429, True, True)


def test_locked_address_is_refused_even_with_a_valid_token(professional, settings):
    guess(settings.API_TOKEN_FAILURE_LIMIT)
    key = Token.objects.create(user=professional).key
    assert token_client(key).get("/api/v1/dossiers").status_code == 429


def test_token_lockout_is_per_address(professional, settings):
    guess(settings.API_TOKEN_FAILURE_LIMIT)
    key = Token.objects.create(user=professional).key
    assert token_client(key, "10.0.0.9").get("/api/v1/dossiers").status_code == 200


def test_token_failures_do_not_lock_the_web_login(client, professional, settings):
    guess(settings.API_TOKEN_FAILURE_LIMIT)
    assert attempt(client, PASSWORD).status_code == 302


def test_token_lockout_is_audited_once(db, settings):
    guess(settings.API_TOKEN_FAILURE_LIMIT + 5)
    rows = list(AuditLog.objects.filter(action="inloggen_geblokkeerd").values_list("object_type", "detail"))
    assert rows == [("api_token", {"pogingen": settings.API_TOKEN_FAILURE_LIMIT, "minuten": settings.LOGIN_LOCKOUT_MINUTES})]


def test_a_malformed_token_header_counts_as_a_failure(db, settings):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token")
    statuses = [client.get("/api/v1/dossiers").status_code for _ in range(settings.API_TOKEN_FAILURE_LIMIT)]
    assert statuses[-1] == 429


# --- the beheerder lifts a lock-out -------------------------------------------------------------------------------


def lift_in_beheer(client, beheerder, target):
    from tests.conftest import Client

    beheer = Client(REMOTE_ADDR="10.0.0.1")
    beheer.force_login(beheerder)
    return beheer.post("/beheer/jgt_registratie/user/", {"action": "inlogblokkade_opheffen", "_selected_action": [target.pk]})


def test_beheerder_lifts_a_lockout(client, beheerder, professional, settings):
    lock(client, settings)
    lift_in_beheer(client, beheerder, professional)
    assert attempt(client, PASSWORD).status_code == 302


def test_lifting_a_lockout_is_audited(client, beheerder, professional, settings):
    lock(client, settings)
    lift_in_beheer(client, beheerder, professional)
    assert AuditLog.objects.filter(action="inlogblokkade_opheffen", result="ok", user_id=beheerder.pk, object_id=str(professional.pk)).count() == 1


def test_only_functioneel_beheer_lifts_a_lockout(teamleider, professional):
    from jgt_registratie import lockout
    from jgt_registratie.errors import Forbidden

    with pytest.raises(Forbidden):
        lockout.lift_lockout(user=teamleider, target=professional)
