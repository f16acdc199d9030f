"""The gemeente dashboard's figures: key indicators, a trend over quarters and the same quarter in earlier years.

Only disclosure-controlled values leave this module (`reporting.report.indicator_protect`, which applies
`reporting.disclosure.protect`), and charts are drawn from those values: a suppressed value has no bar.
"""

from dataclasses import dataclass
from decimal import Decimal

from jgt_registratie.models import Gemeente
from reporting.disclosure import protect
from reporting.indicators import indicators_compute
from reporting.labels import categorie_label, probleemcategorie_names
from reporting.periods import Periode
from reporting.report import indicator_protect

KERNINDICATOREN = ("I01", "I02", "I03", "I05", "I06", "I07", "I09", "I14")
TREND_KWARTALEN = 8
EERDERE_JAREN = 4

# Chart geometry (SVG user units).
BREEDTE, HOOGTE = 640, 240
MARGE_LINKS, MARGE_ONDER, MARGE_BOVEN = 48, 36, 16


def key_figures(periode: Periode, gemeente: Gemeente) -> list[dict]:
    """The key indicators, disclosure-controlled, each breakdown cell with a readable `label` for the page."""
    namen = probleemcategorie_names()
    result = []
    for indicator in indicators_compute(periode, [gemeente.code], codes=KERNINDICATOREN):
        shown = indicator_protect(indicator)
        for cel in shown["uitsplitsingen"]:
            cel["label"] = categorie_label(cel["dimensie"], cel["categorie"], probleemcategorieen=namen)
        result.append(shown)
    return result


def series(periodes: list[Periode], gemeente: Gemeente, code: str) -> list[dict]:
    """The disclosure-controlled total of indicator `code` for each period: [{periode, waarde, weergave}]."""
    punten = []
    for periode in periodes:
        (indicator,) = indicators_compute(periode, [gemeente.code], codes=[code])
        shown = protect(indicator.totaal)
        punten.append({"periode": periode.code, "waarde": shown.waarde, "weergave": shown.weergave})
    return punten


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
        staven.append(Staaf(label=p["periode"], weergave=p["weergave"], x=round(x, 1), y=round(y, 1), breedte=round(vak * 0.7, 1),
                            hoogte=round(hoogte, 1), tekst_x=round(x + vak * 0.35, 1), tekst_y=round(y - 4, 1),
                            onderdrukt=p["waarde"] is None))
    return {
        "breedte": BREEDTE, "hoogte": HOOGTE, "staven": staven, "as_y": MARGE_BOVEN + plot_hoogte, "as_x": MARGE_LINKS,
        "label_y": HOOGTE - 12, "maximum": maximum,
    }
