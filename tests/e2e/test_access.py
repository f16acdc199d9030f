"""A gemeente user gets 403 on every case page and never sees person data; logging out ends the session."""

import pytest

from tests.builders import VALID_BSN
from tests.e2e.helpers import E2E, login, logout

pytestmark = E2E


def case_urls(world) -> list[str]:
    return ["/dossiers", f"/dossiers/{world.actief.pk}", "/registreren", "/team", "/dossiers/nieuw", "/jeugdigen/nieuw",
            f"/jeugdigen/{world.actief.jeugdigen.get().pk}", "/dossiers/zoeken?q=2311"]


def test_gemeente_user_gets_403_on_every_case_page_without_person_data(page, world):
    login(page, world.gerda)
    statuses = {}
    for url in case_urls(world):
        response = page.goto(url)
        statuses[url] = response.status
        text = page.content()
        assert VALID_BSN not in text and "2311AB" not in text and "01-04-2012" not in text, url
        assert str(world.actief.pk)[:8] not in text, url
    assert statuses == {url: 403 for url in case_urls(world)}
    assert "Geen toegang" in page.content()


def test_gemeente_user_sees_no_case_links_on_home(page, world):
    login(page, world.gerda)
    page.goto("/")
    assert page.get_by_role("link", name="Snel registreren").count() == 0
    assert page.get_by_role("link", name="Dossiers").count() == 0


def test_professional_gets_404_for_another_teams_dossier(page, world):
    login(page, world.alice)
    response = page.goto(f"/dossiers/{world.elders.pk}")
    assert response.status == 404


@pytest.mark.parametrize("user", ["alice", "tessa"])
def test_logout_ends_the_session(page, world, user):
    login(page, getattr(world, user))
    assert page.goto("/dossiers").status == 200
    logout(page)
    page.goto("/dossiers")
    assert "/inloggen" in page.url
    assert page.get_by_label("Gebruikersnaam").is_visible()
