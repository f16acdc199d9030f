"""Whole journeys through the web app as people do them, with the database checked after each step."""

from datetime import timedelta

from cases.choices import Status
from cases.models import Contact, Doorverwijzing, Dossier, Jeugdige, StatusWijziging
from tests.builders import OTHER_VALID_BSN, VALID_BSN, make_dossier
from tests.e2e.helpers import E2E, datum, fill_date, login, logout

pytestmark = E2E


def contacts_of(user):
    return Contact.objects.filter(geregistreerd_door=user).order_by("-geregistreerd_op")


def categories(contact) -> list[str]:
    return sorted(contact.probleemcategorieen.values_list("code", flat=True))


def choose_dossier(page, text: str, number: str) -> None:
    """Search as you type in the dossier field and pick the dossier from the list."""
    field = page.get_by_label("Dossier (optioneel)")
    field.fill("")
    field.press_sequentially(text)
    option = page.get_by_role("option").filter(has_text=number)
    option.click()
    assert field.input_value() == number


def test_professional_registers_a_contact_without_and_with_dossier(page, world):
    alice = world.alice
    login(page, alice)
    page.get_by_role("link", name="Snel registreren").first.click()
    page.wait_for_url("**/registreren")
    form = page.locator("#contactformulier")
    # Defaults from her last contact (telefonisch, 15 min, preventief, Leiden, 4-11) and today's date.
    assert page.get_by_label("Datum", exact=True).input_value() == datum(world.today)
    assert page.get_by_label("Duur (minuten)").input_value() == "15"
    assert form.get_by_role("group", name="Vorm").get_by_label("Telefonisch").is_checked()
    assert form.get_by_role("group", name="Hulpsoort").get_by_label("Preventief").is_checked()
    assert page.get_by_label("Gemeente").locator("option:checked").inner_text() == "Leiden"
    assert page.get_by_label("Leeftijdsklasse").input_value() == "4-11"

    before = Contact.objects.count()
    form.get_by_role("group", name="Hulpsoort").get_by_label("Licht").check()
    form.get_by_role("group", name="Probleemcategorieën").get_by_label("Onderwijs, verzuim").check()
    page.get_by_label("Leeftijdsklasse").select_option("12-17")
    page.get_by_role("button", name="Contact opslaan").click()
    page.get_by_role("status").filter(has_text="opgeslagen").wait_for()
    assert f"Contact van {world.today:%d-%m-%Y} opgeslagen (zonder dossier)" in page.get_by_role("status").first.inner_text()
    assert Contact.objects.count() == before + 1
    contact = contacts_of(alice).first()
    assert (contact.dossier_id, contact.datum, contact.duur_minuten, contact.vorm, contact.hulpsoort, contact.gemeente_id,
            contact.leeftijdsklasse) == (None, world.today, 15, "telefonisch", "licht", world.leiden.pk, "12-17")
    assert categories(contact) == ["school"]
    assert contact.registratieduur_seconden is not None

    # With a dossier found by typing its postcode: the contact carries the dossier and no gemeente/leeftijdsklasse.
    number = str(world.actief.pk)[:8]
    choose_dossier(page, "2311", number)
    form.get_by_role("group", name="Vorm").get_by_label("Huisbezoek").check()
    page.get_by_label("Duur (minuten)").fill("60")
    page.get_by_role("button", name="Contact opslaan").click()
    page.get_by_role("status").filter(has_text=f"bij dossier {number}").wait_for()
    assert Contact.objects.count() == before + 2
    contact = contacts_of(alice).first()
    assert (contact.dossier_id, contact.duur_minuten, contact.vorm, contact.gemeente_id, contact.leeftijdsklasse) == (
        world.actief.pk, 60, "huisbezoek", None, "")
    assert world.actief.contacten.count() == 2


def test_dossier_to_waakvlam_then_closed_by_teamleider(page, browser, live_server, world):
    alice, dossier = world.alice, world.actief
    login(page, alice)
    page.get_by_role("link", name="Dossiers", exact=True).click()
    page.get_by_role("link", name=str(dossier.pk)[:8]).click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}")

    evaluatie = world.today + timedelta(days=90)
    action = page.locator("#actie-waakvlam")
    action.locator("summary").click()
    fill_date(action.get_by_label("Evaluatiedatum"), evaluatie)
    # Waakvlam ends the help: it asks the closure's questions, with reden 01 and outcome onbekend ready.
    assert action.get_by_label("Reden beëindiging").input_value() == "01"
    action.get_by_label("Reden beëindiging").select_option("02")
    action.get_by_role("button", name="Op waakvlam zetten").click()
    page.get_by_role("status").filter(has_text="Het dossier staat nu op waakvlam.").wait_for()
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert (dossier.status, dossier.status_sinds, dossier.evaluatiedatum) == (Status.WAAKVLAM, world.today, evaluatie)
    assert list(StatusWijziging.objects.filter(dossier=dossier, naar=Status.WAAKVLAM, door=alice, evaluatiedatum=evaluatie).values_list(
        "reden_beeindiging", "doelen_bereikt", "tevredenheid", "zonder_hulp_verder")) == [("02", "onbekend", None, "onbekend")]
    assert page.locator(".app-status").inner_text() == "Waakvlam"
    # A professional cannot close: no such action on her page, only asking the teamleider.
    assert page.locator("#actie-afsluiten").count() == 0
    page.locator("#actie-afsluitverzoek summary").click()
    page.get_by_role("button", name="Vraag teamleider om afsluiting").click()
    page.get_by_role("status").filter(has_text="De teamleider is gevraagd het dossier af te sluiten.").wait_for()
    assert Dossier.objects.get(pk=dossier.pk).afsluiting_gevraagd_op is not None
    logout(page)

    login(page, world.tessa)
    page.get_by_role("link", name="Team", exact=True).click()
    page.wait_for_url("**/team")
    requests = page.locator("[data-lijst=afsluitverzoeken]")
    assert f"Dossier {str(dossier.pk)[:8]}" in requests.inner_text()
    requests.get_by_role("link", name=f"Dossier {str(dossier.pk)[:8]}").click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}")
    action = page.locator("#actie-afsluiten")
    action.locator("summary").click()
    assert action.get_by_label("Einddatum").input_value() == datum(world.today)
    action.get_by_label("Reden beëindiging").select_option("01")
    action.get_by_role("group", name="Doelen bereikt").get_by_label("Deels").check()
    action.get_by_label("Tevredenheid van de cliënt").select_option("4")
    action.get_by_role("group", name="Zonder hulp verder").get_by_label("Ja").check()
    action.get_by_role("button", name="Dossier afsluiten").click()
    page.get_by_role("status").filter(has_text="Het dossier is afgesloten.").wait_for()
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert (dossier.status, dossier.einddatum, dossier.reden_beeindiging, dossier.doelen_bereikt, dossier.tevredenheid,
            dossier.zonder_hulp_verder) == (Status.AFGESLOTEN, world.today, "01", "deels", 4, "ja")
    assert StatusWijziging.objects.filter(dossier=dossier, naar=Status.AFGESLOTEN, door=world.tessa, reden_beeindiging="01").count() == 1
    assert page.locator(".app-status").inner_text() == "Afgesloten"
    assert page.locator("#actie-heropenen").count() == 1


def test_dossier_list_filters_search_and_pagination(page, world):
    for _ in range(24):  # 26 open dossiers of Noord: two pages of 25
        make_dossier(world.alice, world.team, world.leiden, regiehouder=world.tessa, hulpsoort="middelzwaar")
    login(page, world.alice)
    page.get_by_role("link", name="Dossiers", exact=True).click()
    assert page.locator("#aantal-dossiers").inner_text() == "26 dossiers gevonden."
    assert page.locator("tbody tr").count() == 25
    assert str(world.elders.pk)[:8] not in page.content()
    page.get_by_role("link", name="Volgende pagina").click()
    assert page.locator("tbody tr").count() == 1
    assert "pagina 2 van 2" in page.locator("caption").inner_text()

    page.get_by_label("Zoeken").fill(VALID_BSN)
    page.get_by_role("button", name="Filteren").click()
    assert page.locator("#aantal-dossiers").inner_text() == "1 dossier gevonden."
    assert page.locator("tbody tr").first.get_by_role("link").inner_text() == str(world.actief.pk)[:8]

    page.get_by_label("Zoeken").fill("")
    page.get_by_label("Status").select_option("aangemeld")
    page.get_by_label("Hulpsoort").select_option("preventief")
    page.get_by_role("button", name="Filteren").click()
    assert page.locator("#aantal-dossiers").inner_text() == "1 dossier gevonden."
    assert page.locator("tbody tr").first.get_by_role("link").inner_text() == str(world.aangemeld.pk)[:8]

    page.get_by_role("link", name="Mijn dossiers").first.click()  # alice is regiehouder of two of them
    assert page.locator("#aantal-dossiers").inner_text() == "2 dossiers gevonden."


def test_new_jeugdige_with_bsn_check_then_new_dossier(page, world):
    login(page, world.alice)
    page.get_by_role("link", name="Nieuwe jeugdige", exact=True).first.click()
    before = Jeugdige.objects.count()
    page.get_by_label("Voornamen of roepnaam").fill("José")
    page.get_by_label("Tussenvoegsel (optioneel)").fill("de")
    page.get_by_label("Achternaam").fill("Voorbeeld")
    page.get_by_label("BSN (optioneel)").fill("123456789")
    page.get_by_label("Geboortedatum", exact=True).fill("30-06-2016")
    page.get_by_role("group", name="Geslacht").get_by_label("Man").check()
    page.get_by_label("Postcode (optioneel)").fill("2312 AB")
    page.get_by_label("Gemeente (woonplaats)").select_option("0546")
    page.get_by_role("button", name="Jeugdige registreren").click()
    assert "elfproef" in page.locator("#foutsamenvatting").inner_text()
    assert page.get_by_label("BSN (optioneel)").get_attribute("aria-invalid") == "true"
    assert Jeugdige.objects.count() == before

    page.get_by_label("BSN (optioneel)").fill(VALID_BSN)  # already registered (the girl of dossier actief)
    page.get_by_role("button", name="Jeugdige registreren").click()
    assert "al geregistreerd met dit BSN" in page.locator("#foutsamenvatting").inner_text()
    assert Jeugdige.objects.count() == before

    page.get_by_label("BSN (optioneel)").fill(OTHER_VALID_BSN)
    page.get_by_role("button", name="Jeugdige registreren").click()
    page.get_by_role("status").filter(has_text="is geregistreerd").wait_for()
    jeugdige = Jeugdige.objects.get(bsn=OTHER_VALID_BSN)
    adres = jeugdige.huidig_adres
    assert (jeugdige.naam, jeugdige.geboortedatum.isoformat(), jeugdige.geslacht, adres.postcode, adres.gemeente_id, jeugdige.team_id) == (
        "José de Voorbeeld", "2016-06-30", "M", "2312AB", world.leiden.pk, world.team.pk)

    page.get_by_role("link", name="Nieuw dossier voor deze jeugdige").click()
    assert page.get_by_label("Jeugdigen").input_value() == str(jeugdige.pk)[:8]
    page.get_by_role("button", name="Dossier openen").click()  # without aanmelder and categories: errors, nothing stored
    assert "Kies ten minste één probleemcategorie." in page.locator("#foutsamenvatting").inner_text()
    assert Dossier.objects.filter(jeugdigen=jeugdige).count() == 0
    page.get_by_label("Aanmelder").select_option("school")
    page.get_by_role("group", name="Hulpsoort").get_by_label("Licht").check()
    page.get_by_role("group", name="Probleemcategorieën").get_by_label("Onderwijs, verzuim").check()
    page.get_by_role("button", name="Dossier openen").click()
    page.get_by_role("status").filter(has_text="is geopend").wait_for()
    dossier = Dossier.objects.get(jeugdigen=jeugdige)
    assert (dossier.status, dossier.aanmelder, dossier.hulpsoort, dossier.regiehouder_id, dossier.aanmelddatum) == (
        Status.AANGEMELD, "school", "licht", world.alice.pk, world.today)
    assert page.url.endswith(f"/dossiers/{dossier.pk}")


def test_activate_refer_close_and_reopen(page, world):
    dossier = world.aangemeld
    login(page, world.tessa)
    page.goto(f"/dossiers/{dossier.pk}")
    page.locator("#actie-activeren summary").click()
    page.get_by_role("button", name="Dossier activeren").click()
    page.get_by_role("status").filter(has_text="Het dossier is actief gemaakt.").wait_for()
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ACTIEF

    page.locator("#actie-doorverwijzing summary").click()
    page.get_by_label("Soort doorverwijzing").select_option("jeugd_ggz")
    page.get_by_role("button", name="Doorverwijzing opslaan").click()
    page.get_by_role("status").filter(has_text="De doorverwijzing is vastgelegd.").wait_for()
    assert list(Doorverwijzing.objects.filter(dossier=dossier).values_list("soort", "datum")) == [("jeugd_ggz", world.today)]

    page.locator("#actie-afsluiten summary").click()
    page.get_by_role("button", name="Dossier afsluiten").click()  # no reden: an error on the page, nothing changed
    assert "Reden beëindiging" in page.locator("#actie-afsluiten #foutsamenvatting").inner_text()
    assert Dossier.objects.get(pk=dossier.pk).status == Status.ACTIEF
    afsluiten = page.locator("#actie-afsluiten")  # the waakvlam form asks the same questions
    afsluiten.get_by_label("Reden beëindiging").select_option("02")
    afsluiten.get_by_role("group", name="Doelen bereikt").get_by_label("Onbekend").check()
    afsluiten.get_by_role("group", name="Zonder hulp verder").get_by_label("Onbekend").check()
    page.get_by_role("button", name="Dossier afsluiten").click()
    page.get_by_role("status").filter(has_text="Het dossier is afgesloten.").wait_for()
    closed = Dossier.objects.get(pk=dossier.pk)
    assert (closed.status, closed.reden_beeindiging, closed.tevredenheid) == (Status.AFGESLOTEN, "02", None)

    page.locator("#actie-heropenen summary").click()
    page.get_by_role("button", name="Dossier heropenen").click()
    page.get_by_role("status").filter(has_text="Het dossier is heropend en weer actief.").wait_for()
    reopened = Dossier.objects.get(pk=dossier.pk)
    assert (reopened.status, reopened.einddatum, reopened.reden_beeindiging) == (Status.ACTIEF, None, "")


def test_dossier_suggestions_are_hidden_until_searched(page, world):
    login(page, world.alice)
    page.goto("/registreren")
    assert page.locator("#dossier-opties").count() == 1  # there, but hidden until a search finds something
    assert not page.locator("#dossier-opties").is_visible()
    page.get_by_label("Dossier (optioneel)").press_sequentially("2311")
    page.locator("#dossier-opties").wait_for(state="visible")
