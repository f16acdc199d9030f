"""The verantwoording as a PDF for the gemeenteraad, typeset by typst (the `typst` wheel: self-contained, no download).

The layout is `verantwoording.typ`; the figures reach it only as the report's JSON (`sys.inputs`), so only
disclosure-controlled values can appear, and no text needs escaping. The PDF is tagged PDF/UA-1 (structure tree, alt
text on every chart, document title and language nl), with a real text layer, page numbers and reproducible bytes:
the only moment in it is the report's `gemaaktOp`, fonts are typst's own (never the machine's).
"""

import json
from datetime import datetime
from pathlib import Path

import typst

from reporting.exports.tabular import gemaakt_op_tekst
from reporting.verantwoording.rapport import nl

SJABLOON = Path(__file__).with_name("verantwoording.typ")


def _met_nl(report: dict, gemaakt_op: datetime) -> dict:
    """The report with each cell's Dutch notation (`nl`: "1.590", "33,3") for the tables, and the moment as people read it."""
    data = json.loads(json.dumps(report))
    for sectie in data["secties"]:
        for tabel in sectie["tabellen"]:
            for rij in tabel["rijen"]:
                for cel in rij["cellen"]:
                    cel["nl"] = nl(cel["weergave"])
    data["gemaaktOpTekst"] = gemaakt_op_tekst(gemaakt_op)
    return data


def as_pdf(report: dict, *, gemaakt_op: datetime) -> bytes:
    data = json.dumps(_met_nl(report, gemaakt_op), ensure_ascii=False)
    return typst.compile(str(SJABLOON), format="pdf", sys_inputs={"data": data}, pdf_standards=["ua-1"],
                         ignore_system_fonts=True, timestamp=int(gemaakt_op.timestamp()))
