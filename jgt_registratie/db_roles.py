"""Two database roles: the owner runs the migrations and owns every table; the application owns nothing.

The application (web, API, worker, every management command but `migrate` and `flush`) connects as the
application role. It may read and write the ordinary tables, and only INSERT and SELECT the audit log:
TRUNCATE, UPDATE, DELETE, ALTER TABLE and every trigger change are refused by PostgreSQL itself, because
the role neither owns the table nor holds those privileges (and is no superuser, so it cannot set
`session_replication_role` either).

The owner's credentials sit in the connection's settings under `OWNER` (`DATABASE_OWNER_URL`, or the
embedded server's owner role). `as_owner` switches one connection to them for the length of a block:
`manage.py migrate`, `flush` and the creation of a test database use it, then grant the application
role its privileges (`grant_app_privileges`). Without `OWNER` everything runs as the one configured role,
as before (and `migrate` says so).

`role_setup_sql` is the one-off set-up a superuser runs (the embedded server does it itself;
`manage.py db_roles` prints it for an external PostgreSQL).
"""

from contextlib import contextmanager

from django.core.checks import Tags, Warning, register
from psycopg import sql

OWNER_KEY = "OWNER"

#: Tables the application may only append to and read, and tables it may only read (the head of the audit
#: chain is written by the audit trigger, which runs with the owner's rights).
APPEND_ONLY_TABLES = ("jgt_registratie_auditlog",)
READ_ONLY_TABLES = ("jgt_registratie_auditketen",)


def owner_settings(connection) -> dict | None:
    return connection.settings_dict.get(OWNER_KEY) or None


def app_role(connection) -> str | None:
    """The application role's name when an owner role is configured apart from it, else None."""
    owner = owner_settings(connection)
    if not owner or owner.get("USER") in (None, "", connection.settings_dict.get("USER")):
        return None
    return connection.settings_dict["USER"]


@contextmanager
def as_owner(connection):
    """Run the block with this connection logged in as the owner role (a no-op without one).

    The connection is closed before and after, so no transaction crosses the switch; the settings are
    swapped for this connection object only (another thread's connection keeps the application role).
    """
    owner = owner_settings(connection)
    if not owner:
        yield
        return
    if connection.in_atomic_block:
        raise RuntimeError("Switching to the owner role inside a transaction is not possible.")
    original = connection.settings_dict
    connection.close()
    connection.settings_dict = {**original, **owner}
    try:
        yield
    finally:
        connection.close()
        # create_test_db/destroy_test_db change NAME while switched: keep what they set
        original["NAME"] = connection.settings_dict["NAME"]
        connection.settings_dict = original


def _ident(name: str) -> sql.Identifier:
    return sql.Identifier(name)


def _text(statements: list[sql.Composable]) -> list[str]:
    return [statement.as_string() for statement in statements]


def default_privileges_sql(app: str, *, for_role: str | None = None) -> list[str]:
    """Tables and sequences the owner creates later are usable by the application role without a new grant."""
    who = sql.SQL("FOR ROLE {} ").format(_ident(for_role)) if for_role else sql.SQL("")
    return _text([
        sql.SQL("ALTER DEFAULT PRIVILEGES {}IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}").format(who, _ident(app)),
        sql.SQL("ALTER DEFAULT PRIVILEGES {}IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}").format(who, _ident(app)),
    ])


def grant_app_privileges_sql(app: str, existing_tables: set[str]) -> list[str]:
    """The application role's privileges on what exists now; the audit log INSERT and SELECT only, its chain head SELECT."""
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(_ident(app)),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(_ident(app)),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(_ident(app)),
    ]
    for table in APPEND_ONLY_TABLES:
        if table in existing_tables:
            statements += [
                sql.SQL("REVOKE ALL ON TABLE {} FROM PUBLIC, {}").format(_ident(table), _ident(app)),
                sql.SQL("GRANT SELECT, INSERT ON TABLE {} TO {}").format(_ident(table), _ident(app)),
            ]
    for table in READ_ONLY_TABLES:
        if table in existing_tables:
            statements += [
                sql.SQL("REVOKE ALL ON TABLE {} FROM PUBLIC, {}").format(_ident(table), _ident(app)),
                sql.SQL("GRANT SELECT ON TABLE {} TO {}").format(_ident(table), _ident(app)),
            ]
    return _text(statements)


def public_tables(cursor) -> set[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return {name for (name,) in cursor.fetchall()}


def grant_app_privileges(cursor, app: str) -> None:
    """Run by the owner (or a superuser) after every migration: also restores the audit log's limits,
    which the default privileges would otherwise widen for a table created anew."""
    tables = public_tables(cursor)
    for statement in grant_app_privileges_sql(app, tables):
        cursor.execute(statement)


def role_setup_sql(*, owner: str, app: str, owner_password: str | None = None,
                   app_password: str | None = None) -> list[str]:
    """What a superuser runs once, in the maintenance database: the two roles (created when missing, and
    held to their attributes when present) and the database owned by the owner. Idempotent.

    The owner may create databases (the test run makes its own); the application role may not, nor
    create roles, replicate or bypass row security, and it does not inherit other roles' rights.
    """

    def role(name, attributes, password):
        create = sql.SQL("CREATE ROLE {} LOGIN {}").format(_ident(name), sql.SQL(attributes))
        alter = sql.SQL("ALTER ROLE {} LOGIN {}").format(_ident(name), sql.SQL(attributes))
        if password:
            create += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
            alter += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
        return sql.SQL("DO $jgt$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {}) THEN {}; ELSE {}; END IF; END $jgt$").format(
            sql.Literal(name), create, alter)

    return _text([
        role(owner, "NOSUPERUSER CREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS", owner_password),
        role(app, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT", app_password),
    ])


def database_setup_sql(*, owner: str, app: str) -> list[str]:
    """What a superuser runs once inside the application's database (after `role_setup_sql` and
    `ALTER DATABASE ... OWNER TO <owner>`): only the owner creates in the schema; the application may use it."""
    return [
        sql.SQL("ALTER SCHEMA public OWNER TO {}").format(_ident(owner)).as_string(),
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(_ident(app)).as_string(),
        *default_privileges_sql(app, for_role=owner),
    ]


#: Everything in the schema that still belongs to someone else (a database made before the roles existed).
FOREIGN_OBJECTS_SQL = """
SELECT 'TABLE', c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relowner <> %(owner)s::regrole
UNION ALL
SELECT 'SEQUENCE', c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> %(owner)s::regrole
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
UNION ALL
SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND p.proowner <> %(owner)s::regrole
"""


def hand_over_to_owner(cursor, owner: str) -> int:
    """Give the owner role what a superuser created in the schema before (run as a superuser). Returns how many."""
    cursor.execute(FOREIGN_OBJECTS_SQL, {"owner": owner})
    foreign = cursor.fetchall()
    for kind, name in foreign:
        cursor.execute(sql.SQL("ALTER {} {} OWNER TO {}").format(sql.SQL(kind), sql.SQL(name), _ident(owner)).as_string())
    return len(foreign)


@register(Tags.security, deploy=True)
def check_owner_role(app_configs=None, **kwargs):
    """`check --deploy`: an external database without an owner role apart from the app's leaves the audit log open."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database.get(OWNER_KEY):
        return []
    return [Warning("DATABASE_URL is set without DATABASE_OWNER_URL: the app's role owns the tables and can empty the audit log.",
                    hint="Create an owner role and an application role (manage.py db_roles) and set both URLs (README: Database roles).",
                    id="jgt_registratie.W001")]
