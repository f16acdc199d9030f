"""Figures of many periods in one query: the dashboard's charts and section 1 of the verantwoording (a row per year).

A fragment of `reporting.indicators.base` names its period by the parameters %(start)s and %(einde)s. `per_periode` puts
the columns of a period row `rp` in their place, so one query joins the fragment to every period at once and groups by
period: the rows are read once for all periods instead of once per period, and each period's figure is the same
aggregate over the same fragment as a computation of that period alone, so the two cannot disagree.
"""

from reporting.db import lees_verbinding
from reporting.indicators.base import HULPPERIODES_IN_PERIODE, OOIT_IN_SCOPE, sql_params
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
    `count(DISTINCT h.jeugdige_id)` over `HULPPERIODES_IN_PERIODE`, I01's own total), the hulpperiodes are the rows of
    that fragment. For a scope of gemeenten only the hulpperiodes of jeugdigen who ever had an address there are read
    (`OOIT_IN_SCOPE`: implied by living there on the day the fragment checks, so it changes no count). A period in which
    nothing overlaps is (0, 0).
    """
    unieke = sorted({(p.start, p.einde): p for p in periodes}.values())
    if not unieke:
        return {}
    ooit = "" if gemeenten is None else f" AND {OOIT_IN_SCOPE.format(jeugdige='h.jeugdige_id')}"
    sql = (f"SELECT rp.start, rp.einde, count(DISTINCT h.jeugdige_id), count(*) FROM {PERIODES}"
           f" CROSS JOIN {per_periode(HULPPERIODES_IN_PERIODE)}{ooit} GROUP BY rp.start, rp.einde")
    with lees_verbinding().cursor() as cursor:
        cursor.execute(sql, _params(unieke, gemeenten))
        gevonden = {(start, einde): (jeugdigen, hulpperiodes) for start, einde, jeugdigen, hulpperiodes in cursor.fetchall()}
    return {(p.start, p.einde): gevonden.get((p.start, p.einde), (0, 0)) for p in unieke}
