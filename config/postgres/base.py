"""PostgreSQL with two roles (`jgt_registratie.db_roles`): the test database is created and dropped by the owner.

Django makes and drops a test database over the application's own connection settings; the application role
may not create databases, so those two steps switch to the owner role (`OWNER` in the settings). The test
database's migrations switch by themselves (`manage.py migrate` always runs as the owner).
"""

from django.db.backends.postgresql import base, creation

from jgt_registratie.db_roles import as_owner


class DatabaseCreation(creation.DatabaseCreation):
    def _create_test_db(self, *args, **kwargs):
        with as_owner(self.connection):
            return super()._create_test_db(*args, **kwargs)

    def _destroy_test_db(self, *args, **kwargs):
        with as_owner(self.connection):
            return super()._destroy_test_db(*args, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
