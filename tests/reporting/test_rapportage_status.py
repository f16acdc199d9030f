"""The reports page updates itself (issue 11): the JSON status endpoint it polls, and the page without script."""

import hashlib

import pytest

from jgt_registratie.models import AuditLog
from reporting.models import Rapportage

pytestmark = pytest.mark.django_db

RAPPORTAGES, STATUS = "/gemeente/rapportages", "/gemeente/rapportages/status"


def report(user, gemeente, **fields):
    values = {"soort": "indicatoren", "periode": "2020", "gemeente": gemeente, "formaat": "csv", "definitieversie": "2027.1",
              "aangevraagd_door": user} | fields
    return Rapportage.objects.create(**values)


def test_the_status_lists_each_report_with_its_cells_as_the_page_renders_them(client, gemeente_user, leiden):
    bezig = report(gemeente_user, leiden, status="bezig", voortgang=40)
    client.force_login(gemeente_user)
    response = client.get(STATUS)
    assert (response.status_code, response["Content-Type"], response["Cache-Control"]) == (200, "application/json", "no-store")
    data = response.json()
    assert data["bijwerken"] is True
    (rij,) = data["rapportages"]
    assert (rij["id"], rij["status"], rij["statusTekst"], rij["voortgang"]) == (str(bezig.pk), "bezig", "Bezig", 40)
    assert rij["cellen"]["status"] == 'Bezig <progress max="100" value="40" aria-label="Voortgang">40%</progress> 40%'
    assert (rij["cellen"]["bestand"], rij["cellen"]["versie"]) == ("-", "-")
    # the page shows the very same cells
    page = client.get(RAPPORTAGES).content.decode()
    assert f'<td class="utrecht-table__cell" data-veld="status">{rij["cellen"]["status"]}' in page


def test_a_finished_report_gets_its_download_link_and_stops_the_polling(client, gemeente_user, leiden, settings, tmp_path):
    settings.RAPPORTAGE_DIR = tmp_path
    inhoud = b"\xef\xbb\xbfcode\r\n"
    (tmp_path / "r.csv").write_bytes(inhoud)
    rapportage = report(gemeente_user, leiden, status="wachtrij")
    client.force_login(gemeente_user)
    assert client.get(STATUS).json()["rapportages"][0]["status"] == "wachtrij"
    Rapportage.objects.filter(pk=rapportage.pk).update(status="gereed", voortgang=100, bestand="r.csv", sha256=hashlib.sha256(inhoud).hexdigest())
    data = client.get(STATUS).json()
    assert data["bijwerken"] is False
    cellen = data["rapportages"][0]["cellen"]
    assert cellen["status"] == "Gereed"
    assert cellen["bestand"].startswith(f'<a class="utrecht-link utrecht-link--html-a" href="/api/v1/rapportages/{rapportage.pk}/bestand">Downloaden')
    assert 'name="bevestig"' in cellen["versie"] and 'name="csrfmiddlewaretoken"' in cellen["versie"]  # it may now be published


def test_a_failed_report_shows_why(client, gemeente_user, leiden):
    report(gemeente_user, leiden, status="mislukt", fout="De rapportage kon niet worden gemaakt.")
    client.force_login(gemeente_user)
    data = client.get(STATUS).json()
    assert (data["bijwerken"], data["rapportages"][0]["cellen"]["status"]) == (False, "Mislukt: De rapportage kon niet worden gemaakt.")


def test_the_status_holds_only_the_users_own_scope(client, gemeente_user, leiden, leiderdorp):
    eigen = report(gemeente_user, leiden, status="bezig")
    report(None, leiderdorp, status="bezig")
    report(None, None, soort="cbs_aanlevering", status="bezig")
    client.force_login(gemeente_user)
    assert [r["id"] for r in client.get(STATUS).json()["rapportages"]] == [str(eigen.pk)]


def test_the_status_is_refused_as_the_page_is(client, professional, teamleider):
    assert client.get(STATUS)["Location"].startswith("/inloggen?next=")
    for user in (professional, teamleider):
        client.force_login(user)
        assert client.get(STATUS).status_code == 403
        assert AuditLog.objects.filter(user_id=user.pk, result="geweigerd", object_type="gemeenteportaal").count() == 1


def test_the_status_is_get_only(client, gemeente_user):
    client.force_login(gemeente_user)
    assert client.post(STATUS).status_code == 405


def test_the_page_polls_from_a_static_script_and_still_works_without_it(client, gemeente_user, leiden):
    report(gemeente_user, leiden, status="wachtrij")
    client.force_login(gemeente_user)
    page = client.get(RAPPORTAGES).content.decode()
    assert '<script src="/static/reporting/rapportages.js" defer></script>' in page
    assert '<table class="utrecht-table utrecht-table--html-table" id="rapportages" data-status-url="/gemeente/rapportages/status">' in page
    assert '<a class="utrecht-link utrecht-link--html-a" href="/gemeente/rapportages">Vernieuwen</a>' in page
    assert "<script>" not in page and "onclick" not in page


# --- the poll does not keep an unattended session alive --------------------------------------------------------------


def session_expiry():
    from django.contrib.sessions.models import Session

    return Session.objects.get().expire_date


def test_polling_the_status_does_not_extend_the_session(client, gemeente_user, leiden):
    report(gemeente_user, leiden, status="bezig", voortgang=40)
    client.force_login(gemeente_user)
    client.get(RAPPORTAGES)
    before = session_expiry()
    response = client.get(STATUS)
    assert (response.status_code, "sessionid" in response.cookies, session_expiry()) == (200, False, before)


def test_opening_the_reports_page_does_extend_the_session(client, gemeente_user, leiden):
    client.force_login(gemeente_user)
    client.get(RAPPORTAGES)
    before = session_expiry()
    response = client.get(RAPPORTAGES)
    assert ("sessionid" in response.cookies, session_expiry() > before) == (True, True)
