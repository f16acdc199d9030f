"""Screenshots of the main pages on the demo data: start `make run`, then

    .venv/bin/python docs/screenshots/demo_screenshots.py [OUT_DIR]

Drives Debian's chromium with Playwright (never a downloaded browser). Not part of the tests; the browser
tests make their own screenshots of the pages on their small worlds with JGT_SCREENSHOTS=1.
"""
import os
import subprocess
import sys
import time

from playwright.sync_api import sync_playwright

BASE = os.environ.get("JGT_BASE_URL", "http://127.0.0.1:8000")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

def login(page, user):
    page.goto(BASE + "/inloggen")
    page.get_by_label("Gebruikersnaam").fill(user)
    page.get_by_label("Wachtwoord").fill(os.environ.get("DEMO_PASSWORD", "jeugdteam-demo-2026"))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    for _ in range(2):  # the demo app's code of this moment (README, demo logins); a code works once, so maybe the next
        if "/inloggen/tweede-factor" not in page.url:
            break
        code = subprocess.run([sys.executable, "manage.py", "demo_code", user], capture_output=True, text=True, check=True).stdout.strip()
        page.get_by_label("Code", exact=True).fill(code)
        page.get_by_role("button", name="Code controleren").click()
        page.wait_for_load_state()
        if "/inloggen/tweede-factor" in page.url:
            page.wait_for_timeout((30 - time.time() % 30 + 1) * 1000)

with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for user, pages in [
        ("demo-professional", [("demo-registreren", "/registreren"), ("demo-dossiers", "/dossiers?status=waakvlam"), ("demo-dossier", None)]),
        ("demo-teamleider", [("demo-team", "/team")]),
        ("demo-gemeente", [("demo-gemeenteportaal", "/gemeente/"), ("demo-rapportages", "/gemeente/rapportages")]),
        ("demo-beheerder", [("demo-datakwaliteit", "/gemeente/datakwaliteit")]),
    ]:
        for vp_name, vp in [("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 375, "height": 812})]:
            ctx = b.new_context(viewport=vp, locale="nl-NL")
            page = ctx.new_page()
            login(page, user)
            for name, url in pages:
                if url is None:
                    page.goto(BASE + "/dossiers?status=actief")
                    page.locator("table a[href^='/dossiers/']").first.click()
                    page.wait_for_load_state()
                else:
                    page.goto(BASE + url)
                if vp_name == "phone" and name not in ("demo-registreren", "demo-dossier", "demo-gemeenteportaal"):
                    continue
                page.screenshot(path=f"{OUT}/{name}-{vp_name}.png", full_page=True)
                print(name, vp_name, page.title())
            ctx.close()
    b.close()
