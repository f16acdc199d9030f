"""The CBS records of DOMAIN.md sections 5 and 6: one per hulpperiode (licht or heavier) overlapping the period.

`protocol_row` (anonymised, `cbs_protocol`) and `aanlevering_row` (with BSN, `cbs_aanlevering`) both lay out the
records of `records`: one SQL query over the stored hulpperiodes with their jeugdige and dossier joined; no query per
row, and no list of the records: they stream, in bounded memory at any size (issue 13). Which hulpperiodes: the
indicators' own overlap and scope rule (`reporting.indicators.base`), so the records and I01 always agree. What each
record shows is the hulpperiode as seen at the end of the period (`GEZIEN`, the same fragment I06 and I07 read): one
still running then has no datum einde and no reden, and its contacts, minutes, hulpsoort, categories and referral
count only up to the period end; one ended within the period its stored values. Gemeentecode, pc4 and postcode are
those of the jeugdige's address on the last day of the hulpperiode's overlap with the period (`gemeente_op`,
`postcode_op`): a move is passed on in the next delivery, not as a new record.

A hulpperiode of a destroyed jeugdige (its anonymous remainder, `cases.retention`) stays a record: in the protocol with
a pseudonym of the remainder's own key and no pc4, in the delivery with the unknown BSN and the birth date `JJJJ0000`
(the protocol's code for an unknown month and day), so a redelivery of an earlier period has the same records.

Birth dates and BSNs as the Informatieprotocol writes them (section 2.2), in `geboortedatum_code` and `bsn_code`:
`JJJJMMDD`, `JJJJMM00` (day unknown), `JJJJ0000` (month and day unknown), `99999999` (unborn); BSN unknown
`000000000`, unborn `999999999`.
"""

import functools
import itertools
import marshal
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import date
from operator import itemgetter
from pathlib import Path

from django.conf import settings
from django.db.backends.utils import CursorDebugWrapper

from cases.choices import GeboortedatumPrecisie
from jgt_registratie.pseudonyms import pseudoniem_van
from reporting.db import lees_verbinding
from reporting.exports.sortering import extern_gesorteerd
from reporting.indicators.base import HULPPERIODE_DAG, gemeente_op, hulpperiodes_gezien, postcode_op, sql_params

PROTOCOL_KOLOMMEN = (
    "pseudoniem", "geboortejaar", "geslacht", "gemeentecode", "pc4", "verwijzer", "hulpvorm", "gestart_met_crisis",
    "datum_aanvang", "datum_einde", "reden_beeindiging", "hulpsoort", "probleemcategorieen", "aantal_contacten",
    "contactminuten", "doorverwezen",
)
AANLEVERING_KOLOMMEN = (
    "bsn", "geboortedatum", "geslacht", "postcode_of_gemeentecode", "verwijzer", "hulpvorm", "gestart_met_crisis",
    "datum_aanvang", "datum_einde", "reden_beeindiging",
)
HULPVORM_WIJKTEAM = "01"
#: Informatieprotocol, section 2.2: an unknown BSN is 000000000, an unborn child 999999999 (DOMAIN.md 2027.1 corrected
#: the swap of the earlier definitions)
BSN_ONBEKEND = "000000000"
BSN_ONGEBOREN = "999999999"
#: the birth date of an unborn child (section 2.2)
GEBOORTEDATUM_ONGEBOREN = "99999999"

# (key, SQL expression): the keys are those of the ORM lookups this module used before, so the record helpers read alike.
_COLUMNS = (
    ("jeugdige_id", "h.jeugdige_id"), ("jeugdige__bsn", "j.bsn"), ("jeugdige__geboortedatum", "j.geboortedatum"),
    ("jeugdige__geboortedatum_precisie", "j.geboortedatum_precisie"), ("jeugdige__verwachte_geboortedatum", "j.verwachte_geboortedatum"),
    ("jeugdige__geslacht", "j.geslacht"), ("jeugdige__geanonimiseerd_op", "j.geanonimiseerd_op"),
    ("gemeentecode", gemeente_op("h.jeugdige_id", HULPPERIODE_DAG)), ("postcode", postcode_op("h.jeugdige_id", HULPPERIODE_DAG)),
    ("dossier__verwijzer", "d.verwijzer"), ("dossier__gestart_met_crisis", "d.gestart_met_crisis"), ("start", "h.start"),
    ("einde", "gezien.einde"), ("reden_beeindiging", "gezien.reden_beeindiging"), ("hulpsoort", "gezien.hulpsoort"),
    ("probleemcategorieen", "gezien.probleemcategorieen"), ("aantal_contacten", "gezien.aantal_contacten"),
    ("contactminuten", "gezien.contactminuten"), ("doorverwezen", "gezien.doorverwezen"),
)
_SQL = (
    f"SELECT {', '.join(expr for _, expr in _COLUMNS)} FROM {hulpperiodes_gezien(' JOIN cases_dossier d ON d.id = h.dossier_id')}"
    " ORDER BY h.jeugdige_id, h.start, h.dossier_id, h.volgnummer"
)
_KEYS = tuple(key for key, _ in _COLUMNS)
#: rows per chunk of the streamed query
ITERSIZE = 2000
#: records sorted in memory before a block is spilled to a temporary file (about 5 MB: each its key and its row as one
#: `marshal` string, not a tuple of sixteen objects)
SORTEERBLOK = 10_000


def _jjjjmmdd(day: date | None) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}" if day else ""  # strftime's "%Y%m%d", three times as fast


def geboortedatum_code(geboortedatum: date | None, precisie: str, *, anoniem: bool = False) -> str:
    """The protocol's geboortedatum: JJJJMMDD; JJJJMM00 when the day is unknown (precision `maand`); JJJJ0000 when day
    and month are unknown (precision `jaar`, and always for an anonymous remainder, which keeps the year only);
    99999999 for an unborn child (no geboortedatum)."""
    if geboortedatum is None:
        return GEBOORTEDATUM_ONGEBOREN
    if anoniem or precisie == GeboortedatumPrecisie.JAAR:
        return f"{geboortedatum.year:04d}0000"
    if precisie == GeboortedatumPrecisie.MAAND:
        return f"{geboortedatum.year:04d}{geboortedatum.month:02d}00"
    return _jjjjmmdd(geboortedatum)


def bsn_code(bsn: str | None, *, ongeboren: bool) -> str:
    """The protocol's BSN: the BSN; without one 999999999 for an unborn child, else 000000000 (unknown)."""
    if bsn:
        return bsn
    return BSN_ONGEBOREN if ongeboren else BSN_ONBEKEND


def _gelezen(periode, gemeente) -> Iterator[tuple]:
    """The source query's rows, each with its pseudonym in front, as the server sends them.

    One query, streamed in chunks of ITERSIZE rows (psycopg's `stream`): no server-side cursor, so no transaction and
    the plan of any query (a cursor's plan favours its first tenth), and the server computes the next rows while these
    are handled (a cursor's FETCH leaves one side idle in turn). It runs like any query of Django's: through the
    connection's execute wrappers (`connection.execute_wrapper`), logged and counted, its errors Django's."""
    verbinding = lees_verbinding()
    params = sql_params(periode, None if gemeente is None else [gemeente.code])
    bsn, jeugdige_id = _KEYS.index("jeugdige__bsn"), _KEYS.index("jeugdige_id")
    with verbinding.cursor() as cursor, verbinding.wrap_database_errors:
        def stream(sql, params, many, context):
            rows = cursor.cursor.stream(sql, params, size=ITERSIZE)
            first = next(rows, None)  # the query runs here, inside the wrappers
            return rows if first is None else itertools.chain([first], rows)

        executor = stream
        for wrapper in reversed(verbinding.execute_wrappers):
            executor = functools.partial(wrapper, executor)
        with cursor.debug_sql(_SQL, params) if isinstance(cursor, CursorDebugWrapper) else nullcontext():
            rows = executor(_SQL, params, False, {"connection": verbinding, "cursor": cursor})
        for row in rows:
            yield (pseudoniem_van(bsn=row[bsn], jeugdige_id=row[jeugdige_id]), *row)


def records(periode, gemeente, rij: Callable[[dict], tuple]) -> Iterator[tuple[str, tuple]]:
    """(key, row) of each hulpperiode of the protocol for the period (and gemeente; None: all) as seen at its end, laid
    out by `rij` (`protocol_row` or `aanlevering_row`), in a fixed order: by pseudonym, not by internal id or
    registration order, so the order reveals nothing; then by start; ties in the source query's order. The key is the
    record's for `Rapportage.cellen`: "<pseudoniem>|<datum_aanvang>", never a BSN, in either export.

    Jeugdhulp overlapping the period, of jeugdigen living in the gemeente on the last day of that overlap. One record at
    a time, in bounded memory at any size: the rows stream from the server (`_gelezen`), are laid out as they come, and
    are put in order by an external merge sort (`reporting.exports.sortering`), the pseudonym being computed here, not
    in SQL; the blocks it spills go to the reports' own storage (RAPPORTAGE_DIR), in unlinked temporary files.
    """
    def gelezen():
        for item in _gelezen(periode, gemeente):
            record = dict(zip(_KEYS, item[1:], strict=True))
            record["pseudoniem"] = item[0]
            # JJJJMMDD sorts as the date does, and a pseudonym has one length: the key sorts as (pseudonym, start)
            yield f"{item[0]}|{_jjjjmmdd(record['start'])}", marshal.dumps(rij(record))

    for sleutel, row in extern_gesorteerd(gelezen(), key=itemgetter(0), blok=SORTEERBLOK, directory=Path(settings.RAPPORTAGE_DIR)):
        yield sleutel, marshal.loads(row)


def protocol_row(r) -> tuple:
    """A row of `cbs_protocol` in the column order of PROTOCOL_KOLOMMEN: no BSN, name, birth date or postcode."""
    return (
        r["pseudoniem"], _geboortejaar(r), r["jeugdige__geslacht"], r["gemeentecode"],
        (r["postcode"] or "")[:4], r["dossier__verwijzer"] or "06", HULPVORM_WIJKTEAM, "J" if r["dossier__gestart_met_crisis"] else "N",
        _jjjjmmdd(r["start"]), _jjjjmmdd(r["einde"]), r["reden_beeindiging"], r["hulpsoort"],
        ";".join(sorted(r["probleemcategorieen"])), r["aantal_contacten"], r["contactminuten"], "J" if r["doorverwezen"] else "N",
    )


def aanlevering_row(r) -> tuple:
    """A row of the statutory delivery (section 5), with BSN: for the beheerder only."""
    return (
        bsn_code(r["jeugdige__bsn"], ongeboren=r["jeugdige__geboortedatum"] is None), _geboortedatum(r), r["jeugdige__geslacht"],
        r["postcode"] or r["gemeentecode"], r["dossier__verwijzer"] or "06", HULPVORM_WIJKTEAM,
        "J" if r["dossier__gestart_met_crisis"] else "N", _jjjjmmdd(r["start"]), _jjjjmmdd(r["einde"]), r["reden_beeindiging"],
    )


def protocol_rows(periode, gemeente) -> list[tuple]:
    """All rows of `cbs_protocol` as a list (for small periods and tests; the export itself streams `records`)."""
    return [row for _sleutel, row in records(periode, gemeente, protocol_row)]


def _geboortejaar(record) -> str:
    """JJJJ; empty for an unborn child."""
    geboortedatum = record["jeugdige__geboortedatum"]
    return "" if geboortedatum is None else f"{geboortedatum.year:04d}"


def _geboortedatum(record) -> str:
    return geboortedatum_code(record["jeugdige__geboortedatum"], record["jeugdige__geboortedatum_precisie"],
                              anoniem=record["jeugdige__geanonimiseerd_op"] is not None)


def aanlevering_rows(periode, gemeente) -> list[tuple]:
    """All rows of the statutory delivery as a list (for small periods and tests; the export itself streams `records`)."""
    return [row for _sleutel, row in records(periode, gemeente, aanlevering_row)]
