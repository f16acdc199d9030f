"""Issue 13 (review): the concurrent index migrations can be re-run after an interrupted `migrate`.

A CREATE INDEX CONCURRENTLY that fails or is cancelled leaves an INVALID index and the migration unrecorded; the next
`migrate` must finish the job (not stop at "relation ... already exists"), forwards and backwards, and end with the
same schema as an uninterrupted run.
"""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection

from jgt_registratie.db_roles import as_owner
from tests.builders import days_ago, make_contact, make_dossier


def indexes() -> dict[str, tuple[str, bool]]:
    """Every index on a cases table: its definition and whether it is valid."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid FROM pg_index i
              JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = 'public' AND t.relname LIKE 'cases_%'""")
        return {name: (definition, valid) for name, definition, valid in cursor.fetchall()}


def as_the_migration(*statements: str) -> None:
    """Run index statements as `migrate` does: as the owner of the tables, outside a transaction."""
    with as_owner(connection), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def leave_invalid(sql: str) -> None:
    """Run a CREATE UNIQUE INDEX CONCURRENTLY that fails on duplicates: PostgreSQL leaves the index INVALID."""
    with pytest.raises(IntegrityError):
        as_the_migration(sql)


def test_an_interrupted_migrate_of_the_concurrent_indexes_is_finished_by_the_next(
        transactional_db, migrated_data, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=days_ago(100))
    make_dossier(professional, team, leiden, aanmelddatum=days_ago(100))
    make_contact(professional, team, dossier=dossier)
    make_contact(professional, team, dossier=dossier)
    migrated = indexes()
    assert all(valid for _, valid in migrated.values())
    assert "cases_contact_gemeente_id_ffcede16" not in migrated
    try:
        # Backwards, 0016's rebuild of the foreign key's index was interrupted once already: an INVALID leftover.
        leave_invalid("CREATE UNIQUE INDEX CONCURRENTLY cases_contact_gemeente_id_ffcede16 ON cases_contact ((true))")
        assert indexes()["cases_contact_gemeente_id_ffcede16"][1] is False
        call_command("migrate", "cases", "0015_indexes_schaal", verbosity=0)
        at_0015 = indexes()
        assert at_0015["cases_contact_gemeente_id_ffcede16"] == (
            "CREATE INDEX cases_contact_gemeente_id_ffcede16 ON public.cases_contact USING btree (gemeente_id)", True)
        assert at_0015["cases_contact_gemeente_id_ffcede16_like"] == (
            "CREATE INDEX cases_contact_gemeente_id_ffcede16_like ON public.cases_contact"
            " USING btree (gemeente_id varchar_pattern_ops)", True)
        assert {"contact_gemeente_datum", "doorverwijzing_datum", "dossier_aanmelddatum"}.isdisjoint(at_0015)

        # Forwards, 0016 was interrupted at its third index: two built (valid), the third left INVALID (here by a
        # failed unique build: two dossiers share the date), the old indexes not yet dropped.
        as_the_migration('CREATE INDEX CONCURRENTLY "contact_gemeente_datum" ON "cases_contact" ("gemeente_id", "datum")',
                         'CREATE INDEX CONCURRENTLY "doorverwijzing_datum" ON "cases_doorverwijzing" ("datum")')
        leave_invalid('CREATE UNIQUE INDEX CONCURRENTLY "dossier_aanmelddatum" ON "cases_dossier" ("aanmelddatum")')
        assert indexes()["dossier_aanmelddatum"] == (
            "CREATE UNIQUE INDEX dossier_aanmelddatum ON public.cases_dossier USING btree (aanmelddatum)", False)
    finally:
        call_command("migrate", "cases", verbosity=0)
    assert indexes() == migrated
    assert migrated["dossier_aanmelddatum"] == (
        "CREATE INDEX dossier_aanmelddatum ON public.cases_dossier USING btree (aanmelddatum)", True)

    # And once more back and forth without leftovers: the same schema again.
    try:
        call_command("migrate", "cases", "0015_indexes_schaal", verbosity=0)
        assert indexes() == at_0015
    finally:
        call_command("migrate", "cases", verbosity=0)
    assert indexes() == migrated
