"""The portal's Verantwoording page: the sections of the latest verantwoording the worker made (never computed in the
request), its progress, a button to ask a new one when there is none or it is outdated, and buttons for the files."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Correctie
from jgt_registratie.models import AuditLog
from reporting import generation
from reporting.models import Rapportage
from tests.reporting import verantwoording_world
from tests.reporting.verantwoording_world import BSN_A, NAMEN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rapportage_dir")]
URL = "/gemeente/verantwoording"


@pytest.fixture
def vworld(professional, teamleider, team, leiden, leiderdorp, beheerder):
    return verantwoording_world.build(professional=professional, teamleider=teamleider, team=team, leiden=leiden,
                                      leiderdorp=leiderdorp, beheerder=beheerder)


def made(client, periode="2025"):
    """Ask a verantwoording from the page, as the button does, and let the worker make it."""
    response = client.post(URL, {"gemeente": "0546", "periode": periode})
    assert (response.status_code, response["Location"]) == (302, f"{URL}?gemeente=0546&periode={periode}")
    rapportage = Rapportage.objects.filter(soort="verantwoording").latest("aangemaakt_op")
    assert (rapportage.periode, rapportage.gemeente_id, rapportage.formaat, rapportage.status) == (periode, "0546", "json", "wachtrij")
    assert generation.report_generate(rapportage.pk) == "gereed"
    return Rapportage.objects.get(pk=rapportage.pk)


def test_without_a_made_verantwoording_the_page_offers_to_make_one_and_computes_nothing(client, vworld, gemeente_user):
    client.force_login(gemeente_user)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL, {"periode": "2025"}).content.decode()
    assert "Er is nog geen verantwoording van Leiden over 2025 gemaakt om hier te tonen." in html
    assert ">Verantwoording maken</button>" in html and 'id="sectie-' not in html
    # no report computation in the request: none of the indicators' tables is read
    assert [q["sql"] for q in queries.captured_queries if "cases_contact" in q["sql"] or "cases_hulpperiode" in q["sql"]] == []


def test_the_gemeente_reads_all_eight_sections_of_the_made_verantwoording(client, vworld, gemeente_user, queued_tasks):
    client.force_login(gemeente_user)
    rapportage = made(client)
    response = client.get(URL, {"periode": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert [f'id="sectie-{s}"' in html for s in ("ontwikkeling", "welke_hulp", "kinderen", "werkwijze", "kosten", "monitoring",
                                                  "beleidskader", "registratielast")] == [True] * 8
    assert "Het budget voor 2025 is € 365.000." in html and ">1.590<" in html  # the sentence and a StatLine figure, Dutch notation
    assert f"Getoond wordt de verantwoording die is gemaakt op {timezone.localtime(rapportage.gereed_op):%d-%m-%Y}" in html
    assert "verantwoording-verouderd" not in html and ">Verantwoording maken</button>" not in html  # 2025 has ended: current
    row = AuditLog.objects.filter(object_type="verantwoording").latest("moment")
    assert (row.username, row.action, row.detail) == ("gerda", "lezen", {"gemeente": "0546", "periode": "2025", "rapportage": str(rapportage.pk)})


def test_a_verantwoording_being_made_shows_its_progress(client, vworld, gemeente_user, queued_tasks):
    client.force_login(gemeente_user)
    client.post(URL, {"gemeente": "0546", "periode": "2025"})
    Rapportage.objects.filter(soort="verantwoording").update(status="bezig", voortgang=40)
    html = client.get(URL, {"periode": "2025"}).content.decode()
    assert "Er wordt een verantwoording gemaakt: bezig, 40%." in html and "maken</button>" not in html


def test_an_outdated_verantwoording_says_why_and_offers_a_new_one(client, vworld, gemeente_user, queued_tasks):
    client.force_login(gemeente_user)
    rapportage = made(client)
    Rapportage.objects.filter(pk=rapportage.pk).update(definitieversie="2026.1")
    html = client.get(URL, {"periode": "2025"}).content.decode()
    assert "Deze verantwoording is gemaakt met definities versie 2026.1; nu geldt versie 2027.1." in html
    assert ">Nieuwe verantwoording maken</button>" in html and 'id="sectie-kosten"' in html  # still shown, with the warning


def test_one_made_before_the_period_ended_is_outdated_the_next_day(client, vworld, gemeente_user, queued_tasks):
    client.force_login(gemeente_user)
    jaar = timezone.localdate().year
    rapportage = made(client, str(jaar))
    gisteren = timezone.now() - timedelta(days=1)
    Rapportage.objects.filter(pk=rapportage.pk).update(aangemaakt_op=gisteren, gestart_op=gisteren)
    Correctie.objects.update(moment=gisteren - timedelta(days=1))  # the world's own corrections came before it
    html = client.get(URL, {"periode": str(jaar)}).content.decode()
    assert "voordat de periode voorbij was; er kunnen sindsdien registraties bij zijn gekomen." in html


def test_the_page_shows_no_person_data_and_suppresses_small_counts(client, vworld, gemeente_user, queued_tasks):
    client.force_login(gemeente_user)
    made(client)
    html = client.get(URL, {"periode": "2025"}).content.decode()
    private = [BSN_A, "2311AB", "2311 AB", "01-06-2015", "2015-06-01"] + [n for naam in NAMEN.values() for n in naam if len(n) > 3]
    assert [v for v in private if v in html] == []
    assert "In 2025 kregen minder dan 10 jeugdigen hulp van het jeugdteam." in html


def test_another_gemeente_is_not_found(client, vworld, gemeente_user):
    client.force_login(gemeente_user)
    assert client.get(URL, {"gemeente": "0547"}).status_code == 404


def test_a_bad_period_falls_back_to_last_year_with_a_dutch_reason(client, vworld, gemeente_user):
    client.force_login(gemeente_user)
    html = client.get(URL, {"periode": "2025-Q7"}).content.decode()
    assert "Onbekende periode: gebruik JJJJ, JJJJ-H1/H2 of JJJJ-Q1..Q4. Getoond wordt" in html


def test_asking_one_for_a_bad_period_changes_nothing(client, vworld, gemeente_user, queued_tasks):
    client.force_login(gemeente_user)
    response = client.post(URL, {"gemeente": "0546", "periode": "2025-Q7"}, follow=True)
    assert "Er is niets aangevraagd. Onbekende periode" in response.content.decode()
    assert not Rapportage.objects.exists()


def test_asking_one_for_another_gemeente_is_not_found(client, vworld, gemeente_user, queued_tasks):
    client.force_login(gemeente_user)
    assert client.post(URL, {"gemeente": "0547", "periode": "2025"}).status_code == 404
    assert not Rapportage.objects.exists()


def test_the_pdf_button_requests_the_report(client, vworld, gemeente_user, queued_tasks):
    client.force_login(gemeente_user)
    response = client.post("/gemeente/rapportages", {"soort": "verantwoording", "periode": "2025", "gemeente": "0546", "formaat": "pdf"})
    assert response.status_code == 302
    assert list(Rapportage.objects.values_list("soort", "periode", "gemeente_id", "formaat")) == [("verantwoording", "2025", "0546", "pdf")]


def test_the_nav_shows_verantwoording_to_gemeente_and_beheerder_only(client, vworld, gemeente_user, teamleider):
    client.force_login(gemeente_user)
    assert 'href="/gemeente/verantwoording"' in client.get("/gemeente/").content.decode()
    client.force_login(teamleider)
    assert 'href="/gemeente/verantwoording"' not in client.get("/gemeente/").content.decode()


def test_corrections_of_the_period_since_it_was_made_make_it_outdated(client, vworld, gemeente_user, queued_tasks):
    client.force_login(gemeente_user)
    made(client)
    Correctie.objects.update(moment=timezone.now())  # as if the world's corrections of 2025 were made after the report
    html = client.get(URL, {"periode": "2025"}).content.decode()
    assert "zijn registraties uit de periode gecorrigeerd. Maak een nieuwe om de cijfers van nu te zien." in html
