"""Issue 12's referral outcome walked in Chromium, at desktop and at phone width, axe-core clean: a professional sees the
referral that waits on /team, follows the link to the dossier, records that the help was refused (a reason is asked first),
and the referral leaves the waiting list."""

from cases import services
from cases.models import Doorverwijzing
from tests.builders import days_ago
from tests.e2e.helpers import E2E, assert_accessible, assert_no_horizontal_scroll, fill_date, login

pytestmark = E2E


def test_professional_updates_a_waiting_referral(any_page, world):
    page = any_page
    verwijzing = services.doorverwijzing_register(user=world.alice, dossier=world.actief, datum=days_ago(45), soort="jeugd_ggz")
    login(page, world.alice)
    page.goto("/team")
    wachten = page.locator('[data-lijst="wacht-30"]')
    assert page.locator('[data-wacht="30"]').inner_text() == "1"
    assert_accessible(page, f"team, verwijzingen die wachten ({page.viewport_name})")
    assert_no_horizontal_scroll(page, f"team ({page.viewport_name})")
    wachten.get_by_role("link", name=f"Dossier {str(world.actief.pk)[:8]}").click()
    page.wait_for_url(f"**/dossiers/{world.actief.pk}#verwijzing-{verwijzing.pk}")

    item = page.locator(f"#verwijzing-{verwijzing.pk}")
    item.get_by_text("Uitkomst bijwerken").click()
    item.get_by_role("group", name="Status").get_by_label("Afgewezen", exact=True).check()
    fill_date(item.get_by_label("Datum van deze status"), days_ago(2))
    item.get_by_role("button", name="Uitkomst opslaan").click()
    page.get_by_text("Geef de reden waarom de hulp is afgewezen.").first.wait_for()  # at the field and in the summary
    assert_accessible(page, f"uitkomst zonder reden ({page.viewport_name})")
    assert Doorverwijzing.objects.get(pk=verwijzing.pk).status == "verwezen"

    item = page.locator(f"#verwijzing-{verwijzing.pk}")
    item.get_by_label("Reden").fill("Wachtlijst aanbieder vol")
    item.get_by_label("Ons team overbrugt de wachttijd").check()
    item.get_by_role("button", name="Uitkomst opslaan").click()
    page.get_by_role("status").filter(has_text=f"afgewezen sinds {days_ago(2):%d-%m-%Y}").wait_for()
    assert_accessible(page, f"dossier na de uitkomst ({page.viewport_name})")
    assert_no_horizontal_scroll(page, f"dossier ({page.viewport_name})")
    v = Doorverwijzing.objects.get(pk=verwijzing.pk)
    assert (v.status, v.status_datum, v.reden, v.overbrugging) == ("afgewezen", days_ago(2), "Wachtlijst aanbieder vol", True)
    assert "Reden: Wachtlijst aanbieder vol" in page.locator(f"#verwijzing-{verwijzing.pk}").inner_text()

    page.goto("/team")
    assert page.locator('[data-wacht="30"]').inner_text() == "0"
