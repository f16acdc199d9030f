"""Figures of many periods in one query: the dashboard's charts and section 1 of the verantwoording (a row per year).

A fragment of `reporting.indicators.base` names its period by the parameters %(start)s and %(einde)s. `per_periode` puts
the columns of a period row `rp` in their place, and a LATERAL subquery evaluates the fragment's aggregate once per period
row: one statement for all periods (the number of queries does not grow with them), each period computed exactly as it
is alone, with the plan it has alone. (Grouping one join of all periods by period was measured slower at 100,000
dossiers: the per-period plans read each period's hulpperiodes by the index on `start`, and the address of each
hulpperiode on its day, which dominates, is looked up once per period either way.)
"""

from reporting.db import lees_verbinding
from reporting.indicators.base import HULPPERIODES_IN_PERIODE, sql_params
from reporting.indicators.definities import I01_TOTAAL
from reporting.periods import Periode

#: SQL from-item: the periods of a series, one row `rp` (code, start, einde) each
PERIODES = "unnest(%(reeks_codes)s::text[], %(reeks_starts)s::date[], %(reeks_eindes)s::date[]) AS rp(code, start, einde)"


def per_periode(fragment: str) -> str:
    """`fragment` with the period's first and last day (%(start)s, %(einde)s) read from the period row `rp`."""
    return fragment.replace("%(start)s", "rp.start").replace("%(einde)s", "rp.einde")


def _params(periodes: list[Periode], gemeenten: list[str] | None) -> dict:
    return sql_params(None, gemeenten, reeks_codes=[p.code for p in periodes], reeks_starts=[p.start for p in periodes],
                      reeks_eindes=[p.einde for p in periodes])


def hulpperiodes_per_periode(periodes: list[Periode], gemeenten: list[str] | None) -> dict[tuple, tuple[int, int]]:
    """For each period, by (start, einde): (jeugdigen met hulp, hulpperiodes overlapping the period), in ONE query.

    Jeugdigen met hulp is I01 ("distinct jeugdigen with a hulpperiode (licht or heavier) overlapping the period":
    `I01_TOTAAL` over `HULPPERIODES_IN_PERIODE`, I01's own total), the hulpperiodes are the rows of
    that fragment. A period in which nothing overlaps is (0, 0).
    """
    unieke = sorted({(p.start, p.einde): p for p in periodes}.values())
    if not unieke:
        return {}
    sql = (f"SELECT rp.start, rp.einde, x.jeugdigen, x.hulpperiodes FROM {PERIODES} CROSS JOIN LATERAL"
           f" (SELECT {I01_TOTAAL} AS jeugdigen, count(*) AS hulpperiodes FROM {per_periode(HULPPERIODES_IN_PERIODE)}) x")
    with lees_verbinding().cursor() as cursor:
        cursor.execute(sql, _params(unieke, gemeenten))
        return {(start, einde): (jeugdigen, hulpperiodes) for start, einde, jeugdigen, hulpperiodes in cursor.fetchall()}
