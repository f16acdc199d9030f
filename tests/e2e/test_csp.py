"""The Content-Security-Policy (no 'unsafe-inline') holds in a real browser: chromium reports no violation on the
console on the main pages of every role, including the gemeente dashboard's SVG charts, beheer and the API docs.
(Every browser test also fails on a violation: `js_errors` in tests/e2e/conftest.py.)"""


from tests.e2e.helpers import E2E, TIMEOUT_MS, is_csp_violation, login

pytestmark = E2E


def _visit(page, paths: list[str]) -> list[str]:
    """Open each path; return the CSP violations chromium reported, and fail on a page served without a CSP."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(f"{page.url}: {message.text}") if is_csp_violation(message) else None)
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    return seen


def test_login_page_has_no_csp_violation(page):
    assert _visit(page, ["/inloggen"]) == []


def test_professionals_pages_have_no_csp_violation(page, world):
    login(page, world.alice)
    girl = world.actief.jeugdigen.get()
    paths = ["/", "/registreren", "/dossiers", f"/dossiers/{world.actief.pk}", f"/jeugdigen/{girl.pk}", "/dossiers/nieuw", "/jeugdigen/nieuw",
             "/api/v1/docs"]
    assert _visit(page, paths) == []


def test_the_api_docs_render_under_the_csp(page, world):
    login(page, world.alice)
    page.goto("/api/v1/docs")
    page.get_by_role("heading", name="jgt-registratie API").wait_for()  # Swagger UI ran: its script came as a file


def test_teamleiders_and_gemeentes_pages_have_no_csp_violation(page, world):
    login(page, world.tessa)
    team = _visit(page, ["/team"])
    page.context.clear_cookies()
    login(page, world.gerda)
    assert team + _visit(page, ["/gemeente/", "/gemeente/rapportages"]) == []


def test_beheer_pages_have_no_csp_violation(page, beheerder):
    login(page, beheerder)
    assert _visit(page, ["/gemeente/datakwaliteit", "/beheer/", "/beheer/jgt_registratie/user/", "/beheer/jgt_registratie/auditlog/"]) == []


def test_the_check_sees_a_violation(browser, live_server):
    """The check itself: an inline style put on the page is refused by the CSP and reported on the console."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        seen = _visit(page, ["/inloggen"])
        page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')")
        page.wait_for_timeout(200)
        assert len(seen) == 1 and "style-src 'self'" in seen[0]
    finally:
        context.close()
