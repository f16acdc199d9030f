"""Issue 11 on the web: names on the registration form and everywhere a jeugdige is shown, "Gegevens wijzigen" on the
jeugdige page, betrokkenen on the dossier page, search by name with "meer resultaten", and /dossiers/{short}."""

from datetime import date

import pytest

from cases.models import Betrokkene, Correctie, Jeugdige
from cases.services import betrokkene_add
from jgt_registratie.models import AuditLog
from tests.builders import make_dossier, make_jeugdige

pytestmark = pytest.mark.django_db


@pytest.fixture
def sven(professional, team, leiden):
    return make_jeugdige(professional, team, leiden, voornamen="Sven", tussenvoegsel="de", achternaam="Vries", geboortedatum=date(2012, 1, 21),
                         geslacht="M", postcode="2315AB")


@pytest.fixture
def dossier(professional, team, leiden, sven):
    return make_dossier(professional, team, leiden, jeugdigen=[sven])


# --- the registration form asks the name ------------------------------------------------------------------------------


def test_the_form_requires_voornamen_and_achternaam_in_dutch(login, professional, team, leiden):
    response = login(professional).post("/jeugdigen/nieuw", {"geboortedatum": "2014-05-06", "geslacht": "M", "gemeente": "0546",
                                                             "team": str(team.pk)})
    html = response.content.decode()
    assert (response.status_code, Jeugdige.objects.count()) == (400, 0)
    assert "Vul de voornaam (of roepnaam) in." in html and "Vul de achternaam in." in html


def test_the_form_stores_the_three_name_parts(login, professional, team, leiden):
    login(professional).post("/jeugdigen/nieuw", {"voornamen": "José", "tussenvoegsel": "van der", "achternaam": "Berg",
                                                  "geboortedatum": "2014-05-06", "geslacht": "M", "gemeente": "0546", "team": str(team.pk)})
    assert Jeugdige.objects.get().naam == "José van der Berg"


# --- names instead of "Man, geboren ..." ---------------------------------------------------------------------------------


def test_the_dossier_list_and_the_dossier_page_show_the_name(login, professional, dossier):
    client = login(professional)
    assert 'Sven de Vries (<span class="app-nowrap">21-01-2012</span>)' in client.get("/dossiers").content.decode()
    assert "Sven de Vries</a>" in client.get(f"/dossiers/{dossier.pk}").content.decode()


# --- search by name, and "meer resultaten" ----------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["de vries", "DE VRIES", "vrie", "21-01-2012", "2012-01-21", "2315", "2315AB"])
def test_the_list_finds_the_dossier_by_name_birth_date_and_postcode(login, professional, dossier, q):
    html = login(professional).get("/dossiers", {"q": q}).content.decode()
    assert f"/dossiers/{dossier.pk}" in html


def test_the_list_finds_jose_without_the_accent(login, professional, team, leiden):
    jose = make_jeugdige(professional, team, leiden, voornamen="José", achternaam="Ramírez")
    dossier = make_dossier(professional, team, leiden, jeugdigen=[jose])
    assert f"/dossiers/{dossier.pk}" in login(professional).get("/dossiers", {"q": "jose"}).content.decode()


def test_suggestions_say_how_many_more_there_are_and_link_to_the_list(login, professional, team, leiden):
    for i in range(12):
        kid = make_jeugdige(professional, team, leiden, voornamen=f"Kind{i}", achternaam="Jansen")
        make_dossier(professional, team, leiden, jeugdigen=[kid])
    html = login(professional).get("/dossiers/zoeken", {"q": "jansen"}).content.decode()
    assert html.count('role="option" class="utrecht-listbox__option') == 10
    assert 'meer resultaten: verfijn uw zoekopdracht of <a href="/dossiers?q=jansen">bekijk alle 12</a>' in html


def test_suggestions_without_more_do_not_say_so(login, professional, dossier):
    assert "meer resultaten" not in login(professional).get("/dossiers/zoeken", {"q": "vries"}).content.decode()


# --- /dossiers/{short} -----------------------------------------------------------------------------------------------


def test_the_short_number_opens_the_dossier(login, professional, dossier):
    response = login(professional).get(f"/dossiers/{str(dossier.pk)[:8]}")
    assert (response.status_code, response.url) == (302, f"/dossiers/{dossier.pk}")


def test_the_short_number_of_another_teams_dossier_is_404(login, other_professional, dossier):
    response = login(other_professional).get(f"/dossiers/{str(dossier.pk)[:8]}")
    assert response.status_code == 404
    assert AuditLog.objects.filter(user_id=other_professional.pk, result="niet_gevonden").count() == 1


# --- "Gegevens wijzigen" -------------------------------------------------------------------------------------------------


def _wijzigen(client, jeugdige, **fields):
    body = {"wijzigen-voornamen": "Sven", "wijzigen-tussenvoegsel": "de", "wijzigen-achternaam": "Vries", "wijzigen-bsn": "",
            "wijzigen-geboortedatum_precisie": "dag", "wijzigen-geboortedatum": "2012-01-21", "wijzigen-geslacht": "M",
            **{f"wijzigen-{k}": v for k, v in fields.items()}}
    return client.post(f"/jeugdigen/{jeugdige.pk}/wijzigen", body)


def test_the_jeugdige_page_offers_gegevens_wijzigen_filled_in(login, professional, sven):
    html = login(professional).get(f"/jeugdigen/{sven.pk}").content.decode()
    assert "Gegevens wijzigen" in html and 'name="wijzigen-achternaam" value="Vries"' in html


def test_a_name_correction_is_saved_and_audited(login, professional, sven):
    response = _wijzigen(login(professional), sven, achternaam="Visser")
    assert (response.status_code, Jeugdige.objects.get(pk=sven.pk).naam) == (302, "Sven de Visser")
    assert AuditLog.objects.filter(action="jeugdige_wijzigen", object_id=str(sven.pk), result="ok").count() == 1


def test_a_birth_date_correction_is_a_correction(login, professional, sven):
    _wijzigen(login(professional), sven, geboortedatum="2012-02-21")
    assert Correctie.objects.filter(soort="jeugdige_gewijzigd", jeugdige=sven).count() == 1


def test_a_bad_bsn_is_shown_next_to_the_field_and_changes_nothing(login, professional, sven):
    response = _wijzigen(login(professional), sven, bsn="123456789", achternaam="Visser")
    html = response.content.decode()
    assert response.status_code == 400 and "elfproef" in html and 'id="id_wijzigen-bsn_error"' in html
    assert Jeugdige.objects.get(pk=sven.pk).achternaam == "Vries"


# --- betrokkenen ---------------------------------------------------------------------------------------------------------


def test_a_betrokkene_is_added_shown_changed_and_removed(login, professional, dossier):
    client = login(professional)
    added = client.post(f"/dossiers/{dossier.pk}/betrokkenen", {"betrokkene-naam": "Anna de Vries", "betrokkene-relatie": "ouder",
                                                                "betrokkene-telefoon": "06 12345678"})
    betrokkene = Betrokkene.objects.get()
    page = client.get(f"/dossiers/{dossier.pk}").content.decode()
    changed = client.post(f"/dossiers/{dossier.pk}/betrokkenen/{betrokkene.pk}", {
        f"betrokkene-{betrokkene.pk}-naam": "Anna de Vries", f"betrokkene-{betrokkene.pk}-relatie": "voogd"})
    relatie = Betrokkene.objects.get().relatie
    removed = client.post(f"/dossiers/{dossier.pk}/betrokkenen/{betrokkene.pk}/verwijderen")
    assert (added.status_code, added.url) == (302, f"/dossiers/{dossier.pk}#betrokkenen")
    assert "<strong>Anna de Vries</strong> · Ouder" in page and 'href="tel:0612345678"' in page
    assert (changed.status_code, relatie) == (302, "voogd")
    assert (removed.status_code, Betrokkene.objects.count()) == (302, 0)


def test_a_betrokkene_without_a_name_is_refused_in_dutch(login, professional, dossier):
    response = login(professional).post(f"/dossiers/{dossier.pk}/betrokkenen", {"betrokkene-relatie": "ouder"})
    assert response.status_code == 400 and "Vul de naam in." in response.content.decode()
    assert Betrokkene.objects.count() == 0


def test_another_team_cannot_remove_a_betrokkene(login, professional, other_professional, dossier):
    betrokkene = betrokkene_add(user=professional, dossier=dossier, naam="Anna Test", relatie="ouder")
    response = login(other_professional).post(f"/dossiers/{dossier.pk}/betrokkenen/{betrokkene.pk}/verwijderen")
    assert (response.status_code, Betrokkene.objects.count()) == (404, 1)
