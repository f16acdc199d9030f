"""Migration 0010 drops Jeugdige.gemeente and .postcode (the address lives in `Adres`); going back refills them from
the current address, so the migration can be undone without losing where a jeugdige lives."""

from django.core.management import call_command
from django.db import connection

from tests.builders import days_ago, make_jeugdige, make_move


def test_going_back_refills_the_columns_from_the_current_address(transactional_db, professional, team, leiden, leiderdorp):
    moved = make_jeugdige(professional, team, leiden, postcode="2311AB")
    make_move(professional, moved, leiderdorp, days_ago(20), "2351AB")
    stayed = make_jeugdige(professional, team, leiden)
    try:
        call_command("migrate", "cases", "0009_hulpperiodes_2027_1", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, gemeente_id, postcode FROM cases_jeugdige")
            columns = {row[0]: row[1:] for row in cursor.fetchall()}
        assert columns == {moved.pk: ("0547", "2351AB"), stayed.pk: ("0546", "")}
    finally:
        call_command("migrate", "cases", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = 'cases_jeugdige' AND column_name IN ('gemeente_id', 'postcode')")
        assert cursor.fetchone() == (0,)
