"""The Informatieprotocol's codes for birth dates and BSNs (section 2.2; DOMAIN.md section 5): the pure encoding, and
`cbs_aanlevering` / `cbs_protocol` rows of a child without BSN, children with an unknown day or month, and an unborn
child, built through the services."""

from datetime import date, timedelta

import pytest

from cases import services
from reporting.exports.cbs import aanlevering_rows, bsn_code, geboortedatum_code, protocol_rows
from reporting.periods import Periode
from tests.builders import VALID_BSN, today

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("geboortedatum", "precisie", "anoniem", "code"), [
    (date(2012, 1, 21), "dag", False, "20120121"),
    (date(2012, 1, 1), "maand", False, "20120100"),
    (date(2012, 1, 1), "jaar", False, "20120000"),
    (None, "dag", False, "99999999"),
    (date(2012, 1, 1), "dag", True, "20120000"),  # an anonymous remainder keeps the year only
])
def test_geboortedatum_code(geboortedatum, precisie, anoniem, code):
    assert geboortedatum_code(geboortedatum, precisie, anoniem=anoniem) == code


@pytest.mark.parametrize(("bsn", "ongeboren", "code"), [
    (VALID_BSN, False, VALID_BSN),
    (None, False, "000000000"),
    ("", False, "000000000"),
    (None, True, "999999999"),
])
def test_bsn_code(bsn, ongeboren, code):
    assert bsn_code(bsn, ongeboren=ongeboren) == code


@pytest.fixture
def kinderen(professional, team, leiden):
    """Three children with help that started today: an unborn child, one without BSN born in some day of April 2012, one
    with BSN born in 2010 (day and month unknown). Each in its own dossier, with one licht contact today."""
    dag = today()

    def kid(**fields):
        jeugdige = services.jeugdige_register(user=professional, team=team, gemeente=leiden, geslacht="V", **fields)
        dossier = services.dossier_open(user=professional, team=team, jeugdigen=[jeugdige], aanmelddatum=dag, aanmelder="jgz",
                                        hulpsoort="licht", probleemcategorieen=["opvoeding"])
        services.contact_register(user=professional, team=team, dossier=dossier, datum=dag, duur_minuten=30, vorm="huisbezoek",
                                  hulpsoort="licht", probleemcategorieen=["opvoeding"])
        return jeugdige

    verwacht = dag + timedelta(days=60)
    kid(geboortedatum=None, verwachte_geboortedatum=verwacht, postcode="2311AB")
    kid(geboortedatum=date(2012, 4, 9), geboortedatum_precisie="maand")
    kid(geboortedatum=date(2010, 8, 30), geboortedatum_precisie="jaar", bsn=VALID_BSN, postcode="2312CD")
    return Periode.halfjaar(dag.year, 1 if dag.month <= 6 else 2)


def test_aanlevering_codes_an_unborn_child_and_a_child_without_bsn(kinderen):
    start = f"{today():%Y%m%d}"
    assert sorted(aanlevering_rows(kinderen, None)) == sorted([
        ("999999999", "99999999", "V", "2311AB", "06", "01", "N", start, "", ""),
        ("000000000", "20120400", "V", "0546", "06", "01", "N", start, "", ""),
        (VALID_BSN, "20100000", "V", "2312CD", "06", "01", "N", start, "", ""),
    ])


def test_protocol_geboortejaar_is_empty_for_an_unborn_child(kinderen):
    assert sorted(row[1] for row in protocol_rows(kinderen, None)) == ["", "2010", "2012"]
