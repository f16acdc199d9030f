"""Indexes for the reports' period conditions (issue 13): I08's referrals and I12's aanmeldingen by date (also a
gemeente's first registration on the dashboard), and a gemeente's contacts without dossier by date (I05, I09, I15).

Built with CREATE INDEX CONCURRENTLY, so registration goes on while they are built; that cannot run in a transaction,
so this migration is not atomic.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('cases', '0015_indexes_schaal'),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='contact',
            index=models.Index(condition=models.Q(('dossier__isnull', True)), fields=['gemeente', 'datum'], name='contact_zonder_dossier_datum'),
        ),
        AddIndexConcurrently(
            model_name='doorverwijzing',
            index=models.Index(fields=['datum'], name='doorverwijzing_datum'),
        ),
        AddIndexConcurrently(
            model_name='dossier',
            index=models.Index(fields=['aanmelddatum'], name='dossier_aanmelddatum'),
        ),
    ]
