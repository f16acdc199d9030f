"""Session expiry: a warning before work is lost, and a draft of the form that survives an expired session.

The browser's clock is Playwright's fake clock, so the minutes before the warning pass in an instant; on the
server the session is expired the way the database backend sees it (its expire_date in the past).
"""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from cases.models import Contact
from tests.e2e.helpers import E2E, enter_second_factor, fill_login_form, login

pytestmark = E2E

IDLE = 180  # the shortest idle timeout the settings allow; the warning comes 120 s before the end


def expire_sessions_on_the_server(page):
    page.wait_for_load_state("networkidle")  # no request still in flight that would save (and so renew) the session
    assert Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1)) == 1


def fill_part_of_the_form(page):
    form = page.locator("#contactformulier")
    page.get_by_label("Duur (minuten)").fill("45")
    form.get_by_role("group", name="Vorm").get_by_label("Huisbezoek").check()
    form.get_by_role("group", name="Probleemcategorieën").get_by_label("Alcohol, drugs, gamen").check()
    page.get_by_label("Leeftijdsklasse").select_option("12-17")
    page.wait_for_timeout(400)  # the draft is written 250 ms after the last change


def assert_draft_restored(page):
    page.locator("#concept-melding").wait_for()
    assert "niet-opgeslagen concept hersteld" in page.locator("#concept-melding").inner_text()
    form = page.locator("#contactformulier")
    assert page.get_by_label("Duur (minuten)").input_value() == "45"
    assert form.get_by_role("group", name="Vorm").get_by_label("Huisbezoek").is_checked()
    assert form.get_by_role("group", name="Probleemcategorieën").get_by_label("Alcohol, drugs, gamen").is_checked()
    assert page.get_by_label("Leeftijdsklasse").input_value() == "12-17"


def save_and_check(page, world):
    before = Contact.objects.count()
    page.get_by_role("button", name="Contact opslaan").click()
    page.get_by_role("status").filter(has_text="opgeslagen").wait_for()
    assert Contact.objects.count() == before + 1
    contact = Contact.objects.filter(geregistreerd_door=world.alice).order_by("-geregistreerd_op").first()
    assert (contact.duur_minuten, contact.vorm, contact.leeftijdsklasse) == (45, "huisbezoek", "12-17")
    assert list(contact.probleemcategorieen.values_list("code", flat=True)) == ["middelen"]
    # The draft is gone after the save: the next form starts from the defaults again.
    page.goto("/registreren")
    assert _draft_keys(page) == []
    assert page.locator("#concept-melding").count() == 0


def test_warning_before_expiry_then_draft_survives_logging_in_again(page, world, settings):
    settings.SESSION_IDLE_SECONDS = IDLE
    settings.SESSION_COOKIE_AGE = IDLE
    page.clock.install()
    login(page, world.alice)
    page.goto("/registreren")
    fill_part_of_the_form(page)
    dialog = page.locator("#sessie-dialoog")
    assert not dialog.is_visible()

    page.clock.run_for((IDLE - 120 + 1) * 1000)
    dialog.wait_for(state="visible")
    assert "Uw sessie verloopt bijna" in dialog.inner_text()
    assert dialog.get_by_role("button", name="Blijf ingelogd").is_visible()

    expire_sessions_on_the_server(page)
    page.clock.run_for(120 * 1000)
    assert "Uw sessie is verlopen" in dialog.inner_text()
    dialog.get_by_role("link", name="Opnieuw inloggen").click()
    page.wait_for_url(lambda url: "/inloggen" in url)
    assert page.url.endswith("/inloggen?next=/registreren") or page.url.endswith("/inloggen?next=%2Fregistreren")
    assert "Was uw sessie verlopen?" in page.get_by_role("status").inner_text()
    fill_login_form(page, world.alice.username)
    enter_second_factor(page, world.alice)
    page.wait_for_url("**/registreren")
    assert_draft_restored(page)
    save_and_check(page, world)


def test_blijf_ingelogd_keeps_the_session(page, world, settings):
    settings.SESSION_IDLE_SECONDS = IDLE
    settings.SESSION_COOKIE_AGE = IDLE
    page.clock.install()
    login(page, world.alice)
    page.goto("/registreren")
    before = Session.objects.get().expire_date
    page.clock.run_for((IDLE - 120 + 1) * 1000)
    dialog = page.locator("#sessie-dialoog")
    dialog.get_by_role("button", name="Blijf ingelogd").click()
    dialog.wait_for(state="hidden")
    assert Session.objects.get().expire_date > before
    page.clock.run_for((IDLE - 120 - 10) * 1000)
    assert not dialog.is_visible()


def test_submitting_after_expiry_keeps_the_input_for_after_logging_in(page, world):
    login(page, world.alice)
    page.goto("/registreren")
    fill_part_of_the_form(page)
    expire_sessions_on_the_server(page)
    before = Contact.objects.count()
    page.get_by_role("button", name="Contact opslaan").click()
    page.wait_for_url(lambda url: "/inloggen" in url)
    assert page.url.endswith("/inloggen?next=/registreren") or page.url.endswith("/inloggen?next=%2Fregistreren")
    assert Contact.objects.count() == before
    fill_login_form(page, world.alice.username)
    enter_second_factor(page, world.alice)
    page.wait_for_url("**/registreren")
    assert_draft_restored(page)
    save_and_check(page, world)


def _draft_keys(page) -> list[str]:
    return page.evaluate("Object.keys(window.localStorage).filter(function (k) { return k.indexOf('jgt-concept:') === 0; })")


def test_logging_out_forgets_the_drafts_of_this_browser(page, world):
    login(page, world.alice)
    page.goto("/registreren")
    fill_part_of_the_form(page)
    assert len(_draft_keys(page)) == 1  # the draft is really there before the logout

    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", name="Inloggen").wait_for()
    assert _draft_keys(page) == []

    login(page, world.alice)
    page.goto("/registreren")
    assert page.locator("#concept-melding").count() == 0
    assert page.get_by_label("Duur (minuten)").input_value() == "15"  # her last contact's, not the draft's 45
