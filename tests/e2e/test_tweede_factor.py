"""Login and sessions in the browser: enrolment of the second factor by QR code, the code page, a recovery code, and
the lock-out after too many wrong passwords. Each page is checked with axe-core and at phone width."""

from base64 import b32decode

from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.helpers import (
    E2E,
    app_code,
    assert_accessible,
    assert_no_horizontal_scroll,
    enter_second_factor,
    fill_login_form,
    logout,
    screenshot,
)
from tests.factories import PASSWORD

pytestmark = E2E


def code_from_the_shown_key(page) -> str:
    """What an authenticator app shows after the person typed the key from the page (no database: the page's text)."""
    key = b32decode(page.locator("#sleutel").inner_text().replace(" ", ""))
    return f"{hotp(key, TOTP(key).t()):06d}"


def test_enrolment_then_the_code_then_a_recovery_code(any_page, teamleider):
    page = any_page
    page.goto("/team")
    page.wait_for_url("**/inloggen?next=/team")
    fill_login_form(page, teamleider.username)

    # enrolment: the QR code (inline SVG) and the key as text
    page.wait_for_url("**/inloggen/tweede-factor/instellen?next=%2Fteam")
    page.get_by_role("heading", name="Tweede factor instellen").wait_for()
    assert page.get_by_role("img", name="QR-code om uw authenticator-app te koppelen").is_visible()
    assert page.get_by_role("navigation", name="Hoofdmenu").count() == 0
    assert_accessible(page, "tweede factor instellen")
    if page.viewport_name == "phone":
        assert_no_horizontal_scroll(page, "tweede factor instellen")
    screenshot(page, f"tweede-factor-instellen-{page.viewport_name}")
    page.get_by_label("Code uit de app").fill(code_from_the_shown_key(page))
    page.get_by_role("button", name="Tweede factor instellen").click()

    # the recovery codes, shown once
    page.get_by_role("heading", name="Uw herstelcodes").wait_for()
    codes = page.get_by_role("list", name="Herstelcodes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, "herstelcodes")
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    page.wait_for_url("**/team")
    logout(page)

    # the next login: the code page, the app's code
    fill_login_form(page, teamleider.username)
    page.wait_for_url("**/inloggen/tweede-factor?next=%2F")
    assert_accessible(page, "tweede factor")
    screenshot(page, f"tweede-factor-{page.viewport_name}")
    enter_second_factor(page, teamleider)
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    logout(page)

    # a wrong code: the message next to the field; then a recovery code instead of the app
    fill_login_form(page, teamleider.username)
    page.wait_for_url("**/inloggen/tweede-factor**")
    wrong = "000000" if app_code(TOTPDevice.objects.get(user=teamleider)) != "000000" else "111111"
    page.get_by_label("Code", exact=True).fill(wrong)
    page.get_by_role("button", name="Code controleren").click()
    page.locator("#id_code_error").wait_for()
    assert "Deze code klopt niet" in page.locator("#id_code_error").inner_text()
    assert page.get_by_label("Code", exact=True).get_attribute("aria-invalid") == "true"
    assert_accessible(page, "tweede factor fout")
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Code controleren").click()
    page.wait_for_url(lambda url: "/inloggen" not in url)
    assert "U hebt er nog 9 over" in page.get_by_role("status").first.inner_text()


def test_lockout_after_too_many_wrong_passwords(any_page, professional, settings):
    page = any_page
    page.goto("/inloggen")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        fill_login_form(page, professional.username, "fout-wachtwoord")
        page.get_by_text("klopt niet").wait_for()
    fill_login_form(page, professional.username, "fout-wachtwoord")
    page.locator("#login-geblokkeerd").wait_for()

    fill_login_form(page, professional.username, PASSWORD)
    page.locator("#login-geblokkeerd").wait_for()
    assert "/inloggen" in page.url and "/inloggen/tweede-factor" not in page.url
    assert "te vaak een verkeerd wachtwoord" in page.locator("#login-geblokkeerd").inner_text()
    assert_accessible(page, "inloggen geblokkeerd")
    screenshot(page, f"inloggen-geblokkeerd-{page.viewport_name}")
