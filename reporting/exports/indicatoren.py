"""The indicator report (DOMAIN.md section 7) as JSON, CSV and XLSX, from `reporting.report`.

The figures and their disclosure control come from `reporting.report.indicator_report` (gemeente None:
all gemeenten together); this module only lays them out.
"""

import io
import json
from datetime import datetime

from reporting.exports.tabular import csv_bytes, gemaakt_op_tekst, workbook, write_table
from reporting.labels import categorie_label, categorie_omschrijving, dimensie_label, probleemcategorie_names
from reporting.report import KOLOMMEN as RIJ_KOLOMMEN
from reporting.report import categorie_namen, indicator_rows

#: the data sheet: API.md's columns in API.md's order (clients read them by position too), then a Dutch description of
#: the dimensie and categorie codes
XLSX_KOLOMMEN = ("code", "naam", "dimensie", "categorie", "waarde", "weergave", "dimensie (omschrijving)", "categorie (omschrijving)")
RIJ_BREEDTES = (8, 42, 22, 30, 12, 12, 26, 40)
#: the totals shown together in the first chart (not the dashboard's key indicators: counts only, one scale)
TOTALEN = ("I01", "I02", "I03", "I04", "I05", "I08")
#: the breakdowns that get a chart of their own, one per dimension
GRAFIEK_CODES = ("I05", "I06", "I07", "I08", "I12")


def as_json(report: dict) -> bytes:
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def as_csv(report: dict) -> bytes:
    return csv_bytes(RIJ_KOLOMMEN, indicator_rows(report))


def _gemeente_tekst(report) -> str:
    gemeente = report.get("gemeente")
    return f"{gemeente['naam']} ({gemeente['code']})" if gemeente else "Alle gemeenten"


def _gemaakt_op(report) -> str:
    moment = report.get("gemaaktOp")
    return gemaakt_op_tekst(datetime.fromisoformat(moment)) if moment else ""


def _met_omschrijving(rows: list[tuple], eigen_namen: dict) -> list[tuple]:
    """The rows with the Dutch descriptions beside the codes; a category the report names itself (a wijk) by that name."""
    namen = probleemcategorie_names()
    return [(code, naam, dim, cat, waarde, weergave, dimensie_label(dim),
             eigen_namen.get((code, dim, cat)) or categorie_omschrijving(dim, cat, probleemcategorieen=namen))
            for code, naam, dim, cat, waarde, weergave in rows]


def _write_report_sheet(book, styles, sheet_name: str, report: dict) -> list[tuple]:
    sheet = book.add_worksheet(sheet_name)
    sheet.write_string(0, 0, "Indicatorenrapportage jeugdteams", styles["titel"])
    meta = [("Periode", str(report.get("periode", ""))), ("Gemeente", _gemeente_tekst(report)),
            ("Definitieversie", str(report.get("definitieversie", ""))), ("Gemaakt op", _gemaakt_op(report)),
            ("Duiding", str(report.get("duiding") or ""))]
    for i, (label, value) in enumerate(meta, start=2):
        sheet.write_string(i, 0, label, styles["label"])
        if label == "Duiding":
            sheet.merge_range(i, 1, i, len(XLSX_KOLOMMEN) - 1, value, styles["tekst"])
            sheet.set_row(i, 15 * max(1, min(10, len(value) // 90 + value.count("\n") + 1)))
        else:
            sheet.write_string(i, 1, value)
    sheet.write_string(8, 0, "Een aantal van 1 tot en met 9 staat als '.', andere aantallen zijn afgerond op vijftallen.")
    rows = indicator_rows(report)
    write_table(sheet, styles, 10, XLSX_KOLOMMEN, _met_omschrijving(rows, categorie_namen(report)), RIJ_BREEDTES)
    return rows


def _chart(book, kind: str, title: str, sheet_name: str, first: int, last: int):
    chart = book.add_chart({"type": kind})
    chart.add_series({
        "name": title,
        "categories": [sheet_name, first, 0, last, 0],
        "values": [sheet_name, first, 1, last, 1],
        "data_labels": {"value": True},
        "gap": 60,
    })
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.show_blanks_as("gap")
    chart.set_size({"width": 620, "height": 300})
    return chart


def _write_chart_sheet(book, styles, sheet_name: str, rows: list[tuple], eigen_namen: dict) -> None:
    """Native Excel charts of the main indicators, each beside the small table it is drawn from, with Dutch names
    for the breakdowns (the data sheet keeps API.md's codes)."""
    sheet = book.add_worksheet(sheet_name)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 12)
    namen = probleemcategorie_names()
    blocks = [("Totalen", [(f"{code} {naam}", waarde, weergave) for code, naam, dim, _cat, waarde, weergave in rows
                           if code in TOTALEN and not dim])]
    for code in GRAFIEK_CODES:
        naam = next((n for c, n, *_ in rows if c == code), code)
        for dim in dict.fromkeys(d for c, _n, d, *_ in rows if c == code and d):
            blocks.append((f"{code} {naam}: per {dimensie_label(dim)}",
                           [(eigen_namen.get((c, d, cat)) or categorie_label(d, cat, probleemcategorieen=namen), waarde, weergave)
                            for c, _n, d, cat, waarde, weergave in rows if c == code and d == dim]))
    row = 0
    for title, data in blocks:
        if not data:
            continue
        sheet.write_string(row, 0, title, styles["label"])
        for col, kop in enumerate(("categorie", "waarde", "weergave")):
            sheet.write_string(row + 1, col, kop, styles["kop"])
        for i, (label, value, weergave) in enumerate(data, start=row + 2):
            sheet.write_string(i, 0, str(label))
            # The charted column holds numbers only: a suppressed value is a blank (a gap, no bar), never text,
            # which Excel would plot as 0. Its "." stands in the weergave column beside it.
            if value is None:
                sheet.write_blank(i, 1, None)
            else:
                sheet.write_number(i, 1, float(value), styles["geheel"] if float(value).is_integer() else styles["decimaal"])
            sheet.write_string(i, 2, str(weergave))
        last = row + 1 + len(data)
        sheet.insert_chart(row, 3, _chart(book, "column" if len(data) <= 8 else "bar", title, sheet_name, row + 2, last))
        row = max(last + 2, row + 17)


def as_xlsx(report: dict, *, gemaakt_op) -> bytes:
    buffer = io.BytesIO()
    book, styles = workbook(buffer, gemaakt_op=gemaakt_op, titel="Indicatorenrapportage jeugdteams")
    rows = _write_report_sheet(book, styles, "Indicatoren", report)
    _write_chart_sheet(book, styles, "Grafieken", rows, categorie_namen(report))
    book.close()
    return buffer.getvalue()
