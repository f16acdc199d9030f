"""The wijken's postcode ranges (issue 12): `Postcodebereik`, pc4 or pc6, never overlapping at the same level.

The exclusion constraint compares ranges as integer ranges of `jgt_postcode_getal`: a pc4 is its own number, a pc6
comes after all pc4 numbers (10000 + pc4 * 676 + its two letters), so a pc6 range never collides with a pc4 range
(a pc6 range inside a pc4 of another wijk is the split it is meant for) and needs no btree_gist. The function is
immutable and strict; `jgt_registratie.wijken.postcode_getal` is its Python twin.
"""

import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models

POSTCODE_GETAL = r"""
CREATE FUNCTION jgt_postcode_getal(pc text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
    SELECT CASE WHEN length(pc) = 4 THEN pc::integer
                ELSE 10000 + substr(pc, 1, 4)::integer * 676 + (ascii(substr(pc, 5, 1)) - 65) * 26 + (ascii(substr(pc, 6, 1)) - 65)
           END
$$;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('jgt_registratie', '0004_auditlog_hash_chain'),
    ]

    operations = [
        migrations.RunSQL(POSTCODE_GETAL, "DROP FUNCTION jgt_postcode_getal(text);"),
        migrations.CreateModel(
            name='Postcodebereik',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('van', models.CharField(help_text='Vier cijfers (2311) of, voor een gesplitste pc4, vier cijfers en twee letters (2312AA).', max_length=6, verbose_name='van')),
                ('tot', models.CharField(help_text="Even lang als 'van'; een pc6-bereik blijft binnen één pc4.", max_length=6, verbose_name='tot en met')),
                ('wijk', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='postcodebereiken', to='jgt_registratie.wijk')),
            ],
            options={
                'verbose_name': 'postcodebereik',
                'verbose_name_plural': 'postcodebereiken',
                'ordering': ['van'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('tot__regex', '^[1-9][0-9]{3}$'), ('van__regex', '^[1-9][0-9]{3}$')), models.Q(django.db.models.lookups.Exact(django.db.models.functions.text.Left('van', 4), django.db.models.functions.text.Left('tot', 4)), ('tot__regex', '^[1-9][0-9]{3}[A-Z]{2}$'), ('van__regex', '^[1-9][0-9]{3}[A-Z]{2}$')), _connector='OR'), name='postcodebereik_pc4_of_pc6'), models.CheckConstraint(condition=models.Q(('van__lte', models.F('tot'))), name='postcodebereik_van_voor_tot'), django.contrib.postgres.constraints.ExclusionConstraint(expressions=[(models.Func(models.Func(models.F('van'), function='jgt_postcode_getal', output_field=models.IntegerField()), models.Func(models.F('tot'), function='jgt_postcode_getal', output_field=models.IntegerField()), models.Value('[]'), function='int4range', output_field=django.contrib.postgres.fields.ranges.IntegerRangeField()), '&&')], deferrable=models.Deferrable.DEFERRED, name='postcodebereik_geen_overlap', violation_error_message='Deze postcodes horen al bij een andere wijk.')],
            },
        ),
    ]
