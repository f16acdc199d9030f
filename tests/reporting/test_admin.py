"""Beheer of the JGT budget (audited, beheerder only) and the read-only list of reports."""

import pytest

from jgt_registratie.models import AuditLog
from reporting.models import JgtBudget, Rapportage, StatlineCijfer, TeamFte


def test_beheerder_sets_a_budget_and_it_is_audited(client, beheerder, leiderdorp):
    client.force_login(beheerder)
    response = client.post("/beheer/reporting/jgtbudget/add/", {"gemeente": "0547", "jaar": "2024", "bedrag": "640555.00"})
    assert response.status_code == 302
    budget = JgtBudget.objects.get()
    assert (budget.gemeente_id, budget.jaar, str(budget.bedrag)) == ("0547", 2024, "640555.00")
    audit = AuditLog.objects.get(action="beheer_toevoegen", object_type="jgtbudget")
    assert (audit.user_id, audit.object_id) == (beheerder.pk, str(budget.pk))


def test_budget_before_2015_is_refused(client, beheerder, leiderdorp):
    client.force_login(beheerder)
    response = client.post("/beheer/reporting/jgtbudget/add/", {"gemeente": "0547", "jaar": "2014", "bedrag": "1.00"})
    assert response.status_code == 200 and not JgtBudget.objects.exists()


def test_reports_are_listed_read_only(client, beheerder, leiden):
    Rapportage.objects.create(soort="indicatoren", periode="2020", gemeente=leiden, formaat="csv", definitieversie="2026.1")
    client.force_login(beheerder)
    assert client.get("/beheer/reporting/rapportage/").status_code == 200
    assert client.get("/beheer/reporting/rapportage/add/").status_code == 403


@pytest.mark.parametrize("role_fixture", ["gemeente_user", "teamleider", "professional"])
def test_others_do_not_enter(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get("/beheer/reporting/jgtbudget/")
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]


# --- the inputs of the verantwoording: team FTE and StatLine figures, audited with old and new values -------------


def test_beheerder_sets_a_team_fte_and_it_is_audited_with_its_values(client, beheerder, team):
    client.force_login(beheerder)
    response = client.post("/beheer/reporting/teamfte/add/", {"team": team.pk, "jaar": "2025", "fte": "10.80"})
    assert response.status_code == 302
    fte = TeamFte.objects.get()
    response = client.post(f"/beheer/reporting/teamfte/{fte.pk}/change/", {"team": team.pk, "jaar": "2025", "fte": "11.20"})
    assert response.status_code == 302
    rows = list(AuditLog.objects.filter(object_type="teamfte").order_by("id").values_list("action", "object_id", "detail"))
    assert rows == [
        ("beheer_toevoegen", str(fte.pk), {"velden": ["team", "jaar", "fte"], "oud": {}, "nieuw": {"team": str(team.pk), "jaar": "2025", "fte": "10.80"}}),
        ("beheer_wijzigen", str(fte.pk), {"velden": ["fte"], "oud": {"fte": "10.80"}, "nieuw": {"fte": "11.20"}}),
    ]


def test_a_deleted_team_fte_keeps_its_values_in_the_audit_log(client, beheerder, team):
    fte = TeamFte.objects.create(team=team, jaar=2025, fte="10.8")
    client.force_login(beheerder)
    response = client.post(f"/beheer/reporting/teamfte/{fte.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not TeamFte.objects.exists()
    audit = AuditLog.objects.get(action="beheer_verwijderen")
    assert (audit.object_type, audit.detail) == ("teamfte", {"oud": {"team": str(team.pk), "jaar": "2025", "fte": "10.80"}})


def test_a_negative_fte_and_a_second_row_for_a_year_are_refused(client, beheerder, team):
    TeamFte.objects.create(team=team, jaar=2025, fte="10.8")
    client.force_login(beheerder)
    for fte, jaar in (("-1", "2024"), ("9.0", "2025")):
        assert client.post("/beheer/reporting/teamfte/add/", {"team": team.pk, "jaar": jaar, "fte": fte}).status_code == 200
    assert TeamFte.objects.count() == 1


def test_beheerder_corrects_a_statline_figure_audited(client, beheerder, leiden):
    cijfer = StatlineCijfer.objects.create(gemeente=leiden, jaar=2020, jeugdigen_wijkteam=1590, trajecten_zonder_verwijzer=1500, trajecten_totaal=4500)
    client.force_login(beheerder)
    response = client.post(f"/beheer/reporting/statlinecijfer/{cijfer.pk}/change/", {
        "gemeente": "0546", "jaar": "2020", "jeugdigen_wijkteam": "1595", "trajecten_zonder_verwijzer": "", "trajecten_totaal": "4500"})
    assert response.status_code == 302
    cijfer.refresh_from_db()
    assert (cijfer.jeugdigen_wijkteam, cijfer.trajecten_zonder_verwijzer) == (1595, None)
    audit = AuditLog.objects.get(action="beheer_wijzigen")
    assert audit.detail == {"velden": ["jeugdigen_wijkteam", "trajecten_zonder_verwijzer"],
                            "oud": {"jeugdigen_wijkteam": "1590", "trajecten_zonder_verwijzer": "1500"},
                            "nieuw": {"jeugdigen_wijkteam": "1595", "trajecten_zonder_verwijzer": None}}


@pytest.mark.parametrize("role_fixture", ["gemeente_user", "teamleider", "professional"])
@pytest.mark.parametrize("model", ["teamfte", "statlinecijfer", "beleidskader"])
def test_others_do_not_enter_the_inputs(client, request, role_fixture, model):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(f"/beheer/reporting/{model}/")
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]
