"""Walking the audit log's hash chain (migration 0004): every row's hash is SHA-256 of the previous row's hash
followed by the row's canonical content, and the head table holds the last number and hash.

The content is recomputed here from the columns, with this module's own copy of the canonical form, and hashed
in Python: a changed trigger or function in the database cannot make a broken chain look whole. What it finds:
a changed row (its hash no longer follows), a removed row (a gap in the numbers), removed newest rows or an
emptied table (the head is ahead of the last row), a row added past the trigger (no number), and, given an
anchor written down earlier (`--anker NR:HASH`, from an earlier run's output), a chain rewritten from the start.
"""

import hashlib
from dataclasses import dataclass

from django.db import connection, transaction

GENESIS = "0" * 64

#: the canonical content of one row; the same jsonb array as jgt_auditlog_hash() in migration 0004
CONTENT_SQL = """jsonb_build_array(
    keten_nr, id, to_char(moment AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), user_id, username,
    role, action, object_type, object_id, host(client_address), result, detail)::text"""


def link_hash(previous: str, content: str) -> str:
    return hashlib.sha256((previous + content).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Breuk:
    """The first broken link: the chain number where it breaks, the audit row (id) found there, and why (Dutch)."""

    keten_nr: int | None
    regel_id: int | None
    reden: str

    def __str__(self):
        where = f"ketennummer {self.keten_nr}" if self.keten_nr is not None else "buiten de keten"
        row = f" (auditregel id {self.regel_id})" if self.regel_id is not None else ""
        return f"{where}{row}: {self.reden}"


@dataclass(frozen=True)
class Uitkomst:
    regels: int
    laatste_nr: int
    laatste_hash: str
    breuk: Breuk | None

    @property
    def heel(self) -> bool:
        return self.breuk is None


def verify(*, ankers: dict[int, str] | None = None, batch: int = 5000) -> Uitkomst:
    """Walk the whole chain in one consistent snapshot (read only) and return the first broken link, if any.
    (Called inside a transaction already begun, it reads in that one.)"""
    outer = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            if not outer:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT keten_nr, hash FROM jgt_registratie_auditketen WHERE id = 1")
            kop = cursor.fetchone()
            cursor.execute("SELECT min(id) FROM jgt_registratie_auditlog WHERE keten_nr IS NULL")
            (outside,) = cursor.fetchone()
        result = _walk(kop, ankers or {}, batch)
    if result.breuk is None and outside is not None:
        return Uitkomst(result.regels, result.laatste_nr, result.laatste_hash,
                        Breuk(None, outside, "deze regel heeft geen ketennummer: toegevoegd buiten de trigger om."))
    return result


def _walk(kop, ankers: dict[int, str], batch: int) -> Uitkomst:
    expected, previous, count = 1, GENESIS, 0

    def outcome(breuk=None):
        return Uitkomst(count, expected - 1, previous, breuk)

    cursor = connection.chunked_cursor()
    try:
        cursor.execute(f"SELECT keten_nr, id, hash, {CONTENT_SQL} FROM jgt_registratie_auditlog "
                       "WHERE keten_nr IS NOT NULL ORDER BY keten_nr")
        while rows := cursor.fetchmany(batch):
            for nr, row_id, stored, content in rows:
                if nr != expected:
                    missing = f"ketennummer {expected}" if nr == expected + 1 else f"ketennummers {expected} tot en met {nr - 1}"
                    return outcome(Breuk(expected, row_id, f"{missing} ontbreekt vóór deze regel: verwijderd."))
                if link_hash(previous, content) != stored:
                    return outcome(Breuk(nr, row_id, "de hash volgt niet uit de vorige regel en de inhoud: deze regel (of de hash van de "
                                                     "vorige) is gewijzigd."))
                if ankers.get(nr, stored) != stored:
                    return outcome(Breuk(nr, row_id, "de hash wijkt af van het vastgelegde anker: de keten is herschreven."))
                previous, expected, count = stored, expected + 1, count + 1
    finally:
        cursor.close()
    last = expected - 1
    if kop is None:
        if count:
            return outcome(Breuk(last, None, "de kop van de keten ontbreekt."))
    elif kop[0] > last:
        return outcome(Breuk(last + 1, None, f"de nieuwste regels ontbreken: de kop van de keten staat op {kop[0]}, de laatste regel op {last}."))
    elif tuple(kop) != (last, previous):
        return outcome(Breuk(last, None, "de kop van de keten past niet op de laatste regel."))
    if ankers and max(ankers) > last:
        return outcome(Breuk(max(ankers), None, f"het anker ligt voorbij de laatste regel ({last}): regels verwijderd."))
    return outcome()
