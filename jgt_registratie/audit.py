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


def audit_login(sender, request, user, **kwargs):
    audit_record(user=user, action="inloggen", object_type="sessie")


def audit_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(user=None, action="inloggen", object_type="sessie", result=Result.GEWEIGERD,
                 detail={"gebruikersnaam": str(credentials.get("username", ""))[:150]})


def audit_refusals(action: str, object_type: str, object_kwarg: str | None = None):
    """Decorate a service so every refused write (any DomainError) leaves an audit row.

    Sits outside the service's transaction: the refusal rolls back the service's work, not its audit row.
    """
    from functools import wraps

    from jgt_registratie.errors import DomainError, Forbidden, InvalidInput, NotFound

    def result_of(exc) -> str:
        if isinstance(exc, Forbidden):
            return Result.GEWEIGERD
        if isinstance(exc, NotFound):
            return Result.NIET_GEVONDEN
        if isinstance(exc, InvalidInput):
            return Result.ONGELDIG
        return Result.CONFLICT

    def decorate(service):
        @wraps(service)
        def wrapper(*args, **kwargs):
            try:
                return service(*args, **kwargs)
            except DomainError as exc:
                target = kwargs.get(object_kwarg) if object_kwarg else None
                detail = {"status": exc.status, **exc.extra}
                if isinstance(exc, InvalidInput):
                    detail["velden"] = sorted({field for field, _, _ in exc.errors})
                audit_record(user=kwargs.get("user"), action=action, object_type=object_type,
                             object_id=getattr(target, "pk", ""), result=result_of(exc), detail=detail)
                raise

        return wrapper

    return decorate
