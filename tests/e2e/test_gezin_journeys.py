"""Issue 11's corrections and families walked in Chromium, each at desktop width and at phone width (375x812), axe-core
clean on every new page: a contact corrected (also with the keyboard only), deleted and attached; a sibling added and one
removed again; a closure request with its reason; a dossier handed over to another team.

With JGT_SCREENSHOTS=1 the contact correction leaves docs/screenshots/correctie-contact.png (1280 px) and
correctie-375.png (375 px): the dossier page with the corrected contact and the hulpperiode "gecorrigeerd op"."""

from cases.models import Contact, Dossier, Hulpperiode
from jgt_registratie.models import Role
from tests.e2e.helpers import E2E, assert_accessible, assert_no_horizontal_scroll, datum, login, logout, screenshot, screenshot_between
from tests.e2e.test_keyboard import focused, tab_to
from tests.factories import UserFactory

pytestmark = E2E

def open_dossier(page, dossier) -> None:
    page.goto(f"/dossiers/{dossier.pk}")
    page.wait_for_url(f"**/dossiers/{dossier.pk}")


def timeline(page) -> str:
    """The dossier page's contacts as the user reads them."""
    return page.locator("#contacten ~ ol.app-tijdlijn").inner_text()


def hulpperiode_cell(page, label: str) -> str:
    return page.locator(f"#hulpperiodes + .app-tabel tbody [data-label='{label}']").inner_text()


def test_professional_corrects_then_deletes_a_contact(any_page, world):
    page, dossier = any_page, world.actief
    contact = dossier.contacten.get()
    login(page, world.alice)
    open_dossier(page, dossier)
    page.locator("#contacten ~ ol").get_by_role("link", name=f"Wijzigen contact van {contact.datum:%d-%m-%Y}").click()
    page.wait_for_url(f"**/contacten/{contact.pk}/wijzigen")
    assert_accessible(page, f"contact wijzigen ({page.viewport_name})")
    assert_no_horizontal_scroll(page, f"contact wijzigen ({page.viewport_name})")
    page.get_by_role("group", name="Hulpsoort").get_by_label("Zwaar", exact=True).check()
    page.get_by_label("Duur (minuten)").fill("50")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    page.get_by_role("status").filter(has_text="Contact gewijzigd; 1 hulpperiode herberekend.").wait_for()
    assert (f"{datum(contact.datum)} · Face-to-face · 50 min" in timeline(page), hulpperiode_cell(page, "Gecorrigeerd")) == (
        True, f"op {datum(world.today)}")
    assert (hulpperiode_cell(page, "Jeugdige"), hulpperiode_cell(page, "Hulpsoort")) == ("Fenna Demosma", "Zwaar")
    assert (Contact.objects.get(pk=contact.pk).duur_minuten, Hulpperiode.objects.get(dossier=dossier).hulpsoort) == (50, "zwaar")
    assert_accessible(page, f"dossier met gecorrigeerd contact ({page.viewport_name})")
    if page.viewport_name == "desktop":
        screenshot(page, "correctie-contact")
    else:  # the whole page is a long strip on a phone: the part with the hulpperiode and the contact, as a phone shows it
        screenshot_between(page, "correctie-375", "#hulpperiodes", "#contacten ~ ol.app-tijdlijn")

    page.locator("#contacten ~ ol").get_by_role("link", name=f"Verwijderen contact van {contact.datum:%d-%m-%Y}").click()
    page.wait_for_url(f"**/contacten/{contact.pk}/verwijderen")
    assert "Weet u zeker dat u dit contact wilt verwijderen?" in page.locator("#bevestiging-tekst").inner_text()
    assert_accessible(page, f"contact verwijderen ({page.viewport_name})")
    page.get_by_role("button", name="Ja, verwijder dit contact").click()
    page.get_by_role("status").filter(has_text="Contact verwijderd; 1 hulpperiode herberekend.").wait_for()
    assert (page.locator("#contacten + p").inner_text(), page.locator("#hulpperiodes + p").inner_text().startswith("Nog geen hulpperiodes")) == (
        "Nog geen contacten.", True)
    assert (Contact.objects.filter(pk=contact.pk).exists(), Hulpperiode.objects.filter(dossier=dossier).count()) == (False, 0)


def test_keyboard_only_contact_correction(page, world):
    # The issue walked every journey with the keyboard only: from the dossier page to the saved correction, no clicks.
    dossier = world.actief
    contact = dossier.contacten.get()
    login(page, world.alice)
    open_dossier(page, dossier)
    tab_to(page, "de link Wijzigen contact", lambda f: f["tag"] == "a" and " ".join(f["text"].split()).startswith("Wijzigen contact van"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/contacten/{contact.pk}/wijzigen")
    tab_to(page, "Duur (minuten)", lambda f: f["name"] == "duur_minuten")
    page.keyboard.press("Control+A")
    page.keyboard.type("35")
    now = tab_to(page, "Vorm", lambda f: f["name"] == "vorm")
    assert now["value"] == "face_to_face"
    page.keyboard.press("ArrowDown")  # face-to-face -> the next form
    chosen = focused(page)["value"]
    tab_to(page, "de knop Wijzigingen opslaan", lambda f: f["tag"] == "button" and f["text"] == "Wijzigingen opslaan")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Contact gewijzigd").wait_for()
    changed = Contact.objects.get(pk=contact.pk)
    assert (changed.datum, changed.duur_minuten, changed.vorm) == (contact.datum, 35, chosen)
    assert "35 min" in timeline(page)


def test_professional_attaches_a_contact_without_dossier(any_page, world):
    page = any_page
    losse = Contact.objects.get(dossier__isnull=True, geregistreerd_door=world.alice)
    number = str(world.actief.pk)[:8]
    login(page, world.alice)
    page.goto("/contacten")
    assert_accessible(page, f"contactenlijst ({page.viewport_name})")
    assert_no_horizontal_scroll(page, f"contactenlijst ({page.viewport_name})")
    page.get_by_role("link", name=f"Koppelen aan dossier (contact van {losse.datum:%d-%m-%Y})").click()
    page.wait_for_url(f"**/contacten/{losse.pk}/koppelen")
    assert_accessible(page, f"contact koppelen ({page.viewport_name})")
    page.get_by_label("Dossiernummer").fill(number)
    page.get_by_role("button", name="Koppelen").click()
    page.get_by_role("status").filter(has_text=f"Contact gekoppeld aan dossier {number}").wait_for()
    assert (Contact.objects.get(pk=losse.pk).dossier_id, Contact.objects.get(pk=losse.pk).gemeente_id) == (world.actief.pk, None)
    open_dossier(page, world.actief)
    assert f"{datum(losse.datum)} · Telefonisch · 15 min" in timeline(page)


def test_a_sibling_is_added_and_the_teamleider_removes_it_again(any_page, world):
    page = any_page
    dossier, boy = world.actief, world.aangemeld.jeugdigen.get()
    login(page, world.alice)
    open_dossier(page, dossier)
    action = page.locator("#actie-kind")
    action.locator("summary").click()
    assert_accessible(page, f"kind toevoegen ({page.viewport_name})")
    action.get_by_label("Jeugdige").fill(str(boy.pk)[:8])
    action.get_by_role("button", name="Kind toevoegen").click()
    page.get_by_role("status").filter(has_text="De jeugdige is aan het dossier toegevoegd.").wait_for()
    assert page.locator("#jeugdigen + .app-tabel tbody tr").count() == 2
    assert_accessible(page, f"dossier met twee kinderen ({page.viewport_name})")
    assert_no_horizontal_scroll(page, f"dossier met twee kinderen ({page.viewport_name})")
    assert (dossier.jeugdigen.count(), list(Hulpperiode.objects.filter(dossier=dossier, jeugdige=boy).values_list("start", flat=True))) == (
        2, [world.today])
    logout(page)

    login(page, world.tessa)
    open_dossier(page, dossier)
    page.get_by_role("link", name=f"Verwijderen uit dossier (Daan Testervelt {str(boy.pk)[:8]})").click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}/jeugdigen/{boy.pk}/verwijderen")
    assert_accessible(page, f"kind verwijderen ({page.viewport_name})")
    page.get_by_role("button", name="Ja, verwijder uit dossier").click()
    page.get_by_role("status").filter(has_text="is uit dossier").wait_for()
    assert page.locator("#jeugdigen + .app-tabel tbody tr").count() == 1
    assert (dossier.jeugdigen.count(), Hulpperiode.objects.filter(dossier=dossier, jeugdige=boy).count()) == (1, 0)


def test_closure_request_with_a_reason_reaches_the_teamleider(any_page, world):
    page, dossier = any_page, world.actief
    login(page, world.alice)
    open_dossier(page, dossier)
    action = page.locator("#actie-afsluitverzoek")
    action.locator("summary").click()
    assert_accessible(page, f"afsluitverzoek ({page.viewport_name})")
    action.get_by_label("Toelichting (optioneel)").fill("Doelen bereikt; gezin redt zich.")
    action.get_by_role("button", name="Vraag teamleider om afsluiting").click()
    page.get_by_role("status").filter(has_text="De teamleider is gevraagd het dossier af te sluiten.").wait_for()
    assert page.locator("#afsluiting-toelichting").inner_text() == "Doelen bereikt; gezin redt zich."
    assert Dossier.objects.get(pk=dossier.pk).afsluiting_toelichting == "Doelen bereikt; gezin redt zich."
    logout(page)

    login(page, world.tessa)
    page.goto("/team")
    assert "Toelichting: Doelen bereikt; gezin redt zich." in page.locator("[data-lijst=afsluitverzoeken]").inner_text()
    assert_accessible(page, f"teamoverzicht met toelichting ({page.viewport_name})")
    assert_no_horizontal_scroll(page, f"teamoverzicht met toelichting ({page.viewport_name})")


def test_teamleider_hands_a_dossier_over_to_another_team(any_page, world):
    page, dossier = any_page, world.aangemeld
    otto = UserFactory(username="otto", role=Role.TEAMLEIDER, teams=[world.elders.team])
    login(page, world.tessa)
    open_dossier(page, dossier)
    action = page.locator("#actie-overdragen")
    action.locator("summary").click()
    assert_accessible(page, f"dossier overdragen ({page.viewport_name})")
    action.get_by_label("Naar team").select_option(label=world.elders.team.naam)
    action.get_by_label("Ik begrijp dat ons team dit dossier daarna niet meer ziet").check()
    action.get_by_role("button", name="Dossier overdragen").click()
    page.wait_for_url("**/dossiers")
    page.get_by_role("status").filter(has_text=f"Dossier {str(dossier.pk)[:8]} is overgedragen").wait_for()
    assert page.locator(f"a[href='/dossiers/{dossier.pk}']").count() == 0
    moved = Dossier.objects.get(pk=dossier.pk)
    assert (moved.team_id, moved.regiehouder_id, moved.jeugdigen.get().team_id) == (world.elders.team_id, otto.pk, world.elders.team_id)
    response = page.goto(f"/dossiers/{dossier.pk}")
    assert response.status == 404
    page.goto("/")
    logout(page)

    login(page, otto)  # the other team's teamleider finds it in the list, as its regiehouder
    page.goto("/dossiers")
    page.get_by_role("link", name=str(dossier.pk)[:8]).click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}")
    assert page.locator("dl.app-gegevens dt", has_text="Regiehouder").locator("xpath=following-sibling::dd[1]").inner_text() == str(otto)
    assert_accessible(page, f"overgedragen dossier bij het andere team ({page.viewport_name})")

