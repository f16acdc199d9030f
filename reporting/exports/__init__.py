"""The three exports (issue 4): `indicatoren` (JSON, CSV, XLSX), `cbs_protocol` and `cbs_aanlevering` (CSV, XLSX).

`render(rapportage, voortgang=...)` returns the file's bytes. Output is reproducible: fixed ordering, no
random ids, and the only moment in a file is the row's `aangemaakt_op` (also the XLSX creation date), so
the same request twice gives byte-identical files apart from that moment.
"""

from reporting.exports.render import CONTENT_TYPES, rapportage_filename, render

__all__ = ["CONTENT_TYPES", "rapportage_filename", "render"]
