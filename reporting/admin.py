"""Beheer of the reporting app, every change audited: the JGT budget behind I10, and the inputs of the verantwoording
(team FTE per year, the CBS StatLine figures with their CSV import, the beleidskader texts); a read-only list of
requested reports."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from jgt_registratie.admin import BeheerderAdmin, ReadOnlyBeheerAdmin, beheer_site
from jgt_registratie.audit import Action, audit_record
from jgt_registratie.errors import InvalidInput
from reporting import statline
from reporting.models import Beleidskader, JgtBudget, Rapportage, StatlineCijfer, TeamFte
from reporting.services import BELEIDSKADER_MAX_TEKENS, beleidskader_opslaan, beleidskader_te_lang, statline_laden


@admin.register(JgtBudget, site=beheer_site)
class JgtBudgetAdmin(BeheerderAdmin):
    list_display = ["gemeente", "jaar", "bedrag"]
    list_filter = ["gemeente", "jaar"]
    ordering = ["gemeente", "jaar"]


def _tekst(waarde) -> str | None:
    return None if waarde is None else str(getattr(waarde, "pk", waarde))


class FigureAdmin(BeheerderAdmin):
    """BeheerderAdmin for figures (no person data): the audit row also holds every changed field's old and new value."""

    def save_model(self, request, obj, form, change):
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        velden = list(form.changed_data)
        audit_record(user=request.user, action=Action.BEHEER_WIJZIGEN if change else Action.BEHEER_TOEVOEGEN,
                     object_type=obj._meta.model_name, object_id=obj.pk,
                     detail={"velden": velden, "oud": {f: _tekst(form.initial.get(f)) for f in velden} if change else {},
                             "nieuw": {f: _tekst(form.cleaned_data.get(f)) for f in velden}})

    def delete_model(self, request, obj):
        pk, waarden = obj.pk, {f.name: _tekst(getattr(obj, f.attname)) for f in obj._meta.concrete_fields if not f.primary_key}
        admin.ModelAdmin.delete_model(self, request, obj)
        audit_record(user=request.user, action=Action.BEHEER_VERWIJDEREN, object_type=obj._meta.model_name, object_id=pk,
                     detail={"oud": waarden})

    def delete_queryset(self, request, queryset):
        for obj in queryset:  # one audit row per deleted row, with its values
            self.delete_model(request, obj)


@admin.register(TeamFte, site=beheer_site)
class TeamFteAdmin(FigureAdmin):
    """A team's formation per year: the verantwoording spreads it over the team's gemeenten (`reporting.fte`)."""

    list_display = ["team", "jaar", "fte"]
    list_filter = ["jaar", "team"]
    ordering = ["team__naam", "jaar"]


@admin.register(StatlineCijfer, site=beheer_site)
class StatlineCijferAdmin(FigureAdmin):
    """The CBS figures per gemeente and year; usually loaded from a CSV ("CSV laden" above the list), correctable here."""

    list_display = ["gemeente", "jaar", "jeugdigen_wijkteam", "trajecten_zonder_verwijzer", "trajecten_totaal", "geladen_op"]
    list_filter = ["gemeente", "jaar"]
    ordering = ["gemeente", "jaar"]
    readonly_fields = ["geladen_op"]

    def get_urls(self):
        laden = path("laden/", self.admin_site.admin_view(self.laden_view), name="reporting_statlinecijfer_laden")
        return [laden, *super().get_urls()]

    def laden_view(self, request):
        """Upload a StatLine CSV: all its lines are loaded, or none, and every bad line is listed in Dutch."""
        form = StatlineLadenForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
        fouten: list[str] = []
        status = 200
        if request.method == "POST":
            if form.is_valid():
                bestand = form.cleaned_data["bestand"]
                try:
                    resultaat = statline_laden(user=request.user, inhoud=bestand.read(), bestandsnaam=bestand.name)
                except InvalidInput as exc:
                    fouten = [reden for _, _, reden in exc.errors]
                else:
                    self.message_user(request, resultaat.zin(), messages.SUCCESS)
                    return redirect(reverse("beheer:reporting_statlinecijfer_changelist"))
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": "StatLine-cijfers laden uit een CSV-bestand",
            "opts": self.model._meta,
            "form": form,
            "fouten": fouten,
            "kopregel": statline.KOPREGEL,
            "eerste_jaar": statline.eerste_jaar(),
        }
        return TemplateResponse(request, "admin/reporting/statlinecijfer/laden.html", context, status=status)


class StatlineLadenForm(forms.Form):
    bestand = forms.FileField(label="CSV-bestand", help_text="Met ',' of ';' gescheiden, zoals Excel het opslaat.",
                              error_messages={"required": "Kies een CSV-bestand.", "empty": "Het gekozen bestand is leeg."})


class BeleidskaderForm(forms.ModelForm):
    tekst = forms.CharField(label="Tekst", widget=forms.Textarea(attrs={"rows": 8}),
                            help_text=f"Hoogstens {BELEIDSKADER_MAX_TEKENS} tekens. Een tekst leegmaken kan op de pagina "
                                      "Beleidskader van het gemeenteportaal.")

    class Meta:
        model = Beleidskader
        fields = ["gemeente", "onderwerp", "tekst"]

    def clean_tekst(self):
        """The service's own limit and sentence, shown beside the field instead of after the save."""
        tekst = self.cleaned_data["tekst"].replace("\r\n", "\n")
        if len(tekst) > BELEIDSKADER_MAX_TEKENS:
            raise forms.ValidationError(beleidskader_te_lang(len(tekst)), code="te_lang")
        return tekst


@admin.register(Beleidskader, site=beheer_site)
class BeleidskaderAdmin(BeheerderAdmin):
    """The policy texts of every gemeente, saved through `beleidskader_opslaan` (audited with the old and new text), as
    the gemeente's own page in the portal saves them."""

    form = BeleidskaderForm
    list_display = ["gemeente", "onderwerp", "gewijzigd_op", "auteur"]
    list_filter = ["gemeente", "onderwerp"]
    readonly_fields = ["auteur", "gewijzigd_op"]

    def get_readonly_fields(self, request, obj=None):
        # a text belongs to its gemeente and subject: another one is another text
        return [*self.readonly_fields, "gemeente", "onderwerp"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # emptied on the portal page, through the same service (audited there)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Without the admin's own transaction around a save: the service is a durable transaction of its own (and
        audits a refusal after its rollback), so it may not run inside another one."""
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return super().changeform_view(request, object_id, form_url, extra_context)
        return self._changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        opgeslagen = beleidskader_opslaan(user=request.user, gemeente=obj.gemeente, onderwerp=obj.onderwerp, tekst=obj.tekst)
        obj.pk, obj.auteur, obj.gewijzigd_op = opgeslagen.pk, opgeslagen.auteur, opgeslagen.gewijzigd_op
        obj._state.adding = False


@admin.register(Rapportage, site=beheer_site)
class RapportageAdmin(ReadOnlyBeheerAdmin):
    """Status rows only: the files are downloaded through the API (audited there), never from the admin."""

    list_display = ["aangemaakt_op", "soort", "periode", "gemeente", "formaat", "status", "voortgang", "pogingen", "aangevraagd_door", "automatisch",
                    "bestand_verwijderd_op", "versie", "definitief", "definitief_op"]
    list_filter = ["soort", "status", "formaat", "gemeente", "definitief"]
    date_hierarchy = "aangemaakt_op"
