"""Regressions found in the review of the web app (commit aa8d824): each test failed before its fix."""

import pytest
from django.test import Client

from cases.models import Dossier, Probleemcategorie
from jgt_registratie.models import AuditLog
from tests.builders import OTHER_VALID_BSN, active_dossier, make_dossier, make_jeugdige, snapshot, today

pytestmark = pytest.mark.django_db


def test_dossier_page_shown_again_after_an_action_error_is_audited_as_read(login, professional, team, leiden):
    """The page re-rendered after a refused action shows the same person data as a GET, so it is audited the same way."""
    dossier = active_dossier(professional, team, leiden)
    client = login(professional)
    reads = AuditLog.objects.filter(action="lezen", object_type="dossier", object_id=str(dossier.pk))
    response = client.post(f"/dossiers/{dossier.pk}/waakvlam", {"waakvlam-datum": today().isoformat(), "waakvlam-evaluatiedatum": ""})
    assert response.status_code == 400 and "01-04-2012" in response.content.decode()  # the jeugdige's geboortedatum
    assert reads.count() == 1
    response = client.post(f"/dossiers/{dossier.pk}/activeren", {"activeren-datum": today().isoformat()})  # actief -> activeren: 409
    assert response.status_code == 409
    assert reads.count() == 2


def test_known_bsn_offer_audits_the_read_of_the_existing_jeugdige(login, professional, team, leiden):
    existing = make_jeugdige(professional, team, leiden, bsn=OTHER_VALID_BSN)
    response = login(professional).post("/jeugdigen/nieuw", {"bsn": OTHER_VALID_BSN, "geboortedatum": "2014-05-06", "geslacht": "M",
                                                             "postcode": "", "gemeente": "0546", "team": str(team.pk)})
    assert response.status_code == 409 and "geboren 01-04-2012" in response.content.decode()
    assert AuditLog.objects.filter(action="lezen", object_type="jeugdige", object_id=str(existing.pk), username="alice").count() == 1


def test_action_the_role_may_never_do_is_a_403_even_with_an_empty_form(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    before = snapshot()
    response = login(professional).post(f"/dossiers/{dossier.pk}/afsluiten", {})
    assert response.status_code == 403 and "Alleen een teamleider" in response.content.decode()
    assert snapshot() == before
    assert AuditLog.objects.filter(action="dossier_afsluiten", object_id=str(dossier.pk), result="geweigerd").count() == 1


def test_action_the_status_does_not_allow_is_a_409_with_a_message_even_with_an_empty_form(login, teamleider, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = login(teamleider).post(f"/dossiers/{dossier.pk}/heropenen", {})
    html = response.content.decode()
    assert response.status_code == 409 and "kan niet naar" in html and 'role="alert"' in html
    assert Dossier.objects.get(pk=dossier.pk).status == "actief"


def test_wijzigen_keeps_a_category_that_is_no_longer_active(login, professional, teamleider, team, leiden):
    """A dossier's category that was deactivated later is shown (checked) and kept when other fields change."""
    dossier = make_dossier(professional, team, leiden, probleemcategorieen=["opvoeding", "scheiding"])
    Probleemcategorie.objects.filter(code="scheiding").update(actief=False)
    client = login(professional)
    html = client.get(f"/dossiers/{dossier.pk}").content.decode()
    assert 'name="wijzigen-probleemcategorieen" value="scheiding"' in html
    assert html.split('name="wijzigen-probleemcategorieen" value="scheiding"')[1].split(">")[0].endswith("checked")
    response = client.post(f"/dossiers/{dossier.pk}/wijzigen", {
        "wijzigen-hulpsoort": "licht", "wijzigen-probleemcategorieen": ["opvoeding", "scheiding"], "wijzigen-regiehouder": str(teamleider.pk)})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.regiehouder, sorted(c.code for c in dossier.probleemcategorieen.all())) == (teamleider, ["opvoeding", "scheiding"])


def test_wijzigen_may_still_drop_an_inactive_category_but_not_add_one(login, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden, probleemcategorieen=["opvoeding", "scheiding"])
    Probleemcategorie.objects.filter(code__in=["scheiding", "middelen"]).update(actief=False)
    client = login(professional)
    added = client.post(f"/dossiers/{dossier.pk}/wijzigen", {
        "wijzigen-hulpsoort": "licht", "wijzigen-probleemcategorieen": ["opvoeding", "middelen"], "wijzigen-regiehouder": str(professional.pk)})
    assert added.status_code == 400 and 'id="id_wijzigen-probleemcategorieen_error"' in added.content.decode()
    dropped = client.post(f"/dossiers/{dossier.pk}/wijzigen", {
        "wijzigen-hulpsoort": "licht", "wijzigen-probleemcategorieen": ["opvoeding"], "wijzigen-regiehouder": str(professional.pk)})
    assert dropped.status_code == 302
    assert [c.code for c in Dossier.objects.get(pk=dossier.pk).probleemcategorieen.all()] == ["opvoeding"]


@pytest.mark.parametrize("path", ["/dossiers/12345", "/jeugdigen/niet-een-nummer", "/bestaat-niet"])
def test_unknown_web_url_is_a_dutch_404(login, professional, path):
    response = login(professional).get(path)
    html = response.content.decode()
    assert response.status_code == 404
    assert 'lang="nl"' in html and "Niet gevonden" in html and "Not Found" not in html


def test_csrf_failure_is_explained_in_dutch(professional):
    client = Client(enforce_csrf_checks=True)
    client.force_login(professional)
    response = client.post("/registreren", {"datum": today().isoformat()})
    html = response.content.decode()
    assert response.status_code == 403
    assert 'lang="nl"' in html and "Uw formulier is verlopen" in html and "CSRF verification failed" not in html


def test_server_error_page_is_dutch(rf):
    from jgt_registratie.api.problems import server_error

    response = server_error(rf.get("/registreren"))
    html = response.content.decode()
    assert response.status_code == 500
    assert 'lang="nl"' in html and "Er ging iets mis" in html and "Server Error" not in html


def test_a_bad_request_page_is_dutch(client):
    # An unknown Host header is refused by Django itself (400) before any view runs.
    response = client.get("/inloggen", HTTP_HOST="onbekend.example.org")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'lang="nl"' in html and "Ongeldig verzoek" in html and "Bad Request" not in html


def test_a_forbidden_page_is_dutch(rf):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    response = permission_denied(rf.get("/"), PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert 'lang="nl"' in html and "Geen toegang" in html and "403 Forbidden" not in html


def test_a_form_sent_twice_registers_one_contact(login, professional, team):
    """A double click or a second Enter sends the same form twice: that is one contact, not two."""
    import re

    from cases.models import Contact

    client = login(professional)
    opened = re.search(r'name="geopend" value="([^"]+)"', client.get("/registreren").content.decode()).group(1)
    data = {"team": str(team.pk), "datum": today().isoformat(), "duur_minuten": "20", "vorm": "telefonisch", "hulpsoort": "preventief",
            "probleemcategorieen": ["opvoeding"], "dossier": "", "gemeente": "0546", "leeftijdsklasse": "4-11", "notitie": "", "geopend": opened}
    first = client.post("/registreren", {**data, "registratieduur_seconden": "0"})
    second = client.post("/registreren", {**data, "registratieduur_seconden": "1"})
    assert (first.status_code, second.status_code) == (302, 302) and second.url == "/registreren"
    assert Contact.objects.count() == 1
    assert "opgeslagen (zonder dossier)" in client.get("/registreren").content.decode()
    changed = client.post("/registreren", {**data, "duur_minuten": "25"})  # the same form, deliberately changed: a new contact
    assert changed.status_code == 302
    assert sorted(Contact.objects.values_list("duur_minuten", flat=True)) == [20, 25]
