"""Connections as other database roles than the application's, for the tests of the roles and the audit chain."""

import psycopg
import pytest
from django.db import connection


def connect_as(user: str, dbname: str | None = None) -> psycopg.Connection:
    """A connection to the test database (or `dbname`) on the same server, as `user`."""
    connection.ensure_connection()
    params = connection.get_connection_params()
    return psycopg.connect(host=params["host"], port=params.get("port"), dbname=dbname or params["dbname"], user=user, autocommit=True)


@pytest.fixture
def superuser(transactional_db):
    """The embedded server's superuser on the test database: what a DBA (or an attacker with its password) could do."""
    if connection.settings_dict["ENGINE"] != "config.embedded_pg":
        pytest.skip("needs the superuser of the embedded PostgreSQL")
    with connect_as("postgres") as conn:
        yield conn


@pytest.fixture
def owner(transactional_db):
    """The owner role (the migrations' role) on the test database."""
    with connect_as(connection.settings_dict["OWNER"]["USER"]) as conn:
        yield conn
