"""Beheer of the reporting app: the JGT budget behind I10 (audited), and a read-only list of requested reports."""

from django.contrib import admin

from jgt_registratie.admin import BeheerderAdmin, ReadOnlyBeheerAdmin, beheer_site
from reporting.models import JgtBudget, Rapportage


@admin.register(JgtBudget, site=beheer_site)
class JgtBudgetAdmin(BeheerderAdmin):
    list_display = ["gemeente", "jaar", "bedrag"]
    list_filter = ["gemeente", "jaar"]
    ordering = ["gemeente", "jaar"]


@admin.register(Rapportage, site=beheer_site)
class RapportageAdmin(ReadOnlyBeheerAdmin):
    """Status rows only: the files are downloaded through the API (audited there), never from the admin."""

    list_display = ["aangemaakt_op", "soort", "periode", "gemeente", "formaat", "status", "voortgang", "pogingen", "aangevraagd_door", "automatisch",
                    "bestand_verwijderd_op", "versie", "definitief", "definitief_op"]
    list_filter = ["soort", "status", "formaat", "gemeente", "definitief"]
    date_hierarchy = "aangemaakt_op"
