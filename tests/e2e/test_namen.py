"""Issue 11 in the browser: correct a jeugdige's name on its page, find the family by that name (also without the
accent) in the dossier list, and add a betrokkene on the dossier page; at desktop and at phone width."""

import pytest

from cases.models import Betrokkene, Jeugdige
from tests.e2e.helpers import E2E, login

pytestmark = E2E


@pytest.mark.parametrize("width", [1280, 375])
def test_name_a_jeugdige_find_the_family_and_add_a_parent(page, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    girl = world.actief.jeugdigen.get()
    login(page, world.alice)
    page.goto(f"/jeugdigen/{girl.pk}")
    page.locator("summary", has_text="Gegevens wijzigen").click()
    page.get_by_label("Voornamen of roepnaam").fill("Zoë")
    page.get_by_label("Achternaam").fill("Voorbeeld")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    page.get_by_role("status").filter(has_text="zijn gewijzigd").wait_for()
    assert Jeugdige.objects.get(pk=girl.pk).naam == "Zoë Voorbeeld"

    page.goto("/dossiers?q=zoe+voorbeeld")
    page.get_by_role("link", name=str(world.actief.pk)[:8]).click()
    assert page.get_by_role("link", name="Zoë Voorbeeld").is_visible()

    page.locator("summary", has_text="Betrokkene toevoegen").click()
    page.get_by_label("Naam", exact=True).fill("Anna Voorbeeld")
    page.get_by_role("group", name="Relatie").get_by_label("Ouder", exact=True).check()
    page.get_by_label("Telefoon (optioneel)").fill("06 12345678")
    page.get_by_role("button", name="Betrokkene toevoegen").click()
    page.get_by_role("status").filter(has_text="is toegevoegd als betrokkene").wait_for()
    assert list(Betrokkene.objects.filter(dossier=world.actief).values_list("naam", "relatie")) == [("Anna Voorbeeld", "ouder")]
