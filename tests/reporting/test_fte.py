"""`reporting.fte`: a team's FTE of a year spread over the gemeenten it serves, in proportion to that year's contact
minutes of the team per gemeente, equally when it has none (hand-computed numbers)."""

from datetime import date
from decimal import Decimal

import pytest

from reporting.fte import FteAandeel, fte_verdeling, fte_voor
from reporting.models import TeamFte
from tests.builders import make_contact, make_dossier, make_jeugdige, make_move, today
from tests.factories import GemeenteFactory

pytestmark = pytest.mark.django_db

JAAR = today().year - 1


def d(maand: int, dag: int) -> date:
    return date(JAAR, maand, dag)


@pytest.fixture
def zoeterwoude(db):
    return GemeenteFactory(code="0638", naam="Zoeterwoude")


@pytest.fixture
def regio(team, other_team, leiderdorp, zoeterwoude, other_professional, professional):
    """Noord (Leiden) 10.8 fte; Leiderdorp/Zoeterwoude 12.6 fte, serving both gemeenten."""
    other_team.gemeenten.add(zoeterwoude)
    TeamFte.objects.create(team=team, jaar=JAAR, fte=Decimal("10.8"))
    TeamFte.objects.create(team=other_team, jaar=JAAR, fte=Decimal("12.6"))
    return other_team


def contact_zonder_dossier(user, team, gemeente, datum, minuten):
    return make_contact(user, team, datum=datum, hulpsoort="preventief", gemeente=gemeente, leeftijdsklasse="4-11", duur_minuten=minuten)


def test_a_team_serving_one_gemeente_gives_it_all_its_fte(regio, leiden):
    assert fte_voor(leiden, JAAR) == Decimal("10.8")  # no minutes at all: its only gemeente gets everything


def test_without_minutes_a_team_is_spread_equally(regio, leiderdorp, zoeterwoude):
    assert (fte_voor(leiderdorp, JAAR), fte_voor(zoeterwoude, JAAR)) == (Decimal("6.3"), Decimal("6.3"))


def test_minutes_with_and_without_dossier_spread_the_fte(regio, other_professional, leiderdorp, zoeterwoude):
    dossier = make_dossier(other_professional, regio, leiderdorp, aanmelddatum=d(1, 6))
    make_contact(other_professional, regio, dossier=dossier, datum=d(2, 3), duur_minuten=60)
    contact_zonder_dossier(other_professional, regio, zoeterwoude, d(2, 4), 20)
    # 60 of 80 minutes in Leiderdorp, 20 in Zoeterwoude: 12.6 x 3/4 and 12.6 x 1/4
    assert (fte_voor(leiderdorp, JAAR), fte_voor(zoeterwoude, JAAR)) == (Decimal("9.45"), Decimal("3.15"))


def test_a_family_contact_is_divided_over_its_children_where_they_live(regio, other_professional, leiderdorp, zoeterwoude):
    kinderen = [make_jeugdige(other_professional, regio, leiderdorp), make_jeugdige(other_professional, regio, zoeterwoude, geslacht="M")]
    dossier = make_dossier(other_professional, regio, None, jeugdigen=kinderen, aanmelddatum=d(1, 6))
    make_contact(other_professional, regio, dossier=dossier, datum=d(3, 2), duur_minuten=40)
    contact_zonder_dossier(other_professional, regio, leiderdorp, d(3, 3), 20)
    # Leiderdorp 20 + 20 = 40, Zoeterwoude 20 of 60 minutes
    assert (fte_voor(leiderdorp, JAAR), fte_voor(zoeterwoude, JAAR)) == (Decimal("8.4"), Decimal("4.2"))


def test_a_move_counts_each_contact_where_the_child_lived_that_day(regio, other_professional, leiderdorp, zoeterwoude):
    jeugdige = make_jeugdige(other_professional, regio, leiderdorp)
    dossier = make_dossier(other_professional, regio, None, jeugdigen=[jeugdige], aanmelddatum=d(1, 6))
    make_contact(other_professional, regio, dossier=dossier, datum=d(2, 3), duur_minuten=30)
    make_move(other_professional, jeugdige, zoeterwoude, d(6, 1))
    make_contact(other_professional, regio, dossier=dossier, datum=d(6, 2), duur_minuten=90)
    assert (fte_voor(leiderdorp, JAAR), fte_voor(zoeterwoude, JAAR)) == (Decimal("3.15"), Decimal("9.45"))


def test_only_that_years_minutes_in_served_gemeenten_count(regio, other_professional, leiderdorp, zoeterwoude, leiden):
    contact_zonder_dossier(other_professional, regio, zoeterwoude, d(12, 31), 30)
    contact_zonder_dossier(other_professional, regio, leiderdorp, date(JAAR + 1, 1, 2), 500)  # next year
    contact_zonder_dossier(other_professional, regio, leiden, d(5, 5), 500)  # a gemeente the team does not serve
    assert (fte_voor(leiderdorp, JAAR), fte_voor(zoeterwoude, JAAR), fte_voor(leiden, JAAR)) == (Decimal("0"), Decimal("12.6"), Decimal("10.8"))


def test_teams_serving_one_gemeente_add_up(regio, team, leiderdorp):
    team.gemeenten.add(leiderdorp)  # Noord serves Leiderdorp too: no minutes, so 10.8 / 2 there
    assert fte_voor(leiderdorp, JAAR) == Decimal("5.4") + Decimal("6.3")


def test_no_formation_for_the_year_is_none_not_zero(regio, leiderdorp):
    assert fte_voor(leiderdorp, JAAR - 1) is None


def test_the_spread_per_team_for_the_verantwoording(regio, other_professional, leiderdorp, zoeterwoude):
    contact_zonder_dossier(other_professional, regio, zoeterwoude, d(4, 1), 45)
    assert fte_verdeling(JAAR, zoeterwoude) == [
        FteAandeel(regio.pk, "JGT Leiderdorp/Zoeterwoude", "0638", Decimal("12.60"), Decimal("45"), Decimal("12.6")),
    ]
    assert [(a.team, a.gemeente, a.fte) for a in fte_verdeling(JAAR)] == [
        ("JGT Leiden Noord", "0546", Decimal("10.8")),
        ("JGT Leiderdorp/Zoeterwoude", "0547", Decimal("0")),
        ("JGT Leiderdorp/Zoeterwoude", "0638", Decimal("12.6")),
    ]
