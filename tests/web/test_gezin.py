"""The web pages of issue 11's corrections and families: Wijzigen, Verwijderen and Koppelen of a contact, Kind
toevoegen, Verwijderen uit dossier, Overdragen aan ander team, and the closure request with a toelichting."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from cases import services
from cases.models import Contact, Dossier, Hulpperiode, Jeugdige
from jgt_registratie.models import AuditLog, Role
from tests.builders import active_dossier, days_ago, make_contact, make_jeugdige, today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def said(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def correction_post(contact, **overrides):
    data = {"datum": contact.datum.isoformat(), "duur_minuten": str(contact.duur_minuten), "vorm": contact.vorm, "inzet": contact.inzet,
            "hulpsoort": contact.hulpsoort, "probleemcategorieen": [c.code for c in contact.probleemcategorieen.all()], "notitie": contact.notitie}
    data.update(overrides)
    return data


@pytest.fixture
def running(professional, team, leiden):
    """An actief dossier with one hulpcontact 30 days ago (alice's), so one running hulpperiode."""
    return active_dossier(professional, team, leiden, since=30)


# --- Wijzigen ------------------------------------------------------------------------------------------------------


def test_dossier_page_offers_wijzigen_and_verwijderen_for_an_own_contact(login, professional, running):
    contact = running.contacten.get()
    html = login(professional).get(f"/dossiers/{running.pk}").content.decode()
    assert (f'href="/contacten/{contact.pk}/wijzigen"' in html, f'href="/contacten/{contact.pk}/verwijderen"' in html) == (True, True)


def test_dossier_page_hides_the_corrections_of_a_colleagues_contact(login, professional, team, running):
    colleague = UserFactory(username="carla", role=Role.PROFESSIONAL, teams=[team])
    html = login(colleague).get(f"/dossiers/{running.pk}").content.decode()
    assert "/wijzigen\"" not in html.replace(f"/dossiers/{running.pk}/wijzigen\"", "")


def test_dossier_page_hides_the_corrections_after_14_days(login, professional, running):
    Contact.objects.update(geregistreerd_op=timezone.now() - timedelta(days=15))
    html = login(professional).get(f"/dossiers/{running.pk}").content.decode()
    assert "/verwijderen\"" not in html


def test_the_teamleider_sees_the_corrections_of_every_contact(login, teamleider, running):
    contact = running.contacten.get()
    assert f'href="/contacten/{contact.pk}/wijzigen"' in login(teamleider).get(f"/dossiers/{running.pk}").content.decode()


def test_wijzigen_form_shows_the_contacts_values(login, professional, running):
    contact = running.contacten.get()
    html = login(professional).get(f"/contacten/{contact.pk}/wijzigen").content.decode()
    assert (f'value="{contact.datum:%d-%m-%Y}"' in html, 'name="duur_minuten" value="45"' in html) == (True, True)


def test_wijzigen_saves_and_says_what_changed(login, professional, running):
    contact = running.contacten.get()
    response = login(professional).post(f"/contacten/{contact.pk}/wijzigen", correction_post(contact, hulpsoort="zwaar"))
    assert (response.status_code, response["Location"], said(response), Hulpperiode.objects.get().hulpsoort) == (
        302, f"/dossiers/{running.pk}", ["Contact gewijzigd; 1 hulpperiode herberekend."], "zwaar")


def test_wijzigen_with_a_wrong_value_shows_the_error_and_changes_nothing(login, professional, running):
    contact = running.contacten.get()
    response = login(professional).post(f"/contacten/{contact.pk}/wijzigen", correction_post(contact, duur_minuten="0"))
    assert (response.status_code, Contact.objects.get().duur_minuten) == (400, 45)


def test_wijzigen_of_a_colleagues_contact_is_a_dutch_403_and_audited(login, team, running):
    colleague = UserFactory(username="carla", role=Role.PROFESSIONAL, teams=[team])
    response = login(colleague).get(f"/contacten/{running.contacten.get().pk}/wijzigen")
    assert (response.status_code, "eigen contacten" in response.content.decode(),
            AuditLog.objects.filter(user_id=colleague.pk, action="contact_wijzigen", result="geweigerd").count()) == (403, True, 1)


def test_wijzigen_of_another_teams_contact_is_404(login, other_professional, running):
    assert login(other_professional).get(f"/contacten/{running.contacten.get().pk}/wijzigen").status_code == 404


# --- Verwijderen -------------------------------------------------------------------------------------------------------


def test_verwijderen_asks_for_confirmation_first(login, professional, running):
    contact = running.contacten.get()
    response = login(professional).get(f"/contacten/{contact.pk}/verwijderen")
    html = response.content.decode()
    assert (response.status_code, "Weet u zeker dat u dit contact wilt verwijderen?" in html, "<script" in html.split("<main")[-1],
            Contact.objects.count()) == (200, True, False, 1)


def test_verwijderen_confirmed_removes_and_says_what_changed(login, professional, running):
    contact = running.contacten.get()
    response = login(professional).post(f"/contacten/{contact.pk}/verwijderen")
    assert (response.status_code, said(response), Contact.objects.count()) == (302, ["Contact verwijderd; 1 hulpperiode herberekend."], 0)


# --- Koppelen ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def losse(professional, team, leiden):
    return make_contact(professional, team, datum=days_ago(3), gemeente=leiden, leeftijdsklasse="4-11")


def test_contacten_list_offers_koppelen_for_a_contact_without_dossier(login, professional, losse):
    assert f'href="/contacten/{losse.pk}/koppelen"' in login(professional).get("/contacten").content.decode()


def test_koppelen_attaches_to_a_dossier_of_the_team(login, professional, running, losse):
    response = login(professional).post(f"/contacten/{losse.pk}/koppelen", {"dossier": str(running.pk)[:8]})
    assert (response.status_code, Contact.objects.get(pk=losse.pk).dossier_id, said(response)) == (
        302, running.pk, [f"Contact gekoppeld aan dossier {str(running.pk)[:8]}; 1 hulpperiode herberekend."])


def test_koppelen_to_an_unknown_dossier_is_a_dutch_error(login, professional, losse):
    response = login(professional).post(f"/contacten/{losse.pk}/koppelen", {"dossier": "00000000"})
    assert (response.status_code, "Onbekend dossier" in response.content.decode(), Contact.objects.get(pk=losse.pk).dossier_id) == (400, True, None)


def test_koppelen_a_contact_with_dossier_is_409(login, professional, running):
    assert login(professional).get(f"/contacten/{running.contacten.get().pk}/koppelen").status_code == 409


# --- Kind toevoegen, Verwijderen uit dossier --------------------------------------------------------------------------------


def test_kind_toevoegen_by_number(login, professional, team, leiden, running):
    zus = make_jeugdige(professional, team, leiden)
    response = login(professional).post(f"/dossiers/{running.pk}/kind", {"kind-jeugdige": str(zus.pk)[:8], "kind-datum": days_ago(2).isoformat()})
    assert (response.status_code, running.jeugdigen.count(), list(Hulpperiode.objects.filter(jeugdige=zus).values_list("start", flat=True))) == (
        302, 2, [days_ago(2)])


def test_kind_toevoegen_unknown_is_a_dutch_error(login, professional, running):
    response = login(professional).post(f"/dossiers/{running.pk}/kind", {"kind-jeugdige": "ffffffff", "kind-datum": ""})
    assert (response.status_code, "Onbekende jeugdige" in response.content.decode()) == (400, True)


def test_new_jeugdige_from_kind_toevoegen_comes_back_to_the_dossier(login, professional, team, running):
    data = {"team": str(team.pk), "bsn": "", "geboortedatum": "2016-05-01", "geboortedatum_precisie": "dag", "geslacht": "M",
            "postcode": "2311AB", "gemeente": "0546", "verwachte_geboortedatum": "", "voornamen": "Sven", "achternaam": "Voorbeeld"}
    response = login(professional).post(f"/jeugdigen/nieuw?dossier={running.pk}", data)
    assert response.status_code == 302 and response["Location"].startswith(f"/dossiers/{running.pk}?kind="), response.content.decode()[:3000]


@pytest.fixture
def family(professional, team, leiden, running):
    zus = make_jeugdige(professional, team, leiden)
    services.gezinslid_add(user=professional, dossier=running, jeugdige=zus, datum=days_ago(10))
    return running, zus


def test_verwijderen_uit_dossier_is_offered_to_the_teamleider_only(login, teamleider, professional, family):
    dossier, zus = family
    link = f'href="/dossiers/{dossier.pk}/jeugdigen/{zus.pk}/verwijderen"'
    assert (link in login(teamleider).get(f"/dossiers/{dossier.pk}").content.decode(),
            link in login(professional).get(f"/dossiers/{dossier.pk}").content.decode()) == (True, False)


def test_verwijderen_uit_dossier_confirms_then_removes(login, teamleider, family):
    dossier, zus = family
    client = login(teamleider)
    page = client.get(f"/dossiers/{dossier.pk}/jeugdigen/{zus.pk}/verwijderen")
    response = client.post(f"/dossiers/{dossier.pk}/jeugdigen/{zus.pk}/verwijderen")
    assert (page.status_code, response.status_code, dossier.jeugdigen.count(), said(response)) == (
        200, 302, 1, [f"Jeugdige {str(zus.pk)[:8]} is uit dossier {str(dossier.pk)[:8]} verwijderd; 1 hulpperiode vervallen."])


def test_verwijderen_uit_dossier_by_a_professional_is_403(login, professional, family):
    dossier, zus = family
    assert login(professional).post(f"/dossiers/{dossier.pk}/jeugdigen/{zus.pk}/verwijderen").status_code == 403


# --- Overdragen ---------------------------------------------------------------------------------------------------------------


def test_overdragen_moves_the_dossier_and_goes_to_the_list(login, teamleider, other_team, running):
    UserFactory(username="otto", role=Role.TEAMLEIDER, teams=[other_team])
    response = login(teamleider).post(f"/dossiers/{running.pk}/overdragen", {"overdragen-team": str(other_team.pk), "overdragen-bevestigd": "on"})
    assert (response.status_code, response["Location"], Dossier.objects.get(pk=running.pk).team_id) == (302, "/dossiers", other_team.pk)


def test_overdragen_needs_the_confirmation(login, teamleider, team, other_team, running):
    response = login(teamleider).post(f"/dossiers/{running.pk}/overdragen", {"overdragen-team": str(other_team.pk)})
    assert (response.status_code, Dossier.objects.get(pk=running.pk).team_id) == (400, team.pk)


def test_overdragen_is_offered_to_the_teamleider_only(login, teamleider, professional, running):
    assert ("Overdragen aan ander team" in login(teamleider).get(f"/dossiers/{running.pk}").content.decode(),
            "Overdragen aan ander team" in login(professional).get(f"/dossiers/{running.pk}").content.decode()) == (True, False)


# --- Overdragen of a jeugdige without dossier ---------------------------------------------------------------------------------


@pytest.fixture
def los(professional, team, leiden):
    """A jeugdige of the team without dossier."""
    return make_jeugdige(professional, team, leiden, voornamen="Sven", achternaam="Voorbeeld")


def test_jeugdige_overdragen_moves_a_jeugdige_without_dossier_and_goes_to_the_list(login, teamleider, other_team, los):
    response = login(teamleider).post(f"/jeugdigen/{los.pk}/overdragen", {"overdragen-team": str(other_team.pk), "overdragen-bevestigd": "on"})
    assert (response.status_code, response["Location"], Jeugdige.objects.get(pk=los.pk).team_id, said(response)) == (
        302, "/dossiers", other_team.pk, ["Sven Voorbeeld is overgedragen aan JGT Leiderdorp/Zoeterwoude. Uw team ziet deze jeugdige niet meer."])


def test_jeugdige_overdragen_needs_the_confirmation(login, teamleider, team, other_team, los):
    response = login(teamleider).post(f"/jeugdigen/{los.pk}/overdragen", {"overdragen-team": str(other_team.pk)})
    assert (response.status_code, Jeugdige.objects.get(pk=los.pk).team_id) == (400, team.pk)


def test_jeugdige_overdragen_is_offered_to_the_teamleider_only(login, teamleider, professional, los):
    assert ("Overdragen aan ander team" in login(teamleider).get(f"/jeugdigen/{los.pk}").content.decode(),
            "Overdragen aan ander team" in login(professional).get(f"/jeugdigen/{los.pk}").content.decode()) == (True, False)


def test_jeugdige_overdragen_is_not_offered_for_a_jeugdige_in_a_dossier(login, teamleider, running):
    assert "Overdragen aan ander team" not in login(teamleider).get(f"/jeugdigen/{running.jeugdigen.get().pk}").content.decode()


def test_jeugdige_overdragen_of_a_jeugdige_in_a_dossier_is_409_and_names_the_dossier(login, teamleider, team, other_team, running):
    jeugdige = running.jeugdigen.get()
    response = login(teamleider).post(f"/jeugdigen/{jeugdige.pk}/overdragen", {"overdragen-team": str(other_team.pk),
                                                                                 "overdragen-bevestigd": "on"})
    assert (response.status_code, str(running.pk)[:8] in response.content.decode(), Jeugdige.objects.get(pk=jeugdige.pk).team_id) == (
        409, True, team.pk)


def test_jeugdige_overdragen_by_a_professional_is_403_and_audited(login, professional, other_team, los):
    response = login(professional).post(f"/jeugdigen/{los.pk}/overdragen", {"overdragen-team": str(other_team.pk), "overdragen-bevestigd": "on"})
    assert (response.status_code, AuditLog.objects.filter(action="jeugdige_overdragen", result="geweigerd", object_id=str(los.pk)).count()) == (
        403, 1)


def test_a_bsn_known_in_another_team_points_to_the_hand_over(login, professional, other_professional, other_team, leiderdorp, team):
    make_jeugdige(other_professional, other_team, leiderdorp, bsn="111222333")
    data = {"team": str(team.pk), "bsn": "111222333", "geboortedatum": "2016-05-01", "geboortedatum_precisie": "dag", "geslacht": "M",
            "postcode": "", "gemeente": "0546", "verwachte_geboortedatum": "", "voornamen": "Sven", "achternaam": "Voorbeeld"}
    response = login(professional).post("/jeugdigen/nieuw", data)
    assert (response.status_code, "kan het dossier aan uw team" in response.content.decode()) == (409, True)


# --- closure request with a toelichting -----------------------------------------------------------------------------------------


def test_closure_request_with_toelichting_shows_on_team_and_dossier_page(login, professional, teamleider, running):
    response = login(professional).post(f"/dossiers/{running.pk}/afsluitverzoek", {"afsluitverzoek-toelichting": "Doelen bereikt, gezin redt zich"})
    client = login(teamleider)
    assert (response.status_code, "Toelichting: Doelen bereikt, gezin redt zich" in client.get("/team").content.decode(),
            "Doelen bereikt, gezin redt zich" in client.get(f"/dossiers/{running.pk}").content.decode()) == (302, True, True)


def test_closure_request_without_toelichting_still_works(login, professional, running):
    response = login(professional).post(f"/dossiers/{running.pk}/afsluitverzoek", {})
    assert (response.status_code, Dossier.objects.get(pk=running.pk).afsluiting_gevraagd_op is not None) == (302, True)


def test_today_is_used_when_no_kind_date_is_given(login, professional, team, leiden, running):
    zus = make_jeugdige(professional, team, leiden)
    login(professional).post(f"/dossiers/{running.pk}/kind", {"kind-jeugdige": str(zus.pk)[:8], "kind-datum": ""})
    assert list(Hulpperiode.objects.filter(jeugdige=zus).values_list("start", flat=True)) == [today()]
