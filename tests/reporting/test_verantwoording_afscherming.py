"""Secondary suppression in the verantwoording (review finding 1): parts that add up to a known total and are shown exactly
(the budget per inzet in euros, the shares of the minutes adding up to 100 %) must not give a suppressed part back as
the total minus the shown parts. Proved on hand-made tables, exhaustively on small groups, and on the report itself."""

import itertools
import random
from decimal import Decimal

import pytest

from reporting.disclosure import EXACT, Beveiligd, protect, protect_group
from reporting.indicators import Cel, Soort
from reporting.verantwoording.rapport import table_protect
from reporting.verantwoording.vorm import Rij, Tabel

BUDGET = Decimal(365000)


def bedrag(minuten, n, totaal_minuten):
    return Cel(None, None, BUDGET * minuten / totaal_minuten, Soort.BEDRAG, basis=n)


def budget_tabel(per_inzet: dict[str, tuple[int, int]]) -> Tabel:
    """budget_per_inzet as `reporting.verantwoording.kosten` makes it: (minutes, contacts) per inzet, then the total."""
    m = sum(x for x, _ in per_inzet.values())
    n = sum(y for _, y in per_inzet.values())
    rijen = [Rij(k, k, (Cel(None, None, x, Soort.SOM, basis=y), bedrag(x, y, m))) for k, (x, y) in per_inzet.items()]
    rijen.append(Rij("totaal", "Totaal", (Cel(None, None, m, Soort.SOM, basis=n), Cel(None, None, BUDGET, Soort.BEDRAG, basis=n))))
    return Tabel("budget_per_inzet", "", ("Minuten", "Budget (euro)"), tuple(rijen), optellend=((1, "totaal"),))


def kolom(tabel, beveiligd, k):
    return {r.sleutel: b[k].weergave for r, b in zip(tabel.rijen, beveiligd, strict=True)}


def recomputable(delen: list[Cel], getoond: list[Beveiligd], totaal_bekend: bool) -> list[int]:
    """The suppressed parts (value other than 0, which a reader may know) that the known total minus the shown parts
    gives back: exactly one unknown part in the one equation; or, as a sum, several that together rest on fewer than
    10 records while other parts are shown."""
    onbekend = [i for i, (c, b) in enumerate(zip(delen, getoond, strict=True)) if b.waarde is None and c.waarde]
    getoond_niet_nul = [i for i, (c, b) in enumerate(zip(delen, getoond, strict=True)) if b.waarde is not None and c.waarde]
    gewicht = sum(delen[i].teller if delen[i].teller is not None else delen[i].basis for i in onbekend)
    if totaal_bekend and onbekend and (len(onbekend) == 1 or gewicht < 10) and getoond_niet_nul:
        return onbekend
    return []


def test_a_suppressed_inzet_budget_is_not_the_budget_minus_the_others():
    # advies rests on 4 contacts: suppressed. Without more, 365000 - hulp - toegang - regie (0) would be its exact budget.
    tabel = budget_tabel({"hulp": (3000, 200), "advies": (40, 4), "toegang": (400, 30), "regie": (0, 0)})
    primair = {r.sleutel: protect(r.cellen[1]).weergave for r in tabel.rijen}
    assert primair == {"hulp": "318314", "advies": ".", "toegang": "42442", "regie": ".", "totaal": "365000"}
    assert BUDGET - 318314 - 42442 == 4244  # what subtraction gave: the suppressed budget, to the euro
    assert kolom(tabel, table_protect(tabel), 1) == {"hulp": "318314", "advies": ".", "toegang": ".", "regie": ".", "totaal": "365000"}
    assert kolom(tabel, table_protect(tabel), 0) == {"hulp": "3000", "advies": ".", "toegang": "400", "regie": ".", "totaal": "3440"}


def test_two_suppressed_inzet_budgets_on_fewer_than_10_contacts_together_take_a_third_along():
    # advies (3 contacts) and toegang (2) are both suppressed, but the budget minus hulp would be their sum: 5 contacts.
    tabel = budget_tabel({"hulp": (3000, 200), "advies": (40, 3), "toegang": (60, 2), "regie": (500, 40)})
    assert kolom(tabel, table_protect(tabel), 1) == {"hulp": "304167", "advies": ".", "toegang": ".", "regie": ".", "totaal": "365000"}


def test_a_suppressed_share_of_the_minutes_is_not_100_minus_the_others():
    m = {"licht": 900, "middelzwaar": 300, "zwaar": 25, "preventief": 120}
    n = {"licht": 60, "middelzwaar": 20, "zwaar": 3, "preventief": 12}
    totaal_m, totaal_n = sum(m.values()), sum(n.values())
    rijen = [Rij(k, k, (Cel(None, None, Decimal(100) * m[k] / totaal_m, Soort.PERCENTAGE, basis=totaal_n, teller=n[k]),)) for k in m]
    rijen.append(Rij("totaal", "Totaal", (Cel(None, None, Decimal(100), Soort.PERCENTAGE, basis=totaal_n, teller=totaal_n),)))
    tabel = Tabel("contacten_per_hulpsoort", "", ("Deel",), tuple(rijen), optellend=((0, "totaal"),))
    assert {r.sleutel: protect(r.cellen[0]).weergave for r in tabel.rijen} == {
        "licht": "66,9", "middelzwaar": "22,3", "zwaar": ".", "preventief": "8,9", "totaal": "100,0"}
    # The smallest other share (preventief) goes too: 100 - 66,9 - 22,3 is now zwaar and preventief together.
    assert kolom(tabel, table_protect(tabel), 0) == {"licht": "66,9", "middelzwaar": "22,3", "zwaar": ".", "preventief": ".", "totaal": "100,0"}


def test_without_another_part_to_hide_a_total_that_is_not_public_is_suppressed():
    delen = [Cel(None, None, Decimal("12.5"), Soort.GEMIDDELDE, basis=4), Cel(None, None, Decimal(0), Soort.GEMIDDELDE, basis=40)]
    totaal = Cel(None, None, Decimal("12.5"), Soort.GEMIDDELDE, basis=44)
    assert protect_group(delen, totaal) == ([Beveiligd(None, "."), Beveiligd(0.0, "0,0")], Beveiligd(None, "."))


def test_rounded_kinds_are_left_to_their_rounding():
    delen = [Cel(None, None, 4), Cel(None, None, 40), Cel(None, None, 13)]
    assert protect_group(delen, Cel(None, None, 57)) == ([protect(c) for c in delen], protect(Cel(None, None, 57)))


@pytest.mark.parametrize("totaal_openbaar", [True, False])
def test_no_suppressed_part_can_be_recomputed_exhaustively(totaal_openbaar):
    """Every group of 2 to 4 amounts whose bases run over 0, 3, 9, 40 and whose values over 0 and two sizes: after
    `protect_group`, no suppressed part is the known total minus the shown parts."""
    gevallen = 0
    for grootte in (2, 3, 4):
        for bases in itertools.product((0, 3, 9, 40), repeat=grootte):
            for waarden in itertools.product((0, 7, 9000), repeat=grootte):
                delen = [Cel(None, None, Decimal(w), Soort.BEDRAG, basis=b) for w, b in zip(waarden, bases, strict=True)]
                totaal = Cel(None, None, Decimal(sum(waarden)), Soort.BEDRAG, basis=sum(bases))
                getoond, totaal_getoond = protect_group(delen, totaal, totaal_openbaar=totaal_openbaar)
                bekend = totaal_openbaar or totaal_getoond.waarde is not None
                assert recomputable(delen, getoond, bekend) == [] or sum(1 for w in waarden if w) == 1, (bases, waarden)
                # and nothing the first pass showed is changed into another number
                assert all(b.waarde is None or b == protect(c) for c, b in zip(delen, getoond, strict=True))
                gevallen += 1
    assert gevallen == 4 ** 2 * 3 ** 2 + 4 ** 3 * 3 ** 3 + 4 ** 4 * 3 ** 4


def test_random_percentage_groups_never_give_a_part_back():
    rng = random.Random(12)
    for _ in range(3000):
        tellers = [rng.choice((0, 1, 4, 9, 10, 25, 300)) for _ in range(rng.randint(2, 6))]
        minuten = [t * rng.randint(10, 60) for t in tellers]
        if not sum(minuten):
            continue
        n = sum(tellers)
        delen = [Cel(None, None, Decimal(100) * m / sum(minuten), Soort.PERCENTAGE, basis=n, teller=t) for m, t in zip(minuten, tellers, strict=True)]
        getoond, totaal = protect_group(delen, Cel(None, None, Decimal(100), Soort.PERCENTAGE, basis=n, teller=n), totaal_openbaar=True)
        assert recomputable(delen, getoond, True) == [] or sum(1 for m in minuten if m) == 1


def test_the_exact_kinds_are_the_ones_not_rounded_to_five():
    assert EXACT == {Soort.BEDRAG, Soort.PERCENTAGE, Soort.GEMIDDELDE, Soort.GETAL}
