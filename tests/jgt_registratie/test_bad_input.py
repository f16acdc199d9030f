"""Bad input the server must refuse cleanly: JSON nested too deep (400) and a body over DATA_UPLOAD_MAX_MEMORY_SIZE
(413). The API answers with Dutch problem+json (a web form gets a Dutch page: tests/web/test_error_pages.py); nothing is
stored, never a 500."""

import json

import pytest

from cases.models import Contact
from tests.builders import today

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
THREE_MB = 3 * 1024 * 1024


def contact_body(team, **kw):
    return {"team": team.pk, "datum": today().isoformat(), "duurMinuten": 15, "vorm": "telefonisch", "hulpsoort": "preventief",
            "probleemcategorieen": ["scheiding"], "gemeente": "0546", "leeftijdsklasse": "12-17", **kw}


def test_json_nested_beyond_pythons_recursion_limit_is_a_400_problem(api, professional):
    response = api(professional).generic("POST", "/api/v1/contacten", "[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)
    assert response.json()["detail"] == "De JSON is te diep genest (hoogstens 32 niveaus)."


def test_json_nested_deeper_than_the_api_needs_is_refused_before_the_view(api, professional, team, leiden):
    """500 levels parse fine, but hashing them for idempotency would recurse: refused by the parser's limit."""
    nested = json.dumps(contact_body(team, probleemcategorieen=json.loads("[" * 500 + "]" * 500)))
    response = api(professional).generic("POST", "/api/v1/contacten", nested, content_type="application/json", HTTP_IDEMPOTENCY_KEY="diep-1")
    assert (response.status_code, response.json()["detail"]) == (400, "De JSON is te diep genest (hoogstens 32 niveaus).")
    assert Contact.objects.count() == 0


def test_an_oversized_api_body_is_a_dutch_413_problem(api, professional, team, leiden):
    body = json.dumps(contact_body(team, notitie="a" * THREE_MB))
    response = api(professional).generic("POST", "/api/v1/contacten", body, content_type="application/json")
    assert (response.status_code, response["Content-Type"]) == (413, PROBLEM)
    assert response.json() | {"type": None} == {"type": None, "title": "Verzoek te groot", "status": 413,
                                                 "detail": "Het verzoek is te groot: stuur hoogstens 2,5 MB."}
    assert Contact.objects.count() == 0


def test_another_refused_api_request_is_a_400_problem_not_html(api, professional):
    response = api(professional).get("/api/v1/contacten", HTTP_HOST="onbekend.example.org")
    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)


def test_the_openapi_document_declares_the_413(api, professional):
    schema = api(professional).get("/api/v1/openapi.json").json()
    assert schema["paths"]["/contacten"]["post"]["responses"]["413"]["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
