"""Issue 11 in the browser, each journey at desktop width and at phone width (375x812), axe-core clean: a jeugdige's
name and BSN corrected on its page, a move registered, betrokkenen added, changed and removed; a family found by name
in the dossier list (also without the accent) and in the suggestions of Snel registreren; and "meer resultaten ...
bekijk alle N" reached with the keyboard only."""

from django.db.models import F

from cases.models import Adres, Betrokkene, Jeugdige
from tests.builders import OTHER_VALID_BSN, VALID_BSN, days_ago, make_dossier, make_jeugdige
from tests.e2e.helpers import E2E, assert_accessible, assert_no_horizontal_scroll, datum, fill_date, login
from tests.e2e.test_keyboard import focused

pytestmark = E2E


def details(page) -> dict[str, str]:
    """The jeugdige page's "Naam", "BSN", ... as the user reads them."""
    return dict(zip(page.locator("dl.app-gegevens dt").all_inner_texts(), page.locator("dl.app-gegevens dd").all_inner_texts(), strict=True))


def open_jeugdige_from_its_dossier(page, world) -> Jeugdige:
    girl = world.actief.jeugdigen.get()
    page.goto(f"/dossiers/{world.actief.pk}")
    page.get_by_role("link", name="Fenna Demosma").click()
    page.wait_for_url(f"**/jeugdigen/{girl.pk}")
    return girl


def test_a_jeugdige_gets_a_name_and_another_bsn(any_page, world):
    page = any_page
    login(page, world.alice)
    girl = open_jeugdige_from_its_dossier(page, world)
    assert (details(page)["Naam"], details(page)["BSN"]) == ("Fenna Demosma", VALID_BSN)
    page.locator("#actie-wijzigen summary").click()
    assert_accessible(page, f"jeugdige wijzigen ({page.viewport_name})")
    assert_no_horizontal_scroll(page, f"jeugdige wijzigen ({page.viewport_name})")
    page.get_by_label("Voornamen of roepnaam").fill("Zoë")
    page.get_by_label("Achternaam").fill("Voorbeeld")
    page.get_by_label("BSN (optioneel)").fill(OTHER_VALID_BSN)
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    page.get_by_role("status").filter(has_text="De gegevens van de jeugdige zijn gewijzigd.").wait_for()
    assert (page.get_by_role("heading", level=1).inner_text().startswith("Zoë Voorbeeld"), details(page)["BSN"]) == (True, OTHER_VALID_BSN)
    assert (Jeugdige.objects.get(pk=girl.pk).naam, Jeugdige.objects.get(pk=girl.pk).bsn) == ("Zoë Voorbeeld", OTHER_VALID_BSN)


def test_a_bad_bsn_is_refused_on_the_page_and_nothing_changes(any_page, world):
    page = any_page
    login(page, world.alice)
    girl = open_jeugdige_from_its_dossier(page, world)
    page.locator("#actie-wijzigen summary").click()
    page.get_by_label("BSN (optioneel)").fill("123456789")  # fails the 11-proef
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    page.locator("#actie-wijzigen #foutsamenvatting").wait_for()
    assert "BSN" in page.locator("#actie-wijzigen #foutsamenvatting").inner_text()
    assert_accessible(page, f"jeugdige wijzigen met fout ({page.viewport_name})")
    assert Jeugdige.objects.get(pk=girl.pk).bsn == VALID_BSN


def address_rows(page) -> list[list[str]]:
    rows = page.locator("#adressen ~ .app-tabel tbody tr")
    return [row.locator("td").all_inner_texts() for row in rows.all()]


def test_a_move_keeps_the_old_address_in_the_history(any_page, world):
    page, moved_on = any_page, days_ago(5)
    login(page, world.alice)
    girl = open_jeugdige_from_its_dossier(page, world)
    action = page.locator("#actie-verhuizing")
    action.locator("summary").click()
    assert_accessible(page, f"verhuizing ({page.viewport_name})")
    action.get_by_label("Nieuwe postcode (optioneel)").fill("2312CD")
    action.get_by_label("Gemeente (woonplaats)").select_option(label=world.leiden.naam)
    fill_date(action.get_by_label("Per datum"), moved_on)
    action.get_by_role("button", name="Verhuizing opslaan").click()
    page.get_by_role("status").filter(has_text=f"De verhuizing per {datum(moved_on)} is vastgelegd.").wait_for()
    assert address_rows(page) == [["eerste adres", "2311AB", world.leiden.naam],
                                  [datum(moved_on), "2312CD", f"{world.leiden.naam} (huidig)"]]
    assert (details(page)["Postcode"], details(page)["Gemeente"]) == ("2312CD", world.leiden.naam)
    assert_no_horizontal_scroll(page, f"adresgeschiedenis ({page.viewport_name})")
    assert list(Adres.objects.filter(jeugdige=girl).order_by(F("geldig_vanaf").asc(nulls_first=True)).values_list("geldig_vanaf", "postcode")) == [
        (None, "2311AB"), (moved_on, "2312CD")]


def test_betrokkenen_are_added_changed_and_removed(any_page, world):
    page, dossier = any_page, world.actief
    login(page, world.alice)
    page.goto(f"/dossiers/{dossier.pk}")
    page.locator("#actie-betrokkene summary").click()
    assert_accessible(page, f"betrokkene toevoegen ({page.viewport_name})")
    add = page.locator("#actie-betrokkene")
    add.get_by_label("Naam", exact=True).fill("Anna Demosma")
    add.get_by_role("group", name="Relatie").get_by_label("Ouder", exact=True).check()
    add.get_by_label("Telefoon (optioneel)").fill("06 12345678")
    add.get_by_role("button", name="Betrokkene toevoegen").click()
    page.get_by_role("status").filter(has_text="Anna Demosma is toegevoegd als betrokkene").wait_for()
    assert page.locator(".app-betrokkene").inner_text().startswith("Anna Demosma · Ouder · 06 12345678")
    anna = Betrokkene.objects.get(dossier=dossier)

    edit = page.locator(f"#actie-betrokkene-{anna.pk}")
    edit.locator("summary").click()
    assert_accessible(page, f"betrokkene wijzigen ({page.viewport_name})")
    assert_no_horizontal_scroll(page, f"betrokkenen ({page.viewport_name})")
    edit.get_by_label("E-mail (optioneel)").fill("anna@example.org")
    edit.get_by_role("button", name="Betrokkene opslaan").click()
    page.get_by_role("status").filter(has_text="De betrokkene is gewijzigd.").wait_for()
    assert page.get_by_role("link", name="anna@example.org").get_attribute("href") == "mailto:anna@example.org"
    assert Betrokkene.objects.get(pk=anna.pk).email == "anna@example.org"

    page.get_by_role("button", name="Anna Demosma verwijderen").click()
    page.get_by_role("status").filter(has_text="Anna Demosma is verwijderd als betrokkene.").wait_for()
    assert page.locator("#betrokkenen ~ p", has_text="Nog geen betrokkenen.").count() == 1
    assert Betrokkene.objects.filter(dossier=dossier).count() == 0


def test_the_dossier_list_finds_a_family_by_name_without_the_accent(any_page, world):
    page = any_page
    jose = make_jeugdige(world.alice, world.team, world.leiden, voornamen="José", achternaam="Ramírez", geslacht="M")
    dossier = make_dossier(world.alice, world.team, world.leiden, jeugdigen=[jose])
    login(page, world.alice)
    page.goto("/dossiers")
    page.get_by_label("Zoeken", exact=True).fill("jose ramirez")
    page.get_by_label("Zoeken", exact=True).press("Enter")
    page.wait_for_url("**/dossiers?q=jose+ramirez**")
    assert page.locator("#aantal-dossiers").inner_text() == "1 dossier gevonden."
    assert page.locator(".app-kaarten tbody [data-label=Jeugdigen]").inner_text() == "José Ramírez (01-04-2012)"
    assert_accessible(page, f"dossierlijst gezocht op naam ({page.viewport_name})")
    page.get_by_role("link", name=str(dossier.pk)[:8]).click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}")


def test_the_suggestions_find_a_family_by_part_of_its_name(any_page, world):
    page, number = any_page, str(world.actief.pk)[:8]
    login(page, world.alice)
    page.goto("/registreren")
    page.locator("#contactformulier").wait_for()
    page.keyboard.type("demos")  # the focus starts in the dossier field
    option = page.get_by_role("option").filter(has_text=number)
    option.wait_for()
    assert "Fenna Demosma (01-04-2012)" in option.inner_text()
    assert_accessible(page, f"suggesties op naam ({page.viewport_name})")
    assert_no_horizontal_scroll(page, f"suggesties op naam ({page.viewport_name})")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert (focused(page)["value"], page.locator("#dossier-opties").is_visible()) == (number, False)


OPTIONS_CUT_OFF = "() => Array.from(document.querySelectorAll('#dossier-opties [role=option]')).filter((o) => o.scrollHeight > o.clientHeight + 1).length"


def twelve_jansen_families(world) -> None:
    for i in range(12):
        kid = make_jeugdige(world.alice, world.team, world.leiden, voornamen=f"Kind{i}", achternaam="Jansen")
        make_dossier(world.alice, world.team, world.leiden, jeugdigen=[kid])


def test_bekijk_alle_n_is_reached_with_the_keyboard_and_opens_the_list_with_as_many(any_page, world):
    page = any_page
    twelve_jansen_families(world)
    login(page, world.alice)
    page.goto("/registreren")
    page.locator("#contactformulier").wait_for()
    page.keyboard.type("jansen")
    more = page.locator("#dossier-meer")
    more.get_by_role("link", name="bekijk alle 12").wait_for()
    assert (page.locator("#dossier-opties").get_by_role("option").count(), more.inner_text()) == (10, "meer resultaten: verfijn uw zoekopdracht of bekijk alle 12")
    assert page.evaluate(OPTIONS_CUT_OFF) == 0  # ten options in a scrolling list, none squeezed below its text
    page.keyboard.press("Tab")  # the scrolling list is no stop: straight to the link
    assert (focused(page)["tag"], focused(page)["text"], page.locator("#dossier-opties").is_visible()) == ("a", "bekijk alle 12", True)
    assert_accessible(page, f"suggesties met meer resultaten ({page.viewport_name})")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dossiers?q=jansen")
    assert page.locator("#aantal-dossiers").inner_text() == "12 dossiers gevonden."


def test_escape_on_bekijk_alle_n_closes_the_suggestions_and_returns_to_the_field(page, world):
    twelve_jansen_families(world)
    login(page, world.alice)
    page.goto("/registreren")
    page.locator("#contactformulier").wait_for()
    page.keyboard.type("jansen")
    page.locator("#dossier-meer").get_by_role("link", name="bekijk alle 12").wait_for()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert (focused(page)["name"], page.locator("#dossier-opties").is_visible(), page.locator("#dossier-meer").inner_text()) == (
        "dossier", False, "")
    page.keyboard.press("Tab")  # past the field, the hidden link is no stop
    assert focused(page)["tag"] != "a"
