"""Shapes of the case API (API.md): lowerCamelCase JSON in and out. Rules live in the services."""

from rest_framework import serializers

from cases.choices import (
    Aanmelder,
    DoelenBereikt,
    GeboortedatumPrecisie,
    Geslacht,
    Hulpsoort,
    Inzet,
    JaNeeOnbekend,
    Leeftijdsklasse,
    RedenBeeindiging,
    SoortDoorverwijzing,
    Verwijzer,
    VerwijzingStatus,
    Vorm,
)
from cases.models import Betrokkene, Contact, Doorverwijzing, Dossier, Jeugdige, Probleemcategorie, Relatie, StatusWijziging
from jgt_registratie.api.serializers import InputSerializer

# --- output --------------------------------------------------------------------------------------------


class ProbleemcategorieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Probleemcategorie
        fields = ["code", "naam", "actief"]


class JeugdigeSerializer(serializers.ModelSerializer):
    geboortedatum = serializers.DateField(allow_null=True, help_text="Leeg bij een kind dat nog niet geboren is. Bij een onbekende "
                                                                     "dag is de dag 1, bij een onbekende maand ook de maand.")
    geboortedatumPrecisie = serializers.ChoiceField(source="geboortedatum_precisie", choices=GeboortedatumPrecisie.choices)
    ongeboren = serializers.BooleanField(read_only=True)
    verwachteGeboortedatum = serializers.DateField(source="verwachte_geboortedatum", allow_null=True)
    # the current address, from the address history (GET /jeugdigen/{id}/adressen)
    postcode = serializers.CharField(source="huidig_adres.postcode", help_text="Postcode van het huidige adres, of leeg.")
    gemeente = serializers.CharField(source="huidig_adres.gemeente_id", help_text="CBS-code van de gemeente van het huidige adres.")
    team = serializers.IntegerField(source="team_id")
    aangemaaktOp = serializers.DateTimeField(source="aangemaakt_op")
    naam = serializers.CharField(read_only=True, help_text="De volledige naam zoals op het scherm (\"Sven de Vries\"), of leeg.")

    class Meta:
        model = Jeugdige
        fields = ["id", "bsn", "voornamen", "tussenvoegsel", "achternaam", "naam", "geboortedatum", "geboortedatumPrecisie", "ongeboren",
                  "verwachteGeboortedatum", "geslacht", "postcode", "gemeente", "team", "aangemaaktOp"]


class BetrokkeneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Betrokkene
        fields = ["id", "naam", "relatie", "telefoon", "email"]


class AdresSerializer(serializers.Serializer):
    postcode = serializers.CharField(help_text="6 posities, of leeg als de postcode onbekend is.")
    gemeente = serializers.CharField(source="gemeente_id", help_text="CBS-code van de gemeente.")
    geldigVanaf = serializers.DateField(source="geldig_vanaf", allow_null=True,
                                        help_text="Leeg bij het eerste adres: dat geldt vanaf het begin.")


class StatusWijzigingSerializer(serializers.ModelSerializer):
    redenBeeindiging = serializers.CharField(source="reden_beeindiging")
    doelenBereikt = serializers.CharField(source="doelen_bereikt")
    zonderHulpVerder = serializers.CharField(source="zonder_hulp_verder")
    door = serializers.IntegerField(source="door_id", allow_null=True)

    class Meta:
        model = StatusWijziging
        fields = ["van", "naar", "datum", "automatisch", "evaluatiedatum", "redenBeeindiging", "doelenBereikt", "tevredenheid",
                  "zonderHulpVerder", "door"]


class HulpperiodeSerializer(serializers.Serializer):
    start = serializers.DateField()
    einde = serializers.DateField(allow_null=True)
    hulpsoort = serializers.ChoiceField(choices=Hulpsoort.choices)
    probleemcategorieen = serializers.ListField(child=serializers.CharField())
    eindeDoor = serializers.CharField(source="einde_door")
    redenBeeindiging = serializers.CharField(source="reden_beeindiging")
    # The outcome asked when the help ended (at waakvlam or closure); empty while it runs.
    doelenBereikt = serializers.CharField(source="doelen_bereikt")
    tevredenheid = serializers.IntegerField(allow_null=True)
    zonderHulpVerder = serializers.CharField(source="zonder_hulp_verder")
    actiefSinds = serializers.DateField(source="actief_sinds", allow_null=True,
                                        help_text="De datum waarop de periode van status actief begon; de hulp zelf begint op `start`, "
                                                  "het eerste hulpcontact.")
    gecorrigeerdOp = serializers.DateTimeField(source="gecorrigeerd_op", allow_null=True,
                                               help_text="Wanneer een correctie deze hulpperiode het laatst veranderde (null: nooit).")


class HulpperiodesPerDossier(serializers.ListSerializer):
    """A dossier's hulpperiodes (identical for each of its jeugdigen), once each, by volgnummer. One child serializer for
    every dossier of a list (a serializer made per dossier would copy its fields fifty times per page)."""

    def to_representation(self, data):
        seen = {}
        for periode in data.all():
            seen.setdefault(periode.volgnummer, periode)
        return [self.child.to_representation(seen[n]) for n in sorted(seen)]


class DoorverwijzingSerializer(serializers.ModelSerializer):
    # API.md 1.1 "Referral outcome": the outcome the team keeps up to date
    status = serializers.ChoiceField(choices=VerwijzingStatus.choices, help_text="verwezen, gestart (de hulp elders is begonnen), "
                                                                                 "afgewezen of niet_gestart.")
    statusDatum = serializers.DateField(source="status_sinds", help_text="De datum van de huidige status; bij verwezen zonder "
                                                                          "latere wijziging de datum van de doorverwijzing.")
    reden = serializers.CharField(help_text="De reden (bij afgewezen en niet_gestart), of leeg.")
    overbrugging = serializers.BooleanField(help_text="Het team overbrugt de wachttijd tot de hulp elders begint.")

    class Meta:
        model = Doorverwijzing
        fields = ["id", "datum", "soort", "status", "statusDatum", "reden", "overbrugging"]


class DossierSerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="team_id")
    jeugdigen = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    probleemcategorieen = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    gestartMetCrisis = serializers.BooleanField(source="gestart_met_crisis")
    regiehouder = serializers.IntegerField(source="regiehouder_id", allow_null=True)
    statusSinds = serializers.DateField(source="status_sinds")
    redenBeeindiging = serializers.CharField(source="reden_beeindiging")
    doelenBereikt = serializers.CharField(source="doelen_bereikt")
    zonderHulpVerder = serializers.CharField(source="zonder_hulp_verder")
    afsluitingGevraagdOp = serializers.DateTimeField(source="afsluiting_gevraagd_op", allow_null=True)
    afsluitingToelichting = serializers.CharField(source="afsluiting_toelichting")
    statusgeschiedenis = StatusWijzigingSerializer(many=True, read_only=True)
    hulpperiodes = HulpperiodesPerDossier(child=HulpperiodeSerializer(), read_only=True)
    doorverwijzingen = DoorverwijzingSerializer(many=True, read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id", "team", "jeugdigen", "aanmelddatum", "aanmelder", "hulpsoort", "probleemcategorieen",
            "gestartMetCrisis", "verwijzer", "regiehouder", "status", "statusSinds", "evaluatiedatum",
            "einddatum", "redenBeeindiging", "doelenBereikt", "tevredenheid", "zonderHulpVerder",
            "afsluitingGevraagdOp", "afsluitingToelichting", "statusgeschiedenis", "hulpperiodes", "doorverwijzingen",
        ]


class ContactSerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="team_id")
    dossier = serializers.UUIDField(source="dossier_id", allow_null=True)
    duurMinuten = serializers.IntegerField(source="duur_minuten")
    probleemcategorieen = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    gemeente = serializers.CharField(source="gemeente_id", allow_null=True)
    geregistreerdDoor = serializers.IntegerField(source="geregistreerd_door_id")
    geregistreerdOp = serializers.DateTimeField(source="geregistreerd_op")
    registratieduurSeconden = serializers.IntegerField(source="registratieduur_seconden", allow_null=True)

    class Meta:
        model = Contact
        fields = [
            "id", "team", "dossier", "datum", "duurMinuten", "vorm", "inzet", "hulpsoort", "probleemcategorieen", "notitie",
            "gemeente", "leeftijdsklasse", "geregistreerdDoor", "geregistreerdOp", "registratieduurSeconden",
        ]


# --- input ----------------------------------------------------------------------------------------------

class JeugdigeInput(InputSerializer):
    bsn = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=20)
    voornamen = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Voornamen of roepnaam (optioneel).")
    tussenvoegsel = serializers.CharField(required=False, allow_blank=True, max_length=30)
    achternaam = serializers.CharField(required=False, allow_blank=True, max_length=200)
    geboortedatum = serializers.DateField(required=False, help_text="Verplicht, behalve bij een kind dat nog niet geboren is.")
    geboortedatumPrecisie = serializers.ChoiceField(choices=GeboortedatumPrecisie.choices, default=GeboortedatumPrecisie.DAG,
                                                    help_text="'maand': dag onbekend; 'jaar': dag en maand onbekend.")
    ongeboren = serializers.BooleanField(default=False,
                                         help_text="Een kind dat nog niet geboren is: geen geboortedatum, wel een verwachte geboortedatum.")
    verwachteGeboortedatum = serializers.DateField(required=False)
    geslacht = serializers.ChoiceField(choices=Geslacht.choices)
    postcode = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=10)
    gemeente = serializers.CharField(max_length=4)
    team = serializers.IntegerField()


class JeugdigePatchInput(InputSerializer):
    voornamen = serializers.CharField(required=False, allow_blank=True, max_length=200)
    tussenvoegsel = serializers.CharField(required=False, allow_blank=True, max_length=30)
    achternaam = serializers.CharField(required=False, allow_blank=True, max_length=200)
    bsn = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=20,
                                help_text="Leeg of null: het BSN vervalt. Een BSN dat de organisatie al kent geeft 409 met bestaandId.")
    geboortedatum = serializers.DateField(required=False, allow_null=True)
    geboortedatumPrecisie = serializers.ChoiceField(choices=GeboortedatumPrecisie.choices, required=False)
    verwachteGeboortedatum = serializers.DateField(required=False, allow_null=True,
                                                   help_text="Alleen bij een kind dat nog niet geboren is.")
    geslacht = serializers.ChoiceField(choices=Geslacht.choices, required=False)


class BetrokkeneInput(InputSerializer):
    naam = serializers.CharField(max_length=200)
    relatie = serializers.ChoiceField(choices=Relatie.choices)
    telefoon = serializers.CharField(required=False, allow_blank=True, max_length=30)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)


class BetrokkenePatchInput(InputSerializer):
    naam = serializers.CharField(required=False, max_length=200)
    relatie = serializers.ChoiceField(choices=Relatie.choices, required=False)
    telefoon = serializers.CharField(required=False, allow_blank=True, max_length=30)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)


class AdresInput(InputSerializer):
    postcode = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=10)
    gemeente = serializers.CharField(max_length=4)
    geldigVanaf = serializers.DateField(help_text="De datum van de verhuizing: vanaf die dag geldt het nieuwe adres.")


class DossierInput(InputSerializer):
    team = serializers.IntegerField()
    jeugdigen = serializers.ListField(child=serializers.UUIDField(), allow_empty=False)
    aanmelddatum = serializers.DateField()
    aanmelder = serializers.ChoiceField(choices=Aanmelder.choices)
    hulpsoort = serializers.ChoiceField(choices=Hulpsoort.choices)
    probleemcategorieen = serializers.ListField(child=serializers.CharField(max_length=40), allow_empty=False)
    gestartMetCrisis = serializers.BooleanField()
    verwijzer = serializers.ChoiceField(choices=Verwijzer.choices, required=False)
    regiehouder = serializers.IntegerField(required=False)


class DossierPatchInput(InputSerializer):
    hulpsoort = serializers.ChoiceField(choices=Hulpsoort.choices, required=False)
    probleemcategorieen = serializers.ListField(child=serializers.CharField(max_length=40), allow_empty=False, required=False)
    regiehouder = serializers.IntegerField(required=False)
    gestartMetCrisis = serializers.BooleanField(required=False)


class ActiverenInput(InputSerializer):
    datum = serializers.DateField(required=False)


class WaakvlamInput(InputSerializer):
    datum = serializers.DateField(required=False)
    evaluatiedatum = serializers.DateField()
    # Waakvlam ends the help: the same questions as at closure, with defaults so a 1.0 body keeps working.
    redenBeeindiging = serializers.ChoiceField(choices=RedenBeeindiging.choices, required=False, default=RedenBeeindiging.VOLGENS_PLAN)
    doelenBereikt = serializers.ChoiceField(choices=DoelenBereikt.choices, required=False, default=DoelenBereikt.ONBEKEND)
    tevredenheid = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    zonderHulpVerder = serializers.ChoiceField(choices=JaNeeOnbekend.choices, required=False, default=JaNeeOnbekend.ONBEKEND)


class AfsluitenInput(InputSerializer):
    einddatum = serializers.DateField()
    redenBeeindiging = serializers.ChoiceField(choices=RedenBeeindiging.choices)
    doelenBereikt = serializers.ChoiceField(choices=DoelenBereikt.choices)
    tevredenheid = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    zonderHulpVerder = serializers.ChoiceField(choices=JaNeeOnbekend.choices)


class HeropenenInput(InputSerializer):
    datum = serializers.DateField()


class DoorverwijzingInput(InputSerializer):
    datum = serializers.DateField()
    soort = serializers.ChoiceField(choices=SoortDoorverwijzing.choices)
    overbrugging = serializers.BooleanField(required=False, default=False,
                                            help_text="Het team overbrugt de wachttijd tot de hulp elders begint (standaard false).")


class DoorverwijzingPatchInput(InputSerializer):
    status = serializers.ChoiceField(choices=VerwijzingStatus.choices)
    datum = serializers.DateField(help_text="De datum van deze status: niet vóór de doorverwijzing, niet in de toekomst.")
    reden = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                  help_text="Verplicht bij afgewezen en niet_gestart; anders mag het leeg blijven.")
    overbrugging = serializers.BooleanField(required=False, help_text="Weggelaten: blijft zoals het was.")


class ContactInput(InputSerializer):
    team = serializers.IntegerField()
    dossier = serializers.UUIDField(required=False, allow_null=True)
    datum = serializers.DateField()
    duurMinuten = serializers.IntegerField(min_value=1, max_value=1440)
    vorm = serializers.ChoiceField(choices=Vorm.choices)
    inzet = serializers.ChoiceField(choices=Inzet.choices, required=False, default=Inzet.HULP,
                                    help_text="Wat het team deed: hulp (standaard), advies, toegang of regie.",
                                    error_messages={"invalid_choice": "Ongeldige inzet '{input}'. Kies uit: " + ", ".join(Inzet.values) + "."})
    hulpsoort = serializers.ChoiceField(choices=Hulpsoort.choices)
    probleemcategorieen = serializers.ListField(child=serializers.CharField(max_length=40), allow_empty=True)
    notitie = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    gemeente = serializers.CharField(required=False, max_length=4)
    leeftijdsklasse = serializers.ChoiceField(choices=Leeftijdsklasse.choices, required=False)
    registratieduurSeconden = serializers.IntegerField(required=False, min_value=0, allow_null=True,
                                                       help_text="Hoe lang het registreren duurde, in seconden (I15). Meer dan een uur is "
                                                                 "geen meting van één registratie: die wordt als niet gemeten (null) bewaard.")


class ContactPatchInput(InputSerializer):
    datum = serializers.DateField(required=False)
    duurMinuten = serializers.IntegerField(min_value=1, max_value=1440, required=False)
    vorm = serializers.ChoiceField(choices=Vorm.choices, required=False)
    inzet = serializers.ChoiceField(choices=Inzet.choices, required=False)
    hulpsoort = serializers.ChoiceField(choices=Hulpsoort.choices, required=False)
    probleemcategorieen = serializers.ListField(child=serializers.CharField(max_length=40), allow_empty=True, required=False)
    notitie = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class KoppelenInput(InputSerializer):
    dossier = serializers.UUIDField()


class AfsluitverzoekInput(InputSerializer):
    toelichting = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class GezinslidInput(InputSerializer):
    jeugdige = serializers.UUIDField()
    datum = serializers.DateField(required=False)


class OverdragenInput(InputSerializer):
    team = serializers.IntegerField()
    regiehouder = serializers.IntegerField(required=False)


class JeugdigeOverdragenInput(InputSerializer):
    team = serializers.IntegerField(help_text="Het team dat de jeugdige overneemt (een ander team dan het eigen).")
