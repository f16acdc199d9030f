"""Secondary suppression in the verantwoording (review finding 1): parts that add up to a known total and are shown exactly
(the budget per inzet in euros, the shares of the minutes adding up to 100 %) must not give a suppressed part back as
the total minus the shown parts. Proved on hand-made tables, exhaustively on small groups, and on the report itself."""

import itertools
import random
from decimal import Decimal

import pytest

from reporting.disclosure import EXACT, Beveiligd, protect, protect_group
from reporting.indicators import Cel, Soort
from reporting.verantwoording.hulp import contacten_tabel
from reporting.verantwoording.kosten import budget_per_inzet
from reporting.verantwoording.rapport import table_protect
from reporting.verantwoording.vorm import Rij, Tabel

BUDGET = Decimal(365000)


def bedrag(minuten, n, totaal_minuten):
    return Cel(None, None, BUDGET * minuten / totaal_minuten, Soort.BEDRAG, basis=n)


def budget_tabel(per_inzet: dict[str, tuple[int, int]]) -> Tabel:
    """budget_per_inzet made by `reporting.verantwoording.kosten` itself: (minutes, contacts) per inzet, then the total."""
    return budget_per_inzet(BUDGET, [(k, k, x, y) for k, (x, y) in per_inzet.items()],
                            sum(x for x, _ in per_inzet.values()), sum(y for _, y in per_inzet.values()))


def budget_tabel_exact(per_inzet: dict[str, tuple[int, int]]) -> Tabel:
    """budget_per_inzet as it was before review finding 2: the budget spread by the EXACT minutes, B x M_i / M."""
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


def test_a_shown_budget_part_follows_the_rounded_minutes_not_the_exact_ones():
    # 3001, 41 and 398 minutes show as 3000, . and 400 of 3440: the budget is spread as over 3000, 40 and 400, so the
    # shown parts are the same as for those minutes and give no exact minutes back (B x 3001 / 3440 would: 318420).
    ruw = budget_tabel({"hulp": (3001, 200), "advies": (41, 4), "toegang": (398, 30), "regie": (0, 0)})
    rond = budget_tabel({"hulp": (3000, 200), "advies": (40, 4), "toegang": (400, 30), "regie": (0, 0)})
    assert table_protect(ruw) == table_protect(rond)
    assert kolom(ruw, table_protect(ruw), 1) == {"hulp": "318314", "advies": ".", "toegang": ".", "regie": ".", "totaal": "365000"}
    # the raw parts still add up to the budget, the suppressed one included (what the total leaves: 3440 - 3400 = 40)
    assert round(sum(r.cellen[1].waarde for r in ruw.rijen[:-1]), 6) == BUDGET
    assert round(ruw.cel("advies", 1).waarde, 6) == round(BUDGET * 40 / 3440, 6)


def test_a_suppressed_inzet_budget_takes_what_the_shown_total_leaves_split_by_its_minutes():
    # advies (3 contacts) and toegang (2) are suppressed: together they weigh 3440 - 3000 - 400 = 40, split 10 : 30.
    tabel = budget_tabel({"hulp": (3000, 200), "advies": (10, 3), "toegang": (30, 2), "regie": (400, 40)})
    assert [round(r.cellen[1].waarde, 6) for r in tabel.rijen] == [
        round(BUDGET * x / 3440, 6) for x in (3000, 10, 30, 400)] + [BUDGET]


INZET = ("hulp", "advies", "toegang", "regie")


def cellen_met_meer_dan_een_waarde(maak, kolom: int = 1, minuten_kolom: int = 0) -> int:
    """Every table of 4 inzet rows whose contacts run over 0, 3, 9, 40 and whose minutes over 38, 41, 402 (0 without
    contacts), made by `maak`, rebuilt from the WHOLE table as a reader sees it: tables that show the same other columns
    (the minutes, the contacts; and the same zeros, which a reader may know) must show the same value in every cell of
    column `kolom` (the budget, the share) they both show, else that column tells apart minutes the rounding to 5 keeps
    together. (Whether a part is suppressed as cover may differ: it depends on the contacts behind the suppressed parts,
    not on their minutes.) Returns how many (other columns, cell) pairs show more than one value; and checks on the way
    that a part is suppressed whenever its minutes (other than 0) are, and that no suppressed part of column `kolom` is the known total
    minus the shown ones."""
    gezien: dict[tuple, set] = {}
    for bases in itertools.product((0, 3, 9, 40), repeat=len(INZET)):
        for minuten in itertools.product(*[(0,) if b == 0 else (38, 41, 402) for b in bases]):
            if not sum(minuten):
                continue
            tabel = maak(dict(zip(INZET, zip(minuten, bases, strict=True), strict=True)))
            beveiligd = table_protect(tabel)
            assert all(b[kolom].waarde is None for r, b in zip(tabel.rijen, beveiligd, strict=True)
                       if b[minuten_kolom].waarde is None and r.cellen[minuten_kolom].waarde), (bases, minuten)  # a 0 stays 0
            delen = [r.cellen[kolom] for r in tabel.rijen[:-1]]
            assert recomputable(delen, [b[kolom] for b in beveiligd[:-1]], True) == [] or sum(1 for m in minuten if m) == 1
            sleutel = (tuple(c for b in beveiligd for k, c in enumerate(b) if k != kolom), tuple(m == 0 for m in minuten))
            for rij, b in enumerate(beveiligd):
                if b[kolom].waarde is not None:
                    gezien.setdefault((sleutel, rij), set()).add(b[kolom])
    return sum(1 for waarden in gezien.values() if len(waarden) > 1)


def contacten_tabel_van(per_inzet: dict[str, tuple[int, int]]) -> Tabel:
    """contacten_per_inzet made by `reporting.verantwoording.hulp` itself, from (minutes, contacts) per inzet."""
    return contacten_tabel("inzet", "", [(k, k, y, x) for k, (x, y) in per_inzet.items()],
                           (sum(y for _, y in per_inzet.values()), sum(x for x, _ in per_inzet.values())))


def test_the_shares_of_the_minutes_give_no_minutes_back_from_the_whole_table_exhaustively():
    assert cellen_met_meer_dan_een_waarde(contacten_tabel_van, kolom=2, minuten_kolom=1) == 0


def test_the_whole_table_check_finds_the_shares_of_the_exact_minutes():
    def exact(per_inzet):  # the shares as before: 100 x M_i / M
        tabel = contacten_tabel_van(per_inzet)
        m = sum(x for x, _ in per_inzet.values())
        return Tabel(tabel.sleutel, "", tabel.kolommen, tuple(Rij(r.sleutel, r.label, (*r.cellen[:2], Cel(
            None, None, Decimal(100) * Decimal(r.cellen[1].waarde) / m, Soort.PERCENTAGE, basis=r.cellen[2].basis, teller=r.cellen[2].teller)))
            for r in tabel.rijen), optellend=tabel.optellend)

    assert cellen_met_meer_dan_een_waarde(exact, kolom=2, minuten_kolom=1) > 0


def test_a_shown_share_of_the_minutes_follows_the_rounded_minutes():
    ruw = contacten_tabel_van({"hulp": (3001, 200), "advies": (41, 4), "toegang": (398, 30), "regie": (0, 0)})
    rond = contacten_tabel_van({"hulp": (3000, 200), "advies": (40, 4), "toegang": (400, 30), "regie": (0, 0)})
    assert [b[2] for b in table_protect(ruw)] == [b[2] for b in table_protect(rond)]
    assert kolom(ruw, table_protect(ruw), 2) == {"hulp": "87,2", "advies": ".", "toegang": ".", "regie": "0,0", "totaal": "100,0"}
    assert round(sum(r.cellen[2].waarde for r in ruw.rijen[:-1]), 6) == 100


def test_the_budget_column_gives_no_minutes_back_from_the_whole_table_exhaustively():
    assert cellen_met_meer_dan_een_waarde(budget_tabel) == 0


def test_the_whole_table_check_finds_the_budget_spread_by_exact_minutes():
    # Spread by the exact minutes (before finding 2), 38 and 41 minutes both show as 40 but get different budgets: the
    # budget part gives the exact minutes back, and with them a suppressed neighbour's as the total minus the rest.
    assert cellen_met_meer_dan_een_waarde(budget_tabel_exact) > 0


def hulpsoort_tabel(m: dict[str, int], n: dict[str, int]) -> Tabel:
    """contacten_per_hulpsoort's share column, in its category order (preventief, licht, middelzwaar, zwaar)."""
    totaal_m, totaal_n = sum(m.values()), sum(n.values())
    rijen = [Rij(k, k, (Cel(None, None, Decimal(100) * m[k] / totaal_m, Soort.PERCENTAGE, basis=totaal_n, teller=n[k]),)) for k in m]
    rijen.append(Rij("totaal", "Totaal", (Cel(None, None, Decimal(100), Soort.PERCENTAGE, basis=totaal_n, teller=totaal_n),)))
    return Tabel("contacten_per_hulpsoort", "", ("Deel",), tuple(rijen), optellend=((0, "totaal"),))


def test_the_cover_stays_on_its_category_when_a_correction_changes_the_values():
    # zwaar (3 contacts) is suppressed, so one other share goes too. In version 1 middelzwaar is the smallest, in version
    # 2 (a correction added 150 minutes to middelzwaar) preventief is: a cover chosen by value would move from middelzwaar
    # to preventief, and a reader comparing the versions would have both. Chosen by the fixed order (the last one
    # eligible), it stays on middelzwaar.
    n = {"preventief": 12, "licht": 60, "middelzwaar": 15, "zwaar": 3}
    versie_1 = hulpsoort_tabel({"preventief": 200, "licht": 900, "middelzwaar": 150, "zwaar": 25}, n)
    versie_2 = hulpsoort_tabel({"preventief": 200, "licht": 900, "middelzwaar": 300, "zwaar": 25}, n)
    assert kolom(versie_1, table_protect(versie_1), 0) == {
        "preventief": "15,7", "licht": "70,6", "middelzwaar": ".", "zwaar": ".", "totaal": "100,0"}
    assert kolom(versie_2, table_protect(versie_2), 0) == {
        "preventief": "14,0", "licht": "63,2", "middelzwaar": ".", "zwaar": ".", "totaal": "100,0"}


def test_the_cover_is_the_last_eligible_part_in_the_tables_order_whatever_the_values():
    rng = random.Random(3)
    for _ in range(500):
        waarden = [Decimal(rng.randint(1, 90000)) for _ in range(4)]
        delen = [Cel(None, None, waarden[0], Soort.BEDRAG, basis=4), *(Cel(None, None, w, Soort.BEDRAG, basis=40) for w in waarden[1:])]
        getoond, _ = protect_group(delen, Cel(None, None, sum(waarden), Soort.BEDRAG, basis=124), totaal_openbaar=True)
        assert [b.weergave for b in getoond][::3] == [".", "."]  # the first (primary) and the last (cover), never another
        assert all(b.waarde is not None for b in getoond[1:3])


def test_bridged_shares_per_referral_kind_are_protected_with_their_total_that_is_not_public():
    # Per kind the share bridged; the Totaal share weighs them by the referrals. verblijf (4 of 20 bridged) and
    # jeugd_ggz (1 of 1) are suppressed, together 5 bridged referrals: all 30 bridged (42,3 % of 71) minus the others
    # would give their 5 back, so daghulp (the last other shown kind with a share other than 0) goes too.
    soorten = {"jeugd_ggz": (1, 1), "jeugdhulp_ambulant": (20, 10), "daghulp": (30, 15), "verblijf": (20, 4)}
    n, o = sum(x for x, _ in soorten.values()), sum(y for _, y in soorten.values())
    rijen = [Rij(k, k, (Cel(None, None, Decimal(100) * y / x, Soort.PERCENTAGE, basis=x, teller=y),)) for k, (x, y) in soorten.items()]
    rijen.append(Rij("totaal", "Totaal", (Cel(None, None, Decimal(100) * o / n, Soort.PERCENTAGE, basis=n, teller=o),)))
    tabel = Tabel("doorverwijzingen", "", ("Met overbrugging (%)",), tuple(rijen), optellend=((0, "totaal", False),))
    assert kolom(tabel, table_protect(tabel), 0) == {
        "jeugd_ggz": ".", "jeugdhulp_ambulant": "50,0", "daghulp": ".", "verblijf": ".", "totaal": "42,3"}
    # Not public: without another part to hide a suppressed one, the total goes instead. jeugd_ggz 45 of 50 bridged is
    # suppressed (5 not), lvb shows 0 of 40 (no cover): 50,0 % of all 90 would give jeugd_ggz's 45 back.
    alleen = Tabel("doorverwijzingen", "", ("Met overbrugging (%)",), (
        Rij("jeugd_ggz", "", (Cel(None, None, Decimal(90), Soort.PERCENTAGE, basis=50, teller=45),)),
        Rij("lvb", "", (Cel(None, None, Decimal(0), Soort.PERCENTAGE, basis=40, teller=0),)),
        Rij("totaal", "", (Cel(None, None, Decimal(50), Soort.PERCENTAGE, basis=90, teller=45),))), optellend=((0, "totaal", False),))
    assert kolom(alleen, table_protect(alleen), 0) == {"jeugd_ggz": ".", "lvb": "0,0", "totaal": "."}
    openbaar = Tabel("doorverwijzingen", "", ("Met overbrugging (%)",), alleen.rijen, optellend=((0, "totaal"),))
    assert kolom(openbaar, table_protect(openbaar), 0) == {"jeugd_ggz": ".", "lvb": "0,0", "totaal": "50,0"}  # as before: public


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
