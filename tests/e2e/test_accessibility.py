"""axe-core (WCAG 2.1 A and AA rules) on every page, at desktop width and at phone width (375x812): no serious or
critical violation. The main pages also must not scroll sideways at 375px.

One test per viewport and role visits all its pages and reports every page's violations together.
"""


from tests.builders import VALID_BSN
from tests.e2e.helpers import E2E, assert_no_horizontal_scroll, axe_violations, format_violations, login, screenshot

pytestmark = E2E

MAIN_PAGES = {"home", "registreren", "dossiers", "dossier", "team"}
# Screenshots (only with JGT_SCREENSHOTS=1) of the main pages: name -> viewports.
SCREENSHOTS = {"inloggen": {"desktop"}, "home": {"desktop"}, "registreren": {"desktop", "phone"}, "dossiers": {"desktop"},
               "dossier": {"desktop", "phone"}, "team": {"desktop"}, "fout-registreren": {"desktop"}, "gemeente": {"desktop"}}


def check_pages(page, pages: dict[str, str], *, forms: dict | None = None) -> None:
    """Visit each page (and each form submitted with errors), collect axe violations and sideways scrolling."""
    problems = []
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {url} gaf {response.status}"
        problems += check(page, name)
    for name, (url, fill) in (forms or {}).items():
        page.goto(url)
        fill(page)
        page.locator("#foutsamenvatting").wait_for()
        problems += check(page, name)
    assert not problems, "\n".join(problems)


def check(page, name: str) -> list[str]:
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name} ({page.viewport_name}, {page.url}):\n{format_violations(violations)}")
    if page.viewport_name == "phone" and (name in MAIN_PAGES or name.startswith("fout")):
        try:
            assert_no_horizontal_scroll(page, name)
        except AssertionError as exc:
            problems.append(str(exc))
    if page.viewport_name in SCREENSHOTS.get(name, ()):
        screenshot(page, f"{name}-{page.viewport_name}")
    return problems


def registreren_with_errors(page):
    page.get_by_label("Duur (minuten)").fill("")
    page.get_by_label("Gemeente").select_option("")
    page.get_by_role("button", name="Contact opslaan").click()


def jeugdige_with_bad_bsn(page):
    page.get_by_label("BSN (optioneel)").fill("123456789")  # fails the 11-proef
    page.get_by_role("button", name="Jeugdige registreren").click()


def dossier_without_anything(page):
    page.get_by_role("button", name="Dossier openen").click()


def test_login_pages(any_page, world):
    any_page.goto("/inloggen")
    problems = check(any_page, "inloggen")
    any_page.get_by_label("Gebruikersnaam").fill("alice")
    any_page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    any_page.get_by_role("button", name="Inloggen").click()
    any_page.get_by_text("klopt niet").wait_for()
    problems += check(any_page, "inloggen-fout")
    assert not problems, "\n".join(problems)


def test_professional_pages(any_page, world):
    login(any_page, world.alice)
    check_pages(any_page, {
        "home": "/",
        "registreren": "/registreren",
        "dossiers": "/dossiers",
        "dossiers-zoeken": f"/dossiers?q={VALID_BSN}&status=alle",
        "dossier": f"/dossiers/{world.actief.pk}",
        "dossier-nieuw": "/dossiers/nieuw",
        "jeugdige-nieuw": "/jeugdigen/nieuw",
        "jeugdige": f"/jeugdigen/{world.actief.jeugdigen.get().pk}",
    }, forms={
        "fout-registreren": ("/registreren", registreren_with_errors),
        "fout-jeugdige-nieuw": ("/jeugdigen/nieuw", jeugdige_with_bad_bsn),
        "fout-dossier-nieuw": ("/dossiers/nieuw", dossier_without_anything),
    })


def test_teamleider_pages(any_page, world):
    login(any_page, world.tessa)
    check_pages(any_page, {"team": "/team", "dossier-teamleider": f"/dossiers/{world.actief.pk}"})


def test_forbidden_page_and_gemeente_portal(any_page, world):
    login(any_page, world.gerda)
    any_page.goto("/dossiers")
    problems = check(any_page, "geen-toegang")
    response = any_page.goto("/gemeente/")
    assert response.status == 200
    problems += check(any_page, "gemeente")
    assert any_page.goto("/gemeente/rapportages").status == 200
    problems += check(any_page, "gemeente-rapportages")
    assert not problems, "\n".join(problems)


def inzage_unknown(page):
    page.get_by_label("Nummer, kenmerk of BSN van de jeugdige").fill("Jansen")
    page.get_by_role("button", name="Inzage tonen").click()


def test_beheerder_inzage_pages(any_page, world, beheerder):
    login(any_page, beheerder)
    check_pages(any_page, {"inzage": "/inzage"})
    any_page.get_by_label("Nummer, kenmerk of BSN van de jeugdige").fill(VALID_BSN)
    any_page.get_by_role("button", name="Inzage tonen").click()
    any_page.get_by_role("table", name="Per gebruiker").wait_for()
    problems = check(any_page, "inzage-jeugdige")
    inzage_unknown(any_page)
    any_page.get_by_text("Geef het nummer van de jeugdige").first.wait_for()
    problems += check(any_page, "fout-inzage")


def vernietigen_without_anything(page):
    page.get_by_role("button", name="Jeugdige zoeken").click()


def test_beheerder_erasure_pages(any_page, world, beheerder):
    login(any_page, beheerder)
    check_pages(any_page, {"vernietigen": "/vernietigen"}, forms={"fout-vernietigen": ("/vernietigen", vernietigen_without_anything)})
    any_page.goto("/vernietigen")
    any_page.get_by_label("BSN of nummer van de jeugdige").fill(VALID_BSN)
    any_page.get_by_label("Reden").fill("Verzoek van de ouders van 3 maart, kenmerk AVG-17")
    any_page.get_by_role("button", name="Jeugdige zoeken").click()
    any_page.locator("#bevestigen").wait_for()
    problems = check(any_page, "vernietigen-bevestigen")
    assert not problems, "\n".join(problems)
