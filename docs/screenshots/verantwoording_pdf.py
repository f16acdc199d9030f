"""The demo's verantwoording as the gemeenteraad receives it (issue 12): on the demo database (`make run`, or
`manage.py seed_demo` on it), as the demo gemeente login of Leiden asks for it and the worker makes it, then two of
its pages as PNG:

    DEBUG=true .venv/bin/python docs/screenshots/verantwoording_pdf.py [JAAR] [PAGINA ...]

Default: 2025, pages 3 (section 1, the development since 2015 beside CBS StatLine) and 8 (section 5, the costs).
Writes docs/voorbeelden/verantwoording-leiden-<JAAR>.pdf and
docs/screenshots/verantwoording-leiden-<JAAR>-p<N>.png. The pages are rendered by poppler's `pdftoppm` (Debian
package poppler-utils: `apt-get install poppler-utils`); not part of the tests.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from jgt_registratie.models import User  # noqa: E402
from reporting.generation import report_generate  # noqa: E402
from reporting.models import Rapportage  # noqa: E402
from reporting.services import report_request  # noqa: E402

jaar = sys.argv[1] if len(sys.argv) > 1 else "2025"
paginas = [int(p) for p in sys.argv[2:]] or [3, 8]
if shutil.which("pdftoppm") is None:
    sys.exit("pdftoppm ontbreekt: installeer poppler-utils (apt-get install poppler-utils).")

gemeente = User.objects.get(username="demo-gemeente")
rapportage = report_request(user=gemeente, soort=Rapportage.Soort.VERANTWOORDING, periode=jaar, gemeente="0546",
                            formaat=Rapportage.Formaat.PDF)
uitkomst = report_generate(rapportage.pk)
rapportage.refresh_from_db()
if rapportage.status != Rapportage.Status.GEREED:
    sys.exit(f"De verantwoording is niet gemaakt ({uitkomst}): {rapportage.fout}")

pdf = ROOT / "docs" / "voorbeelden" / f"verantwoording-leiden-{jaar}.pdf"
pdf.write_bytes((Path(settings.RAPPORTAGE_DIR) / rapportage.bestand).read_bytes())
for pagina in paginas:
    uit = ROOT / "docs" / "screenshots" / f"verantwoording-leiden-{jaar}-p{pagina}"
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(pagina), "-l", str(pagina), "-singlefile", str(pdf), str(uit)], check=True)
    print(f"{uit}.png")
print(pdf)
