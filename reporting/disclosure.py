"""Disclosure control (DOMAIN.md section 7): the ONE function applied to every value a gemeente receives.

Rules, per cell, on its raw unrounded value:

- a count (`aantal`) of 1 to 9 is suppressed: `waarde` None, `weergave` "."; 0 stays 0; any other count is
  rounded to the nearest multiple of 5, half-way values upwards (12 -> 10, 13 -> 15; a count is whole, so a
  tie cannot occur, but a half-up rule is fixed for sums);
- a sum over records (`som`, e.g. contact minutes) is suppressed when fewer than 10 records make it up, and
  otherwise rounded to a multiple of 5 like a count;
- a percentage, mean, median or cost per unit is suppressed when its base count is below 10, and otherwise
  shown with one decimal (percentages, means, medians) or in whole euros (amounts), half-way upwards;
- a share of counted things (a percentage or rate with a `teller`) is also suppressed when the count above the
  line, or the rest of the base below it, is 1 to 9: otherwise "2 of 40 = 5,0 %" would give away a count the
  rule above hides (stricter than DOMAIN.md's base rule, in its spirit: no suppressed count can be derived);
- an amount without base (a gemeente's budget: public, not derived from persons) is shown in whole euros;
- a figure not derived from persons (`getal`: a team's FTE, the hours of a formation) is shown with one decimal;
- a value that is None for a reason (e.g. "geen budget vastgelegd") shows that reason.

Totals are separate cells computed from unrounded data and rounded here on their own: cells are never summed
after rounding (see `reporting.indicators`: every total has its own SQL aggregate).

Parts that add up to a known total and are shown exactly (amounts, percentages) get secondary suppression as a
group (`protect_group`, still cell by cell through `protect`), so that no suppressed part is the total minus the rest.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from reporting.indicators.base import Cel, Soort

ONDERDRUKT = "."
DREMPEL = 10  # smallest count (or base count) that may be shown
AFRONDING = 5

_EEN_DECIMAAL = Decimal("0.1")
_HEEL = Decimal("1")


@dataclass(frozen=True)
class Beveiligd:
    """A disclosure-controlled value: `waarde` for JSON (None when suppressed), `weergave` for people."""

    waarde: int | float | None
    weergave: str


def _afgerond_op_vijf(value) -> int:
    return int((Decimal(value) / AFRONDING).quantize(_HEEL, rounding=ROUND_HALF_UP) * AFRONDING)


def _nl(value: Decimal) -> str:
    """Dutch notation: decimal comma, no thousands separator (`33,3`, `1590`)."""
    return str(value).replace(".", ",")


def protect(cel: Cel) -> Beveiligd:
    """Disclosure control of one raw cell: its protected form (see the module docstring for the rules)."""
    if cel.waarde is None and cel.toelichting:
        return Beveiligd(None, cel.toelichting)
    if cel.soort == Soort.AANTAL:
        if cel.waarde is None or 1 <= cel.waarde < DREMPEL:
            return Beveiligd(None, ONDERDRUKT)
        rounded = _afgerond_op_vijf(cel.waarde)
        return Beveiligd(rounded, str(rounded))
    if cel.soort == Soort.SOM:
        if cel.waarde is None or cel.basis is None or cel.basis < DREMPEL:
            return Beveiligd(None, ONDERDRUKT)
        rounded = _afgerond_op_vijf(cel.waarde)
        return Beveiligd(rounded, str(rounded))
    if cel.soort == Soort.BEDRAG and cel.basis is None:
        if cel.waarde is None:
            return Beveiligd(None, ONDERDRUKT)
        euros = Decimal(cel.waarde).quantize(_HEEL, rounding=ROUND_HALF_UP)
        return Beveiligd(int(euros), str(euros))
    if cel.soort == Soort.GETAL:
        if cel.waarde is None:
            return Beveiligd(None, ONDERDRUKT)
        shown = Decimal(cel.waarde).quantize(_EEN_DECIMAAL, rounding=ROUND_HALF_UP)
        return Beveiligd(float(shown), _nl(shown))
    # Rate-like: percentage, mean, median, amount per unit.
    if cel.waarde is None or cel.basis is None or cel.basis < DREMPEL:
        return Beveiligd(None, ONDERDRUKT)
    if cel.teller is not None and 1 <= cel.teller < DREMPEL:
        return Beveiligd(None, ONDERDRUKT)
    if cel.teller is not None and cel.soort == Soort.PERCENTAGE and 1 <= cel.basis - cel.teller < DREMPEL:
        return Beveiligd(None, ONDERDRUKT)  # "38 of 40" gives away the 2 that are not
    if cel.soort == Soort.BEDRAG:
        euros = Decimal(cel.waarde).quantize(_HEEL, rounding=ROUND_HALF_UP)
        return Beveiligd(int(euros), str(euros))
    shown = Decimal(cel.waarde).quantize(_EEN_DECIMAAL, rounding=ROUND_HALF_UP)
    return Beveiligd(float(shown), _nl(shown))


#: the kinds of cell `protect` shows exactly (not rounded to a multiple of 5): a part of an additive group of these can
#: be recomputed as the total minus the other parts, so such a group needs secondary suppression (`protect_group`)
EXACT = frozenset({Soort.BEDRAG, Soort.PERCENTAGE, Soort.GEMIDDELDE, Soort.GETAL})


def _gewicht(cel: Cel) -> int:
    """How many records a part rests on: the count above the line of a share, else its base."""
    return cel.teller if cel.teller is not None else (cel.basis or 0)


def protect_group(delen: list[Cel], totaal: Cel, *, totaal_openbaar: bool = False) -> tuple[list[Beveiligd], Beveiligd]:
    """Disclosure control of cells that add up: `delen` and their `totaal`, each by `protect`, then secondary suppression.

    A group of parts that add up to a known total (the budget spread over inzet, the shares of the minutes adding up to
    100 %) gives a suppressed part back by subtraction: the total minus the shown parts. The total is known when it is
    shown here, or public elsewhere (`totaal_openbaar`: the gemeente's budget, 100 %). Then, while exactly one part with
    a value other than 0 is suppressed, or the suppressed parts together rest on fewer than DREMPEL records (their sum is
    what subtraction gives), the LAST other shown part with a value other than 0 in the order of `delen` (the table's
    category order: regie for inzet, zwaar for hulpsoort) is suppressed too ("." as any suppressed cell). The cover is
    chosen by that fixed order, never by value: a correction that changes the values but not which parts are suppressed
    then leaves the suppression pattern as it was, so a reader comparing two published versions cannot subtract a cover
    that moved from one category to another. When no such part is left and the total is not public, the total is suppressed instead (a public
    total is then the sum of all parts that are not 0, which says nothing about any one of them). A part whose raw value
    is 0 gives no cover (a reader may know it is 0 from the counts beside it), so it is never chosen. Afterwards no
    suppressed part can be recomputed from the shown ones, and what can (the sum of the suppressed parts) rests on at
    least DREMPEL records or on all of them.

    Counts and sums are rounded to a multiple of 5 on their own (`protect`), so their differences leave a suppressed
    value uncertain over an interval at least 10 wide: only EXACT kinds get secondary suppression; cells of other kinds
    are returned as `protect` makes them.
    """
    getoond = [protect(c) for c in delen]
    totaal_getoond = protect(totaal)
    if not all(c.soort in EXACT or (c.waarde is None and c.toelichting) for c in [*delen, totaal]):
        return getoond, totaal_getoond
    if not (totaal_openbaar or totaal_getoond.waarde is not None):
        return getoond, totaal_getoond

    def verborgen() -> list[int]:
        return [i for i, (c, b) in enumerate(zip(delen, getoond, strict=True)) if b.waarde is None and c.waarde]

    while verborgen() and (len(verborgen()) == 1 or sum(_gewicht(delen[i]) for i in verborgen()) < DREMPEL):
        dekking = [i for i, (c, b) in enumerate(zip(delen, getoond, strict=True)) if b.waarde is not None and c.waarde]
        if not dekking:
            if not totaal_openbaar:
                totaal_getoond = Beveiligd(None, ONDERDRUKT)
            break
        getoond[max(dekking)] = Beveiligd(None, ONDERDRUKT)  # by position, not by value: stable between versions
    return getoond, totaal_getoond


def verdeel_naar_getoond(geheel, delen: list[Cel], totaal: Cel) -> list[Decimal]:
    """`geheel` (a budget, 100 %) spread over `delen` (counts or sums, each protected on its own, with their `totaal`)
    in proportion to the parts AS SHOWN by `protect` (rounded to 5), so the spread says nothing the parts do not.

    Spread by the exact parts (geheel x x_i / X), every shown result gives x_i / X exactly, and beside the rounded x_i a
    reader rebuilds the exact x_i, and a suppressed part as the total minus the rest, narrower than the rounding to 5
    leaves it. So: a shown part weighs its shown value; the suppressed parts weigh together what the shown total leaves,
    max(0, the shown total - the sum of the shown parts) (all of their raw values when the total is suppressed too),
    split among them by their raw values (never shown: a result resting on the same records as its suppressed part is
    suppressed with it); result = geheel x weight / the sum of the weights. The results add up to `geheel`, every one
    whose part is shown is a function of shown figures only, and a 0 stays 0."""
    getoond = [protect(c).waarde for c in delen]
    verborgen = sum((Decimal(c.waarde or 0) for c, w in zip(delen, getoond, strict=True) if w is None), Decimal(0))
    totaal_getoond = protect(totaal).waarde
    if totaal_getoond is None:
        rest = verborgen
    else:
        rest = max(Decimal(0), Decimal(totaal_getoond) - sum((Decimal(w) for w in getoond if w is not None), Decimal(0)))
    gewichten = [Decimal(w) if w is not None else (rest * Decimal(c.waarde or 0) / verborgen if verborgen else Decimal(0))
                 for c, w in zip(delen, getoond, strict=True)]
    som = sum(gewichten, Decimal(0))
    return [Decimal(geheel) * g / som if som else Decimal(0) for g in gewichten]
