"""Issue 13: the indexes the reports and the registration use exist, and the redundant ones are gone."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def index_columns() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
        return {name: definition.split(" USING btree ")[-1] for name, definition in cursor.fetchall()}


@pytest.mark.parametrize(("name", "columns"), [
    ("contact_dossier_datum", "(dossier_id, datum)"),
    ("contact_gemeente_datum", "(gemeente_id, datum)"),
    ("doorverwijzing_datum", "(datum)"),
    ("dossier_aanmelddatum", "(aanmelddatum)"),
    ("hulpperiode_dossier_start", "(dossier_id, start)"),
    ("hulpperiode_start", "(start)"),
    ("statuswijziging_dossier_datum", "(dossier_id, datum DESC)"),
    ("dossier_team_status_lijst", "(team_id, status, aanmelddatum DESC, id)"),
    ("dossier_team_lijst", "(team_id, aanmelddatum DESC, id)"),
])
def test_the_index_exists(name, columns):
    assert index_columns()[name] == columns


def test_no_table_has_an_index_that_only_repeats_the_first_column_of_another():
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT a.indexrelid::regclass::text FROM pg_index a JOIN pg_index b
              ON a.indrelid = b.indrelid AND a.indexrelid <> b.indexrelid AND a.indnatts < b.indnatts
             AND (b.indkey::text || ' ') LIKE a.indkey::text || ' %' AND a.indexprs IS NULL AND b.indexprs IS NULL
             AND a.indpred IS NULL AND NOT a.indisunique
              JOIN pg_class t ON t.oid = a.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = 'public' AND t.relname LIKE 'cases_%' GROUP BY 1 ORDER BY 1""")
        found = [row[0] for row in cursor.fetchall()]
        assert found == []
