"""Django admin for the beheerder: organisation, users and (in cases/admin.py) categories.

Only users with role `beheerder` enter it. Case data (jeugdigen, dossiers, contacten) is not here:
a beheerder never reads dossier contents. Every change made here is written to the audit log.
"""

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.views.i18n import JavaScriptCatalog

from jgt_registratie import lockout, rights, second_factor, tokens, wijken
from jgt_registratie.api.authentication import token_expired, token_expires_at
from jgt_registratie.audit import audit_record
from jgt_registratie.errors import DomainError
from jgt_registratie.models import AuditLog, Gemeente, Postcodebereik, Role, Team, User, Wijk


class BeheerSite(admin.AdminSite):
    site_header = "jgt-registratie beheer"
    site_title = "jgt-registratie beheer"
    index_title = "Functioneel beheer"

    def has_permission(self, request):
        return rights.can(request.user, rights.Capability.BEHEER)

    def i18n_javascript(self, request, extra_context=None):
        """The admin's JavaScript texts in Dutch: Django's own catalog, completed by ours (jgt_registratie/locale) with
        what Django 5.2 has no Dutch for yet, such as "Choose all teams" in the selector of teams and gemeenten."""
        return JavaScriptCatalog.as_view(packages=["django.contrib.admin", "jgt_registratie"])(request)


beheer_site = BeheerSite(name="beheer")


class BeheerderAdmin(admin.ModelAdmin):
    """All rights for the beheerder (the site lets no one else in); every write audited."""

    def has_module_permission(self, request):
        return beheer_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return beheer_site.has_permission(request)

    has_add_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return beheer_site.has_permission(request)

    def has_delete_permission(self, request, obj=None):
        return beheer_site.has_permission(request)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        fields = [f for f in form.changed_data if "password" not in f]
        audit_record(user=request.user, action="beheer_wijzigen" if change else "beheer_toevoegen",
                     object_type=obj._meta.model_name, object_id=obj.pk, detail={"velden": fields})

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        audit_record(user=request.user, action="beheer_verwijderen", object_type=obj._meta.model_name, object_id=pk)

    def save_formset(self, request, form, formset, change):
        """Rows edited inline (a wijk's postcode ranges) are beheer changes too: one audit row per row added, changed or
        deleted, with its values (no person data lives in an inline here)."""
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_record(user=request.user, action="beheer_toevoegen", object_type=obj._meta.model_name, object_id=obj.pk,
                         detail={"ouder": str(form.instance.pk), "waarde": str(obj)})
        for obj, fields in formset.changed_objects:
            audit_record(user=request.user, action="beheer_wijzigen", object_type=obj._meta.model_name, object_id=obj.pk,
                         detail={"ouder": str(form.instance.pk), "velden": list(fields), "waarde": str(obj)})
        for obj in formset.deleted_objects:
            audit_record(user=request.user, action="beheer_verwijderen", object_type=obj._meta.model_name,
                         object_id=formset.deleted_pks.get(id(obj), ""), detail={"ouder": str(form.instance.pk), "waarde": str(obj)})


@admin.register(Gemeente, site=beheer_site)
class GemeenteAdmin(BeheerderAdmin):
    list_display = ["code", "naam"]
    search_fields = ["code", "naam"]


class PostcodebereikFormSet(BaseInlineFormSet):
    """Each range is checked on its own by `Postcodebereik.clean` against the stored ones; this adds the check between the
    rows of the form itself (two new rows that overlap), so the database's exclusion constraint is never what refuses, not
even when two beheerders save at the same moment (`wijken.vergrendel`). The admin's change view runs validation and
saving in one transaction, which holds the lock until the save commits."""

    def save_existing_objects(self, commit=True):
        # Django forgets the pk of a deleted row; the audit row needs it
        self.deleted_pks = {id(form.instance): form.instance.pk for form in self.initial_forms if self._should_delete_form(form)}
        return super().save_existing_objects(commit)

    def clean(self):
        super().clean()
        forms = [f for f in self.forms if f.is_valid() and f.cleaned_data and not self._should_delete_form(f)
                 and f.cleaned_data.get("van") and f.cleaned_data.get("tot")]
        nieuw = [wijken.Bereik(f.instance.van, f.instance.tot, self.instance.pk) for f in forms]
        vervangen = [f.instance.pk for f in self.forms if f.instance.pk]
        wijken.vergrendel()  # a concurrent save of ranges commits first, so its rows are among the existing ones
        for i, message in wijken.overlap_errors(nieuw, wijken.bestaande_bereiken(exclude_ids=vervangen)):
            forms[i].add_error("van", message)
        if any(f.errors for f in forms):
            raise ValidationError("Verbeter de postcodebereiken hieronder.")


class PostcodebereikInline(admin.TabularInline):
    model = Postcodebereik
    formset = PostcodebereikFormSet
    extra = 1
    verbose_name = "postcodebereik"
    verbose_name_plural = ("postcodebereiken (pc4 zoals 2311 t/m 2315; een pc4 die over wijken verdeeld is in pc6-bereiken "
                           "zoals 2312AA t/m 2312KZ: een pc6-bereik gaat voor een pc4-bereik)")

    def has_view_permission(self, request, obj=None):
        return beheer_site.has_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Wijk, site=beheer_site)
class WijkAdmin(BeheerderAdmin):
    list_display = ["code", "naam", "gemeente", "postcodes"]
    list_filter = ["gemeente"]
    search_fields = ["code", "naam", "postcodebereiken__van"]
    inlines = [PostcodebereikInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("postcodebereiken")

    @admin.display(description="postcodes")
    def postcodes(self, obj):
        return ", ".join(str(b) for b in obj.postcodebereiken.all()) or "geen"


@admin.register(Team, site=beheer_site)
class TeamAdmin(BeheerderAdmin):
    list_display = ["naam", "fte", "actief"]
    list_filter = ["actief", "gemeenten"]
    filter_horizontal = ["gemeenten", "wijken"]
    search_fields = ["naam"]


class RoleScopeMixin:
    """A professional or teamleider belongs to a team; a gemeente user to a gemeente."""

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in rights.roles_with(rights.Capability.CASE_WORK) and not cleaned.get("teams"):
            self.add_error("teams", "Een professional of teamleider hoort bij ten minste één team.")
        if role == Role.GEMEENTE and not cleaned.get("gemeenten"):
            self.add_error("gemeenten", "Een gemeentegebruiker hoort bij ten minste één gemeente.")
        return cleaned


class UserChangeForm(RoleScopeMixin, DjangoUserChangeForm):
    """The password is shown as a read-only hash with a link to change it (never a plain field)."""

    class Meta(DjangoUserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserCreationForm(RoleScopeMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "role", "teams", "gemeenten"]


@admin.register(User, site=beheer_site)
class UserAdmin(BeheerderAdmin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["username", "first_name", "last_name", "role", "is_active", "tweede_factor", "api_token"]
    list_filter = ["role", "is_active", "teams"]
    filter_horizontal = ["teams", "gemeenten"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Persoon", {"fields": ["first_name", "last_name", "email"]}),
        ("Rol en bereik", {"fields": ["role", "teams", "gemeenten", "is_active"]}),
        ("Inloggen", {"fields": ["tweede_factor", "api_token"],
                      "description": "Terugzetten, intrekken of deblokkeren: kies de gebruiker in de lijst en de actie "
                                     "'Tweede factor terugzetten', 'API-token intrekken' of 'Inlogblokkade opheffen'."}),
        ("Momenten", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "usable_password", "password1", "password2", "role", "teams", "gemeenten"]})]
    readonly_fields = ["last_login", "date_joined", "tweede_factor", "api_token"]
    actions = ["tweede_factor_terugzetten", "api_token_intrekken", "inlogblokkade_opheffen"]
    list_select_related = ["auth_token"]

    @admin.display(description="tweede factor")
    def tweede_factor(self, obj):
        if obj.pk is None:
            return "-"
        if second_factor.has_app(obj):
            return f"ingesteld ({second_factor.recovery_codes_left(obj)} herstelcodes over)"
        return "niet ingesteld" + (" (verplicht: wordt bij het inloggen gevraagd)" if rights.second_factor_required(obj) else "")

    @admin.display(description="API-token")
    def api_token(self, obj):
        token = getattr(obj, "auth_token", None) if obj.pk else None
        if token is None:
            return "geen"
        moment = timezone.localtime(token_expires_at(token))
        return f"verlopen op {moment:%d-%m-%Y}" if token_expired(token) else f"geldig tot {moment:%d-%m-%Y}"

    def _per_user(self, request, queryset, service, done: str):
        count = 0
        for target in queryset:
            try:
                service(user=request.user, target=target)
                count += 1
            except DomainError as exc:
                self.message_user(request, f"{target.username}: {exc.detail}", messages.WARNING)
        if count:
            self.message_user(request, done.format(count=count), messages.SUCCESS)

    @admin.action(description="Tweede factor terugzetten (bij het volgende inloggen opnieuw instellen)")
    def tweede_factor_terugzetten(self, request, queryset):
        self._per_user(request, queryset, second_factor.reset_second_factor, "Tweede factor teruggezet voor {count} gebruiker(s).")

    @admin.action(description="Inlogblokkade opheffen (na te veel verkeerde wachtwoorden)")
    def inlogblokkade_opheffen(self, request, queryset):
        self._per_user(request, queryset, lockout.lift_lockout, "Inlogblokkade opgeheven voor {count} gebruiker(s).")

    @admin.action(description="API-token intrekken")
    def api_token_intrekken(self, request, queryset):
        self._per_user(request, queryset, tokens.revoke_token, "API-token ingetrokken voor {count} gebruiker(s).")

    def save_model(self, request, obj, form, change):
        obj.is_staff = obj.role in rights.roles_with(rights.Capability.BEHEER)  # the admin login checks is_staff
        super().save_model(request, obj, form, change)


class ReadOnlyBeheerAdmin(admin.ModelAdmin):
    """A list the beheerder reads but never changes here (the audit log, the report status rows)."""

    def has_module_permission(self, request):
        return beheer_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return beheer_site.has_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog, site=beheer_site)
class AuditLogAdmin(ReadOnlyBeheerAdmin):
    list_display = ["moment", "username", "role", "action", "object_type", "object_id", "client_address", "result"]
    list_filter = ["result", "action", "object_type", "role"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "moment"


def _dutch_link_models() -> None:
    """Name the link rows of the many-to-many fields (a user's teams, a team's gemeenten) in Dutch: Django calls them
    "User-team relationship" with "User_teams object (1)" in the list of what a deletion removes.

    Only the names on screen change: these models are Django's own automatic link tables (no migration state)."""
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.auto_created or meta.app_label not in ("jgt_registratie", "cases", "reporting"):
            continue
        bron, doel = (f for f in meta.fields if f.is_relation)
        naam = f"{bron.related_model._meta.verbose_name}-{doel.related_model._meta.verbose_name}"
        meta.verbose_name, meta.verbose_name_plural = f"koppeling {naam}", f"koppelingen {naam}"
        model.__str__ = lambda self, bron=bron.name, doel=doel.name: f"{getattr(self, bron)} – {getattr(self, doel)}"


_dutch_link_models()
