"""Index operations built and dropped CONCURRENTLY that a second `migrate` can finish after the first was interrupted.

A migration with such statements cannot be atomic. When a concurrent build fails or is cancelled, PostgreSQL leaves
the index behind as INVALID (it exists, but no query uses it) and the migration is not recorded; re-running a plain
`CREATE INDEX CONCURRENTLY` then fails with "relation ... already exists". Here every build first drops an INVALID
leftover of the same name (only an invalid one: a valid index is kept), then creates the index with IF NOT EXISTS;
every drop is IF EXISTS. The migration state is the same as AddIndex / RemoveIndex would give, the schema the same as
AddIndexConcurrently gave (the migrations pass the SQL it generated). The migration loader skips this module: its
name begins with an underscore.
"""

from django.db import migrations

INVALID_INDEXES = """
    SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE c.relname = ANY(%s) AND NOT i.indisvalid AND pg_catalog.pg_table_is_visible(c.oid)
"""


def drop_invalid(names: list[str]) -> None:
    """A RunPython function that drops, concurrently, those of `names` that exist as an INVALID index."""
    def run(apps, schema_editor):
        quote = schema_editor.quote_name
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(INVALID_INDEXES, [list(names)])
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(name)}")
    return run


def add_index(model_name: str, index, create_sql: str) -> migrations.SeparateDatabaseAndState:
    """AddIndex in the state; in the database: clear an INVALID leftover, `create_sql` (CREATE INDEX CONCURRENTLY IF
    NOT EXISTS ...); backwards DROP INDEX CONCURRENTLY IF EXISTS (which also removes an INVALID one)."""
    assert create_sql.startswith("CREATE INDEX CONCURRENTLY IF NOT EXISTS ")
    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AddIndex(model_name=model_name, index=index)],
        database_operations=[
            migrations.RunPython(drop_invalid([index.name]), migrations.RunPython.noop),
            migrations.RunSQL(sql=create_sql, reverse_sql=f'DROP INDEX CONCURRENTLY IF EXISTS "{index.name}"'),
        ],
    )


def drop_indexes(indexes: dict[str, str]) -> list:
    """Database operations that drop the indexes `indexes` names (DROP INDEX CONCURRENTLY IF EXISTS); backwards they
    clear an INVALID leftover of each and run its CREATE INDEX CONCURRENTLY IF NOT EXISTS statement (the value)."""
    assert all(sql.startswith(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ") for name, sql in indexes.items())
    return [
        migrations.RunSQL(
            sql=[f"DROP INDEX CONCURRENTLY IF EXISTS {name}" for name in indexes],
            reverse_sql=list(indexes.values()),
        ),
        # Runs before the RunSQL when migrating backwards.
        migrations.RunPython(migrations.RunPython.noop, drop_invalid(list(indexes))),
    ]
