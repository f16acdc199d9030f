"""A worker killed in the middle of a report, with the real parts: Debian's redis-server, real `celery -A config worker`
processes (prefork, as `make run` starts them) on the pytest test database, and SIGKILL.

To kill a worker *mid-report* without timing luck, the test holds an exclusive lock on the registration tables in a
connection of its own: the worker marks the report `bezig`, then waits for that lock inside the generation. The test
sees the worker's session waiting on it, kills, lets go, and checks what happens next:

- only the pool child killed: Celery requeues the late-acknowledged task at once (CELERY_TASK_REJECT_ON_WORKER_LOST) and
  the same worker finishes the report;
- the whole worker killed: the delivery comes back from Redis after the visibility timeout (2 s here) once a worker
  runs again, and the restarted worker finishes the report;
- meanwhile the download never serves a half file (409), and afterwards the file matches its sha256.

Beat's resume task (`reporting.generation.stale_reports_resume`) is tested here too: a report whose message was lost
is queued again and finished by the worker.
"""

import hashlib
from contextlib import contextmanager
from datetime import timedelta

import psutil
import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from jgt_registratie.models import AuditLog
from reporting import generation
from reporting.models import Rapportage
from tests.processes import Worker, publishing_to, redis_options, wait_for

API = "/api/v1"
VISIBILITY_TIMEOUT = 2

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]


@pytest.fixture
def make_worker(redis_server, tmp_path, settings):
    """`make_worker()` -> a started prefork worker (concurrency 1) on the test database; this process publishes to the
    same Redis, with the same short visibility timeout."""
    settings.RAPPORTAGE_DIR = tmp_path / "rapportages"
    started = []

    def make():
        worker = Worker(broker_url=redis_server.url, reports=settings.RAPPORTAGE_DIR, var=tmp_path / "var", pseudonym_secret=settings.PSEUDONYM_SECRET,
                        extra_env={"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}, pool="prefork")
        started.append(worker)
        return worker.start()

    with publishing_to(redis_server.url, redis_options(VISIBILITY_TIMEOUT)):
        try:
            yield make
        finally:
            for worker in started:
                worker.close()


@contextmanager
def registration_locked():
    """Hold an exclusive lock on the tables a report reads, in a connection of the test's own (not Django's)."""
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=False) as holder:
        holder.execute("LOCK TABLE cases_hulpperiode, cases_jeugdige, cases_contact, cases_dossier, cases_dossier_jeugdigen,"
                       " cases_statuswijziging, cases_doorverwijzing IN ACCESS EXCLUSIVE MODE")
        try:
            yield holder
        finally:
            holder.rollback()


def sessions_waiting_on_a_lock() -> list[int]:
    # Through Django's connection, outside the holder's transaction: pg_stat_activity is a snapshot per transaction.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
        return [pid for (pid,) in cursor.fetchall()]


def session_gone(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 0


def request_report(client) -> Rapportage:
    response = client.post(f"{API}/rapportages", {"soort": "cbs_aanlevering", "periode": "2020-H1", "formaat": "csv"}, format="json")
    assert response.status_code == 202, response.content
    return Rapportage.objects.get(pk=response.json()["id"])


def blocked_mid_report(rapportage, worker) -> int:
    """Wait until the worker has made the report `bezig` and its session waits for the lock inside the generation."""
    def stuck():
        waiting = sessions_waiting_on_a_lock()
        return waiting[0] if waiting and Rapportage.objects.get(pk=rapportage.pk).status == "bezig" else None

    try:
        return wait_for(stuck, 60, "the worker to be in the middle of the report")
    except AssertionError:
        raise AssertionError(worker.log_tail()) from None


def finished(client, rapportage, worker) -> dict:
    def done():
        resource = client.get(f"{API}/rapportages/{rapportage.pk}").json()
        return resource if resource["status"] in ("gereed", "mislukt") else None

    try:
        return wait_for(done, 90, "the report to be finished")
    except AssertionError:
        raise AssertionError(worker.log_tail()) from None


def downloaded(client, rapportage) -> bytes:
    response = client.get(f"{API}/rapportages/{rapportage.pk}/bestand")
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def test_a_killed_pool_child_is_replaced_and_its_report_finished(api, beheerder, world, make_worker):
    worker = make_worker()
    client = api(beheerder)
    with registration_locked():
        rapportage = request_report(client)
        session = blocked_mid_report(rapportage, worker)
        (child,) = psutil.Process(worker.process.pid).children()
        child.kill()  # SIGKILL, mid-report
        child.wait(timeout=10)
        assert client.get(f"{API}/rapportages/{rapportage.pk}/bestand").status_code == 409  # bezig: no file, never half of one
    wait_for(lambda: session_gone(session), 30, "the killed child's database session to end")
    resource = finished(client, rapportage, worker)
    content = downloaded(client, rapportage)
    rapportage.refresh_from_db()
    assert (resource["status"], hashlib.sha256(content).hexdigest(), rapportage.pogingen) == ("gereed", resource["sha256"], 2)
    assert worker.process.poll() is None  # the same worker, with a new pool child


def test_a_report_of_a_killed_worker_is_finished_after_the_restart(api, beheerder, world, make_worker, settings):
    worker = make_worker()
    client = api(beheerder)
    with registration_locked():
        rapportage = request_report(client)
        session = blocked_mid_report(rapportage, worker)
        worker.kill()  # SIGKILL to the main process and its pool child
    wait_for(lambda: session_gone(session), 30, "the killed worker's database session to end")
    rapportage.refresh_from_db()
    download = client.get(f"{API}/rapportages/{rapportage.pk}/bestand")
    assert (rapportage.status, rapportage.bestand, download.status_code) == ("bezig", "", 409)  # left bezig, nothing served
    assert [p.name for p in settings.RAPPORTAGE_DIR.glob("*") if not p.name.startswith(".")] == []

    restarted = make_worker()
    resource = finished(client, rapportage, restarted)
    content = downloaded(client, rapportage)
    rapportage.refresh_from_db()
    assert (resource["status"], hashlib.sha256(content).hexdigest(), rapportage.pogingen) == ("gereed", resource["sha256"], 2)
    assert content.startswith(b"bsn,geboortedatum,")  # the statutory delivery: no BOM


@pytest.mark.parametrize("status", ["wachtrij", "bezig"])
def test_beat_queues_a_stuck_report_again_and_the_worker_finishes_it(api, beheerder, world, make_worker, settings, status):
    """A message that was lost (a broker restarted without its data, a worker gone before Redis gave it back)."""
    worker = make_worker()
    lang_geleden = timezone.now() - timedelta(minutes=settings.RAPPORTAGE_VASTGELOPEN_MINUTEN + 1)
    stuck = Rapportage.objects.create(soort="cbs_protocol", periode="2020-H1", formaat="csv", definitieversie="2026.1",
                                      aangevraagd_door=beheerder, status=status, gestart_op=lang_geleden if status == "bezig" else None)
    Rapportage.objects.filter(pk=stuck.pk).update(aangemaakt_op=lang_geleden)  # never queued: nothing on the broker
    assert generation.stale_reports_resume() == [stuck.pk]
    resource = finished(api(beheerder), stuck, worker)
    assert resource["status"] == "gereed"
    assert AuditLog.objects.filter(action="rapportage_hervatten", object_id=str(stuck.pk), detail__status=status).count() == 1
    assert generation.stale_reports_resume() == []  # gereed now: nothing to resume
