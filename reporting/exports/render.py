"""Dispatch a Rapportage row to its renderer; file names and content types."""

import io

from reporting.exports import cbs, indicatoren
from reporting.exports.tabular import csv_bytes, workbook, write_table
from reporting.models import Rapportage
from reporting.quality import KOLOMMEN as KWALITEIT_KOLOMMEN
from reporting.quality import findings, findings_summary
from reporting.report import indicator_report

CONTENT_TYPES = {
    Rapportage.Formaat.JSON: "application/json",
    Rapportage.Formaat.CSV: "text/csv; charset=utf-8",
    Rapportage.Formaat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_CBS = {
    Rapportage.Soort.CBS_PROTOCOL: (cbs.PROTOCOL_KOLOMMEN, cbs.protocol_rows),
    Rapportage.Soort.CBS_AANLEVERING: (cbs.AANLEVERING_KOLOMMEN, cbs.aanlevering_rows),
}


def rapportage_filename(rapportage: Rapportage, *, met_id: bool = True) -> str:
    """`indicatoren-2020-Q3-0546.xlsx` (for the download); on disk the row's id is added so names never collide."""
    gemeente = rapportage.gemeente_id or "alle-gemeenten"
    stem = f"{rapportage.soort.replace('_', '-')}-{rapportage.periode}-{gemeente}"
    return f"{stem}-{rapportage.pk}.{rapportage.formaat}" if met_id else f"{stem}.{rapportage.formaat}"


def _cbs_xlsx(rapportage: Rapportage, periode, titel: str, header, rows, gemeente, vandaag) -> bytes:
    buffer = io.BytesIO()
    book, styles = workbook(buffer, gemaakt_op=rapportage.aangemaakt_op, titel=titel)
    sheet = book.add_worksheet("Records")
    write_table(sheet, styles, 0, header, rows, [max(12, len(name) + 2) for name in header])
    if rapportage.soort == Rapportage.Soort.CBS_PROTOCOL:
        sheet.set_column(0, 0, 36)
    info = book.add_worksheet("Toelichting")
    info.set_column(0, 0, 22)
    info.set_column(1, 1, 70)
    for i, (label, value) in enumerate([
        ("Export", titel), ("Periode", rapportage.periode), ("Gemeente", rapportage.gemeente_id or "alle gemeenten"),
        ("Definitieversie", rapportage.definitieversie), ("Gemaakt op", rapportage.aangemaakt_op.isoformat()), ("Aantal records", str(len(rows))),
    ]):
        info.write_string(i, 0, label, styles["label"])
        info.write_string(i, 1, value)
    found = findings(gemeente=gemeente, vandaag=vandaag)
    quality = book.add_worksheet("Datakwaliteit")
    quality.write_string(0, 0, "Datakwaliteit van de registratie", styles["titel"])
    next_row = write_table(quality, styles, 2, ("soort", "omschrijving", "aantal"), findings_summary(found), (28, 90, 10))
    if rapportage.soort == Rapportage.Soort.CBS_AANLEVERING:
        # The statutory delivery is the beheerder's: it lists the objects to follow up. The anonymised export only counts them.
        quality.write_string(next_row + 1, 0, "Te controleren objecten", styles["label"])
        write_table(quality, styles, next_row + 2, KWALITEIT_KOLOMMEN, [b.as_row() for b in found], (28, 90, 12, 38, 30))
    book.close()
    return buffer.getvalue()


def render(rapportage: Rapportage, periode, *, voortgang=None, vandaag=None) -> bytes:
    """The file of a report. `voortgang(n)` is called with the progress (0..100) along the way."""
    voortgang = voortgang or (lambda n: None)
    gemeente = rapportage.gemeente
    if rapportage.soort == Rapportage.Soort.INDICATOREN:
        report = indicator_report(periode=periode, gemeente=gemeente, gemaakt_op=rapportage.aangemaakt_op)
        voortgang(80)
        if rapportage.formaat == Rapportage.Formaat.JSON:
            return indicatoren.as_json(report)
        if rapportage.formaat == Rapportage.Formaat.CSV:
            return indicatoren.as_csv(report)
        return indicatoren.as_xlsx(report, gemaakt_op=rapportage.aangemaakt_op)
    titel = rapportage.get_soort_display()
    header, rijen = _CBS[rapportage.soort]
    rows = rijen(periode, gemeente)
    voortgang(60)
    if rapportage.formaat == Rapportage.Formaat.CSV:
        return csv_bytes(header, rows)
    if rapportage.formaat == Rapportage.Formaat.XLSX:
        return _cbs_xlsx(rapportage, periode, titel, header, rows, gemeente, vandaag or rapportage.aangemaakt_op.date())
    raise ValueError(f"{rapportage.soort} has no {rapportage.formaat} renderer")
