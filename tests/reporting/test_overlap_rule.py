"""One overlap rule (issue 8): I01 and the CBS records select the same hulpperiodes.

DOMAIN.md section 7: I01 counts "distinct jeugdigen with a hulpperiode (licht or heavier) overlapping the period";
section 6: `cbs_protocol` has "one row per hulpperiode with hulpsoort licht or heavier that overlaps the period".
So I01 is the number of distinct pseudoniemen in the protocol, for a gemeente and for all gemeenten.

The world, built through `cases.services`; the period is 2023-Q2 (2023-04-01 .. 2023-06-30):

| jeugdige | gemeente   | hulpperiode(s)                                        | in 2023-Q2?                          |
|----------|------------|-------------------------------------------------------|--------------------------------------|
| A        | Leiden     | 2023-03-01 .. 2023-04-01 licht (closed 2023-04-15)    | yes: ends on the first day           |
| B        | Leiden     | 2023-06-30 .. running licht                           | yes: starts on the last day          |
| C        | Leiden     | 2023-03-01 .. 2023-03-31 licht (closed 2023-04-10)    | no: ends the day before              |
| D        | Leiden     | none: actief from 2023-05-01, only preventief contact | no: preventief is no jeugdhulp       |
| E        | Leiderdorp | 2023-05-10 .. running licht                           | only for all gemeenten               |
| F        | Leiden     | 2023-02-01 .. running licht and 2023-05-02 .. running | yes, once: two records, one jeugdige |
| G        | Leiden     | 2023-07-01 .. running licht                           | no: starts the day after             |
| H1, H2   | Leiden     | one family dossier, 2023-01-10 .. 2023-05-15 middelzw.| yes, each (waakvlam 2023-05-20)      |

Leiden: A, B, F, H1, H2 = 5 jeugdigen (6 records: F has two). All gemeenten: those and E = 6 jeugdigen (7 records).
"""

from datetime import date

import pytest

from cases import services
from reporting.exports.cbs import PROTOCOL_KOLOMMEN, protocol_rows
from reporting.indicators import indicators_compute
from reporting.periods import Periode
from reporting.quality import findings
from tests.builders import make_contact, make_dossier, make_jeugdige

pytestmark = pytest.mark.django_db

Q2 = Periode.kwartaal(2023, 2)
PSEUDONIEM = PROTOCOL_KOLOMMEN.index("pseudoniem")


def d(value: str) -> date:
    return date.fromisoformat(value)


@pytest.fixture
def world(professional, teamleider, team, leiden, other_professional, other_team, leiderdorp):
    alice, tessa, bob = professional, teamleider, other_professional

    def dossier(kids, aangemeld, user=alice, team_=team, gemeente=leiden, **kw):
        return make_dossier(user, team_, gemeente, jeugdigen=kids, aanmelddatum=d(aangemeld), **kw)

    def help_(dos, datum, hulpsoort="licht", user=alice, team_=team):
        make_contact(user, team_, dossier=dos, datum=d(datum), hulpsoort=hulpsoort)

    def close(dos, einddatum):
        services.dossier_close(user=tessa, dossier=dos, einddatum=d(einddatum), reden_beeindiging="01", doelen_bereikt="ja",
                               zonder_hulp_verder="ja")

    kids = {"A": make_jeugdige(alice, team, leiden, bsn="111222333")}  # a BSN: its pseudonym comes from the BSN, the others' from the id
    kids |= {name: make_jeugdige(alice, team, leiden) for name in ("B", "C", "D", "F", "G", "H1", "H2")}
    kids["E"] = make_jeugdige(bob, other_team, leiderdorp)

    a = dossier([kids["A"]], "2023-02-20")
    help_(a, "2023-03-01")
    help_(a, "2023-04-01")
    close(a, "2023-04-15")

    b = dossier([kids["B"]], "2023-06-01")
    help_(b, "2023-06-30")

    c = dossier([kids["C"]], "2023-02-20")
    help_(c, "2023-03-01")
    help_(c, "2023-03-31")
    close(c, "2023-04-10")

    preventief = dossier([kids["D"]], "2023-04-20", hulpsoort="preventief")
    services.dossier_activate(user=alice, dossier=preventief, datum=d("2023-05-01"))
    help_(preventief, "2023-05-03", hulpsoort="preventief")

    e = dossier([kids["E"]], "2023-05-01", user=bob, team_=other_team, gemeente=leiderdorp)
    help_(e, "2023-05-10", user=bob, team_=other_team)

    f1 = dossier([kids["F"]], "2023-01-15")
    help_(f1, "2023-02-01")
    f2 = dossier([kids["F"]], "2023-04-25")
    help_(f2, "2023-05-02")

    g = dossier([kids["G"]], "2023-06-15")
    help_(g, "2023-07-01")

    h = dossier([kids["H1"], kids["H2"]], "2023-01-05")
    help_(h, "2023-01-10")
    help_(h, "2023-05-15", hulpsoort="middelzwaar")
    services.dossier_waakvlam(user=alice, dossier=h, datum=d("2023-05-20"), evaluatiedatum=d("2023-07-20"))
    return kids


def i01(gemeenten):
    (indicator,) = indicators_compute(Q2, gemeenten, codes=["I01"])
    return indicator.totaal.waarde


def test_the_world_has_the_hulpperiodes_described(world):
    """The edge cases are really there (else the counts below prove less than they claim)."""
    spans = {name: sorted((h.start, h.einde, h.hulpsoort) for h in kid.hulpperiodes.all()) for name, kid in world.items()}
    assert spans["A"] == [(d("2023-03-01"), d("2023-04-01"), "licht")]
    assert spans["B"] == [(d("2023-06-30"), None, "licht")]
    assert spans["C"] == [(d("2023-03-01"), d("2023-03-31"), "licht")]
    assert spans["D"] == []  # 2027.1: a stretch without a hulpcontact is waiting, no hulpperiode
    assert spans["F"] == [(d("2023-02-01"), None, "licht"), (d("2023-05-02"), None, "licht")]
    assert spans["G"] == [(d("2023-07-01"), None, "licht")]
    assert spans["H1"] == spans["H2"] == [(d("2023-01-10"), d("2023-05-15"), "middelzwaar")]


def test_i01_is_the_number_of_distinct_pseudonyms_in_the_protocol_for_a_gemeente(world, leiden):
    rows = protocol_rows(Q2, leiden)
    # A, B, F (twice), H1, H2: 6 records of 5 jeugdigen; not C (ended the day before), D (preventief),
    # E (Leiderdorp) or G (starts the day after).
    assert (i01([leiden.code]), len({row[PSEUDONIEM] for row in rows}), len(rows)) == (5, 5, 6)


def test_i01_is_the_number_of_distinct_pseudonyms_in_the_protocol_for_all_gemeenten(world):
    rows = protocol_rows(Q2, None)
    # Leiden's 5 jeugdigen (6 records) and E in Leiderdorp: 7 records of 6 jeugdigen.
    assert (i01(None), len({row[PSEUDONIEM] for row in rows}), len(rows)) == (6, 6, 7)


def test_the_data_quality_overlap_check_uses_the_same_hulpperiodes(world, leiden, leiderdorp):
    """Only F has two jeugdhulp hulpperiodes at once; D (only preventief work) has none."""
    def overlapping(gemeente):
        return [b.object_id for b in findings(gemeente=gemeente, vandaag=d("2023-07-31")) if b.soort == "overlappende_hulpperiodes"]

    assert (overlapping(leiden), overlapping(leiderdorp), overlapping(None)) == ([str(world["F"].pk)], [], [str(world["F"].pk)])
