"""The reports page updates a report's status by itself while it is in the queue or being made (issue 11), and works
without JavaScript through its "Vernieuwen" link."""

from reporting.models import Rapportage
from tests.e2e.helpers import E2E, TIMEOUT_MS, assert_accessible, login

pytestmark = E2E


def text(locator) -> str:
    """The cell's text as read, whitespace collapsed (the progress bar between the words renders no text)."""
    return " ".join(locator.inner_text().split())


def _report(gemeente_user, leiden, **fields) -> Rapportage:
    return Rapportage.objects.create(soort="indicatoren", periode="2020", gemeente=leiden, formaat="xlsx", definitieversie="2027.1",
                                     aangevraagd_door=gemeente_user, **fields)


def test_the_row_follows_the_report_from_queue_to_download_without_a_reload(page, gemeente_user, leiden):
    rapportage = _report(gemeente_user, leiden, status="wachtrij")
    login(page, gemeente_user)
    page.goto("/gemeente/rapportages")
    rij = page.locator(f"tr[data-rapportage='{rapportage.pk}']")
    status = rij.locator("[data-veld=status]")
    assert text(status) == "In de wachtrij 0%"
    page.evaluate("() => { window.nietHerladen = true; }")  # gone if the page were loaded again

    Rapportage.objects.filter(pk=rapportage.pk).update(status="bezig", voortgang=60)
    page.wait_for_function("() => document.querySelector('tr[data-status=bezig] progress')?.value === 60", timeout=TIMEOUT_MS)
    assert text(status) == "Bezig 60%"

    Rapportage.objects.filter(pk=rapportage.pk).update(status="gereed", voortgang=100, bestand="r.xlsx", sha256="0" * 64)
    link = rij.get_by_role("link", name="Downloaden (Indicatorenrapportage 2020, Excel (XLSX))")
    link.wait_for(timeout=TIMEOUT_MS)
    assert (text(status), link.get_attribute("href")) == ("Gereed", f"/api/v1/rapportages/{rapportage.pk}/bestand")
    assert page.get_by_role("status").filter(has_text="Een rapportage is gereed.").count() == 1
    assert rij.get_by_role("button", name="Definitief maken (Indicatorenrapportage 2020, Excel (XLSX))").count() == 1
    assert page.evaluate("() => window.nietHerladen") is True
    assert_accessible(page, "rapportages na bijwerken")


def test_without_javascript_the_vernieuwen_link_shows_the_new_status(browser, live_server, gemeente_user, leiden):
    rapportage = _report(gemeente_user, leiden, status="bezig", voortgang=20)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        login(page, gemeente_user)
        page.goto("/gemeente/rapportages")
        status = page.locator(f"tr[data-rapportage='{rapportage.pk}'] [data-veld=status]")
        assert text(status) == "Bezig 20%"
        Rapportage.objects.filter(pk=rapportage.pk).update(status="mislukt", fout="De rapportage kon niet worden gemaakt.")
        page.wait_for_timeout(500)
        assert text(status) == "Bezig 20%"  # nothing changes by itself without script
        page.get_by_role("link", name="Vernieuwen").click()
        assert text(status) == "Mislukt: De rapportage kon niet worden gemaakt."
    finally:
        context.close()
