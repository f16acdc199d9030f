"""Forms that cannot go wrong (issue 11): the date field, where the focus starts, drafts after a failed save; and the
dossier list on a phone (cards) and on a wide screen (no word broken)."""

from cases.models import Contact
from tests.e2e.helpers import (
    E2E,
    assert_accessible,
    assert_no_horizontal_scroll,
    datum,
    enter_second_factor,
    fill_login_form,
    login,
    screenshot,
)
from tests.e2e.test_sessie import expire_sessions_on_the_server

pytestmark = E2E


def last_contact(user):
    return Contact.objects.filter(geregistreerd_door=user).order_by("-geregistreerd_op").first()


def active_name(page) -> str:
    return page.evaluate("() => document.activeElement ? (document.activeElement.name || '') : ''")


def test_the_keys_of_issue_11_leave_the_date_unchanged(page, world):
    # Issue 11 point 1: on 29-11-2026 these keys, pressed from the Datum field, saved "Contact van 20-11-2026".
    login(page, world.alice)
    page.goto("/registreren")
    before = Contact.objects.count()
    page.get_by_label("Datum", exact=True).focus()
    for key in ["Tab", "Control+A"]:
        page.keyboard.press(key)
    page.keyboard.type("20")
    for key in ["Tab", "ArrowRight", "Tab", "ArrowRight", "Enter"]:
        page.keyboard.press(key)
    page.get_by_role("status").filter(has_text="opgeslagen").wait_for()
    assert f"Contact van {datum(world.today)} opgeslagen" in page.get_by_role("status").first.inner_text()
    assert Contact.objects.count() == before + 1
    contact = last_contact(world.alice)
    assert (contact.datum, contact.duur_minuten) == (world.today, 20)


def test_the_date_is_one_dutch_text_field_that_says_vandaag(page, world):
    login(page, world.alice)
    page.goto("/registreren")
    field = page.get_by_label("Datum", exact=True)
    assert (field.get_attribute("type"), field.get_attribute("inputmode"), field.input_value()) == ("text", "numeric", datum(world.today))
    assert page.locator(".app-datum__vandaag").inner_text() == "vandaag"
    assert page.locator(".app-datum__knop").get_attribute("tabindex") == "-1"
    field.fill("28-11-2026")
    assert page.locator(".app-datum__vandaag").inner_text() == ""


def test_the_calendar_writes_the_chosen_day_as_dd_mm_jjjj(page, world):
    login(page, world.alice)
    page.goto("/registreren")
    # The browser's own picker cannot be clicked in a headless browser; choose in it as its change event does.
    page.locator(".app-datum__kiezer").evaluate("(el) => { el.value = '2026-11-03'; el.dispatchEvent(new Event('change')); }")
    assert page.get_by_label("Datum", exact=True).input_value() == "03-11-2026"


def test_a_bad_date_gets_a_dutch_message(page, world):
    login(page, world.alice)
    page.goto("/registreren")
    page.get_by_label("Datum", exact=True).fill("31-02-2026")
    page.get_by_role("button", name="Contact opslaan").click()
    assert "Vul een bestaande datum in als dd-mm-jjjj" in page.locator("#foutsamenvatting").inner_text()


def test_focus_starts_on_the_dossier_not_on_the_date(page, world):
    login(page, world.alice)
    page.goto("/registreren")
    page.locator("#contactformulier").wait_for()
    assert active_name(page) == "dossier"


def fail_a_save(page):
    """A save that fails: the duur emptied (the broken draft of issue 11 point 6)."""
    page.get_by_label("Duur (minuten)").fill("")
    page.get_by_label("Duur (minuten)").fill("")
    page.get_by_role("button", name="Contact opslaan").click()
    page.locator("#foutsamenvatting").wait_for()


def test_after_a_failed_save_the_page_keeps_the_input_and_the_next_visit_starts_from_the_defaults(page, world):
    login(page, world.alice)
    page.goto("/registreren")
    page.get_by_role("group", name="Vorm").get_by_label("Huisbezoek").check()
    fail_a_save(page)
    assert page.get_by_role("group", name="Vorm").get_by_label("Huisbezoek").is_checked()  # the input, with its errors
    page.get_by_role("link", name="Dossiers", exact=True).click()
    page.goto("/registreren")
    assert page.locator("#concept-melding").count() == 0
    assert (page.get_by_label("Duur (minuten)").input_value(),
            page.get_by_role("group", name="Vorm").get_by_label("Telefonisch").is_checked()) == ("15", True)  # her last contact's


def test_a_draft_comes_back_after_the_tab_was_closed(page, world):
    login(page, world.alice)
    page.goto("/registreren")
    page.get_by_label("Duur (minuten)").fill("45")
    page.wait_for_timeout(400)  # the draft is written 250 ms after the last change
    context = page.context
    page.close()
    again = context.new_page()
    again.goto("/registreren")
    again.locator("#concept-melding").wait_for()
    assert again.get_by_label("Duur (minuten)").input_value() == "45"


def test_a_draft_from_a_failed_save_comes_back_after_submitting_into_an_expired_session(page, world):
    login(page, world.alice)
    page.goto("/registreren")
    fail_a_save(page)
    page.get_by_label("Duur (minuten)").fill("40")
    expire_sessions_on_the_server(page)
    page.get_by_role("button", name="Contact opslaan").click()
    page.wait_for_url(lambda url: "/inloggen" in url)
    fill_login_form(page, world.alice.username)
    enter_second_factor(page, world.alice)
    page.wait_for_url("**/registreren")
    page.locator("#concept-melding").wait_for()
    assert page.get_by_label("Duur (minuten)").input_value() == "40"


VALUES_UNDER_THEIR_LABEL = """() => Array.from(document.querySelectorAll('.app-kaarten tbody [data-label]')).filter((cell) => {
    const label = parseFloat(getComputedStyle(cell, '::before').width);
    return parseFloat(getComputedStyle(cell).paddingInlineStart) < label;
}).map((cell) => cell.getAttribute('data-label'))"""


CELLS_TOO_NARROW = """() => Array.from(document.querySelectorAll('.app-kaarten tbody th, .app-kaarten tbody td'))
    .filter((cell) => cell.scrollWidth > cell.clientWidth)
    .map((cell) => (cell.getAttribute('data-label') || '') + ': ' + cell.innerText)"""

DATES_ON_MORE_THAN_ONE_LINE = """() => Array.from(document.querySelectorAll('.app-kaarten tbody .app-nowrap')).filter((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size > 1;
}).map((el) => el.innerText)"""


def test_the_dossier_list_is_cards_on_a_phone_with_no_word_broken(phone_page, world):
    login(phone_page, world.alice)
    phone_page.goto("/dossiers")
    rows = phone_page.locator(".app-kaarten tbody tr")
    assert rows.count() == 2
    assert rows.first.evaluate("(row) => getComputedStyle(row).display") == "block"
    assert phone_page.evaluate(CELLS_TOO_NARROW) == []
    assert phone_page.evaluate(DATES_ON_MORE_THAN_ONE_LINE) == []
    assert phone_page.evaluate(VALUES_UNDER_THEIR_LABEL) == []
    assert_no_horizontal_scroll(phone_page, "dossierlijst op 375 px")
    assert_accessible(phone_page, "dossierlijst op 375 px")
    screenshot(phone_page, "dossierlijst-375")


def test_the_dossier_page_tables_are_cards_on_a_phone_with_each_value_beside_its_label(phone_page, world):
    login(phone_page, world.alice)
    phone_page.goto(f"/dossiers/{world.actief.pk}")
    assert phone_page.locator(".app-kaarten").count() == 3
    assert phone_page.evaluate(VALUES_UNDER_THEIR_LABEL) == []
    assert phone_page.evaluate(CELLS_TOO_NARROW) == []
    assert_no_horizontal_scroll(phone_page, "dossierpagina op 375 px")


WRAPPED_LINES = """(text) => {
    const cell = Array.from(document.querySelectorAll('.app-kaarten thead th')).find((th) => th.innerText.trim() === text);
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
}"""


def test_the_dossier_list_headings_do_not_wrap_on_a_wide_screen(page, world):
    login(page, world.alice)
    page.goto("/dossiers")
    assert page.evaluate(WRAPPED_LINES, "Hulpsoort") == 1
    assert page.evaluate(CELLS_TOO_NARROW) == []
    assert_accessible(page, "dossierlijst op 1280 px")
