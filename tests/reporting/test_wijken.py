"""The wijk breakdown of the indicators that count jeugdigen (I01, I06; issue 12, DOMAIN.md section 8 part 3), on small
worlds registered through `cases.services`.

Leiden keeps two wijken: Binnenstad-Noord (WK054600, pc4 2311-2312) and Binnenstad-Zuid (WK054601, pc6 2312AA-2312KZ,
which wins over Noord's pc4 2312); Leiderdorp one, Oude Dorp (WK054700, 2351). Every jeugdige is helped by one licht
hulpcontact on 2022-01-10 in a dossier of its own, still running at the end of 2022, unless said otherwise.
"""

import io
import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from openpyxl import load_workbook

from cases import services
from jgt_registratie.models import Postcodebereik, Wijk
from reporting.exports import indicatoren
from reporting.indicators import indicators_compute
from reporting.indicators.base import wijk_op
from reporting.periods import Periode
from reporting.report import KOLOMMEN, indicator_report, indicator_rows
from tests.builders import d, move
from tests.reporting.test_exports import _forbidden, _text_of, generated, request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rapportage_dir")]

LEIDEN, LEIDERDORP = "0546", "0547"
JAAR, H1 = Periode.jaar(2022), Periode.halfjaar(2022, 1)
NOORD, ZUID, OUDE_DORP, ONBEKEND = "WK054600", "WK054601", "WK054700", "onbekend"
MOMENT = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture
def wijken(leiden, leiderdorp):
    noord = Wijk.objects.create(code=NOORD, naam="Binnenstad-Noord", gemeente=leiden)
    zuid = Wijk.objects.create(code=ZUID, naam="Binnenstad-Zuid", gemeente=leiden)
    oude_dorp = Wijk.objects.create(code=OUDE_DORP, naam="Oude Dorp", gemeente=leiderdorp)
    Postcodebereik.objects.create(wijk=noord, van="2311", tot="2312")
    Postcodebereik.objects.create(wijk=zuid, van="2312AA", tot="2312KZ")
    Postcodebereik.objects.create(wijk=oude_dorp, van="2351", tot="2351")


def helped(professional, team, gemeente, postcode="", *, hulpsoort="licht", tot=None, teamleider=None):
    """A jeugdige with help from 2022-01-10 (a hulpcontact of `hulpsoort`); with `tot`, its dossier closes then (after a
    second hulpcontact that day), so the hulpperiode ends on `tot`."""
    kind = services.jeugdige_register(user=professional, team=team, geboortedatum=d("2012-04-01"), geslacht="V", gemeente=gemeente,
                                      postcode=postcode)
    dossier = services.dossier_open(user=professional, team=team, jeugdigen=[kind], aanmelddatum=d("2022-01-03"), aanmelder="zelf",
                                    hulpsoort="licht", probleemcategorieen=["opvoeding"])
    for datum in ("2022-01-10", *([tot] if tot else [])):
        services.contact_register(user=professional, team=team, dossier=dossier, datum=d(datum), duur_minuten=30, vorm="face_to_face",
                                  hulpsoort=hulpsoort, probleemcategorieen=["opvoeding"])
    if tot:
        services.dossier_close(user=teamleider, dossier=dossier, einddatum=d(tot), reden_beeindiging="01", doelen_bereikt="ja",
                               zonder_hulp_verder="ja")
    return kind


def per_wijk(code, periode=JAAR, gemeente=LEIDEN) -> tuple[int, list[tuple[str, str, int]]]:
    (indicator,) = indicators_compute(periode, [gemeente], codes=[code])
    return indicator.totaal.waarde, [(c.categorie, c.naam, c.waarde) for c in indicator.uitsplitsingen if c.dimensie == "wijk"]


# --- which wijk a postcode lies in (wijk_op) ---------------------------------------------------------------------


def wijk_of(kind, dag="2022-12-31") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {wijk_op('%(j)s::uuid', '%(dag)s::date')}", {"j": str(kind.pk), "dag": dag})
        return cursor.fetchone()[0]


def kind(professional, team, gemeente, postcode):
    return services.jeugdige_register(user=professional, team=team, geboortedatum=d("2012-04-01"), geslacht="M", gemeente=gemeente,
                                      postcode=postcode)


def test_a_pc4_range_holds_every_postcode_of_its_pc4s(wijken, professional, team, leiden):
    assert [wijk_of(kind(professional, team, leiden, pc)) for pc in ("2311AA", "2311ZZ", "2312LA", "2312ZZ")] == [NOORD] * 4


def test_a_pc6_range_wins_over_the_pc4_range(wijken, professional, team, leiden):
    assert [wijk_of(kind(professional, team, leiden, pc)) for pc in ("2312AA", "2312DE", "2312KZ", "2312LA")] == [ZUID, ZUID, ZUID, NOORD]


def test_a_postcode_in_no_wijk_or_unknown_is_onbekend(wijken, professional, team, leiden):
    assert [wijk_of(kind(professional, team, leiden, pc)) for pc in ("2313AA", "2399XX", "")] == [ONBEKEND] * 3


def test_a_range_of_another_gemeente_does_not_count(wijken, professional, team, leiden):
    # a Leiden address with Leiderdorp's pc4 (a typing error, or a pc4 across the border): no wijk of Leiden holds it
    assert wijk_of(kind(professional, team, leiden, "2351CD")) == ONBEKEND


def test_the_wijk_follows_the_address_of_the_day(wijken, professional, team, leiden):
    verhuisd = kind(professional, team, leiden, "2312AB")
    move(verhuisd, gemeente=leiden, postcode="2311CD", vanaf=d("2022-07-01"))
    assert (wijk_of(verhuisd, "2022-06-30"), wijk_of(verhuisd, "2022-07-01")) == (ZUID, NOORD)


# --- the breakdown, exact -----------------------------------------------------------------------------------------


@pytest.fixture
def wijkwereld(wijken, professional, teamleider, team, leiden, leiderdorp, other_professional, other_team):
    """Leiden: A 2311AB (Noord), B 2312AB (Zuid: pc6), C 2312LA (Noord: pc4), D 2399XX and E without postcode (onbekend),
    H 2351AA in Leiden (onbekend: Oude Dorp is Leiderdorp's); F 2312AB moves to 2311CD on 2022-07-01, help all year;
    G 2311EF (Noord), help ended 2022-03-15, moves to 2312BB (Zuid) on 2022-05-01. Leiderdorp: R 2351CD (Oude Dorp)."""
    kids = {naam: helped(professional, team, leiden, pc) for naam, pc in
            (("A", "2311AB"), ("B", "2312AB"), ("C", "2312LA"), ("D", "2399XX"), ("E", ""), ("H", "2351AA"), ("F", "2312AB"))}
    move(kids["F"], gemeente=leiden, postcode="2311CD", vanaf=d("2022-07-01"))
    kids["G"] = helped(professional, team, leiden, "2311EF", tot="2022-03-15", teamleider=teamleider)
    move(kids["G"], gemeente=leiden, postcode="2312BB", vanaf=d("2022-05-01"))
    kids["R"] = helped(other_professional, other_team, leiderdorp, "2351CD", hulpsoort="zwaar")
    return kids


def test_i01_counts_each_jeugdige_once_in_the_wijk_of_the_last_day_it_is_counted_for(wijkwereld):
    # F moved to Noord within the year and is helped until its end: Noord. G's help ended before its move: Noord.
    assert per_wijk("I01") == (8, [(NOORD, "Binnenstad-Noord", 4), (ZUID, "Binnenstad-Zuid", 1), (ONBEKEND, "Wijk onbekend", 3)])


def test_i01_in_the_first_half_year_counts_the_mover_in_its_old_wijk(wijkwereld):
    # H1 ends on 2022-06-30, the day before F's move
    assert per_wijk("I01", H1) == (8, [(NOORD, "Binnenstad-Noord", 3), (ZUID, "Binnenstad-Zuid", 2), (ONBEKEND, "Wijk onbekend", 3)])


def test_each_gemeente_lists_its_own_wijken(wijkwereld):
    assert per_wijk("I01", gemeente=LEIDERDORP) == (1, [(OUDE_DORP, "Oude Dorp", 1), (ONBEKEND, "Wijk onbekend", 0)])


def test_all_gemeenten_together_list_every_wijk(wijkwereld):
    (i01,) = indicators_compute(JAAR, None, codes=["I01"])
    assert [(c.categorie, c.waarde) for c in i01.uitsplitsingen] == [(NOORD, 4), (ZUID, 1), (OUDE_DORP, 1), (ONBEKEND, 3)]


def test_i06_has_the_same_wijk_breakdown_beside_its_hulpsoort(wijkwereld):
    (i06,) = indicators_compute(JAAR, [LEIDEN], codes=["I06"])
    assert [(c.dimensie, c.categorie, c.waarde) for c in i06.uitsplitsingen] == [
        ("hulpsoort", "licht", 8), ("hulpsoort", "middelzwaar", 0), ("hulpsoort", "zwaar", 0),
        ("wijk", NOORD, 4), ("wijk", ZUID, 1), ("wijk", ONBEKEND, 3)]
    assert per_wijk("I06", gemeente=LEIDERDORP) == (1, [(OUDE_DORP, "Oude Dorp", 1), (ONBEKEND, "Wijk onbekend", 0)])


def test_a_jeugdige_with_two_hulpperiodes_counts_once_in_the_wijk_of_the_later(wijken, professional, teamleider, team, leiden):
    # help in Zuid until March; moved to Noord in May; helped again from September (a new dossier)
    twee = helped(professional, team, leiden, "2312AB", tot="2022-03-15", teamleider=teamleider)
    move(twee, gemeente=leiden, postcode="2311AB", vanaf=d("2022-05-01"))
    dossier = services.dossier_open(user=professional, team=team, jeugdigen=[twee], aanmelddatum=d("2022-09-01"), aanmelder="zelf",
                                    hulpsoort="licht", probleemcategorieen=["opvoeding"])
    services.contact_register(user=professional, team=team, dossier=dossier, datum=d("2022-09-05"), duur_minuten=30, vorm="face_to_face",
                              hulpsoort="licht", probleemcategorieen=["opvoeding"])
    assert per_wijk("I01") == (1, [(NOORD, "Binnenstad-Noord", 1), (ZUID, "Binnenstad-Zuid", 0), (ONBEKEND, "Wijk onbekend", 0)])


def test_without_postcode_ranges_there_is_no_wijk_breakdown(professional, team, leiden):
    # a wijk without any range yet says nothing: the report keeps exactly its rows of API 1.0
    Wijk.objects.create(code=NOORD, naam="Binnenstad-Noord", gemeente=leiden)
    helped(professional, team, leiden, "2311AB")
    assert per_wijk("I01") == (1, [])
    assert per_wijk("I06") == (1, [])


# --- what a gemeente receives -------------------------------------------------------------------------------------


@pytest.fixture
def grote_wijk(wijken, professional, team, leiden):
    """12 jeugdigen in Noord, 3 in Zuid."""
    for i in range(12):
        helped(professional, team, leiden, f"2311A{'ABCDEGHJKLMN'[i]}")
    for pc in ("2312AB", "2312CD", "2312EF"):
        helped(professional, team, leiden, pc)


def test_the_wijk_cells_pass_the_same_disclosure_control(grote_wijk, leiden):
    rapport = indicator_report(periode=JAAR, gemeente=leiden, gemaakt_op=MOMENT)
    i01 = next(i for i in rapport["indicatoren"] if i["code"] == "I01")
    assert (i01["waarde"], i01["weergave"]) == (15, "15")
    assert i01["uitsplitsingen"] == [
        {"dimensie": "wijk", "categorie": NOORD, "naam": "Binnenstad-Noord", "waarde": 10, "weergave": "10"},
        {"dimensie": "wijk", "categorie": ZUID, "naam": "Binnenstad-Zuid", "waarde": None, "weergave": "."},
        {"dimensie": "wijk", "categorie": ONBEKEND, "naam": "Wijk onbekend", "waarde": 0, "weergave": "0"},
    ]
    # the 1.0 breakdowns keep their shape: no naam
    i06 = next(i for i in rapport["indicatoren"] if i["code"] == "I06")
    assert i06["uitsplitsingen"][0] == {"dimensie": "hulpsoort", "categorie": "licht", "waarde": 15, "weergave": "15"}


def test_csv_rows_carry_the_wijk_code_in_the_1_0_columns(grote_wijk, leiden):
    rapport = indicator_report(periode=JAAR, gemeente=leiden, gemaakt_op=MOMENT)
    rows = indicator_rows(rapport)
    assert KOLOMMEN == ("code", "naam", "dimensie", "categorie", "waarde", "weergave")
    assert [r for r in rows if r[0] == "I01"] == [
        ("I01", "Jeugdigen met hulp", "", "", 15, "15"),
        ("I01", "Jeugdigen met hulp", "wijk", NOORD, 10, "10"),
        ("I01", "Jeugdigen met hulp", "wijk", ZUID, None, "."),
        ("I01", "Jeugdigen met hulp", "wijk", ONBEKEND, 0, "0"),
    ]


def test_xlsx_describes_a_wijk_by_its_name(grote_wijk, leiden):
    content = indicatoren.as_xlsx(indicator_report(periode=JAAR, gemeente=leiden, gemaakt_op=MOMENT), gemaakt_op=MOMENT)
    rows = list(load_workbook(io.BytesIO(content))["Indicatoren"].iter_rows(min_row=11, values_only=True))
    table = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [(r["code"], r["categorie"], r["dimensie (omschrijving)"], r["categorie (omschrijving)"], r["weergave"])
            for r in table if r["dimensie"] == "wijk"] == [
        ("I01", NOORD, "wijk", "Binnenstad-Noord", "10"), ("I01", ZUID, "wijk", "Binnenstad-Zuid", "."),
        ("I01", ONBEKEND, "wijk", "Wijk onbekend", "0"),
        ("I06", NOORD, "wijk", "Binnenstad-Noord", "10"), ("I06", ZUID, "wijk", "Binnenstad-Zuid", "."),
        ("I06", ONBEKEND, "wijk", "Wijk onbekend", "0"),
    ]
    grafieken = [row[0] for row in load_workbook(io.BytesIO(content))["Grafieken"].iter_rows(values_only=True)]
    assert "I06 Jeugdigen per hulpsoort: per wijk" in grafieken and "Binnenstad-Noord" in grafieken


# --- the privacy scan, with wijken -------------------------------------------------------------------------------


@pytest.fixture
def wijken_van_de_exportwereld(world, leiden, leiderdorp):
    """The export world's postcodes 2311AB (P, Leiden) and 2351CD (R, Leiderdorp) in a wijk; Q has none."""
    Postcodebereik.objects.create(wijk=Wijk.objects.create(code=NOORD, naam="Binnenstad-Noord", gemeente=leiden), van="2311", tot="2311")
    Postcodebereik.objects.create(wijk=Wijk.objects.create(code=OUDE_DORP, naam="Oude Dorp", gemeente=leiderdorp), van="2351", tot="2351")
    return world


@pytest.mark.parametrize(("formaat", "gemeente"), [("json", "0546"), ("csv", "0546"), ("xlsx", "0546"), ("json", None), ("xlsx", None)])
def test_the_privacy_scan_finds_no_identifier_in_a_report_with_wijken(wijken_van_de_exportwereld, beheerder, professional, teamleider,
                                                                      gemeente_user, formaat, gemeente):
    requester = gemeente_user if gemeente else beheerder
    _, content = generated(request(requester, "indicatoren", "2020", formaat, gemeente))
    text = _text_of(content, formaat)
    assert [v for v in _forbidden(wijken_van_de_exportwereld, [beheerder, professional, teamleider, gemeente_user]) if v in text] == []
    assert NOORD in text  # the scan looked at the wijk rows
    if formaat == "json":
        i01 = json.loads(content)["indicatoren"][0]
        assert [c["categorie"] for c in i01["uitsplitsingen"]] == ([NOORD, ONBEKEND] if gemeente else [NOORD, OUDE_DORP, ONBEKEND])
