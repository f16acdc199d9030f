"""Issue 11's corrections and families walked in Chromium (desktop), axe-core clean on every new page: a contact
corrected, deleted and attached; a sibling added and one removed again; a closure request with its reason; a dossier
handed over to another team."""

from cases.models import Contact, Dossier, Hulpperiode
from jgt_registratie.models import Role
from tests.e2e.helpers import E2E, assert_accessible, login, logout, screenshot
from tests.factories import UserFactory

pytestmark = E2E


def open_dossier(page, dossier) -> None:
    page.goto(f"/dossiers/{dossier.pk}")
    page.wait_for_url(f"**/dossiers/{dossier.pk}")


def test_professional_corrects_then_deletes_a_contact(page, world):
    dossier = world.actief
    contact = dossier.contacten.get()
    login(page, world.alice)
    open_dossier(page, dossier)
    page.locator("#contacten ~ ol").get_by_role("link", name=f"Wijzigen contact van {contact.datum:%d-%m-%Y}").click()
    page.wait_for_url(f"**/contacten/{contact.pk}/wijzigen")
    assert_accessible(page, "contact wijzigen")
    page.get_by_role("group", name="Hulpsoort").get_by_label("Zwaar", exact=True).check()
    page.get_by_label("Duur (minuten)").fill("50")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    page.get_by_role("status").filter(has_text="Contact gewijzigd; 1 hulpperiode herberekend.").wait_for()
    screenshot(page, "correctie-contact-gewijzigd")
    assert (Contact.objects.get(pk=contact.pk).duur_minuten, Hulpperiode.objects.get(dossier=dossier).hulpsoort) == (50, "zwaar")

    page.locator("#contacten ~ ol").get_by_role("link", name=f"Verwijderen contact van {contact.datum:%d-%m-%Y}").click()
    page.wait_for_url(f"**/contacten/{contact.pk}/verwijderen")
    assert "Weet u zeker dat u dit contact wilt verwijderen?" in page.locator("#bevestiging-tekst").inner_text()
    assert_accessible(page, "contact verwijderen")
    page.get_by_role("button", name="Ja, verwijder dit contact").click()
    page.get_by_role("status").filter(has_text="Contact verwijderd; 1 hulpperiode herberekend.").wait_for()
    assert (Contact.objects.filter(pk=contact.pk).exists(), Hulpperiode.objects.filter(dossier=dossier).count()) == (False, 0)


def test_professional_attaches_a_contact_without_dossier(page, world):
    losse = Contact.objects.get(dossier__isnull=True, geregistreerd_door=world.alice)
    number = str(world.actief.pk)[:8]
    login(page, world.alice)
    page.get_by_role("link", name="Contacten", exact=True).click()
    page.wait_for_url("**/contacten")
    assert_accessible(page, "contactenlijst")
    page.get_by_role("link", name=f"Koppelen aan dossier (contact van {losse.datum:%d-%m-%Y})").click()
    page.wait_for_url(f"**/contacten/{losse.pk}/koppelen")
    assert_accessible(page, "contact koppelen")
    page.get_by_label("Dossiernummer").fill(number)
    page.get_by_role("button", name="Koppelen").click()
    page.get_by_role("status").filter(has_text=f"Contact gekoppeld aan dossier {number}").wait_for()
    assert (Contact.objects.get(pk=losse.pk).dossier_id, Contact.objects.get(pk=losse.pk).gemeente_id) == (world.actief.pk, None)


def test_a_sibling_is_added_and_the_teamleider_removes_it_again(page, world):
    dossier, boy = world.actief, world.aangemeld.jeugdigen.get()
    login(page, world.alice)
    open_dossier(page, dossier)
    action = page.locator("#actie-kind")
    action.locator("summary").click()
    action.get_by_label("Jeugdige").fill(str(boy.pk)[:8])
    action.get_by_role("button", name="Kind toevoegen").click()
    page.get_by_role("status").filter(has_text="De jeugdige is aan het dossier toegevoegd.").wait_for()
    assert_accessible(page, "dossier met twee kinderen")
    assert (dossier.jeugdigen.count(), list(Hulpperiode.objects.filter(dossier=dossier, jeugdige=boy).values_list("start", flat=True))) == (
        2, [world.today])
    logout(page)

    login(page, world.tessa)
    open_dossier(page, dossier)
    page.get_by_role("link", name=f"Verwijderen uit dossier (jeugdige {str(boy.pk)[:8]})").click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}/jeugdigen/{boy.pk}/verwijderen")
    assert_accessible(page, "kind verwijderen")
    page.get_by_role("button", name="Ja, verwijder uit dossier").click()
    page.get_by_role("status").filter(has_text="is uit dossier").wait_for()
    assert (dossier.jeugdigen.count(), Hulpperiode.objects.filter(dossier=dossier, jeugdige=boy).count()) == (1, 0)


def test_closure_request_with_a_reason_reaches_the_teamleider(page, world):
    dossier = world.actief
    login(page, world.alice)
    open_dossier(page, dossier)
    action = page.locator("#actie-afsluitverzoek")
    action.locator("summary").click()
    action.get_by_label("Toelichting (optioneel)").fill("Doelen bereikt; gezin redt zich.")
    action.get_by_role("button", name="Vraag teamleider om afsluiting").click()
    page.get_by_role("status").filter(has_text="De teamleider is gevraagd het dossier af te sluiten.").wait_for()
    assert Dossier.objects.get(pk=dossier.pk).afsluiting_toelichting == "Doelen bereikt; gezin redt zich."
    logout(page)

    login(page, world.tessa)
    page.get_by_role("link", name="Team", exact=True).click()
    page.wait_for_url("**/team")
    assert "Toelichting: Doelen bereikt; gezin redt zich." in page.locator("[data-lijst=afsluitverzoeken]").inner_text()
    assert_accessible(page, "teamoverzicht met toelichting")


def test_teamleider_hands_a_dossier_over_to_another_team(page, world):
    dossier = world.aangemeld
    otto = UserFactory(username="otto", role=Role.TEAMLEIDER, teams=[world.elders.team])
    login(page, world.tessa)
    open_dossier(page, dossier)
    action = page.locator("#actie-overdragen")
    action.locator("summary").click()
    assert_accessible(page, "dossier overdragen")
    action.get_by_label("Naar team").select_option(label=world.elders.team.naam)
    action.get_by_label("Ik begrijp dat ons team dit dossier daarna niet meer ziet").check()
    action.get_by_role("button", name="Dossier overdragen").click()
    page.wait_for_url("**/dossiers")
    page.get_by_role("status").filter(has_text=f"Dossier {str(dossier.pk)[:8]} is overgedragen").wait_for()
    moved = Dossier.objects.get(pk=dossier.pk)
    assert (moved.team_id, moved.regiehouder_id, moved.jeugdigen.get().team_id) == (world.elders.team_id, otto.pk, world.elders.team_id)
    response = page.goto(f"/dossiers/{dossier.pk}")
    assert response.status == 404
