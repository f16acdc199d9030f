"""Base API views. Case data is reachable only through `ScopedCaseViewSet`, whose queryset always
comes from a scoped selector: a subclass that defines its own `get_queryset` or `queryset` is refused
at import time, so no endpoint can forget the scope. Failed access is audited."""

from rest_framework import exceptions, permissions, viewsets

from jgt_registratie.audit import Result, audit_record, audit_record_many
from jgt_registratie.errors import InvalidInput


class CaseRolePermission(permissions.BasePermission):
    """Only professionals and teamleiders work with jeugdigen, dossiers and contacten."""

    message = "Uw rol heeft geen toegang tot dossiers, jeugdigen of contacten."

    def has_permission(self, request, view):
        if request.user.works_on_cases:
            return True
        audit_record(user=request.user, action="lezen" if request.method in permissions.SAFE_METHODS else "schrijven",
                     object_type=view.audit_object_type, object_id=view.kwargs.get("pk", ""), result=Result.GEWEIGERD)
        return False


class ScopedCaseViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, CaseRolePermission]
    #: a function user -> QuerySet, from the app's selectors
    selector = None
    #: the model, for schema generation only
    model = None
    audit_object_type = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for forbidden in ("get_queryset", "queryset", "get_object"):
            if forbidden in cls.__dict__:
                raise TypeError(f"{cls.__name__} may not define {forbidden}: case data is read only through `selector`.")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return type(self).selector(self.request.user)

    def get_object(self):
        raise NotImplementedError("Use the app's audited selector (e.g. dossier_get) for a single object.")

    def handle_exception(self, exc):
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            audit_record(user=None, action="lezen" if self.request.method in permissions.SAFE_METHODS else "schrijven",
                         object_type=self.audit_object_type, object_id=self.kwargs.get("pk", ""), result=Result.GEWEIGERD,
                         detail={"reden": "niet_aangemeld"})
        return super().handle_exception(exc)

    def filter_queryset(self, queryset):
        """Refuse unknown query parameters: a misspelt filter must not silently return everything."""
        known = {"page", "pageSize"} | set(getattr(self.filterset_class, "base_filters", {}))
        unknown = sorted(set(self.request.query_params) - known)
        if unknown:
            raise InvalidInput([(name, "onbekende_parameter", f"Onbekende parameter '{name}'. Toegestaan: {', '.join(sorted(known))}.")
                                for name in unknown])
        return super().filter_queryset(queryset)

    def paginate_and_audit(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        audit_record_many(user=self.request.user, action="lezen", object_type=self.audit_object_type, object_ids=[o.pk for o in page])
        return self.get_paginated_response(serializer_class(page, many=True, context=self.get_serializer_context()).data)

