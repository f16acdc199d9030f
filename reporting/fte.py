"""The team FTE that serves a gemeente in a year (verantwoording, DOMAIN.md section 8: cost, registration coverage
and registration burden per FTE), from the formation the beheerder keeps per team and year (`TeamFte`).

A team may serve several gemeenten (JGT Leiderdorp/Zoeterwoude). Its FTE of a year is spread over the gemeenten it
serves (`Team.gemeenten`) in proportion to that year's contact minutes of the team per gemeente:

- a contact with dossier counts in the gemeente each of the dossier's jeugdigen lived in on the contact's date (from
  the address history), its minutes divided equally over those jeugdigen, as I10 divides them (the members of that date, `leden_op`);
- a contact without dossier counts in the gemeente recorded on it;
- only minutes in gemeenten the team serves count (a jeugdige who moved away does not draw FTE to another gemeente);
- a team with no such minutes in that year spreads its FTE equally over its gemeenten.

A team without a `TeamFte` for the year adds nothing; when no team serving the gemeente has one, `fte_voor` is None
("geen fte vastgelegd", never 0). Every sum runs in PostgreSQL; Python only shapes the rows.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from jgt_registratie.models import Gemeente
from reporting.indicators.base import JEUGDIGEN_VAN_CONTACT, gemeente_op, leden_joins, leden_op, lid_op
from reporting.periods import Periode

# Per team and served gemeente: the team's FTE of the year, its contact minutes there, and its share of the FTE.
_VERDELING = (
    "WITH minuten AS ("
    " SELECT c.team_id, " + gemeente_op("dj.jeugdige_id", "c.datum") + " AS gemeente_id,"
    "  c.duur_minuten::numeric / " + leden_op(JEUGDIGEN_VAN_CONTACT, "ll.later", "c.datum") + " AS m"
    " FROM cases_contact c JOIN cases_dossier_jeugdigen dj ON dj.dossier_id = c.dossier_id" + leden_joins("dj", "c.dossier_id") +
    " WHERE c.team_id IS NOT NULL AND c.datum BETWEEN %(start)s AND %(einde)s AND " + lid_op("gl.vanaf", JEUGDIGEN_VAN_CONTACT, "ll.later", "c.datum") +
    " UNION ALL SELECT c.team_id, c.gemeente_id, c.duur_minuten FROM cases_contact c"
    " WHERE c.team_id IS NOT NULL AND c.dossier_id IS NULL AND c.datum BETWEEN %(start)s AND %(einde)s),"
    " bediend AS ("
    " SELECT f.team_id, f.fte, tg.gemeente_id,"
    "  coalesce((SELECT sum(m.m) FROM minuten m WHERE m.team_id = f.team_id AND m.gemeente_id = tg.gemeente_id), 0) AS minuten"
    " FROM reporting_teamfte f JOIN jgt_registratie_team_gemeenten tg ON tg.team_id = f.team_id WHERE f.jaar = %(jaar)s"
    # only the teams serving the gemeente asked for: a team's shares depend on its own gemeenten only (the windows below
    # are per team), so the others' minutes need not be read
    "  AND (%(alle)s OR f.team_id IN (SELECT sg.team_id FROM jgt_registratie_team_gemeenten sg WHERE sg.gemeente_id = %(gemeente)s))),"
    " verdeeld AS ("
    " SELECT b.*, sum(b.minuten) OVER (PARTITION BY b.team_id) AS team_minuten, count(*) OVER (PARTITION BY b.team_id) AS team_gemeenten"
    " FROM bediend b)"
    " SELECT v.team_id, t.naam, v.gemeente_id, v.fte, v.minuten,"
    "  CASE WHEN v.team_minuten > 0 THEN v.fte * v.minuten / v.team_minuten ELSE v.fte / v.team_gemeenten END AS aandeel"
    " FROM verdeeld v JOIN jgt_registratie_team t ON t.id = v.team_id"
)


@dataclass(frozen=True)
class FteAandeel:
    """The part of one team's FTE that serves one gemeente in a year."""

    team_id: int
    team: str
    gemeente: str
    team_fte: Decimal
    minuten: Decimal
    fte: Decimal


def fte_verdeling(jaar: int, gemeente: Gemeente | str | None = None) -> list[FteAandeel]:
    """Every team's FTE of `jaar` per gemeente it serves (only those of `gemeente` when given), by team and gemeente."""
    code = getattr(gemeente, "pk", gemeente)
    periode = Periode.jaar(jaar)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({_VERDELING}) r WHERE %(alle)s OR r.gemeente_id = %(gemeente)s ORDER BY r.naam, r.gemeente_id",
                       {"start": periode.start, "einde": periode.einde, "jaar": jaar, "alle": code is None, "gemeente": code})
        return [FteAandeel(team_id, naam, gemeente_id, fte, minuten, aandeel)
                for team_id, naam, gemeente_id, fte, minuten, aandeel in cursor.fetchall()]


def fte_voor(gemeente: Gemeente | str, jaar: int) -> Decimal | None:
    """The FTE serving `gemeente` in `jaar`: the sum of the teams' shares (see the module), None when no team serving
    it has a formation for that year."""
    periode = Periode.jaar(jaar)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sum(r.aandeel), count(*) FROM ({_VERDELING}) r WHERE r.gemeente_id = %(gemeente)s",
                       {"start": periode.start, "einde": periode.einde, "jaar": jaar, "alle": False, "gemeente": getattr(gemeente, "pk", gemeente)})
        totaal, teams = cursor.fetchone()
    return None if not teams else totaal
