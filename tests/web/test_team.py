"""The teamleider's overview: counts equal the API's, bounded queries, role access."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import selectors, services
from tests.builders import active_dossier, days_ago, make_contact, make_dossier, today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _world(professional, teamleider, team, leiden, other_professional, other_team, leiderdorp):
    make_dossier(professional, team, leiden, aanmelddatum=days_ago(40))
    active_dossier(professional, team, leiden, since=40)
    waakvlam = active_dossier(professional, team, leiden, since=50)
    services.dossier_waakvlam(user=professional, dossier=waakvlam, datum=days_ago(40), evaluatiedatum=days_ago(10))
    asked = active_dossier(teamleider, team, leiden, since=50)
    services.dossier_request_closure(user=professional, dossier=asked)
    make_contact(professional, team, datum=today(), gemeente=leiden, leeftijdsklasse="4-11")
    make_contact(teamleider, team, datum=today(), gemeente=leiden, leeftijdsklasse="0-3")
    make_contact(teamleider, team, datum=today() - timedelta(days=today().weekday() + 1), gemeente=leiden, leeftijdsklasse="0-3")  # last week
    active_dossier(other_professional, other_team, leiderdorp)
    return waakvlam, asked


def test_professional_sees_the_waiting_referrals_but_not_the_dashboard(login, professional):
    # issue 12: the whole team follows up referrals that wait; the dashboard (statuses, contacts per person) is the teamleider's
    html = login(professional).get("/team").content.decode()
    assert ("Verwijzingen die wachten" in html, "Open dossiers per status" in html, "Contacten deze week" in html) == (True, False, False)


def test_counts_equal_the_api(login, api, professional, teamleider, team, leiden, other_professional, other_team, leiderdorp):
    waakvlam, asked = _world(professional, teamleider, team, leiden, other_professional, other_team, leiderdorp)
    overview = selectors.team_overview(teamleider)
    assert len(overview) == 1
    counts = dict((status.value, n) for status, n in overview[0]["per_status"])
    client = api(teamleider)
    for status in ("aangemeld", "actief", "waakvlam"):
        assert counts[status] == client.get(f"/api/v1/dossiers?status={status}&team={team.pk}").json()["count"]
    assert counts == {"aangemeld": 1, "actief": 2, "waakvlam": 1}
    monday = today() - timedelta(days=today().weekday())
    api_week = client.get(f"/api/v1/contacten?team={team.pk}&vanaf={monday}&tot={today()}").json()["count"]
    assert overview[0]["contacten_week"] == api_week
    per_person = dict(overview[0]["contacten_per_professional"])
    assert per_person == {str(professional): 1, str(teamleider): 1}
    assert sum(per_person.values()) == api_week
    assert [d.pk for d in overview[0]["waakvlam_verlopen"]] == [waakvlam.pk]
    assert [d.pk for d in overview[0]["afsluitverzoeken"]] == [asked.pk]
    html = login(teamleider).get("/team").content.decode()
    assert "<h1 class=\"utrecht-heading-1\">Teamoverzicht</h1>" in html
    assert 'data-status="actief">2</td>' in html and 'data-status="totaal">4</td>' in html
    assert f'data-totaal="contacten-week">{api_week}</td>' in html
    assert str(waakvlam.pk)[:8] in html and str(asked.pk)[:8] in html


def test_team_overview_query_count_is_independent_of_dossiers(login, professional, teamleider, team, leiden):
    client = login(teamleider)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/team").status_code == 200
        return len(ctx.captured_queries)

    waakvlam = active_dossier(professional, team, leiden, since=50)
    services.dossier_waakvlam(user=professional, dossier=waakvlam, datum=days_ago(40), evaluatiedatum=days_ago(10))
    services.dossier_request_closure(user=professional, dossier=active_dossier(professional, team, leiden))
    first = count()
    for _ in range(5):
        d = active_dossier(professional, team, leiden, since=50)
        services.dossier_waakvlam(user=professional, dossier=d, datum=days_ago(40), evaluatiedatum=days_ago(10))
        services.dossier_request_closure(user=professional, dossier=active_dossier(professional, team, leiden))
        make_contact(UserFactory(role="professional", teams=[team]), team, datum=today(), gemeente=leiden, leeftijdsklasse="0-3")
    assert count() == first


def test_a_former_member_is_not_listed_but_their_contacts_still_count(login, professional, teamleider, team, leiden):
    make_contact(professional, team, datum=today(), gemeente=leiden, leeftijdsklasse="4-11")
    make_contact(teamleider, team, datum=today(), gemeente=leiden, leeftijdsklasse="0-3")
    professional.is_active = False
    professional.save()
    overview = selectors.team_overview(teamleider)[0]
    assert dict(overview["contacten_per_professional"]) == {str(teamleider): 1, "Anderen (niet meer actief in dit team)": 1}
    assert overview["contacten_week"] == 2


def test_status_links_of_a_team_open_the_list_of_that_team_only(login, professional, teamleider, team, other_team, leiden, leiderdorp):
    # A teamleider of two teams: the list behind "Actief" of one team has that team's dossiers, as its count says.
    teamleider.teams.add(other_team)
    mine = active_dossier(professional, team, leiden)
    other = active_dossier(teamleider, other_team, leiderdorp)
    client = login(teamleider)
    html = client.get("/team").content.decode()
    assert f'href="/dossiers?team={team.pk}&amp;status=actief"' in html
    listed = client.get(f"/dossiers?team={team.pk}&status=actief")
    page = listed.content.decode()
    assert str(mine.pk)[:8] in page and str(other.pk)[:8] not in page
    assert '<p class="utrecht-paragraph" role="status" id="aantal-dossiers">1 dossier gevonden.</p>' in page
    assert 'id="id_team"' in page  # the team filter is shown to someone in several teams


def test_the_team_filter_is_hidden_for_a_single_team(login, professional):
    assert 'id="id_team"' not in login(professional).get("/dossiers").content.decode()
