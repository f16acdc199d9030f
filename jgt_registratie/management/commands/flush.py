"""`manage.py flush` as the owner role: emptying the audit log takes TRUNCATE, which the application role lacks.

Django's transactional tests flush the test database after each test through this command.
"""

from django.core.management.commands import flush
from django.db import connections

from jgt_registratie.db_roles import as_owner


class Command(flush.Command):
    def handle(self, **options):
        with as_owner(connections[options["database"]]):
            return super().handle(**options)
