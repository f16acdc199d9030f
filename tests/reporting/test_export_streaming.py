"""The CBS exports stream (issue 13): their memory does not grow with the number of records.

No timing: the proof is `tracemalloc`'s peak while a large synthetic source of records flows through the export's own
path (the external sort, the rows, the cells, the CSV) into a file, against the size those records would take as a list.
The byte-for-byte equality of the streamed files with the hand-built worlds is in test_exports.py and test_versions.py.
"""

import csv
import hashlib
import io
import os
import sys
import tracemalloc
from datetime import UTC, date, datetime, timedelta

import pytest

from reporting.exports import cbs, sortering
from reporting.exports.render import render_to
from reporting.exports.sortering import extern_gesorteerd
from reporting.models import Rapportage
from reporting.periods import periode_parse
from reporting.versions import RecordCellen, opgeslagen_cellen

MOMENT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
AANTAL = 40_000


def _synthetic(n: int):
    """`n` rows shaped as `cbs._gelezen` gives them (the pseudonym first, then the source query's columns), made one at a
    time and in no useful order, so the export has to sort them."""
    for i in range(n):
        pseudoniem = hashlib.sha256(str(i).encode()).hexdigest()[:32]
        values = {
            "jeugdige_id": f"00000000-0000-0000-0000-{i:012d}", "jeugdige__bsn": f"{100000000 + i}",
            "jeugdige__geboortedatum": date(2010, 1, 1) + timedelta(days=i % 3000),
            "jeugdige__geboortedatum_precisie": "dag", "jeugdige__verwachte_geboortedatum": None, "jeugdige__geslacht": "MVO"[i % 3],
            "jeugdige__geanonimiseerd_op": None, "gemeentecode": "0546", "postcode": f"23{i % 100:02d}AB", "dossier__verwijzer": "06",
            "dossier__gestart_met_crisis": i % 7 == 0, "start": date(2025, 1, 1) + timedelta(days=i % 365), "einde": None,
            "reden_beeindiging": "", "hulpsoort": "licht", "probleemcategorieen": ["opvoeding", "school"], "aantal_contacten": i % 13,
            "contactminuten": i % 13 * 45, "doorverwezen": i % 5 == 0,
        }
        yield (pseudoniem, *(values[key] for key in cbs._KEYS))


def _deep_size(row) -> int:
    return sys.getsizeof(row) + sum(sys.getsizeof(value) for value in row)


@pytest.fixture
def kleine_blokken(monkeypatch, settings, tmp_path):
    """Small sort blocks, so this many records spill to many blocks (the default block holds `cbs.SORTEERBLOK` records)."""
    settings.RAPPORTAGE_DIR = tmp_path / "rapportages"
    monkeypatch.setattr(cbs, "SORTEERBLOK", 2000)
    monkeypatch.setattr(cbs, "_gelezen", lambda periode, gemeente: _synthetic(AANTAL))
    return settings.RAPPORTAGE_DIR


@pytest.mark.parametrize("soort", ["cbs_protocol", "cbs_aanlevering"])
def test_an_export_streams_its_records_in_memory_far_below_their_size(kleine_blokken, tmp_path, soort):
    open_files = len(os.listdir("/proc/self/fd"))
    rapportage = Rapportage(soort=soort, periode="2025", formaat="csv", aangemaakt_op=MOMENT)
    as_list = AANTAL * _deep_size(next(_synthetic(1)))  # what holding the records would take, before any dict or row
    with open(tmp_path / "export.csv", "w+b") as handle:
        tracemalloc.start()
        try:
            cellen = render_to(handle, rapportage, periode_parse("2025"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        size = handle.tell()
        handle.seek(0)
        rows = list(csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")))
    with cellen:
        cells_on_disk = os.fstat(cellen._bestand.fileno()).st_size
    assert (len(rows), size > 1_000_000) == (AANTAL + 1, True)
    # The records as a list would take over 40 MB before a single row or cell was made of them; the export took about
    # 1 MB (its sort block of compact records, or a batch of each block it merges) and wrote over 15 MB of cells besides
    # its file.
    assert as_list > 40_000_000
    assert peak < as_list / 10
    assert cells_on_disk > 5 * peak
    # in the protocol's order: by pseudonym, then start
    if soort == "cbs_protocol":
        assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])
    assert not any(kleine_blokken.iterdir())  # the sort's blocks and the cells leave no file behind
    # and none open: the blocks are unlinked when made, so only a descriptor still open would keep their space in use
    assert len(os.listdir("/proc/self/fd")) == open_files


@pytest.mark.parametrize("waaier", [sortering.WAAIER, 3])  # 50 blocks: merged once at the end, or in generations of 3
def test_the_external_sort_equals_sorted_and_is_stable_over_many_blocks(tmp_path, monkeypatch, waaier):
    monkeypatch.setattr(sortering, "PARTIJ", 7)
    monkeypatch.setattr(sortering, "WAAIER", waaier)
    open_files = len(os.listdir("/proc/self/fd"))
    items = [((i * 7919) % 101, i) for i in range(5000)]  # many equal keys, each in many blocks
    found = list(extern_gesorteerd(iter(items), key=lambda item: item[0], blok=100, directory=tmp_path))
    assert found == sorted(items, key=lambda item: item[0])
    assert list(extern_gesorteerd(iter(items[:50]), key=lambda item: item[0], blok=100, directory=tmp_path)) == sorted(items[:50], key=lambda item: item[0])
    assert list(extern_gesorteerd(iter([]), key=lambda item: item, blok=100, directory=tmp_path)) == []
    assert not any(tmp_path.iterdir())
    assert len(os.listdir("/proc/self/fd")) == open_files  # every block is closed once it is read out


def _sort_peak(n: int, directory) -> int:
    """tracemalloc's peak while `n` items of about 2 KB are sorted externally (large, so that what the sort holds of them
    outweighs the buffer of each open block's file, 8 KB, whose number grows with the logarithm of `n`)."""
    items = ((hashlib.sha256(str(i).encode()).hexdigest()[:32] + "|20250101", bytes(2000)) for i in range(n))
    tracemalloc.start()
    try:
        for _ in extern_gesorteerd(items, key=lambda item: item[0], blok=100, directory=directory):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_external_sort_holds_as_much_for_400_blocks_as_for_4(tmp_path, monkeypatch):
    """The merge reads at most WAAIER blocks at once (a batch of each): past that, blocks are merged in generations, so a
    hundred times the items (400 blocks instead of 4) does not take more memory, where a batch per block would (400 x 10
    items, 8 MB, against a sort block of 100, 200 KB)."""
    monkeypatch.setattr(sortering, "PARTIJ", 10)
    monkeypatch.setattr(sortering, "WAAIER", 4)
    open_files = len(os.listdir("/proc/self/fd"))
    small, large = _sort_peak(400, tmp_path), _sort_peak(40_000, tmp_path)
    assert large < 1.3 * small
    # the blocks are unlinked when made, so only the descriptors tell whether one stayed open
    assert len(os.listdir("/proc/self/fd")) == open_files


@pytest.mark.django_db
def test_cells_kept_on_disk_reach_the_row_whole_whatever_their_text(beheerder):
    rapportage = Rapportage.objects.create(soort="cbs_protocol", periode="2020", formaat="csv", definitieversie="x", aangevraagd_door=beheerder)
    header = ("pseudoniem", "datum_aanvang", "hulpsoort", "probleemcategorieen")
    cellen = RecordCellen(header)
    cellen.add("abc|20200101", ("abc", "20200101", "licht", "tab\there\\back\nnew\rret"))
    cellen.add("abc|20200101", ("abc", "20200101", None, "é;ü"))  # the same key again: numbered
    cellen.add("abd|20200102", ("abd", "20200102", "", "N"))
    expected = {
        "abc|20200101|hulpsoort": "licht", "abc|20200101|probleemcategorieen": "tab\there\\back\nnew\rret",
        "abc|20200101#2|hulpsoort": "", "abc|20200101#2|probleemcategorieen": "é;ü",
        "abd|20200102|hulpsoort": "", "abd|20200102|probleemcategorieen": "N",
    }
    with cellen:
        assert cellen.cellen == expected
        cellen.store(rapportage.pk)
    rapportage.refresh_from_db()
    assert (opgeslagen_cellen(rapportage.pk), rapportage.cellen) == (expected, {})


def test_cells_keep_a_value_with_line_separators_other_than_newline_whole():
    """Only "\\n" ends a cell's line: a vertical tab, file separator or Unicode line separator stays in its value."""
    cellen = RecordCellen(("pseudoniem", "datum_aanvang", "hulpsoort"))
    cellen.add("abc|20200101", ("abc", "20200101", "a\x0bb\x1cc\u2028d\x85e"))
    with cellen:
        assert cellen.cellen == {"abc|20200101|hulpsoort": "a\x0bb\x1cc\u2028d\x85e"}


@pytest.mark.django_db
@pytest.mark.usefixtures("rapportage_dir")
def test_the_cells_file_is_closed_when_the_export_fails(beheerder, world, monkeypatch):
    """A CBS export that fails midway closes its cells' temporary file (the caller never gets them to close)."""
    render_module = sys.modules["reporting.exports.render"]
    from reporting.periods import periode_parse

    made = []

    class Kept(RecordCellen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    def broken(*args, **kwargs):
        raise ValueError("midway")

    monkeypatch.setattr(render_module, "RecordCellen", Kept)
    monkeypatch.setattr(render_module, "csv_write", broken)
    rapportage = Rapportage.objects.create(soort="cbs_protocol", periode="2020-H1", formaat="csv", definitieversie="x", aangevraagd_door=beheerder)
    with pytest.raises(ValueError):
        render_module.render(rapportage, periode_parse("2020-H1"))
    assert [c._bestand.closed for c in made] == [True]


@pytest.mark.django_db
def test_a_cbs_workbook_streams_its_rows_to_a_working_directory_in_the_reports_storage(beheerder, world, rapportage_dir, monkeypatch):
    """The XLSX of a CBS export is not built in memory: its records go to xlsxwriter's temporary files as they come, in a
    working directory of the export's own in RAPPORTAGE_DIR (BSNs: never /tmp), removed once the file is written; read
    back, the workbook has every record."""
    from openpyxl import load_workbook

    render_module = sys.modules["reporting.exports.render"]
    echt = render_module._cbs_records
    gezien = []

    def records(*args):
        for i, item in enumerate(echt(*args)):
            if i == 1:  # the first record is in the workbook: where are its rows kept?
                gezien.extend(sorted((p.name.split(".")[1], any(f.is_file() for f in p.iterdir()))
                                     for p in rapportage_dir.iterdir() if p.is_dir()))
            yield item

    monkeypatch.setattr(render_module, "_cbs_records", records)
    rapportage = Rapportage.objects.create(soort="cbs_aanlevering", periode="2020-H1", formaat="xlsx", definitieversie="x", aangevraagd_door=beheerder)
    content, cellen = render_module.render_with_cells(rapportage, periode_parse("2020-H1"))
    assert gezien == [("xlsx", True)]
    assert [p for p in rapportage_dir.iterdir() if p.is_dir()] == []
    rows = list(load_workbook(io.BytesIO(content))["Records"].iter_rows(values_only=True))
    assert len(rows) - 1 == len({key.rpartition("|")[0] for key in cellen}) > 1
    assert rows[0][0] == "bsn"
