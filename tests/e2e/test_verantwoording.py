"""The portal's Verantwoording page in a browser (review finding 4): no verantwoording yet, the button asks the worker
for one, its progress shows, and once made its eight sections are on screen, accessible."""

import pytest

from reporting import generation
from reporting.models import Rapportage
from tests.e2e.helpers import E2E, assert_accessible, login
from tests.reporting import verantwoording_world

pytestmark = [*E2E, pytest.mark.usefixtures("rapportage_dir")]


@pytest.fixture
def rapportage_dir(settings, tmp_path):
    settings.RAPPORTAGE_DIR = tmp_path / "rapportages"
    return settings.RAPPORTAGE_DIR


def test_ask_follow_and_read_the_verantwoording(page, gemeente_user, professional, teamleider, team, leiden, leiderdorp, beheerder):
    verantwoording_world.build(professional=professional, teamleider=teamleider, team=team, leiden=leiden, leiderdorp=leiderdorp,
                               beheerder=beheerder)
    login(page, gemeente_user)
    page.goto("/gemeente/verantwoording?periode=2025")
    assert page.locator("#verantwoording-geen").inner_text() == "Er is nog geen verantwoording van Leiden over 2025 gemaakt om hier te tonen."
    assert_accessible(page, "verantwoording zonder rapport")

    page.get_by_role("button", name="Verantwoording maken").click()
    assert page.get_by_text("De verantwoording Leiden 2025 wordt gemaakt.").count() == 1
    assert " ".join(page.locator("#verantwoording-bezig").inner_text().split()).startswith("Er wordt een verantwoording gemaakt: in de wachtrij, 0%.")

    rapportage = Rapportage.objects.get(soort="verantwoording")
    assert generation.report_generate(rapportage.pk) == "gereed"
    page.get_by_role("link", name="Pagina vernieuwen").click()
    assert page.locator("h2[id^=sectie-]").all_inner_texts() == [
        "1. Ontwikkeling sinds 2015", "2. Welke hulp, waarvoor", "3. Kinderen en trajecten", "4. Werkwijze", "5. Kosten",
        "6. Monitoring", "7. Beleidskader", "8. Registratielast"]
    assert page.get_by_text("Het budget voor 2025 is € 365.000.").count() == 1
    assert page.get_by_role("button", name="Verantwoording maken").count() == 0
    assert_accessible(page, "verantwoording met rapport")
