"""Web forms of the registration. They check shapes (a date is a date); the rules live in the services,
whose errors (`InvalidInput`, API camelCase field names) are put next to the fields by `add_service_errors`."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

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
    Status,
    Verwijzer,
    VerwijzingStatus,
    Vorm,
)
from cases.models import Probleemcategorie, Relatie
from jgt_registratie import rights
from jgt_registratie.errors import InvalidInput
from jgt_registratie.models import Gemeente, Team
from jgt_registratie.rights import Capability

_CLASSES = {
    "radioselect": "utrecht-radio-button utrecht-radio-button--html-input",
    "checkboxselectmultiple": "utrecht-checkbox utrecht-checkbox--html-input",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "select": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "hidden": "",
}


def snake(name: str) -> str:
    """'duurMinuten' -> 'duur_minuten' (service errors use the API's field names)."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


#: what a date field accepts: the Dutch order people type, and ISO (older posts, the tests, a browser's own date field)
DATUM_FORMATEN = ["%d-%m-%Y", "%Y-%m-%d"]


class DatumInput(forms.DateInput):
    """One text field `dd-mm-jjjj` (not the browser's three-part date field, whose parts Tab walks through and whose
    order follows the browser's language). app.js adds a calendar button outside the Tab order and the word "vandaag"
    when the value is today's date (`data-vandaag`)."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "pattern": r"\d{1,2}-\d{1,2}-\d{4}", "placeholder": "dd-mm-jjjj",
                "autocomplete": "off", "size": "10", "maxlength": "10", "data-datum": ""}
        super().__init__({**base, **(attrs or {})}, format="%d-%m-%Y")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-vandaag"] = timezone.localdate().strftime("%d-%m-%Y")
        return context


DateInput = DatumInput  # the name the forms used before


class DatumField(forms.DateField):
    """A date typed as dd-mm-jjjj (or jjjj-mm-dd), with a Dutch message for anything else."""

    widget = DatumInput
    input_formats = DATUM_FORMATEN
    default_error_messages = {"invalid": "Vul een bestaande datum in als dd-mm-jjjj, bijvoorbeeld 29-11-2026."}


class UtrechtForm(forms.Form):
    """Utrecht CSS classes on every widget, and the Utrecht invalid class on a field with an error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            kind = field.widget.__class__.__name__.lower()
            css = _CLASSES.get(kind, "utrecht-textbox utrecht-textbox--html-input")
            if css:
                field.widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()
        self._mark()

    def add_error(self, field, error):
        super().add_error(field, error)
        self._mark()

    def _mark(self):
        """Django itself sets aria-invalid and aria-describedby (`<id>_helptext`, `<id>_error`); add the Utrecht invalid class."""
        if not hasattr(self, "cleaned_data"):
            return
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                for base in ("utrecht-textbox", "utrecht-select", "utrecht-textarea"):
                    if base in attrs.get("class", "") and f"{base}--invalid" not in attrs["class"]:
                        attrs["class"] += f" {base}--invalid"

    def add_service_errors(self, exc: InvalidInput) -> None:
        for field, _code, reason in exc.errors:
            name = snake(field)
            self.add_error(name if name in self.fields else None, reason)

    def error_list(self):
        """(anchor id, label, message) for the error summary at the top of the page."""
        items = [("", "", message) for message in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            bound = self[name]
            anchor = bound.id_for_label or bound.auto_id
            if bound.field.widget.__class__.__name__ in ("RadioSelect", "CheckboxSelectMultiple"):
                anchor = f"{bound.auto_id}_0"
            items += [(anchor, bound.label, message) for message in errors]
        return items


def _active_categories():
    return Probleemcategorie.objects.filter(actief=True).order_by("naam")


class CategoryField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.naam


def _team_field(user, form):
    field = form.fields["team"]
    field.queryset = rights.teams_of(user).order_by("naam")
    teams = list(field.queryset)
    if len(teams) == 1:
        field.widget = forms.HiddenInput()
        field.initial = teams[0].pk
        form.single_team = teams[0]
    else:
        form.single_team = None


def _colleagues(user):
    return get_user_model().objects.filter(teams__in=rights.teams_of(user).values("pk"), role__in=rights.roles_with(Capability.CASE_WORK),
                                           is_active=True).distinct().order_by("first_name", "last_name", "username")


class ColleagueField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ContactForm(UtrechtForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Team", empty_label=None)
    datum = DatumField(label="Datum")
    duur_minuten = forms.IntegerField(label="Duur (minuten)", min_value=1, max_value=1440,
                                      widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    vorm = forms.ChoiceField(label="Vorm", choices=Vorm.choices, widget=forms.RadioSelect)
    inzet = forms.ChoiceField(label="Inzet", choices=Inzet.choices, initial=Inzet.HULP, widget=forms.RadioSelect,
                              help_text="Wat deed u? Alleen hulp telt als jeugdhulp; advies, toegang en regie zijn ander werk van het team.")
    hulpsoort = forms.ChoiceField(label="Hulpsoort", choices=Hulpsoort.choices, widget=forms.RadioSelect)
    probleemcategorieen = CategoryField(queryset=Probleemcategorie.objects.none(), label="Probleemcategorieën", required=False,
                                        widget=forms.CheckboxSelectMultiple, to_field_name="code")
    dossier = forms.CharField(label="Dossier (optioneel)", required=False, max_length=36,
                              help_text="Typ een dossiernummer, BSN, postcode of geboortedatum en kies uit de lijst. "
                                        "Leeg laten voor een contact zonder dossier.",
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    gemeente = forms.ModelChoiceField(queryset=Gemeente.objects.order_by("naam"), label="Gemeente", required=False,
                                      empty_label="Kies een gemeente", to_field_name="code")
    leeftijdsklasse = forms.ChoiceField(label="Leeftijdsklasse", required=False,
                                        choices=[("", "Kies een leeftijdsklasse"), *Leeftijdsklasse.choices])
    notitie = forms.CharField(label="Notitie (alleen bij een contact met dossier)", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    registratieduur_seconden = forms.CharField(required=False, widget=forms.HiddenInput)
    geopend = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _team_field(user, self)
        self.fields["probleemcategorieen"].queryset = _active_categories()
        self.fields["gemeente"].label_from_instance = lambda g: g.naam
        self.fields["dossier"].widget.attrs.update({
            "role": "combobox", "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": "dossier-opties",
            "data-zoek-url": reverse("cases:dossier-zoeken"),
        })
        if not self.is_bound:
            # Focus starts on what changes from one conversation to the next (which family), not on the date, which
            # is today's nearly always: in the date the keys meant for the next fields changed the day unnoticed.
            self.fields["dossier"].widget.attrs["autofocus"] = True

    def clean(self):
        data = super().clean()
        # Every missing field in one round: when field errors already keep the service from being called, report
        # here what the service would also say (with its words); otherwise the service reports it with its other rules.
        if self.errors and not data.get("dossier") and "dossier" not in self.errors:
            if not data.get("gemeente") and "gemeente" not in self.errors:
                self.add_error("gemeente", "Kies de gemeente van een contact zonder dossier.")
            if not data.get("leeftijdsklasse") and "leeftijdsklasse" not in self.errors:
                self.add_error("leeftijdsklasse", "Kies de leeftijdsklasse van een contact zonder dossier.")
        return data


class DossierFilterForm(UtrechtForm):
    q = forms.CharField(label="Zoeken", required=False, help_text="Naam, dossiernummer, BSN, postcode of geboortedatum (dd-mm-jjjj).")
    team = forms.ChoiceField(label="Team", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    hulpsoort = forms.ChoiceField(label="Hulpsoort", required=False, choices=[("", "Alle hulpsoorten"), *Hulpsoort.choices])
    categorie = forms.ChoiceField(label="Probleemcategorie", required=False)
    regiehouder = forms.ChoiceField(label="Regiehouder", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        teams = list(rights.teams_of(user).order_by("naam").values_list("pk", "naam"))
        self.fields["team"].choices = [("", "Al mijn teams"), *((str(pk), naam) for pk, naam in teams)]
        self.several_teams = len(teams) > 1  # the field is shown only then
        self.fields["status"].choices = [("", "Alle open dossiers"), *Status.choices, ("alle", "Alle, ook afgesloten")]
        self.fields["categorie"].choices = [("", "Alle categorieën"), *((c.code, c.naam) for c in Probleemcategorie.objects.order_by("naam"))]
        self.fields["regiehouder"].choices = [("", "Iedereen"), *((str(u.pk), str(u)) for u in _colleagues(user))]


#: the web form's choice of what is known of the birth date: the precisions, and "not born yet"
ONGEBOREN = "ongeboren"
GEBOORTEDATUM_KEUZES = [
    (GeboortedatumPrecisie.DAG, "Geboortedatum bekend"),
    (GeboortedatumPrecisie.MAAND, "Dag onbekend"),
    (GeboortedatumPrecisie.JAAR, "Dag en maand onbekend"),
    (ONGEBOREN, "Nog niet geboren (verwachte geboortedatum)"),
]


class _NaamVelden(forms.Form):
    """The name as the web forms ask it: voornamen and achternaam required (the API keeps them optional)."""

    voornamen = forms.CharField(label="Voornamen of roepnaam", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"}),
                                error_messages={"required": "Vul de voornaam (of roepnaam) in."})
    tussenvoegsel = forms.CharField(label="Tussenvoegsel (optioneel)", required=False, max_length=30,
                                    help_text="Bijvoorbeeld: de, van, van der.", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    achternaam = forms.CharField(label="Achternaam", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"}),
                                 error_messages={"required": "Vul de achternaam in."})


class JeugdigeForm(_NaamVelden, UtrechtForm):
    bsn = forms.CharField(label="BSN (optioneel)", required=False, max_length=11,
                          help_text="9 cijfers; wordt gecontroleerd met de elfproef.",
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    geboortedatum_precisie = forms.ChoiceField(label="Wat is bekend van de geboortedatum?", choices=GEBOORTEDATUM_KEUZES,
                                               initial=GeboortedatumPrecisie.DAG, widget=forms.RadioSelect)
    geboortedatum = DatumField(label="Geboortedatum", required=False,
                               help_text="Is de dag onbekend, vul dan de 1e van de maand in; is ook de maand onbekend, "
                                         "dan 1 januari van het geboortejaar.")
    verwachte_geboortedatum = DatumField(label="Verwachte geboortedatum", required=False,
                                         help_text="Alleen bij een kind dat nog niet geboren is.")
    geslacht = forms.ChoiceField(label="Geslacht", choices=Geslacht.choices, widget=forms.RadioSelect)
    postcode = forms.CharField(label="Postcode (optioneel)", required=False, max_length=7, help_text="Bijvoorbeeld 2311AB.",
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    gemeente = forms.ModelChoiceField(queryset=Gemeente.objects.order_by("naam"), label="Gemeente (woonplaats)",
                                      empty_label="Kies een gemeente", to_field_name="code")
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Team", empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and "geboortedatum_precisie" not in self.data:
            # a form without the choice (as before it existed, or without script) means: the whole date is known
            self.data = self.data.copy()
            self.data["geboortedatum_precisie"] = GeboortedatumPrecisie.DAG
        _team_field(user, self)
        self.fields["gemeente"].label_from_instance = lambda g: g.naam

    def clean_bsn(self):
        """People type a BSN with spaces or dots (123 456 789, 123.456.789); the service checks the 9 digits."""
        return self.cleaned_data["bsn"].replace(" ", "").replace(".", "")

    def clean(self):
        """Only the date that fits the choice counts (the other may still hold what was typed before switching);
        the missing one is named next to its own field."""
        data = super().clean()
        if data.get("geboortedatum_precisie") == ONGEBOREN:
            data["geboortedatum"] = None
            if data.get("verwachte_geboortedatum") is None and "verwachte_geboortedatum" not in self.errors:
                self.add_error("verwachte_geboortedatum", "Vul de verwachte geboortedatum in.")
        elif data.get("geboortedatum_precisie"):
            data["verwachte_geboortedatum"] = None
            if data.get("geboortedatum") is None and "geboortedatum" not in self.errors:
                self.add_error("geboortedatum", "De geboortedatum is verplicht.")
        return data

    def service_fields(self) -> dict:
        """The birth-date arguments of `services.jeugdige_register` from the cleaned form."""
        data = self.cleaned_data
        ongeboren = data["geboortedatum_precisie"] == ONGEBOREN
        return {
            "geboortedatum": None if ongeboren else data["geboortedatum"],
            "geboortedatum_precisie": GeboortedatumPrecisie.DAG if ongeboren else data["geboortedatum_precisie"],
            "verwachte_geboortedatum": data["verwachte_geboortedatum"] if ongeboren else None,
        }


class JeugdigeWijzigenForm(_NaamVelden, UtrechtForm):
    """"Gegevens wijzigen" on the jeugdige page: name, BSN, birth date and geslacht (`services.jeugdige_update`)."""

    bsn = forms.CharField(label="BSN (optioneel)", required=False, max_length=11, help_text="9 cijfers; leeg: geen BSN.",
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    geboortedatum_precisie = forms.ChoiceField(label="Wat is bekend van de geboortedatum?", choices=GEBOORTEDATUM_KEUZES,
                                               widget=forms.RadioSelect)
    geboortedatum = forms.DateField(label="Geboortedatum", required=False, widget=DateInput())
    verwachte_geboortedatum = forms.DateField(label="Verwachte geboortedatum", required=False, widget=DateInput(),
                                              help_text="Alleen bij een kind dat nog niet geboren is.")
    geslacht = forms.ChoiceField(label="Geslacht", choices=Geslacht.choices, widget=forms.RadioSelect)

    @classmethod
    def initial_of(cls, jeugdige) -> dict:
        return {"voornamen": jeugdige.voornamen, "tussenvoegsel": jeugdige.tussenvoegsel, "achternaam": jeugdige.achternaam,
                "bsn": jeugdige.bsn or "", "geslacht": jeugdige.geslacht, "geboortedatum": jeugdige.geboortedatum,
                "verwachte_geboortedatum": jeugdige.verwachte_geboortedatum,
                "geboortedatum_precisie": ONGEBOREN if jeugdige.ongeboren else jeugdige.geboortedatum_precisie}

    def clean_bsn(self):
        return self.cleaned_data["bsn"].replace(" ", "").replace(".", "")

    def service_fields(self) -> dict:
        """The arguments of `services.jeugdige_update`: every field of the form (the service audits only what changed)."""
        data = self.cleaned_data
        ongeboren = data["geboortedatum_precisie"] == ONGEBOREN
        return {
            "voornamen": data["voornamen"], "tussenvoegsel": data["tussenvoegsel"], "achternaam": data["achternaam"],
            "bsn": data["bsn"] or None, "geslacht": data["geslacht"],
            "geboortedatum": None if ongeboren else data["geboortedatum"],
            "geboortedatum_precisie": GeboortedatumPrecisie.DAG if ongeboren else data["geboortedatum_precisie"],
            "verwachte_geboortedatum": data["verwachte_geboortedatum"] if ongeboren else None,
        }


class BetrokkeneForm(UtrechtForm):
    """A betrokkene of a dossier (`services.betrokkene_add`, `betrokkene_update`)."""

    naam = forms.CharField(label="Naam", max_length=200, error_messages={"required": "Vul de naam in."},
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    relatie = forms.ChoiceField(label="Relatie", choices=Relatie.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Kies de relatie."})
    telefoon = forms.CharField(label="Telefoon (optioneel)", required=False, max_length=30,
                               widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    email = forms.CharField(label="E-mail (optioneel)", required=False, max_length=254,
                            widget=forms.TextInput(attrs={"inputmode": "email", "autocomplete": "off"}))


class VerhuizingForm(UtrechtForm):
    """A move: the new address from a date (`services.adres_register`)."""

    postcode = forms.CharField(label="Nieuwe postcode (optioneel)", required=False, max_length=7, help_text="Bijvoorbeeld 2351AB.",
                               widget=forms.TextInput(attrs={"autocomplete": "off"}))
    gemeente = forms.ModelChoiceField(queryset=Gemeente.objects.order_by("naam"), label="Gemeente (woonplaats)",
                                      empty_label="Kies een gemeente", to_field_name="code")
    geldig_vanaf = DatumField(label="Per datum",
                              help_text="De dag waarop de jeugdige op het nieuwe adres woont. Niet in de toekomst.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].label_from_instance = lambda g: g.naam


class DossierForm(UtrechtForm):

    jeugdigen = forms.CharField(label="Jeugdigen", max_length=400,
                                help_text="Jeugdigenummer(s) of BSN, gescheiden door komma's. Nog niet geregistreerd? "
                                          "Registreer eerst een nieuwe jeugdige.")
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Team", empty_label=None)
    aanmelddatum = DatumField(label="Aanmelddatum")
    aanmelder = forms.ChoiceField(label="Aanmelder", choices=[("", "Kies wie aanmeldde"), *Aanmelder.choices])
    hulpsoort = forms.ChoiceField(label="Hulpsoort", choices=Hulpsoort.choices, widget=forms.RadioSelect)
    probleemcategorieen = CategoryField(queryset=Probleemcategorie.objects.none(), label="Probleemcategorieën",
                                        widget=forms.CheckboxSelectMultiple, to_field_name="code")
    gestart_met_crisis = forms.BooleanField(label="Gestart met crisis", required=False)
    verwijzer = forms.ChoiceField(label="Verwijzer", choices=Verwijzer.choices, initial=Verwijzer.GEEN_VERWIJZER)
    regiehouder = ColleagueField(queryset=get_user_model().objects.none(), label="Regiehouder", empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _team_field(user, self)
        self.fields["probleemcategorieen"].queryset = _active_categories()
        self.fields["regiehouder"].queryset = _colleagues(user)
        self.fields["probleemcategorieen"].error_messages["required"] = "Kies ten minste één probleemcategorie."


class DossierUpdateForm(UtrechtForm):

    hulpsoort = forms.ChoiceField(label="Hulpsoort", choices=Hulpsoort.choices, widget=forms.RadioSelect)
    probleemcategorieen = CategoryField(queryset=Probleemcategorie.objects.none(), label="Probleemcategorieën",
                                        widget=forms.CheckboxSelectMultiple, to_field_name="code")
    gestart_met_crisis = forms.BooleanField(label="Gestart met crisis", required=False)
    regiehouder = ColleagueField(queryset=get_user_model().objects.none(), label="Regiehouder", empty_label=None)

    def __init__(self, *args, user, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        # the dossier's own categories stay visible (and keepable) after they were deactivated, or saving would drop them unseen
        current = [c.pk for c in dossier.probleemcategorieen.all()]
        self.fields["probleemcategorieen"].queryset = Probleemcategorie.objects.filter(Q(actief=True) | Q(pk__in=current)).order_by("naam")
        self.fields["regiehouder"].queryset = _colleagues(user).filter(teams=dossier.team_id)
        self.fields["probleemcategorieen"].error_messages["required"] = "Kies ten minste één probleemcategorie."


class ActiverenForm(UtrechtForm):
    datum = DatumField(label="Datum activeren", required=False)


class EindeHulpForm(UtrechtForm):
    """The questions asked when help ends, at closure and at waakvlam (DOMAIN.md section 4): reden beëindiging and outcome."""

    reden_beeindiging = forms.ChoiceField(label="Reden beëindiging", choices=[("", "Kies een reden"), *RedenBeeindiging.choices])
    doelen_bereikt = forms.ChoiceField(label="Doelen bereikt", choices=DoelenBereikt.choices, widget=forms.RadioSelect)
    tevredenheid = forms.TypedChoiceField(label="Tevredenheid van de cliënt", required=False, coerce=int, empty_value=None,
                                          choices=[("", "Niet gevraagd"), *((str(i), str(i)) for i in range(1, 6))])
    zonder_hulp_verder = forms.ChoiceField(label="Zonder hulp verder", choices=JaNeeOnbekend.choices, widget=forms.RadioSelect)


class WaakvlamForm(EindeHulpForm):
    """Waakvlam ends the help: the closure's questions follow the dates (reden 01 and outcome onbekend until changed)."""

    datum = DatumField(label="Datum waakvlam", required=False)
    evaluatiedatum = DatumField(label="Evaluatiedatum",
                                help_text="Na de datum van de waakvlam en hoogstens 6 maanden later.")

    field_order = ["datum", "evaluatiedatum", "reden_beeindiging", "doelen_bereikt", "tevredenheid", "zonder_hulp_verder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reden_beeindiging"].initial = RedenBeeindiging.VOLGENS_PLAN
        self.fields["doelen_bereikt"].initial = DoelenBereikt.ONBEKEND
        self.fields["zonder_hulp_verder"].initial = JaNeeOnbekend.ONBEKEND


class AfsluitenForm(EindeHulpForm):
    einddatum = DatumField(label="Einddatum")

    field_order = ["einddatum", "reden_beeindiging", "doelen_bereikt", "tevredenheid", "zonder_hulp_verder"]


class HeropenenForm(UtrechtForm):
    datum = DatumField(label="Datum heropenen")


class DoorverwijzingForm(UtrechtForm):
    datum = DatumField(label="Datum doorverwijzing")
    soort = forms.ChoiceField(label="Soort doorverwijzing", choices=[("", "Kies een soort"), *SoortDoorverwijzing.choices])
    overbrugging = forms.BooleanField(label="Ons team overbrugt de wachttijd", required=False,
                                      help_text="Aanvinken als het team hulp blijft geven tot de hulp elders begint.")


class DoorverwijzingUitkomstForm(UtrechtForm):
    """"Uitkomst bijwerken" of a referral (issue 12): its status on a date, a reason, overbrugging
    (`services.doorverwijzing_update`)."""

    status = forms.ChoiceField(label="Status", choices=VerwijzingStatus.choices, widget=forms.RadioSelect)
    datum = DatumField(label="Datum van deze status",
                       help_text="Bijvoorbeeld de dag dat de hulp elders begon, of dat de afwijzing kwam. Niet vóór de doorverwijzing. "
                                 "Bij verwezen: de datum van de doorverwijzing zelf (de wachttijd telt vanaf die dag).")
    reden = forms.CharField(label="Reden", required=False, max_length=200,
                            help_text="Verplicht bij afgewezen en niet gestart. Noem geen namen.")
    overbrugging = forms.BooleanField(label="Ons team overbrugt de wachttijd", required=False)

    @classmethod
    def initial_of(cls, verwijzing) -> dict:
        return {"status": verwijzing.status, "datum": verwijzing.status_sinds, "reden": verwijzing.reden,
                "overbrugging": verwijzing.overbrugging}


class VernietigenForm(UtrechtForm):
    """Erasure on request (Jeugdwet art. 7.3.9), by functioneel beheer: which jeugdige, why, and (second step) the
    confirmation. The service checks the reason; this form only reads the fields."""

    nummer = forms.CharField(label="BSN of nummer van de jeugdige", max_length=40,
                             help_text="Het BSN (9 cijfers) of het nummer van de jeugdige (de eerste 8 tekens, zoals het team het ziet).")
    reden = forms.CharField(label="Reden", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="Het verzoek: van wie (de jeugdige vanaf 12 jaar, of de ouders), de datum en het kenmerk. Noem geen namen.")
    bevestigd = forms.BooleanField(label="Ik heb gecontroleerd dat dit de juiste jeugdige is. Vernietig de gegevens definitief.", required=False)
    jeugdige = forms.UUIDField(required=False, widget=forms.HiddenInput)


# --- corrections, families, hand-over (issue 11) --------------------------------------------------------------------


class ContactCorrectieForm(UtrechtForm):
    """"Wijzigen" of a contact: its own values, corrected (`services.contact_update`)."""

    datum = forms.DateField(label="Datum", widget=DateInput())
    duur_minuten = forms.IntegerField(label="Duur (minuten)", min_value=1, max_value=1440,
                                      widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    vorm = forms.ChoiceField(label="Vorm", choices=Vorm.choices, widget=forms.RadioSelect)
    inzet = forms.ChoiceField(label="Inzet", choices=Inzet.choices, widget=forms.RadioSelect)
    hulpsoort = forms.ChoiceField(label="Hulpsoort", choices=Hulpsoort.choices, widget=forms.RadioSelect)
    probleemcategorieen = CategoryField(queryset=Probleemcategorie.objects.none(), label="Probleemcategorieën", required=False,
                                        widget=forms.CheckboxSelectMultiple, to_field_name="code")
    notitie = forms.CharField(label="Notitie (alleen bij een contact met dossier)", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, contact, **kwargs):
        super().__init__(*args, **kwargs)
        # the contact's own categories stay choosable, also one no longer active (the service keeps what is unchanged)
        own = [c.code for c in contact.probleemcategorieen.all()]
        self.fields["probleemcategorieen"].queryset = Probleemcategorie.objects.filter(Q(actief=True) | Q(code__in=own)).order_by("naam")
        if contact.dossier_id is None:
            del self.fields["notitie"]


class KoppelenForm(UtrechtForm):
    dossier = forms.CharField(label="Dossiernummer", max_length=36,
                              help_text="Het nummer van 8 tekens van een dossier van uw team, zoals op de dossierpagina.",
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))


class GezinslidForm(UtrechtForm):
    jeugdige = forms.CharField(label="Jeugdige", max_length=64,
                               help_text="Jeugdigenummer (8 tekens) of BSN van een jeugdige van uw team.",
                               widget=forms.TextInput(attrs={"autocomplete": "off"}))
    datum = forms.DateField(label="Hoort bij het dossier vanaf", required=False, widget=DateInput(),
                            help_text="Leeg: vandaag. Loopt er hulp, dan telt die voor dit kind vanaf deze datum.")


class OverdragenForm(UtrechtForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Naar team", empty_label="Kies een team")
    bevestigd = forms.BooleanField(label="Ik begrijp dat ons team dit dossier daarna niet meer ziet", required=True,
                                   error_messages={"required": "Bevestig dat het dossier naar het andere team gaat."})

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(actief=True).exclude(pk=dossier.team_id).order_by("naam")
        self.fields["team"].label_from_instance = lambda t: t.naam


class JeugdigeOverdragenForm(UtrechtForm):
    """"Overdragen aan ander team" of a jeugdige without dossier (teamleider): the team, and a confirmation."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Naar team", empty_label="Kies een team")
    bevestigd = forms.BooleanField(label="Ik begrijp dat ons team deze jeugdige daarna niet meer ziet", required=True,
                                   error_messages={"required": "Bevestig dat de jeugdige naar het andere team gaat."})

    def __init__(self, *args, jeugdige, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(actief=True).exclude(pk=jeugdige.team_id).order_by("naam")
        self.fields["team"].label_from_instance = lambda t: t.naam


class AfsluitverzoekForm(UtrechtForm):
    toelichting = forms.CharField(label="Toelichting (optioneel)", required=False, max_length=1000,
                                  help_text="Waarom kan het dossier dicht? De teamleider leest dit bij het verzoek.",
                                  widget=forms.Textarea(attrs={"rows": 3}))
