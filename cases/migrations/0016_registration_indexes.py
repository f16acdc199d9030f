"""Issue 13: the team's dossier list, newest first, read from an index in its own order (a page is 25 rows of the
index, not a sort of all the team's dossiers). (team, status, aanmelddatum DESC, id) takes the place of (team, status),
whose lookups it serves as well; (team, aanmelddatum DESC, id) serves the list of all statuses and of the open ones."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0015_indexes_schaal'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='dossier',
            name='cases_dossi_team_id_514047_idx',
        ),
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(fields=['team', 'status', '-aanmelddatum', 'id'], name='dossier_team_status_lijst'),
        ),
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(fields=['team', '-aanmelddatum', 'id'], name='dossier_team_lijst'),
        ),
    ]
