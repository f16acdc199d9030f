"""Forms of the gemeente portal: they render fields and read the input; the services validate and decide."""

from django import forms

from reporting.models import Rapportage
from reporting.services import BELEIDSKADER_MAX_TEKENS, DUIDING_MAX_TEKENS

ALLE_GEMEENTEN = ""


class RapportageAanvraagForm(forms.Form):
    soort = forms.ChoiceField(label="Soort rapportage", choices=Rapportage.Soort.choices)
    periode = forms.CharField(label="Periode", max_length=7, help_text="Bijvoorbeeld 2024, 2024-H1 of 2024-Q3.")
    gemeente = forms.ChoiceField(label="Gemeente", required=False)
    formaat = forms.ChoiceField(label="Formaat", choices=Rapportage.Formaat.choices)

    def __init__(self, *args, gemeenten, mag_alles: bool, soorten: list[str], **kwargs):
        """`gemeenten`, `mag_alles` (may ask for all gemeenten at once) and `soorten` come from the rights table."""
        super().__init__(*args, **kwargs)
        choices = [(g.code, f"{g.naam} ({g.code})") for g in gemeenten]
        if mag_alles:
            choices = [(ALLE_GEMEENTEN, "Alle gemeenten"), *choices]
        self.fields["soort"].choices = [(soort, Rapportage.Soort(soort).label) for soort in soorten]
        self.fields["gemeente"].choices = choices


class DuidingForm(forms.Form):
    tekst = forms.CharField(label="Duiding", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                            help_text=f"Een korte toelichting in woorden bij de cijfers van deze periode (hoogstens {DUIDING_MAX_TEKENS} tekens). "
                                      "Laat leeg om de duiding te verwijderen.")


class BeleidskaderTekstForm(forms.Form):
    tekst = forms.CharField(label="Tekst", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                            help_text=f"Kort en in gewone taal (hoogstens {BELEIDSKADER_MAX_TEKENS} tekens); de verantwoording toont deze "
                                      "tekst met de datum van de laatste wijziging. Laat leeg om de tekst te verwijderen.")
