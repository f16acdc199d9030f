"""The indicator report of API.md on EXAMPLE-WORLD.md: its raw values as stated there, what a gemeente receives,
the JSON shape, the CSV/XLSX rows, determinism and a bounded number of queries."""

import json
from datetime import UTC, datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.indicators import DEFINITIEVERSIE, indicators_compute
from reporting.models import Duiding
from reporting.periods import Periode
from reporting.report import KOLOMMEN, indicator_report, indicator_rows
from tests.reporting.indicator_world import build_world

MOMENT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
JAAR = Periode.jaar(2020)


def totals(periode, gemeenten=("0546",)):
    return {i.code: i.totaal.waarde for i in indicators_compute(periode, list(gemeenten))}


def cells(indicator):
    return {(c.dimensie, c.categorie): c.waarde for c in indicator.uitsplitsingen if c.waarde}


def test_example_world_raw_values_per_year_and_quarter(example):
    # EXAMPLE-WORLD.md, "Raw values": I01..I05 for 2020 and each quarter.
    expected = {  # I01, I02, I03, I04, I05
        "2020": (4, 4, 3, 1, 9), "2020-Q1": (1, 0, 1, 1, 3), "2020-Q2": (3, 3, 1, 0, 3),
        "2020-Q3": (2, 0, 0, 0, 2), "2020-Q4": (3, 1, 1, 1, 1),
    }
    periods = {"2020": JAAR, **{f"2020-Q{q}": Periode.kwartaal(2020, q) for q in range(1, 5)}}
    for code, values in expected.items():
        found = totals(periods[code])
        assert tuple(found[c] for c in ("I01", "I02", "I03", "I04", "I05")) == values, code


def test_example_world_breakdowns_2020(example):
    i = {x.code: x for x in indicators_compute(JAAR, ["0546"])}
    assert cells(i["I02"]) == {("herhaald_beroep", "ja"): 1, ("herhaald_beroep", "nee"): 3}
    assert cells(i["I03"]) == {("reden_beeindiging", "01"): 3, ("einde_door", "waakvlam"): 2, ("einde_door", "afsluiting"): 1,
                               ("duur_maanden", "0-3"): 3}
    assert cells(i["I05"]) == {("hulpsoort", "preventief"): 3, ("hulpsoort", "licht"): 4, ("hulpsoort", "middelzwaar"): 1,
                               ("hulpsoort", "zwaar"): 1, ("vorm", "face_to_face"): 9, ("inzet", "hulp"): 9, ("dossier", "met"): 7,
                               ("dossier", "zonder"): 2}
    assert cells(i["I06"]) == {("hulpsoort", "licht"): 1, ("hulpsoort", "middelzwaar"): 1, ("hulpsoort", "zwaar"): 2}
    assert (i["I07"].totaal.waarde, cells(i["I07"])) == (5, {("probleemcategorie", "scheiding"): 2, ("probleemcategorie", "opvoeding"): 2,
                                                             ("probleemcategorie", "school"): 1})
    assert cells(i["I08"]) == {("soort", "jeugd_ggz"): 1, ("kengetal", "per_100_jeugdigen_met_hulp"): 25}
    assert cells(i["I12"]) == {("aanmelder", "school"): 1, ("aanmelder", "huisarts"): 1, ("aanmelder", "zelf"): 1}
    # Durations of the ended periods 76, 0 and 0 days (P2 starts at its first hulpcontact, 2020-05-12): median 0.
    assert (i["I13"].totaal.waarde, i["I13"].cel("kengetal", "mediane_duur_beeindigde_hulpperiodes_dagen").waarde) == (Decimal("22.5"), 0)
    assert round(i["I14"].totaal.waarde, 1) == Decimal("33.3")


def test_example_world_as_a_gemeente_receives_it(example, leiden):
    # Every count lies between 1 and 9: "."; a 0 stays 0; shares and medians have a base below 10: ".".
    rapport = indicator_report(periode=JAAR, gemeente=leiden, gemaakt_op=MOMENT)
    i01 = rapport["indicatoren"][0]
    assert i01 == {"code": "I01", "naam": "Jeugdigen met hulp", "waarde": None, "weergave": ".", "uitsplitsingen": []}
    shown = {(i["code"], c["dimensie"], c["categorie"]): c["weergave"] for i in rapport["indicatoren"] for c in i["uitsplitsingen"]}
    assert shown[("I03", "einde_door", "waakvlam")] == "."
    assert shown[("I03", "reden_beeindiging", "04")] == "0"
    assert shown[("I08", "kengetal", "per_100_jeugdigen_met_hulp")] == "."
    assert {i["code"]: i["weergave"] for i in rapport["indicatoren"]} == {
        "I01": ".", "I02": ".", "I03": ".", "I04": ".", "I05": ".", "I06": ".", "I07": ".", "I08": ".", "I09": ".",
        "I10": "geen budget vastgelegd", "I11": ".", "I12": ".", "I13": ".", "I14": ".", "I15": ".",
    }
    for indicator in rapport["indicatoren"]:
        for cel in [indicator, *indicator["uitsplitsingen"]]:
            assert (cel["waarde"] is None) == (cel["weergave"] in (".", "geen budget vastgelegd"))
            assert cel["waarde"] in (None, 0) or cel["waarde"] >= 10


def test_report_shape_duiding_and_determinism(example, leiden, teamleider):
    Duiding.objects.create(gemeente=leiden, periode="2020", tekst="2020 was een coronajaar.", auteur=teamleider)
    first = indicator_report(periode=JAAR, gemeente=leiden, gemaakt_op=MOMENT)
    assert list(first) == ["periode", "gemeente", "definitieversie", "gemaaktOp", "duiding", "indicatoren"]
    assert first["periode"] == "2020"
    assert first["gemeente"] == {"code": "0546", "naam": "Leiden"}
    assert first["definitieversie"] == DEFINITIEVERSIE == "2027.1"
    assert first["gemaaktOp"] == "2026-11-23T12:00:00+00:00"
    assert first["duiding"] == "2020 was een coronajaar."
    assert [i["code"] for i in first["indicatoren"]] == [f"I{n:02d}" for n in range(1, 16)]
    assert all(list(c) == ["dimensie", "categorie", "waarde", "weergave"] for i in first["indicatoren"] for c in i["uitsplitsingen"])
    second = indicator_report(periode=JAAR, gemeente=leiden, gemaakt_op=MOMENT)
    assert json.dumps(first) == json.dumps(second)
    # Another period has no duiding; all gemeenten together have none and gemeente null.
    assert indicator_report(periode=Periode.kwartaal(2020, 1), gemeente=leiden, gemaakt_op=MOMENT)["duiding"] == ""
    everyone = indicator_report(periode=JAAR, gemeente=None, gemaakt_op=MOMENT)
    assert (everyone["gemeente"], everyone["duiding"]) == (None, "")


def test_rows_for_csv_and_xlsx(example, leiden):
    rapport = indicator_report(periode=JAAR, gemeente=leiden, gemaakt_op=MOMENT)
    rows = indicator_rows(rapport)
    assert KOLOMMEN == ("code", "naam", "dimensie", "categorie", "waarde", "weergave")
    assert rows[0] == ("I01", "Jeugdigen met hulp", "", "", None, ".")
    assert rows[1] == ("I02", "Gestarte hulpperiodes", "", "", None, ".")
    assert rows[2] == ("I02", "Gestarte hulpperiodes", "herhaald_beroep", "ja", None, ".")
    assert ("I03", "Beëindigde hulpperiodes", "reden_beeindiging", "04", 0, "0") in rows
    assert len(rows) == sum(1 + len(i["uitsplitsingen"]) for i in rapport["indicatoren"])


def test_report_query_count_is_bounded_and_independent_of_data(example, leiden, teamleider, other_professional, other_team, leiderdorp,
                                                                professional, team):
    with CaptureQueriesContext(connection) as small:
        indicator_report(periode=JAAR, gemeente=leiden, gemaakt_op=MOMENT)
    build_world(professional=professional, teamleider=teamleider, team=team, leiden=leiden,
                other_professional=other_professional, other_team=other_team, leiderdorp=leiderdorp)
    with CaptureQueriesContext(connection) as large:
        indicator_report(periode=Periode.jaar(2022), gemeente=leiden, gemaakt_op=MOMENT)
    assert len(small) == len(large) <= 25
