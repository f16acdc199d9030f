"""The verantwoording (DOMAIN.md section 8) on the hand-built world of `verantwoording_world.py`: every section's raw
numbers exactly (hand computations in the comments), then what a gemeente receives after disclosure control, the files
(JSON, XLSX, a tagged PDF whose text layer carries the JSON's figures), the privacy scan of all three, and the rights."""

import io
import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from jgt_registratie.errors import Forbidden, InvalidInput
from jgt_registratie.models import AuditLog
from reporting import generation, services
from reporting.disclosure import protect
from reporting.models import Duiding
from reporting.periods import Periode
from reporting.verantwoording import sections_compute, verantwoording_report
from reporting.verantwoording.rapport import ZINNEN, nl, table_protect
from tests.reporting import verantwoording_world
from tests.reporting.verantwoording_world import BETROKKENE, BSN_A, NAMEN, VERORDENING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rapportage_dir")]

JAAR = Periode.jaar(2025)
VANDAAG = date(2026, 1, 15)
MOMENT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


@pytest.fixture
def vworld(professional, teamleider, team, leiden, leiderdorp, beheerder):
    return verantwoording_world.build(professional=professional, teamleider=teamleider, team=team, leiden=leiden,
                                      leiderdorp=leiderdorp, beheerder=beheerder)


def raw_sections(gemeente, periode=JAAR):
    return {s.nummer: s for s in sections_compute(periode, gemeente, vandaag=VANDAAG)}


def values(tabel, kolom=0, nonzero=False):
    """{rij: raw value (or its reason when there is none)} of one column; fractions to 6 decimals."""
    result = {}
    for rij in tabel.rijen:
        cel = rij.cellen[kolom]
        value = cel.waarde if cel.waarde is not None else (cel.toelichting or None)
        if isinstance(value, Decimal):
            value = round(value, 6)
        if not nonzero or value:
            result[rij.sleutel] = value
    return result


def q(value: str) -> Decimal:
    return round(Decimal(value), 6)


@pytest.mark.parametrize(("product", "cbs", "verschil", "procent"), [
    (1593, 1590, 5, q("0.314465")),   # shown as 1595: the exact 1593 cannot be read back
    (1592, 1590, 0, q("0")),          # shown as 1590
    (1588, 1590, 0, q("0")),          # shown as 1590 as well: the same difference for 1588..1592
    (7, 1590, None, None),            # suppressed with its count
])
def test_the_difference_with_statline_is_taken_from_the_shown_count(product, cbs, verschil, procent):
    from reporting.verantwoording.hulp import _verschil

    cel_verschil, cel_procent = _verschil(product, cbs)
    assert (cel_verschil.waarde, None if cel_procent.waarde is None else q(cel_procent.waarde)) == (verschil, procent)


# --- the raw numbers, section by section ---------------------------------------------------------------------------


def test_section_1_development_per_year_beside_statline(vworld, leiden):
    tabel = raw_sections(leiden)[1].tabel("per_jaar")
    # Years from the first StatLine year (2023) to the period's. The first registration is 2024-03-01: 2023 has no data.
    assert [r.sleutel for r in tabel.rijen] == ["2023", "2024", "2025"]
    assert values(tabel, 0) == {"2023": "geen gegevens", "2024": 1, "2025": 4}  # 2024: A (hp1); 2025: A, B, C, F
    assert values(tabel, 1) == {"2023": 1600, "2024": 1590, "2025": "niet gepubliceerd"}
    # the difference is taken from the product count as shown: 1 is suppressed, so is its difference
    assert values(tabel, 2) == {"2023": "geen gegevens", "2024": None, "2025": "niet gepubliceerd"}
    assert values(tabel, 3)["2024"] is None
    # Hulpperiodes overlapping the year: 2024 A hp1; 2025 A hp1 (ends 01-13), A hp2, B, C, F.
    assert values(tabel, 4) == {"2023": "geen gegevens", "2024": 1, "2025": 5}
    assert values(tabel, 6)["2024"] is None
    assert values(tabel, 8) == {"2023": 4500, "2024": 4400, "2025": "niet gepubliceerd"}


def test_section_2_cross_table_contacts_by_inzet_and_hulpsoort_and_prevention(vworld, leiden):
    sectie = raw_sections(leiden)[2]
    kruis = sectie.tabel("hulpsoort_probleemcategorie")
    assert kruis.kolommen == ("Licht", "Middelzwaar", "Zwaar", "Totaal")
    # A hp1 and hp2 {opvoeding} licht; B, C {school} zwaar at the end of 2025 (the toegang contact is no hulpcontact); F licht.
    assert {r.sleutel: [c.waarde for c in r.cellen] for r in kruis.rijen if any(c.waarde for c in r.cellen)} == {
        "opvoeding": [2, 0, 0, 2], "school": [0, 0, 2, 2], "ontwikkeling": [1, 0, 0, 1], "totaal": [3, 0, 2, 5]}
    inzet = sectie.tabel("contacten_per_inzet")
    # Nine contacts in 2025, 345 minutes: hulp 7 (30+90+45+20+20+25+60 = 290), toegang 1 (40), advies 1 (15), regie 0.
    assert values(inzet, 0) == {"hulp": 7, "advies": 1, "toegang": 1, "regie": 0, "totaal": 9}
    assert values(inzet, 1) == {"hulp": 290, "advies": 15, "toegang": 40, "regie": 0, "totaal": 345}
    assert values(inzet, 2)["hulp"] == q(100 * Decimal(290) / 345)
    hulpsoort = sectie.tabel("contacten_per_hulpsoort")
    assert values(hulpsoort, 0) == {"preventief": 2, "licht": 5, "middelzwaar": 1, "zwaar": 1, "totaal": 9}
    assert values(hulpsoort, 1) == {"preventief": 45, "licht": 150, "middelzwaar": 90, "zwaar": 60, "totaal": 345}
    assert values(sectie.tabel("preventie")) == {"pct_contacten_preventief": q(Decimal(200) / 9)}  # 2 of 9


def test_section_3_children_and_trajecten(vworld, leiden):
    sectie = raw_sections(leiden)[3]
    kern = sectie.tabel("kerncijfers")
    assert kern.kolommen == ("2025", "2024")
    assert values(kern, 0) == {"jeugdigen_met_hulp": 4, "hulpperiodes": 5, "gestarte_hulpperiodes": 4, "herhaald_beroep": 1,
                               "pct_herhaald_beroep": 25, "hulpperiodes_per_jeugdige": Decimal("1.25")}
    # 2024: A with hp1 only, started that year; no herhaald beroep.
    assert values(kern, 1) == {"jeugdigen_met_hulp": 1, "hulpperiodes": 1, "gestarte_hulpperiodes": 1, "herhaald_beroep": 0,
                               "pct_herhaald_beroep": 0, "hulpperiodes_per_jeugdige": 1}
    assert values(sectie.tabel("hulpperiodes_per_jeugdige")) == {"1": 3, "2": 1, "3+": 0}  # A has two
    # Age on the last day counted: A 9 (2025-05-12), B 15 and C 5 (2025-12-31), F 12 (2025-02-11).
    assert values(sectie.tabel("uitsplitsingen"), nonzero=True) == {
        "leeftijdsklasse|4-11": 2, "leeftijdsklasse|12-17": 2, "geslacht|M": 1, "geslacht|V": 3,
        "I02|herhaald_beroep|ja": 1, "I02|herhaald_beroep|nee": 3}


def test_section_1_reads_every_year_in_one_query_and_section_3_takes_its_counts_from_it(vworld, leiden):
    """However many years section 1 shows (from the first StatLine year on), its counts are ONE query, which also gives
    section 3 the counts of the period and of the same period a year earlier: the report's number of queries does not
    grow with its years."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.models import StatlineCijfer

    with CaptureQueriesContext(connection) as drie_jaar:
        raw_sections(leiden)
    StatlineCijfer.objects.create(gemeente=leiden, jaar=2015, jeugdigen_wijkteam=1000)
    with CaptureQueriesContext(connection) as elf_jaar:
        secties = raw_sections(leiden)
    tabel = secties[1].tabel("per_jaar")
    assert [r.sleutel for r in tabel.rijen] == [str(y) for y in range(2015, 2026)]
    assert values(tabel, 0) == {**{str(y): "geen gegevens" for y in range(2015, 2024)}, "2024": 1, "2025": 4}
    assert len(elf_jaar) == len(drie_jaar)
    assert sum("count(DISTINCT h.jeugdige_id) AS jeugdigen" in q["sql"] for q in elf_jaar.captured_queries) == 1
    assert values(secties[3].tabel("kerncijfers"), 0)["jeugdigen_met_hulp"] == 4  # section 1's 2025, the same count


def test_section_3_takes_every_breakdown_of_i01_and_i02(vworld, leiden, monkeypatch):
    """A breakdown an indicator gains (the wijk, issue 12) appears in section 3 without a change here."""
    from reporting.indicators.base import Cel
    from reporting.verantwoording import hulp

    original = hulp.I01

    def i01_met_wijk(ctx):
        result = original(ctx)
        return type(result)(result.code, result.naam, result.totaal, (Cel("wijk", "LW01", 3),))

    monkeypatch.setattr(hulp, "I01", i01_met_wijk)
    rij = raw_sections(leiden)[3].tabel("uitsplitsingen").rij("I01|wijk|LW01")
    assert (rij.cellen[0].waarde, rij.label.startswith("jeugdigen met hulp: ")) == (3, True)


def test_section_4_werkwijze_and_referral_outcomes(vworld, leiden):
    sectie = raw_sections(leiden)[4]
    # Waakvlam evaluations due in 2025: D1 (left on 04-20, due 05-01: on time), D4 (due 09-01, still waakvlam): 1 of 2.
    # Days to help, dossiers whose first hulpperiode starts in 2025: D2 10, D4 10. Waiting at 12-31: D3 (actief since 06-01).
    assert values(sectie.tabel("werkwijze")) == {"pct_waakvlam_op_tijd_geevalueerd": 50, "mediane_dagen_aanmelding_hulp": 10,
                                                 "dossiers_wachtend": 1, "pct_binnen_1_dag": 0}
    verwijzingen = sectie.tabel("doorverwijzingen")
    rows = {r.sleutel: [None if c.waarde is None else round(Decimal(c.waarde), 6) for c in r.cellen] for r in verwijzingen.rijen}
    # in period, verwezen, gestart, afgewezen, niet gestart, median days to gestart, % overbrugging, waiting > 30/60/90
    assert rows["jeugd_ggz"] == [1, 0, 1, 0, 0, 30, 100, 0, 0, 0]
    assert rows["pleegzorg"] == [1, 0, 0, 1, 0, None, 0, 0, 0, 0]
    assert rows["lvb"] == [1, 1, 0, 0, 0, None, 0, 1, 1, 1]  # 213 days waiting on 2025-12-31
    assert rows["totaal"] == [3, 1, 1, 1, 0, 30, q(Decimal(100) / 3), 1, 1, 1]


def test_section_4_bridged_shares_are_protected_as_a_group_with_their_total(vworld, leiden):
    from cases.models import Doorverwijzing

    # Beside the world's three referrals (jeugd_ggz 1 of 1 bridged), on the same dossier and day: jeugdhulp_ambulant 10
    # of 20 bridged, daghulp 15 of 30, verblijf 4 of 20. jeugd_ggz (1 referral) and verblijf (4 bridged) are suppressed;
    # the Totaal share (30 of 73 = 41,1 %) minus the shown kinds would give their 5 bridged referrals back, so daghulp
    # (the last other kind shown with a share other than 0) is suppressed too.
    eerste = Doorverwijzing.objects.get(soort="jeugd_ggz")
    Doorverwijzing.objects.bulk_create(
        Doorverwijzing(dossier_id=eerste.dossier_id, datum=eerste.datum, soort=soort, overbrugging=i < overbrugd)
        for soort, n, overbrugd in (("jeugdhulp_ambulant", 20, 10), ("daghulp", 30, 15), ("verblijf", 20, 4)) for i in range(n))
    tabel = raw_sections(leiden)[4].tabel("doorverwijzingen")
    kolom = tabel.kolommen.index("Met overbrugging (%)")
    getoond = {r.sleutel: b[kolom].weergave for r, b in zip(tabel.rijen, table_protect(tabel), strict=True)}
    assert getoond == {"jeugd_ggz": ".", "jeugdhulp_ambulant": "50,0", "daghulp": ".", "verblijf": ".", "pleegzorg": ".", "lvb": ".",
                       "jeugdbescherming": ".", "overig": ".", "totaal": "41,1"}


def test_section_4_status_counts_as_it_was_at_the_period_end(vworld, leiden):
    # In 2025-Q1 the jeugd_ggz referral (03-10) was still verwezen: it started on 04-09, after the quarter.
    verwijzingen = raw_sections(leiden, Periode.kwartaal(2025, 1))[4].tabel("doorverwijzingen")
    assert [c.waarde for c in verwijzingen.rij("jeugd_ggz").cellen[:5]] == [1, 1, 0, 0, 0]


def test_section_4_a_referral_from_before_the_outcomes_is_not_counted_as_waiting(vworld, leiden):
    from cases.models import Doorverwijzing

    Doorverwijzing.objects.filter(soort="lvb").update(status_vastgelegd=False)  # as migration cases 0017 marks an old one
    rows = {r.sleutel: [c.waarde for c in r.cellen] for r in raw_sections(leiden)[4].tabel("doorverwijzingen").rijen}
    # still referred in the period and still verwezen, but no waiting signal: its status was never recorded
    assert (rows["lvb"][:2], rows["lvb"][7:], rows["totaal"][7:]) == ([1, 1], [0, 0, 0], [0, 0, 0])


def test_section_5_cost_fte_and_coverage(vworld, leiden):
    sectie = raw_sections(leiden)[5]
    # FTE: Leiden Noord 10 (all its minutes in Leiden) + Regio 4 x 0 (its only minutes in Leiderdorp) + Reserve 2 / 2
    # gemeenten (no minutes) = 11. Ended in 2025: A hp1 (130 minutes, 100 of them in 2024), A hp2 (20), F (45) = 195 / 3.
    # Cost per traject = 365000 / 345 x 195 / 3. Cost per jeugdige: help minutes 30 + 20 + 95 + 95 + 45 = 285 -> 365000 x
    # 285 / 345 / 4 (I10).
    assert values(sectie.tabel("kosten")) == {
        "budget": 365000, "fte": 11, "kosten_per_traject": q(Decimal(365000) * 195 / (345 * 3)), "beeindigde_hulpperiodes": 3,
        "kosten_per_jeugdige": q(Decimal(365000) * 285 / 345 / 4)}
    inzet = sectie.tabel("budget_per_inzet")
    assert values(inzet, 0) == {"hulp": 290, "advies": 15, "toegang": 40, "regie": 0, "totaal": 345}
    assert values(inzet, 1) == {"hulp": q(Decimal(365000) * 290 / 345), "advies": q(Decimal(365000) * 15 / 345),
                                "toegang": q(Decimal(365000) * 40 / 345), "regie": 0, "totaal": 365000}
    # 11 fte x 1536 hours; 345 minutes = 5.75 hours registered.
    assert values(sectie.tabel("registratiedekking")) == {"uren_formatie": 16896, "uren_geregistreerd": Decimal("5.75"),
                                                          "pct_dekking": q(Decimal("575") / 16896)}


def test_section_5_without_budget_or_fte_says_so(vworld, leiderdorp):
    kosten = raw_sections(leiderdorp)[5].tabel("kosten")
    assert (values(kosten)["budget"], values(kosten)["kosten_per_traject"]) == ("geen budget vastgelegd", "geen budget vastgelegd")
    # Leiderdorp: Regio's 4 fte (all its minutes there) and half of Reserve's 2.
    assert values(kosten)["fte"] == 5


def test_section_6_monitoring(vworld, leiden, gemeente_user):
    sectie = raw_sections(leiden)[6]
    # On 2026-01-15: B, C, E, F without BSN; all but A without postcode; D2 and D3 actief without contact for 90 days;
    # D4's evaluatiedatum passed; D3 waiting.
    assert values(sectie.tabel("datakwaliteit")) == {"jeugdige_zonder_bsn": 4, "jeugdige_zonder_postcode": 4, "actief_zonder_contact": 2,
                                                      "overlappende_hulpperiodes": 0, "waakvlam_verlopen": 1, "wachtend": 1}
    assert values(sectie.tabel("definities")) == {"definitieversie": "2027.1"}
    assert values(sectie.tabel("gepubliceerd")) == {}


def test_section_6_counts_the_gemeentes_report_requests_per_month(vworld, leiden, gemeente_user, beheerder):
    services.report_request(user=gemeente_user, soort="indicatoren", periode="2025", gemeente="0546", formaat="json")
    services.report_request(user=gemeente_user, soort="verantwoording", periode="2025", gemeente="0546", formaat="pdf")
    services.report_request(user=beheerder, soort="indicatoren", periode="2025", gemeente="0546", formaat="json")  # not the gemeente's
    vandaag = date.today()
    gebruik = raw_sections(leiden, Periode.jaar(vandaag.year))[6].tabel("gebruik")
    assert values(gebruik, 0, nonzero=True) == {f"{vandaag:%Y-%m}": 2}


def test_section_7_beleidskader_with_dates_or_not_yet_written(vworld, leiden):
    teksten = {t.sleutel: (t.tekst, t.gewijzigd_op) for t in raw_sections(leiden)[7].teksten}
    assert teksten["verordening"] == (VERORDENING, f"{date.today():%d-%m-%Y}")
    assert teksten["gecontracteerd"] == teksten["afspraken"] == teksten["wijzigingen"] == ("nog niet ingevuld", None)


def test_section_8_registration_burden(vworld, leiden):
    # Median of 100, 60, 70, 30, 20, 50, 80, 40, 90 s = 60; mean 60 s x 9 contacts = 0.15 h in a whole year / 11 fte.
    assert values(raw_sections(leiden)[8].tabel("registratielast")) == {
        "mediaan_seconden_per_contact": 60, "registratie_uren_per_fte": q(Decimal("0.15") / 11)}


# --- what a gemeente receives ----------------------------------------------------------------------------------------


def report(gemeente):
    return verantwoording_report(periode=JAAR, gemeente=gemeente, gemaakt_op=MOMENT, vandaag=VANDAAG)


def test_every_cell_of_the_report_is_the_protected_raw_cell(vworld, leiden):
    raw = raw_sections(leiden)
    rapport = report(leiden)
    for sectie in rapport["secties"]:
        for tabel, raw_tabel in zip(sectie["tabellen"], raw[sectie["nummer"]].tabellen, strict=True):
            for rij, raw_rij, beveiligd in zip(tabel["rijen"], raw_tabel.rijen, table_protect(raw_tabel), strict=True):
                assert rij["cellen"] == [{"waarde": b.waarde, "weergave": b.weergave} for b in beveiligd]
                # secondary suppression only ever hides a cell `protect` showed, never shows another number
                assert all(b == protect(c) or b.weergave == "." for b, c in zip(beveiligd, raw_rij.cellen, strict=True))


def test_the_gemeente_sees_small_counts_as_dots_and_public_figures_whole(vworld, leiden):
    secties = {s["sleutel"]: s for s in report(leiden)["secties"]}

    def shown(sectie, tabel, kolom=0):
        t = next(t for t in secties[sectie]["tabellen"] if t["sleutel"] == tabel)
        return {r["sleutel"]: r["cellen"][kolom]["weergave"] for r in t["rijen"]}

    assert shown("ontwikkeling", "per_jaar", 0) == {"2023": "geen gegevens", "2024": ".", "2025": "."}
    assert shown("ontwikkeling", "per_jaar", 1) == {"2023": "1600", "2024": "1590", "2025": "niet gepubliceerd"}
    assert shown("ontwikkeling", "per_jaar", 2)["2024"] == "."  # the difference would give away the suppressed 1
    assert shown("kinderen", "kerncijfers") == dict.fromkeys(
        ["jeugdigen_met_hulp", "hulpperiodes", "gestarte_hulpperiodes", "herhaald_beroep", "pct_herhaald_beroep", "hulpperiodes_per_jeugdige"], ".")
    assert shown("kosten", "kosten") == {"budget": "365000", "fte": "11,0", "kosten_per_traject": ".", "beeindigde_hulpperiodes": ".",
                                         "kosten_per_jeugdige": "."}
    assert shown("kosten", "registratiedekking") == {"uren_formatie": "16896,0", "uren_geregistreerd": ".", "pct_dekking": "."}


def test_every_section_names_its_question_and_sentence(vworld, leiden):
    secties = report(leiden)["secties"]
    assert [s["nummer"] for s in secties] == list(range(1, 9))
    assert all(s["vraag"].endswith("?") and s["samenvatting"].endswith(".") for s in secties)
    assert secties[0]["samenvatting"] == "In 2025 kregen minder dan 10 jeugdigen hulp van het jeugdteam."
    assert secties[4]["samenvatting"] == "Het budget voor 2025 is € 365.000."


def _sectie(*tabellen):
    return {"tabellen": [{"sleutel": s, "rijen": [{"sleutel": r, "label": r, "cellen": c} for r, c in rijen]} for s, rijen in tabellen]}


def _cel(weergave):
    return {"waarde": None if weergave == "." else float(weergave.replace(",", ".")), "weergave": weergave}


def test_the_sentence_of_section_1_compares_with_the_year_before_in_dutch_numbers():
    sectie = _sectie(("per_jaar", [("2024", [_cel("1525"), _cel("1500")]), ("2025", [_cel("1590"), _cel("1600")])]))
    assert ZINNEN["ontwikkeling"](sectie, "2025") == ("In 2025 kregen 1.590 jeugdigen hulp van het jeugdteam, 4% meer dan in 2024; "
                                                      "het CBS telde 1.600 jeugdigen met hulp van het wijkteam.")


def test_a_quarter_is_compared_with_the_same_quarter_a_year_earlier_not_with_a_whole_year():
    from reporting.verantwoording.rapport import _zin_ontwikkeling

    # The rows: 2024 whole (1525), 2025 up to the end of Q3 (1200); the kerncijfers: 2025-Q3 (600) and 2024-Q3 (500).
    sectie = _sectie(("per_jaar", [("2024", [_cel("1525"), _cel("1500")]), ("2025", [_cel("1200"), _cel("1600")])]))
    kern = {"kolommen": ["2025-Q3", "2024-Q3"], "rijen": [{"sleutel": "jeugdigen_met_hulp", "cellen": [_cel("600"), _cel("500")]}]}
    assert _zin_ontwikkeling(sectie, "2025-Q3", kern) == "In 2025-Q3 kregen 600 jeugdigen hulp van het jeugdteam, 20% meer dan in 2024-Q3."


def test_the_report_of_a_quarter_says_the_quarter_in_its_first_sentence(vworld, leiden):
    rapport = verantwoording_report(periode=Periode(date(2025, 7, 1), date(2025, 9, 30), "2025-Q3"), gemeente=leiden, gemaakt_op=MOMENT,
                                    vandaag=VANDAAG)
    assert rapport["secties"][0]["samenvatting"] == "In 2025-Q3 kregen minder dan 10 jeugdigen hulp van het jeugdteam."


@pytest.mark.parametrize(("weergave", "tekst"), [("1590", "1.590"), ("365000", "365.000"), ("-1234,5", "-1.234,5"), ("33,3", "33,3"),
                                                 (".", "."), ("0", "0"), ("geen gegevens", "geen gegevens")])
def test_dutch_number_notation(weergave, tekst):
    assert nl(weergave) == tekst


# --- the files ----------------------------------------------------------------------------------------------------


def generated(user, formaat, gemeente="0546"):
    rapportage = services.report_request(user=user, soort="verantwoording", periode="2025", gemeente=gemeente, formaat=formaat)
    assert generation.report_generate(rapportage.pk) == "gereed"
    rapportage.refresh_from_db()
    from django.conf import settings

    return rapportage, (settings.RAPPORTAGE_DIR / rapportage.bestand).read_bytes()


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def pdf(vworld, gemeente_user, leiden, beheerder):
    Duiding.objects.create(gemeente=leiden, periode="2025", tekst="Meer gezinnen met schoolvragen.", auteur=beheerder)
    return generated(gemeente_user, "pdf")


def test_the_worker_makes_the_pdf_with_its_sha256_and_progress(pdf):
    import hashlib

    rapportage, content = pdf
    assert (content[:5], rapportage.status, rapportage.voortgang, rapportage.sha256, rapportage.versie) == (
        b"%PDF-", "gereed", 100, hashlib.sha256(content).hexdigest(), 1)
    assert rapportage.cellen["kosten|kosten|budget|Waarde"] == "365000"


def test_the_pdf_text_layer_holds_the_figures_and_sentences_of_the_json(pdf, gemeente_user):
    rapportage, content = pdf
    _, json_bytes = generated(gemeente_user, "json")
    rapport = json.loads(json_bytes)
    tekst = _flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))
    cijfers = {nl(c["weergave"]) for s in rapport["secties"] for t in s["tabellen"] for r in t["rijen"] for c in r["cellen"]}
    assert {"1.600", "1.590", "4.400", "365.000", "11,0", "16.896,0", "geengegevens", "nietgepubliceerd"} <= {_flat(c) for c in cijfers}
    assert [c for c in cijfers if _flat(c) not in tekst] == []
    assert [s["samenvatting"] for s in rapport["secties"] if _flat(s["samenvatting"]) not in tekst] == []
    assert _flat("Meer gezinnen met schoolvragen.") in tekst  # the duiding
    assert _flat(VERORDENING) in tekst and "pagina3van" in tekst  # the beleidskader; page numbers


def _structure(node, found):
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            _structure(kid, found)
    elif isinstance(node, list):
        for kid in node:
            _structure(kid, found)


def test_the_pdf_is_tagged_with_title_language_and_alt_text_on_its_charts(pdf):
    reader = PdfReader(io.BytesIO(pdf[1]))
    root = reader.trailer["/Root"]
    found = []
    _structure(root["/StructTreeRoot"], found)
    figuren = [alt for soort, alt in found if soort == "/Figure"]
    assert (bool(root["/MarkInfo"]["/Marked"]), str(root["/Lang"]), reader.metadata.title) == (True, "nl-NL", "Verantwoording jeugdteams Leiden 2025")
    assert {"/Table", "/H1", "/P"} <= {soort for soort, _ in found}
    assert figuren and all(alt.startswith("Staafdiagram.") for alt in figuren)
    assert "2024: 1.590" in " ".join(figuren)  # the alt text reads the chart's figures
    assert "pdfuaid" in reader.xmp_metadata.stream.get_data().decode()  # declared PDF/UA-1


def test_the_xlsx_has_a_sheet_per_section_with_dutch_labels(vworld, gemeente_user):
    _, content = generated(gemeente_user, "xlsx")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Verantwoording", "1 Ontwikkeling sinds 2015", "2 Welke hulp, waarvoor", "3 Kinderen en trajecten",
                               "4 Werkwijze", "5 Kosten", "6 Monitoring", "7 Beleidskader", "8 Registratielast", "Definities"]
    rows = [r for r in book["5 Kosten"].iter_rows(values_only=True) if r[0]]
    assert ("Budget van de periode (euro)", 365000) in [r[:2] for r in rows]
    assert ("Kosten per beëindigde hulpperiode, met al haar minuten (euro)", ".") in [r[:2] for r in rows]


def _private_values(vworld, users):
    from cases.models import Jeugdige

    found = [BSN_A, *BETROKKENE]
    for jeugdige in Jeugdige.objects.all():
        born = jeugdige.geboortedatum
        found += [born.isoformat(), born.strftime("%d-%m-%Y"), born.strftime("%Y%m%d"), jeugdige.voornamen, jeugdige.achternaam]
        if jeugdige.huidig_adres.postcode:
            postcode = jeugdige.huidig_adres.postcode
            found += [postcode, f"{postcode[:4]} {postcode[4:]}"]
    for naam in NAMEN.values():
        found += [n for n in naam if len(n) > 3]
    for user in users:
        found += [user.username, user.get_full_name()]
    return [v for v in found if v]


@pytest.mark.parametrize("formaat", ["pdf", "json", "xlsx"])
def test_privacy_scan_of_the_verantwoording_finds_no_person_data(vworld, gemeente_user, professional, teamleider, formaat):
    import zipfile

    _, content = generated(gemeente_user, formaat)
    if formaat == "pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        flat = _flat(text)
    elif formaat == "xlsx":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            text = "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
        flat = text
    else:
        text = flat = content.decode()
    private = _private_values(vworld, [gemeente_user, professional, teamleider])
    # A value of several words also when the PDF's text layer breaks it over two lines.
    assert [v for v in private if v in text or (" " in v and _flat(v) in flat)] == []
    assert len(text) > 2000  # the scan looked at a real file
    # no pseudonym either: nothing that looks like the 32-hex pseudonym of the CBS export
    assert re.search(r"\b[0-9a-f]{32}\b", text if formaat != "xlsx" else "") is None


# --- rights ---------------------------------------------------------------------------------------------------------


def test_a_gemeente_asks_its_own_verantwoording_and_the_request_is_audited(vworld, gemeente_user):
    rapportage = services.report_request(user=gemeente_user, soort="verantwoording", periode="2025-H1", gemeente="0546", formaat="xlsx")
    row = AuditLog.objects.filter(action="rapportage_aanvragen").latest("moment")
    assert (rapportage.soort, row.username, row.detail["soort"], row.detail["periode"]) == ("verantwoording", "gerda", "verantwoording", "2025-H1")


@pytest.mark.parametrize(("user", "gemeente", "reden"), [
    ("gemeente_user", "0547", "U kunt alleen rapportages maken voor uw eigen gemeente(n), niet voor Leiderdorp."),
    ("teamleider", "0546", "Rapportages zijn er voor gemeenten en functioneel beheer; uw rol kan geen rapportages maken."),
    ("professional", "0546", "Rapportages zijn er voor gemeenten en functioneel beheer; uw rol kan geen rapportages maken."),
])
def test_others_may_not_ask_it(request, vworld, user, gemeente, reden):
    with pytest.raises(Forbidden) as refused:
        services.report_request(user=request.getfixturevalue(user), soort="verantwoording", periode="2025", gemeente=gemeente, formaat="pdf")
    assert refused.value.detail == reden


def test_the_beheerder_asks_it_for_any_gemeente_but_always_for_one(vworld, beheerder):
    assert services.report_request(user=beheerder, soort="verantwoording", periode="2025", gemeente="0547", formaat="json").gemeente_id == "0547"
    with pytest.raises(InvalidInput) as invalid:
        services.report_request(user=beheerder, soort="verantwoording", periode="2025", gemeente=None, formaat="json")
    assert invalid.value.errors == [("gemeente", "gemeente_verplicht", "De verantwoording gaat over één gemeente: kies een gemeente.")]


def test_the_api_takes_the_verantwoording_as_pdf(vworld, api, gemeente_user):
    response = api(gemeente_user).post("/api/v1/rapportages", {"soort": "verantwoording", "periode": "2025", "formaat": "pdf"}, format="json")
    assert (response.status_code, response.json()["soort"], response.json()["formaat"], response.json()["gemeente"]) == (
        202, "verantwoording", "pdf", "0546")


def test_the_gemeente_downloads_its_pdf_through_the_api(pdf, api, gemeente_user):
    rapportage, content = pdf
    response = api(gemeente_user).get(f"/api/v1/rapportages/{rapportage.pk}/bestand")
    assert (response.status_code, response["Content-Type"], b"".join(response.streaming_content)) == (200, "application/pdf", content)


def test_unused_moment_is_fixed_in_the_pdf(vworld, leiden):
    from reporting.verantwoording.pdf import as_pdf

    rapport = report(leiden)
    assert as_pdf(rapport, gemaakt_op=MOMENT) == as_pdf(rapport, gemaakt_op=MOMENT)  # reproducible bytes


def test_a_year_without_data_gets_a_sentence_that_says_so():
    from reporting.verantwoording.rapport import _zin_ontwikkeling

    sectie = {"tabellen": [{"rijen": [{"label": "2023", "cellen": [{"waarde": None, "weergave": "geen gegevens"},
                                                                  {"waarde": 1600, "weergave": "1600"}]}]}]}
    assert _zin_ontwikkeling(sectie, "2023") == "Over 2023 heeft het jeugdteam nog geen gegevens: de registratie begon later."


# --- publishing: the organisation's (review finding 7) ---------------------------------------------------------------


def test_a_gemeente_may_not_publish_its_verantwoording(vworld, gemeente_user):
    rapportage, _ = generated(gemeente_user, "json")
    before = AuditLog.objects.count()
    with pytest.raises(Forbidden) as refused:
        services.report_publish(user=gemeente_user, rapportage=rapportage)
    assert refused.value.detail == ("Een gemeente kan alleen indicatorenrapportages definitief maken; de verantwoording en de "
                                    "CBS-exports maakt functioneel beheer definitief.")
    rapportage.refresh_from_db()
    assert (rapportage.definitief, services.report_may_publish(gemeente_user, rapportage)) == (False, False)
    row = AuditLog.objects.latest("moment")
    assert (AuditLog.objects.count(), row.action, row.result) == (before + 1, "rapportage_definitief", "geweigerd")


def test_the_beheerder_publishes_the_verantwoording(vworld, gemeente_user, beheerder):
    rapportage, _ = generated(gemeente_user, "json")
    assert services.report_publish(user=beheerder, rapportage=rapportage).definitief is True


def test_a_new_version_does_not_show_the_monitoring_section_as_changed(vworld, beheerder):
    # Section 6 lists the published reports (now version 1 itself) and reads the audit log: it differs in every new
    # version by what it is. Nothing of the period changed, so version 2 has no changed cells.
    v1, _ = generated(beheerder, "json")
    services.report_publish(user=beheerder, rapportage=v1)
    v2, _ = generated(beheerder, "json")
    assert (v2.versie, v2.wijzigingen["cellen"]) == (2, [])
    assert [k for k in v2.cellen if k.startswith("monitoring|gepubliceerd|")] == [f"monitoring|gepubliceerd|{v1.pk}|Correcties sinds publicatie"]


@pytest.mark.parametrize(("seconden", "uren", "zin"), [
    ("58.0", "1.9", "In 2025 kostte het registreren van een contact mediaan 58,0 seconden; samen is dat 1,9 registratie-uren "
                    "per fte per jaar."),
    ("58.0", None, "In 2025 kostte het registreren van een contact mediaan 58,0 seconden."),
    (None, "1.9", "In 2025 kostte het registreren 1,9 registratie-uren per fte per jaar."),
    (None, None, "De registratietijd in 2025 rust op te weinig metingen om te tonen."),
])
def test_the_sentence_on_the_registration_burden_is_dutch_word_order(seconden, uren, zin):
    from reporting.verantwoording.rapport import ZINNEN

    def cel(waarde):
        return {"waarde": None if waarde is None else float(waarde), "weergave": "." if waarde is None else waarde.replace(".", ",")}

    sectie = {"tabellen": [{"sleutel": "registratielast", "rijen": [
        {"sleutel": "mediaan_seconden_per_contact", "cellen": [cel(seconden)]},
        {"sleutel": "registratie_uren_per_fte", "cellen": [cel(uren)]}]}]}
    assert ZINNEN["registratielast"](sectie, "2025") == zin
