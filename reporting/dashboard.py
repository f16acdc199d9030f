"""The gemeente dashboard's figures: key indicators, a trend over quarters and the same period in earlier years.

Only disclosure-controlled values leave this module (`reporting.report.indicator_protect`, which applies
`reporting.disclosure.protect`), and charts are drawn from those values: a suppressed value has no bar.
Every figure carries its unit for the page (`tekst`: "76.585 minuten", "€ 1.234,00", "48,0%"), and a period that ends
before the gemeente's first registration shows "geen gegevens" instead of zeros (`eerste_registratie`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jgt_registratie.models import Gemeente
from reporting.db import lees_verbinding
from reporting.disclosure import protect
from reporting.indicators import NAMEN, Soort, indicators_compute
from reporting.indicators.base import Cel, Context, gemeente_op
from reporting.indicators.definities import REGISTER
from reporting.labels import categorie_label, dimensie_label, probleemcategorie_names
from reporting.periods import EERSTE_JAAR, Periode, last_closed_quarter
from reporting.reeksen import hulpperiodes_per_periode
from reporting.report import indicator_protect

GEEN_GEGEVENS = "geen gegevens"

KERNINDICATOREN = ("I01", "I02", "I03", "I05", "I06", "I07", "I09", "I14")
TREND_KWARTALEN = 8
EERDERE_JAREN = 4

# Chart geometry (SVG user units).
BREEDTE, HOOGTE = 640, 240
MARGE_LINKS, MARGE_ONDER, MARGE_BOVEN = 48, 36, 16


#: what a count of each indicator counts (its unit on the page); other kinds of figures carry their own unit
AANTAL_EENHEID = {
    "I01": "jeugdigen", "I02": "hulpperiodes", "I03": "hulpperiodes", "I04": "dossiers", "I05": "contacten", "I06": "jeugdigen",
    "I07": "hulpperiodes", "I08": "doorverwijzingen", "I12": "dossiers",
}
#: the unit of a mean or median, by indicator (its total) or kengetal (a breakdown cell of dimension `kengetal`)
GEMIDDELDE_EENHEID = {
    "gemiddeld_per_jeugdige_met_hulp": "minuten", "per_100_jeugdigen_met_hulp": "per 100 jeugdigen met hulp",
    "gemiddelde_tevredenheid": "(schaal 1-5)", "mediane_duur_beeindigde_hulpperiodes_dagen": "dagen", "I13": "dagen", "I15": "seconden",
}


def eerste_registratie(gemeente: Gemeente) -> date | None:
    """The date of the gemeente's first registration: its earliest contact without dossier, or the earliest aanmelddatum
    of a dossier with a jeugdige who lived in the gemeente on that day. None: nothing registered for it yet."""
    sql = (
        "SELECT least("
        " (SELECT min(c.datum) FROM cases_contact c WHERE c.dossier_id IS NULL AND c.gemeente_id = %(gemeente)s),"
        # the dossiers in date order (their index), stopping at the first of the gemeente: not a read of every dossier
        " (SELECT d.aanmelddatum FROM cases_dossier d WHERE EXISTS (SELECT 1 FROM cases_dossier_jeugdigen sdj"
        f"  WHERE sdj.dossier_id = d.id AND {gemeente_op('sdj.jeugdige_id', 'd.aanmelddatum')} = %(gemeente)s)"
        "  ORDER BY d.aanmelddatum LIMIT 1))"
    )
    with lees_verbinding().cursor() as cursor:
        cursor.execute(sql, {"gemeente": gemeente.code})
        return cursor.fetchone()[0]


def heeft_gegevens(periode: Periode, eerste: date | None) -> bool:
    """Whether the period may show figures: something of the gemeente is dated on or before its end."""
    return eerste is not None and eerste <= periode.einde


def _getal(waarde, decimalen: int) -> str:
    """Dutch notation: a full stop between thousands, a decimal comma ("76.585", "1.234,50", "48,0")."""
    return f"{Decimal(str(waarde)):,.{decimalen}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def met_eenheid(code: str, soort: Soort, kengetal: str | None, waarde, weergave: str) -> str:
    """A protected figure as the page shows it, with its unit; a suppressed one (".", or a reason) as it is."""
    if waarde is None:
        return weergave
    if soort == Soort.BEDRAG:
        return f"€ {_getal(waarde, 2)}"
    if soort == Soort.PERCENTAGE:
        return f"{_getal(waarde, 1)}%"
    if soort == Soort.SOM:
        return f"{_getal(waarde, 0)} minuten"
    if soort == Soort.AANTAL:
        eenheid = AANTAL_EENHEID.get(code)
        return f"{_getal(waarde, 0)} {eenheid}" if eenheid else _getal(waarde, 0)
    eenheid = GEMIDDELDE_EENHEID.get(kengetal or code)
    return f"{_getal(waarde, 1)} {eenheid}" if eenheid else _getal(waarde, 1)


def _groepen(cellen: list[dict]) -> list[dict]:
    """Breakdown cells grouped per dimension, each group with its Dutch label ("herhaald beroep": ja: 50; nee: 260)."""
    groepen: dict[str, dict] = {}
    for cel in cellen:
        groep = groepen.setdefault(cel["dimensie"], {"dimensie": cel["dimensie"], "label": dimensie_label(cel["dimensie"]), "cellen": []})
        groep["cellen"].append(cel)
    return list(groepen.values())


def key_figures(periode: Periode, gemeente: Gemeente, *, eerste: date | None, totalen: dict | None = None) -> list[dict]:
    """The key indicators, disclosure-controlled, each figure with its unit (`tekst`), each breakdown cell with a readable
    `label`, the cells grouped per dimension (`groepen`). Before the first registration: no figures, "geen gegevens".
    `totalen`, when given, receives each indicator's raw total as {(code, periode): Cel}, for the charts (`figures`)."""
    if not heeft_gegevens(periode, eerste):
        return [{"code": code, "naam": NAMEN[code], "waarde": None, "weergave": GEEN_GEGEVENS, "tekst": GEEN_GEGEVENS,
                 "uitsplitsingen": [], "groepen": [], "geen_gegevens": True} for code in KERNINDICATOREN]
    namen = probleemcategorie_names()
    result = []
    for indicator in indicators_compute(periode, [gemeente.code], codes=KERNINDICATOREN):
        if totalen is not None:
            totalen[(indicator.code, periode)] = indicator.totaal
        shown = indicator_protect(indicator)
        shown["tekst"] = met_eenheid(indicator.code, indicator.totaal.soort, None, shown["waarde"], shown["weergave"])
        for cel, raw in zip(shown["uitsplitsingen"], indicator.uitsplitsingen, strict=True):
            cel["label"] = cel.get("naam") or categorie_label(cel["dimensie"], cel["categorie"], probleemcategorieen=namen)
            kengetal = cel["categorie"] if cel["dimensie"] == "kengetal" else None
            cel["tekst"] = met_eenheid(indicator.code, raw.soort, kengetal, cel["waarde"], cel["weergave"])
        shown["groepen"] = _groepen([c for c in shown["uitsplitsingen"] if c["weergave"] != "0"])
        shown["geen_gegevens"] = False
        result.append(shown)
    return result


def series_totals(periodes: list[Periode], gemeente: Gemeente, code: str) -> dict[tuple[str, Periode], Cel]:
    """The raw total of indicator `code` for each period, {(code, periode): Cel}. I01 (the default chart) for all periods
    in one query (`reporting.reeksen`: I01's own total over its own fragment, per period); another indicator period by
    period, by its own function (`Context.alleen_totaal`: a total, no breakdown by wijk)."""
    if code == "I01":
        tellingen = hulpperiodes_per_periode(periodes, [gemeente.code])
        return {(code, p): Cel(None, None, tellingen[(p.start, p.einde)][0]) for p in periodes}
    return {(code, p): REGISTER[code][1](Context(p, [gemeente.code], alleen_totaal=True)).totaal for p in periodes}


def series(periodes: list[Periode], code: str, totalen: dict[tuple[str, Periode], Cel], *, eerste: date | None) -> list[dict]:
    """The disclosure-controlled total of indicator `code` for each period, from its raw total in `totalen`:
    [{periode, waarde, weergave, tekst}]; a period before the first registration has none: "geen gegevens"."""
    punten = []
    for periode in periodes:
        if not heeft_gegevens(periode, eerste):
            punten.append({"periode": periode.code, "waarde": None, "weergave": GEEN_GEGEVENS, "tekst": GEEN_GEGEVENS,
                           "geen_gegevens": True})
            continue
        totaal = totalen[(code, periode)]
        shown = protect(totaal)
        punten.append({"periode": periode.code, "waarde": shown.waarde, "weergave": shown.weergave, "geen_gegevens": False,
                       "tekst": met_eenheid(code, totaal.soort, None, shown.waarde, shown.weergave)})
    return punten


def figures(periode: Periode, gemeente: Gemeente, code: str, *, eerste: date | None) -> dict:
    """What the dashboard shows of the figures: the key indicators of `periode` (`kerncijfers`), and for the charts the
    total of indicator `code` in the TREND_KWARTALEN quarters up to the period's last one (`trend`) and in the same period
    of EERDERE_JAREN earlier years and this one (`jaren`).

    Every period is computed once: the chosen one's total is the key figures' own (an indicator's total is the same with
    or without its breakdowns), a quarter in both charts is read once, and the remaining periods in one go
    (`series_totals`). A period before the first registration is not computed at all. So the number of queries depends
    on the periods, never on the data."""
    totalen: dict[tuple[str, Periode], Cel] = {}
    kerncijfers = key_figures(periode, gemeente, eerste=eerste, totalen=totalen)
    trend = periode.quarters_back(TREND_KWARTALEN)
    jaren = [*periode.same_periode_earlier_years(EERDERE_JAREN), periode]
    open_periodes = list(dict.fromkeys(p for p in (*trend, *jaren) if heeft_gegevens(p, eerste) and (code, p) not in totalen))
    if open_periodes:
        totalen |= series_totals(open_periodes, gemeente, code)
    return {"kerncijfers": kerncijfers, "trend": series(trend, code, totalen, eerste=eerste),
            "jaren": series(jaren, code, totalen, eerste=eerste)}


def periode_keuzes(eerste: date | None, vandaag: date | None = None, *, gekozen: Periode | None = None) -> list[tuple[str, list[Periode]]]:
    """The periods offered on the dashboard, newest first per kind: every closed quarter, half-year and year from the
    year of the first registration (none yet: the last closed quarter's year) up to the last closed quarter. A period
    chosen outside those (a running one, or one before the first registration) is offered first, so it shows as chosen."""
    laatste = last_closed_quarter(vandaag)
    eerste_jaar = max(EERSTE_JAAR, min(eerste.year if eerste else laatste.jaartal, laatste.jaartal))
    jaren = range(laatste.jaartal, eerste_jaar - 1, -1)
    kwartalen = [Periode.kwartaal(j, n) for j in jaren for n in (4, 3, 2, 1) if Periode.kwartaal(j, n).einde <= laatste.einde]
    halfjaren = [Periode.halfjaar(j, n) for j in jaren for n in (2, 1) if Periode.halfjaar(j, n).einde <= laatste.einde]
    volle_jaren = [Periode.jaar(j) for j in jaren if Periode.jaar(j).einde <= laatste.einde]
    keuzes = [("Kwartaal", kwartalen), ("Halfjaar", halfjaren), ("Jaar", volle_jaren)]
    if gekozen is not None and all(gekozen not in periodes for _, periodes in keuzes):
        keuzes.insert(0, ("Gekozen", [gekozen]))
    return keuzes


@dataclass(frozen=True)
class Staaf:
    label: str
    weergave: str
    x: float
    y: float
    breedte: float
    hoogte: float
    tekst_x: float
    tekst_y: float
    onderdrukt: bool
    geen_gegevens: bool = False


def bar_chart(punten: list[dict]) -> dict:
    """Bar geometry for an inline SVG; suppressed values get no bar, only their "." label."""
    waarden = [p["waarde"] for p in punten if p["waarde"] is not None]
    maximum = max(waarden, default=0) or 1
    plot_hoogte = HOOGTE - MARGE_ONDER - MARGE_BOVEN
    vak = (BREEDTE - MARGE_LINKS) / max(len(punten), 1)
    staven = []
    for i, p in enumerate(punten):
        hoogte = 0.0 if p["waarde"] is None else float(Decimal(str(p["waarde"])) / Decimal(str(maximum))) * plot_hoogte
        x = MARGE_LINKS + i * vak + vak * 0.15
        y = MARGE_BOVEN + plot_hoogte - hoogte
        geen = p.get("geen_gegevens", False)
        staven.append(Staaf(label=p["periode"], weergave="–" if geen else p["weergave"], x=round(x, 1), y=round(y, 1),
                            breedte=round(vak * 0.7, 1), hoogte=round(hoogte, 1), tekst_x=round(x + vak * 0.35, 1), tekst_y=round(y - 4, 1),
                            onderdrukt=p["waarde"] is None and not geen, geen_gegevens=geen))
    return {
        "breedte": BREEDTE, "hoogte": HOOGTE, "staven": staven, "as_y": MARGE_BOVEN + plot_hoogte, "as_x": MARGE_LINKS,
        "label_y": HOOGTE - 12, "maximum": maximum,
    }
