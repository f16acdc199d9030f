"""A contact's minutes divided over the members of the dossier ON THE CONTACT'S DATE (`reporting.indicators.base.leden_op`):
a child added later (`Gezinslid.vanaf`) shares only the contacts from that day on, so adding it leaves the figures of the
periods before unchanged (DOMAIN.md section 7: "the same whenever it is made"). Hand-built, exact numbers; Leiden is 0546,
Leiderdorp 0547. Each test fails when the minutes are divided over the dossier's members of today."""

from datetime import date
from decimal import Decimal

import pytest

from cases import retention, services
from reporting.fte import fte_verdeling
from reporting.indicators import indicators_compute
from reporting.indicators.base import Context
from reporting.models import JgtBudget, TeamFte
from reporting.periods import Periode
from reporting.verantwoording.kosten import aandelen, kosten

pytestmark = pytest.mark.django_db

LEIDEN, LEIDERDORP = ["0546"], ["0547"]
JAAR_2025, JAAR_2026 = Periode.jaar(2025), Periode.jaar(2026)
VANAF = date(2026, 2, 1)


def kind(professional, team, gemeente):
    return services.jeugdige_register(user=professional, team=team, geboortedatum=date(2014, 5, 1), geslacht="V", gemeente=gemeente)


def dossier_van(professional, team, jeugdige, aanmelddatum):
    return services.dossier_open(user=professional, team=team, jeugdigen=[jeugdige], aanmelddatum=aanmelddatum, aanmelder="zelf",
                                 hulpsoort="licht", probleemcategorieen=["opvoeding"])


def contact(professional, team, dossier, datum, minuten):
    services.contact_register(user=professional, team=team, dossier=dossier, datum=datum, duur_minuten=minuten, vorm="huisbezoek",
                              hulpsoort="licht", probleemcategorieen=[])


def gemiddeld(periode, gemeenten):
    """I09's mean hulp minutes per jeugdige met hulp."""
    (i09,) = indicators_compute(periode, gemeenten, codes=["I09"])
    return i09.cel("kengetal", "gemiddeld_per_jeugdige_met_hulp").waarde


def i10(periode, gemeenten):
    (result,) = indicators_compute(periode, gemeenten, codes=["I10"])
    return [(c.categorie, round(c.waarde, 2)) for c in [result.totaal, *result.uitsplitsingen]]


def minuten(periode, gemeenten):
    """The minutes of the gemeente's contact shares (the verantwoording's section 5, `aandelen`)."""
    return aandelen(Context(periode, gemeenten), gemeenten[0])["minuten"]


def test_adding_a_child_leaves_the_figures_of_the_year_before_unchanged(professional, team, leiden, leiderdorp):
    a = kind(professional, team, leiden)
    dossier = dossier_van(professional, team, a, date(2025, 1, 15))
    contact(professional, team, dossier, date(2025, 3, 1), 60)
    services.contact_register(user=professional, team=team, datum=date(2025, 6, 1), duur_minuten=60, vorm="telefonisch",
                              hulpsoort="preventief", probleemcategorieen=[], gemeente=leiden, leeftijdsklasse="onbekend")
    JgtBudget.objects.create(gemeente=leiden, jaar=2025, bedrag=Decimal(36500))
    TeamFte.objects.create(team=team, jaar=2025, fte=Decimal(4))

    def figures():
        return (gemiddeld(JAAR_2025, LEIDEN), i10(JAAR_2025, LEIDEN), minuten(JAAR_2025, LEIDEN), minuten(JAAR_2025, LEIDERDORP),
                [(f.gemeente, f.minuten) for f in fte_verdeling(2025)])

    # A alone: its 60 hulp minutes (mean 60); M = 60 + 60 (the preventive contact), H = 60, so K = 36500 x 60 / 120 = 18250
    # for its one hulpperiode; the team's 120 minutes of 2025 all in Leiden.
    before = figures()
    assert before == (60, [(None, Decimal(36500)), ("kosten_hulp", Decimal(18250)), ("kosten_per_hulpperiode", Decimal(18250)),
                           ("kosten_per_jeugdige", Decimal(18250))], 120, 0, [("0546", 120)])
    b = kind(professional, team, leiderdorp)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=b, datum=VANAF)
    # B joined on 1-2-2026: the contact of 1-3-2025 stays A's alone (dividing it by today's two children gave A 30, I10's
    # K = 36500 x 30 / 90 and Leiderdorp 30 minutes of a child that was not there).
    assert figures() == before
    # From VANAF on the family's contacts are shared: 60 minutes on 1-3-2026 are 30 for A (Leiden) and 30 for B (Leiderdorp).
    contact(professional, team, dossier, date(2026, 3, 1), 60)
    assert (gemiddeld(JAAR_2026, LEIDEN), gemiddeld(JAAR_2026, LEIDERDORP)) == (30, 30)
    assert (minuten(JAAR_2026, LEIDEN), minuten(JAAR_2026, LEIDERDORP)) == (30, 30)


def test_a_contact_on_the_day_the_child_was_added_is_shared_and_the_day_before_is_not(professional, team, leiden, leiderdorp):
    a = kind(professional, team, leiden)
    dossier = dossier_van(professional, team, a, date(2026, 1, 15))
    b = kind(professional, team, leiderdorp)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=b, datum=VANAF)
    contact(professional, team, dossier, date(2026, 1, 31), 40)  # 31-1-2026: A's alone
    contact(professional, team, dossier, VANAF, 60)  # on VANAF: 30 each
    # A: 40 + 30 = 70 within its hulpperiode (from 31-1); B: 30 within its hulpperiode from VANAF.
    assert (gemiddeld(JAAR_2026, LEIDEN), gemiddeld(JAAR_2026, LEIDERDORP)) == (70, 30)
    assert (minuten(JAAR_2026, LEIDEN), minuten(JAAR_2026, LEIDERDORP)) == (70, 30)


def test_when_the_children_of_the_day_were_erased_the_members_of_today_share_the_minutes_once(professional, team, beheerder,
                                                                                                 leiden, leiderdorp):
    a = kind(professional, team, leiden)
    dossier = dossier_van(professional, team, a, date(2025, 1, 15))
    contact(professional, team, dossier, date(2025, 3, 1), 60)
    b, c = kind(professional, team, leiderdorp), kind(professional, team, leiden)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=b, datum=VANAF)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=c, datum=date(2026, 3, 1))
    contact(professional, team, dossier, date(2026, 2, 15), 40)
    retention.jeugdige_erase(user=beheerder, jeugdige=a, reden="Verzoek van 28-11-2026, kenmerk V-12")
    # 1-3-2025: no member left of that day (A is erased), so today's two share it: 30 each, 60 in all, once.
    assert (minuten(JAAR_2025, LEIDEN), minuten(JAAR_2025, LEIDERDORP)) == (30, 30)
    # 15-2-2026: only B was a member (C joined on 1-3): all 40 minutes are B's, in Leiderdorp; none go to C.
    assert (minuten(JAAR_2026, LEIDEN), minuten(JAAR_2026, LEIDERDORP)) == (0, 40)


def test_the_cost_per_traject_counts_the_minutes_of_before_the_child_joined_whole(professional, teamleider, team, leiden, leiderdorp):
    a = kind(professional, team, leiden)
    dossier = dossier_van(professional, team, a, date(2025, 1, 15))
    contact(professional, team, dossier, date(2025, 3, 1), 60)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=kind(professional, team, leiderdorp), datum=date(2025, 6, 1))
    contact(professional, team, dossier, date(2025, 7, 1), 60)
    services.contact_register(user=professional, team=team, datum=date(2025, 8, 1), duur_minuten=60, vorm="telefonisch",
                              hulpsoort="preventief", probleemcategorieen=[], gemeente=leiden, leeftijdsklasse="onbekend")
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=date(2025, 9, 1), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja")
    JgtBudget.objects.create(gemeente=leiden, jaar=2025, bedrag=Decimal(36500))
    sectie = kosten(Context(JAAR_2025, LEIDEN), leiden)
    (rij,) = [r for t in sectie.tabellen for r in t.rijen if r.sleutel == "kosten_per_traject"]
    # Leiden's M = 60 (1-3, A alone) + 30 (1-7, A's half) + 60 (preventive) = 150; A's ended hulpperiode has 60 + 30 = 90 of
    # them: 36500 x 90 / 150 = 21900 (dividing the contact of 1-3 by today's two children gave 36500 x 60 / 120 = 18250).
    assert round(rij.cellen[0].waarde, 2) == Decimal(21900)


def test_destroying_the_dossier_keeps_the_members_of_each_day(professional, teamleider, team, leiden, leiderdorp):
    """Retention replaces a dossier by its anonymous remainder (`cases.retention`): the remainder keeps which child joined
    later and from when, so the division of each contact, and so every figure of earlier periods, stays the same."""
    a = kind(professional, team, leiden)
    dossier = dossier_van(professional, team, a, date(2025, 1, 15))
    contact(professional, team, dossier, date(2025, 3, 1), 60)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=kind(professional, team, leiderdorp), datum=date(2025, 6, 1))
    contact(professional, team, dossier, date(2025, 7, 1), 60)
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=date(2025, 9, 1), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja")

    def figures():
        return gemiddeld(JAAR_2025, LEIDEN), gemiddeld(JAAR_2025, LEIDERDORP), minuten(JAAR_2025, LEIDEN), minuten(JAAR_2025, LEIDERDORP)

    # A: 60 (1-3, alone) + 30 (1-7, half); B (from 1-6): 30. Without the remainder's Gezinslid both contacts were halved:
    # 60 for A and 60 for B.
    before = figures()
    assert before == (90, 30, 90, 30)
    assert retention.dossiers_purge_expired(vandaag=date(2046, 1, 1)).dossiers == 1
    assert figures() == before
