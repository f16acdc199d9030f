"""The indicator report of API.md ("Reports", `formaat: json`), and its rows for CSV and XLSX.

Every value passes `reporting.disclosure.protect`; the raw numbers never leave this module. The order
is fixed (indicators by code, breakdown cells in their definition's order), so the same request twice
gives the same bytes apart from `gemaaktOp`.
"""

from datetime import datetime

from jgt_registratie.models import Gemeente
from reporting.disclosure import protect
from reporting.indicators import DEFINITIEVERSIE, indicators_compute
from reporting.models import Duiding
from reporting.periods import Periode

KOLOMMEN = ("code", "naam", "dimensie", "categorie", "waarde", "weergave")


def indicator_protect(indicator) -> dict:
    """One indicator as API.md's JSON object, disclosure-controlled."""
    totaal = protect(indicator.totaal)
    return {
        "code": indicator.code,
        "naam": indicator.naam,
        "waarde": totaal.waarde,
        "weergave": totaal.weergave,
        "uitsplitsingen": [
            {"dimensie": cel.dimensie, "categorie": cel.categorie, **({"naam": cel.naam} if cel.naam else {}), **_values(protect(cel))}
            for cel in indicator.uitsplitsingen
        ],
    }


def _values(beveiligd) -> dict:
    return {"waarde": beveiligd.waarde, "weergave": beveiligd.weergave}


def duiding_get(gemeente: Gemeente | None, periode: Periode) -> Duiding | None:
    """The one place the duiding of a gemeente and period is read (report, dashboard, its edit page)."""
    if gemeente is None:
        return None
    return Duiding.objects.select_related("auteur").filter(gemeente=gemeente, periode=periode.code).first()


def duiding_text(gemeente: Gemeente | None, periode: Periode) -> str:
    duiding = duiding_get(gemeente, periode)
    return duiding.tekst if duiding else ""


def indicator_report(*, periode: Periode, gemeente: Gemeente | None, gemaakt_op: datetime) -> dict:
    """The report for one gemeente (None: all gemeenten together) over `periode`, as API.md's JSON shape."""
    indicatoren = indicators_compute(periode, None if gemeente is None else [gemeente.code])
    return {
        "periode": periode.code,
        "gemeente": None if gemeente is None else {"code": gemeente.code, "naam": gemeente.naam},
        "definitieversie": DEFINITIEVERSIE,
        "gemaaktOp": gemaakt_op.isoformat(),
        "duiding": duiding_text(gemeente, periode),
        "indicatoren": [indicator_protect(i) for i in indicatoren],
    }


def indicator_rows(rapport: dict) -> list[tuple]:
    """The report's rows for CSV and XLSX: `KOLOMMEN`, totals with empty dimensie and categorie.

    `waarde` is None where suppressed (an empty cell); `weergave` then holds ".". A cell with a `naam` (a wijk) keeps its
    code in `categorie`, as in the JSON; the XLSX shows the name in its description column (`categorie_namen`).
    """
    rows = []
    for indicator in rapport["indicatoren"]:
        rows.append((indicator["code"], indicator["naam"], "", "", indicator["waarde"], indicator["weergave"]))
        for cel in indicator["uitsplitsingen"]:
            rows.append((indicator["code"], indicator["naam"], cel["dimensie"], cel["categorie"], cel["waarde"], cel["weergave"]))
    return rows


def categorie_namen(rapport: dict) -> dict[tuple[str, str, str], str]:
    """The names the report gives its categories (the wijken: code -> name), by (indicator code, dimensie, categorie)."""
    return {(indicator["code"], cel["dimensie"], cel["categorie"]): cel["naam"]
            for indicator in rapport["indicatoren"] for cel in indicator["uitsplitsingen"] if cel.get("naam")}
