"""Who may do what: the one rights table of DOMAIN.md section 2, beside the status machine (`cases/status.py`).

Every caller reads this table and keeps no list of its own: services and selectors (`check`, `require`),
the API permission (`jgt_registratie.api.base.CapabilityPermission`), the web decorator
(`jgt_registratie.web.page`) and the templates (the context variable `rechten`, so a template never
compares role strings). The scope querysets say *which* teams and gemeenten a right reaches.

A refusal is audited once, at the outermost call, in a transaction of its own (`require`); inside a
service, `check` only raises, and the service's boundary (`audit_refusals`) writes the row after the
service's own transaction has rolled back.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import QuerySet

from jgt_registratie.audit import Action, Result, audit_refusal
from jgt_registratie.errors import Forbidden
from jgt_registratie.models import Gemeente, Role, Team


class Capability(StrEnum):
    CASE_WORK = "case_work"                  # jeugdigen, dossiers, contacten, doorverwijzingen of own teams
    CLOSURE_REQUEST = "closure_request"      # ask the teamleider to close a dossier
    CLOSING = "closing"                      # close and reopen dossiers
    CONTACT_CORRECTION = "contact_correction"  # correct any contact of own teams (the registering professional: own, 14 days)
    FAMILY_CORRECTION = "family_correction"  # remove a child registered by mistake from a dossier of own teams
    HANDOVER = "handover"                    # hand a dossier (or a jeugdige without dossier) of own teams to another team
    REFERRAL_CORRECTION = "referral_correction"  # correct a referral's final outcome (gestart, afgewezen, niet gestart)
    TEAM_OVERVIEW = "team_overview"          # the teamleider's dashboard of own teams
    PORTAL = "portal"                        # the gemeente portal: disclosure-controlled figures only
    INDICATOR_REPORTS = "indicator_reports"  # request and download indicator reports
    CBS_EXPORTS = "cbs_exports"              # cbs_protocol and the statutory cbs_aanlevering
    VERANTWOORDING = "verantwoording"        # the verantwoording (DOMAIN.md section 8): request, download, read on screen
    DUIDING = "duiding"                      # write the explanation that travels with a gemeente's figures
    BELEIDSKADER = "beleidskader"            # write the policy texts of the verantwoording (own gemeente(n); beheer: all)
    DATA_QUALITY = "data_quality"            # the data-quality check before a CBS delivery
    BEHEER = "beheer"                        # users, teams, wijken, categories, budgets, audit log
    INZAGE = "inzage"                        # the AVG inzage: who read or changed one jeugdige (audit metadata only)
    ERASURE = "erasure"                      # destroy a jeugdige's data on request (Jeugdwet art. 7.3.9)


@dataclass(frozen=True)
class Right:
    roles: frozenset[str]
    #: the Dutch reason a refused user reads
    weigering: str
    #: the object type a refusal is audited under
    object_type: str


_CASE_ROLES = frozenset({Role.PROFESSIONAL, Role.TEAMLEIDER})

RIGHTS: dict[Capability, Right] = {
    Capability.CASE_WORK: Right(_CASE_ROLES, "Uw rol heeft geen toegang tot dossiers, jeugdigen of contacten.", "dossier"),
    # DOMAIN.md section 2: a teamleider may do all a professional may, so also ask for closure.
    Capability.CLOSURE_REQUEST: Right(_CASE_ROLES, "Uw rol mag geen afsluiting van een dossier vragen.", "dossier"),
    Capability.CLOSING: Right(frozenset({Role.TEAMLEIDER}), "Alleen een teamleider mag dossiers afsluiten en heropenen.", "dossier"),
    # API.md 1.1: a teamleider corrects any contact of the team; the registering professional corrects their own contacts
    # for CONTACT_CORRECTIEDAGEN days (`cases.services`), which is not a right of the role but of the registration.
    Capability.CONTACT_CORRECTION: Right(
        frozenset({Role.TEAMLEIDER}),
        "U mag alleen uw eigen contacten corrigeren, tot 14 dagen na het registreren. Vraag de teamleider om dit contact te corrigeren.",
        "contact"),
    # API.md 1.1 "Gezin": removing a child registered by mistake, and handing a dossier (or a jeugdige without dossier) over,
    # are the teamleider's.
    Capability.FAMILY_CORRECTION: Right(
        frozenset({Role.TEAMLEIDER}),
        "Alleen een teamleider mag een jeugdige uit een dossier verwijderen. Vraag de teamleider dit te doen.", "dossier"),
    Capability.HANDOVER: Right(
        frozenset({Role.TEAMLEIDER}),
        "Alleen de teamleider van het eigen team mag een dossier of jeugdige aan een ander team overdragen.", "dossier"),
    # Issue 12: the team keeps a referral's outcome up to date while it is open (verwezen); once it is final (gestart,
    # afgewezen, niet gestart) only a teamleider corrects it, so the figures on "tussen wal en schip" stay trustworthy.
    Capability.REFERRAL_CORRECTION: Right(
        frozenset({Role.TEAMLEIDER}),
        "Deze doorverwijzing heeft al een definitieve uitkomst. Alleen een teamleider kan die corrigeren. Vraag de teamleider dit te doen.",
        "dossier"),
    Capability.TEAM_OVERVIEW: Right(frozenset({Role.TEAMLEIDER}), "Alleen een teamleider heeft een teamoverzicht.", "teamoverzicht"),
    Capability.PORTAL: Right(
        frozenset({Role.GEMEENTE, Role.TEAMLEIDER, Role.BEHEERDER}),
        "Het gemeenteportaal is er voor gemeenten, teamleiders en functioneel beheer. Uw rol heeft hier geen toegang.",
        "gemeenteportaal"),
    Capability.INDICATOR_REPORTS: Right(
        frozenset({Role.GEMEENTE, Role.BEHEERDER}),
        "Rapportages zijn er voor gemeenten en functioneel beheer; uw rol heeft geen toegang tot rapportages.", "rapportage"),
    Capability.CBS_EXPORTS: Right(
        frozenset({Role.BEHEERDER}),
        "De CBS-exports zijn voor functioneel beheer; uw rol kan ze niet maken of downloaden.", "rapportage"),
    # DOMAIN.md section 8 / API.md 1.1: "for a gemeente or the beheerder"; a gemeente user for its own gemeente(n).
    Capability.VERANTWOORDING: Right(
        frozenset({Role.GEMEENTE, Role.BEHEERDER}),
        "De verantwoording is er voor gemeenten en functioneel beheer; uw rol kan haar niet maken of inzien.", "rapportage"),
    Capability.DUIDING: Right(
        frozenset({Role.TEAMLEIDER, Role.BEHEERDER}),
        "Alleen een teamleider van een team in deze gemeente of functioneel beheer schrijft de duiding.", "duiding"),
    # DOMAIN.md section 8, part 7: kept per gemeente by the beheerder or the gemeente itself (its own texts only).
    Capability.BELEIDSKADER: Right(
        frozenset({Role.GEMEENTE, Role.BEHEERDER}),
        "Het beleidskader wordt geschreven door de gemeente zelf en door functioneel beheer.", "beleidskader"),
    Capability.DATA_QUALITY: Right(
        frozenset({Role.BEHEERDER}), "De datakwaliteitscontrole is er alleen voor functioneel beheer.", "datakwaliteit"),
    Capability.BEHEER: Right(frozenset({Role.BEHEERDER}), "Alleen functioneel beheer heeft toegang tot het beheer.", "beheer"),
    Capability.INZAGE: Right(
        frozenset({Role.BEHEERDER}),
        "Het inzageoverzicht (wie een jeugdige heeft ingezien of gewijzigd) is er alleen voor functioneel beheer.", "inzage"),
    # The beheerder carries out a request for destruction; the page asks for the number and a reason, never shows contents.
    Capability.ERASURE: Right(
        frozenset({Role.BEHEERDER}),
        "Alleen functioneel beheer vernietigt gegevens op verzoek (Jeugdwet artikel 7.3.9).", "jeugdige"),
}
assert set(RIGHTS) == set(Capability), "every capability has a row in the rights table"


def roles_with(capability: Capability) -> frozenset[str]:
    return RIGHTS[capability].roles


def can(user, capability: Capability) -> bool:
    """May this (authenticated, active) user use this capability at all? Scope comes from the querysets below."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return user.role in RIGHTS[capability].roles


def refusal(capability: Capability) -> Forbidden:
    return Forbidden(RIGHTS[capability].weigering, extra={"recht": capability.value})


def check(user, capability: Capability) -> None:
    """Raise Forbidden when the user lacks the capability. For use inside a service: its boundary audits."""
    if not can(user, capability):
        raise refusal(capability)


def require(user, capability: Capability, *, action: str = Action.LEZEN, object_type: str | None = None,
            object_id="", detail: dict | None = None) -> None:
    """`check`, for the outermost call (a view, a permission, a selector): a refusal is audited in its own transaction."""
    if can(user, capability):
        return
    audit_refusal(user=user, action=action, object_type=object_type or RIGHTS[capability].object_type,
                  object_id=object_id, result=Result.GEWEIGERD, detail={"recht": capability.value, **(detail or {})})
    raise refusal(capability)


# --- second factor ---------------------------------------------------------------------------------------------

#: Roles that must pass a second factor (TOTP app or recovery code) after the password; professionals too while
#: `settings.OTP_VERPLICHT_VOOR_PROFESSIONALS` is on. Anyone who set one up uses it (`jgt_registratie.second_factor`).
SECOND_FACTOR_ROLES = frozenset({Role.TEAMLEIDER, Role.GEMEENTE, Role.BEHEERDER})
assert SECOND_FACTOR_ROLES | {Role.PROFESSIONAL} == set(Role), "every role is placed for the second factor"


def second_factor_required(user) -> bool:
    """Must this user set up and pass a second factor at the web login, by role?"""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.PROFESSIONAL:
        return settings.OTP_VERPLICHT_VOOR_PROFESSIONALS
    return user.role in SECOND_FACTOR_ROLES


# --- scope ----------------------------------------------------------------------------------------------------


def teams_of(user) -> QuerySet[Team]:
    """The teams whose cases the user works on (none for a role without case work)."""
    if not can(user, Capability.CASE_WORK):
        return Team.objects.none()
    return Team.objects.filter(leden=user)


#: the team pks per user read during the current request (`ScopeMiddleware`); None outside a request
_team_ids_read: ContextVar[dict | None] = ContextVar("jgt_team_ids_read", default=None)


def team_ids(user) -> list[int]:
    """The pks of `teams_of(user)` as a list, read once per request (a request's scope does not change while it runs).

    Scoped querysets filter on these values rather than on a subquery: PostgreSQL then plans for the team itself (the
    size of a big team, an ordered index scan for a page) instead of for an average team. Outside a request (a task, a
    command, a test calling a selector) it is read on every call."""
    if not can(user, Capability.CASE_WORK):
        return []
    read = _team_ids_read.get()
    if read is not None and user.pk in read:
        return read[user.pk]
    ids = list(teams_of(user).order_by("pk").values_list("pk", flat=True))
    if read is not None:
        read[user.pk] = ids
    return ids


class ScopeMiddleware:
    """Keeps `team_ids` for the length of one request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _team_ids_read.set({})
        try:
            return self.get_response(request)
        finally:
            _team_ids_read.reset(token)


def teams_listed_for(user) -> QuerySet[Team]:
    """The teams a user sees as reference data (`GET /teams`): their own teams when they work on cases, every team
    for beheer, and otherwise the teams serving the gemeenten of their portal."""
    if can(user, Capability.CASE_WORK):
        return teams_of(user)
    if can(user, Capability.BEHEER):
        return Team.objects.all()
    return Team.objects.filter(gemeenten__in=gemeenten_for(user, Capability.PORTAL).values("pk")).distinct()


def gemeenten_for(user, capability: Capability) -> QuerySet[Gemeente]:
    """The gemeenten a capability reaches for this user (none without it):

    - beheerder: every gemeente;
    - gemeente user: the gemeente(n) linked to the account;
    - professional, teamleider: the gemeenten their teams serve.
    """
    if not can(user, capability):
        return Gemeente.objects.none()
    if user.role == Role.BEHEERDER:
        return Gemeente.objects.order_by("code")
    if user.role == Role.GEMEENTE:
        return Gemeente.objects.filter(gebruikers=user).order_by("code")
    return Gemeente.objects.filter(pk__in=Team.objects.filter(leden=user).values("gemeenten")).order_by("code")


def reaches_every_gemeente(user, capability: Capability) -> bool:
    """Whether the capability reaches every gemeente for this user (a request without gemeente means all of them)."""
    return can(user, capability) and user.role == Role.BEHEERDER


def rights_of(user) -> dict[str, bool]:
    """Every capability as a flag, for templates: `{% if rechten.portal %}`."""
    return {capability.value: can(user, capability) for capability in Capability}


def context(request) -> dict:
    """Template context processor: `rechten` (see `rights_of`)."""
    return {"rechten": rights_of(getattr(request, "user", None))}
