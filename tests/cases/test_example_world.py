"""EXAMPLE-WORLD.md through the real services and database: statuses and stored hulpperiodes."""

import pytest

from cases.models import Contact, Hulpperiode
from tests.builders import d
from tests.cases.example_world import build_example_world


@pytest.fixture
def world(professional, teamleider, team, leiden):
    return build_example_world(professional=professional, teamleider=teamleider, team=team, leiden=leiden)


def periods(world, kid):
    return [(p.start, p.einde, p.hulpsoort, p.einde_door, p.reden_beeindiging)
            for p in Hulpperiode.objects.filter(jeugdige=world.jeugdigen[kid]).order_by("start")]


def test_final_statuses(world):
    assert {k: v.status for k, v in world.dossiers.items()} == {
        "D1": "afgesloten", "D2": "actief", "D3": "afgesloten", "D4": "waakvlam"}


def test_a_gets_two_periods_waakvlam_is_not_help(world):
    assert periods(world, "A") == [
        (d("2019-11-05"), d("2020-01-20"), "middelzwaar", "waakvlam", "01"),
        (d("2020-05-12"), d("2020-05-12"), "licht", "afsluiting", "01"),  # 2027.1: from the hulpcontact, not the activation
    ]


def test_each_child_of_a_gezinsdossier_gets_the_period(world):
    expected = [(d("2020-04-14"), None, "zwaar", "", "")]
    assert periods(world, "B") == expected
    assert periods(world, "C") == expected


def test_preventief_only_dossier_gives_no_period(world):
    assert periods(world, "D") == []


def test_e_period_ends_at_last_help_contact(world):
    assert periods(world, "E") == [(d("2020-10-02"), d("2020-10-02"), "licht", "waakvlam", "01")]


def test_d2_became_actief_at_first_help_contact_automatically(world):
    history = list(world.dossiers["D2"].statusgeschiedenis.values_list("van", "naar", "datum", "automatisch"))
    assert history == [("", "aangemeld", d("2020-03-01"), False), ("aangemeld", "actief", d("2020-04-14"), True)]


def test_all_nine_contacts_of_2020_and_two_without_dossier(world):
    in_2020 = Contact.objects.filter(datum__year=2020)
    assert in_2020.count() == 9
    assert in_2020.filter(dossier__isnull=True).count() == 2


def test_periods_count_contacts_within_them(world):
    p = Hulpperiode.objects.get(jeugdige=world.jeugdigen["B"])
    assert (p.aantal_contacten, p.contactminuten) == (2, 60)
    assert sorted(p.probleemcategorieen) == ["opvoeding"]


def test_p2_starts_at_its_hulpcontact_two_days_after_the_reactivation(world):
    p2 = Hulpperiode.objects.get(jeugdige=world.jeugdigen["A"], volgnummer=2)
    assert (p2.actief_sinds, p2.start, p2.doelen_bereikt, p2.tevredenheid, p2.zonder_hulp_verder, p2.gecorrigeerd_op) == (
        d("2020-05-10"), d("2020-05-12"), "ja", 5, "ja", None)
