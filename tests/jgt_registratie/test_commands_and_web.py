"""issue_token, the login page, and who may enter the beheer (admin) site."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from jgt_registratie.models import AuditLog, User

pytestmark = pytest.mark.django_db


def test_issue_token_prints_a_working_key(professional, capsys, client):
    call_command("issue_token", "alice")
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=professional).key == key
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/teams").status_code == 200


def test_issue_token_twice_gives_the_same_key(professional, capsys):
    call_command("issue_token", "alice")
    call_command("issue_token", "alice")
    first, second = capsys.readouterr().out.split()
    assert first == second


def test_issue_token_refuses_unknown_user(db):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("issue_token", "niemand")


def test_issue_token_refuses_deactivated_user(professional):
    professional.is_active = False
    professional.save()
    with pytest.raises(CommandError, match="gedeactiveerd"):
        call_command("issue_token", "alice")


def test_login_page_is_dutch(client):
    response = client.get("/inloggen")
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()
    assert "Gebruikersnaam" in response.content.decode()


def test_wrong_password_gets_a_dutch_message(client, professional):
    response = client.post("/inloggen", {"username": "alice", "password": "fout-wachtwoord"})
    assert "klopt niet" in response.content.decode()


def test_failed_web_login_is_audited(client, professional):
    client.post("/inloggen", {"username": "alice", "password": "fout-wachtwoord"})
    assert AuditLog.objects.filter(action="inloggen", result="geweigerd", detail__gebruikersnaam="alice").count() == 1


@pytest.mark.usefixtures("production_password_hashers")
def test_passwords_are_hashed_with_argon2(professional):
    assert professional.password.startswith("argon2")


def test_beheerder_enters_beheer_site(client, beheerder):
    client.force_login(beheerder)
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/cases/probleemcategorie/").status_code == 200


@pytest.mark.parametrize("who", ["professional", "teamleider", "gemeente_user"])
def test_other_roles_are_kept_out_of_beheer(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/beheer/")
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]


def test_beheer_site_has_no_case_data(client, beheerder):
    client.force_login(beheerder)
    for model in ("jeugdige", "dossier", "contact"):
        assert client.get(f"/beheer/cases/{model}/").status_code == 404


@pytest.mark.usefixtures("production_password_hashers")
def test_beheer_stores_a_new_users_password_hashed_and_never_shows_it(client, beheerder, team):
    client.force_login(beheerder)
    response = client.post("/beheer/jgt_registratie/user/add/", {
        "username": "nieuw", "usable_password": "true", "password1": "een-lang-wachtwoord-42", "password2": "een-lang-wachtwoord-42",
        "role": "professional", "teams": [team.pk]})
    assert response.status_code == 302
    user = User.objects.get(username="nieuw")
    assert user.password.startswith("argon2") and user.check_password("een-lang-wachtwoord-42")
    page = client.get(f"/beheer/jgt_registratie/user/{user.pk}/change/").content.decode()
    assert 'name="password"' not in page
