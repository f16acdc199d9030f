"""Report periods (DOMAIN.md section 7): a year `JJJJ`, a half year `JJJJ-H1`/`H2`, a quarter `JJJJ-Q1`..`Q4`.

`periode_parse` is the one place where a period given by a user is validated: the API, the web forms
and the Celery tasks all call it, so the same text is refused with the same Dutch reason everywhere.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from jgt_registratie.errors import InvalidInput

EERSTE_JAAR = 2015  # the Jeugdwet took effect on 1 January 2015

_PATTERN = re.compile(r"^(?P<jaar>[0-9]{4})(?:-(?P<soort>[HQ])(?P<nummer>[1-4]))?$")
_ONBEKEND = "Onbekende periode: gebruik JJJJ, JJJJ-H1/H2 of JJJJ-Q1..Q4."


def _last_day_of_month(jaar: int, maand: int) -> date:
    if maand == 12:
        return date(jaar, 12, 31)
    return date(jaar, maand + 1, 1) - timedelta(days=1)


@dataclass(frozen=True, order=True)
class Periode:
    """A calendar period; `einde` is its last day (inclusive)."""

    start: date
    einde: date
    code: str

    @classmethod
    def jaar(cls, jaar: int) -> "Periode":
        return cls(start=date(jaar, 1, 1), einde=date(jaar, 12, 31), code=f"{jaar}")

    @classmethod
    def halfjaar(cls, jaar: int, nummer: int) -> "Periode":
        eerste = 1 + 6 * (nummer - 1)
        return cls(start=date(jaar, eerste, 1), einde=_last_day_of_month(jaar, eerste + 5), code=f"{jaar}-H{nummer}")

    @classmethod
    def kwartaal(cls, jaar: int, nummer: int) -> "Periode":
        eerste = 1 + 3 * (nummer - 1)
        return cls(start=date(jaar, eerste, 1), einde=_last_day_of_month(jaar, eerste + 2), code=f"{jaar}-Q{nummer}")

    @classmethod
    def kwartaal_van(cls, dag: date) -> "Periode":
        return cls.kwartaal(dag.year, (dag.month - 1) // 3 + 1)

    @property
    def jaartal(self) -> int:
        return self.start.year

    @property
    def is_kwartaal(self) -> bool:
        return "-Q" in self.code

    @property
    def dagen(self) -> int:
        return (self.einde - self.start).days + 1

    def contains(self, dag: date) -> bool:
        return self.start <= dag <= self.einde

    def shift_years(self, jaren: int) -> "Periode":
        """The same period `jaren` years later (negative: earlier)."""
        jaar = self.jaartal + jaren
        if "-" not in self.code:
            return Periode.jaar(jaar)
        soort, nummer = self.code[5], int(self.code[6])
        return Periode.halfjaar(jaar, nummer) if soort == "H" else Periode.kwartaal(jaar, nummer)

    def previous_quarter(self) -> "Periode":
        return Periode.kwartaal_van(self.start - timedelta(days=1))

    def quarters_back(self, n: int) -> list["Periode"]:
        """The `n` quarters ending with the quarter this period ends in, oldest first, none before 2015."""
        kwartalen = [Periode.kwartaal_van(self.einde)]
        while len(kwartalen) < n and kwartalen[-1].jaartal * 10 + int(kwartalen[-1].code[-1]) > EERSTE_JAAR * 10 + 1:
            kwartalen.append(kwartalen[-1].previous_quarter())
        return list(reversed(kwartalen))

    def same_periode_earlier_years(self, n: int) -> list["Periode"]:
        """This period in up to `n` earlier years, oldest first (not before 2015), without this one."""
        return [self.shift_years(-k) for k in range(n, 0, -1) if self.jaartal - k >= EERSTE_JAAR]

    def __str__(self) -> str:
        return self.code


def periode_parse(text, *, vandaag: date | None = None) -> Periode:
    """`"2020"`, `"2020-H1"` or `"2020-Q3"` as a Periode; anything else raises InvalidInput for field `periode`.

    Refused: malformed text, a year before 2015 (the Jeugdwet), and a period that starts after today.
    A period that has started but not ended (the running quarter) is allowed: its figures are provisional.
    """
    vandaag = vandaag or timezone.localdate()
    match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise InvalidInput.one("periode", "onbekende_periode", _ONBEKEND)
    jaar, soort, nummer = int(match["jaar"]), match["soort"], int(match["nummer"] or 0)
    if soort == "H" and nummer > 2:
        raise InvalidInput.one("periode", "onbekende_periode", _ONBEKEND)
    if jaar < EERSTE_JAAR:
        raise InvalidInput.one("periode", "periode_voor_jeugdwet",
                               f"Deze periode ligt vóór {EERSTE_JAAR}, het jaar waarin de Jeugdwet inging.")
    if soort is None:
        periode = Periode.jaar(jaar)
    elif soort == "H":
        periode = Periode.halfjaar(jaar, nummer)
    else:
        periode = Periode.kwartaal(jaar, nummer)
    if periode.start > vandaag:
        raise InvalidInput.one("periode", "periode_in_toekomst", "Deze periode ligt in de toekomst.")
    return periode


def last_closed_quarter(vandaag: date | None = None) -> Periode:
    """The last quarter that has fully passed on `vandaag` (the quarter before the running one)."""
    vandaag = vandaag or timezone.localdate()
    return Periode.kwartaal_van(vandaag).previous_quarter()
