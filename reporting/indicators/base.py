"""The shape of a computed indicator and the SQL building blocks every definition shares.

The hulpperiodes a report is about (jeugdhulp of jeugdigen in scope, overlapping the period) are defined once
here, `HULPPERIODES_IN_PERIODE`; the CBS exports and the data-quality check select them through
`hulpperiodes_in_scope`, the same SQL, so a count in the indicators and a record in the exports cannot disagree.

Scope rules (DOMAIN.md section 7: "a jeugdige belongs to the gemeente of residence; a contact without
dossier to the gemeente recorded on it"), decided once here:

- a hulpperiode belongs to the gemeente of residence of its jeugdige (`cases_jeugdige.gemeente_id`, the
  current address: the registration keeps no address history);
- a dossier (and so a doorverwijzing, a status, an aanmelding) belongs to every gemeente in which at
  least one of its jeugdigen lives; a dossier is counted once per scope, however many of its jeugdigen
  live there;
- a contact with a dossier belongs to its dossier's gemeente(n) (the same rule); a contact without
  dossier to the gemeente recorded on it.

"Hulpperiode" in every indicator means one with hulpsoort licht or heavier (preventief is not jeugdhulp).
"Overlaps the period" means starts on or before its last day and ends on or after its first day or has
not ended. Every aggregation runs in PostgreSQL; Python only shapes the few result rows.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from cases.choices import JEUGDHULP
from cases.models import Hulpperiode
from reporting.periods import Periode


class Soort(StrEnum):
    """What kind of number a cell holds; disclosure control treats each kind by its own rule."""

    AANTAL = "aantal"          # a count of persons, hulpperiodes, contacts, dossiers
    SOM = "som"                # a sum over records (minutes); `basis` = number of records summed
    PERCENTAGE = "percentage"  # 0-100; `basis` = the denominator count
    GEMIDDELDE = "gemiddelde"  # `basis` = number of values averaged
    MEDIAAN = "mediaan"        # `basis` = number of values
    BEDRAG = "bedrag"          # euros; `basis` = the count it is divided over (None: not derived from persons)


RATE_LIKE = frozenset({Soort.PERCENTAGE, Soort.GEMIDDELDE, Soort.MEDIAAN, Soort.BEDRAG})


@dataclass(frozen=True)
class Cel:
    """One raw, unrounded value: the total (dimensie None) or one category of a breakdown."""

    dimensie: str | None
    categorie: str | None
    waarde: int | Decimal | None
    soort: Soort = Soort.AANTAL
    basis: int | None = None
    # Why `waarde` is None for another reason than "nothing to count", e.g. "geen budget vastgelegd".
    toelichting: str = ""
    # For a share of counted things (a percentage, a rate per 100): the count above the line. Disclosure control
    # needs it: a share of 2 in 40 would give away the suppressed count 2.
    teller: int | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    naam: str
    totaal: Cel
    uitsplitsingen: tuple[Cel, ...] = field(default_factory=tuple)

    def cel(self, dimensie: str | None = None, categorie: str | None = None) -> Cel:
        if dimensie is None:
            return self.totaal
        for c in self.uitsplitsingen:
            if c.dimensie == dimensie and c.categorie == categorie:
                return c
        raise KeyError((dimensie, categorie))


def decimal(value) -> Decimal | None:
    """A database number as an exact Decimal (float results of percentile_cont via their text form)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def ratio(teller, noemer) -> Decimal | None:
    return None if not noemer else Decimal(teller) / Decimal(noemer)


def percentage(teller, noemer) -> Decimal | None:
    return None if not noemer else Decimal(100) * Decimal(teller) / Decimal(noemer)


# --- SQL fragments ------------------------------------------------------------------------------------
# Parameters: %(start)s, %(einde)s (the period), %(alle)s (bool: no gemeente filter), %(gemeenten)s
# (list of CBS codes), %(jeugdhulp)s (licht, middelzwaar, zwaar).


def _huidige_gemeente(jeugdige_id_column: str) -> str:
    # stop-gap, replaced by the rapport branch: the gemeente of the jeugdige's CURRENT address (the column
    # cases_jeugdige.gemeente_id is gone; the rapport branch takes the address on the day DOMAIN.md section 7 names)
    return (f"(SELECT ha.gemeente_id FROM cases_adres ha WHERE ha.jeugdige_id = {jeugdige_id_column}"
            " ORDER BY ha.geldig_vanaf DESC NULLS LAST LIMIT 1)")


def jeugdige_in_scope(alias: str) -> str:
    # stop-gap, replaced by the rapport branch: `j` (and `sj`) are jeugdigen, whose gemeente is now in cases_adres;
    # any other alias (a budget `b`) still has its own gemeente_id column
    column = _huidige_gemeente(f"{alias}.id") if alias in ("j", "sj") else f"{alias}.gemeente_id"
    return f"(%(alle)s OR {column} = ANY(%(gemeenten)s))"


def dossier_in_scope(dossier_column: str) -> str:
    # stop-gap, replaced by the rapport branch (the current address, `_huidige_gemeente`)
    return (
        f"(%(alle)s OR EXISTS (SELECT 1 FROM cases_dossier_jeugdigen sdj"
        f" WHERE sdj.dossier_id = {dossier_column} AND {_huidige_gemeente('sdj.jeugdige_id')} = ANY(%(gemeenten)s)))"
    )


def contact_in_scope(alias: str) -> str:
    return (
        f"(%(alle)s OR ({alias}.dossier_id IS NULL AND {alias}.gemeente_id = ANY(%(gemeenten)s))"
        f" OR ({alias}.dossier_id IS NOT NULL AND {dossier_in_scope(f'{alias}.dossier_id')}))"
    )


# Hulpperiodes (licht or heavier) of jeugdigen in scope, as `h` joined to their jeugdige `j`: "<from> WHERE <conditions>",
# for a caller to add its own date condition with AND (started in the period, ended in the period).
HULPPERIODES_IN_SCOPE = (
    "cases_hulpperiode h JOIN cases_jeugdige j ON j.id = h.jeugdige_id"
    f" WHERE h.hulpsoort = ANY(%(jeugdhulp)s) AND {jeugdige_in_scope('j')}"
)
# THE overlap rule: those of them that overlap the period (see `hulpperiodes_in_scope` for its definition).
# I01, I06, I07, the help minutes of I09/I10 and the CBS exports all use this one string; the data-quality
# overlap check uses HULPPERIODES_IN_SCOPE (the same set and scope; it looks at the registration, not a period).
HULPPERIODES_IN_PERIODE = f"{HULPPERIODES_IN_SCOPE} AND h.start <= %(einde)s AND (h.einde IS NULL OR h.einde >= %(start)s)"
CONTACTEN_IN_PERIODE = f"cases_contact c WHERE c.datum BETWEEN %(start)s AND %(einde)s AND {contact_in_scope('c')}"


def sql_params(periode: Periode | None, gemeenten: list[str] | None, **extra) -> dict:
    """The parameters of the fragments above for a period (None: no period) and scope (CBS codes; None: all)."""
    params = {
        "alle": gemeenten is None,
        "gemeenten": sorted(set(gemeenten or [])),
        "jeugdhulp": sorted(JEUGDHULP),
        "tz": settings.TIME_ZONE,
    }
    if periode is not None:
        params |= {"start": periode.start, "einde": periode.einde}
    return {**params, **extra}


_NAMED_PARAMETER = re.compile(r"%\((\w+)\)s")


def hulpperiodes_in_scope(gemeenten: list[str] | None, periode: Periode | None = None) -> QuerySet[Hulpperiode]:
    """The hulpperiodes a report is about, as a queryset for the ORM callers (CBS exports, data-quality check).

    DOMAIN.md section 6: "one row per hulpperiode with hulpsoort licht or heavier that overlaps the period";
    section 7: "I01 jeugdigen met hulp: distinct jeugdigen with a hulpperiode (licht or heavier) overlapping the
    period", where "'Overlaps the period' means starts on or before its last day and ends on or after its first
    day (or has not ended)", and a jeugdige belongs to its gemeente of residence.

    So: hulpsoort licht, middelzwaar or zwaar; jeugdige living in one of `gemeenten` (CBS codes; None: all);
    with a `periode`, start <= its last day AND (einde IS NULL OR einde >= its first day) (`HULPPERIODES_IN_PERIODE`);
    without one, every such hulpperiode (`HULPPERIODES_IN_SCOPE`, for checks on the registration as a whole).
    The SQL is the indicators' own fragment, as `pk IN (SELECT h.id ...)`: one statement with the caller's query.
    """
    fragment = HULPPERIODES_IN_SCOPE if periode is None else HULPPERIODES_IN_PERIODE
    named = sql_params(periode, gemeenten)
    # RawSQL takes positional parameters: each %(name)s becomes %s, its value in the same order.
    sql = _NAMED_PARAMETER.sub("%s", f"SELECT h.id FROM {fragment}")
    return Hulpperiode.objects.filter(pk__in=RawSQL(sql, [named[name] for name in _NAMED_PARAMETER.findall(fragment)]))


class Context:
    """One computation: the period, the scope, a cursor helper and a memo for values indicators share."""

    def __init__(self, periode: Periode, gemeenten: list[str] | None):
        self.periode = periode
        self.gemeenten = None if gemeenten is None else sorted(set(gemeenten))
        self.memo: dict = {}

    def params(self, **extra) -> dict:
        return sql_params(self.periode, self.gemeenten, **extra)

    def rows(self, sql: str, **extra) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, self.params(**extra))
            return cursor.fetchall()

    def row(self, sql: str, **extra) -> tuple:
        return self.rows(sql, **extra)[0]

    def once(self, key, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def count_per(self, bron: str, dimensies: dict[str, str], **extra) -> tuple[int, dict[str, dict[str, int]]]:
        """Count rows of `bron` ("<from> WHERE <conditions>") in total and per dimension in ONE query (GROUPING SETS).

        `dimensies` maps a dimension name to the SQL expression of its category; `extra` are SQL parameters
        besides the period and scope.
        """
        names = list(dimensies)
        columns = ", ".join(f"{expr} AS d{i}" for i, expr in enumerate(dimensies.values()))
        telling = "count(*)"
        groupings = ", ".join(f"GROUPING(d{i})" for i in range(len(names)))
        sets = ", ".join(["()"] + [f"(d{i})" for i in range(len(names))])
        sql = (
            f"SELECT {groupings}, {', '.join(f'd{i}' for i in range(len(names)))}, {telling}"
            f" FROM (SELECT {columns} FROM {bron}) s GROUP BY GROUPING SETS ({sets})"
        )
        totaal = 0
        per: dict[str, dict[str, int]] = {name: {} for name in names}
        for row in self.rows(sql, **extra):
            flags, values, count = row[: len(names)], row[len(names): 2 * len(names)], row[-1]
            grouped = [i for i, flag in enumerate(flags) if flag == 0]
            if not grouped:
                totaal = count
            else:
                i = grouped[0]
                per[names[i]][str(values[i])] = count
        return totaal, per


def count_cells(dimensie: str, categorieen, gevonden: dict[str, int]) -> list[Cel]:
    """Count cells for every known category in its fixed order (zeros included), then any unexpected ones."""
    categorieen = list(categorieen)
    cells = [Cel(dimensie, c, gevonden.get(c, 0)) for c in categorieen]
    cells += [Cel(dimensie, c, gevonden[c]) for c in sorted(set(gevonden) - set(categorieen))]
    return cells
