"""The constraints of definitions 2027.1 that need the data of 0007 first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_figures_2027_1_data")]

    operations = [
        migrations.AddConstraint(
            model_name='hulpperiode',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('einde__isnull', True), ('einde_door', ''), ('reden_beeindiging', '')), models.Q(('einde__isnull', False), models.Q(('einde_door', ''), _negated=True), ('reden_beeindiging__in', ['01', '02', '03', '04', '05'])), _connector='OR'), name='hulpperiode_einde_heeft_reden'),
        ),
        migrations.AddConstraint(
            model_name='statuswijziging',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('naar', 'waakvlam'), _negated=True), ('reden_beeindiging__in', ['01', '02', '03', '04', '05']), _connector='OR'), name='statuswijziging_waakvlam_heeft_reden'),
        ),
    ]
