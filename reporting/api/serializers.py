"""Shapes of the report API (API.md, "Reports"): lowerCamelCase JSON. The rules live in `reporting.services`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jgt_registratie.api.serializers import InputSerializer
from reporting.models import Rapportage
from reporting.versions import WIJZIGINGEN_MAX

# For SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]: one named enum each, not a collision with the referral's `soort`.
SOORT = Rapportage.Soort.values
FORMAAT = Rapportage.Formaat.values


@extend_schema_field({"type": "string", "enum": Rapportage.Soort.values})
class SoortField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "enum": Rapportage.Formaat.values,
                      "description": "indicatoren: json, csv of xlsx; cbs_protocol en cbs_aanlevering: csv of xlsx; verantwoording: json, xlsx of pdf."})
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


#: WIJZIGINGEN_MAX as Dutch text ("1.000")
_MAX = f"{WIJZIGINGEN_MAX:,}".replace(",", ".")

_CEL = {
    "type": "object",
    "description": "Een cel die verschilt van de vorige gepubliceerde versie.",
    "properties": {
        "sleutel": {"type": "string", "description": "De sleutel van de cel: 'I01', 'I03|reden_beeindiging|01'; bij een CBS-export "
                                                      "'<pseudoniem>|<datum_aanvang>|<kolom>'.", "example": "I01"},
        "code": {"type": "string", "nullable": True, "description": "Indicatorcode (indicatorenrapportage).", "example": "I01"},
        "dimensie": {"type": "string", "nullable": True, "description": "Uitsplitsing; null voor het totaal."},
        "categorie": {"type": "string", "nullable": True, "description": "Categorie van de uitsplitsing; null voor het totaal."},
        "record": {"type": "string", "nullable": True, "description": "CBS-export: het record ('<pseudoniem>|<datum_aanvang>'), nooit een BSN."},
        "kolom": {"type": "string", "nullable": True, "description": "CBS-export: de kolom."},
        "oud": {"type": "string", "nullable": True, "description": "Zoals geleverd in de vorige versie ('.' = afgeschermd; null: cel bestond niet)."},
        "nieuw": {"type": "string", "nullable": True, "description": "Zoals geleverd in deze versie ('.' = afgeschermd; null: cel bestaat niet meer)."},
        "zin": {"type": "string", "description": "De wijziging en haar oorzaak in een Nederlandse zin.",
                "example": "Jeugdigen met hulp (I01): was 15, is nu 20. Sinds versie 1 (definitief op 03-02-2027) zijn 2 registraties "
                           "uit deze periode gecorrigeerd: 1 contact gecorrigeerd, 1 verhuizing."},
    },
    "required": ["sleutel", "oud", "nieuw", "zin"],
}
WIJZIGINGEN_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": "Vanaf versie 2: wat verschilt van de vorige gepubliceerde versie, en waarom. Alleen aantallen, nooit gegevens van een persoon.",
    "properties": {
        "vorigeVersie": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"}, "versie": {"type": "integer", "minimum": 1},
            "definitiefOp": {"type": "string", "format": "date-time"}}, "required": ["id", "versie", "definitiefOp"]},
        "cellen": {"type": "array", "nullable": True, "items": _CEL,
                   "description": "De gewijzigde cellen (afgeschermde waarden zoals geleverd); null als de vorige versie geen cellen bewaarde. "
                                  f"Bij een CBS-export hoogstens de eerste {_MAX} in volgorde van hun sleutel; verschillen er meer, dan "
                                  "staan ook `cellenAantal` en `cellenPerKolom` erbij."},
        "cellenAantal": {"type": "integer", "minimum": 1,
                         "description": f"Alleen bij een CBS-export waarin meer cellen verschillen dan `cellen` opsomt (meer dan {_MAX}): "
                                        "hoeveel cellen er in totaal verschillen.", "example": 2400},
        "cellenPerKolom": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1},
                           "description": "Alleen samen met `cellenAantal`: hoeveel cellen per kolom van de export verschillen (alleen "
                                          "kolommen met een verschil).", "example": {"aantal_contacten": 1300, "contactminuten": 1100}},
        "correcties": {"type": "array", "description": "Correcties sinds de vorige versie die registraties uit deze periode raakten, per soort.",
                       "items": {"type": "object", "properties": {
                           "soort": {"type": "string", "example": "contact_gewijzigd"},
                           "omschrijving": {"type": "string", "example": "Contact gecorrigeerd"},
                           "aantal": {"type": "integer", "minimum": 1, "nullable": True,
                                      "description": "In een indicatorenrapportage onder geheimhouding zoals elk cijfer: null bij 1 tot 9, "
                                                     "anders afgerond op 5."},
                           "weergave": {"type": "string", "description": "Alleen in een indicatorenrapportage: het aantal zoals het "
                                                                         "getoond wordt ('.' bij 1 tot 9)."}},
                "required": ["soort", "omschrijving", "aantal"]}},
        "correctiesVan": {"type": "string", "enum": ["gemeente", "organisatie"],
                          "description": "gemeente: correcties van dossiers en jeugdigen met een adres in de gemeente (en van contacten zonder "
                                         "dossier); organisatie: alle correcties (rapportage over alle gemeenten)."},
        "toelichting": {"type": "string", "description": "De correcties in een Nederlandse zin."},
    },
    "required": ["vorigeVersie", "cellen", "correcties", "correctiesVan", "toelichting"],
}


class RapportageDefinitiefInput(InputSerializer):
    """No fields: `POST /rapportages/{id}/definitief` takes no body (or {}); anything else is an unknown field (400)."""


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
    definitief = serializers.BooleanField(help_text="Gepubliceerd: bestand, SHA-256 en definitieversie veranderen niet meer.")
    definitiefOp = serializers.DateTimeField(source="definitief_op", allow_null=True, help_text="Wanneer de rapportage definitief werd.")
    versie = serializers.IntegerField(allow_null=True, min_value=1,
                                      help_text="1, 2, ... per soort, periode, gemeente en formaat; null zolang de rapportage niet gereed is.")
    wijzigingen = serializers.SerializerMethodField()

    class Meta:
        model = Rapportage
        fields = ["id", "soort", "periode", "gemeente", "formaat", "status", "voortgang", "sha256", "bestand", "definitieversie",
                  "automatisch", "aangemaaktOp", "gereedOp", "bestandVerwijderdOp", "fout", "definitief", "definitiefOp", "versie", "wijzigingen"]

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

    @extend_schema_field(WIJZIGINGEN_SCHEMA)
    def get_wijzigingen(self, obj):
        if (obj.versie or 0) <= 1 or obj.wijzigingen is None:
            return None
        return _ordered(obj.wijzigingen, WIJZIGINGEN_SCHEMA)


def _ordered(value, schema):
    """A stored JSON value (jsonb keeps its own key order) in the order of its schema's properties."""
    if isinstance(value, dict) and "properties" in schema:
        return {key: _ordered(value[key], schema["properties"][key]) for key in schema["properties"] if key in value}
    if isinstance(value, list) and "items" in schema:
        return [_ordered(item, schema["items"]) for item in value]
    return value
