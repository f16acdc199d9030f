"""CSV and XLSX building blocks shared by the exports."""

import codecs
import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import xlsxwriter

#: the time zone "Gemaakt op" is shown in: the one the teams and gemeenten live in, whatever the server's
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Header, metadata and number styles used by every workbook.
STYLES = {
    "titel": {"bold": True, "font_size": 14},
    "label": {"bold": True},
    "kop": {"bold": True, "bg_color": "#DDE6F0", "bottom": 1, "text_wrap": True, "valign": "top"},
    "geheel": {"num_format": "#,##0"},
    "decimaal": {"num_format": "#,##0.0"},
    "tekst": {"text_wrap": True, "valign": "top"},
    # Excel's format codes are language-neutral: Dutch Excel shows "dd-mm-yyyy" as dd-mm-jjjj.
    "datum": {"num_format": "dd-mm-yyyy"},
}


def csv_bytes(header, rows, *, bom: bool = True) -> bytes:
    """UTF-8, comma-separated, a header row, CRLF line ends (RFC 4180); None is an empty cell.

    With a byte order mark for the files people open (`bom`): it is what makes Excel (Dutch Excel included) read the
    file as UTF-8, so accented names stay whole; CSV readers that know UTF-8 skip it (Python: `utf-8-sig`). The stored
    file, and so its sha256, includes it. The statutory delivery, read by CBS's intake rather than by people, has
    none (`reporting.exports.render`)."""
    buffer = io.BytesIO()
    csv_write(buffer, header, rows, bom=bom)
    return buffer.getvalue()


def csv_write(handle, header, rows, *, bom: bool = True) -> int:
    """The bytes of `csv_bytes` written to the binary `handle` as `rows` (any iterable) come, none of them kept;
    returns the number of rows written."""
    if bom:
        handle.write(codecs.BOM_UTF8)
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    try:
        writer = csv.writer(text)
        writer.writerow(header)
        count = 0
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
            count += 1
        text.flush()
    finally:
        text.detach()  # the handle stays open: it is the caller's
    return count


def gemaakt_op_tekst(moment: datetime) -> str:
    """A report's creation moment as people read it: Europe/Amsterdam time, dd-mm-jjjj uu:mm."""
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def workbook(buffer, *, gemaakt_op: datetime, titel: str, stromend: Path | None = None):
    """A workbook whose document properties are fixed by the report (not the moment of writing).

    `stromend`: a directory for a workbook too large for memory (a CBS export): each sheet's rows go to a temporary file
    there as they are written (xlsxwriter's `constant_memory`: rows in order, strings inline), and the file is zipped from
    those into `buffer` (any binary handle) when the book is closed. Never the system's temporary directory: the rows
    can hold BSNs, so they stay in the reports' own storage. Without it, the small workbooks are built in memory."""
    opties = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    if stromend is None:
        opties["in_memory"] = True
    else:
        opties.update(constant_memory=True, tmpdir=str(stromend))
    book = xlsxwriter.Workbook(buffer, opties)
    moment = gemaakt_op.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    book.set_properties({"title": titel, "author": "jgt-registratie", "company": "Stichting Jeugdteams", "created": moment})
    return book, {name: book.add_format(spec) for name, spec in STYLES.items()}


def write_table(sheet, styles, first_row: int, header, rows, widths) -> int:
    """A header row and the rows below it, with an autofilter; returns the next free row."""
    for col, (name, width) in enumerate(zip(header, widths, strict=True)):
        sheet.write_string(first_row, col, name, styles["kop"])
        sheet.set_column(col, col, width)
    row_number = first_row
    for row_number, row in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(row):
            if value is None or value == "":
                sheet.write_blank(row_number, col, None)
            elif isinstance(value, datetime):
                raise TypeError("write_table takes dates, not moments: show a moment with gemaakt_op_tekst")
            elif isinstance(value, date):
                sheet.write_datetime(row_number, col, datetime(value.year, value.month, value.day), styles["datum"])
            elif isinstance(value, bool):
                sheet.write_string(row_number, col, "J" if value else "N")
            elif isinstance(value, int):
                sheet.write_number(row_number, col, value, styles["geheel"])
            elif isinstance(value, float | Decimal):
                value = float(value)
                sheet.write_number(row_number, col, value, styles["geheel"] if value.is_integer() else styles["decimaal"])
            else:
                sheet.write_string(row_number, col, str(value))
    sheet.autofilter(first_row, 0, max(row_number, first_row), len(header) - 1)
    sheet.freeze_panes(first_row + 1, 0)
    return row_number + 1
