"""`manage.py db_roles`: the one-off SQL (a psql script) a superuser runs to make the two database roles.

For an external PostgreSQL: set DATABASE_URL (the application role) and DATABASE_OWNER_URL (the owner), then

    .venv/bin/python manage.py db_roles | psql -v ON_ERROR_STOP=1 -h <host> -U postgres -d postgres

It creates both roles (with the passwords in the URLs) when missing, holds them to their attributes when
present, creates the database owned by the owner, and limits the schema. `manage.py migrate` does the rest
(as the owner) and grants the application role its privileges. The embedded default does all this itself.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from psycopg import sql

from jgt_registratie import db_roles


class Command(BaseCommand):
    help = ("Druk het SQL-script af (voor psql, als superuser) dat de eigenaarsrol en de app-rol maakt en de database aan de "
            "eigenaar geeft. Let op: bevat de wachtwoorden uit DATABASE_URL en DATABASE_OWNER_URL.")

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        connection = connections[database]
        app = db_roles.app_role(connection)
        if app is None:
            raise CommandError("Er is geen aparte eigenaarsrol ingesteld: zet DATABASE_OWNER_URL (zelfde database, andere rol) "
                               "naast DATABASE_URL.")
        owner_settings = db_roles.owner_settings(connection)
        owner, name = owner_settings["USER"], connection.settings_dict["NAME"]
        lines = [
            "-- jgt-registratie: de eigenaarsrol en de app-rol (eenmalig, als superuser, in de onderhoudsdatabase).",
            *[f"{statement};" for statement in db_roles.role_setup_sql(
                owner=owner, app=app, owner_password=owner_settings.get("PASSWORD") or None,
                app_password=connection.settings_dict.get("PASSWORD") or None)],
            sql.SQL("SELECT {} WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = {})").format(
                sql.Literal(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), sql.Identifier(owner)).as_string()),
                sql.Literal(name)).as_string() + r" \gexec",
            sql.SQL("ALTER DATABASE {} OWNER TO {};").format(sql.Identifier(name), sql.Identifier(owner)).as_string(),
            sql.SQL(r"\connect {}").format(sql.Identifier(name)).as_string(),
            *[f"{statement};" for statement in db_roles.database_setup_sql(owner=owner, app=app)],
            "-- Daarna: manage.py migrate (als eigenaar, via DATABASE_OWNER_URL); de app gebruikt DATABASE_URL.",
        ]
        self.stdout.write("\n".join(lines))
