"""API tokens (`jgt_registratie.tokens`, `api.authentication`): they expire, can be revoked, and say so in Dutch."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jgt_registratie.models import AuditLog

pytestmark = pytest.mark.django_db


def call(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/dossiers")


def age(token, days, seconds=0):
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=days, seconds=seconds))


def test_issue_token_says_when_it_expires(professional, capsys, settings):
    call_command("issue_token", "alice")
    expected = timezone.localtime(Token.objects.get(user=professional).created + timedelta(days=settings.API_TOKEN_DAGEN))
    assert f"geldig tot {expected:%d-%m-%Y %H:%M} (nog {settings.API_TOKEN_DAGEN} dagen)" in capsys.readouterr().err


def test_a_token_works_until_it_expires(professional, settings):
    token = Token.objects.create(user=professional)
    age(token, settings.API_TOKEN_DAGEN, seconds=-60)
    assert call(token.key).status_code == 200


def test_an_expired_token_gets_401_in_dutch(professional, settings):
    token = Token.objects.create(user=professional)
    age(token, settings.API_TOKEN_DAGEN)
    response = call(token.key)
    assert (response.status_code, response["Content-Type"], "Dit API-token is verlopen op" in response.json()["detail"]) == (
        401, "application/problem+json", True)


def test_an_expired_token_does_not_count_towards_the_lockout(professional, settings):
    token = Token.objects.create(user=professional)
    age(token, settings.API_TOKEN_DAGEN)
    statuses = {call(token.key).status_code for _ in range(settings.API_TOKEN_FAILURE_LIMIT + 1)}
    assert statuses == {401}


def test_issue_token_replaces_an_expired_token(professional, capsys, settings):
    old = Token.objects.create(user=professional)
    age(old, settings.API_TOKEN_DAGEN + 1)
    call_command("issue_token", "alice")
    new = capsys.readouterr().out.strip()
    assert (new != old.key, call(new).status_code, call(old.key).status_code) == (True, 200, 401)


def test_issue_token_vernieuwen_replaces_a_valid_token(professional, capsys):
    call_command("issue_token", "alice")
    call_command("issue_token", "alice", "--vernieuwen")
    first, second = capsys.readouterr().out.split()
    assert (first != second, call(first).status_code, call(second).status_code) == (True, 401, 200)


def test_issuing_is_audited_with_the_expiry(professional):
    call_command("issue_token", "alice")
    row = AuditLog.objects.get(action="token_uitgeven")
    assert (row.user_id, row.object_id, "geldig_tot" in row.detail) == (professional.pk, str(professional.pk), True)


def test_a_revoked_token_gets_401(professional, capsys):
    call_command("issue_token", "alice")
    key = capsys.readouterr().out.strip()
    call_command("revoke_token", "alice")
    response = call(key)
    assert (response.status_code, response.json()["detail"]) == (401, "Ongeldig of ingetrokken API-token.")


def test_revoking_by_command_is_audited(professional):
    Token.objects.create(user=professional)
    call_command("revoke_token", "alice")
    assert AuditLog.objects.filter(action="token_intrekken", object_id=str(professional.pk), detail__via="beheercommando").count() == 1


def test_revoking_without_a_token_is_refused_in_dutch(professional):
    with pytest.raises(CommandError, match="heeft geen API-token"):
        call_command("revoke_token", "alice")


def test_beheerder_revokes_a_token_in_beheer_audited(client, beheerder, professional):
    token = Token.objects.create(user=professional)
    client.force_login(beheerder)
    client.post("/beheer/jgt_registratie/user/", {"action": "api_token_intrekken", "_selected_action": [professional.pk]})
    assert (call(token.key).status_code, AuditLog.objects.filter(action="token_intrekken", user_id=beheerder.pk,
                                                                 object_id=str(professional.pk)).count()) == (401, 1)


def test_beheer_shows_until_when_a_token_is_valid(client, beheerder, professional, settings):
    token = Token.objects.create(user=professional)
    client.force_login(beheerder)
    page = client.get(f"/beheer/jgt_registratie/user/{professional.pk}/change/").content.decode()
    assert f"geldig tot {timezone.localtime(token.created + timedelta(days=settings.API_TOKEN_DAGEN)):%d-%m-%Y}" in page
