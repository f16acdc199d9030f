"""Disclosure control: the one function every value a gemeente receives passes."""

from decimal import Decimal

import pytest

from reporting.disclosure import Beveiligd, protect
from reporting.indicators import Cel, Soort


def count(n):
    return protect(Cel(None, None, n))


@pytest.mark.parametrize(("raw", "waarde", "weergave"), [
    (0, 0, "0"), (1, None, "."), (5, None, "."), (9, None, "."), (10, 10, "10"), (11, 10, "10"), (12, 10, "10"),
    (13, 15, "15"), (14, 15, "15"), (15, 15, "15"), (17, 15, "15"), (18, 20, "20"), (1588, 1590, "1590"), (1593, 1595, "1595"),
])
def test_counts_suppress_1_to_9_and_round_to_five(raw, waarde, weergave):
    assert count(raw) == Beveiligd(waarde, weergave)


def test_half_way_rounds_up():
    # Only a sum can be half way between two multiples of five (12.5): it goes up.
    assert protect(Cel(None, None, Decimal("12.5"), Soort.SOM, basis=10)) == Beveiligd(15, "15")
    assert protect(Cel(None, None, Decimal("12.4"), Soort.SOM, basis=10)) == Beveiligd(10, "10")


@pytest.mark.parametrize("soort", [Soort.PERCENTAGE, Soort.GEMIDDELDE, Soort.MEDIAAN])
def test_rates_need_a_base_of_ten(soort):
    assert protect(Cel(None, None, Decimal("33.35"), soort, basis=9)) == Beveiligd(None, ".")
    assert protect(Cel(None, None, Decimal("33.35"), soort, basis=10)) == Beveiligd(33.4, "33,4")
    assert protect(Cel(None, None, Decimal("100"), soort, basis=10)) == Beveiligd(100.0, "100,0")
    assert protect(Cel(None, None, None, soort, basis=0)) == Beveiligd(None, ".")


@pytest.mark.parametrize(("teller", "basis", "weergave"), [
    (2, 40, "."),        # "5,0 % of 40" gives away the suppressed count 2
    (38, 40, "."),       # ... and "95,0 %" the 2 that are not
    (10, 40, "25,0"), (30, 40, "75,0"), (0, 40, "0,0"), (40, 40, "100,0"),
    (10, 19, "."),       # the other 9 would be given away
])
def test_a_share_never_gives_away_a_suppressed_count(teller, basis, weergave):
    cel = Cel(None, None, Decimal(teller * 100) / basis, Soort.PERCENTAGE, basis=basis, teller=teller)
    assert protect(cel).weergave == weergave


def test_a_rate_per_100_is_suppressed_when_its_count_is():
    # 2 referrals per 13 jeugdigen: the count 2 is "."; 15,4 per 100 would reveal it. Above the base, no complement.
    assert protect(Cel(None, None, Decimal(200) / 13, Soort.GEMIDDELDE, basis=13, teller=2)).weergave == "."
    assert protect(Cel(None, None, Decimal(1500) / 13, Soort.GEMIDDELDE, basis=13, teller=15)).weergave == "115,4"


def test_minutes_need_ten_contacts():
    assert protect(Cel(None, None, 270, Soort.SOM, basis=9)) == Beveiligd(None, ".")
    assert protect(Cel(None, None, 272, Soort.SOM, basis=10)) == Beveiligd(270, "270")


def test_amounts():
    assert protect(Cel(None, None, Decimal("91000.495"), Soort.BEDRAG)) == Beveiligd(91000, "91000")
    assert protect(Cel(None, None, Decimal("1234.5"), Soort.BEDRAG, basis=9)) == Beveiligd(None, ".")
    assert protect(Cel(None, None, Decimal("1234.5"), Soort.BEDRAG, basis=10)) == Beveiligd(1235, "1235")
    assert protect(Cel(None, None, None, Soort.BEDRAG, toelichting="geen budget vastgelegd")) == Beveiligd(None, "geen budget vastgelegd")


def test_totals_come_from_unrounded_data_not_from_rounded_cells():
    # 12 jeugdigen: 6 licht, 6 zwaar. The cells are suppressed; the total is 12 -> 10, not "." + "." nor 5 + 5.
    total, licht, zwaar = Cel(None, None, 12), Cel("hulpsoort", "licht", 6), Cel("hulpsoort", "zwaar", 6)
    assert [protect(c).weergave for c in (total, licht, zwaar)] == ["10", ".", "."]
    # 13 + 13 = 26 -> 25, while the rounded cells would add up to 15 + 15 = 30.
    assert count(26).waarde == 25 and count(13).waarde + count(13).waarde == 30
