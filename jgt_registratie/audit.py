"""The audit log (NEN 7513): who, role, when, which object, what action, from where, result.

Services and selectors call `audit_record` inside the same transaction as the change or read. The
client address comes from the request being served (set by `AuditContextMiddleware`), or is empty for
management commands and Celery tasks.
"""

from collections.abc import Iterable
from contextvars import ContextVar

from jgt_registratie.models import AuditLog

_client_address: ContextVar[str | None] = ContextVar("audit_client_address", default=None)

Result = AuditLog.Result


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_address.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            _client_address.reset(token)


def _row(user, action, object_type, object_id, result, detail) -> AuditLog:
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditLog(
        user_id=user.pk if authenticated else None,
        username=user.username if authenticated else "",
        role=getattr(user, "role", "") if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        client_address=_client_address.get(),
        result=result,
        detail=detail or {},
    )


def audit_record(*, user, action: str, object_type: str, object_id="", result=Result.OK, detail=None) -> None:
    _row(user, action, object_type, object_id, result, detail).save()


def audit_record_many(*, user, action: str, object_type: str, object_ids: Iterable, result=Result.OK) -> None:
    """One row per object, in one INSERT (for reads of a list)."""
    AuditLog.objects.bulk_create([_row(user, action, object_type, oid, result, None) for oid in object_ids])


def audit_refusals(action: str, object_type: str, object_kwarg: str | None = None):
    """Decorate a service so a refusal (Forbidden) is audited as 'geweigerd'.

    Sits outside the service's transaction: the refusal rolls back the service's work, not its audit row.
    """
    from functools import wraps

    from jgt_registratie.errors import Forbidden

    def decorate(service):
        @wraps(service)
        def wrapper(*args, **kwargs):
            try:
                return service(*args, **kwargs)
            except Forbidden:
                target = kwargs.get(object_kwarg) if object_kwarg else None
                audit_record(user=kwargs.get("user"), action=action, object_type=object_type,
                             object_id=getattr(target, "pk", ""), result=Result.GEWEIGERD)
                raise

        return wrapper

    return decorate
