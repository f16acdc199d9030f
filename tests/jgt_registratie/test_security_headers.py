"""Security headers on every page: a Content-Security-Policy without 'unsafe-inline' (django-csp), HSTS on https,
Referrer-Policy, X-Content-Type-Options, frame denial and a Permissions-Policy. The policy holds because no template
has an inline script, style or event handler (checked here on every template; tests/e2e/test_csp.py checks the
browser reports no violation)."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for app in ("jgt_registratie", "cases", "reporting", "demo") for p in (ROOT / app).glob("templates/**/*.html"))
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_templates_were_found():
    assert len(TEMPLATES) >= 25


@pytest.mark.parametrize("template", TEMPLATES, ids=[str(p.relative_to(ROOT)) for p in TEMPLATES])
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text()
    assert [what for what, pattern in INLINE.items() if pattern.search(text)] == []


@pytest.fixture
def headers(client):
    return client.get("/inloggen", secure=True).headers


def test_the_csp_allows_only_the_apps_own_files(headers):
    directives = dict(d.strip().split(" ", 1) for d in headers["Content-Security-Policy"].split(";"))
    assert directives == {
        "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:", "font-src": "'self'",
        "connect-src": "'self'", "form-action": "'self'", "frame-ancestors": "'none'", "base-uri": "'none'", "object-src": "'none'",
    }


def test_the_csp_allows_no_inline_code(headers):
    assert "unsafe" not in headers["Content-Security-Policy"]


def test_https_responses_carry_a_year_of_hsts(headers):
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_other_security_headers(headers):
    assert {name: headers[name] for name in ("Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options", "Cross-Origin-Opener-Policy")} == {
        "Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin"}


def test_no_page_may_use_camera_microphone_or_location(headers):
    assert headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def test_api_responses_carry_the_headers_too(api, professional):
    response = api(professional).get("/api/v1/dossiers", secure=True)
    assert ("Content-Security-Policy" in response, response["X-Content-Type-Options"]) == (True, "nosniff")


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # the production default (tests run on plain http: pyproject.toml)
    response = client.get("/inloggen")
    assert (response.status_code, response["Location"]) == (301, "https://testserver/inloggen")


def test_the_api_docs_page_loads_its_script_and_style_as_files(client, professional):
    client.force_login(professional)
    html = client.get("/api/v1/docs").content.decode()
    assert [what for what, pattern in INLINE.items() if pattern.search(html)] == []
    assert 'src="/api/v1/docs?script=' in html
