"""What definitions 2027.1 changed in the reports, each on its own small world registered through `cases.services`:

- the address history: a jeugdige counts in the gemeente it lived in on the last day of the part of the period it is
  counted for (DOMAIN.md section 7), in the indicators and in the CBS exports;
- the period cut-off: a hulpperiode still running at the end of the period shows only what happened up to that day
  (DOMAIN.md section 6), in the exports and in I06/I07;
- waakvlam ends help with a reden beëindiging and an outcome: I03 by reden and einde door, `cbs_aanlevering`, I11;
- inzet: I05 and I09 by inzet.

Every world starts with a hulpcontact on the day its dossier becomes actief, so the start of each hulpperiode is the
same under the old and the new start rule.
"""

from decimal import Decimal

import pytest

from cases import services
from reporting.exports.cbs import aanlevering_rows, protocol_rows
from reporting.indicators import indicators_compute
from reporting.periods import Periode, periode_parse
from tests.builders import VALID_BSN, d, move

pytestmark = pytest.mark.django_db

LEIDEN, LEIDERDORP = "0546", "0547"
H1, H2, JAAR = periode_parse("2022-H1"), periode_parse("2022-H2"), Periode.jaar(2022)


def ind(code, periode=JAAR, gemeenten=(LEIDEN,)):
    (result,) = indicators_compute(periode, None if gemeenten is None else list(gemeenten), codes=[code])
    return result


def cells(indicator):
    """{(dimensie, categorie): raw value} of the non-zero cells; the total under (None, None)."""
    return {(c.dimensie, c.categorie): c.waarde for c in [indicator.totaal, *indicator.uitsplitsingen] if c.waarde}


def kid(user, team, gemeente, *, postcode="", bsn=None):
    return services.jeugdige_register(user=user, team=team, geboortedatum=d("2012-04-01"), geslacht="V", gemeente=gemeente,
                                      postcode=postcode, bsn=bsn)


def dossier(user, team, kids, datum, categorie="opvoeding"):
    return services.dossier_open(user=user, team=team, jeugdigen=kids, aanmelddatum=d(datum), aanmelder="huisarts", hulpsoort="licht",
                                 probleemcategorieen=[categorie])


def contact(user, team, dossier_, datum, hulpsoort="licht", minuten=30, categorie="opvoeding", **extra):
    return services.contact_register(user=user, team=team, dossier=dossier_, datum=d(datum), duur_minuten=minuten, vorm="face_to_face",
                                     hulpsoort=hulpsoort, probleemcategorieen=[categorie], **extra)


# --- the address history: a move in the middle of the year ---------------------------------------------------------


@pytest.fixture
def verhuisd(professional, team, leiden, leiderdorp):
    """J lives in Leiden (2311AB) and moves to Leiderdorp (2351CD) on 2022-07-01; its help runs all year.

    Dossier aangemeld 2021-12-01; hulpcontacts 2022-01-10, 2022-05-10 and 2022-09-15: one hulpperiode from 2022-01-10,
    running at the end of 2022; doorverwijzingen 2022-03-01 and 2022-08-01.
    """
    j = kid(professional, team, leiden, postcode="2311AB")
    dj = dossier(professional, team, [j], "2021-12-01")
    for datum in ("2022-01-10", "2022-05-10", "2022-09-15"):
        contact(professional, team, dj, datum)
    for datum in ("2022-03-01", "2022-08-01"):
        services.doorverwijzing_register(user=professional, dossier=dj, datum=d(datum), soort="jeugd_ggz")
    move(j, gemeente=leiderdorp, postcode="2351CD", vanaf=d("2022-07-01"))
    return j


def test_a_move_counts_the_jeugdige_in_leiden_until_june_and_in_leiderdorp_after(verhuisd):
    per_kwartaal = {
        q: (ind("I01", Periode.kwartaal(2022, q)).totaal.waarde, ind("I01", Periode.kwartaal(2022, q), (LEIDERDORP,)).totaal.waarde)
        for q in range(1, 5)
    }
    assert per_kwartaal == {1: (1, 0), 2: (1, 0), 3: (0, 1), 4: (0, 1)}


def test_a_move_the_year_counts_the_gemeente_of_its_last_day(verhuisd):
    assert (ind("I01").totaal.waarde, ind("I01", gemeenten=(LEIDERDORP,)).totaal.waarde, ind("I01", gemeenten=None).totaal.waarde) == (0, 1, 1)


def test_a_move_contacts_count_where_the_jeugdige_lived_on_their_date(verhuisd):
    # 01-10 and 05-10 in Leiden, 09-15 in Leiderdorp.
    assert (ind("I05").totaal.waarde, ind("I05", gemeenten=(LEIDERDORP,)).totaal.waarde) == (2, 1)


def test_a_move_referrals_aanmelding_and_first_help_count_by_their_own_day(verhuisd):
    def both(code, periode=JAAR):
        """(Leiden, Leiderdorp): the total, or for I13 its base (the number of dossiers whose first help started)."""
        cel = [ind(code, periode, gemeenten).totaal for gemeenten in ((LEIDEN,), (LEIDERDORP,))]
        return tuple(c.basis if code == "I13" else c.waarde for c in cel)

    assert both("I08") == (1, 1)  # 03-01 in Leiden, 08-01 in Leiderdorp
    assert both("I12", Periode.jaar(2021)) == (1, 0)  # aangemeld 2021-12-01 in Leiden
    # The first hulpperiode starts 2022-01-10 and runs: its day in 2022 is 12-31 (Leiderdorp), in Q1 03-31 (Leiden).
    assert (both("I13"), both("I13", Periode.kwartaal(2022, 1))) == ((0, 1), (1, 0))


def test_a_move_in_cbs_protocol_gemeentecode_and_pc4_of_the_half_year(verhuisd, leiden, leiderdorp):
    assert [(row[3], row[4]) for row in protocol_rows(H1, None)] == [(LEIDEN, "2311")]
    assert [(row[3], row[4]) for row in protocol_rows(H2, None)] == [(LEIDERDORP, "2351")]
    assert ([len(protocol_rows(H1, leiden)), len(protocol_rows(H1, leiderdorp))]
            == [len(protocol_rows(H2, leiderdorp)), len(protocol_rows(H2, leiden))] == [1, 0])


def test_a_move_in_cbs_aanlevering_postcode_of_the_half_year(verhuisd):
    assert [row[3] for row in aanlevering_rows(H1, None)] + [row[3] for row in aanlevering_rows(H2, None)] == ["2311AB", "2351CD"]


def test_an_address_from_before_the_first_move_holds_until_it(professional, team, leiden, leiderdorp):
    # Two moves: Leiderdorp from 2022-03-01, back to Leiden from 2022-05-01; the help of 2022-04-04 alone (Q2: day 06-30).
    j = kid(professional, team, leiden, postcode="2311AB")
    dj = dossier(professional, team, [j], "2022-04-01")
    contact(professional, team, dj, "2022-04-04")
    services.dossier_waakvlam(user=professional, dossier=dj, datum=d("2022-04-05"), evaluatiedatum=d("2022-06-01"))
    move(j, gemeente=leiderdorp, vanaf=d("2022-03-01"))
    move(j, gemeente=leiden, postcode="2312CD", vanaf=d("2022-05-01"))
    # The hulpperiode 04-04..04-04 is counted on its own last day: Leiderdorp (no postcode: the gemeentecode).
    assert (ind("I01", Periode.kwartaal(2022, 2)).totaal.waarde, ind("I01", Periode.kwartaal(2022, 2), (LEIDERDORP,)).totaal.waarde) == (0, 1)
    assert [(row[3], row[4]) for row in protocol_rows(H1, None)] == [(LEIDERDORP, "")]
    assert [row[3] for row in aanlevering_rows(H1, None)] == [LEIDERDORP]
    # The dossier's waakvlam state on 06-30 belongs to Leiden (the address of that day).
    assert (ind("I04", Periode.kwartaal(2022, 2)).totaal.waarde, ind("I04", Periode.kwartaal(2022, 2), (LEIDERDORP,)).totaal.waarde) == (1, 0)


# --- the period cut-off: a running hulpperiode exported for H1 with contacts in H2 ------------------------------------


@pytest.fixture
def lopend(professional, teamleider, team, leiden):
    """R (dossier DR, opvoeding) and E (dossier DE, sociaal), both in Leiden.

    DR: hulpcontacts 2022-02-01 licht 30 min (school) and 2022-04-01 licht 20 min (opvoeding); in H2 2022-08-01 zwaar
    60 min (veiligheid) and a doorverwijzing 2022-09-01: running at the end of 2022.
    DE: hulpcontact 2022-03-10 licht 40 min (sociaal); in H2 2022-07-20 middelzwaar 45 min (psychisch) and a
    doorverwijzing 2022-07-01; closed 2022-09-30 reden 01: its hulpperiode ends 2022-07-20, within H2.
    """
    r, e = kid(professional, team, leiden, postcode="2311AB"), kid(professional, team, leiden, postcode="2312CD")
    dr = dossier(professional, team, [r], "2022-01-03")
    contact(professional, team, dr, "2022-02-01", "licht", 30, "school")
    contact(professional, team, dr, "2022-04-01", "licht", 20, "opvoeding")
    de = dossier(professional, team, [e], "2022-03-01", "sociaal")
    contact(professional, team, de, "2022-03-10", "licht", 40, "sociaal")
    services.doorverwijzing_register(user=professional, dossier=de, datum=d("2022-07-01"), soort="lvb")
    contact(professional, team, de, "2022-07-20", "middelzwaar", 45, "psychisch")
    services.dossier_close(user=teamleider, dossier=de, einddatum=d("2022-09-30"), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja", tevredenheid=5)
    contact(professional, team, dr, "2022-08-01", "zwaar", 60, "veiligheid")
    services.doorverwijzing_register(user=professional, dossier=dr, datum=d("2022-09-01"), soort="jeugd_ggz")
    return {"R": r, "E": e}


def _by_start(rows):
    """Columns datum_aanvang .. doorverwezen of the protocol rows, by start date."""
    return sorted(row[8:] for row in rows)


def test_h1_shows_a_running_hulpperiode_only_up_to_30_june(lopend):
    assert _by_start(protocol_rows(H1, None)) == [
        ("20220201", "", "", "licht", "opvoeding;school", 2, 50, "N"),
        ("20220310", "", "", "licht", "sociaal", 1, 40, "N"),
    ]


def test_h2_shows_the_end_reached_within_it_and_the_running_one_up_to_31_december(lopend):
    assert _by_start(protocol_rows(H2, None)) == [
        ("20220201", "", "", "zwaar", "opvoeding;school;veiligheid", 3, 110, "J"),
        ("20220310", "20220720", "01", "middelzwaar", "psychisch;sociaal", 2, 85, "J"),
    ]


def test_aanlevering_h1_has_no_end_and_no_reden_for_help_that_ended_later(lopend):
    assert sorted(row[7:] for row in aanlevering_rows(H1, None)) == [("20220201", "", ""), ("20220310", "", "")]


def test_i06_and_i07_cut_running_hulpperiodes_at_the_period_end(lopend):
    # H1: R licht (its zwaar contact is of August), E licht; categories only those up to 30 June.
    assert cells(ind("I06", H1)) == {(None, None): 2, ("hulpsoort", "licht"): 2}
    assert cells(ind("I07", H1)) == {(None, None): 2, ("probleemcategorie", "opvoeding"): 1, ("probleemcategorie", "school"): 1,
                                     ("probleemcategorie", "sociaal"): 1}
    # The year: R zwaar, E middelzwaar (its stored, ended values).
    assert cells(ind("I06")) == {(None, None): 2, ("hulpsoort", "middelzwaar"): 1, ("hulpsoort", "zwaar"): 1}


def test_a_dossier_change_after_the_help_ended_leaves_the_reports_of_that_help_alone(lopend, professional, teamleider):
    """E's help ended on 2022-07-20 (frozen with the dossier's category sociaal). Its dossier is reopened and its
    categories changed now: H1 (where E's help still ran on 30 June) and the year show E as before."""
    dossier_e = lopend_dossier(lopend["E"])
    before = (_by_start(protocol_rows(H1, None)), cells(ind("I07", H1)), cells(ind("I07")))
    services.dossier_reopen(user=teamleider, dossier=dossier_e, datum=services.today())
    services.dossier_update(user=professional, dossier=lopend_dossier(lopend["E"]),
                            probleemcategorieen=["school"])
    assert (_by_start(protocol_rows(H1, None)), cells(ind("I07", H1)), cells(ind("I07"))) == before


def test_a_preventief_or_non_hulp_contact_does_not_make_the_cut_hulpsoort_heavier(lopend, professional, team):
    # A zwaar contact with inzet regie in H1 is no hulpcontact: R stays licht in H1 (its count and minutes include it).
    contact(professional, team, lopend_dossier(lopend["R"]), "2022-06-01", "zwaar", 15, "opvoeding", inzet="regie")
    (r_row,) = [row for row in protocol_rows(H1, None) if row[8] == "20220201"]
    assert (r_row[11], r_row[13], r_row[14]) == ("licht", 3, 65)


def lopend_dossier(jeugdige):
    return jeugdige.dossiers.get()


# --- waakvlam ends help with a reden ------------------------------------------------------------------------------


@pytest.fixture
def waakvlam_02(professional, teamleider, team, leiden):
    """W (BSN 111222333, 2311AB): hulpcontact 2022-01-10, waakvlam 2022-03-01 with reden 02, doelen nee, zonder hulp nee.
    V: hulpcontact 2022-02-01, closed 2022-04-30 reden 01, doelen ja, tevredenheid 4, zonder hulp ja."""
    w = kid(professional, team, leiden, postcode="2311AB", bsn=VALID_BSN)
    dw = dossier(professional, team, [w], "2022-01-03")
    contact(professional, team, dw, "2022-01-10")
    services.dossier_waakvlam(user=professional, dossier=dw, datum=d("2022-03-01"), evaluatiedatum=d("2022-06-01"),
                              reden_beeindiging="02", doelen_bereikt="nee", zonder_hulp_verder="nee")
    v = kid(professional, team, leiden)
    dv = dossier(professional, team, [v], "2022-01-20")
    contact(professional, team, dv, "2022-02-01")
    services.dossier_close(user=teamleider, dossier=dv, einddatum=d("2022-04-30"), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja", tevredenheid=4)
    return w


def test_i03_counts_a_waakvlam_ending_by_its_reden_and_by_einde_door(waakvlam_02):
    assert cells(ind("I03")) == {(None, None): 2, ("reden_beeindiging", "01"): 1, ("reden_beeindiging", "02"): 1,
                                 ("einde_door", "waakvlam"): 1, ("einde_door", "afsluiting"): 1, ("duur_maanden", "0-3"): 2}


def test_cbs_aanlevering_carries_the_reden_asked_at_waakvlam(waakvlam_02):
    (row,) = [row for row in aanlevering_rows(H1, None) if row[0] == VALID_BSN]
    assert row == (VALID_BSN, "20120401", "V", "2311AB", "06", "01", "N", "20220110", "20220110", "02")


def test_i11_counts_the_waakvlam_ending_with_its_outcome(waakvlam_02):
    assert cells(ind("I11")) == {
        (None, None): 2, ("kengetal", "pct_volgens_plan"): 50, ("kengetal", "pct_uitval"): 50, ("kengetal", "pct_doelen_bereikt"): 50,
        ("kengetal", "gemiddelde_tevredenheid"): 4, ("kengetal", "pct_zonder_hulp_verder"): 50,
    }
    assert ind("I11").cel("kengetal", "gemiddelde_tevredenheid").basis == 1


# --- inzet ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def inzet_world(professional, team, leiden):
    """Leiden, 2022: without dossier advies 10 + 20 min, toegang 30, regie 40, hulp 50 (preventief or licht); and a
    dossier with one hulpcontact 2022-06-01 of 60 min."""
    for datum, hulpsoort, minuten, inzet in [("2022-02-01", "preventief", 10, "advies"), ("2022-02-02", "preventief", 20, "advies"),
                                             ("2022-03-01", "licht", 30, "toegang"), ("2022-04-01", "licht", 40, "regie"),
                                             ("2022-05-01", "licht", 50, "hulp")]:
        contact(professional, team, None, datum, hulpsoort, minuten, gemeente=leiden, leeftijdsklasse="12-17", inzet=inzet)
    dj = dossier(professional, team, [kid(professional, team, leiden)], "2022-05-20")
    contact(professional, team, dj, "2022-06-01", "licht", 60)


def test_i05_by_inzet(inzet_world):
    i05 = ind("I05")
    assert [(c.categorie, c.waarde) for c in i05.uitsplitsingen if c.dimensie == "inzet"] == [
        ("hulp", 2), ("advies", 2), ("toegang", 1), ("regie", 1)]
    assert i05.totaal.waarde == 6


def test_i09_minutes_by_inzet_and_the_mean_hulp_minutes(inzet_world):
    i09 = ind("I09")
    assert (i09.totaal.waarde, i09.totaal.basis) == (210, 6)
    assert [(c.categorie, c.waarde, c.basis, c.soort) for c in i09.uitsplitsingen if c.dimensie == "inzet"] == [
        ("hulp", 110, 2, "som"), ("advies", 30, 2, "som"), ("toegang", 30, 1, "som"), ("regie", 40, 1, "som")]
    assert i09.cel("kengetal", "gemiddeld_per_jeugdige_met_hulp").waarde == Decimal(60)


# --- labels --------------------------------------------------------------------------------------------------------


def test_every_2027_breakdown_has_a_dutch_label():
    from reporting.labels import categorie_label, dimensie_label

    assert [dimensie_label("inzet"), dimensie_label("einde_door")] == ["inzet", "beëindigd door"]
    assert [categorie_label("inzet", i) for i in ("hulp", "advies", "toegang", "regie")] == [
        "Hulp", "Advies of consultatie", "Toegang (triage, toeleiding, verwijzing)", "Regie"]
    assert [categorie_label("einde_door", e) for e in ("waakvlam", "afsluiting")] == ["waakvlam", "afsluiting van het dossier"]
    assert categorie_label("reden_beeindiging", "02") == "02 Voortijdig afgesloten: in overeenstemming"
