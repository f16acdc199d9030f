"""The beheer site (Django's admin) entirely in Dutch (issue 11): every page the beheerder can open, walked, with no
known English phrase in its text, its hidden headers or its labels; and the admin's JavaScript texts in Dutch.

Django 5.2 has texts its Dutch catalogs do not have yet ("After you’ve created a user...", the hidden header "Model
name", "Choose all %s"); jgt_registratie/locale completes them."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cases.models import Probleemcategorie
from jgt_registratie.admin import beheer_site
from jgt_registratie.audit import audit_record
from jgt_registratie.models import AuditLog, Wijk
from reporting.models import Beleidskader, JgtBudget, Rapportage, StatlineCijfer, TeamFte

pytestmark = pytest.mark.django_db

#: English that Django's admin shows where the Dutch catalog has no translation, or would if Dutch were lost
ENGELS = [
    "After you", "you’ll", "you'll", "you’ve", "Choose all", "Remove all", "Choose selected", "Remove selected", "Model name", "Add link",
    "Change or view list link", "Error:", "Forgotten your", "Please correct", "Save", "Delete", "Add", "Change", "History", "Home",
    "Log out", "View site", "Welcome", "Recent actions", "My actions", "Search", "Filter by", "Show all", "results", "Select", "Password",
    "Username", "Actions", "Action", "Go", "I’m sure", "take me back", "Are you sure", "Toggle", "Skip to main content", "Start typing",
    "Clear all filters", "Documentation", "Date/time", "User", "Comment", "Required", "Raw passwords", "Important dates", "Permissions",
    "Personal info", "Staff status", "Superuser status", "Active", "Groups", "First name", "Last name", "Email address", "Last login",
    "Date joined", "None", "Unknown", "Today", "Yesterday", "Cancel", "Close", "Previous", "Next", "by selecting them", "click to clear",
    "Universally unique", "checksum", "No password set", "Reset password", "Enter a", "This field", "Hold down", "to select more than one",
]
_ENGELS = re.compile(r"\b(" + "|".join(re.escape(p) for p in ENGELS) + r")\b")
#: attributes a person reads or hears (a screen reader reads titles, labels and the value of a button)
_GELEZEN = {"title", "aria-label", "placeholder", "alt", "aria-description"}


class _Tekst(HTMLParser):
    """The text of a page as people get it: every text node (visually hidden ones too), the read attributes, and the
    value of buttons; not scripts, styles or URLs."""

    def __init__(self):
        super().__init__()
        self.delen: list[str] = []
        self._overslaan = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._overslaan += 1
        attrs = dict(attrs)
        self.delen += [value for name, value in attrs.items() if name in _GELEZEN and value]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.delen.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._overslaan -= 1

    def handle_data(self, data):
        if not self._overslaan and data.strip():
            self.delen.append(data.strip())


def engels_op(html: str) -> list[str]:
    parser = _Tekst()
    parser.feed(html)
    return sorted({m.group(1) for deel in parser.delen for m in _ENGELS.finditer(deel)})


@pytest.fixture
def objecten(leiden, team, professional, beheerder):
    """One object of every model on the beheer site, so each change, delete and history page opens."""
    wijk = Wijk.objects.create(code="WK054601", naam="Binnenstad-Zuid", gemeente=leiden)
    audit_record(user=beheerder, action="lezen", object_type="pagina", object_id="beheer")
    return {
        "gemeente": leiden, "wijk": wijk, "team": team, "user": professional, "auditlog": AuditLog.objects.first(),
        "probleemcategorie": Probleemcategorie.objects.order_by("code").first() or Probleemcategorie.objects.create(code="opvoeding", naam="Opvoeding"),
        "jgtbudget": JgtBudget.objects.create(gemeente=leiden, jaar=2024, bedrag="640555.00"),
        "rapportage": Rapportage.objects.create(soort="indicatoren", periode="2020", gemeente=leiden, formaat="csv", definitieversie="2027.1"),
        "teamfte": TeamFte.objects.create(team=team, jaar=2024, fte="10.8"),
        "statlinecijfer": StatlineCijfer.objects.create(gemeente=leiden, jaar=2020, jeugdigen_wijkteam=1590, trajecten_totaal=4500),
        "beleidskader": Beleidskader.objects.create(gemeente=leiden, onderwerp="verordening", tekst="Vrij toegankelijk.", auteur=beheerder),
    }


def beheer_paginas(objecten) -> list[str]:
    """Every page of the beheer site for the objects: index, each app, and per model its list, add, change, delete
    and history page as far as the beheerder may open them; the user's password pages."""
    paginas = ["/beheer/", "/beheer/password_change/"]
    for model, model_admin in beheer_site._registry.items():
        meta = model._meta
        naam = f"beheer:{meta.app_label}_{meta.model_name}"
        app_index = reverse("beheer:app_list", args=[meta.app_label])
        if app_index not in paginas:
            paginas.append(app_index)
        paginas += [reverse(f"{naam}_changelist"), reverse(f"{naam}_changelist") + "?q=zzz"]
        obj = objecten[meta.model_name]
        paginas += [reverse(f"{naam}_change", args=[obj.pk]), reverse(f"{naam}_history", args=[obj.pk])]
        if model_admin.has_add_permission(_Verzoek()):
            paginas.append(reverse(f"{naam}_add"))
        if model_admin.has_delete_permission(_Verzoek(), obj):
            paginas.append(reverse(f"{naam}_delete", args=[obj.pk]))
    paginas.append(f"/beheer/jgt_registratie/user/{objecten['user'].pk}/password/")
    return paginas


class _Verzoek:
    """Just enough of a request for the site's permission checks, which ask the rights table about the user."""

    def __init__(self):
        from jgt_registratie.models import User

        self.user = User.objects.get(username="bert")


def test_every_beheer_page_is_dutch(client, beheerder, objecten):
    client.force_login(beheerder)
    gevonden = {}
    paginas = beheer_paginas(objecten)
    for pad in paginas:
        response = client.get(pad)
        assert response.status_code == 200, pad
        if engels := engels_op(response.content.decode()):
            gevonden[pad] = engels
    assert gevonden == {}
    assert len(paginas) >= 40  # the walk really visited the site


def test_the_pages_with_errors_and_confirmations_are_dutch(client, beheerder, objecten):
    client.force_login(beheerder)
    pages = {
        "lege gebruiker": client.post("/beheer/jgt_registratie/user/add/", {}),
        "lege wijk": client.post("/beheer/jgt_registratie/wijk/add/", {}),
        "verwijderen bevestigen": client.post("/beheer/jgt_registratie/wijk/", {"action": "delete_selected", "_selected_action": [objecten["wijk"].pk]}),
        "wachtwoord fout": client.post(f"/beheer/jgt_registratie/user/{objecten['user'].pk}/password/", {"password1": "a", "password2": "b"}),
    }
    assert {naam: response.status_code for naam, response in pages.items()} == dict.fromkeys(pages, 200)
    assert {naam: engels_op(response.content.decode()) for naam, response in pages.items()} == dict.fromkeys(pages, [])


def test_the_known_english_texts_now_read_in_dutch(client, beheerder, objecten):
    client.force_login(beheerder)
    add = client.get("/beheer/jgt_registratie/user/add/").content.decode()
    assert "Nadat u de gebruiker hebt aangemaakt, kunt u meer gegevens van de gebruiker invullen." in add
    index = client.get("/beheer/").content.decode()
    assert '<th scope="col">Onderdeel</th>' in index and "Model name" not in index.replace("model_name", "")


def test_the_admin_javascript_texts_are_dutch(client, beheerder):
    client.force_login(beheerder)
    catalog = client.get("/beheer/jsi18n/").content.decode()
    for engels, nederlands in [("Choose all %s", "Alle %s kiezen"), ("Remove all %s", "Alle %s verwijderen"),
                               ("Choose selected %s", "Geselecteerde %s kiezen"), ("(click to clear)", "(klik om te wissen)"),
                               ("Available %s", "Beschikbare %s")]:
        assert f'"{engels}": "{nederlands}"' in catalog


def test_the_check_finds_english():
    """The check itself: English in text, a hidden header and a button's value is found; Dutch passes."""
    assert engels_op('<table><thead class="visually-hidden"><tr><th>Model name</th></tr></thead></table>') == ["Model name"]
    assert engels_op('<input type="submit" value="Save"><a title="Choose all teams">x</a>') == ["Choose all", "Save"]
    assert engels_op("<p>Gebruiker toevoegen</p><script>var Add = 1;</script>") == []


def test_a_deletion_names_the_link_rows_in_dutch(client, beheerder, professional, team):
    client.force_login(beheerder)
    page = client.get(f"/beheer/jgt_registratie/user/{professional.pk}/delete/").content.decode()
    assert f"<li>Koppeling gebruiker-team: {professional.get_full_name()} – JGT Leiden Noord</li>" in page
    assert "<li>Koppelingen gebruiker-team: 1</li>" in page
