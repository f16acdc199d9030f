"""The application connects as a role that owns nothing; PostgreSQL itself refuses it every change to the audit log
but appending and reading. The test run itself uses that separation: the test database is created and migrated by
the owner role, and every test connects as the application role (so the whole suite is "the normal app works")."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import ProgrammingError, connection, transaction

from jgt_registratie.audit import audit_record
from jgt_registratie.db_roles import APPEND_ONLY_TABLES, READ_ONLY_TABLES
from jgt_registratie.models import AuditKeten, AuditLog
from jgt_registratie.pg_programs import pg_program
from tests.jgt_registratie.conftest import connect_as

ROOT = Path(__file__).resolve().parents[2]
AUDIT = "jgt_registratie_auditlog"

#: every way the probe emptied or changed the audit log, and a few more; each must be refused with SQLSTATE 42501
REFUSED = {
    "truncate": f"TRUNCATE {AUDIT}",
    "update": f"UPDATE {AUDIT} SET result = 'geweigerd'",
    "delete": f"DELETE FROM {AUDIT}",
    "alter_table": f"ALTER TABLE {AUDIT} ADD COLUMN x integer",
    "disable_trigger": f"ALTER TABLE {AUDIT} DISABLE TRIGGER jgt_auditlog_no_update_delete",
    "disable_all_triggers": f"ALTER TABLE {AUDIT} DISABLE TRIGGER ALL",
    "drop_trigger": f"DROP TRIGGER jgt_auditlog_no_update_delete ON {AUDIT}",
    "drop_chain_trigger": f"DROP TRIGGER jgt_auditlog_keten ON {AUDIT}",
    "create_trigger": f"CREATE TRIGGER t BEFORE INSERT ON {AUDIT} FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
    "replication_role": "SET session_replication_role = replica",
    "owner_to_self": f"ALTER TABLE {AUDIT} OWNER TO CURRENT_USER",
    "drop_table": f"DROP TABLE {AUDIT}",
    "chain_head_update": "UPDATE jgt_registratie_auditketen SET keten_nr = 0",
    "set_role_owner": f"SET ROLE {settings.DATABASES['default']['OWNER']['USER']}",
}


@pytest.fixture
def audit_row(db, professional):
    audit_record(user=professional, action="lezen", object_type="dossier", object_id="x")
    return AuditLog.objects.get()


def test_the_tests_connect_as_the_application_role_which_is_no_superuser_and_owns_nothing(db):
    with connection.cursor() as cursor:
        cursor.execute("""SELECT current_user, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls,
                                 (SELECT count(*) FROM pg_class WHERE relowner = r.oid), (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
                            FROM pg_roles r WHERE rolname = current_user""")
        assert cursor.fetchone() == (settings.DATABASES["default"]["USER"], False, False, False, False, 0, 0)


def test_migrations_ran_as_the_owner(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        assert cursor.fetchall() == [(settings.DATABASES["default"]["OWNER"]["USER"],)]


@pytest.mark.parametrize("statement", REFUSED.values(), ids=REFUSED.keys())
def test_postgresql_refuses_the_application_role(audit_row, statement):
    with pytest.raises(ProgrammingError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert refused.value.__cause__.sqlstate == "42501", refused.value  # insufficient_privilege
    assert list(AuditLog.objects.values_list("pk", "result")) == [(audit_row.pk, "ok")]


def test_the_application_role_appends_and_reads_the_audit_log(db, professional):
    audit_record(user=professional, action="lezen", object_type="dossier", object_id="a")
    AuditLog.objects.bulk_create([AuditLog(action="lezen", object_type="dossier", object_id=str(n), result="ok") for n in range(3)])
    assert AuditLog.objects.count() == 4 and AuditKeten.objects.get().keten_nr == 4


def _privileges(cursor, table: str, privileges: list[str]) -> set[str]:
    held = set()
    for privilege in privileges:
        cursor.execute("SELECT has_table_privilege(current_user, %s, %s)", [table, privilege])
        if cursor.fetchone()[0]:
            held.add(privilege)
    return held


ALL = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"]


def test_every_other_table_is_read_and_written_but_never_truncated_or_altered(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        tables = [t for (t,) in cursor.fetchall() if t not in APPEND_ONLY_TABLES + READ_ONLY_TABLES]
        granted = {t: _privileges(cursor, t, ALL) for t in tables}
    assert len(tables) > 20 and set(map(frozenset, granted.values())) == {frozenset({"SELECT", "INSERT", "UPDATE", "DELETE"})}


def test_the_audit_log_only_insert_and_select_and_its_head_only_select(db):
    with connection.cursor() as cursor:
        assert _privileges(cursor, AUDIT, ALL) == {"SELECT", "INSERT"}
        assert _privileges(cursor, "jgt_registratie_auditketen", ALL) == {"SELECT"}


def test_the_append_only_trigger_still_stops_the_owner(owner, professional):
    audit_record(user=professional, action="lezen", object_type="dossier", object_id="x")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="alleen-toevoegen"):
        owner.execute(f"DELETE FROM {AUDIT}")
    assert AuditLog.objects.count() == 1


# --- an external PostgreSQL: the README's way, with DATABASE_URL and DATABASE_OWNER_URL ---------------------------


def _manage(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_OWNER_URL"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_an_external_database_set_up_with_db_roles_and_migrated_by_the_owner(superuser):
    """The documented route on a fresh database: `db_roles` piped into psql as the superuser, `migrate` with both URLs,
    then the application role is refused the audit log's changes, the app runs and `audit_verify` passes."""
    suffix = uuid.uuid4().hex[:8]
    name, owner_role, app = f"ext_{suffix}", f"ext_eig_{suffix}", f"ext_app_{suffix}"
    params = connection.get_connection_params()
    host = params["host"].replace("/", "%2F")
    env = {"DATABASE_URL": f"postgresql://{app}:app-wachtwoord@{host}:{params['port']}/{name}",
           "DATABASE_OWNER_URL": f"postgresql://{owner_role}:eigenaar-wachtwoord@{host}:{params['port']}/{name}"}
    try:
        script = _manage(env, "db_roles")
        assert script.returncode == 0, script.stderr
        psql = subprocess.run([str(pg_program("psql")), "-v", "ON_ERROR_STOP=1", "-q", "-h", params["host"], "-p", str(params["port"]),
                               "-U", "postgres", "-d", "postgres", "-f", "-"], input=script.stdout, capture_output=True, text=True, timeout=60)
        assert psql.returncode == 0, psql.stderr
        migrate = _manage(env, "migrate", "--no-input", "-v", "0")
        assert migrate.returncode == 0, migrate.stderr
        seed = _manage(env, "seed_demo", "--organisation-only", "--ik-weet-het-zeker")  # DEBUG is off in tests
        assert seed.returncode == 0, seed.stderr
        verify = _manage(env, "audit_verify")
        assert verify.returncode == 0 and "Auditketen in orde" in verify.stdout, verify.stderr
        with connect_as(app, name) as conn:
            assert conn.execute("SELECT count(*) FROM jgt_registratie_user").fetchone()[0] > 0
            conn.execute(f"INSERT INTO {AUDIT} (moment, action, object_type, object_id, result, detail, username, role, hash) "
                         "VALUES (now(), 'lezen', 'dossier', 'x', 'ok', '{}', '', '', '')")
            refused = {}
            for key, statement in REFUSED.items():
                try:
                    conn.execute(statement.replace(settings.DATABASES["default"]["OWNER"]["USER"], owner_role))
                except psycopg.Error as exc:
                    refused[key] = exc.sqlstate
        with connect_as("postgres", name) as conn:
            owners = conn.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'").fetchall()
    finally:
        superuser.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        superuser.execute(f'DROP ROLE IF EXISTS "{app}"')
        superuser.execute(f'DROP ROLE IF EXISTS "{owner_role}"')
    assert refused == dict.fromkeys(REFUSED, "42501")
    assert owners == [(owner_role,)]


def test_an_owner_url_for_another_database_stops_the_app():
    result = _manage({"DATABASE_URL": "postgresql://app@db/jgt", "DATABASE_OWNER_URL": "postgresql://eigenaar@db/andere"}, "check")
    assert result.returncode != 0 and "DATABASE_OWNER_URL must name the same database" in result.stderr


def test_an_owner_url_with_the_application_role_stops_the_app():
    result = _manage({"DATABASE_URL": "postgresql://app@db/jgt", "DATABASE_OWNER_URL": "postgresql://app@db/jgt"}, "check")
    assert result.returncode != 0 and "another role" in result.stderr


def test_check_deploy_warns_about_a_database_url_without_an_owner_role():
    result = _manage({"DATABASE_URL": "postgresql://app@db/jgt"}, "check", "--deploy")
    assert "jgt_registratie.W001" in result.stderr + result.stdout


def test_check_deploy_is_quiet_about_roles_with_both_urls():
    result = _manage({"DATABASE_URL": "postgresql://app@db/jgt", "DATABASE_OWNER_URL": "postgresql://eigenaar@db/jgt"}, "check", "--deploy")
    assert "jgt_registratie.W001" not in result.stderr + result.stdout
