"""The beleidskader page of the gemeente portal in the browser (issue 12): the gemeente writes one of its texts through
the menu, at desktop and phone width, with no serious axe-core violation on the list, the form, or the form with an error."""

from reporting.models import Beleidskader
from tests.e2e.helpers import E2E, assert_accessible, assert_no_horizontal_scroll, login

pytestmark = E2E


def test_a_gemeente_writes_its_beleidskader(any_page, gemeente_user, leiden):
    page = any_page
    login(page, gemeente_user)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beleidskader").click()
    page.get_by_role("heading", name="Beleidskader Leiden", level=1).wait_for()
    assert page.get_by_text("Nog niet ingevuld.").count() == 4
    assert_accessible(page, f"beleidskader ({page.viewport_name})")
    assert_no_horizontal_scroll(page, "beleidskader")

    page.get_by_role("link", name="Schrijven: wat de verordening zegt over hulp zonder verwijzing").click()
    tekst = page.get_by_label("Tekst")
    tekst.fill("x" * 2001)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Een tekst van het beleidskader is hoogstens 2000 tekens; nu zijn het er 2001.").wait_for()
    assert_accessible(page, f"beleidskader met fout ({page.viewport_name})")

    page.get_by_label("Tekst").fill("Het jeugdteam is vrij toegankelijk: inwoners kunnen zonder verwijzing terecht.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het jeugdteam is vrij toegankelijk: inwoners kunnen zonder verwijzing terecht.").wait_for()
    assert page.get_by_text("Nog niet ingevuld.").count() == 3
    assert Beleidskader.objects.get().tekst.startswith("Het jeugdteam is vrij toegankelijk")
