"""Reading a StatLine CSV (DOMAIN.md section 8, part 1): the CBS figures per gemeente and year, as the beheerder
downloads them from StatLine or types them over (docs/beheer.md, sample docs/voorbeelden/statline.csv).

Only reads and checks: the service `reporting.services.statline_laden` loads what this returns, or nothing.

The file:
- the header, exactly `jaar,gemeentecode,jeugdigen_wijkteam,trajecten_zonder_verwijzer,trajecten_totaal`
  (column names in this order; case and spaces around a name do not matter);
- separated by `,` or by `;` (Dutch Excel's "CSV (gescheiden door lijstscheidingsteken)"), as the header shows;
- UTF-8, with or without the byte order mark Excel's "CSV UTF-8" puts in front;
- per line a year (from the first year the model accepts up to this year), a gemeentecode (`0546`, also `546`
  as Excel leaves it and `GM0546` as StatLine writes it) and three whole numbers of 0 or more; a figure may be
  empty or `.` (StatLine's sign for "not published"), stored as None;
- empty lines (also `;;;;`) are skipped; a gemeente and year may occur once.
Every problem is reported with its line number (the header is line 1), all of them at once.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.core.validators import MinValueValidator
from django.utils import timezone

from jgt_registratie.models import Gemeente
from reporting.models import StatlineCijfer

KOLOMMEN = ("jaar", "gemeentecode", "jeugdigen_wijkteam", "trajecten_zonder_verwijzer", "trajecten_totaal")
CIJFERS = KOLOMMEN[2:]
KOPREGEL = ",".join(KOLOMMEN)
#: StatLine's sign for a figure that is not published (also an empty cell)
NIET_GEPUBLICEERD = ("", ".")
#: the largest figure a column holds (PostgreSQL integer)
MAXIMUM = 2_147_483_647

_GEMEENTECODE = re.compile(r"(?:GM)?(\d{1,4})", re.IGNORECASE)
_HEEL_GETAL = re.compile(r"[0-9]+")  # not \d: that also takes other scripts' digits


@dataclass(frozen=True)
class Regel:
    """One good line: its number in the file and the values to store."""

    regelnummer: int
    jaar: int
    gemeente: str  # CBS code, 4 digits
    jeugdigen_wijkteam: int | None
    trajecten_zonder_verwijzer: int | None
    trajecten_totaal: int | None

    def cijfers(self) -> dict[str, int | None]:
        return {kolom: getattr(self, kolom) for kolom in CIJFERS}


@dataclass(frozen=True)
class Fout:
    """A problem: the line it is on (0: the file as a whole) and the Dutch sentence the beheerder reads."""

    regelnummer: int
    tekst: str

    @property
    def veld(self) -> str:
        return "bestand" if self.regelnummer == 0 else f"regel_{self.regelnummer}"


def eerste_jaar() -> int:
    """The first year the StatlineCijfer model accepts (its validator): one rule for the admin and the CSV."""
    field = StatlineCijfer._meta.get_field("jaar")
    return max(v.limit_value for v in field.validators if isinstance(v, MinValueValidator))


def lees(inhoud: bytes) -> tuple[list[Regel], list[Fout]]:
    """The good lines and the problems of a StatLine CSV; the caller loads the lines only when there is no problem."""
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Fout(0, "Het bestand is geen tekst in UTF-8. Sla het in Excel op als 'CSV UTF-8 (door komma's gescheiden)' "
                            "of als 'CSV (gescheiden door lijstscheidingsteken)'.")]
    if not tekst.strip(" ,;\t\r\n"):
        return [], [Fout(0, f"Het bestand is leeg. De eerste regel moet de kopregel zijn: {KOPREGEL}")]
    kop = tekst.splitlines()[0]
    scheiding = ";" if kop.count(";") > kop.count(",") else ","
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    kolommen = tuple(naam.strip().lower() for naam in next(reader, []))
    if kolommen != KOLOMMEN:
        return [], [Fout(1, f"Regel 1: de kopregel moet precies '{KOPREGEL}' zijn (of met ';' gescheiden); "
                            f"gevonden is '{kop.strip()[:200]}'.")]

    bekend = set(Gemeente.objects.values_list("code", flat=True))
    van, tot = eerste_jaar(), timezone.localdate().year
    regels: list[Regel] = []
    fouten: list[Fout] = []
    gezien: dict[tuple[str, int], int] = {}
    for velden in reader:
        n = reader.line_num
        velden = [v.strip() for v in velden]
        if not any(velden):
            continue
        if len(velden) != len(KOLOMMEN):
            fouten.append(Fout(n, f"Regel {n}: {len(velden)} kolommen gevonden, er horen er {len(KOLOMMEN)} te zijn "
                                  f"({', '.join(KOLOMMEN)}), gescheiden door '{scheiding}'."))
            continue
        eigen: list[str] = []
        jaar = _jaar(velden[0], van, tot, n, eigen)
        gemeente = _gemeente(velden[1], bekend, n, eigen)
        cijfers = {kolom: _cijfer(kolom, waarde, n, eigen) for kolom, waarde in zip(CIJFERS, velden[2:], strict=True)}
        if jaar is not None and gemeente is not None:
            eerder = gezien.setdefault((gemeente, jaar), n)
            if eerder != n:
                eigen.append(f"Regel {n}: gemeente {gemeente} met jaar {jaar} staat ook al op regel {eerder}; "
                             "elke gemeente en elk jaar mag één keer voorkomen.")
        if eigen:
            fouten += [Fout(n, zin) for zin in eigen]
        else:
            regels.append(Regel(n, jaar, gemeente, **cijfers))
    if not regels and not fouten:
        fouten.append(Fout(0, "Het bestand heeft alleen een kopregel en geen cijfers."))
    return regels, fouten


def _jaar(waarde: str, van: int, tot: int, n: int, fouten: list[str]) -> int | None:
    if not _HEEL_GETAL.fullmatch(waarde):
        fouten.append(f"Regel {n}: jaar '{waarde}' is geen jaartal." if waarde else f"Regel {n}: het jaar ontbreekt.")
        return None
    jaar = int(waarde)
    if not van <= jaar <= tot:
        fouten.append(f"Regel {n}: jaar {jaar} ligt buiten {van} tot en met {tot}.")
        return None
    return jaar


def _gemeente(waarde: str, bekend: set[str], n: int, fouten: list[str]) -> str | None:
    match = _GEMEENTECODE.fullmatch(waarde)
    code = match.group(1).zfill(4) if match else None
    if code not in bekend:
        fouten.append(f"Regel {n}: onbekende gemeentecode '{waarde}'." if waarde else f"Regel {n}: de gemeentecode ontbreekt.")
        return None
    return code


def _cijfer(kolom: str, waarde: str, n: int, fouten: list[str]) -> int | None:
    if waarde in NIET_GEPUBLICEERD:
        return None
    if not _HEEL_GETAL.fullmatch(waarde):
        fouten.append(f"Regel {n}: {kolom} '{waarde}' is geen heel getal van 0 of meer (schrijf het zonder punt, komma of spatie; "
                      "leeg of '.' betekent: niet gepubliceerd).")
        return None
    getal = int(waarde)
    if getal > MAXIMUM:
        fouten.append(f"Regel {n}: {kolom} {waarde} is te groot.")
        return None
    return getal
