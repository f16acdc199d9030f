"""Indicators of DOMAIN.md section 7, computed in PostgreSQL from the registration.

`DEFINITIEVERSIE` names the version of the definitions every report carries. Bump rule: any change
that can change a number for the same data (a definition, a scope rule, a breakdown's categories, the
disclosure rule) bumps it, `JJJJ.N` with the year of the change and N counting up within that year; a
pure refactoring that keeps every number does not. Record what changed in the commit message.

- `base.py`: the result types (`Indicator`, `Cel`, `Soort`), the scope rules and shared SQL fragments;
- `definities.py`: I01..I15, one function each, named by code, with its definition quoted.
"""

from reporting.indicators.base import Cel, Context, Indicator, Soort
from reporting.indicators.definities import REGISTER
from reporting.periods import Periode

DEFINITIEVERSIE = "2027.1"

CODES = tuple(sorted(REGISTER))
NAMEN = {code: REGISTER[code][0] for code in CODES}


def indicators_compute(periode: Periode, gemeenten: list[str] | None, codes=None) -> list[Indicator]:
    """Raw, unrounded indicators for `periode` and the gemeenten (CBS codes; None: all), ordered by code.

    `codes` limits the computation to some indicators (the dashboard); the default is all of I01..I15.
    """
    ctx = Context(periode, gemeenten)
    wanted = CODES if codes is None else [c for c in CODES if c in set(codes)]
    return [REGISTER[code][1](ctx) for code in wanted]


__all__ = ["CODES", "DEFINITIEVERSIE", "NAMEN", "Cel", "Indicator", "Periode", "Soort", "indicators_compute"]
