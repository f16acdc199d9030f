"""Issue 13: the team's dossier list, newest first, read from an index in its own order (a page is 25 rows of the
index, not a sort of all the team's dossiers). (team, status, aanmelddatum DESC, id) takes the place of (team, status),
whose lookups it serves as well; (team, aanmelddatum DESC, id) serves the list of all statuses and of the open ones.

Built and dropped CONCURRENTLY (registration goes on meanwhile), so not atomic; the new indexes exist before the old one
goes, and each step can be re-run after an interrupted `migrate`: see _concurrently.py.
"""

from django.db import migrations, models

from cases.migrations._concurrently import add_index, drop_indexes


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('cases', '0017_doorverwijzing_wachttijd'),
    ]

    operations = [
        add_index(
            'dossier', models.Index(fields=['team', 'status', '-aanmelddatum', 'id'], name='dossier_team_status_lijst'),
            'CREATE INDEX CONCURRENTLY IF NOT EXISTS "dossier_team_status_lijst" ON "cases_dossier"'
            ' ("team_id", "status", "aanmelddatum" DESC, "id")',
        ),
        add_index(
            'dossier', models.Index(fields=['team', '-aanmelddatum', 'id'], name='dossier_team_lijst'),
            'CREATE INDEX CONCURRENTLY IF NOT EXISTS "dossier_team_lijst" ON "cases_dossier" ("team_id", "aanmelddatum" DESC, "id")',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveIndex(model_name='dossier', name='cases_dossi_team_id_514047_idx')],
            database_operations=drop_indexes({
                "cases_dossi_team_id_514047_idx":
                    'CREATE INDEX CONCURRENTLY IF NOT EXISTS cases_dossi_team_id_514047_idx ON cases_dossier (team_id, status)',
            }),
        ),
    ]
