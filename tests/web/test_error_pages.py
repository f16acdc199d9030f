"""The error pages of the web app (400, 403, CSRF failure, 404, 500): Dutch text, never Django's English default."""

import pytest
from django.test import Client

from cases.models import Contact
from tests.builders import today

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/dossiers/12345", "/jeugdigen/niet-een-nummer", "/bestaat-niet"])
def test_unknown_web_url_is_a_dutch_404(login, professional, path):
    response = login(professional).get(path)
    html = response.content.decode()
    assert response.status_code == 404
    assert 'lang="nl"' in html and "Niet gevonden" in html and "Not Found" not in html


def test_csrf_failure_is_explained_in_dutch(professional):
    client = Client(enforce_csrf_checks=True)
    client.force_login(professional)
    response = client.post("/registreren", {"datum": today().isoformat()})
    html = response.content.decode()
    assert response.status_code == 403
    assert 'lang="nl"' in html and "Uw formulier is verlopen" in html and "CSRF verification failed" not in html


def test_server_error_page_is_dutch(rf):
    from jgt_registratie.api.problems import server_error

    response = server_error(rf.get("/registreren"))
    html = response.content.decode()
    assert response.status_code == 500
    assert 'lang="nl"' in html and "Er ging iets mis" in html and "Server Error" not in html


def test_a_bad_request_page_is_dutch(client):
    # An unknown Host header is refused by Django itself (400) before any view runs.
    response = client.get("/inloggen", HTTP_HOST="onbekend.example.org")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'lang="nl"' in html and "Ongeldig verzoek" in html and "Bad Request" not in html


def test_a_forbidden_page_is_dutch(rf):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    response = permission_denied(rf.get("/"), PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert 'lang="nl"' in html and "Geen toegang" in html and "403 Forbidden" not in html


def test_an_oversized_web_form_gets_a_dutch_413_page(login, professional, team):
    response = login(professional).post("/registreren", {"team": str(team.pk), "datum": today().isoformat(), "notitie": "a" * 3 * 1024 * 1024})
    html = response.content.decode()
    assert (response.status_code, response["Content-Type"]) == (413, "text/html; charset=utf-8")
    assert 'lang="nl"' in html and "Te veel gegevens" in html and "Er is niets opgeslagen" in html
    assert Contact.objects.count() == 0
