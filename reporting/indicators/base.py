"""The shape of a computed indicator and the SQL building blocks every definition shares.

The hulpperiodes a report is about (jeugdhulp of jeugdigen in scope, overlapping the period) are defined once
here, `HULPPERIODES_IN_PERIODE`; the CBS exports (`hulpperiodes_gezien`) and the data-quality check
(`hulpperiodes_in_scope`) select them with the same SQL, so a count in the indicators and a record in the exports
cannot disagree. How such a hulpperiode looks at the end of the period (the period cut-off, DOMAIN.md section 6) is
defined once too, `GEZIEN`: the exports and I06/I07 read its columns.

Scope rules (DOMAIN.md section 7: "A jeugdige belongs to the gemeente of residence on the last day of the part of
the period it is counted for (for a hulpperiode: the last day of its overlap with the period), from the address
history; a contact without dossier to the gemeente recorded on it"), decided once here:

- the gemeente (and postcode) of a jeugdige on a day is read from its address history `cases_adres` by
  `gemeente_op` / `postcode_op`: the address with the greatest `geldig_vanaf` on or before that day, else the
  first address (`geldig_vanaf` NULL); the scope checks and `met_wijk` find the same address by the range the database
  keeps per address (`adres_geldig`: from `geldig_vanaf` up to the next address's, `geldig_tot`). Nothing here reads
  the jeugdige's own (old) gemeente or postcode columns;
- the day, per kind of thing counted:
  - a hulpperiode (I01, I02, I03, I06, I07, the help minutes of I09/I10, I11, I13's durations and the CBS exports):
    the last day of its overlap with the period, LEAST(COALESCE(einde, period end), period end)
    (`HULPPERIODE_DAG`); I13's first hulpperiode of a dossier likewise;
  - a state on the last day of the period (I04 dossiers in waakvlam): the period end;
  - an event: a contact with dossier (I05, I09, I10, I14, I15) its date; a doorverwijzing (I08) its date; an
    aanmelding (I12) the aanmelddatum;
- a dossier (and so a doorverwijzing, a status, an aanmelding, a contact with dossier) belongs to every gemeente
  in which at least one of its jeugdigen lived on that day; a dossier is counted once per scope, however many of its
  jeugdigen live there;
- a contact without dossier belongs to the gemeente recorded on it.
Without a period (the data-quality check on the registration as a whole) a hulpperiode's day is its end, or today
while it runs: the gemeente in which the latest report counts it.

"Hulpperiode" in every indicator means one with hulpsoort licht or heavier (preventief is not jeugdhulp).
"Overlaps the period" means starts on or before its last day and ends on or after its first day or has
not ended. Every aggregation runs in PostgreSQL; Python only shapes the few result rows.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cases.choices import JEUGDHULP, Hulpsoort
from cases.models import Hulpperiode
from reporting.db import lees_verbinding
from reporting.periods import Periode


class Soort(StrEnum):
    """What kind of number a cell holds; disclosure control treats each kind by its own rule."""

    AANTAL = "aantal"          # a count of persons, hulpperiodes, contacts, dossiers
    SOM = "som"                # a sum over records (minutes); `basis` = number of records summed
    PERCENTAGE = "percentage"  # 0-100; `basis` = the denominator count
    GEMIDDELDE = "gemiddelde"  # `basis` = number of values averaged
    MEDIAAN = "mediaan"        # `basis` = number of values
    BEDRAG = "bedrag"          # euros; `basis` = the count it is divided over (None: not derived from persons)
    GETAL = "getal"            # a figure not derived from persons (a team's FTE, hours of formation): one decimal


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
    # The readable name of the category where the code alone does not tell it (a wijk: "WK054600" is "Binnenstad-Noord");
    # empty for the breakdowns of 1.0, whose codes are fixed words.
    naam: str = ""


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
# (list of CBS codes), %(jeugdhulp)s (licht, middelzwaar, zwaar), %(volgorde)s (the same, light to heavy, as text[]),
# %(vandaag)s (today: the day of a running hulpperiode when there is no period).

JEUGDHULP_VOLGORDE = [Hulpsoort.LICHT.value, Hulpsoort.MIDDELZWAAR.value, Hulpsoort.ZWAAR.value]


# The members of a dossier on a day, over whom a contact's minutes are divided (DOMAIN.md: a family conversation of 60
# minutes with two children is 30 minutes for each): its current jeugdigen except those added later (`Gezinslid`) whose
# `vanaf` lies after that day, so a child added later takes no share of the contacts from before it joined, and a
# report of a past period stays the same (DOMAIN.md section 7). When no member is left on that day (possible only when
# the children of that time were erased, `cases.retention`), all current members share it, as before: the minutes of
# a contact still add up to its duration once. Almost no dossier has a later member, so the dates are read from the
# small Gezinslid table only: per dossier the sorted dates (NULL for most), and only when there are any the number of
# those after the day (`width_bucket`: how many of the sorted dates are on or before it) is subtracted.

#: SQL relation (dossier_id, later): per dossier with children added later that are still members, their `vanaf`
#: dates sorted; dossiers without such a child have no row.
LATER_LEDEN = (
    "(SELECT gl.dossier_id, array_agg(gl.vanaf ORDER BY gl.vanaf) AS later FROM cases_gezinslid gl"
    " JOIN cases_dossier_jeugdigen glj ON glj.dossier_id = gl.dossier_id AND glj.jeugdige_id = gl.jeugdige_id"
    " GROUP BY gl.dossier_id)"
)


#: SQL: the current number of jeugdigen of contact `c`'s dossier, looked up per contact (an `n` for `leden_op`).
JEUGDIGEN_VAN_CONTACT = "(SELECT count(*) FROM cases_dossier_jeugdigen x WHERE x.dossier_id = c.dossier_id)"


def leden_joins(lid_alias: str, dossier_column: str) -> str:
    """SQL joins for `leden_op`/`lid_op`: `gl.vanaf`, the date the member `lid_alias` (a cases_dossier_jeugdigen row) was
    added (NULL: from the start), and `ll.later`, the dossier's `LATER_LEDEN` dates (NULL: none)."""
    return (f" LEFT JOIN cases_gezinslid gl ON gl.dossier_id = {lid_alias}.dossier_id AND gl.jeugdige_id = {lid_alias}.jeugdige_id"
            f" LEFT JOIN {LATER_LEDEN} ll ON ll.dossier_id = {dossier_column}")


def leden_op(n: str, later: str, day_sql: str) -> str:
    """SQL: the number of members of a dossier on `day_sql` (the divisor of a contact's minutes), from `n`, its current
    number of jeugdigen, and `later`, its `LATER_LEDEN` dates (NULL: none); when none is left, `n`."""
    return (f"CASE WHEN {later} IS NULL THEN {n}"
            f" ELSE coalesce(nullif({n} - cardinality({later}) + width_bucket({day_sql}, {later}), 0), {n}) END")


def lid_op(vanaf: str, n: str, later: str, day_sql: str) -> str:
    """SQL: the member added on `vanaf` (NULL: from the start) is one of those `leden_op` counts on `day_sql` (`n`, `later`
    as there): added on or before that day, or no member is left on that day."""
    return f"({vanaf} IS NULL OR {vanaf} <= {day_sql} OR width_bucket({day_sql}, {later}) = 0 AND cardinality({later}) = {n})"


def _adres_van_dag(jeugdige_column: str, day_sql: str) -> str:
    """SQL "FROM ... LIMIT 1": the address `adr` the jeugdige lived at on `day_sql` (see `gemeente_op`)."""
    return (f"FROM cases_adres adr WHERE adr.jeugdige_id = {jeugdige_column}"
            f" AND (adr.geldig_vanaf IS NULL OR adr.geldig_vanaf <= {day_sql}) ORDER BY adr.geldig_vanaf DESC NULLS LAST LIMIT 1")


def adres_geldig(adres: str, day_sql: str) -> str:
    """SQL condition: the address `adres` (an alias of `cases_adres`) is the one its jeugdige lived at on `day_sql`, the
    address `gemeente_op` reads, as a range: from its `geldig_vanaf` (NULL: from the start) up to, not including, the
    `geldig_tot` the database keeps (the next address's `geldig_vanaf`; NULL: open-ended; migration cases 0019). The
    ranges of a jeugdige's addresses do not overlap, so at most one address holds on a day (for a day that is not NULL).
    As a join condition it lets PostgreSQL start from the scope's addresses (the index on gemeente) and hash them,
    instead of sorting each jeugdige's addresses once per row counted.
    """
    return (f"({adres}.geldig_vanaf IS NULL OR {adres}.geldig_vanaf <= {day_sql})"
            f" AND ({adres}.geldig_tot IS NULL OR {day_sql} < {adres}.geldig_tot)")


def adres_in_gemeenten(jeugdige_column: str, day_sql: str, gemeenten_param: str = "gemeenten") -> str:
    """SQL, no `%(alle)s`: the jeugdige's address on `day_sql` lies in one of the gemeenten of the parameter
    `gemeenten_param` (the scope's, `%(gemeenten)s`, unless named otherwise), as a semi-join."""
    return (f"EXISTS (SELECT 1 FROM cases_adres adr WHERE adr.jeugdige_id = {jeugdige_column}"
            f" AND adr.gemeente_id = ANY(%({gemeenten_param})s) AND {adres_geldig('adr', day_sql)})")


def _adres_op(kolom: str, jeugdige_column: str, day_sql: str) -> str:
    return f"(SELECT adr.{kolom} {_adres_van_dag(jeugdige_column, day_sql)})"


def gemeente_op(jeugdige_column: str, day_sql: str) -> str:
    """SQL: the CBS code of the gemeente the jeugdige lived in on `day_sql`, from its address history.

    The address with the greatest `geldig_vanaf` on or before that day, else the first address (`geldig_vanaf` NULL).
    """
    return _adres_op("gemeente_id", jeugdige_column, day_sql)


def postcode_op(jeugdige_column: str, day_sql: str) -> str:
    """SQL: the postcode (6 positions, or '' when unknown) of the jeugdige's address on `day_sql` (as `gemeente_op`)."""
    return _adres_op("postcode", jeugdige_column, day_sql)


#: the category of a jeugdige whose postcode lies in no wijk of its gemeente, or is unknown
WIJK_ONBEKEND = "onbekend"
WIJK_ONBEKEND_NAAM = "Wijk onbekend"


def _in_bereik(postcode_sql: str) -> str:
    """SQL: the postcode lies in the range `pb` (a pc6 range holds it whole, a pc4 range its first four digits), in byte
    order (COLLATE "C"), as the ranges are defined: the same for digits and capitals in every locale."""
    return (f"((length(pb.van) = 6 AND {postcode_sql} COLLATE \"C\" BETWEEN pb.van AND pb.tot)"
            f" OR (length(pb.van) = 4 AND left({postcode_sql}, 4) COLLATE \"C\" BETWEEN pb.van AND pb.tot))")


def wijk_op(jeugdige_column: str, day_sql: str) -> str:
    """SQL: the code of the wijk the jeugdige lived in on `day_sql`, else 'onbekend' (`WIJK_ONBEKEND`).

    From the address of that day (as `gemeente_op` / `postcode_op`): the wijk of the address's gemeente with a pc6 range
    (`jgt_registratie_postcodebereik`) holding the postcode, else one with a pc4 range holding its first four digits
    (a pc6 range is more specific and wins); no such wijk, or no postcode: 'onbekend'. Ranges of one level never
    overlap (an exclusion constraint), so there is at most one answer; see `jgt_registratie.wijken`. `met_wijk` gives
    the same for many jeugdigen at once.
    """
    return (
        "coalesce((SELECT w.code FROM cases_adres wa"
        " JOIN jgt_registratie_wijk w ON w.gemeente_id = wa.gemeente_id"
        " JOIN jgt_registratie_postcodebereik pb ON pb.wijk_id = w.id"
        f" WHERE wa.id = {_adres_op('id', jeugdige_column, day_sql)} AND wa.postcode <> ''"
        f" AND {_in_bereik('wa.postcode')}"
        f" ORDER BY length(pb.van) DESC LIMIT 1), '{WIJK_ONBEKEND}')"
    )


def met_wijk(rijen: str) -> str:
    """SQL from-item `x`: the rows of the SELECT `rijen` (columns `jeugdige_id` and `dag`, and any others) with `x.wijk`,
    the wijk the jeugdige lived in on `dag` by `wijk_op`'s rule, read set-based: the address of the day per row (its
    index), then the ranges once per distinct (gemeente, postcode) of those addresses instead of once per row.
    """
    return (
        f"(WITH x0 AS ({rijen}),"
        " xa AS MATERIALIZED (SELECT x0.*, wa.gemeente_id AS wijk_gemeente, wa.postcode AS wijk_postcode FROM x0"
        f" LEFT JOIN cases_adres wa ON wa.jeugdige_id = x0.jeugdige_id AND {adres_geldig('wa', 'x0.dag')}),"
        " pc AS (SELECT p.gemeente_id, p.postcode, (SELECT w.code FROM jgt_registratie_wijk w"
        " JOIN jgt_registratie_postcodebereik pb ON pb.wijk_id = w.id WHERE w.gemeente_id = p.gemeente_id"
        f" AND {_in_bereik('p.postcode')} ORDER BY length(pb.van) DESC LIMIT 1) AS code"
        " FROM (SELECT DISTINCT wijk_gemeente AS gemeente_id, wijk_postcode AS postcode FROM xa WHERE wijk_postcode <> '') p)"
        f" SELECT xa.*, coalesce(pc.code, '{WIJK_ONBEKEND}') AS wijk FROM xa"
        " LEFT JOIN pc ON pc.gemeente_id = xa.wijk_gemeente AND pc.postcode = xa.wijk_postcode) x"
    )


def in_gemeenten(gemeente_sql: str) -> str:
    return f"(%(alle)s OR {gemeente_sql} = ANY(%(gemeenten)s))"


def jeugdige_in_scope(jeugdige_column: str, day_sql: str) -> str:
    """The jeugdige lived in one of the gemeenten of the scope on `day_sql` (not NULL): `gemeente_op`'s address of that
    day, found by its range (`adres_geldig`)."""
    return f"(%(alle)s OR {adres_in_gemeenten(jeugdige_column, day_sql)})"


def dossier_in_scope(dossier_column: str, day_sql: str) -> str:
    """At least one of the dossier's jeugdigen lived in one of the gemeenten of the scope on `day_sql`."""
    return (
        f"(%(alle)s OR EXISTS (SELECT 1 FROM cases_dossier_jeugdigen sdj WHERE sdj.dossier_id = {dossier_column}"
        f" AND {gemeente_op('sdj.jeugdige_id', day_sql)} = ANY(%(gemeenten)s)))"
    )


def _dossier_van_rij_in_scope(dossier_column: str, day_sql: str, *, per_rij: bool = False) -> str:
    """SQL, no `%(alle)s`: at least one of the dossier's jeugdigen lived in one of the scope's gemeenten on `day_sql`
    (`dossier_in_scope`'s rule), the address of the day found by its range (`adres_geldig`). As an EXISTS that stands alone
    with AND, so PostgreSQL may make it a semi-join (it hashes the scope's addresses with their dossiers once, the date
    range a join filter: the contacts of a year, I04's dossiers); `per_rij` checks each row of the period by
    look-ups in the indexes instead (the LIMIT keeps PostgreSQL from hashing the whole history to check the few
    aanmeldingen, referrals or first hulpperiodes of a quarter)."""
    jeugdigen = (f"FROM cases_dossier_jeugdigen sdj JOIN cases_adres adr ON adr.jeugdige_id = sdj.jeugdige_id"
                 f" WHERE sdj.dossier_id = {dossier_column} AND adr.gemeente_id = ANY(%(gemeenten)s) AND {adres_geldig('adr', day_sql)}")
    if per_rij:
        return f"(SELECT true {jeugdigen} LIMIT 1)"
    return f"EXISTS (SELECT 1 {jeugdigen})"


# The contacts of the period in scope (I05, I09, I14, I15 and the verantwoording), the one definition of the scope of a
# contact: a contact with dossier belongs to the gemeenten its dossier's jeugdigen lived in on the contact's date; one
# without dossier to the gemeente recorded on it. It reads only the period's contacts (the indexes on `datum` and
# (gemeente, datum)): all of them, or the UNION ALL of those without dossier recorded in the scope and those with dossier
# whose dossier had a jeugdige living in the scope that day (a contact counts once, however many of them lived there).
# Each branch switches on `%(alle)s` with AND, so an "all gemeenten" report reads the contacts once and checks nothing.
_CONTACTEN_IN_PERIODE_SQL = (
    "SELECT c.* FROM cases_contact c WHERE %(alle)s AND c.datum BETWEEN %(start)s AND %(einde)s"
    " UNION ALL SELECT c.* FROM cases_contact c WHERE NOT %(alle)s AND c.datum BETWEEN %(start)s AND %(einde)s"
    " AND c.dossier_id IS NULL AND c.gemeente_id = ANY(%(gemeenten)s)"
    " UNION ALL SELECT c.* FROM cases_contact c WHERE NOT %(alle)s AND c.datum BETWEEN %(start)s AND %(einde)s"
    f" AND {_dossier_van_rij_in_scope('c.dossier_id', 'c.datum')}"
)


def dossiers_in_scope(select: str, where: str, alias: str, dossier_column: str, day_sql: str, *, per_rij: bool = False) -> str:
    """SQL: the rows of `SELECT {select} WHERE {where}` of dossiers in scope on `day_sql`, as the from-item `alias`.

    The dossier scope rule of `dossier_in_scope` (at least one of the dossier's jeugdigen lived in one of the scope's
    gemeenten on that day; a row counts once): all rows, or those whose dossier has such a jeugdige (checked per row of
    the period by `_dossier_van_rij_in_scope`, `per_rij` as there), the UNION ALL of the two switched by `%(alle)s` with AND.
    `select` is "<columns> FROM <tables>", `dossier_column` and `day_sql` refer to its tables.
    """
    return (
        f"(SELECT {select} WHERE ({where}) AND %(alle)s UNION ALL SELECT {select} WHERE ({where}) AND NOT %(alle)s"
        f" AND {_dossier_van_rij_in_scope(dossier_column, day_sql, per_rij=per_rij)}) {alias}"
    )


def _hulpperiode_dag(tot: str) -> str:
    return f"LEAST(COALESCE(h.einde, {tot}), {tot})"


# The day a hulpperiode `h` is counted on: the last day of its overlap with the period.
HULPPERIODE_DAG = _hulpperiode_dag("%(einde)s")
_HULPPERIODE_BRON = "cases_hulpperiode h JOIN cases_jeugdige j ON j.id = h.jeugdige_id"


def _hulpperiodes_in_scope(tot: str, joins: str = "") -> str:
    # The scope is a lookup of the address per hulpperiode of the period (`jeugdige_in_scope`: its OR with `%(alle)s` keeps
    # it a per-row check by the (jeugdige, geldig_vanaf) index): it reads only the rows the callers' period conditions
    # select.
    return (f"{_HULPPERIODE_BRON}{joins} WHERE h.hulpsoort = ANY(%(jeugdhulp)s)"
            f" AND {jeugdige_in_scope('h.jeugdige_id', _hulpperiode_dag(tot))}")


# A hulpperiode `h` as it looks at the end of the period (DOMAIN.md section 6, the period cut-off), the lateral join
# `gezien`: one that ended within the period keeps its stored (frozen) values; one still running at the period's
# end (einde NULL or after it) shows no einde, einde_door or reden, and its counts, minutes, hulpsoort and categories
# are computed from the dossier's contacts dated from its start up to the period end: hulpsoort the heaviest of its
# hulpcontacts (inzet hulp, licht or heavier; the stored one if there is none yet), categories the dossier's as the
# hulpperiode carries them (`dossier_categorieen`: kept current while it runs, frozen when it ends, so a later change
# of the dossier never rewrites a past period) and those of these contacts. `doorverwezen`: a doorverwijzing of the
# dossier dated from its start up to its end or the period end, whichever comes first.
LOPEND_OP_PERIODE_EINDE = "(h.einde IS NULL OR h.einde > %(einde)s)"
GEZIEN = (
    " CROSS JOIN LATERAL (SELECT"
    f" CASE WHEN {LOPEND_OP_PERIODE_EINDE} THEN NULL ELSE h.einde END AS einde,"
    f" CASE WHEN {LOPEND_OP_PERIODE_EINDE} THEN '' ELSE h.einde_door END AS einde_door,"
    f" CASE WHEN {LOPEND_OP_PERIODE_EINDE} THEN '' ELSE h.reden_beeindiging END AS reden_beeindiging,"
    f" CASE WHEN {LOPEND_OP_PERIODE_EINDE} THEN coalesce(tot.zwaarste, h.hulpsoort) ELSE h.hulpsoort END AS hulpsoort,"
    f" CASE WHEN {LOPEND_OP_PERIODE_EINDE} THEN ARRAY(SELECT DISTINCT u.code FROM ("
    "  SELECT unnest(h.dossier_categorieen) AS code"
    "  UNION SELECT cp.probleemcategorie_id FROM cases_contact cc JOIN cases_contact_probleemcategorieen cp ON cp.contact_id = cc.id"
    "   WHERE cc.dossier_id = h.dossier_id AND cc.datum BETWEEN h.start AND %(einde)s) u ORDER BY u.code)"
    "  ELSE h.probleemcategorieen END AS probleemcategorieen,"
    f" CASE WHEN {LOPEND_OP_PERIODE_EINDE} THEN tot.aantal ELSE h.aantal_contacten END AS aantal_contacten,"
    f" CASE WHEN {LOPEND_OP_PERIODE_EINDE} THEN tot.minuten ELSE h.contactminuten END AS contactminuten,"
    " EXISTS (SELECT 1 FROM cases_doorverwijzing dv WHERE dv.dossier_id = h.dossier_id"
    f"  AND dv.datum BETWEEN h.start AND {HULPPERIODE_DAG}) AS doorverwezen"
    " FROM (SELECT count(*) AS aantal, coalesce(sum(c.duur_minuten), 0) AS minuten,"
    "  (%(volgorde)s::text[])[max(array_position(%(volgorde)s::text[], c.hulpsoort::text))"
    "   FILTER (WHERE c.inzet = 'hulp' AND c.hulpsoort = ANY(%(jeugdhulp)s))] AS zwaarste"
    "  FROM cases_contact c WHERE c.dossier_id = h.dossier_id AND c.datum BETWEEN h.start AND %(einde)s"
    f"  AND {LOPEND_OP_PERIODE_EINDE}) tot) gezien"
)

# Hulpperiodes (licht or heavier) of jeugdigen in scope, as `h` joined to their jeugdige `j`: "<from> WHERE <conditions>",
# for a caller to add its own date condition with AND (started in the period, ended in the period). In scope: the
# jeugdige lived in the gemeente on the last day of the hulpperiode's overlap with the period (`HULPPERIODE_DAG`).
HULPPERIODES_IN_SCOPE = _hulpperiodes_in_scope("%(einde)s")
_OVERLAP = " AND h.start <= %(einde)s AND (h.einde IS NULL OR h.einde >= %(start)s)"
# THE overlap rule: those of them that overlap the period (see `hulpperiodes_in_scope` for its definition).
# I01, I06, I07, the help minutes of I09/I10 and the CBS exports all use this one string (HULPPERIODES_GEZIEN adds the
# period cut-off, `gezien`); the data-quality overlap check uses HULPPERIODES_IN_REGISTRATIE (the same set, with no period).
HULPPERIODES_IN_PERIODE = HULPPERIODES_IN_SCOPE + _OVERLAP


def hulpperiodes_gezien(joins: str = "") -> str:
    """HULPPERIODES_IN_PERIODE with the period cut-off `gezien` joined, and the caller's own `joins` (" JOIN ...") before it."""
    return _hulpperiodes_in_scope("%(einde)s", joins + GEZIEN) + _OVERLAP


HULPPERIODES_GEZIEN = hulpperiodes_gezien()
HULPPERIODES_IN_REGISTRATIE = _hulpperiodes_in_scope("%(vandaag)s")
# The contacts of the period in scope as `c` (every column of `cases_contact`): "<from> WHERE <conditions>" like the other
# sources, for a caller to add its own conditions with AND.
CONTACTEN_IN_PERIODE = f"({_CONTACTEN_IN_PERIODE_SQL}) c WHERE TRUE"


def sql_params(periode: Periode | None, gemeenten: list[str] | None, **extra) -> dict:
    """The parameters of the fragments above for a period (None: no period) and scope (CBS codes; None: all)."""
    params = {
        "alle": gemeenten is None,
        "gemeenten": sorted(set(gemeenten or [])),
        "jeugdhulp": sorted(JEUGDHULP),
        "volgorde": JEUGDHULP_VOLGORDE,
        "tz": settings.TIME_ZONE,
        "vandaag": timezone.localdate(),
    }
    if periode is not None:
        params |= {"start": periode.start, "einde": periode.einde}
    return {**params, **extra}


_NAMED_PARAMETER = re.compile(r"%\((\w+)\)s")


def hulpperiodes_in_scope(gemeenten: list[str] | None, periode: Periode | None = None, *,
                          vandaag: date | None = None) -> QuerySet[Hulpperiode]:
    """The hulpperiodes a report is about, as a queryset for the ORM callers (the data-quality check).

    DOMAIN.md section 6: "one row per hulpperiode with hulpsoort licht or heavier that overlaps the period";
    section 7: "I01 jeugdigen met hulp: distinct jeugdigen with a hulpperiode (licht or heavier) overlapping the
    period", where "'Overlaps the period' means starts on or before its last day and ends on or after its first
    day (or has not ended)", and a jeugdige belongs to its gemeente of residence on the last day of that overlap.

    So: hulpsoort licht, middelzwaar or zwaar; jeugdige living in one of `gemeenten` (CBS codes; None: all) on that
    day; with a `periode`, start <= its last day AND (einde IS NULL OR einde >= its first day) (`HULPPERIODES_IN_PERIODE`);
    without one, every such hulpperiode, its day its end or today while it runs (`HULPPERIODES_IN_REGISTRATIE`, for
    checks on the registration as a whole). The SQL is the indicators' own fragment, as `pk IN (SELECT h.id ...)`.
    """
    fragment = HULPPERIODES_IN_REGISTRATIE if periode is None else HULPPERIODES_IN_PERIODE
    extra = {} if vandaag is None else {"vandaag": vandaag}
    return Hulpperiode.objects.filter(pk__in=raw_sql(f"SELECT h.id FROM {fragment}", sql_params(periode, gemeenten, **extra)))


def raw_sql(sql: str, named: dict) -> RawSQL:
    """`sql` with %(name)s parameters as a RawSQL expression (which takes positional ones, in order)."""
    return RawSQL(_NAMED_PARAMETER.sub("%s", sql), [named[name] for name in _NAMED_PARAMETER.findall(sql)])


class Context:
    """One computation: the period, the scope, a cursor helper and a memo for values indicators share."""

    def __init__(self, periode: Periode, gemeenten: list[str] | None, *, alleen_totaal: bool = False):
        self.periode = periode
        self.gemeenten = None if gemeenten is None else sorted(set(gemeenten))
        self.memo: dict = {}
        # Only the totals are asked (the dashboard's charts): an indicator may then leave out a breakdown that costs a
        # read of its own (the wijk of every jeugdige); its total is the same.
        self.alleen_totaal = alleen_totaal

    def params(self, **extra) -> dict:
        return sql_params(self.periode, self.gemeenten, **extra)

    def rows(self, sql: str, **extra) -> list[tuple]:
        with lees_verbinding().cursor() as cursor:
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


WIJK = "wijk"


#: SQL: the wijken of the scope's gemeenten (code, naam), none when none of them has a postcode range yet
WIJKEN_IN_SCOPE = (
    f"SELECT w.code, w.naam FROM jgt_registratie_wijk w WHERE {in_gemeenten('w.gemeente_id')}"
    " AND EXISTS (SELECT 1 FROM jgt_registratie_postcodebereik pb JOIN jgt_registratie_wijk v ON v.id = pb.wijk_id"
    f" WHERE {in_gemeenten('v.gemeente_id')})"
)


def wijken_in_scope(ctx: Context) -> list[tuple[str, str]]:
    """(code, naam) of every wijk of the scope's gemeenten, by code; empty when none of them has a postcode range yet.

    The wijk breakdown (`wijk_cells`) lists these, zeros included, then `WIJK_ONBEKEND`. Without any range there is no
    breakdown at all: every jeugdige would be "Wijk onbekend", which says nothing, and a report of a gemeente that keeps
    no wijken has exactly the rows it had before wijken existed (API 1.0). I01 reads the list in its own query and
    leaves it in the memo, so a report or dashboard spends no query of its own on it.
    """
    return ctx.once(WIJK, lambda: ctx.rows(f"{WIJKEN_IN_SCOPE} ORDER BY w.code"))


def wijk_cells(wijken: list[tuple[str, str]], gevonden: dict[str, int]) -> list[Cel]:
    """Count cells of the wijk breakdown: every wijk of the scope (zeros included), then "Wijk onbekend"; each with its name."""
    namen = dict(wijken)
    codes = [code for code, _ in wijken] + sorted(set(gevonden) - set(namen) - {WIJK_ONBEKEND}) + [WIJK_ONBEKEND]
    namen[WIJK_ONBEKEND] = WIJK_ONBEKEND_NAAM
    return [Cel(WIJK, code, gevonden.get(code, 0), naam=namen.get(code, code)) for code in codes]


def count_cells(dimensie: str, categorieen, gevonden: dict[str, int]) -> list[Cel]:
    """Count cells for every known category in its fixed order (zeros included), then any unexpected ones."""
    categorieen = list(categorieen)
    cells = [Cel(dimensie, c, gevonden.get(c, 0)) for c in categorieen]
    cells += [Cel(dimensie, c, gevonden[c]) for c in sorted(set(gevonden) - set(categorieen))]
    return cells
