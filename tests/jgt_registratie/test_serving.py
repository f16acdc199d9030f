"""Production serving: static files under hashed names through whitenoise, and the production command (`bin/serve`:
migrations, collectstatic, gunicorn, a Celery worker and beat) for real, with DEBUG off, on the test database and
Debian's redis-server, answering on 127.0.0.1 as behind a TLS-terminating proxy."""

import http.client
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from tests.processes import REDIS
from tests.processes import database_owner_url as _database_owner_url
from tests.processes import database_url as _database_url
from tests.processes import free_port as _free_port
from tests.processes import stop as _stop
from tests.processes import wait_for as _wait_for

ROOT = Path(__file__).resolve().parents[2]
CSS = re.compile(r'href="(/static/[^"]+\.css)"')
IMMUTABLE = "max-age=315360000, public, immutable"


# --- whitenoise and the manifest storage, in this process -------------------------------------------------------


@pytest.fixture(scope="module")
def manifest_static_files(tmp_path_factory, _static_files_from_the_finders):
    """Production's storage (hashed names, compressed copies) over a fresh `collectstatic`, served by whitenoise."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STORAGES=_static_files_from_the_finders, STATIC_ROOT=root, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.fixture
def stylesheets(client, manifest_static_files):
    return CSS.findall(client.get("/inloggen").content.decode())


def test_the_pages_link_their_css_under_hashed_names(stylesheets):
    assert [re.sub(r"\.[0-9a-f]{12}\.css$", ".<hash>.css", url) for url in stylesheets] == [
        "/static/vendor/utrecht-tokens/index.<hash>.css", "/static/vendor/utrecht/index.<hash>.css", "/static/cases/app.<hash>.css"]


def test_whitenoise_serves_the_hashed_css_for_ever_cacheable(client, stylesheets):
    responses = [client.get(url) for url in stylesheets]
    assert {(r.status_code, r["Content-Type"], r["Cache-Control"]) for r in responses} == {(200, "text/css; charset=\"utf-8\"", IMMUTABLE)}


def test_whitenoise_serves_the_compressed_copy_to_a_browser_that_takes_it(client, stylesheets):
    assert client.get(stylesheets[0], HTTP_ACCEPT_ENCODING="gzip").headers["Content-Encoding"] == "gzip"


# --- bin/serve: the whole production command ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_for_module(tmp_path_factory):
    port, data = _free_port(), tmp_path_factory.mktemp("redis")
    process = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data), "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: _answers(port), 20, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


def _answers(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Server:
    def __init__(self, port: int, log: Path):
        self.port, self.log = port, log

    def get(self, path: str, *, https: bool = True):
        """As the TLS-terminating proxy forwards a request (X-Forwarded-Proto), or a plain http one."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers={"X-Forwarded-Proto": "https"} if https else {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def production(tmp_path_factory, redis_for_module, django_db_setup, django_db_blocker):
    """`bin/serve` as in production: DEBUG off, production secrets, gunicorn on 127.0.0.1 behind a proxy."""
    with django_db_blocker.unblock():
        database_url, owner_url = _database_url(), _database_owner_url()
    work = tmp_path_factory.mktemp("productie")
    port, log = _free_port(), work / "serve.log"
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_SETTINGS_MODULE"}} | {
        "DATABASE_URL": database_url, "DATABASE_OWNER_URL": owner_url, "CELERY_BROKER_URL": redis_for_module, "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "productie-" + "k" * 30 + "-sleutel-" + "z" * 20, "PSEUDONYM_SECRET": "productie-pseudoniem-" + "p" * 30,
        "TRUST_X_FORWARDED_PROTO": "true", "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "WORKER_CONCURRENCY": "1",
        "LOG_LEVEL": "INFO", "JGT_VAR_DIR": str(work / "var"),
    }
    with open(log, "wb") as out:
        process = subprocess.Popen([str(ROOT / "bin" / "serve")], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(port, log)

    def healthy():
        assert process.poll() is None, log.read_text()[-4000:]
        try:
            return server.get("/gezondheid")[0] == 200
        except OSError:
            return False

    try:
        _wait_for(healthy, 120, "bin/serve (gunicorn, worker and beat)")
        yield server
    finally:
        _stop(process)


def test_the_login_page_is_served_with_its_css(production):
    status, _, body = production.get("/inloggen")
    assert status == 200
    assert {production.get(url)[0] for url in CSS.findall(body.decode())} == {200}


def test_the_security_headers_are_sent(production):
    headers = production.get("/inloggen")[1]
    assert ("'unsafe-inline'" not in headers["Content-Security-Policy"], headers["Strict-Transport-Security"], headers["X-Frame-Options"]) == (
        True, "max-age=31536000; includeSubDomains; preload", "DENY")


def test_plain_http_is_redirected_to_https(production):
    status, headers, _ = production.get("/inloggen", https=False)
    assert (status, headers["Location"]) == (301, f"https://127.0.0.1:{production.port}/inloggen")


def test_a_load_balancer_may_probe_health_over_plain_http(production):
    assert production.get("/gezondheid", https=False)[0] == 200


def test_an_unknown_url_is_the_dutch_404_never_the_debug_page(production):
    status, _, body = production.get("/bestaat-niet")
    html = body.decode()
    assert (status, "Niet gevonden" in html, "URLconf" in html, "Page not found" in html) == (404, True, False, False)


def test_health_reports_database_broker_and_worker(production):
    status, _, body = production.get("/gezondheid")
    assert (status, json.loads(body)) == (200, {"status": "ok", "onderdelen": {"database": "ok", "broker": "ok", "worker": "ok"}})


def test_the_access_log_is_json_without_the_query_string(production):
    production.get("/inloggen?next=/dossiers%3Fq%3DSem")
    lines = [json.loads(line) for line in production.log.read_text().splitlines() if line.startswith("{")]
    access = [line["message"] for line in lines if line["logger"] == "gunicorn.access" and "/inloggen" in line["message"]]
    assert access and all("Sem" not in message and "?" not in message for message in access)


def test_gunicorn_and_the_celery_processes_log_json_lines(production):
    """(Besides the log, the commands print their own output: migrate's steps and the worker's start-up banner.)"""
    records = [json.loads(line) for line in production.log.read_text().splitlines() if line.startswith("{")]
    assert {"gunicorn.error", "gunicorn.access", "celery.beat", "celery.apps.worker"} <= {record["logger"] for record in records}


def test_bin_serve_refuses_to_start_without_the_owner_role():
    """Without DATABASE_OWNER_URL the app role would own the tables and could empty the audit log."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_OWNER_URL", "DEBUG"}} | {
        "DATABASE_URL": "postgresql://jgt_app@127.0.0.1:1/jgt", "CELERY_BROKER_URL": "redis://127.0.0.1:1/0", "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "s" * 60, "PSEUDONYM_SECRET": "p" * 40}
    result = subprocess.run(["bin/serve", "prepare"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert (result.returncode, "DATABASE_OWNER_URL ontbreekt" in result.stderr) == (2, True), result.stderr
