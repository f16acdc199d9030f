"""Where reporting reads: a PostgreSQL streaming replica when there is one (DATABASE_REPLICA_URL), else the primary.

Two doors, one decision (`lees_alias`):
- the reports' own SQL (`reporting/indicators`, the CBS exports, the dashboard's first registration) takes its cursor
  from `lees_verbinding()`: these are aggregate reads by definition;
- ORM reads inside `rapportage_lezen()` (the worker's generation of a report: indicator reports, exports, the data
  quality sheet) are sent to the replica by `config.routers.ReportingReplicaRouter`, except the report's own status
  row and the audit log, which are only ever read on the primary.
Every write goes to the primary, and so does every read of person data for the web and the API: outside
`rapportage_lezen()` the router leaves the ORM on the primary. Without a replica all of this is the one database.

A replica runs a little behind the primary (normally well under a second; `docs/schaal.md`): a report reads the
registration as it was a moment ago, which is what a report asked for a moment ago means anyway.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_rapportage = ContextVar("rapportage_lezen", default=False)


def replica_ingesteld() -> bool:
    """Whether the settings name a replica (DATABASE_REPLICA_URL)."""
    return REPLICA in settings.DATABASES


def lees_alias() -> str:
    """The database alias reporting reads from: the replica when there is one, else the primary."""
    return REPLICA if replica_ingesteld() else DEFAULT_DB_ALIAS


def lees_verbinding():
    """The connection for the reports' own SQL (`with lees_verbinding().cursor() as cursor: ...`)."""
    return connections[lees_alias()]


@contextmanager
def rapportage_lezen():
    """Inside this block the ORM reads of reporting go to the replica too (`config.routers`)."""
    token = _rapportage.set(True)
    try:
        yield
    finally:
        _rapportage.reset(token)


def in_rapportage() -> bool:
    return _rapportage.get()
