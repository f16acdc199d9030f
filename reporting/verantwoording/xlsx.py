"""The verantwoording as an Excel workbook: a sheet per section with Dutch labels, from the report's JSON only (so from
disclosure-controlled figures only). A shown figure is a number; a suppressed one, or one that does not exist, its text
("." or e.g. "geen budget vastgelegd"), never a 0.
"""

import io
from datetime import datetime

from reporting.exports.tabular import gemaakt_op_tekst, workbook

TITEL = "Verantwoording jeugdteams"


def _blad_naam(sectie: dict) -> str:
    return f"{sectie['nummer']} {sectie['titel']}"[:31]


def _write_tabel(sheet, styles, row: int, tabel: dict) -> int:
    sheet.write_string(row, 0, tabel["titel"], styles["label"])
    row += 1
    for col, kop in enumerate(["", *tabel["kolommen"]]):
        sheet.write_string(row, col, kop, styles["kop"])
    for rij in tabel["rijen"]:
        row += 1
        sheet.write_string(row, 0, rij["label"])
        for col, cel in enumerate(rij["cellen"], start=1):
            waarde = cel["waarde"]
            if waarde is None:
                sheet.write_string(row, col, cel["weergave"], styles["rechts"])
            else:
                sheet.write_number(row, col, float(waarde), styles["geheel"] if float(waarde).is_integer() else styles["decimaal"])
    return row + 2


def as_xlsx(report: dict, *, gemaakt_op: datetime) -> bytes:
    buffer = io.BytesIO()
    book, styles = workbook(buffer, gemaakt_op=gemaakt_op, titel=f"{TITEL} {report['gemeente']['naam']} {report['periode']}")
    styles["rechts"] = book.add_format({"align": "right"})
    voorblad = book.add_worksheet("Verantwoording")
    voorblad.set_column(0, 0, 22)
    voorblad.set_column(1, 1, 100)
    voorblad.write_string(0, 0, TITEL, styles["titel"])
    meta = [("Gemeente", f"{report['gemeente']['naam']} ({report['gemeente']['code']})"), ("Periode", report["periode"]),
            ("Vergeleken met", report["vergelijkingsperiode"] or "geen"), ("Definitieversie", report["definitieversie"]),
            ("Gemaakt op", gemaakt_op_tekst(gemaakt_op)), ("Duiding", report["duiding"] or "Geen duiding vastgelegd.")]
    for i, (label, value) in enumerate(meta, start=2):
        voorblad.write_string(i, 0, label, styles["label"])
        voorblad.write_string(i, 1, value, styles["tekst"])
    voorblad.write_string(9, 0, "Een aantal van 1 tot en met 9 staat als '.', andere aantallen zijn afgerond op vijftallen.")
    voorblad.write_string(11, 0, "Hoofdstuk", styles["kop"])
    voorblad.write_string(11, 1, "Vraag en samenvatting", styles["kop"])
    for i, sectie in enumerate(report["secties"], start=12):
        voorblad.write_string(i, 0, _blad_naam(sectie))
        voorblad.write_string(i, 1, f"{sectie['vraag']} {sectie['samenvatting']}", styles["tekst"])
    for sectie in report["secties"]:
        sheet = book.add_worksheet(_blad_naam(sectie))
        sheet.set_column(0, 0, 58)
        sheet.set_column(1, 12, 16)
        sheet.write_string(0, 0, f"{sectie['nummer']}. {sectie['titel']}", styles["titel"])
        sheet.write_string(1, 0, f"Vraag: {sectie['vraag']}")
        sheet.write_string(2, 0, sectie["samenvatting"], styles["label"])
        row = 4
        for tabel in sectie["tabellen"]:
            row = _write_tabel(sheet, styles, row, tabel)
        for tekst in sectie["teksten"]:
            sheet.write_string(row, 0, tekst["titel"], styles["label"])
            sheet.write_string(row, 1, f"bijgewerkt op {tekst['gewijzigdOp']}" if tekst["gewijzigdOp"] else "")
            sheet.write_string(row + 1, 0, tekst["tekst"], styles["tekst"])
            row += 3
        if sectie["methode"]:
            sheet.write_string(row, 0, "Werkwijze van de berekening", styles["label"])
            sheet.write_string(row + 1, 0, sectie["methode"], styles["tekst"])
    definities = book.add_worksheet("Definities")
    definities.set_column(0, 0, 24)
    definities.set_column(1, 1, 110)
    definities.write_string(0, 0, f"Definities versie {report['definitieversie']}", styles["titel"])
    for i, d in enumerate(report["definities"], start=2):
        definities.write_string(i, 0, d["term"], styles["label"])
        definities.write_string(i, 1, d["definitie"], styles["tekst"])
    book.close()
    return buffer.getvalue()
