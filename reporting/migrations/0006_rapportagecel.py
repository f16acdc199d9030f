
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0005_verantwoording'),
    ]

    operations = [
        migrations.CreateModel(
            name='RapportageCel',
            fields=[
                ('pk', models.CompositePrimaryKey('rapportage_id', 'sleutel', blank=True, editable=False, primary_key=True, serialize=False)),
                ('sleutel', models.TextField(db_collation='C')),
                ('waarde', models.TextField()),
                ('rapportage', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reporting.rapportage')),
            ],
        ),
        # The CBS exports made before keep their cells: moved from their jsonb into rows, `cellen` then `{}` ("kept, in
        # reporting_rapportagecel"), so a new version still compares with them.
        migrations.RunSQL(
            "INSERT INTO reporting_rapportagecel (rapportage_id, sleutel, waarde)"
            " SELECT r.id, c.key, c.value FROM reporting_rapportage r, jsonb_each_text(r.cellen) c"
            " WHERE r.soort IN ('cbs_protocol', 'cbs_aanlevering') AND jsonb_typeof(r.cellen) = 'object';"
            " UPDATE reporting_rapportage SET cellen = '{}'::jsonb"
            " WHERE soort IN ('cbs_protocol', 'cbs_aanlevering') AND jsonb_typeof(cellen) = 'object';",
            reverse_sql=(
                "UPDATE reporting_rapportage r SET cellen = coalesce((SELECT jsonb_object_agg(c.sleutel, c.waarde)"
                " FROM reporting_rapportagecel c WHERE c.rapportage_id = r.id), '{}'::jsonb)"
                " WHERE r.soort IN ('cbs_protocol', 'cbs_aanlevering') AND r.cellen IS NOT NULL;"
            ),
        ),
    ]
