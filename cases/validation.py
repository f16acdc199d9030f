"""Field rules shared by the API and the web forms."""

import re
from datetime import date

_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")

#: I15's registration time of one contact: registering it takes seconds to minutes; a longer value is no measurement
MAX_REGISTRATIEDUUR_SECONDEN = 60 * 60


def bsn_is_valid(bsn: str) -> bool:
    """The 11-proef: 9 digits, sum of d1*9 + d2*8 + ... + d8*2 - d9*1 divisible by 11 (and not 0)."""
    if not re.fullmatch(r"[0-9]{9}", bsn or ""):
        return False
    digits = [int(d) for d in bsn]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and total != 0


def normalise_postcode(value: str) -> str | None:
    """'2311 ab' -> '2311AB'; None when it is not a Dutch postcode."""
    match = _POSTCODE.match((value or "").strip())
    return f"{match.group(1)}{match.group(2).upper()}" if match else None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the end of a shorter month."""
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)
