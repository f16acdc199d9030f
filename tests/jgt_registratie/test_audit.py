"""The audit log is append-only in the database itself, and writes carry who, role, address and result.

(Every refused statement, the trigger that also stops the owner, and the privileges: test_db_roles.py.)"""

import pytest
from django.db import DatabaseError, connection, transaction

from jgt_registratie.audit import audit_record
from jgt_registratie.errors import Conflict, InvalidInput
from jgt_registratie.models import AuditLog
from tests.builders import OTHER_VALID_BSN, make_dossier, make_jeugdige, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(professional):
    audit_record(user=professional, action="lezen", object_type="dossier", object_id="x")
    return AuditLog.objects.get()


def test_database_refuses_update(row):
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        AuditLog.objects.filter(pk=row.pk).update(result="geweigerd")
    assert AuditLog.objects.get().result == "ok"


def test_database_refuses_delete_even_in_raw_sql(row):
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM jgt_registratie_auditlog")
    assert AuditLog.objects.count() == 1


def test_a_write_records_user_role_object_and_result(professional, team, leiden):
    kid = make_jeugdige(professional, team, leiden)
    entry = AuditLog.objects.get(action="jeugdige_registreren")
    assert (entry.username, entry.user_id, entry.role, entry.object_type, entry.object_id, entry.result) == (
        "alice", professional.pk, "professional", "jeugdige", str(kid.pk), "ok")


def test_api_read_records_client_address(api, professional, team, leiden):
    kid = make_jeugdige(professional, team, leiden)
    api(professional).get(f"/api/v1/jeugdigen/{kid.pk}", REMOTE_ADDR="10.1.2.3")
    entry = AuditLog.objects.get(action="lezen", object_type="jeugdige")
    assert (entry.object_id, entry.client_address, entry.result) == (str(kid.pk), "10.1.2.3", "ok")


def test_a_refused_write_is_audited_with_its_result(professional, team, leiden):
    make_jeugdige(professional, team, leiden, bsn=OTHER_VALID_BSN)
    with pytest.raises(Conflict):
        make_jeugdige(professional, team, leiden, bsn=OTHER_VALID_BSN)
    entry = AuditLog.objects.filter(action="jeugdige_registreren").order_by("-id").first()
    assert (entry.result, entry.detail["status"]) == ("conflict", 409)


def test_invalid_input_is_audited_with_the_fields(professional, team, leiden):
    with pytest.raises(InvalidInput):
        make_jeugdige(professional, team, leiden, bsn="123456789")
    entry = AuditLog.objects.get(action="jeugdige_registreren")
    assert (entry.result, entry.detail["velden"]) == ("ongeldig", ["bsn"])


def test_probe_of_another_teams_dossier_is_audited(api, professional, other_professional, other_team, leiderdorp, team):
    foreign = make_dossier(other_professional, other_team, leiderdorp)
    body = {"team": team.pk, "dossier": str(foreign.pk), "datum": today().isoformat(), "duurMinuten": 10, "vorm": "email",
            "hulpsoort": "licht", "probleemcategorieen": []}
    assert api(professional).post("/api/v1/contacten", body, format="json").status_code == 400
    assert AuditLog.objects.filter(username="alice", object_id=str(foreign.pk), result="niet_gevonden").count() == 1
