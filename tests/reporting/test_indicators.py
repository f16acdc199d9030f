"""Each indicator I01..I15 on the hand-built world of `indicator_world.py`: exact raw numbers, then exactly what a
gemeente receives after disclosure control. Hand computations in the comments; Leiden is 0546, Leiderdorp 0547."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cases import services
from reporting.disclosure import protect
from reporting.indicators import CODES, indicators_compute
from reporting.models import JgtBudget
from reporting.periods import Periode
from tests.reporting.indicator_world import build_world

LEIDEN, LEIDERDORP = ["0546"], ["0547"]
JAAR = Periode.jaar(2022)
Q1 = Periode.kwartaal(2022, 1)


@pytest.fixture
def world(professional, teamleider, team, leiden, other_professional, other_team, leiderdorp):
    return build_world(professional=professional, teamleider=teamleider, team=team, leiden=leiden,
                       other_professional=other_professional, other_team=other_team, leiderdorp=leiderdorp)


def ind(code, periode=JAAR, gemeenten=LEIDEN):
    (result,) = indicators_compute(periode, gemeenten, codes=[code])
    return result


def raw(indicator, nonzero=False):
    """{(dimensie, categorie): raw value}; the total under (None, None). Fractions to 9 decimals (PostgreSQL's
    numeric division and Python's Decimal differ beyond the 16th digit)."""
    cells = [indicator.totaal, *indicator.uitsplitsingen]
    return {(c.dimensie, c.categorie): exact(c.waarde) for c in cells if not nonzero or c.waarde}


def exact(value):
    return round(value, 9) if isinstance(value, Decimal) else value


def shown(indicator, nonzero=False):
    """{(dimensie, categorie): weergave} after disclosure control, only for non-zero raw cells when asked."""
    cells = [indicator.totaal, *indicator.uitsplitsingen]
    return {(c.dimensie, c.categorie): protect(c).weergave for c in cells if not nonzero or c.waarde}


def test_all_fifteen_indicators_in_code_order(world):
    assert [i.code for i in indicators_compute(JAAR, LEIDEN)] == [f"I{n:02d}" for n in range(1, 16)] == list(CODES)


def test_i01_jeugdigen_met_hulp(world):
    # 2022 Leiden: K1..K11 (three hulpperiodes each), S, X (its period crosses the year end) = 13; P never had help.
    assert raw(ind("I01")) == {(None, None): 13}
    assert shown(ind("I01")) == {(None, None): "15"}
    # Q1: K1..K11 (hp1 until 02-01), S (02-14), X (until 01-10) = 13; Q3: K1..K11 (hp3 from 09-01) = 11.
    assert ind("I01", Q1).totaal.waarde == 13
    assert ind("I01", Periode.kwartaal(2022, 3)).totaal.waarde == 11
    assert ind("I01", Periode.kwartaal(2022, 2)).totaal.waarde == 11  # hp2 of K1..K11; S ended 02-14
    # 2021: X and K1..K11 (hp1 starts 2021-12-01) = 12. Leiderdorp: L only. All: 14.
    assert ind("I01", Periode.jaar(2021)).totaal.waarde == 12
    assert ind("I01", gemeenten=LEIDERDORP).totaal.waarde == 1
    assert shown(ind("I01", gemeenten=LEIDERDORP)) == {(None, None): "."}
    assert ind("I01", gemeenten=None).totaal.waarde == 14


def test_i02_gestarte_hulpperiodes_and_herhaald_beroep(world):
    # Started in 2022: hp2 x11 (hp1 ended 90 days before: herhaald), hp3 x11 (hp2 ended 114 days before: herhaald), S (new).
    assert raw(ind("I02")) == {(None, None): 23, ("herhaald_beroep", "ja"): 22, ("herhaald_beroep", "nee"): 1}
    assert shown(ind("I02")) == {(None, None): "25", ("herhaald_beroep", "ja"): "20", ("herhaald_beroep", "nee"): "."}
    # 2021: X (06-01) and hp1 x11 (12-01), none herhaald.
    assert raw(ind("I02", Periode.jaar(2021))) == {(None, None): 12, ("herhaald_beroep", "ja"): 0, ("herhaald_beroep", "nee"): 12}


def test_i03_beeindigde_hulpperiodes_by_reason_and_duration(world):
    # Ended in 2022: hp1 x11 (waakvlam with reden 01, 62 days), hp2 x11 (closure 01, 8 days), S (closure 03, 0 days),
    # X (closure 02, 2021-06-01..2022-01-10 = 223 days = 7.3 months). The running hp3 does not end.
    assert raw(ind("I03")) == {
        (None, None): 24,
        ("reden_beeindiging", "01"): 22, ("reden_beeindiging", "02"): 1, ("reden_beeindiging", "03"): 1,
        ("reden_beeindiging", "04"): 0, ("reden_beeindiging", "05"): 0,
        ("einde_door", "waakvlam"): 11, ("einde_door", "afsluiting"): 13,
        ("duur_maanden", "0-3"): 23, ("duur_maanden", "3-6"): 0, ("duur_maanden", "6-12"): 1, ("duur_maanden", ">12"): 0,
    }
    assert shown(ind("I03")) == {
        (None, None): "25",
        ("reden_beeindiging", "01"): "20", ("reden_beeindiging", "02"): ".", ("reden_beeindiging", "03"): ".",
        ("reden_beeindiging", "04"): "0", ("reden_beeindiging", "05"): "0",
        ("einde_door", "waakvlam"): "10", ("einde_door", "afsluiting"): "15",
        ("duur_maanden", "0-3"): "25", ("duur_maanden", "3-6"): "0", ("duur_maanden", "6-12"): ".", ("duur_maanden", ">12"): "0",
    }


def test_i04_dossiers_in_waakvlam_on_the_last_day(world):
    # 2022-03-31: DG in waakvlam since 03-01, evaluatie 06-01 (not overdue). 2022-12-31: DG actief again -> 0.
    assert raw(ind("I04", Q1)) == {(None, None): 1, ("evaluatiedatum_verstreken", "ja"): 0, ("evaluatiedatum_verstreken", "nee"): 1}
    assert raw(ind("I04", Periode.kwartaal(2022, 2))) == {(None, None): 0, ("evaluatiedatum_verstreken", "ja"): 0,
                                                          ("evaluatiedatum_verstreken", "nee"): 0}
    assert raw(ind("I04")) == {(None, None): 0, ("evaluatiedatum_verstreken", "ja"): 0, ("evaluatiedatum_verstreken", "nee"): 0}
    # Leiderdorp: DL in waakvlam since 08-01 with evaluatie 09-01: overdue on 09-30.
    assert raw(ind("I04", Periode.kwartaal(2022, 3), LEIDERDORP)) == {
        (None, None): 1, ("evaluatiedatum_verstreken", "ja"): 1, ("evaluatiedatum_verstreken", "nee"): 0}
    assert shown(ind("I04", Periode.kwartaal(2022, 3), LEIDERDORP)) == {
        (None, None): ".", ("evaluatiedatum_verstreken", "ja"): ".", ("evaluatiedatum_verstreken", "nee"): "0"}
    assert ind("I04", Q1, None).totaal.waarde == 1  # DG (DL is actief until 08-01)


def test_i05_contacten(world):
    # 2022 Leiden: DG 3 (02-01 middelzwaar, 05-10 licht, 09-05 zwaar), DS 2 (preventief, licht), DP 1 (preventief),
    # DX 1 (licht), without dossier 13 (12 preventief telefonisch + 1 licht video) = 20.
    assert raw(ind("I05"), nonzero=True) == {
        (None, None): 20,
        ("hulpsoort", "preventief"): 14, ("hulpsoort", "licht"): 4, ("hulpsoort", "middelzwaar"): 1, ("hulpsoort", "zwaar"): 1,
        ("vorm", "face_to_face"): 7, ("vorm", "telefonisch"): 12, ("vorm", "video"): 1, ("inzet", "hulp"): 20,
        ("dossier", "met"): 7, ("dossier", "zonder"): 13,
    }
    assert shown(ind("I05")) == {
        (None, None): "20",
        ("hulpsoort", "preventief"): "15", ("hulpsoort", "licht"): ".", ("hulpsoort", "middelzwaar"): ".", ("hulpsoort", "zwaar"): ".",
        ("vorm", "face_to_face"): ".", ("vorm", "telefonisch"): "10", ("vorm", "video"): ".", ("vorm", "huisbezoek"): "0",
        ("vorm", "school"): "0", ("vorm", "email"): "0", ("vorm", "overleg"): "0",
        ("inzet", "hulp"): "20", ("inzet", "advies"): "0", ("inzet", "toegang"): "0", ("inzet", "regie"): "0",
        ("dossier", "met"): ".", ("dossier", "zonder"): "15",
    }
    # Leiderdorp: the DL contact and the contact without dossier recorded for Leiderdorp.
    assert raw(ind("I05", gemeenten=LEIDERDORP), nonzero=True) == {
        (None, None): 2, ("hulpsoort", "preventief"): 1, ("hulpsoort", "licht"): 1, ("vorm", "face_to_face"): 2,
        ("inzet", "hulp"): 2, ("dossier", "met"): 1, ("dossier", "zonder"): 1}
    assert ind("I05", gemeenten=None).totaal.waarde == 22


def test_i06_jeugdigen_per_heaviest_hulpsoort(world):
    # K1..K11: middelzwaar, licht and zwaar in 2022 -> zwaar; S licht; X licht.
    assert raw(ind("I06")) == {(None, None): 13, ("hulpsoort", "licht"): 2, ("hulpsoort", "middelzwaar"): 0, ("hulpsoort", "zwaar"): 11}
    assert shown(ind("I06")) == {(None, None): "15", ("hulpsoort", "licht"): ".", ("hulpsoort", "middelzwaar"): "0",
                                 ("hulpsoort", "zwaar"): "10"}
    # Q1: K1..K11 middelzwaar (hp1), S licht, X licht.
    assert raw(ind("I06", Q1)) == {(None, None): 13, ("hulpsoort", "licht"): 2, ("hulpsoort", "middelzwaar"): 11, ("hulpsoort", "zwaar"): 0}


def test_i07_problematiek_multi_label(world):
    # 35 hulpperiodes overlap 2022: hp1 x11 {opvoeding, scheiding}, hp2 x11 {opvoeding}, hp3 x11 {opvoeding, school},
    # S {psychisch}, X {ontwikkeling}.
    assert raw(ind("I07"), nonzero=True) == {
        (None, None): 35, ("probleemcategorie", "opvoeding"): 33, ("probleemcategorie", "scheiding"): 11,
        ("probleemcategorie", "school"): 11, ("probleemcategorie", "psychisch"): 1, ("probleemcategorie", "ontwikkeling"): 1,
    }
    assert shown(ind("I07"), nonzero=True) == {
        (None, None): "35", ("probleemcategorie", "opvoeding"): "35", ("probleemcategorie", "scheiding"): "10",
        ("probleemcategorie", "school"): "10", ("probleemcategorie", "psychisch"): ".", ("probleemcategorie", "ontwikkeling"): ".",
    }
    assert shown(ind("I07"))[("probleemcategorie", "justitie")] == "0"


def test_i08_doorverwijzingen(world):
    # DG jeugd_ggz 02-10 and DS lvb 03-01 = 2; per 100 jeugdigen met hulp: 200 / 13 = 15.38. Base 13 >= 10, but the
    # count above the line is 2, suppressed itself: "15,4 per 100 of 13" would give it away, so the rate is "." too.
    i08 = ind("I08")
    assert raw(i08, nonzero=True) == {(None, None): 2, ("soort", "jeugd_ggz"): 1, ("soort", "lvb"): 1,
                                      ("kengetal", "per_100_jeugdigen_met_hulp"): exact(Decimal(200) / 13)}
    assert i08.cel("kengetal", "per_100_jeugdigen_met_hulp").basis == 13
    assert shown(i08, nonzero=True) == {(None, None): ".", ("soort", "jeugd_ggz"): ".", ("soort", "lvb"): ".",
                                        ("kengetal", "per_100_jeugdigen_met_hulp"): "."}
    assert raw(ind("I08", gemeenten=LEIDERDORP), nonzero=True) == {}


def test_i09_tijdsbesteding(world):
    # Minutes of the 20 contacts: DG 110+55+30, DS 30+40, DP 20, DX 50, without dossier 12x10 + 15 = 470.
    # Within hulpperiodes, a family contact divided over its 11 children: 110 + 55 + 30 (DG) + 40 (S) + 50 (X) = 285;
    # mean per jeugdige met hulp 285 / 13 = 21.92.
    # Every contact of this world has inzet hulp: all 470 minutes in 20 contacts; the other kinds none.
    i09 = ind("I09")
    assert (i09.totaal.waarde, i09.totaal.basis) == (470, 20)
    assert [(c.categorie, c.waarde, c.basis) for c in i09.uitsplitsingen if c.dimensie == "inzet"] == [
        ("hulp", 470, 20), ("advies", 0, 0), ("toegang", 0, 0), ("regie", 0, 0)]
    assert raw(i09)[("kengetal", "gemiddeld_per_jeugdige_met_hulp")] == exact(Decimal(285) / 13)
    assert shown(i09) == {(None, None): "470", ("inzet", "hulp"): "470", ("inzet", "advies"): ".", ("inzet", "toegang"): ".",
                          ("inzet", "regie"): ".", ("kengetal", "gemiddeld_per_jeugdige_met_hulp"): "21,9"}
    # Leiderdorp: 45 + 25 minutes in 2 contacts -> suppressed; L's 45 minutes over 1 jeugdige -> suppressed.
    assert raw(ind("I09", gemeenten=LEIDERDORP)) == {(None, None): 70, ("inzet", "hulp"): 70, ("inzet", "advies"): 0, ("inzet", "toegang"): 0,
                                                     ("inzet", "regie"): 0, ("kengetal", "gemiddeld_per_jeugdige_met_hulp"): Decimal(45)}
    assert set(shown(ind("I09", gemeenten=LEIDERDORP)).values()) == {"."}


def test_i10_kosten_allocated_by_contact_minutes(world, leiden):
    # Without budget the indicator says so: None, not 0.
    assert raw(ind("I10")) == {(None, None): None}
    assert shown(ind("I10")) == {(None, None): "geen budget vastgelegd"}
    JgtBudget.objects.create(gemeente=leiden, jaar=2022, bedrag=Decimal("365000.00"))
    # 2022: B = 365000. M = 470 minutes, H = 285 within hulpperiodes: cost of help 365000 x 285 / 470 = 221329.79;
    # per hulpperiode (35 overlap 2022) 6323.71; per jeugdige (13) 17025.37.
    i10 = ind("I10")
    kosten = Decimal(365000) * 285 / 470
    assert raw(i10) == {(None, None): Decimal(365000), ("kengetal", "kosten_hulp"): exact(kosten),
                        ("kengetal", "kosten_per_hulpperiode"): exact(kosten / 35), ("kengetal", "kosten_per_jeugdige"): exact(kosten / 13)}
    assert shown(i10) == {(None, None): "365000", ("kengetal", "kosten_hulp"): "221330",
                          ("kengetal", "kosten_per_hulpperiode"): "6324", ("kengetal", "kosten_per_jeugdige"): "17025"}
    # Q1 2022: 90 of 365 days -> B = 90000. M = 110 (DG) + 70 (DS) + 20 (DP) + 50 (DX) + 120 (without dossier) = 370;
    # H = 110 (hp1 x11) + 40 (S) + 50 (X) = 200; cost of help 90000 x 200 / 370 = 48648.65 over 13 hulpperiodes and 13 jeugdigen.
    q1 = ind("I10", Q1)
    kosten = Decimal(90000) * 200 / 370
    assert raw(q1) == {(None, None): Decimal(90000), ("kengetal", "kosten_hulp"): exact(kosten),
                       ("kengetal", "kosten_per_hulpperiode"): exact(kosten / 13), ("kengetal", "kosten_per_jeugdige"): exact(kosten / 13)}
    assert shown(q1)[("kengetal", "kosten_per_jeugdige")] == "3742"
    # Leiderdorp has no budget; "all gemeenten" takes only the gemeenten with a budget, so it equals Leiden.
    assert shown(ind("I10", gemeenten=LEIDERDORP)) == {(None, None): "geen budget vastgelegd"}
    assert raw(ind("I10", gemeenten=None)) == raw(i10)
    # An all-gemeenten report reads I09's and I10's help minutes in one pass (the budget gemeenten's part by a filter):
    # the same figures as Leiden's I10 alone and as I09 without any budget (one pass of its own).
    i09_alle, i10_alle = indicators_compute(JAAR, None, codes=["I09", "I10"])
    assert raw(i10_alle) == raw(i10)
    JgtBudget.objects.filter(jaar=2022).delete()
    assert raw(i09_alle) == raw(ind("I09", gemeenten=None))
    # No budget for 2021.
    assert raw(ind("I10", Periode.jaar(2021))) == {(None, None): None}


def test_i11_uitkomsten(world):
    # Ended in 2022, by closure or waakvlam: hp1 x11 (waakvlam: reden 01, outcome onbekend, tevredenheid not asked),
    # hp2 x11 (closure 01, doelen ja, tevredenheid 4, zonder hulp ja), S (03, nee, not asked, onbekend), X (02, deels, 2,
    # nee) = 24. Volgens plan 22/24, uitval 2/24, doelen 12/24, tevredenheid (11x4 + 2) / 12 = 3.83, zonder hulp 11/24.
    i11 = ind("I11")
    assert raw(i11) == {
        (None, None): 24,
        ("kengetal", "pct_volgens_plan"): exact(Decimal(2200) / 24), ("kengetal", "pct_uitval"): exact(Decimal(200) / 24),
        ("kengetal", "pct_doelen_bereikt"): exact(Decimal(1200) / 24), ("kengetal", "gemiddelde_tevredenheid"): exact(Decimal(46) / 12),
        ("kengetal", "pct_zonder_hulp_verder"): exact(Decimal(1100) / 24),
    }
    assert i11.cel("kengetal", "gemiddelde_tevredenheid").basis == 12
    # Plan 22 of 24 (the other 2) and uitval 2 would give a suppressed count away: "."; doelen 12 of 24 and zonder hulp
    # 11 of 24 have 10 or more on both sides of the line: shown.
    assert shown(i11) == {
        (None, None): "25", ("kengetal", "pct_volgens_plan"): ".", ("kengetal", "pct_uitval"): ".",
        ("kengetal", "pct_doelen_bereikt"): "50,0", ("kengetal", "gemiddelde_tevredenheid"): "3,8",
        ("kengetal", "pct_zonder_hulp_verder"): "45,8",
    }
    # Q1: hp1 x11 (waakvlam 02-01), X (02, 01-10) and S (03, its last hulpcontact 02-14): uitval 2 of 13, suppressed.
    assert raw(ind("I11", Q1))[(None, None)] == 13
    assert raw(ind("I11", Q1))[("kengetal", "pct_uitval")] == exact(Decimal(200) / 13)
    assert shown(ind("I11", Q1))[("kengetal", "pct_uitval")] == "."


def test_i11_reopened_dossier_uses_the_closure_of_its_own_stretch(world, teamleider):
    # Close DG's running hp3 in 2022-12 with reden 04: the 2022 figures then count hp1 and hp2 (01) and hp3 (04) separately.
    services.dossier_close(user=teamleider, dossier=world.dossiers["DG"], einddatum=Periode.jaar(2022).einde.replace(day=15),
                           reden_beeindiging="04", doelen_bereikt="nee", zonder_hulp_verder="nee")
    i11 = ind("I11")
    assert i11.totaal.waarde == 35  # 24 + hp3 x11
    assert i11.cel("kengetal", "pct_volgens_plan").waarde == Decimal(2200) / 35
    assert i11.cel("kengetal", "pct_uitval").waarde == Decimal(1300) / 35  # S, X and hp3 x11


def test_i12_instroomroute(world):
    # Registered in 2022 in Leiden: DS (huisarts), DP (zelf). Leiderdorp: DL (politie).
    assert raw(ind("I12"), nonzero=True) == {(None, None): 2, ("aanmelder", "huisarts"): 1, ("aanmelder", "zelf"): 1}
    assert shown(ind("I12")) == {(None, None): ".", **{("aanmelder", a): "0" for a in
                                 ["zelf", "huisarts", "poh_jeugd", "school", "jgz", "veilig_thuis", "politie", "overig"]},
                                 ("aanmelder", "huisarts"): ".", ("aanmelder", "zelf"): "."}
    assert raw(ind("I12", Periode.jaar(2021)), nonzero=True) == {(None, None): 2, ("aanmelder", "jgz"): 1, ("aanmelder", "school"): 1}
    assert raw(ind("I12", gemeenten=None), nonzero=True) == {(None, None): 3, ("aanmelder", "huisarts"): 1, ("aanmelder", "zelf"): 1,
                                                             ("aanmelder", "politie"): 1}


def test_i13_doorlooptijd(world):
    # First hulpperiode starting in 2022: only DS (aangemeld 01-10, help from 02-14: 35 days). DG's first started 2021-12-01.
    # Durations of the 24 hulpperiodes ended in 2022: 0 (S), 0 (hp2 x11: its only hulpcontact 05-10), 62 (x11), 223 (X):
    # median of the 12th and 13th = (0 + 62) / 2 = 31.
    i13 = ind("I13")
    assert (i13.totaal.waarde, i13.totaal.basis) == (35, 1)
    assert (i13.uitsplitsingen[0].waarde, i13.uitsplitsingen[0].basis) == (31, 24)
    assert shown(i13) == {(None, None): ".", ("kengetal", "mediane_duur_beeindigde_hulpperiodes_dagen"): "31,0"}
    # 2021: DX (0 days) and DG (11-01 -> 12-01: 30 days): median 15; the family dossier counts once.
    i13 = ind("I13", Periode.jaar(2021))
    assert (i13.totaal.waarde, i13.totaal.basis) == (15, 2)


def test_i14_preventie(world):
    # 14 of the 20 contacts of 2022 are preventief = 70%; the other 6 are a suppressed count, so the share is ".".
    assert raw(ind("I14")) == {(None, None): 70}
    assert shown(ind("I14")) == {(None, None): "."}
    # Leiderdorp: 1 of 2 -> base 2: suppressed.
    assert raw(ind("I14", gemeenten=LEIDERDORP)) == {(None, None): 50}
    assert shown(ind("I14", gemeenten=LEIDERDORP)) == {(None, None): "."}


def test_i15_registratielast(world):
    # Registration time was measured for the 12 contacts without dossier: 10..120 s, median (60 + 70) / 2 = 65.
    # Every 2022 contact was stored in 2026: none within a day of its date.
    i15 = ind("I15")
    assert (i15.totaal.waarde, i15.totaal.basis) == (65, 12)
    assert raw(i15)[("kengetal", "pct_binnen_1_dag")] == 0
    assert shown(i15) == {(None, None): "65,0", ("kengetal", "pct_binnen_1_dag"): "0,0"}


def test_i15_share_registered_within_one_day(professional, team, leiden):
    # Today: contacts dated today, yesterday (within 1 day) and two days ago (not): 2 of 3, with 3 measured durations.
    today = timezone.localdate()
    for days, seconds in [(0, 30), (1, 45), (2, None)]:
        services.contact_register(user=professional, team=team, datum=today - timedelta(days=days), duur_minuten=10, vorm="telefonisch",
                                  hulpsoort="preventief", probleemcategorieen=[], gemeente=leiden, leeftijdsklasse="onbekend",
                                  registratieduur_seconden=seconds)
    periode = Periode(start=today - timedelta(days=7), einde=today, code="test")
    i15 = ind("I15", periode)
    assert (i15.totaal.waarde, i15.totaal.basis) == (Decimal("37.5"), 2)
    assert i15.cel("kengetal", "pct_binnen_1_dag").waarde == Decimal(200) / 3


def test_a_family_dossier_across_two_gemeenten_counts_in_both(professional, team, leiden, leiderdorp):
    # One dossier, a child in Leiden and one in Leiderdorp: each gemeente sees its own child, the dossier and its contact.
    kids = [services.jeugdige_register(user=professional, team=team, geboortedatum=JAAR.start.replace(year=2012), geslacht="M", gemeente=g)
            for g in (leiden, leiderdorp)]
    dossier = services.dossier_open(user=professional, team=team, jeugdigen=kids, aanmelddatum=JAAR.start, aanmelder="zelf",
                                    hulpsoort="licht", probleemcategorieen=["opvoeding"])
    services.contact_register(user=professional, team=team, dossier=dossier, datum=JAAR.start, duur_minuten=60, vorm="huisbezoek",
                              hulpsoort="licht", probleemcategorieen=[])
    for gemeenten, jeugdigen in [(LEIDEN, 1), (LEIDERDORP, 1), (None, 2)]:
        assert ind("I01", gemeenten=gemeenten).totaal.waarde == jeugdigen
        assert ind("I05", gemeenten=gemeenten).totaal.waarde == 1
        assert ind("I12", gemeenten=gemeenten).totaal.waarde == 1
    # The 60 minutes are 30 per child: the mean per jeugdige met hulp is 30 everywhere.
    assert ind("I09", gemeenten=LEIDEN).cel("kengetal", "gemiddeld_per_jeugdige_met_hulp").waarde == 30
    assert ind("I09", gemeenten=None).cel("kengetal", "gemiddeld_per_jeugdige_met_hulp").waarde == 30
