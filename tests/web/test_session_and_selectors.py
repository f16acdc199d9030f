"""Session idle timeout, the keep-alive URL, and the selectors added for the web pages."""

import uuid

import pytest
from django.conf import settings

from cases import selectors
from tests.builders import days_ago, make_contact, make_dossier

pytestmark = pytest.mark.django_db


def test_session_is_an_idle_timeout_saved_on_every_request():
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_SECONDS == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_a_token_request_neither_saves_nor_renews_a_web_session(login, professional):
    """An integration's token is no activity of a person's web session (and costs no session write); the same request
    made by the session itself still renews it."""
    from django.contrib.sessions.models import Session
    from rest_framework.authtoken.models import Token

    client = login(professional)
    client.get("/registreren")
    key = client.cookies["sessionid"].value
    expiry = Session.objects.get(pk=key).expire_date
    token, _ = Token.objects.get_or_create(user=professional)
    response = client.get("/api/v1/gemeenten", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and "sessionid" not in response.cookies
    assert Session.objects.get(pk=key).expire_date == expiry
    response = client.get("/api/v1/gemeenten")
    assert response.status_code == 200 and "sessionid" in response.cookies
    assert Session.objects.get(pk=key).expire_date > expiry


def test_a_token_request_that_reads_the_session_still_varies_on_cookie(login, professional):
    """The session is not saved for a token request, but when the request read it (its cookie came along) the response
    depends on that cookie, so a cache must not serve it for another one."""
    from rest_framework.authtoken.models import Token

    client = login(professional)
    client.get("/registreren")
    token, _ = Token.objects.get_or_create(user=professional)
    response = client.get("/api/v1/gemeenten", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and "sessionid" not in response.cookies
    assert "Cookie" in [v.strip() for v in response.get("Vary", "").split(",")]


def test_pages_carry_the_expiry_warning(login, professional):
    html = login(professional).get("/registreren").content.decode()
    assert 'data-sessie-seconden="1800"' in html and 'data-sessie-verlengen-url="/sessie/verlengen"' in html
    assert 'id="sessie-dialoog"' in html and ">Blijf ingelogd</button>" in html


def test_keep_alive_extends_a_session_and_refuses_without_one(login, client, professional):
    assert client.post("/sessie/verlengen").status_code == 401
    response = login(professional).post("/sessie/verlengen")
    assert response.status_code == 200 and response.json() == {"seconden": 1800}
    assert "sessionid" in response.cookies


def test_login_page_keeps_next_and_explains(client):
    html = client.get("/inloggen?next=/registreren").content.decode()
    assert 'name="next" value="/registreren"' in html and "staat na het inloggen weer klaar" in html
    assert 'for="id_username">Gebruikersnaam</label>' in html and 'for="id_password">Wachtwoord</label>' in html


def test_last_contact_of_is_the_users_own(professional, teamleider, team, leiden):
    assert selectors.last_contact_of(professional) == {}
    make_contact(professional, team, datum=days_ago(3), duur_minuten=25, vorm="video", hulpsoort="licht", gemeente=leiden, leeftijdsklasse="0-3")
    dossier = make_dossier(professional, team, leiden, aanmelddatum=days_ago(20))
    make_contact(professional, team, dossier=dossier, datum=days_ago(2), duur_minuten=60, vorm="huisbezoek", hulpsoort="zwaar")
    make_contact(teamleider, team, datum=days_ago(1), duur_minuten=5, vorm="email", hulpsoort="preventief", gemeente=leiden, leeftijdsklasse="18-22")
    assert selectors.last_contact_of(professional) == {"team": team.pk, "vorm": "huisbezoek", "duur_minuten": 60, "inzet": "hulp", "hulpsoort": "zwaar",
                                                       "gemeente": "0546", "leeftijdsklasse": "0-3"}


def test_dossier_by_number_needs_eight_characters_and_the_own_team(professional, other_professional, team, other_team, leiden, leiderdorp):
    mine = make_dossier(professional, team, leiden)
    theirs = make_dossier(other_professional, other_team, leiderdorp)
    assert selectors.dossier_by_number(professional, str(mine.pk)[:8]) == mine
    assert selectors.dossier_by_number(professional, str(mine.pk)) == mine
    assert selectors.dossier_by_number(professional, str(mine.pk)[:5]) is None
    assert selectors.dossier_by_number(professional, str(theirs.pk)[:8]) is None


def test_dossier_search_skips_closed_dossiers(teamleider, team, leiden):
    from cases import services
    from tests.builders import today

    dossier = make_dossier(teamleider, team, leiden, aanmelddatum=days_ago(5))
    assert selectors.dossier_search(teamleider, str(dossier.pk)[:4]) == [dossier]
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=today(), reden_beeindiging="01", doelen_bereikt="ja", zonder_hulp_verder="ja")
    assert selectors.dossier_search(teamleider, str(dossier.pk)[:4]) == []


# --- short numbers as a range on the UUID (the primary key's index) --------------------------------------------------


def test_a_short_number_is_a_range_on_the_uuid():
    condition = selectors.uuid_prefix("ab")
    assert condition.children == [("pk__gte", uuid.UUID("ab000000-0000-0000-0000-000000000000")),
                                  ("pk__lt", uuid.UUID("ac000000-0000-0000-0000-000000000000"))]


def test_the_highest_prefix_has_no_upper_bound():
    assert selectors.uuid_prefix("ff").children == [("pk__gte", uuid.UUID("ff000000-0000-0000-0000-000000000000"))]


@pytest.mark.parametrize("text", ["a", "1234-", "xyz", "12345678-12345"])
def test_text_that_cannot_start_a_uuid_gives_no_range(text):
    assert selectors.uuid_prefix(text) is None


def test_a_number_with_its_dash_finds_the_dossier_and_no_other(professional, team, leiden):
    dossiers = [make_dossier(professional, team, leiden) for _ in range(3)]
    wanted = dossiers[0]
    prefix = str(wanted.pk)[:10]
    found = selectors.dossier_search_filter(selectors.dossiers_for(professional), prefix)
    assert [d.pk for d in found] == [wanted.pk]


@pytest.mark.parametrize("text", ["12345678a", "12345678--", "111222333"])
def test_a_number_that_cannot_start_a_uuid_is_no_dossier_and_no_error(professional, text):
    assert selectors.dossier_by_number(professional, text) is None


@pytest.mark.parametrize("text", ["12345678a", "12345678--"])
def test_a_reference_that_cannot_start_a_uuid_is_no_jeugdige_and_no_error(professional, text):
    assert selectors.jeugdige_by_reference(professional, text) is None
