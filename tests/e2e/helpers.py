"""Helpers of the browser tests: log in through the real form, axe-core, screenshots, measurements."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.factories import PASSWORD, app_code, authenticator_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(django_settings.BASE_DIR) / "docs" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 10_000
# Every browser test: marked e2e, data committed (the live server runs in another thread).
E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def datum(day) -> str:
    """A date as the date fields show and take it: dd-mm-jjjj (cases.forms.DatumInput)."""
    return f"{day:%d-%m-%Y}"


def fill_date(field, day) -> None:
    """Type a date into a date field as a person does: select what is there, type dd-mm-jjjj, leave the field."""
    field.click()
    field.press("Control+A")
    field.press_sequentially(datum(day))
    field.press("Tab")


def is_csp_violation(message) -> bool:
    """A console message in which chromium reports that the page's Content-Security-Policy refused something."""
    return message.type == "error" and "Content Security Policy" in message.text


def login(page, user, password: str = PASSWORD, *, next_url: str | None = None) -> None:
    """Log in through the real login form and the real code page (labels and buttons as a person sees them), with the
    code the person's authenticator app shows (an app is set up for them first when they have none)."""
    authenticator_app(user)
    page.goto("/inloggen" + (f"?next={next_url}" if next_url else ""))
    fill_login_form(page, user.username, password)
    enter_second_factor(page, user)


def enter_second_factor(page, user) -> None:
    """After the password: the code page, filled with the app's code of this moment."""
    page.wait_for_url("**/inloggen/tweede-factor**")
    page.get_by_label("Code", exact=True).fill(app_code(authenticator_app(user)))
    page.get_by_role("button", name="Code controleren").click()
    page.wait_for_url(lambda url: "/inloggen" not in url)


def fill_login_form(page, username: str, password: str = PASSWORD) -> None:
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def logout(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/inloggen**")


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's automation, not added as an inline <script> (the page's CSP refuses those).
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [v for v in results["violations"] if v["impact"] in impacts]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " | ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... en nog {len(v['nodes']) - 8} elementen")
    return "\n".join(lines)


def assert_accessible(page, what: str = "") -> None:
    """axe-core with the WCAG 2.1 A/AA rules: no serious or critical violation."""
    violations = axe_violations(page)
    assert not violations, f"axe-core: ernstige toegankelijkheidsfouten op {what or page.url}:\n{format_violations(violations)}"


def assert_no_horizontal_scroll(page, what: str = "") -> None:
    widths = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})")
    assert widths["scroll"] <= widths["client"], f"horizontale scrollbalk op {what or page.url}: {widths}"


def screenshot(page, name: str) -> Path | None:
    """A full-page PNG in docs/screenshots/<name>.png, only with JGT_SCREENSHOTS=1 (normal runs leave the repo clean)."""
    if os.environ.get("JGT_SCREENSHOTS") != "1":
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def screenshot_between(page, name: str, first: str, last: str, *, margin: int = 12) -> Path | None:
    """A PNG in docs/screenshots/<name>.png of the page from the top of CSS selector `first` to the bottom of `last`,
    the page's whole width (a part of a long page a phone shows; only with JGT_SCREENSHOTS=1, as `screenshot`)."""
    if os.environ.get("JGT_SCREENSHOTS") != "1":
        return None
    box = page.evaluate("""([first, last]) => {
        const top = document.querySelector(first).getBoundingClientRect().top + window.scrollY;
        const bottom = document.querySelector(last).getBoundingClientRect().bottom + window.scrollY;
        return {top: top, bottom: bottom, width: document.documentElement.clientWidth};
    }""", [first, last])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    top = max(0, box["top"] - margin)
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": top, "width": box["width"], "height": box["bottom"] + margin - top})
    return path


def record(name: str, data: dict) -> Path:
    """Write measured figures to var/<name>.json so they can be quoted."""
    path = Path(django_settings.VAR_DIR) / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    return path
