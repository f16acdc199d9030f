"""The CBS records of DOMAIN.md sections 5 and 6: one per hulpperiode (licht or heavier) overlapping the period.

`protocol_rows` (anonymised, `cbs_protocol`) and `aanlevering_rows` (with BSN, `cbs_aanlevering`) both
come from `_records`: one SQL query over the stored hulpperiodes with their jeugdige and dossier joined
and the referral flag as an EXISTS subquery; no query per row. Which hulpperiodes: the indicators' own overlap
rule (`reporting.indicators.base.hulpperiodes_in_scope`), so the records and I01 always agree.

A hulpperiode of a destroyed jeugdige (its anonymous remainder, `cases.retention`) stays a record: in the protocol with
a pseudonym of the remainder's own key and no pc4, in the delivery with the unknown BSN and the birth date `JJJJ0000`
(the protocol's code for an unknown month and day), so a redelivery of an earlier period has the same records.

Birth dates and BSNs as the Informatieprotocol writes them (section 2.2), in `geboortedatum_code` and `bsn_code`:
`JJJJMMDD`, `JJJJMM00` (day unknown), `JJJJ0000` (month and day unknown), `99999999` (unborn); BSN unknown
`000000000`, unborn `999999999`.
"""

from datetime import date

from django.db.models import DateField, Exists, OuterRef, Value
from django.db.models.functions import Coalesce

from cases.choices import GeboortedatumPrecisie
from cases.models import Doorverwijzing
from cases.selectors import huidig_adres_subquery
from jgt_registratie.pseudonyms import pseudoniem_van
from reporting.indicators.base import hulpperiodes_in_scope

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

_FIELDS = (
    "jeugdige_id", "jeugdige__bsn", "jeugdige__geboortedatum", "jeugdige__geboortedatum_precisie", "jeugdige__geslacht",
    "adres_gemeente_id", "adres_postcode",  # stop-gap, replaced by the rapport branch
    "dossier__verwijzer", "dossier__gestart_met_crisis", "start", "einde", "reden_beeindiging", "hulpsoort", "probleemcategorieen",
    "aantal_contacten", "contactminuten", "doorverwezen", "jeugdige__geanonimiseerd_op",
)


def _jjjjmmdd(day: date | None) -> str:
    return day.strftime("%Y%m%d") if day else ""


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


def _records(periode, gemeente) -> list[dict]:
    """The hulpperiodes of the protocol for the period (and gemeente of residence; None: all), in a fixed order.

    Selected by `hulpperiodes_in_scope`: jeugdhulp overlapping the period, of jeugdigen living in the gemeente.
    """
    referred = Doorverwijzing.objects.filter(
        dossier=OuterRef("dossier"), datum__gte=OuterRef("start"),
        datum__lte=Coalesce(OuterRef("einde"), Value(date.max), output_field=DateField()),
    )
    queryset = hulpperiodes_in_scope(None if gemeente is None else [gemeente.code], periode).annotate(
        doorverwezen=Exists(referred),
        # stop-gap, replaced by the rapport branch: the CURRENT address (the jeugdige's columns are gone)
        adres_gemeente_id=huidig_adres_subquery("gemeente_id", "jeugdige_id"),
        adres_postcode=huidig_adres_subquery("postcode", "jeugdige_id"),
    )
    rows = queryset.order_by("jeugdige_id", "start", "dossier_id", "volgnummer").values(*_FIELDS)
    records = []
    for row in rows:
        einde = row["einde"] if row["einde"] is not None and row["einde"] <= periode.einde else None  # still running at the period's end
        records.append({
            **row,
            "einde": einde,
            "reden_beeindiging": row["reden_beeindiging"] if einde else "",
            "pseudoniem": pseudoniem_van(bsn=row["jeugdige__bsn"], jeugdige_id=row["jeugdige_id"]),
        })
    # Ordered by pseudonym, not by internal id or registration order, so the order reveals nothing.
    records.sort(key=lambda r: (r["pseudoniem"], r["start"]))
    return records


def protocol_rows(periode, gemeente) -> list[tuple]:
    """Rows of `cbs_protocol` in the column order of PROTOCOL_KOLOMMEN: no BSN, name, birth date or postcode."""
    return [
        (
            r["pseudoniem"], _geboortejaar(r), r["jeugdige__geslacht"], r["adres_gemeente_id"],
            r["adres_postcode"][:4], r["dossier__verwijzer"] or "06", HULPVORM_WIJKTEAM, "J" if r["dossier__gestart_met_crisis"] else "N",
            _jjjjmmdd(r["start"]), _jjjjmmdd(r["einde"]), r["reden_beeindiging"], r["hulpsoort"],
            ";".join(sorted(r["probleemcategorieen"])), r["aantal_contacten"], r["contactminuten"], "J" if r["doorverwezen"] else "N",
        )
        for r in _records(periode, gemeente)
    ]


def _geboortejaar(record) -> str:
    """JJJJ; empty for an unborn child."""
    geboortedatum = record["jeugdige__geboortedatum"]
    return "" if geboortedatum is None else f"{geboortedatum.year:04d}"


def _geboortedatum(record) -> str:
    return geboortedatum_code(record["jeugdige__geboortedatum"], record["jeugdige__geboortedatum_precisie"],
                              anoniem=record["jeugdige__geanonimiseerd_op"] is not None)


def aanlevering_rows(periode, gemeente) -> list[tuple]:
    """Rows of the statutory delivery (section 5), with BSN: for the beheerder only."""
    return [
        (
            bsn_code(r["jeugdige__bsn"], ongeboren=r["jeugdige__geboortedatum"] is None), _geboortedatum(r), r["jeugdige__geslacht"],
            r["adres_postcode"] or r["adres_gemeente_id"], r["dossier__verwijzer"] or "06", HULPVORM_WIJKTEAM,
            "J" if r["dossier__gestart_met_crisis"] else "N", _jjjjmmdd(r["start"]), _jjjjmmdd(r["einde"]), r["reden_beeindiging"],
        )
        for r in _records(periode, gemeente)
    ]
