"""The browser set-up itself: chromium runs, the live server serves the NL Design System CSS from node_modules."""

import pytest

from tests.e2e.helpers import E2E, assert_accessible, login, logout

pytestmark = E2E


def test_live_server_serves_the_vendored_css(page, live_server):
    response = page.request.get(f"{live_server.url}/static/vendor/utrecht/index.css")
    assert response.status == 200
    assert ".utrecht-" in response.text()


def test_login_and_logout_through_the_real_form(page, professional):
    login(page, professional)
    assert page.get_by_role("button", name="Uitloggen").is_visible()
    logout(page)
    page.goto("/")
    assert "/inloggen" in page.url


def test_axe_helper_fails_on_a_serious_violation(page):
    page.set_content('<html lang="nl"><head><title>t</title></head><body><main><img src="/x.png">'
                     '<p style="color:#bbb;background:#fff">Lichtgrijze tekst</p></main></body></html>')
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "testpagina")
    assert "[critical] image-alt" in str(failure.value)
    assert "[serious] color-contrast" in str(failure.value)
