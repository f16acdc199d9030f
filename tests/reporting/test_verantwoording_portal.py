"""The portal's Verantwoording page: the same sections, under the same disclosure control, and buttons for the files."""

import pytest

from jgt_registratie.models import AuditLog
from reporting.models import Rapportage
from tests.reporting import verantwoording_world
from tests.reporting.verantwoording_world import BSN_A, NAMEN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rapportage_dir")]
URL = "/gemeente/verantwoording"


@pytest.fixture
def vworld(professional, teamleider, team, leiden, leiderdorp, beheerder):
    return verantwoording_world.build(professional=professional, teamleider=teamleider, team=team, leiden=leiden,
                                      leiderdorp=leiderdorp, beheerder=beheerder)


def test_the_gemeente_reads_all_eight_sections_of_a_chosen_year(client, vworld, gemeente_user):
    client.force_login(gemeente_user)
    response = client.get(URL, {"periode": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert [f'id="sectie-{s}"' in html for s in ("ontwikkeling", "welke_hulp", "kinderen", "werkwijze", "kosten", "monitoring",
                                                  "beleidskader", "registratielast")] == [True] * 8
    assert "Het budget voor 2025 is € 365.000." in html and ">1.590<" in html  # the sentence and a StatLine figure, Dutch notation
    row = AuditLog.objects.filter(object_type="verantwoording").get()
    assert (row.username, row.action, row.detail) == ("gerda", "lezen", {"gemeente": "0546", "periode": "2025"})


def test_the_page_shows_no_person_data_and_suppresses_small_counts(client, vworld, gemeente_user):
    client.force_login(gemeente_user)
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
