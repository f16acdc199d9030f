"""The dossier status machine (DOMAIN.md section 4): one table, each transition with who may make it."""

from cases.choices import Status
from jgt_registratie.errors import Conflict, Forbidden
from jgt_registratie.models import Role

BOTH = frozenset({Role.PROFESSIONAL, Role.TEAMLEIDER})
TEAMLEIDER = frozenset({Role.TEAMLEIDER})

ALLOWED_STATUS_CHANGES: dict[str, dict[str, frozenset]] = {
    Status.AANGEMELD: {Status.ACTIEF: BOTH, Status.AFGESLOTEN: TEAMLEIDER},
    Status.ACTIEF: {Status.WAAKVLAM: BOTH, Status.AFGESLOTEN: TEAMLEIDER},
    Status.WAAKVLAM: {Status.ACTIEF: BOTH, Status.AFGESLOTEN: TEAMLEIDER},
    Status.AFGESLOTEN: {Status.ACTIEF: TEAMLEIDER},  # heropenen
}

# Each action names the statuses it may start from (API.md): activeren is not heropenen.
ACTION_SOURCES: dict[str, frozenset] = {
    "activeren": frozenset({Status.AANGEMELD, Status.WAAKVLAM}),
    "waakvlam": frozenset({Status.ACTIEF}),
    "afsluiten": frozenset({Status.AANGEMELD, Status.ACTIEF, Status.WAAKVLAM}),
    "heropenen": frozenset({Status.AFGESLOTEN}),
}

_LABEL = dict(Status.choices)


def roles_that_may_reach(target: str, current: str | None = None) -> frozenset:
    if current is not None:
        return ALLOWED_STATUS_CHANGES.get(current, {}).get(target, frozenset())
    return frozenset().union(*(targets.get(target, frozenset()) for targets in ALLOWED_STATUS_CHANGES.values()))


def check_transition(*, current: str, target: str, role: str, action: str) -> None:
    """Raise Forbidden (403) when the role may never do this, Conflict (409) when the state forbids it."""
    if action == "heropenen" and role not in TEAMLEIDER:
        raise Forbidden(_who_may(TEAMLEIDER, action))
    if role not in roles_that_may_reach(target):
        raise Forbidden(_who_may(roles_that_may_reach(target), action))
    if target not in ALLOWED_STATUS_CHANGES.get(current, {}) or current not in ACTION_SOURCES.get(action, {current}):
        raise Conflict(
            f"Een dossier met status '{_LABEL[current]}' kan niet naar '{_LABEL[target]}' ({action}).",
            extra={"huidigeStatus": current},
        )
    if role not in ALLOWED_STATUS_CHANGES[current][target]:
        raise Forbidden(_who_may(ALLOWED_STATUS_CHANGES[current][target], action))


def _who_may(roles: frozenset, action: str) -> str:
    if roles == TEAMLEIDER:
        return f"Alleen een teamleider mag deze actie ({action}) uitvoeren."
    return f"Uw rol mag deze actie ({action}) niet uitvoeren."
