"""Names of jeugdigen (with a normalised `zoeknaam` behind a trigram index) and the betrokkenen of a dossier.

`pg_trgm` and `unaccent` are trusted extensions: the owner role that runs the migrations may create them. Existing
jeugdigen have no name yet, so `zoeknaam` starts empty; the services keep it from then on.
"""

import uuid

import django.db.models.deletion
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_jeugdige_address_in_history"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.AddField(model_name="jeugdige", name="voornamen", field=models.CharField(blank=True, default="", max_length=200)),
        migrations.AddField(model_name="jeugdige", name="tussenvoegsel", field=models.CharField(blank=True, default="", max_length=30)),
        migrations.AddField(model_name="jeugdige", name="achternaam", field=models.CharField(blank=True, default="", max_length=200)),
        migrations.AddField(model_name="jeugdige", name="zoeknaam",
                            field=models.CharField(blank=True, default="", editable=False, max_length=440)),
        migrations.AddConstraint(
            model_name="jeugdige",
            constraint=models.CheckConstraint(
                condition=models.Q(("geanonimiseerd_op__isnull", True),
                                   models.Q(("achternaam", ""), ("tussenvoegsel", ""), ("voornamen", ""), ("zoeknaam", "")), _connector="OR"),
                name="jeugdige_anoniem_zonder_naam",
            ),
        ),
        migrations.AddIndex(model_name="jeugdige",
                            index=GinIndex(fields=["zoeknaam"], opclasses=["gin_trgm_ops"], name="jeugdige_zoeknaam_trgm")),
        migrations.CreateModel(
            name="Betrokkene",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("naam", models.CharField(max_length=200)),
                ("relatie", models.CharField(choices=[("ouder", "Ouder"), ("voogd", "Voogd"), ("pleegouder", "Pleegouder"),
                                                      ("overig", "Overig")], max_length=20)),
                ("telefoon", models.CharField(blank=True, default="", max_length=30)),
                ("email", models.CharField(blank=True, default="", max_length=254)),
                ("aangemaakt_op", models.DateTimeField(auto_now_add=True)),
                ("dossier", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="betrokkenen", to="cases.dossier")),
            ],
            options={
                "verbose_name_plural": "betrokkenen",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("relatie__in", ["ouder", "voogd", "pleegouder", "overig"])),
                                           name="betrokkene_relatie_geldig"),
                    models.CheckConstraint(condition=models.Q(("naam", ""), _negated=True), name="betrokkene_heeft_naam"),
                ],
            },
        ),
    ]
