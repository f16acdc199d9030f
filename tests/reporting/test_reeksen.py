"""Figures of many periods in one query (`reporting.reeksen`), and the dashboard's charts built on them.

The world, built through `cases.services` (Leiden 0546, Leiderdorp 0547; every hulpperiode licht):

| jeugdige | lives in                                  | hulpperiode(s)                                            |
|----------|-------------------------------------------|-----------------------------------------------------------|
| A        | Leiden                                    | 2022-01-10 .. running (contacts 01-10 and 05-20)          |
| B        | Leiden, Leiderdorp from 2022-04-01        | 2022-02-01 .. 2022-04-15 (closed 2022-06-30)              |
| C        | Leiderdorp                                | 2022-03-31 .. 2022-03-31 (closed 2022-04-05)              |
| D        | Leiden                                    | none: only a preventief contact 2022-05-02                |
| E1, E2   | Leiden; E2 Leiderdorp from 2021-06-01     | one family dossier: 2021-11-15 .. 2021-11-15 (waakvlam)   |
| F        | Leiden                                    | 2022-07-05 .. 2022-07-05 (waakvlam 07-20) and 2022-08-10 .. running |

By hand, (jeugdigen met hulp, hulpperiodes overlapping the period), a hulpperiode in the gemeente of the last day of its
overlap with the period:
- Leiden: 2021-Q4 (1, 1) E1; 2022-Q1 (2, 2) A, B (B lived in Leiden on 03-31); 2022-Q2 (1, 1) A; 2022-Q3 (2, 3) A, F twice;
  2022 (2, 3) A, F twice (B counts in Leiderdorp on 04-15);
- Leiderdorp: 2021-Q4 (1, 1) E2; 2022-Q1 (1, 1) C; 2022-Q2 (1, 1) B; 2022-Q3 (0, 0); 2022 (2, 2) B, C.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from reporting import dashboard
from reporting.disclosure import protect
from reporting.indicators.base import HULPPERIODES_IN_PERIODE, Context
from reporting.indicators.definities import REGISTER
from reporting.periods import Periode
from reporting.reeksen import hulpperiodes_per_periode
from tests.builders import d, make_contact, make_dossier, make_jeugdige, make_move

pytestmark = pytest.mark.django_db

Q = {f"2021-Q{n}": Periode.kwartaal(2021, n) for n in (1, 2, 3, 4)} | {f"2022-Q{n}": Periode.kwartaal(2022, n) for n in (1, 2, 3, 4)}
JAAR_2022 = Periode.jaar(2022)


@pytest.fixture
def world(professional, teamleider, team, leiden, other_professional, other_team, leiderdorp):
    alice, tessa, bob = professional, teamleider, other_professional

    def close(dossier, einddatum):
        services.dossier_close(user=tessa, dossier=dossier, einddatum=d(einddatum), reden_beeindiging="01", doelen_bereikt="ja",
                               zonder_hulp_verder="ja")

    a = make_dossier(alice, team, leiden, aanmelddatum=d("2022-01-03"))
    make_contact(alice, team, dossier=a, datum=d("2022-01-10"))
    make_contact(alice, team, dossier=a, datum=d("2022-05-20"))
    kind_b = make_jeugdige(alice, team, leiden)
    b = make_dossier(alice, team, leiden, aanmelddatum=d("2022-01-20"), jeugdigen=[kind_b])
    make_contact(alice, team, dossier=b, datum=d("2022-02-01"))
    make_move(alice, kind_b, leiderdorp, d("2022-04-01"))
    make_contact(alice, team, dossier=b, datum=d("2022-04-15"))
    close(b, "2022-06-30")
    c = make_dossier(bob, other_team, leiderdorp, aanmelddatum=d("2022-03-01"))
    make_contact(bob, other_team, dossier=c, datum=d("2022-03-31"))
    close(c, "2022-04-05")
    make_contact(alice, team, dossier=make_dossier(alice, team, leiden, aanmelddatum=d("2022-05-01")), datum=d("2022-05-02"),
                 hulpsoort="preventief")
    e1, e2 = make_jeugdige(alice, team, leiden), make_jeugdige(alice, team, leiden)
    make_move(alice, e2, leiderdorp, d("2021-06-01"))
    e = make_dossier(alice, team, leiden, aanmelddatum=d("2021-11-01"), jeugdigen=[e1, e2])
    make_contact(alice, team, dossier=e, datum=d("2021-11-15"))
    services.dossier_waakvlam(user=alice, dossier=e, datum=d("2022-01-15"), evaluatiedatum=d("2022-04-15"))
    f = make_dossier(alice, team, leiden, aanmelddatum=d("2022-07-01"))
    make_contact(alice, team, dossier=f, datum=d("2022-07-05"))
    services.dossier_waakvlam(user=alice, dossier=f, datum=d("2022-07-20"), evaluatiedatum=d("2022-10-20"))
    services.dossier_activate(user=alice, dossier=f, datum=d("2022-08-01"))
    make_contact(alice, team, dossier=f, datum=d("2022-08-10"))


def _alleen(periode: Periode, gemeenten) -> tuple[int, int]:
    """The same two counts of one period computed alone: I01's own function, and the rows of its fragment."""
    i01 = REGISTER["I01"][1](Context(periode, gemeenten, alleen_totaal=True)).totaal.waarde
    (hulpperiodes,) = Context(periode, gemeenten).row(f"SELECT count(*) FROM {HULPPERIODES_IN_PERIODE}")
    return i01, hulpperiodes


def test_the_world_by_hand(world, leiden, leiderdorp):
    periodes = [Q["2021-Q4"], Q["2022-Q1"], Q["2022-Q2"], Q["2022-Q3"], JAAR_2022]
    assert [hulpperiodes_per_periode(periodes, ["0546"])[(p.start, p.einde)] for p in periodes] == [(1, 1), (2, 2), (1, 1), (2, 3), (2, 3)]
    assert [hulpperiodes_per_periode(periodes, ["0547"])[(p.start, p.einde)] for p in periodes] == [(1, 1), (1, 1), (1, 1), (0, 0), (2, 2)]
    assert hulpperiodes_per_periode([JAAR_2022], None) == {(JAAR_2022.start, JAAR_2022.einde): (4, 5)}


def test_every_period_of_a_series_is_what_it_is_computed_alone(world):
    cut = Periode(start=date(2022, 1, 1), einde=date(2022, 4, 14), code="2022")  # a year up to a period's end (verantwoording)
    periodes = [*Q.values(), Periode.halfjaar(2022, 1), Periode.halfjaar(2022, 2), Periode.jaar(2021), JAAR_2022, cut]
    for gemeenten in (["0546"], ["0547"], ["0546", "0547"], None):
        reeks = hulpperiodes_per_periode(periodes, gemeenten)
        assert reeks == {(p.start, p.einde): _alleen(p, gemeenten) for p in periodes}, gemeenten


def test_a_series_is_one_query_however_many_periods(world):
    for periodes in ([JAAR_2022], [*Q.values(), JAAR_2022]):
        with CaptureQueriesContext(connection) as queries:
            hulpperiodes_per_periode(periodes, ["0546"])
        assert len(queries) == 1
    assert hulpperiodes_per_periode([], ["0546"]) == {}


# --- the dashboard's charts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", dashboard.KERNINDICATOREN)
@pytest.mark.parametrize("periode", [Q["2022-Q2"], JAAR_2022, Periode.halfjaar(2022, 2)], ids=lambda p: p.code)
def test_the_charts_show_each_period_as_computed_alone(world, leiden, code, periode):
    eerste = dashboard.eerste_registratie(leiden)
    getoond = dashboard.figures(periode, leiden, code, eerste=eerste)
    trend = periode.quarters_back(dashboard.TREND_KWARTALEN)
    jaren = [*periode.same_periode_earlier_years(dashboard.EERDERE_JAREN), periode]

    def alleen(p):
        if not dashboard.heeft_gegevens(p, eerste):
            return (None, dashboard.GEEN_GEGEVENS)
        shown = protect(REGISTER[code][1](Context(p, ["0546"], alleen_totaal=True)).totaal)
        return (shown.waarde, shown.weergave)

    assert [(p["periode"], p["waarde"], p["weergave"]) for p in getoond["trend"]] == [(p.code, *alleen(p)) for p in trend]
    assert [(p["periode"], p["waarde"], p["weergave"]) for p in getoond["jaren"]] == [(p.code, *alleen(p)) for p in jaren]
    assert getoond["kerncijfers"] == dashboard.key_figures(periode, leiden, eerste=eerste)


@pytest.mark.parametrize("code", dashboard.KERNINDICATOREN)
def test_the_raw_totals_of_the_charts_are_those_of_each_period_alone(world, leiden, code):
    """Exact, before rounding: the chosen period's total from the key figures, the others from `series_totals`."""
    periodes = [*Q.values(), JAAR_2022]
    totalen = dashboard.series_totals(periodes, leiden, code)
    assert totalen == {(code, p): REGISTER[code][1](Context(p, ["0546"], alleen_totaal=True)).totaal for p in periodes}
    kern: dict = {}
    dashboard.key_figures(Q["2022-Q3"], leiden, eerste=date(2021, 11, 1), totalen=kern)
    assert kern[(code, Q["2022-Q3"])] == totalen[(code, Q["2022-Q3"])]


def test_a_period_in_both_charts_is_computed_once(world, leiden):
    """2022-Q2 with I05: the trend 2020-Q3 .. 2022-Q2 and the same quarter 2018 .. 2022 share 2021-Q2 and 2022-Q2; 2022-Q2
    is the key figures' own, and nothing before the first registration (2021-11-01) is computed: of the eleven periods
    only 2021-Q4 and 2022-Q1, one query each."""
    eerste = dashboard.eerste_registratie(leiden)
    with CaptureQueriesContext(connection) as alleen_kern:
        dashboard.key_figures(Q["2022-Q2"], leiden, eerste=eerste)
    with CaptureQueriesContext(connection) as alles:
        dashboard.figures(Q["2022-Q2"], leiden, "I05", eerste=eerste)
    assert len(alles) - len(alleen_kern) == 2
    with CaptureQueriesContext(connection) as i01:
        dashboard.figures(Q["2022-Q2"], leiden, "I01", eerste=eerste)
    assert len(i01) - len(alleen_kern) == 1  # I01: all periods in one query
