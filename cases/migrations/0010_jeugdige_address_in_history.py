"""The woonadres lives only in its history (`Adres`, DOMAIN.md section 4): drop `Jeugdige.gemeente` and `.postcode`.

Migration 0007 copied every jeugdige's address into `Adres` (its first address); since then every write goes there
too. Reversible: going back refills the two columns from the current address (the latest one).
"""

import django.db.models.deletion
from django.db import migrations, models


def refill_from_history(apps, schema_editor):
    Jeugdige = apps.get_model("cases", "Jeugdige")
    Adres = apps.get_model("cases", "Adres")
    current = {}
    for adres in Adres.objects.order_by("jeugdige_id", models.F("geldig_vanaf").asc(nulls_first=True)).iterator():
        current[adres.jeugdige_id] = adres  # the last one per jeugdige wins: the latest start
    for jeugdige in Jeugdige.objects.iterator():
        adres = current.get(jeugdige.pk)
        if adres is not None:
            Jeugdige.objects.filter(pk=jeugdige.pk).update(
                gemeente_id=adres.gemeente_id, postcode="" if jeugdige.geanonimiseerd_op else adres.postcode)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_hulpperiodes_2027_1"),
        ("jgt_registratie", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="jeugdige", name="jeugdige_anoniem_zonder_identiteit"),
        migrations.RemoveConstraint(model_name="jeugdige", name="jeugdige_postcode_6"),
        # nullable first, so that going back can add the column again and refill it before making it required
        migrations.AlterField(
            model_name="jeugdige", name="gemeente",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="jgt_registratie.gemeente"),
        ),
        migrations.RunPython(migrations.RunPython.noop, refill_from_history),
        migrations.RemoveField(model_name="jeugdige", name="gemeente"),
        migrations.RemoveField(model_name="jeugdige", name="postcode"),
        migrations.AddConstraint(
            model_name="jeugdige",
            constraint=models.CheckConstraint(
                condition=models.Q(("aangemaakt_door__isnull", False), ("geanonimiseerd_op__isnull", True), ("team__isnull", False))
                | models.Q(("aangemaakt_door__isnull", True), ("bsn__isnull", True), ("geanonimiseerd_op__isnull", False), ("team__isnull", True)),
                name="jeugdige_anoniem_zonder_identiteit",
            ),
        ),
    ]
