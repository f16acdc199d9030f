"""The dossier status machine (DOMAIN.md section 4): one table, each transition with who may make it.

Who may make a transition is read from the rights table (`jgt_registratie.rights`): case work for the
everyday ones, closing for closing and reopening.
"""

from cases.choices import Status
from jgt_registratie.errors import Conflict, Forbidden
from jgt_registratie.rights import Capability, roles_with

BOTH = roles_with(Capability.CASE_WORK)
TEAMLEIDER = roles_with(Capability.CLOSING)

ALLOWED_STATUS_CHANGES: dict[str, dict[str, frozenset]] = {
    Status.AANGEMELD: {Status.ACTIEF: BOTH, Status.AFGESLOTEN: TEAMLEIDER},
    Status.ACTIEF: {Status.WAAKVLAM: BOTH, Status.AFGESLOTEN: TEAMLEIDER},
    Status.WAAKVLAM: {Status.ACTIEF: BOTH, Status.AFGESLOTEN: TEAMLEIDER},
    Status.AFGESLOTEN: {Status.ACTIEF: TEAMLEIDER},  # heropenen
}

# Each explicit action: the status it leads to and the statuses it may start from (API.md).
# "activeren" and "heropenen" both lead to actief, but only heropenen starts from afgesloten.
ACTIONS: dict[str, tuple[str, frozenset]] = {
    "activeren": (Status.ACTIEF, frozenset({Status.AANGEMELD, Status.WAAKVLAM})),
    "waakvlam": (Status.WAAKVLAM, frozenset({Status.ACTIEF})),
    "afsluiten": (Status.AFGESLOTEN, frozenset({Status.AANGEMELD, Status.ACTIEF, Status.WAAKVLAM})),
    "heropenen": (Status.ACTIEF, frozenset({Status.AFGESLOTEN})),
}
assert all(target in ALLOWED_STATUS_CHANGES[source] for target, sources in ACTIONS.values() for source in sources)

_LABEL = dict(Status.choices)


def roles_for(action: str) -> frozenset:
    target, sources = ACTIONS[action]
    return frozenset().union(*(ALLOWED_STATUS_CHANGES[source][target] for source in sources))


def check_transition(*, current: str, role: str, action: str) -> None:
    """Raise Forbidden (403) when the role may never do this action, Conflict (409) when the status forbids it."""
    target, sources = ACTIONS[action]
    roles = roles_for(action)
    if role not in roles:
        raise Forbidden(_who_may(roles, action))
    if current not in sources:
        raise Conflict(
            f"Een dossier met status '{_LABEL[current]}' kan niet naar '{_LABEL[target]}' ({action}).",
            extra={"huidigeStatus": current},
        )


def may(role: str, action: str, current: str) -> bool:
    """Whether the role may do this action on a dossier in this status (for showing the action at all)."""
    target, sources = ACTIONS[action]
    return current in sources and role in roles_for(action)


def _who_may(roles: frozenset, action: str) -> str:
    if roles == TEAMLEIDER:
        return f"Alleen een teamleider mag deze actie ({action}) uitvoeren."
    return f"Uw rol mag deze actie ({action}) niet uitvoeren."
