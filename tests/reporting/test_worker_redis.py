"""End to end with the real parts: Debian's redis-server as broker and a real `celery -A config worker` process.

The worker gets the pytest test database through DATABASE_URL (built from this process's connection), so the
data must be committed: a transactional test, with the migration's categories put back (`migrated_data`).
Every export is requested through the API, polled until `gereed` and downloaded; worker and redis are always
stopped in teardown.
"""

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from reporting.exports.cbs import AANLEVERING_KOLOMMEN, PROTOCOL_KOLOMMEN
from tests.reporting.export_world import BSN_P

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
API = "/api/v1"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def redis_url(tmp_path):
    if not Path(REDIS).exists():  # never skipped silently: `make test` installs it
        pytest.fail("redis-server ontbreekt: installeer Debian's redis-server (make system-packages).")
    port = _free_port()
    data = tmp_path / "redis"
    data.mkdir()
    process = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data), "--save", "", "--appendonly", "no",
                                "--daemonize", "no", "--protected-mode", "yes"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        def ready():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    return s.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        _wait_for(ready, 20, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


def _database_url() -> str:
    connection.ensure_connection()
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgresql://{quote(db['USER'] or 'postgres', safe='')}{password}@{quote(str(db['HOST']), safe='')}:{db['PORT']}/{db['NAME']}"


def _reset_pools(app) -> None:
    """Publish through fresh connections on the (changed) broker."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(redis_url, tmp_path, settings):
    """A real worker process on the test database; this process publishes to the same redis."""
    from config.celery import app

    reports = tmp_path / "rapportages"
    settings.RAPPORTAGE_DIR = reports
    previous = (app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.broker_url, app.conf.broker_transport_options = redis_url, {}
    _reset_pools(app)
    log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": redis_url, "RAPPORTAGE_DIR": str(reports),
           "PSEUDONYM_SECRET": settings.PSEUDONYM_SECRET, "DJANGO_SETTINGS_MODULE": "config.settings", "JGT_VAR_DIR": str(tmp_path / "var")}
    process = subprocess.Popen([str(CELERY), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                                "--without-heartbeat", "-n", f"test-{os.getpid()}@localhost"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(lambda: process.poll() is not None or b"ready." in Path(log.name).read_bytes(), 60, "the celery worker")
        assert process.poll() is None, Path(log.name).read_text()[-3000:]
        yield process, Path(log.name)
    finally:
        _stop(process)
        app.conf.broker_url, app.conf.broker_transport_options = previous
        _reset_pools(app)
        Path(log.name).unlink(missing_ok=True)


EXPORTS = [
    ("indicatoren", "json", "0546"), ("indicatoren", "csv", "0546"), ("indicatoren", "xlsx", "0546"),
    ("cbs_protocol", "csv", None), ("cbs_protocol", "xlsx", None), ("cbs_aanlevering", "csv", None),
]


def test_every_export_through_the_api_and_a_real_worker(api, beheerder, world, worker):
    process, log = worker
    client = api(beheerder)
    made = {}
    for soort, formaat, gemeente in EXPORTS:
        body = {"soort": soort, "periode": "2020-H1", "formaat": formaat, **({"gemeente": gemeente} if gemeente else {})}
        response = client.post(f"{API}/rapportages", body, format="json")
        assert response.status_code == 202, response.content
        made[(soort, formaat)] = response["Location"]
    seen_states = set()
    for key, location in made.items():
        def finished(location=location):
            resource = client.get(location).json()
            seen_states.add(resource["status"])
            return resource if resource["status"] in ("gereed", "mislukt") else None

        resource = _wait_for(finished, 120, f"report {key}")
        assert (resource["status"], resource["voortgang"], resource["fout"]) == ("gereed", 100, None), log.read_text()[-3000:]
        download = client.get(resource["bestand"])
        content = b"".join(download.streaming_content)
        assert (download.status_code, hashlib.sha256(content).hexdigest()) == (200, resource["sha256"])
        made[key] = content
    assert process.poll() is None
    assert seen_states <= {"wachtrij", "bezig", "gereed"}

    report = json.loads(made[("indicatoren", "json")])
    assert (report["periode"], report["gemeente"]["code"]) == ("2020-H1", "0546")
    assert made[("indicatoren", "csv")].startswith(b"code,naam,dimensie,categorie,waarde,weergave\r\n")
    protocol = list(csv.reader(io.StringIO(made[("cbs_protocol", "csv")].decode())))
    assert (tuple(protocol[0]), len(protocol)) == (PROTOCOL_KOLOMMEN, 5)
    aanlevering = list(csv.reader(io.StringIO(made[("cbs_aanlevering", "csv")].decode())))
    assert (tuple(aanlevering[0]), sorted(r[0] for r in aanlevering[1:])) == (AANLEVERING_KOLOMMEN, sorted([BSN_P, "000000000", "000000000", "111222333"]))
    for key in (("indicatoren", "xlsx"), ("cbs_protocol", "xlsx")):
        with zipfile.ZipFile(io.BytesIO(made[key])) as archive:
            assert "xl/workbook.xml" in archive.namelist()
    assert sorted(p.name for p in settings.RAPPORTAGE_DIR.iterdir() if p.name.startswith(".")) == []  # no temp file left behind
