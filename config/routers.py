"""The database router: reporting reads to the streaming replica, everything else to the primary (`reporting.db`).

Only when the settings name a replica (DATABASE_REPLICA_URL), and only for ORM reads inside
`reporting.db.rapportage_lezen()` (the worker generating a report). The report's status row (the worker reads it to
update it, and the web polls it) and the audit log (its chain is extended from its last row) are read on the primary
always; every write, and every migration, goes to the primary.
"""

from django.db import DEFAULT_DB_ALIAS

from reporting.db import REPLICA, in_rapportage, replica_ingesteld

#: models read on the primary even while a report is made
ALLEEN_PRIMAIR = frozenset({"jgt_registratie.auditlog", "reporting.rapportage"})


class ReportingReplicaRouter:
    def db_for_read(self, model, **hints):
        if in_rapportage() and replica_ingesteld() and model._meta.label_lower not in ALLEEN_PRIMAIR:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's WAL, migrations included
