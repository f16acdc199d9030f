"""The web side of issue 10 for a jeugdige: birth dates with an unknown day or month and unborn children on the
registration form, one way of showing them everywhere, and the address history with "Verhuizing vastleggen"."""

from datetime import date, timedelta

import pytest

from cases.models import Adres, Correctie, Jeugdige
from jgt_registratie.models import AuditLog
from tests.builders import days_ago, make_dossier, make_jeugdige, make_move, snapshot, today

pytestmark = pytest.mark.django_db


def _register(client, team, **fields):
    body = {"voornamen": "Fenna", "achternaam": "Test", "bsn": "", "geslacht": "V", "postcode": "2311AB", "gemeente": "0546", "team": str(team.pk), **fields}
    return client.post("/jeugdigen/nieuw", body)


# --- birth dates --------------------------------------------------------------------------------------------------


def test_the_form_offers_unknown_day_unknown_month_and_unborn(login, professional):
    html = login(professional).get("/jeugdigen/nieuw").content.decode()
    assert all(label in html for label in ("Dag onbekend", "Dag en maand onbekend", "Nog niet geboren (verwachte geboortedatum)"))


def test_unknown_day_is_stored_as_the_first_and_shown_as_month_and_year(login, professional, team, leiden):
    response = _register(login(professional), team, geboortedatum_precisie="maand", geboortedatum="2012-01-17")
    jeugdige = Jeugdige.objects.get()
    assert (jeugdige.geboortedatum, jeugdige.geboortedatum_precisie) == (date(2012, 1, 1), "maand")
    assert "<dd>01-2012</dd>" in login(professional).get(response.url).content.decode()


def test_unknown_day_and_month_is_shown_as_the_year(login, professional, team, leiden):
    response = _register(login(professional), team, geboortedatum_precisie="jaar", geboortedatum="2012-06-17")
    jeugdige = Jeugdige.objects.get()
    assert (jeugdige.geboortedatum, jeugdige.geboortedatum_precisie) == (date(2012, 1, 1), "jaar")
    assert "<dd>2012</dd>" in login(professional).get(response.url).content.decode()


def test_an_unborn_child_has_an_expected_date_and_no_birth_date(login, professional, team, leiden):
    verwacht = today() + timedelta(days=90)
    response = _register(login(professional), team, geboortedatum_precisie="ongeboren", geboortedatum="2012-06-17",
                         verwachte_geboortedatum=verwacht.isoformat())
    jeugdige = Jeugdige.objects.get()
    assert response.status_code == 302
    assert (jeugdige.geboortedatum, jeugdige.verwachte_geboortedatum, jeugdige.ongeboren) == (None, verwacht, True)
    assert f"<dd>verwacht {verwacht:%m-%Y}</dd>" in login(professional).get(response.url).content.decode()


def test_unborn_without_expected_date_is_refused_next_to_that_field(login, professional, team, leiden):
    response = _register(login(professional), team, geboortedatum_precisie="ongeboren")
    html = response.content.decode()
    assert response.status_code == 400 and Jeugdige.objects.count() == 0
    assert 'id="id_verwachte_geboortedatum_error"' in html and "Vul de verwachte geboortedatum in." in html


def test_an_expected_date_a_year_ahead_is_refused_in_dutch(login, professional, team, leiden):
    response = _register(login(professional), team, geboortedatum_precisie="ongeboren",
                         verwachte_geboortedatum=(today() + timedelta(days=365)).isoformat())
    assert response.status_code == 400 and Jeugdige.objects.count() == 0
    assert "meer dan 10 maanden vooruit" in response.content.decode()


def test_lists_search_and_dossier_page_show_the_birth_date_the_same_way(login, professional, team, leiden):
    kid = make_jeugdige(professional, team, leiden, geboortedatum=date(2012, 4, 1), geboortedatum_precisie="maand")
    dossier = make_dossier(professional, team, None, jeugdigen=[kid])
    client = login(professional)
    assert 'geboortedatum <span class="app-nowrap">04-2012</span>' in client.get("/dossiers").content.decode()
    assert "04-2012" in client.get(f"/dossiers/zoeken?q={str(dossier.pk)[:8]}").content.decode()
    assert '<td class="utrecht-table__cell app-nowrap" data-label="Geboortedatum">04-2012</td>' in client.get(f"/dossiers/{dossier.pk}").content.decode()


# --- address history -----------------------------------------------------------------------------------------------


def _move(client, jeugdige, **fields):
    body = {"verhuizing-postcode": "2351 AB", "verhuizing-gemeente": "0547", "verhuizing-geldig_vanaf": days_ago(10).isoformat(), **fields}
    return client.post(f"/jeugdigen/{jeugdige.pk}/verhuizing", body)


def test_a_move_on_the_web_keeps_the_old_address_and_changes_the_current_one(login, professional, team, leiden, leiderdorp):
    kid = make_jeugdige(professional, team, leiden, postcode="2311AB")
    client = login(professional)
    response = _move(client, kid)
    assert response.status_code == 302 and response.url == f"/jeugdigen/{kid.pk}"
    assert list(Adres.objects.filter(jeugdige=kid).values_list("postcode", "gemeente_id", "geldig_vanaf")) == [
        ("2311AB", "0546", None), ("2351AB", "0547", days_ago(10))]
    html = client.get(response.url).content.decode()
    assert "<dt>Postcode</dt><dd>2351AB</dd>" in html and "<dt>Gemeente</dt><dd>Leiderdorp</dd>" in html
    assert "eerste adres" in html and "2311AB" in html and f"{days_ago(10):%d-%m-%Y}" in html and "Leiderdorp (huidig)" in html


def test_a_move_is_a_correction_and_is_audited(login, professional, team, leiden, leiderdorp):
    kid = make_jeugdige(professional, team, leiden)
    _move(login(professional), kid)
    assert list(Correctie.objects.values_list("soort", "datum_van", "datum_tot", "jeugdige_id")) == [
        ("verhuizing", days_ago(10), date.max, kid.pk)]
    assert AuditLog.objects.filter(action="verhuizing_vastleggen", object_id=str(kid.pk), result="ok").count() == 1


def test_the_dossier_page_shows_the_current_address(login, professional, team, leiden, leiderdorp):
    kid = make_jeugdige(professional, team, leiden, postcode="2311AB")
    dossier = make_dossier(professional, team, None, jeugdigen=[kid])
    make_move(professional, kid, leiderdorp, days_ago(5), "2351AB")
    html = login(professional).get(f"/dossiers/{dossier.pk}").content.decode()
    assert ('<td class="utrecht-table__cell app-nowrap" data-label="Postcode">2351AB</td>'
            '<td class="utrecht-table__cell" data-label="Gemeente">Leiderdorp</td>') in html


def test_a_move_in_the_future_is_refused_next_to_the_date_and_changes_nothing(login, professional, team, leiden, leiderdorp):
    kid = make_jeugdige(professional, team, leiden)
    before = snapshot()
    response = _move(login(professional), kid, **{"verhuizing-geldig_vanaf": (today() + timedelta(days=1)).isoformat()})
    html = response.content.decode()
    assert response.status_code == 400 and snapshot() == before
    assert 'id="id_verhuizing-geldig_vanaf_error"' in html and "ligt in de toekomst" in html and "<details" in html and " open>" in html


def test_a_second_move_on_the_same_date_is_a_409_with_a_dutch_text(login, professional, team, leiden, leiderdorp):
    kid = make_jeugdige(professional, team, leiden)
    make_move(professional, kid, leiderdorp, days_ago(10))
    before = snapshot()
    response = _move(login(professional), kid, **{"verhuizing-gemeente": "0546"})
    assert response.status_code == 409 and snapshot() == before
    assert "begint al een adres van deze jeugdige" in response.content.decode()


def test_another_team_cannot_register_a_move(login, other_professional, professional, team, leiden, leiderdorp):
    kid = make_jeugdige(professional, team, leiden)
    before = snapshot()
    assert _move(login(other_professional), kid).status_code == 404 and snapshot() == before
