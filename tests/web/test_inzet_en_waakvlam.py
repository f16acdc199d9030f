"""Inzet on Snel registreren and the dossier page; the waakvlam form asks the closure's questions."""

import re

import pytest

from cases.models import Contact, StatusWijziging
from tests.builders import active_dossier, days_ago, make_contact, snapshot, today

pytestmark = pytest.mark.django_db


def post_contact(client, team, **overrides):
    data = {"team": str(team.pk), "datum": today().isoformat(), "duur_minuten": "20", "vorm": "telefonisch", "inzet": "hulp",
            "hulpsoort": "preventief", "probleemcategorieen": ["opvoeding"], "dossier": "", "gemeente": "0546", "leeftijdsklasse": "4-11",
            "notitie": "", "registratieduur_seconden": "", "geopend": ""}
    data.update(overrides)
    return client.post("/registreren", {k: v for k, v in data.items() if v is not None})


def checked_inzet(html: str) -> list[str]:
    """The inzet radio buttons that are checked."""
    return re.findall(r'<input type="radio" name="inzet" value="(\w+)"[^>]* checked>', html)


def waakvlam_post(client, dossier, **overrides):
    data = {"waakvlam-datum": days_ago(5).isoformat(), "waakvlam-evaluatiedatum": days_ago(-60).isoformat(),
            "waakvlam-reden_beeindiging": "01", "waakvlam-doelen_bereikt": "onbekend", "waakvlam-tevredenheid": "",
            "waakvlam-zonder_hulp_verder": "onbekend"}
    data.update({f"waakvlam-{k}": v for k, v in overrides.items()})
    return client.post(f"/dossiers/{dossier.pk}/waakvlam", {k: v for k, v in data.items() if v is not None})


# --- Snel registreren -------------------------------------------------------------------------------------------


def test_inzet_is_a_labelled_radio_group_with_dutch_labels(login, professional):
    html = login(professional).get("/registreren").content.decode()
    assert ">Inzet</legend>" in html
    for n, label in enumerate(["Hulp", "Advies of consultatie", "Toegang (triage, toeleiding, verwijzing)", "Regie"]):
        assert f'for="id_inzet_{n}">{label}</label>' in html


def test_inzet_defaults_to_hulp_for_a_first_contact(login, professional):
    assert checked_inzet(login(professional).get("/registreren").content.decode()) == ["hulp"]


def test_inzet_defaults_to_the_users_last_choice(login, professional, teamleider, team, leiden):
    make_contact(professional, team, gemeente=leiden, leeftijdsklasse="4-11", inzet="hulp")
    make_contact(professional, team, gemeente=leiden, leeftijdsklasse="4-11", inzet="toegang")
    make_contact(teamleider, team, gemeente=leiden, leeftijdsklasse="4-11", inzet="regie")  # someone else's choice does not count
    assert checked_inzet(login(professional).get("/registreren").content.decode()) == ["toegang"]


def test_the_inzet_chosen_is_stored_and_becomes_the_next_default(login, professional, team):
    client = login(professional)
    assert post_contact(client, team, inzet="advies").status_code == 302
    assert (Contact.objects.get().inzet, checked_inzet(client.get("/registreren").content.decode())) == ("advies", ["advies"])


def test_an_unknown_inzet_is_a_dutch_error_next_to_the_field_and_stores_nothing(login, professional, team):
    before = snapshot()
    response = post_contact(login(professional), team, inzet="coaching")
    html = response.content.decode()
    assert (response.status_code, snapshot()) == (400, before)
    assert 'id="id_inzet_error"' in html and "Selecteer een geldige keuze. coaching is geen beschikbare keuze." in html


def test_dossier_page_shows_the_inzet_of_each_contact(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    make_contact(professional, team, dossier=dossier, datum=days_ago(3), inzet="regie")
    html = login(professional).get(f"/dossiers/{dossier.pk}").content.decode()
    assert (html.count("Inzet: Regie"), html.count("Inzet: Hulp")) == (1, 1)


# --- waakvlam -----------------------------------------------------------------------------------------------------


def test_waakvlam_form_asks_the_closure_questions_with_reden_01_and_onbekend(login, professional, team, leiden):
    html = login(professional).get(f"/dossiers/{active_dossier(professional, team, leiden).pk}").content.decode()
    start = html.index('id="actie-waakvlam"')
    form = html[start:html.index("</details>", start)]
    assert ('for="id_waakvlam-reden_beeindiging">Reden beëindiging</label>' in form, ">Doelen bereikt</legend>" in form,
            'for="id_waakvlam-tevredenheid">Tevredenheid van de cliënt</label>' in form, ">Zonder hulp verder</legend>" in form) == (
        True, True, True, True)
    assert '<option value="01" selected>Beëindigd volgens plan</option>' in form
    assert 'value="onbekend" class="utrecht-radio-button utrecht-radio-button--html-input" id="id_waakvlam-doelen_bereikt_3" required checked' in form
    assert 'value="onbekend" class="utrecht-radio-button utrecht-radio-button--html-input" id="id_waakvlam-zonder_hulp_verder_2" required checked' in form


def test_waakvlam_form_stores_reden_02_and_the_outcome(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = waakvlam_post(login(professional), dossier, reden_beeindiging="02", doelen_bereikt="ja", tevredenheid="5", zonder_hulp_verder="ja")
    change = StatusWijziging.objects.get(dossier=dossier, naar="waakvlam")
    assert response.status_code == 302
    assert (change.reden_beeindiging, change.doelen_bereikt, change.tevredenheid, change.zonder_hulp_verder) == ("02", "ja", 5, "ja")


def test_waakvlam_form_errors_are_dutch_next_to_their_fields_and_change_nothing(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    before = snapshot()
    response = waakvlam_post(login(professional), dossier, reden_beeindiging="", doelen_bereikt=None, tevredenheid="7")
    html = response.content.decode()
    assert (response.status_code, snapshot()) == (400, before)
    assert ('id="id_waakvlam-reden_beeindiging_error"' in html, 'id="id_waakvlam-doelen_bereikt_error"' in html,
            'id="id_waakvlam-tevredenheid_error"' in html) == (True, True, True)
    assert "Dit veld is vereist." in html and "Selecteer een geldige keuze. 7 is geen beschikbare keuze." in html
    assert '<details class="app-actie" id="actie-waakvlam" open>' in html


def test_status_history_shows_the_reden_of_a_waakvlam(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    client = login(professional)
    waakvlam_post(client, dossier, reden_beeindiging="03", doelen_bereikt="nee")
    html = client.get(f"/dossiers/{dossier.pk}").content.decode()
    assert "Voortijdig: eenzijdig door de cliënt; doelen bereikt: nee" in html
