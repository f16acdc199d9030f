"""Snel registreren: defaults, happy paths, errors next to their fields, registration time."""

import time

import pytest
from django.core import signing

from cases.models import Contact
from jgt_registratie.models import AuditLog
from tests.builders import days_ago, make_contact, make_dossier, snapshot, today

pytestmark = pytest.mark.django_db


def post_contact(client, **overrides):
    data = {"team": "", "datum": today().isoformat(), "duur_minuten": "20", "vorm": "telefonisch", "inzet": "hulp", "hulpsoort": "preventief",
            "probleemcategorieen": ["opvoeding"], "dossier": "", "gemeente": "0546", "leeftijdsklasse": "4-11", "notitie": "",
            "registratieduur_seconden": "", "geopend": ""}
    data.update(overrides)
    return client.post("/registreren", {k: v for k, v in data.items() if v is not None})


def test_page_has_labelled_fields_and_defaults_today(login, professional):
    html = login(professional).get("/registreren").content.decode()
    assert "<h1 class=\"utrecht-heading-1\">Snel registreren</h1>" in html
    for field_id, label in [("id_datum", "Datum"), ("id_duur_minuten", "Duur (minuten)"), ("id_dossier", "Dossier (optioneel)"),
                            ("id_gemeente", "Gemeente"), ("id_leeftijdsklasse", "Leeftijdsklasse")]:
        assert f'for="{field_id}">{label}</label>' in html
    assert f'name="datum" value="{today():%d-%m-%Y}"' in html
    assert "<legend" in html and ">Vorm</legend>" in html and ">Hulpsoort</legend>" in html
    # the team's only gemeente is the default for a first contact
    assert '<option value="0546" selected>Leiden</option>' in html


def test_contact_without_dossier_is_saved_and_form_is_empty_again(login, professional, team):
    client = login(professional)
    response = post_contact(client, team=str(team.pk))
    assert response.status_code == 302 and response.url == "/registreren"
    contact = Contact.objects.get()
    assert (contact.dossier, contact.gemeente_id, contact.leeftijdsklasse, contact.duur_minuten, contact.geregistreerd_door) == (
        None, "0546", "4-11", 20, professional)
    assert [c.code for c in contact.probleemcategorieen.all()] == ["opvoeding"]
    page = client.get("/registreren").content.decode()
    assert "opgeslagen (zonder dossier)" in page
    assert 'data-concept-wissen="contact"' in page
    assert 'value="opvoeding" class="utrecht-checkbox utrecht-checkbox--html-input" id="id_probleemcategorieen_7" checked' not in page


def test_a_form_sent_twice_registers_one_contact(login, professional, team):
    """A double click or a second Enter sends the same form twice: that is one contact, not two."""
    import re

    from cases.models import Contact

    client = login(professional)
    opened = re.search(r'name="geopend" value="([^"]+)"', client.get("/registreren").content.decode()).group(1)
    data = {"team": str(team.pk), "datum": today().isoformat(), "duur_minuten": "20", "vorm": "telefonisch", "inzet": "hulp", "hulpsoort": "preventief",
            "probleemcategorieen": ["opvoeding"], "dossier": "", "gemeente": "0546", "leeftijdsklasse": "4-11", "notitie": "", "geopend": opened}
    first = client.post("/registreren", {**data, "registratieduur_seconden": "0"})
    second = client.post("/registreren", {**data, "registratieduur_seconden": "1"})
    assert (first.status_code, second.status_code) == (302, 302) and second.url == "/registreren"
    assert Contact.objects.count() == 1
    assert "opgeslagen (zonder dossier)" in client.get("/registreren").content.decode()
    changed = client.post("/registreren", {**data, "duur_minuten": "25"})  # the same form, deliberately changed: a new contact
    assert changed.status_code == 302
    assert sorted(Contact.objects.values_list("duur_minuten", flat=True)) == [20, 25]


def test_defaults_come_from_the_users_last_contact(login, professional, team, leiden, leiderdorp):
    team.gemeenten.add(leiderdorp)
    make_contact(professional, team, datum=days_ago(2), duur_minuten=50, vorm="huisbezoek", hulpsoort="middelzwaar",
                 gemeente=leiderdorp, leeftijdsklasse="12-17")
    html = login(professional).get("/registreren").content.decode()
    assert 'name="duur_minuten" value="50"' in html
    assert 'value="huisbezoek" class="utrecht-radio-button utrecht-radio-button--html-input" id="id_vorm_3" required checked' in html
    assert 'value="middelzwaar" class="utrecht-radio-button utrecht-radio-button--html-input" id="id_hulpsoort_2" required checked' in html
    assert '<option value="0547" selected>Leiderdorp</option>' in html
    assert '<option value="12-17" selected>' in html
    assert f'name="datum" value="{today():%d-%m-%Y}"' in html


def _opened(seconds_ago: float) -> str:
    """The signed `geopend` of a form the server rendered `seconds_ago`."""
    return signing.dumps(time.time() - seconds_ago, salt="cases.registratieduur")


def test_registration_time_from_the_browser_is_stored(login, professional, team):
    post_contact(login(professional), team=str(team.pk), registratieduur_seconden="12", geopend=_opened(40))
    assert Contact.objects.get().registratieduur_seconden == 12


def test_browser_time_longer_than_the_servers_window_is_clamped_to_it(login, professional, team):
    post_contact(login(professional), team=str(team.pk), registratieduur_seconden="99999", geopend=_opened(40))
    assert 40 <= Contact.objects.get().registratieduur_seconden <= 120  # the server's 40 s (a loaded machine may add some), not 99999


def test_negative_browser_time_is_clamped_to_zero(login, professional, team):
    post_contact(login(professional), team=str(team.pk), registratieduur_seconden="-30", geopend=_opened(40))
    assert Contact.objects.get().registratieduur_seconden == 0


def test_without_a_browser_time_the_servers_window_is_stored(login, professional, team):
    post_contact(login(professional), team=str(team.pk), registratieduur_seconden="", geopend=_opened(40))
    assert 40 <= Contact.objects.get().registratieduur_seconden <= 120


def test_browser_time_without_a_signed_start_is_not_trusted(login, professional, team):
    post_contact(login(professional), team=str(team.pk), registratieduur_seconden="12", geopend="vervalst")
    assert Contact.objects.get().registratieduur_seconden is None


def test_garbage_time_without_signed_start_stores_nothing(login, professional, team):
    post_contact(login(professional), team=str(team.pk), registratieduur_seconden="-3", geopend="vervalst")
    assert Contact.objects.get().registratieduur_seconden is None


def test_a_window_over_an_hour_without_a_browser_time_is_no_measurement(login, professional, team):
    """A form that lay open for two hours and came without the browser's clock: two hours is not registration work."""
    post_contact(login(professional), team=str(team.pk), registratieduur_seconden="", geopend=_opened(2 * 60 * 60))
    assert Contact.objects.get().registratieduur_seconden is None


def test_a_short_browser_time_in_a_long_window_is_kept(login, professional, team):
    post_contact(login(professional), team=str(team.pk), registratieduur_seconden="30", geopend=_opened(2 * 60 * 60))
    assert Contact.objects.get().registratieduur_seconden == 30


def test_the_get_form_carries_a_signed_start(login, professional):
    html = login(professional).get("/registreren").content.decode()
    assert 'name="geopend"' in html and 'name="registratieduur_seconden"' in html


def test_contact_with_dossier_by_short_number(login, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=days_ago(10))
    response = post_contact(login(professional), team=str(team.pk), dossier=str(dossier.pk)[:8], hulpsoort="licht", notitie="Gesprek met moeder")
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.dossier_id, contact.gemeente, contact.leeftijdsklasse, contact.notitie) == (dossier.pk, None, "", "Gesprek met moeder")
    dossier.refresh_from_db()
    assert dossier.status == "actief"


def test_service_errors_are_shown_next_to_their_fields_and_input_is_kept(login, professional, team):
    before = snapshot()
    response = post_contact(login(professional), team=str(team.pk), gemeente="", leeftijdsklasse="", duur_minuten="20",
                            datum=days_ago(-3).isoformat(), notitie="Naam van de moeder")
    html = response.content.decode()
    assert response.status_code == 400
    assert snapshot() == before
    assert 'id="id_gemeente_error"' in html and "Kies de gemeente van een contact zonder dossier." in html
    assert 'id="id_leeftijdsklasse_error"' in html and "Kies de leeftijdsklasse" in html
    assert 'id="id_datum_error"' in html and "ligt in de toekomst" in html
    assert 'id="id_notitie_error"' in html
    assert 'aria-describedby="id_gemeente_error"' in html
    assert 'role="alert"' in html and "Controleer uw invoer" in html and 'href="#id_gemeente"' in html
    assert "Naam van de moeder</textarea>" in html
    assert 'name="duur_minuten" value="20"' in html


def test_form_errors_are_dutch_and_next_to_field(login, professional, team):
    response = post_contact(login(professional), team=str(team.pk), duur_minuten="0", vorm="")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_duur_minuten_error"' in html and "Zorg ervoor dat deze waarde minstens 1 is." in html
    assert 'id="id_vorm_error"' in html and "Dit veld is vereist." in html
    assert 'aria-describedby="id_vorm_error"' in html  # on the fieldset


def test_all_missing_fields_are_reported_in_one_round(login, professional, team):
    response = post_contact(login(professional), team=str(team.pk), duur_minuten="", gemeente="", leeftijdsklasse="")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_duur_minuten_error"' in html
    assert 'id="id_gemeente_error"' in html and "Kies de gemeente van een contact zonder dossier." in html
    assert 'id="id_leeftijdsklasse_error"' in html and "Kies de leeftijdsklasse van een contact zonder dossier." in html
    assert not Contact.objects.exists()


def test_unknown_or_other_teams_dossier_is_an_error_on_the_dossier_field(login, professional, other_professional, team, other_team, leiderdorp):
    theirs = make_dossier(other_professional, other_team, leiderdorp)
    response = post_contact(login(professional), team=str(team.pk), dossier=str(theirs.pk)[:8])
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_dossier_error"' in html and "Onbekend dossier" in html
    assert Contact.objects.count() == 0


def test_closed_dossier_conflict_is_shown_on_the_dossier_field(login, teamleider, team, leiden):
    from cases import services

    dossier = make_dossier(teamleider, team, leiden, aanmelddatum=days_ago(10))
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=today(), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja")
    response = post_contact(login(teamleider), team=str(team.pk), dossier=str(dossier.pk)[:8], gemeente="", leeftijdsklasse="")
    assert response.status_code == 400
    assert "Het dossier is afgesloten" in response.content.decode()


def test_prefill_dossier_from_query(login, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    html = login(professional).get(f"/registreren?dossier={dossier.pk}").content.decode()
    assert f'name="dossier" value="{str(dossier.pk)[:8]}"' in html


def test_search_is_scoped_to_own_team_and_audited(login, professional, other_professional, team, other_team, leiden, leiderdorp):
    from tests.builders import make_jeugdige

    mine = make_dossier(professional, team, leiden, jeugdigen=[make_jeugdige(professional, team, leiden, postcode="2311AB")])
    theirs = make_dossier(other_professional, other_team, leiderdorp,
                          jeugdigen=[make_jeugdige(other_professional, other_team, leiderdorp, postcode="2311AC")])
    client = login(professional)
    html = client.get("/dossiers/zoeken?q=2311").content.decode()
    assert str(mine.pk)[:8] in html
    assert str(theirs.pk)[:8] not in html
    assert 'role="option"' in html
    rows = AuditLog.objects.filter(action="zoeken", object_type="dossier", username="alice")
    assert list(rows.values_list("object_id", flat=True)) == [str(mine.pk)]
    by_number = client.get(f"/dossiers/zoeken?q={str(theirs.pk)[:8]}").content.decode()
    assert "Geen open dossiers van uw team gevonden." in by_number
    assert str(mine.pk)[:8] in client.get("/dossiers/zoeken?q=01-04-2012").content.decode()


# --- the date field: dd-mm-jjjj, and jjjj-mm-dd still accepted ----------------------------------------------------


def test_a_date_typed_as_dd_mm_jjjj_is_saved(login, professional, team):
    response = post_contact(login(professional), team=str(team.pk), datum=f"{days_ago(3):%d-%m-%Y}")
    assert response.status_code == 302
    assert Contact.objects.get().datum == days_ago(3)


def test_a_date_in_iso_order_is_still_accepted(login, professional, team):
    response = post_contact(login(professional), team=str(team.pk), datum=days_ago(3).isoformat())
    assert response.status_code == 302
    assert Contact.objects.get().datum == days_ago(3)


def test_a_date_that_does_not_exist_gets_a_dutch_message_and_saves_nothing(login, professional, team):
    before = snapshot()
    response = post_contact(login(professional), team=str(team.pk), datum="31-02-2026")
    html = response.content.decode()
    assert response.status_code == 400
    assert snapshot() == before
    assert "Vul een bestaande datum in als dd-mm-jjjj, bijvoorbeeld 29-11-2026." in html
    assert 'name="datum" value="31-02-2026"' in html  # the input as typed, to correct


def test_the_date_is_a_text_field_for_digits_that_knows_today(login, professional):
    html = login(professional).get("/registreren").content.decode()
    field = html[html.index('name="datum"') - 20:html.index('id="id_datum"') + 60]
    assert 'type="text"' in field and 'inputmode="numeric"' in field and 'pattern="\\d{1,2}-\\d{1,2}-\\d{4}"' in field
    assert f'data-vandaag="{today():%d-%m-%Y}"' in field


def test_focus_starts_on_the_dossier_field(login, professional):
    html = login(professional).get("/registreren").content.decode()
    assert html.count("autofocus") == 1
    assert 'name="dossier"' in html[html.index("autofocus") - 300:html.index("autofocus")]
