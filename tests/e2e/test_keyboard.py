"""Snel registreren with the keyboard only: Tab, Shift+Tab, Space, Enter, arrows and typing; no clicks.

The test reads the page (where the focus is) to know when to stop tabbing; it acts only through the keyboard.
"""

from cases.models import Contact
from tests.e2e.helpers import E2E, login

pytestmark = E2E

MAX_TABS = 80


def focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const label = el && el.labels && el.labels.length ? el.labels[0].innerText.trim() : '';
        return {tag: el ? el.tagName.toLowerCase() : '', id: el ? el.id : '', name: el ? (el.name || '') : '', type: el ? (el.type || '') : '',
                label: label, text: el ? (el.innerText || '').trim() : '', value: el && 'value' in el ? el.value : ''};
    }""")


def tab_to(page, describe: str, match) -> dict:
    """Press Tab until the focused element satisfies `match`; fail with what was passed if it never does."""
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if match(now):
            return now
        seen.append(now["label"] or now["text"][:30] or now["name"] or now["tag"])
    raise AssertionError(f"Met Tab niet bij {describe} gekomen; langs: {seen}")


def by_name(name):
    return lambda f: f["name"] == name


def by_label(label):
    return lambda f: f["label"] == label


def go_to_snel_registreren(page):
    page.goto("/")
    tab_to(page, "de link Snel registreren", lambda f: f["tag"] == "a" and f["text"] == "Snel registreren")
    page.keyboard.press("Enter")
    page.wait_for_url("**/registreren")
    page.locator("#contactformulier").wait_for()


def submit(page):
    tab_to(page, "de knop Contact opslaan", lambda f: f["tag"] == "button" and f["text"] == "Contact opslaan")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="opgeslagen").wait_for()


def last_contact(user):
    return Contact.objects.filter(geregistreerd_door=user).order_by("-geregistreerd_op").first()


def test_keyboard_only_contact_without_dossier(page, world):
    login(page, world.alice)
    go_to_snel_registreren(page)
    before = Contact.objects.count()

    tab_to(page, "Duur (minuten)", by_name("duur_minuten"))
    page.keyboard.press("Control+A")
    page.keyboard.type("25")
    # Radio groups: Tab lands on the checked radio (telefonisch, hulp, preventief); arrows move and select.
    now = tab_to(page, "Vorm", by_name("vorm"))
    assert now["value"] == "telefonisch"
    page.keyboard.press("ArrowDown")  # telefonisch -> video
    assert focused(page)["value"] == "video"
    now = tab_to(page, "Inzet", by_name("inzet"))
    assert now["value"] == "hulp"
    page.keyboard.press("ArrowDown")  # hulp -> advies
    assert focused(page)["value"] == "advies"
    now = tab_to(page, "Hulpsoort", by_name("hulpsoort"))
    assert now["value"] == "preventief"
    page.keyboard.press("ArrowDown")  # preventief -> licht
    tab_to(page, "categorie Onderwijs, verzuim", by_label("Onderwijs, verzuim"))
    page.keyboard.press("Space")
    tab_to(page, "categorie Vrienden, pesten, eenzaamheid", by_label("Vrienden, pesten, eenzaamheid"))
    page.keyboard.press("Space")
    tab_to(page, "Leeftijdsklasse", by_name("leeftijdsklasse"))
    page.keyboard.press("ArrowDown")  # 4-11 -> 12-17
    assert focused(page)["value"] == "12-17"
    submit(page)

    assert Contact.objects.count() == before + 1
    contact = last_contact(world.alice)
    assert (contact.dossier_id, contact.datum, contact.duur_minuten, contact.vorm, contact.inzet, contact.hulpsoort, contact.gemeente_id,
            contact.leeftijdsklasse) == (None, world.today, 25, "video", "advies", "licht", world.leiden.pk, "12-17")
    assert sorted(contact.probleemcategorieen.values_list("code", flat=True)) == ["school", "sociaal"]


def test_keyboard_only_contact_with_dossier(page, world):
    login(page, world.alice)
    go_to_snel_registreren(page)
    number = str(world.actief.pk)[:8]

    tab_to(page, "categorie Opvoedvragen en gezinsrelaties", by_label("Opvoedvragen en gezinsrelaties"))
    page.keyboard.press("Space")
    tab_to(page, "Dossier", by_name("dossier"))
    page.keyboard.type("01-04-2012")  # the girl's birth date
    page.get_by_role("option").filter(has_text=number).wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert focused(page)["value"] == number
    tab_to(page, "Notitie", by_name("notitie"))
    page.keyboard.type("Gesprek met moeder over de schoolkeuze.")
    submit(page)

    contact = last_contact(world.alice)
    assert (contact.dossier_id, contact.vorm, contact.hulpsoort, contact.duur_minuten, contact.gemeente_id, contact.leeftijdsklasse,
            contact.notitie) == (world.actief.pk, "telefonisch", "preventief", 15, None, "", "Gesprek met moeder over de schoolkeuze.")
    assert list(contact.probleemcategorieen.values_list("code", flat=True)) == ["opvoeding"]
