"""Real processes for the end-to-end and fault tests: Debian's redis-server, a `celery -A config worker`, the broker this
test process publishes to, and the database URL a child process uses to reach the pytest test database.

Everything here listens on 127.0.0.1 only, is bounded in time, and is stopped by the fixture that started it.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from config.broker import redis_transport_options

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).with_name("celery")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class RedisServer:
    """A redis-server on 127.0.0.1 that a test can stop and start again on the same port (a broker going down)."""

    def __init__(self, data: Path):
        if not Path(REDIS).exists():  # never skipped silently: `make test` installs it
            pytest.fail("redis-server ontbreekt: installeer Debian's redis-server (make system-packages).")
        self.port = free_port()
        self.data = data
        self.data.mkdir(parents=True, exist_ok=True)
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen([REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.data), "--save", "",
                                         "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_for(self.ping, 20, "redis-server")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None
        wait_for(lambda: not self.ping(), 10, "redis-server to stop")


def reset_pools(app) -> None:
    """Publish through fresh connections on the (changed) broker."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def publishing_to(url: str, options: dict):
    """This test process publishes to `url` (with `options`) inside the block, and to the previous broker after it."""
    from config.celery import app

    previous = (app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.broker_url, app.conf.broker_transport_options = url, options
    reset_pools(app)
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.broker_transport_options = previous
        reset_pools(app)


def redis_options(visibility_timeout: int = 1800) -> dict:
    return redis_transport_options(visibility_timeout)


def database_url() -> str:
    """The pytest test database, for a child process (worker, live server) through DATABASE_URL."""
    connection.ensure_connection()
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgresql://{quote(db['USER'] or 'postgres', safe='')}{password}@{quote(str(db['HOST']), safe='')}:{db['PORT']}/{db['NAME']}"


def database_owner_url() -> str:
    """The same test database as its owner role (DATABASE_OWNER_URL of a child process that migrates)."""
    connection.ensure_connection()
    db, owner = connection.settings_dict, connection.settings_dict["OWNER"]
    password = f":{quote(owner['PASSWORD'], safe='')}" if owner.get("PASSWORD") else ""
    host, port = owner.get("HOST") or db["HOST"], owner.get("PORT") or db["PORT"]
    return f"postgresql://{quote(owner['USER'], safe='')}{password}@{quote(str(host), safe='')}:{port}/{db['NAME']}"


class Worker:
    """A real `celery -A config worker` on the test database and a Redis broker; `kill()` is SIGKILL to its whole
    process group (the main process and its pool children), as an out-of-memory kill or a pulled plug would be."""

    def __init__(self, *, broker_url: str, reports: Path, var: Path, pseudonym_secret: str, extra_env: dict | None = None, pool: str = "solo"):
        self.env = {**os.environ, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": broker_url, "RAPPORTAGE_DIR": str(reports),
                    "PSEUDONYM_SECRET": pseudonym_secret, "DJANGO_SETTINGS_MODULE": "config.settings", "JGT_VAR_DIR": str(var),
                    **(extra_env or {})}
        self.pool = pool
        self.process = None
        self.log = Path(tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False).name)

    def start(self) -> "Worker":
        arguments = [str(CELERY), "-A", "config", "worker", f"--pool={self.pool}", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                     "--without-heartbeat", "-n", f"test-{os.getpid()}-{time.monotonic_ns()}@localhost"]
        if self.pool == "prefork":
            arguments.append("--concurrency=1")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(arguments, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(lambda: self.process.poll() is not None or b"ready." in self.log.read_bytes().split(b"--- start ---")[-1], 60, "the celery worker")
        assert self.process.poll() is None, self.log_tail()
        return self

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        with self.log.open("ab") as log:
            log.write(b"\n--- killed ---\n--- start ---\n")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            stop(self.process)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def close(self) -> None:
        self.stop()
        self.log.unlink(missing_ok=True)


def wait_until_another_session_waits_on_this_one(timeout: float = 10.0) -> bool:
    """In a thread holding locks in an open transaction: wait until another session of the server is blocked by this
    connection (`pg_blocking_pids`), polling every 0.1 s for at most `timeout` seconds; whether one was."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
                           [connection.connection.info.backend_pid])
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.1)
    return False
