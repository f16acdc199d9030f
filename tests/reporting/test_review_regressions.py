"""Regressions found in the review of the reporting app (issue 4): each test failed before its fix."""

import io
import re
import zipfile
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from reporting.exports import indicatoren
from reporting.periods import Periode
from reporting.report import indicator_rapport
from tests.cases.example_world import build_example_world

MOMENT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def example(professional, teamleider, team, leiden):
    return build_example_world(professional=professional, teamleider=teamleider, team=team, leiden=leiden)


def test_xlsx_charts_never_plot_a_suppressed_count_as_zero(example, leiden):
    """A suppressed cell ('.') used to be a text cell in the charted range: Excel plots text as 0 and xlsxwriter
    cached 0, so the gemeente's chart said "0" where the count was 1 to 9."""
    report = indicator_rapport(periode=Periode.jaar(2020), gemeente=leiden, gemaakt_op=MOMENT)
    content = indicatoren.as_xlsx(report, gemaakt_op=MOMENT)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        kern = archive.read("xl/charts/chart1.xml").decode()
    # The totals 2020 of EXAMPLE-WORLD: I01..I05 and I08 all lie between 1 and 9, so no bar and no "0" label.
    cached = re.findall(r"<c:val>.*?</c:val>", kern)[0]
    assert "<c:v>" not in cached
    sheet = load_workbook(io.BytesIO(content))["Grafieken"]
    rows = [row for row in sheet.iter_rows(min_row=3, max_row=8, max_col=3, values_only=True)]
    assert rows[0] == ("I01 Jeugdigen met hulp", None, ".")
    assert {row[1] for row in rows} == {None} and {row[2] for row in rows} == {"."}


def test_overlap_finding_only_for_hulpperiodes_that_reach_the_cbs_delivery(professional, team, leiden):
    """A preventief hulpperiode is no jeugdhulp and never a CBS record, so it cannot make a record count twice;
    the check used to flag it beside a licht one ("telt dubbel in de CBS-aanlevering")."""
    from datetime import date

    from cases import services
    from reporting.quality import bevindingen
    from tests.builders import make_contact, make_dossier, make_jeugdige

    kind = make_jeugdige(professional, team, leiden, bsn="111222333", postcode="2311AB")
    preventief = make_dossier(professional, team, leiden, jeugdigen=[kind], aanmelddatum=date(2024, 1, 2), hulpsoort="preventief")
    services.dossier_activate(user=professional, dossier=preventief, datum=date(2024, 1, 3))  # no contact: hulpsoort preventief
    licht = make_dossier(professional, team, leiden, jeugdigen=[kind], aanmelddatum=date(2024, 1, 2))
    make_contact(professional, team, dossier=licht, datum=date(2024, 1, 10), hulpsoort="licht")
    assert sorted(preventief.hulpperiodes.values_list("hulpsoort", flat=True)) == ["preventief"]
    assert [b.soort for b in bevindingen(vandaag=date(2024, 2, 1)) if b.soort == "overlappende_hulpperiodes"] == []
    # Two licht ones at the same time are still found.
    tweede = make_dossier(professional, team, leiden, jeugdigen=[kind], aanmelddatum=date(2024, 1, 2))
    make_contact(professional, team, dossier=tweede, datum=date(2024, 1, 12), hulpsoort="licht")
    assert [(b.soort, b.object_id) for b in bevindingen(vandaag=date(2024, 2, 1)) if b.soort == "overlappende_hulpperiodes"] == [
        ("overlappende_hulpperiodes", str(kind.pk))]


def test_a_report_is_never_gereed_without_its_audit_row(professional, team, leiden, beheerder, monkeypatch, settings, tmp_path):
    """The final status and its audit row are one transaction: if the audit row cannot be written, the report
    stays `bezig` (to be made again), never `gereed` unaudited."""
    from reporting import generation, services
    from reporting.models import Rapportage

    settings.RAPPORTAGE_DIR = tmp_path
    rapportage = services.rapportage_aanvragen(user=beheerder, soort="cbs_protocol", periode="2020-H1", formaat="csv")

    def audit_fails(**_):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(generation, "audit_record", audit_fails)
    with pytest.raises(RuntimeError):
        generation.genereer(rapportage.pk)
    rapportage.refresh_from_db()
    assert (rapportage.status, rapportage.sha256) == (Rapportage.Status.BEZIG, "")
