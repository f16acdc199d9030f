from django.contrib import admin

from cases.models import Probleemcategorie
from jgt_registratie.admin import BeheerderAdmin, beheer_site


@admin.register(Probleemcategorie, site=beheer_site)
class ProbleemcategorieAdmin(BeheerderAdmin):
    list_display = ["code", "naam", "actief"]
    list_filter = ["actief"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []  # codes stay stable, names can change

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: contacts keep their codes
