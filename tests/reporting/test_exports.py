"""The exports on a small hand-built world (tests/reporting/export_world.py): exact rows, pseudonyms, files.

Generation runs in-process by calling the worker's function directly (`reporting.generation.report_generate`).
"""

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from jgt_registratie.models import AuditLog
from jgt_registratie.pseudonyms import pseudoniem, pseudoniem_van
from reporting import generation, services
from reporting.exports import indicatoren
from reporting.exports.cbs import AANLEVERING_KOLOMMEN, PROTOCOL_KOLOMMEN, aanlevering_rows, protocol_rows
from reporting.models import Duiding, Rapportage
from reporting.periods import Periode, periode_parse
from reporting.report import indicator_report
from tests.reporting import export_world
from tests.reporting.export_world import BSN_P, BSN_R

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rapportage_dir")]

MOMENT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def rows_of(periode, gemeente=None):
    return protocol_rows(periode_parse(periode), gemeente)


# --- cbs_protocol: exact rows ------------------------------------------------------------------------------


def test_protocol_columns_are_exactly_those_of_domain_section_6():
    assert PROTOCOL_KOLOMMEN == (
        "pseudoniem", "geboortejaar", "geslacht", "gemeentecode", "pc4", "verwijzer", "hulpvorm", "gestart_met_crisis",
        "datum_aanvang", "datum_einde", "reden_beeindiging", "hulpsoort", "probleemcategorieen", "aantal_contacten",
        "contactminuten", "doorverwezen")


def test_protocol_rows_2020_h1_all_gemeenten(world):
    p, q, r = (pseudoniem(k) for k in (world.p, world.q, world.r))
    expected = sorted([
        (p, "2012", "M", "0546", "2311", "06", "01", "J", "20200110", "20200212", "01", "middelzwaar", "opvoeding;psychisch;scheiding", 2, 75, "J"),
        # D2 runs until 15-07: still running at the end of H1, so no einde and no reden, and only its contact of H1
        (q, "2014", "V", "0546", "", "06", "01", "N", "20200203", "", "", "licht", "school", 1, 60, "N"),
        (q, "2014", "V", "0546", "", "06", "01", "N", "20200402", "", "", "licht", "sociaal", 1, 20, "N"),
        # ended by waakvlam: an einde and the reden asked at waakvlam (the default 01)
        (r, "2010", "O", "0547", "2351", "06", "01", "N", "20200302", "20200302", "01", "zwaar", "ontwikkeling", 1, 20, "N"),
    ], key=lambda row: (row[0], row[8]))
    assert rows_of("2020-H1") == expected


def test_protocol_year_shows_the_end_reached_within_the_period(world):
    q_rows = [row for row in rows_of("2020") if row[0] == pseudoniem(world.q)]
    assert [(row[8], row[9], row[10]) for row in q_rows] == [("20200203", "20200715", "02"), ("20200402", "", "")]


def test_protocol_per_gemeente_and_overlap(world, leiderdorp):
    assert [row[0] for row in rows_of("2020-H1", leiderdorp)] == [pseudoniem(world.r)]
    # Q2: P ended 12-02 and R 02-03, before April: only Q's two hulpperiodes overlap it
    assert {row[8] for row in rows_of("2020-Q2")} == {"20200203", "20200402"}
    assert rows_of("2019") == []


def test_protocol_is_one_query(world, django_assert_num_queries):
    periode = periode_parse("2020")
    with django_assert_num_queries(1):
        protocol_rows(periode, None)


# --- pseudonyms ----------------------------------------------------------------------------------------------


def test_pseudonym_is_hmac_of_bsn_or_internal_id(world, settings):
    import hashlib as h
    import hmac

    secret = settings.PSEUDONYM_SECRET.encode()
    assert pseudoniem(world.p) == hmac.new(secret, f"bsn:{BSN_P}".encode(), h.sha256).hexdigest()[:32]
    assert pseudoniem(world.q) == hmac.new(secret, f"id:{world.q.pk}".encode(), h.sha256).hexdigest()[:32]
    assert len({pseudoniem(world.p), pseudoniem(world.q), pseudoniem(world.r)}) == 3


def test_pseudonym_depends_on_the_bsn_not_the_record(world):
    """Registered again (another id) with the same BSN, a jeugdige keeps its pseudonym; without BSN the id decides."""
    assert pseudoniem_van(bsn=BSN_P, jeugdige_id="something-else") == pseudoniem(world.p)
    assert pseudoniem_van(bsn=None, jeugdige_id=world.q.pk) != pseudoniem_van(bsn=None, jeugdige_id=world.p.pk)


def test_pseudonym_is_stable_across_periods(world):
    q = pseudoniem(world.q)
    in_h1 = {row[0] for row in rows_of("2020-H1") if row[12] == "sociaal"}
    in_2021 = {row[0] for row in rows_of("2021-H1")}  # only D5 still runs
    in_2024 = {row[0] for row in rows_of("2024")}
    assert in_h1 == in_2021 == in_2024 == {q}


def test_pseudonym_changes_with_the_secret(world, settings):
    before = pseudoniem(world.p)
    settings.PSEUDONYM_SECRET = "another-organisation-secret-0123456789"
    assert pseudoniem(world.p) != before


# --- cbs_aanlevering ------------------------------------------------------------------------------------------


def test_aanlevering_rows_carry_bsn_birth_date_and_postcode_or_gemeentecode(world):
    rows = aanlevering_rows(periode_parse("2020-H1"), None)
    assert AANLEVERING_KOLOMMEN[:4] == ("bsn", "geboortedatum", "geslacht", "postcode_of_gemeentecode")
    assert sorted(rows) == sorted([
        (BSN_P, "20120517", "M", "2311AB", "06", "01", "J", "20200110", "20200212", "01"),
        ("000000000", "20140903", "V", "0546", "06", "01", "N", "20200203", "", ""),
        ("000000000", "20140903", "V", "0546", "06", "01", "N", "20200402", "", ""),
        (BSN_R, "20100211", "O", "2351CD", "06", "01", "N", "20200302", "20200302", "01"),
    ])


# --- generation: file, sha256, status, retry, idempotency, atomicity ----------------------------------------------


def request(user, soort, periode, formaat, gemeente=None):
    return services.report_request(user=user, soort=soort, periode=periode, gemeente=gemeente, formaat=formaat)


def generated(rapportage) -> tuple[Rapportage, bytes]:
    assert generation.report_generate(rapportage.pk) == "gereed"
    rapportage.refresh_from_db()
    return rapportage, (rapportage_path(rapportage)).read_bytes()


def rapportage_path(rapportage):
    from django.conf import settings

    return settings.RAPPORTAGE_DIR / rapportage.bestand


def test_generation_writes_the_file_and_its_sha256(world, beheerder):
    rapportage, content = generated(request(beheerder, "cbs_protocol", "2020-H1", "csv"))
    assert (rapportage.status, rapportage.voortgang, rapportage.fout) == ("gereed", 100, "")
    assert rapportage.sha256 == hashlib.sha256(content).hexdigest()
    assert rapportage.bestand == f"cbs-protocol-2020-H1-alle-gemeenten-{rapportage.pk}.csv"
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert parsed[0] == list(PROTOCOL_KOLOMMEN)
    assert [tuple(r) for r in parsed[1:]] == [tuple(str(v) for v in row) for row in rows_of("2020-H1")]
    assert rapportage.gestart_op is not None and rapportage.gereed_op >= rapportage.gestart_op


def test_a_repeated_task_for_a_finished_report_does_nothing(world, beheerder):
    rapportage, content = generated(request(beheerder, "cbs_protocol", "2020-H1", "csv"))
    mtime = os.stat(rapportage_path(rapportage)).st_mtime_ns
    assert generation.report_generate(rapportage.pk) == "overgeslagen"
    assert (os.stat(rapportage_path(rapportage)).st_mtime_ns, rapportage_path(rapportage).read_bytes()) == (mtime, content)


def test_a_report_left_bezig_by_a_crashed_worker_is_made_again(world, beheerder):
    rapportage = request(beheerder, "indicatoren", "2020", "json", "0546")
    Rapportage.objects.filter(pk=rapportage.pk).update(status="bezig", voortgang=40)
    rapportage, content = generated(rapportage)
    assert (rapportage.status, json.loads(content)["periode"]) == ("gereed", "2020")


def test_regenerating_the_same_row_is_byte_identical(world, beheerder):
    for formaat in ("json", "csv", "xlsx"):
        rapportage, first = generated(request(beheerder, "indicatoren", "2020-H1", formaat, "0546"))
        Rapportage.objects.filter(pk=rapportage.pk).update(status="wachtrij", bestand="", sha256="")
        _, second = generated(rapportage)
        assert first == second, formaat


def _normalised(content: bytes, formaat: str, moment: str) -> bytes:
    if formaat == "json":
        data = json.loads(content)
        data["gemaaktOp"] = "X"
        return json.dumps(data).encode()
    if formaat == "csv":
        return content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = {name: archive.read(name) for name in sorted(archive.namelist())}
    # the document properties carry the moment in ISO form, the sheets as people read it ("Gemaakt op", dd-mm-jjjj uu:mm)
    return b"".join(name.encode() + re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)|\d\d-\d\d-\d{4} \d\d:\d\d", b"X", data)
                    for name, data in parts.items())


@pytest.mark.parametrize(("soort", "formaat", "gemeente"), [
    ("indicatoren", "json", "0546"), ("indicatoren", "csv", "0546"), ("indicatoren", "xlsx", "0546"), ("indicatoren", "json", None),
    ("cbs_protocol", "csv", None), ("cbs_protocol", "xlsx", None), ("cbs_aanlevering", "csv", "0546"), ("cbs_aanlevering", "xlsx", None),
])
def test_the_same_request_twice_gives_the_same_file_apart_from_the_moment(world, beheerder, soort, formaat, gemeente):
    first, a = generated(request(beheerder, soort, "2020-H1", formaat, gemeente))
    second, b = generated(request(beheerder, soort, "2020-H1", formaat, gemeente))
    if formaat == "csv":  # CSV carries no moment at all
        assert first.sha256 == second.sha256
    assert _normalised(a, formaat, first.aangemaakt_op.isoformat()) == _normalised(b, formaat, second.aangemaakt_op.isoformat())


def test_a_failing_report_is_mislukt_in_dutch_and_leaves_no_file(world, beheerder, rapportage_dir):
    broken = Rapportage.objects.create(soort="cbs_protocol", periode="2020-Q9", formaat="csv", definitieversie="x", aangevraagd_door=beheerder)
    assert generation.report_generate(broken.pk) == "mislukt"
    broken.refresh_from_db()
    assert (broken.status, broken.bestand, broken.sha256) == ("mislukt", "", "")
    assert broken.fout.startswith("De rapportage kon niet worden gemaakt")
    assert not any(rapportage_dir.glob("*"))  # no file, not even a temporary one
    assert generation.report_generate(broken.pk) == "overgeslagen"


def test_atomic_write_never_leaves_a_half_file(tmp_path):
    target = tmp_path / "out"
    generation.write_atomically(target, "r.csv", b"first")
    with pytest.raises(TypeError):
        generation.write_atomically(target, "r.csv", "not bytes: the write fails halfway")  # type: ignore[arg-type]
    assert ([p.name for p in target.iterdir()], (target / "r.csv").read_bytes()) == (["r.csv"], b"first")
    generation.write_atomically(target, "r.csv", b"second")
    assert ([p.name for p in target.iterdir()], (target / "r.csv").read_bytes()) == (["r.csv"], b"second")


def test_generation_is_audited(world, beheerder):
    rapportage, _ = generated(request(beheerder, "cbs_aanlevering", "2020-H1", "csv"))
    rows = list(AuditLog.objects.filter(object_type="rapportage", object_id=str(rapportage.pk)).values_list("action", "username", "result"))
    assert rows.count(("rapportage_aanvragen", "bert", "ok")) == 1 and ("rapportage_genereren", "", "ok") in rows


def test_a_report_is_never_gereed_without_its_audit_row(professional, team, leiden, beheerder, monkeypatch, settings, tmp_path):
    """The final status and its audit row are one transaction: if the audit row cannot be written, the report
    stays `bezig` (to be made again), never `gereed` unaudited."""
    from reporting import generation, services
    from reporting.models import Rapportage

    settings.RAPPORTAGE_DIR = tmp_path
    rapportage = services.report_request(user=beheerder, soort="cbs_protocol", periode="2020-H1", formaat="csv")

    def audit_fails(**_):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(generation, "audit_record", audit_fails)
    with pytest.raises(RuntimeError):
        generation.report_generate(rapportage.pk)
    rapportage.refresh_from_db()
    assert (rapportage.status, rapportage.sha256) == (Rapportage.Status.BEZIG, "")


# --- file contents ------------------------------------------------------------------------------------------------


def test_indicator_json_has_the_api_shape(world, beheerder, leiden):
    Duiding.objects.create(gemeente=leiden, periode="2020-H1", tekst="Een rustig halfjaar.", auteur=beheerder)
    rapportage, content = generated(request(beheerder, "indicatoren", "2020-H1", "json", "0546"))
    data = json.loads(content)
    assert (data["periode"], data["gemeente"], data["definitieversie"], data["gemaaktOp"], data["duiding"]) == (
        "2020-H1", {"code": "0546", "naam": "Leiden"}, "2027.1", rapportage.aangemaakt_op.isoformat(), "Een rustig halfjaar.")
    assert [i["code"] for i in data["indicatoren"]][:3] == ["I01", "I02", "I03"]


def test_indicator_csv_and_xlsx_carry_the_same_rows(world, beheerder):
    _, csv_content = generated(request(beheerder, "indicatoren", "2020-H1", "csv", "0546"))
    _, xlsx_content = generated(request(beheerder, "indicatoren", "2020-H1", "xlsx", "0546"))
    csv_rows = list(csv.reader(io.StringIO(csv_content.decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(xlsx_content))
    assert book.sheetnames == ["Indicatoren", "Grafieken"]
    sheet = book["Indicatoren"]
    assert [sheet.cell(row=r, column=1).value for r in range(3, 8)] == ["Periode", "Gemeente", "Definitieversie", "Gemaakt op", "Duiding"]
    table = [["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)) for v in row]
             for row in sheet.iter_rows(min_row=11, values_only=True)]
    assert csv_rows[0] == ["code", "naam", "dimensie", "categorie", "waarde", "weergave"]
    assert table[0] == ["code", "naam", "dimensie", "categorie", "waarde", "weergave", "dimensie (omschrijving)", "categorie (omschrijving)"]
    # the first six columns are the CSV's, in its order; the descriptions follow them
    assert [row[:6] for row in table] == csv_rows
    with zipfile.ZipFile(io.BytesIO(xlsx_content)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= 3


def test_cbs_xlsx_has_records_and_a_data_quality_sheet(world, beheerder):
    _, protocol = generated(request(beheerder, "cbs_protocol", "2020-H1", "xlsx"))
    _, aanlevering = generated(request(beheerder, "cbs_aanlevering", "2020-H1", "xlsx"))
    book = load_workbook(io.BytesIO(protocol))
    assert book.sheetnames == ["Records", "Toelichting", "Datakwaliteit"]
    records = list(book["Records"].iter_rows(values_only=True))
    assert (tuple(c for c in records[0] if not c.endswith("(omschrijving)")), len(records)) == (PROTOCOL_KOLOMMEN, 5)
    quality = list(book["Datakwaliteit"].iter_rows(min_row=3, values_only=True))
    assert ("jeugdige_zonder_bsn", 1) in [(row[0], row[2]) for row in quality]
    # the anonymised export counts findings; only the statutory delivery names the objects
    assert str(world.q.pk) not in str(quality)
    full = list(load_workbook(io.BytesIO(aanlevering))["Datakwaliteit"].iter_rows(values_only=True))
    assert str(world.q.pk) in str(full)


# --- no identifier in any anonymised output -----------------------------------------------------------------------


def _text_of(content: bytes, formaat: str) -> str:
    if formaat != "xlsx":
        return content.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def _forbidden(world, users) -> list[str]:
    values = []
    for kid in (world.p, world.q, world.r):
        if kid.bsn:
            values.append(kid.bsn)
        born: date = kid.geboortedatum
        values += [born.strftime("%Y%m%d"), born.isoformat(), born.strftime("%d-%m-%Y"), born.strftime("%d/%m/%Y")]
        postcode = kid.huidig_adres.postcode
        if postcode:
            values += [postcode, f"{postcode[:4]} {postcode[4:]}"]
        values += [kid.naam, kid.voornamen, kid.achternaam]  # names (issue 11) never leave the team
    values += list(export_world.BETROKKENE)
    for user in users:
        values += [user.username, user.get_full_name()]
    return [v for v in values if v]


@pytest.mark.parametrize(("soort", "formaat", "gemeente"), [
    ("indicatoren", "json", "0546"), ("indicatoren", "csv", "0546"), ("indicatoren", "xlsx", "0546"),
    ("indicatoren", "json", None), ("indicatoren", "xlsx", None), ("cbs_protocol", "csv", None), ("cbs_protocol", "xlsx", None),
])
def test_anonymised_output_holds_no_identifier(world, beheerder, professional, teamleider, gemeente_user, leiden, soort, formaat, gemeente):
    Duiding.objects.create(gemeente=leiden, periode="2020", tekst="Meer aanmeldingen via school.", auteur=beheerder)
    requester = gemeente_user if soort == "indicatoren" and gemeente else beheerder
    _, content = generated(request(requester, soort, "2020", formaat, gemeente))
    text = _text_of(content, formaat)
    found = [value for value in _forbidden(world, [beheerder, professional, teamleider, gemeente_user]) if value in text]
    assert found == []
    assert len(text) > 500  # the scan looked at a real file


def test_xlsx_chart_sheet_names_breakdowns_in_dutch(world):
    """The data sheet keeps API.md's codes; the charts, meant for reading, show Dutch names."""
    from datetime import UTC, datetime

    from reporting.exports import indicatoren
    from reporting.periods import Periode
    from reporting.report import indicator_report

    moment = datetime(2026, 1, 1, tzinfo=UTC)
    content = indicatoren.as_xlsx(indicator_report(periode=Periode.jaar(2020), gemeente=None, gemaakt_op=moment), gemaakt_op=moment)
    labels = {c.value for c in load_workbook(io.BytesIO(content))["Grafieken"]["A"] if c.value}
    assert {"Totalen", "I05 Contacten: per vorm", "Face-to-face", "met dossier", "I08 Doorverwijzingen: per kengetal",
            "per 100 jeugdigen met hulp"} <= labels
    assert not labels & {"face_to_face", "per_100_jeugdigen_met_hulp", "Kerncijfers (totalen)"}


def test_xlsx_charts_never_plot_a_suppressed_count_as_zero(example, leiden):
    """A suppressed cell ('.') used to be a text cell in the charted range: Excel plots text as 0 and xlsxwriter
    cached 0, so the gemeente's chart said "0" where the count was 1 to 9."""
    report = indicator_report(periode=Periode.jaar(2020), gemeente=leiden, gemaakt_op=MOMENT)
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


# --- downloads for Dutch Excel (issue 11) ---------------------------------------------------------------------------


@pytest.mark.parametrize(("soort", "gemeente"), [("indicatoren", "0546"), ("cbs_protocol", None)])
def test_every_csv_people_open_starts_with_a_utf8_bom_and_its_sha256_covers_it(world, beheerder, soort, gemeente):
    rapportage, content = generated(request(beheerder, soort, "2020-H1", "csv", gemeente))
    assert content[:3] == b"\xef\xbb\xbf"
    assert rapportage.sha256 == hashlib.sha256(content).hexdigest()


def test_the_statutory_delivery_csv_has_no_bom_and_starts_with_its_header(world, beheerder):
    _, content = generated(request(beheerder, "cbs_aanlevering", "2020-H1", "csv", "0546"))
    assert content.split(b"\r\n", 1)[0].decode("ascii") == ",".join(AANLEVERING_KOLOMMEN)


def test_the_csv_bom_keeps_accents_whole_and_the_columns_unchanged(world, beheerder):
    _, content = generated(request(beheerder, "indicatoren", "2020-H1", "csv", "0546"))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["code", "naam", "dimensie", "categorie", "waarde", "weergave"]
    assert ("I03", "Beëindigde hulpperiodes") in {(row[0], row[1]) for row in rows}


def _xlsx_table(content: bytes, sheet: str, header_row: int) -> list[dict]:
    rows = list(load_workbook(io.BytesIO(content))[sheet].iter_rows(min_row=header_row, values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_indicator_xlsx_describes_each_code_in_dutch_beside_it(world):
    content = indicatoren.as_xlsx(indicator_report(periode=Periode.jaar(2020), gemeente=None, gemaakt_op=MOMENT), gemaakt_op=MOMENT)
    table = _xlsx_table(content, "Indicatoren", 11)
    beschreven = {(r["dimensie"], r["dimensie (omschrijving)"], r["categorie"], r["categorie (omschrijving)"]) for r in table}
    assert ("vorm", "vorm", "face_to_face", "Face-to-face") in beschreven
    assert ("reden_beeindiging", "reden beëindiging", "01", "Beëindigd volgens plan") in beschreven
    assert ("herhaald_beroep", "herhaald beroep", "ja", "ja") in beschreven
    # a total has no dimensie and no description
    assert (table[0]["code"], table[0]["dimensie"], table[0]["dimensie (omschrijving)"], table[0]["categorie (omschrijving)"]) == ("I01", None, None, None)


@pytest.mark.parametrize(("moment", "tekst"), [
    (datetime(2026, 11, 23, 12, 0, tzinfo=UTC), "23-11-2026 13:00"),  # winter time, UTC+1
    (datetime(2026, 6, 30, 22, 30, tzinfo=UTC), "01-07-2026 00:30"),  # summer time, UTC+2: already the next day
])
def test_indicator_xlsx_shows_gemaakt_op_in_amsterdam_time(world, moment, tekst):
    content = indicatoren.as_xlsx(indicator_report(periode=Periode.jaar(2020), gemeente=None, gemaakt_op=moment), gemaakt_op=moment)
    sheet = load_workbook(io.BytesIO(content))["Indicatoren"]
    assert (sheet["A6"].value, sheet["B6"].value) == ("Gemaakt op", tekst)


def test_cbs_xlsx_shows_dates_as_excel_dates_and_codes_with_descriptions(world, beheerder):
    rapportage, content = generated(request(beheerder, "cbs_protocol", "2020-H1", "xlsx"))
    book = load_workbook(io.BytesIO(content))
    header = [c.value for c in book["Records"][1]]
    assert header == [
        "pseudoniem", "geboortejaar", "geslacht", "geslacht (omschrijving)", "gemeentecode", "pc4", "verwijzer", "verwijzer (omschrijving)",
        "hulpvorm", "hulpvorm (omschrijving)", "gestart_met_crisis", "datum_aanvang", "datum_einde", "reden_beeindiging",
        "reden_beeindiging (omschrijving)", "hulpsoort", "hulpsoort (omschrijving)", "probleemcategorieen", "probleemcategorieen (omschrijving)",
        "aantal_contacten", "contactminuten", "doorverwezen"]
    table = _xlsx_table(content, "Records", 1)
    p = next(r for r in table if r["pseudoniem"] == pseudoniem(world.p))
    assert (p["geslacht"], p["geslacht (omschrijving)"], p["verwijzer"], p["verwijzer (omschrijving)"], p["hulpvorm (omschrijving)"]) == (
        "M", "Man", "06", "Geen verwijzer", "Uitgevoerd door het wijk- of buurtteam")
    assert (p["datum_aanvang"], p["datum_einde"], p["reden_beeindiging"], p["reden_beeindiging (omschrijving)"]) == (
        datetime(2020, 1, 10), datetime(2020, 2, 12), "01", "Beëindigd volgens plan")
    assert (p["hulpsoort"], p["hulpsoort (omschrijving)"], p["probleemcategorieen"]) == ("middelzwaar", "Middelzwaar", "opvoeding;psychisch;scheiding")
    assert p["probleemcategorieen (omschrijving)"].count("; ") == 2
    cell = book["Records"]["L2"]
    assert (cell.is_date, cell.number_format) == (True, "dd-mm-yyyy")
    # still running at the end of H1: an empty datum_einde, no description of an absent reden
    q = next(r for r in table if r["pseudoniem"] == pseudoniem(world.q))
    assert (q["datum_einde"], q["reden_beeindiging"], q["reden_beeindiging (omschrijving)"]) == (None, None, None)
    info = {row[0]: row[1] for row in book["Toelichting"].iter_rows(values_only=True)}
    assert info["Gemaakt op"] == rapportage.aangemaakt_op.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%d-%m-%Y %H:%M")


def test_aanlevering_xlsx_keeps_the_protocol_birth_code_as_text(world, beheerder):
    _, content = generated(request(beheerder, "cbs_aanlevering", "2020-H1", "xlsx"))
    table = _xlsx_table(content, "Records", 1)
    assert {type(r["geboortedatum"]) for r in table} == {str}
    assert {type(r["datum_aanvang"]) for r in table} == {datetime}


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_the_cbs_delivery_holds_no_name_of_a_jeugdige_or_betrokkene(world, beheerder, formaat):
    """The delivery carries pseudonyms (and, by law, nothing else that names a person): no name, phone or e-mail (issue 11)."""
    _, content = generated(request(beheerder, "cbs_aanlevering", "2020-H1", formaat))
    text = _text_of(content, formaat)
    names = [v for kid in (world.p, world.q, world.r) for v in (kid.voornamen, kid.achternaam)] + list(export_world.BETROKKENE)
    assert [name for name in names if name in text] == []
    assert len(text) > 100
