"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's live server.

- One chromium per pytest session, a fresh context (cookies, localStorage) per test; desktop and phone (375x812).
- The live server serves static files through whitenoise from staticfiles' finders (tests/conftest.py), so `/static/vendor/...` comes straight
  from node_modules (STATICFILES_DIRS), as in `make run`.
- Data is committed (transactional tests, see `E2E`). Each one ends with a flush, which also empties what the
  data migration put in (the probleemcategorieën): `migrated_data` (tests/conftest.py) puts it back before every test.
  (`serialized_rollback` does not help here: once Playwright runs, its greenlet gives the test another
  connection object than the one the serialized contents were stored on.)
- Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run there unless
  DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set only while the browser runs (the `browser` fixture).
Helpers (login, axe-core, screenshots) live in `tests/e2e/helpers.py`.
"""

import os
import shutil

import pytest

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, TIMEOUT_MS, VIEWPORTS, is_csp_violation


@pytest.fixture(autouse=True)
def _migrated_data(migrated_data):
    """Every browser test is transactional: the categories back before each one (see tests/conftest.py)."""


@pytest.fixture(scope="package")
def browser():
    """One chromium for all browser tests, stopped after the last one (package scope: pytest-django keeps
    transactional tests together, so no other test runs while Playwright's event loop is alive)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} ontbreekt: installeer Debian's chromium (make system-packages).")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_page(browser, live_server, viewport, errors):
    phone = viewport is PHONE
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  is_mobile=phone, has_touch=phone)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if is_csp_violation(message) else None)
    return context, page


@pytest.fixture
def js_errors():
    """Uncaught JavaScript errors and Content-Security-Policy violations (reported on the console) on the pages of
    this test: there must be none."""
    errors: list[str] = []
    yield errors
    assert errors == [], "JavaScript-fouten op de pagina:\n" + "\n".join(errors)


@pytest.fixture
def page(browser, live_server, js_errors):
    context, page = _new_page(browser, live_server, DESKTOP, js_errors)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, js_errors):
    context, page = _new_page(browser, live_server, PHONE, js_errors)
    yield page
    context.close()


@pytest.fixture(params=list(VIEWPORTS))
def any_page(request, browser, live_server, js_errors):
    """The same test at desktop width and at phone width (375x812); `any_page.viewport_name` tells which."""
    context, page = _new_page(browser, live_server, VIEWPORTS[request.param], js_errors)
    page.viewport_name = request.param
    yield page
    context.close()


@pytest.fixture
def world(leiden, leiderdorp, team, other_team, professional, teamleider, other_professional, gemeente_user):
    from tests.e2e.world import build

    return build(leiden=leiden, leiderdorp=leiderdorp, team=team, other_team=other_team, professional=professional,
                 teamleider=teamleider, other_professional=other_professional, gemeente_user=gemeente_user)
