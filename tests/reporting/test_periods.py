"""Report periods: every valid form, every invalid form, the future, and the helpers."""

from datetime import date

import pytest

from jgt_registratie.errors import InvalidInput
from reporting.periods import Periode, last_closed_quarter, periode_parse

VANDAAG = date(2026, 11, 23)


@pytest.mark.parametrize(("text", "start", "einde"), [
    ("2020", date(2020, 1, 1), date(2020, 12, 31)),
    ("2020-H1", date(2020, 1, 1), date(2020, 6, 30)),
    ("2020-H2", date(2020, 7, 1), date(2020, 12, 31)),
    ("2020-Q1", date(2020, 1, 1), date(2020, 3, 31)),
    ("2020-Q2", date(2020, 4, 1), date(2020, 6, 30)),
    ("2020-Q3", date(2020, 7, 1), date(2020, 9, 30)),
    ("2020-Q4", date(2020, 10, 1), date(2020, 12, 31)),
    ("2015", date(2015, 1, 1), date(2015, 12, 31)),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),  # running: allowed, it has started
    (" 2021-Q1 ", date(2021, 1, 1), date(2021, 3, 31)),
])
def test_valid_periods(text, start, einde):
    periode = periode_parse(text, vandaag=VANDAAG)
    assert (periode.code, periode.start, periode.einde) == (text.strip(), start, einde)


def test_leap_year_february_quarter_has_91_days():
    assert periode_parse("2020-Q1", vandaag=VANDAAG).dagen == 91
    assert periode_parse("2021-Q1", vandaag=VANDAAG).dagen == 90


@pytest.mark.parametrize("text", [
    "", "20", "202", "20201", "2020-", "2020-H3", "2020-H0", "2020-Q0", "2020-Q5", "2020-q1", "2020-h1", "2020Q1",
    "2020-Q1-", "2020-M01", "2020/Q1", "Q1-2020", "abcd", "2020-Q12", None, 2020,
])
def test_unknown_periods_are_refused_in_dutch(text):
    with pytest.raises(InvalidInput) as exc:
        periode_parse(text, vandaag=VANDAAG)
    assert exc.value.errors == [("periode", "onbekende_periode", "Onbekende periode: gebruik JJJJ, JJJJ-H1/H2 of JJJJ-Q1..Q4.")]


@pytest.mark.parametrize("text", ["2014", "2014-Q4", "2014-H2", "1999"])
def test_periods_before_the_jeugdwet_are_refused(text):
    with pytest.raises(InvalidInput) as exc:
        periode_parse(text, vandaag=VANDAAG)
    assert exc.value.errors[0][:2] == ("periode", "periode_voor_jeugdwet")


@pytest.mark.parametrize("text", ["2027", "2027-Q1", "2027-H1", "2099"])
def test_future_periods_are_refused(text):
    with pytest.raises(InvalidInput) as exc:
        periode_parse(text, vandaag=VANDAAG)
    assert exc.value.errors == [("periode", "periode_in_toekomst", "Deze periode ligt in de toekomst.")]


def test_a_period_starting_tomorrow_is_future_and_today_is_not():
    assert periode_parse("2026-Q4", vandaag=date(2026, 10, 1)).code == "2026-Q4"
    with pytest.raises(InvalidInput):
        periode_parse("2026-Q4", vandaag=date(2026, 9, 30))


def test_default_today_is_the_local_date():
    with pytest.raises(InvalidInput):
        periode_parse("2999")
    assert periode_parse("2020").code == "2020"


def test_last_completed_quarter():
    assert last_closed_quarter(date(2026, 11, 23)).code == "2026-Q3"
    assert last_closed_quarter(date(2026, 1, 1)).code == "2025-Q4"
    assert last_closed_quarter(date(2026, 3, 31)).code == "2025-Q4"
    assert last_closed_quarter(date(2026, 4, 1)).code == "2026-Q1"


def test_quarters_back_and_same_period_in_earlier_years():
    q = Periode.kwartaal(2021, 2)
    assert [p.code for p in q.quarters_back(8)] == [
        "2019-Q3", "2019-Q4", "2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4", "2021-Q1", "2021-Q2"]
    assert [p.code for p in q.same_periode_earlier_years(3)] == ["2018-Q2", "2019-Q2", "2020-Q2"]
    assert [p.code for p in Periode.jaar(2016).same_periode_earlier_years(3)] == ["2015"]
    assert [p.code for p in Periode.halfjaar(2020, 2).same_periode_earlier_years(1)] == ["2019-H2"]
    assert [p.code for p in Periode.kwartaal(2015, 2).quarters_back(8)] == ["2015-Q1", "2015-Q2"]
