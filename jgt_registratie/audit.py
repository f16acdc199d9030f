"""The audit log (NEN 7513): who, role, when, which object, what action, from where, result.

Services and selectors call `audit_record` inside the same transaction as the change or read. A refusal
is different: it is audited once, at the outermost call, in a transaction of its own (`audit_refusal`),
so no rollback can take it away. Every top-level service therefore runs in a durable transaction
(`transaction.atomic(durable=True)`) under `audit_refusals`: nesting one service inside another fails
at once instead of silently swallowing the inner refusal's row.

The client address comes from the request being served (set by `AuditContextMiddleware`), or is empty
for management commands and Celery tasks.
"""

from collections.abc import Iterable
from contextvars import ContextVar
from enum import StrEnum
from functools import wraps

from django.db import transaction

from jgt_registratie.models import AuditLog

_client_address: ContextVar[str | None] = ContextVar("audit_client_address", default=None)

Result = AuditLog.Result


class Action(StrEnum):
    """Every action name the audit log knows: services, selectors, views and their refusals use these."""

    LEZEN = "lezen"
    ZOEKEN = "zoeken"
    DOWNLOADEN = "downloaden"
    SCHRIJVEN = "schrijven"
    INLOGGEN = "inloggen"
    TOKEN_UITGEVEN = "token_uitgeven"
    # login and sessions: lock-out, second factor, API tokens
    INLOGGEN_GEBLOKKEERD = "inloggen_geblokkeerd"
    INLOGBLOKKADE_OPHEFFEN = "inlogblokkade_opheffen"
    TWEEDE_FACTOR = "tweede_factor"
    TWEEDE_FACTOR_INSTELLEN = "tweede_factor_instellen"
    HERSTELCODES_MAKEN = "herstelcodes_maken"
    TWEEDE_FACTOR_RESETTEN = "tweede_factor_resetten"
    TOKEN_INTREKKEN = "token_intrekken"
    BEHEER_TOEVOEGEN = "beheer_toevoegen"
    BEHEER_WIJZIGEN = "beheer_wijzigen"
    BEHEER_VERWIJDEREN = "beheer_verwijderen"
    JEUGDIGE_REGISTREREN = "jeugdige_registreren"
    VERHUIZING_VASTLEGGEN = "verhuizing_vastleggen"
    JEUGDIGE_WIJZIGEN = "jeugdige_wijzigen"
    BETROKKENE_TOEVOEGEN = "betrokkene_toevoegen"
    BETROKKENE_WIJZIGEN = "betrokkene_wijzigen"
    BETROKKENE_VERWIJDEREN = "betrokkene_verwijderen"
    DOSSIER_OPENEN = "dossier_openen"
    DOSSIER_WIJZIGEN = "dossier_wijzigen"
    DOSSIER_ACTIVEREN = "dossier_activeren"
    DOSSIER_WAAKVLAM = "dossier_waakvlam"
    DOSSIER_AFSLUITEN = "dossier_afsluiten"
    DOSSIER_HEROPENEN = "dossier_heropenen"
    DOSSIER_AFSLUITING_VRAGEN = "dossier_afsluiting_vragen"
    DOORVERWIJZING_REGISTREREN = "doorverwijzing_registreren"
    DOORVERWIJZING_WIJZIGEN = "doorverwijzing_wijzigen"  # its outcome (issue 12: verwezen, gestart, afgewezen, niet gestart)
    CONTACT_REGISTREREN = "contact_registreren"
    # corrections of past registrations (definitions 2027.1): each writes a `Correctie`
    CONTACT_WIJZIGEN = "contact_wijzigen"
    CONTACT_VERWIJDEREN = "contact_verwijderen"
    CONTACT_KOPPELEN = "contact_koppelen"
    DOSSIER_STATUS_TERUGZETTEN = "dossier_status_terugzetten"
    # families and hand-over (issue 11)
    GEZINSLID_TOEVOEGEN = "gezinslid_toevoegen"
    GEZINSLID_VERWIJDEREN = "gezinslid_verwijderen"
    DOSSIER_OVERDRAGEN = "dossier_overdragen"
    JEUGDIGE_OVERDRAGEN = "jeugdige_overdragen"
    RAPPORTAGE_AANVRAGEN = "rapportage_aanvragen"
    RAPPORTAGE_AUTOMATISCH = "rapportage_automatisch"
    RAPPORTAGE_GENEREREN = "rapportage_genereren"
    DUIDING_OPSLAAN = "duiding_opslaan"
    DUIDING_VERWIJDEREN = "duiding_verwijderen"
    AUDIT_INZAGE = "audit_inzage"
    BACKUP_MAKEN = "backup_maken"
    BACKUP_TERUGZETTEN = "backup_terugzetten"
    # faults and lifecycle (issue 9)
    RAPPORTAGE_HERVATTEN = "rapportage_hervatten"
    RAPPORTAGEBESTAND_VERWIJDEREN = "rapportagebestand_verwijderen"
    VERNIETIGEN_BEWAARTERMIJN = "vernietigen_bewaartermijn"
    VERNIETIGEN_OP_VERZOEK = "vernietigen_op_verzoek"
    # published report versions (issue 10)
    RAPPORTAGE_DEFINITIEF = "rapportage_definitief"
    # the inputs of the verantwoording the beheerder (and the gemeente) keep (issue 12)
    STATLINE_LADEN = "statline_laden"
    BELEIDSKADER_OPSLAAN = "beleidskader_opslaan"
    BELEIDSKADER_VERWIJDEREN = "beleidskader_verwijderen"


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
    action = Action(action)  # an unknown action name is a programming error, not a new word in the log
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


def audit_refusal(*, user, action: str, object_type: str, object_id="", result=Result.GEWEIGERD, detail=None) -> None:
    """The audit row of a refusal, in a transaction of its own.

    Durable on purpose: called inside someone else's transaction, it fails at once, because that
    transaction's rollback would take the row away. Call it at the outermost call instead.
    """
    with transaction.atomic(durable=True):
        audit_record(user=user, action=action, object_type=object_type, object_id=object_id, result=result, detail=detail)


def audit_record_many(*, user, action: str, object_type: str, object_ids: Iterable, result=Result.OK) -> None:
    """One row per object, in one INSERT (for reads of a list)."""
    AuditLog.objects.bulk_create([_row(user, action, object_type, oid, result, None) for oid in object_ids])


def audit_login(sender, request, user, **kwargs):
    audit_record(user=user, action=Action.INLOGGEN, object_type="sessie")


def audit_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(user=None, action=Action.INLOGGEN, object_type="sessie", result=Result.GEWEIGERD,
                 detail={"gebruikersnaam": str(credentials.get("username", ""))[:150]})


def refusal_result(exc) -> str:
    """The audit result of a refused request, by the kind of DomainError."""
    from jgt_registratie.errors import Forbidden, InvalidInput, NotFound

    if isinstance(exc, Forbidden):
        return Result.GEWEIGERD
    if isinstance(exc, NotFound):
        return Result.NIET_GEVONDEN
    if isinstance(exc, InvalidInput):
        return Result.ONGELDIG
    return Result.CONFLICT


def audit_refusals(action: Action, object_type: str, object_kwarg: str | None = None):
    """The boundary of a top-level service: every refusal (any DomainError) leaves exactly one audit row.

    Put it outside the service's `transaction.atomic(durable=True)`: the refusal rolls back the service's
    work, then its row is written in a transaction of its own.
    """
    from jgt_registratie.errors import DomainError, InvalidInput

    action = Action(action)

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
                audit_refusal(user=kwargs.get("user"), action=action, object_type=object_type,
                              object_id=getattr(target, "pk", ""), result=refusal_result(exc), detail=detail)
                raise

        wrapper.audit_action = action
        return wrapper

    return decorate
