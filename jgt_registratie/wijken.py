"""The wijken of a gemeente as postcode ranges (DOMAIN.md section 8, recommendation 4: "from the woonadres's postcode to
the gemeente's wijken, which the beheerder maintains").

A range (`Postcodebereik`) is either
- pc4: `2311`-`2315`, every postcode whose first four digits lie in it; or
- pc6: `2312AA`-`2312KZ`, within one pc4, for a pc4 that is split between wijken.

Which wijk a postcode lies in: the wijk of the address's gemeente with a pc6 range holding it, else with a pc4 range
holding its first four digits, else none ("Wijk onbekend"). A pc6 range is more specific and wins.

One rule keeps that answer unique: ranges of the same level never overlap, across all gemeenten (a pc4 that crosses a
gemeente border is split into pc6 ranges, which is what pc6 ranges are for). The database enforces it with an
exclusion constraint on `postcode_getal` (migration jgt_registratie 0005); `overlap_errors` finds the same overlaps
first, to refuse them with a Dutch message naming the wijk already holding the postcodes. Two beheerders saving
overlapping ranges at the same moment would both pass that check (neither sees the other's uncommitted rows) and the
second would meet the constraint at its commit: an error page instead of the Dutch message. So every save of ranges
first takes one transaction-level lock (`vergrendel`): saves of ranges run one after the other, and the second checks
against the first's committed rows.

The SQL that reads a jeugdige's wijk on a day is `reporting.indicators.base.wijk_op`; `wijk_van` here is the same
rule in Python, for the demo and its test.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

PC4 = re.compile(r"^[1-9][0-9]{3}$")
PC6 = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
#: pc6 values are numbered after all pc4 values, so the two levels never overlap each other in the constraint
PC6_BASIS = 10000

def normalise(value: str | None) -> str:
    """'2312 aa' -> '2312AA', ' 2311 ' -> '2311'; anything else unchanged but stripped (the check then refuses it)."""
    return re.sub(r"\s+", "", value or "").upper()


def postcode_getal(pc: str) -> int:
    """A pc4 or pc6 as one number, in order within its level: pc4 as is, pc6 after all pc4 values (`PC6_BASIS`).

    The Python twin of the SQL function `jgt_postcode_getal` behind the exclusion constraint (migration 0005)."""
    if len(pc) == 4:
        return int(pc)
    return PC6_BASIS + int(pc[:4]) * 676 + (ord(pc[4]) - 65) * 26 + (ord(pc[5]) - 65)


def range_errors(van: str, tot: str) -> list[tuple[str, str]]:
    """What is wrong with one range on its own, as (field, Dutch message); empty when it is a valid range."""
    errors = []
    for field, value in (("van", van), ("tot", tot)):
        if not (PC4.match(value) or PC6.match(value)):
            errors.append((field, f"'{value}' is geen postcode: vier cijfers (2311) of vier cijfers en twee letters (2312AA)."))
    if errors:
        return errors
    if len(van) != len(tot):
        return [("tot", "Van en tot zijn allebei vier cijfers (pc4) of allebei vier cijfers en twee letters (pc6).")]
    if len(van) == 6 and van[:4] != tot[:4]:
        return [("tot", "Een bereik van pc6-postcodes blijft binnen één pc4 (bijvoorbeeld 2312AA tot en met 2312KZ).")]
    if van > tot:
        return [("tot", f"'Tot' ({tot}) ligt voor 'van' ({van}).")]
    return []


@dataclass(frozen=True)
class Bereik:
    """A range as the checks and the matcher see it: level, bounds and the wijk that holds it."""

    van: str
    tot: str
    wijk_id: int | None = None
    wijk_code: str = ""
    wijk_naam: str = ""
    gemeente_id: str = ""
    id: int | None = None

    @property
    def pc6(self) -> bool:
        return len(self.van) == 6

    def overlaps(self, other: "Bereik") -> bool:
        return self.pc6 == other.pc6 and self.van <= other.tot and other.van <= self.tot

    def holds(self, postcode: str) -> bool:
        key = postcode if self.pc6 else postcode[:4]
        return len(key) == len(self.van) and self.van <= key <= self.tot

    @property
    def tekst(self) -> str:
        return self.van if self.van == self.tot else f"{self.van}-{self.tot}"


#: the key of the advisory lock that serialises saves of postcode ranges (any fixed 64-bit number unique in the project)
BEREIKEN_LOCK = 5461_2311


def vergrendel() -> None:
    """Wait for, then hold until the end of the current transaction, the one lock every save of postcode ranges takes.

    Call it inside the saving transaction before `bestaande_bereiken`: a concurrent save then either committed before
    (and its rows are read) or waits for this one."""
    from django.db import connection

    if not connection.in_atomic_block:
        raise RuntimeError("vergrendel() only makes sense inside the transaction that saves the ranges")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BEREIKEN_LOCK])


def bestaande_bereiken(exclude_ids: Iterable[int] = ()) -> list[Bereik]:
    """Every stored range with its wijk (one query), but those in `exclude_ids` (rows being changed)."""
    from jgt_registratie.models import Postcodebereik

    rows = (Postcodebereik.objects.exclude(pk__in=list(exclude_ids))
            .values_list("id", "van", "tot", "wijk_id", "wijk__code", "wijk__naam", "wijk__gemeente_id"))
    return [Bereik(van, tot, wijk_id, code, naam, gemeente, pk) for pk, van, tot, wijk_id, code, naam, gemeente in rows]


def overlap_errors(nieuw: list[Bereik], bestaand: list[Bereik]) -> list[tuple[int, str]]:
    """The ranges of `nieuw` that overlap another of `nieuw` or one of `bestaand` at the same level, as
    (index in `nieuw`, Dutch message naming the wijk that already holds those postcodes)."""
    errors = []
    for i, bereik in enumerate(nieuw):
        andere = [*bestaand, *nieuw[:i]]
        botsing = next((b for b in andere if bereik.overlaps(b)), None)
        if botsing is None:
            continue
        waar = f"wijk {botsing.wijk_naam} ({botsing.wijk_code})" if botsing.wijk_code else "een ander bereik in dit formulier"
        if botsing.wijk_id is not None and botsing.wijk_id == bereik.wijk_id and botsing.wijk_code:
            waar = f"een ander bereik van deze wijk ({botsing.tekst})"
        else:
            waar = f"{waar}: {botsing.tekst}"
        errors.append((i, f"Postcodes {bereik.tekst} overlappen met {waar}. Een postcode hoort bij één wijk; "
                          "splits een pc4 die over wijken verdeeld is in pc6-bereiken."))
    return errors


def wijk_van(bereiken: Iterable[Bereik], gemeente_id: str, postcode: str) -> str | None:
    """The code of the wijk of `gemeente_id` that `postcode` lies in (pc6 before pc4), or None: `wijk_op`'s rule."""
    postcode = normalise(postcode)
    if not postcode:
        return None
    kandidaten = [b for b in bereiken if b.gemeente_id == gemeente_id and b.holds(postcode)]
    kandidaten.sort(key=lambda b: not b.pc6)
    return kandidaten[0].wijk_code if kandidaten else None
