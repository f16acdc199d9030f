"""The raw shape of the verantwoording: sections of tables of raw cells (`reporting.indicators.Cel`).

Nothing here is disclosure-controlled yet: `reporting.verantwoording.rapport` passes every cell through
`reporting.disclosure.protect` before anything leaves the module; the raw numbers exist for the tests only.
"""

from dataclasses import dataclass, field

from reporting.indicators.base import Cel, Soort


@dataclass(frozen=True)
class Rij:
    sleutel: str
    label: str
    cellen: tuple[Cel, ...]


@dataclass(frozen=True)
class Tabel:
    sleutel: str
    titel: str
    kolommen: tuple[str, ...]
    rijen: tuple[Rij, ...]
    #: draw a bar chart of the first column (or of the columns named here) in the PDF
    grafiek: tuple[int, ...] = ()
    #: additive columns: (column, key of the total row) or (column, key of the total row, openbaar); the other rows of
    #: that column add up to the total (as a sum, or as a mean or share weighted by the counts above the line: the
    #: bridged share per referral kind beside the share of all referrals), so they are protected as a group
    #: (`reporting.disclosure.protect_group`: secondary suppression). `openbaar` (default True): the total is known to the
    #: reader elsewhere (the budget, 100 %), so it is never suppressed; False: the total is this table's own figure, and
    #: it is suppressed when no other part is left to hide a suppressed one
    optellend: tuple[tuple[int, str] | tuple[int, str, bool], ...] = ()

    def optellende_kolommen(self) -> list[tuple[int, str, bool]]:
        """`optellend` with every entry's `openbaar` filled in."""
        return [(kolom, totaal, rest[0] if rest else True) for kolom, totaal, *rest in self.optellend]

    def rij(self, sleutel: str) -> Rij:
        return next(r for r in self.rijen if r.sleutel == sleutel)

    def cel(self, rij: str, kolom: int = 0) -> Cel:
        return self.rij(rij).cellen[kolom]


@dataclass(frozen=True)
class Tekst:
    """A text kept by people (beleidskader): shown as it is, with its date."""

    sleutel: str
    titel: str
    tekst: str
    gewijzigd_op: str | None  # dd-mm-jjjj, None: not written yet


@dataclass(frozen=True)
class Sectie:
    nummer: int
    sleutel: str
    titel: str
    vraag: str
    tabellen: tuple[Tabel, ...]
    #: the method in words (how the figures of this section are made)
    methode: str = ""
    teksten: tuple[Tekst, ...] = field(default_factory=tuple)

    def tabel(self, sleutel: str) -> Tabel:
        return next(t for t in self.tabellen if t.sleutel == sleutel)


def aantal(waarde, **kw) -> Cel:
    return Cel(None, None, waarde, Soort.AANTAL, **kw)


def leeg(toelichting: str) -> Cel:
    """A value that does not exist for a reason (shown as that reason, never as 0)."""
    return Cel(None, None, None, Soort.AANTAL, toelichting=toelichting)
