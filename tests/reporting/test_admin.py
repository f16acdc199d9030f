"""Beheer of the JGT budget (audited, beheerder only) and the read-only list of reports."""

import pytest

from jgt_registratie.models import AuditLog
from reporting.models import JgtBudget, Rapportage


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
