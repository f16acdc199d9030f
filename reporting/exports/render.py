"""Dispatch a Rapportage row to its renderer; file names and content types."""

import io
import tempfile
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

from django.conf import settings

from reporting.exports import cbs, indicatoren
from reporting.exports.tabular import csv_write, gemaakt_op_tekst, workbook, write_table
from reporting.labels import CBS_CODES, cbs_omschrijving, probleemcategorie_names
from reporting.models import Rapportage
from reporting.quality import KOLOMMEN as KWALITEIT_KOLOMMEN
from reporting.quality import findings, findings_summary
from reporting.report import indicator_report
from reporting.verantwoording import verantwoording_cellen, verantwoording_report
from reporting.versions import RecordCellen, indicator_cellen

CONTENT_TYPES = {
    Rapportage.Formaat.JSON: "application/json",
    Rapportage.Formaat.CSV: "text/csv; charset=utf-8",
    Rapportage.Formaat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Rapportage.Formaat.PDF: "application/pdf",
}

_CBS = {
    Rapportage.Soort.CBS_PROTOCOL: cbs.PROTOCOL_KOLOMMEN,
    Rapportage.Soort.CBS_AANLEVERING: cbs.AANLEVERING_KOLOMMEN,
}


def rapportage_filename(rapportage: Rapportage, *, met_id: bool = True) -> str:
    """`indicatoren-2020-Q3-0546.xlsx` (for the download); on disk the row's id is added so names never collide."""
    gemeente = rapportage.gemeente_id or "alle-gemeenten"
    stem = f"{rapportage.soort.replace('_', '-')}-{rapportage.periode}-{gemeente}"
    return f"{stem}-{rapportage.pk}.{rapportage.formaat}" if met_id else f"{stem}.{rapportage.formaat}"


#: the CBS record columns that hold a date as JJJJMMDD; the XLSX shows them as real Excel dates
_DATUM_KOLOMMEN = ("datum_aanvang", "datum_einde")


def _datum(jjjjmmdd: str):
    return date(int(jjjjmmdd[:4]), int(jjjjmmdd[4:6]), int(jjjjmmdd[6:])) if jjjjmmdd else None


def _leesbaar(header, rows) -> tuple[tuple, Iterator[tuple]]:
    """The CBS records for people: a "<kolom> (omschrijving)" column beside each code column, and the dates as dates.

    The code columns keep their names and codes (outside clients read them); the CSV stays exactly the protocol's."""
    namen = probleemcategorie_names()
    kolommen = []
    for name in header:
        kolommen.append(name)
        if name in CBS_CODES:
            kolommen.append(f"{name} (omschrijving)")

    def leesbaar():
        for row in rows:
            cells = []
            for name, value in zip(header, row, strict=True):
                cells.append(_datum(value) if name in _DATUM_KOLOMMEN else value)
                if name in CBS_CODES:
                    cells.append(cbs_omschrijving(name, value, probleemcategorieen=namen))
            yield tuple(cells)

    return tuple(kolommen), leesbaar()


def _breedte(name: str) -> int:
    return 40 if name.endswith("(omschrijving)") else max(12, len(name) + 2)


def _cbs_xlsx(handle, rapportage: Rapportage, titel: str, header, rows, gemeente, vandaag) -> None:
    """The CBS records as a workbook for people, written to `handle`: the records, an explanation, the data quality."""
    # Streamed: the records' rows go to temporary files as they come, then are zipped into `handle`. Those files are
    # xlsxwriter's, which leaves them behind when writing fails: so in a directory of this export's own in the reports'
    # storage (never the system's temporary directory: BSNs), removed whatever happens (a killed worker's:
    # `reporting.generation.temp_files_remove`).
    with tempfile.TemporaryDirectory(dir=_opslag(), prefix=".xlsx.", suffix=".tmp") as werkmap:
        _cbs_xlsx_naar(handle, rapportage, titel, header, rows, gemeente, vandaag, Path(werkmap))


def _cbs_xlsx_naar(handle, rapportage: Rapportage, titel: str, header, rows, gemeente, vandaag, werkmap: Path) -> None:
    book, styles = workbook(handle, gemaakt_op=rapportage.aangemaakt_op, titel=titel, stromend=werkmap)
    sheet = book.add_worksheet("Records")
    kolommen, leesbaar = _leesbaar(header, rows)
    geteld = _Teller(leesbaar)
    write_table(sheet, styles, 0, kolommen, geteld, [_breedte(name) for name in kolommen])
    if rapportage.soort == Rapportage.Soort.CBS_PROTOCOL:
        sheet.set_column(0, 0, 36)
    info = book.add_worksheet("Toelichting")
    info.set_column(0, 0, 22)
    info.set_column(1, 1, 70)
    for i, (label, value) in enumerate([
        ("Export", titel), ("Periode", rapportage.periode), ("Gemeente", rapportage.gemeente_id or "alle gemeenten"),
        ("Definitieversie", rapportage.definitieversie), ("Gemaakt op", gemaakt_op_tekst(rapportage.aangemaakt_op)), ("Aantal records", str(geteld.aantal)),
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


class _Teller:
    """An iterable that counts what passes through it (`aantal`), keeping none of it."""

    def __init__(self, items):
        self.items, self.aantal = items, 0

    def __iter__(self):
        for item in self.items:
            self.aantal += 1
            yield item


def render(rapportage: Rapportage, periode, *, voortgang=None, vandaag=None) -> bytes:
    """The file of a report. `voortgang(n)` is called with the progress (0..100) along the way."""
    return render_with_cells(rapportage, periode, voortgang=voortgang, vandaag=vandaag)[0]


def _cbs_records(rapportage: Rapportage, periode, gemeente) -> Iterator[tuple[str, tuple]]:
    """The export's rows, each with its record's key for `Rapportage.cellen` ("<pseudoniem>|<datum_aanvang>"), as they
    stream from `cbs.records`: one read, in one snapshot, for both. The statutory delivery holds BSNs, never in its keys."""
    rij = cbs.protocol_row if rapportage.soort == Rapportage.Soort.CBS_PROTOCOL else cbs.aanlevering_row
    return cbs.records(periode, gemeente, rij)


def _verantwoording(rapportage: Rapportage, periode, *, voortgang, vandaag) -> tuple[bytes, dict]:
    """The verantwoording (DOMAIN.md section 8): its sections computed and protected once, then laid out in the format."""
    from reporting.verantwoording import pdf, xlsx  # typst is loaded only by the worker that makes a verantwoording

    report = verantwoording_report(periode=periode, gemeente=rapportage.gemeente, gemaakt_op=rapportage.aangemaakt_op,
                                   vandaag=vandaag, voortgang=lambda n: voortgang(5 + n * 70 // 100))
    cellen = verantwoording_cellen(report)
    voortgang(80)
    if rapportage.formaat == Rapportage.Formaat.JSON:
        return indicatoren.as_json(report), cellen
    if rapportage.formaat == Rapportage.Formaat.XLSX:
        return xlsx.as_xlsx(report, gemaakt_op=rapportage.aangemaakt_op), cellen
    if rapportage.formaat == Rapportage.Formaat.PDF:
        return pdf.as_pdf(report, gemaakt_op=rapportage.aangemaakt_op), cellen
    raise ValueError(f"{rapportage.soort} has no {rapportage.formaat} renderer")


def render_with_cells(rapportage: Rapportage, periode, *, voortgang=None, vandaag=None) -> tuple[bytes, dict]:
    """The file of a report (as bytes: for small reports and tests; the worker streams with `render_to`) and its cells."""
    buffer = io.BytesIO()
    cellen = render_to(buffer, rapportage, periode, voortgang=voortgang, vandaag=vandaag)
    if isinstance(cellen, RecordCellen):
        with closing(cellen):
            return buffer.getvalue(), cellen.cellen
    return buffer.getvalue(), cellen


def render_to(handle, rapportage: Rapportage, periode, *, voortgang=None, vandaag=None) -> dict | RecordCellen:
    """Write the file of a report to the binary `handle`; returns its cells (`reporting.versions`: what it delivered, to
    compare versions): a dict, or for a CBS export its `RecordCellen` (on disk; the caller stores and closes them).

    A CBS export is written record by record as the records stream (`cbs.records`), its cells to their own temporary
    file: its size does not change the memory it takes."""
    voortgang = voortgang or (lambda n: None)
    gemeente = rapportage.gemeente
    if rapportage.soort == Rapportage.Soort.VERANTWOORDING:
        content, cellen = _verantwoording(rapportage, periode, voortgang=voortgang, vandaag=vandaag)
        handle.write(content)
        return cellen
    if rapportage.soort == Rapportage.Soort.INDICATOREN:
        report = indicator_report(periode=periode, gemeente=gemeente, gemaakt_op=rapportage.aangemaakt_op)
        voortgang(80)
        cellen = indicator_cellen(report)
        if rapportage.formaat == Rapportage.Formaat.JSON:
            handle.write(indicatoren.as_json(report))
        elif rapportage.formaat == Rapportage.Formaat.CSV:
            handle.write(indicatoren.as_csv(report))
        else:
            handle.write(indicatoren.as_xlsx(report, gemaakt_op=rapportage.aangemaakt_op))
        return cellen
    if rapportage.formaat not in (Rapportage.Formaat.CSV, Rapportage.Formaat.XLSX):
        raise ValueError(f"{rapportage.soort} has no {rapportage.formaat} renderer")
    titel = rapportage.get_soort_display()
    header = _CBS[rapportage.soort]
    # The statutory delivery's cells keep no values (birth dates, postcodes): only keyed hashes, to find what changed.
    cellen = RecordCellen(header, verbergen=rapportage.soort == Rapportage.Soort.CBS_AANLEVERING, directory=_opslag())

    def rows():  # each row to the file and its cells, as it comes
        for sleutel, row in _cbs_records(rapportage, periode, gemeente):
            cellen.add(sleutel, row)
            yield row

    try:
        voortgang(20)
        if rapportage.formaat == Rapportage.Formaat.CSV:
            csv_write(handle, header, rows(), bom=rapportage.soort != Rapportage.Soort.CBS_AANLEVERING)
        else:
            _cbs_xlsx(handle, rapportage, titel, header, rows(), gemeente, vandaag or rapportage.aangemaakt_op.date())
        voortgang(60)
    except BaseException:
        cellen.close()  # the caller only gets them (to store and close) when the file is complete
        raise
    return cellen


def _opslag() -> Path:
    """Where a CBS export's temporary files go (its cells, its sort blocks): the reports' own storage."""
    directory = Path(settings.RAPPORTAGE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory
