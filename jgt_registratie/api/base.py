"""Base API views. Every endpoint that reads person data or reports stands on `ScopedViewSet`:

- its `capability` (from the rights table, `jgt_registratie.rights`) is checked by one permission
  class, and a refusal is audited once, in its own transaction;
- its queryset always comes from a scoped selector: a subclass that defines its own `get_queryset`,
  `queryset` or `get_object` is refused at import time, so no endpoint can forget the scope;
- unknown query parameters are refused, a failed login is audited, and a listed page is audited per object.
"""

from rest_framework import exceptions, permissions, viewsets

from jgt_registratie import rights
from jgt_registratie.audit import Action, Result, audit_record_many, audit_refusal
from jgt_registratie.errors import InvalidInput


def _action_of(request, view) -> str:
    if request.method in permissions.SAFE_METHODS:
        return Action.LEZEN
    return getattr(view, "write_action", None) or Action.SCHRIJVEN


class CapabilityPermission(permissions.BasePermission):
    """The view's `capability` from the rights table; a refusal is audited (in its own transaction)."""

    def has_permission(self, request, view):
        capability = view.capability
        if rights.can(request.user, capability):
            return True
        self.message = rights.RIGHTS[capability].weigering
        audit_refusal(user=request.user, action=_action_of(request, view), object_type=view.audit_object_type,
                      object_id=view.kwargs.get("pk", ""), result=Result.GEWEIGERD, detail={"recht": capability.value})
        return False


class ScopedViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, CapabilityPermission]
    #: the right (jgt_registratie.rights.Capability) every action of this viewset needs
    capability = None
    #: a function user -> QuerySet, from the app's selectors
    selector = None
    #: the model, for schema generation only
    model = None
    audit_object_type = ""
    #: the audit action of a refused write (default: "schrijven")
    write_action = None
    #: query parameters every list accepts besides its filterset's
    PAGE_PARAMETERS = frozenset({"page", "pageSize"})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for forbidden in ("get_queryset", "queryset", "get_object"):
            if forbidden in cls.__dict__:
                raise TypeError(f"{cls.__name__} may not define {forbidden}: data is read only through `selector`.")
        if cls.capability is None and not cls.__name__.startswith("Scoped"):
            raise TypeError(f"{cls.__name__} must name its `capability` from jgt_registratie.rights.")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return type(self).selector(self.request.user)

    def get_object(self):
        raise NotImplementedError("Use the app's audited selector (e.g. dossier_get) for a single object.")

    def handle_exception(self, exc):
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            audit_refusal(user=None, action=_action_of(self.request, self), object_type=self.audit_object_type,
                          object_id=self.kwargs.get("pk", ""), result=Result.GEWEIGERD, detail={"reden": "niet_aangemeld"})
        return super().handle_exception(exc)

    def check_query_parameters(self) -> None:
        """Refuse unknown query parameters: a misspelt filter must not silently return everything."""
        known = self.PAGE_PARAMETERS | set(getattr(self.filterset_class, "base_filters", {}) if getattr(self, "filterset_class", None) else {})
        unknown = sorted(set(self.request.query_params) - known)
        if unknown:
            raise InvalidInput([(name, "onbekende_parameter", f"Onbekende parameter '{name}'. Toegestaan: {', '.join(sorted(known))}.")
                                for name in unknown])

    def filter_queryset(self, queryset):
        self.check_query_parameters()
        return super().filter_queryset(queryset)

    def paginate_and_audit(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        audit_record_many(user=self.request.user, action=Action.LEZEN, object_type=self.audit_object_type, object_ids=[o.pk for o in page])
        return self.get_paginated_response(serializer_class(page, many=True, context=self.get_serializer_context()).data)


class ScopedCaseViewSet(ScopedViewSet):
    # Jeugdigen, dossiers and contacten: case work, scoped to the user's teams. (A comment, not a docstring:
    # drf-spectacular would publish a docstring as every operation's description.)
    capability = rights.Capability.CASE_WORK
