"""`manage.py migrate`, always as the owner role, followed by the application role's grants.

The application role owns nothing, so it could not create or alter a table; this override logs in as the
owner (`OWNER` in the connection's settings: `DATABASE_OWNER_URL`, or the embedded server's owner role),
sets the default privileges first (so every table a migration creates is usable by the application at
once), migrates, and then grants again, restoring the audit log's INSERT and SELECT only.
"""

from django.core.management.commands import migrate
from django.db import connections

from jgt_registratie.db_roles import app_role, as_owner, default_privileges_sql, grant_app_privileges


class Command(migrate.Command):
    help = migrate.Command.help + " Runs as the owner role and grants the application role its privileges."

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        app = app_role(connection)
        if app is None:
            if options["verbosity"] >= 1:
                self.stderr.write("Let op: geen aparte eigenaarsrol ingesteld (DATABASE_OWNER_URL); de app-rol wordt eigenaar van de "
                                  "tabellen en kan het auditlog dan wijzigen.")
            return super().handle(*args, **options)
        with as_owner(connection):
            with connection.cursor() as cursor:
                for statement in default_privileges_sql(app):
                    cursor.execute(statement)
            result = super().handle(*args, **options)
            with connection.cursor() as cursor:
                grant_app_privileges(cursor, app)
        return result
