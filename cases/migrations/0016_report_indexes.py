"""Indexes for the reports' period conditions (issue 13): I08's referrals and I12's aanmeldingen by date (also a
gemeente's first registration on the dashboard), and a gemeente's contacts by date (the contacts without dossier of
I05, I09 and I15), which replaces the index of the foreign key to the gemeente (its first column).

Built and dropped CONCURRENTLY, so registration goes on meanwhile; that cannot run in a transaction, so this migration
is not atomic. The new index exists before the old one goes. Each step can be re-run after an interrupted
`migrate` (an INVALID leftover index is rebuilt): see _concurrently.py.
"""

import django.db.models.deletion
from django.db import migrations, models

from cases.migrations._concurrently import add_index, drop_indexes


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('cases', '0015_indexes_schaal'),
        ('jgt_registratie', '0004_auditlog_hash_chain'),
    ]

    operations = [
        add_index(
            'contact', models.Index(fields=['gemeente', 'datum'], name='contact_gemeente_datum'),
            'CREATE INDEX CONCURRENTLY IF NOT EXISTS "contact_gemeente_datum" ON "cases_contact" ("gemeente_id", "datum")',
        ),
        add_index(
            'doorverwijzing', models.Index(fields=['datum'], name='doorverwijzing_datum'),
            'CREATE INDEX CONCURRENTLY IF NOT EXISTS "doorverwijzing_datum" ON "cases_doorverwijzing" ("datum")',
        ),
        add_index(
            'dossier', models.Index(fields=['aanmelddatum'], name='dossier_aanmelddatum'),
            'CREATE INDEX CONCURRENTLY IF NOT EXISTS "dossier_aanmelddatum" ON "cases_dossier" ("aanmelddatum")',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='contact',
                    name='gemeente',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                            related_name='+', to='jgt_registratie.gemeente'),
                ),
            ],
            database_operations=drop_indexes({
                "cases_contact_gemeente_id_ffcede16":
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS cases_contact_gemeente_id_ffcede16 ON cases_contact (gemeente_id)",
                "cases_contact_gemeente_id_ffcede16_like":
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS cases_contact_gemeente_id_ffcede16_like"
                    " ON cases_contact (gemeente_id varchar_pattern_ops)",
            }),
        ),
    ]
