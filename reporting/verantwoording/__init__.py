"""The verantwoording (DOMAIN.md section 8): one report per gemeente and period that answers the audit's questions.

- `vorm.py`: the raw shape (sections of tables of `Cel`s);
- `hulp.py` (sections 1-3), `werkwijze.py` (4), `kosten.py` (5), `monitoring.py` (6-8): every raw number one SQL
  aggregate, on the indicators' fragments (`reporting.indicators.base`); Python only shapes the rows;
- `rapport.py`: every cell through `reporting.disclosure.protect`, the JSON and the Dutch sentence per section;
- `pdf.py` (typst, tagged PDF/UA-1) and `xlsx.py`: the files, from the JSON only (so from protected figures only).
"""

from reporting.verantwoording.rapport import sections_compute, verantwoording_cellen, verantwoording_report

__all__ = ["sections_compute", "verantwoording_cellen", "verantwoording_report"]
