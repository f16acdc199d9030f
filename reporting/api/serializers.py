"""Shapes of the report API (API.md, "Reports"): lowerCamelCase JSON. The rules live in `reporting.services`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jgt_registratie.api.serializers import InputSerializer
from reporting.models import Rapportage

# For SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]: one named enum each, not a collision with the referral's `soort`.
SOORT = Rapportage.Soort.values
FORMAAT = Rapportage.Formaat.values


@extend_schema_field({"type": "string", "enum": Rapportage.Soort.values})
class SoortField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "enum": Rapportage.Formaat.values,
                      "description": "indicatoren: json, csv of xlsx; cbs_protocol en cbs_aanlevering: csv of xlsx."})
class FormaatField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "pattern": "^[0-9]{4}(-(H[12]|Q[1-4]))?$", "example": "2020-Q3"})
class PeriodeField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "pattern": "^[0-9]{4}$", "example": "0546",
                      "description": "CBS-gemeentecode. Zonder gemeente: de eigen gemeente (gemeente) of alle gemeenten (beheerder)."})
class GemeenteField(serializers.CharField):
    pass


class RapportageInput(InputSerializer):
    soort = SoortField()
    periode = PeriodeField()
    gemeente = GemeenteField(required=False, allow_null=True, allow_blank=True)
    formaat = FormaatField()


class RapportageSerializer(serializers.ModelSerializer):
    gemeente = serializers.CharField(source="gemeente_id", allow_null=True, help_text="CBS-gemeentecode; null: alle gemeenten.")
    status = serializers.ChoiceField(choices=Rapportage.Status.choices)
    soort = SoortField()
    formaat = FormaatField()
    voortgang = serializers.IntegerField(min_value=0, max_value=100, help_text="Voortgang in procenten.")
    sha256 = serializers.SerializerMethodField()
    bestand = serializers.SerializerMethodField()
    fout = serializers.SerializerMethodField()
    aangemaaktOp = serializers.DateTimeField(source="aangemaakt_op")
    gereedOp = serializers.DateTimeField(source="gereed_op", allow_null=True)
    bestandVerwijderdOp = serializers.DateTimeField(source="bestand_verwijderd_op", allow_null=True,
                                                    help_text="Wanneer het bestand na de bewaartermijn is verwijderd (CBS-aanlevering met BSN).")

    class Meta:
        model = Rapportage
        fields = ["id", "soort", "periode", "gemeente", "formaat", "status", "voortgang", "sha256", "bestand", "definitieversie",
                  "automatisch", "aangemaaktOp", "gereedOp", "bestandVerwijderdOp", "fout"]

    @extend_schema_field({"type": "string", "nullable": True, "description": "SHA-256 van het bestand (hex), zodra gereed."})
    def get_sha256(self, obj):
        return obj.sha256 if obj.status == Rapportage.Status.GEREED else None

    @extend_schema_field({"type": "string", "nullable": True, "description": "Download-URL, zodra gereed (null als het bestand na de bewaartermijn is verwijderd)."})
    def get_bestand(self, obj):
        if obj.status != Rapportage.Status.GEREED or obj.bestand_verwijderd_op is not None:
            return None
        return f"/api/v1/rapportages/{obj.pk}/bestand"

    @extend_schema_field({"type": "string", "nullable": True, "description": "Waarom de rapportage mislukte."})
    def get_fout(self, obj):
        return obj.fout or None
