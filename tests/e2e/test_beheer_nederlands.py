"""The beheer site in the browser (issue 11): the texts the admin's JavaScript writes (the two-list selector of teams
and gemeenten) are Dutch too, and so is the page as it stands after the script ran."""

from tests.e2e.helpers import E2E, login
from tests.jgt_registratie.test_beheer_nederlands import engels_op

pytestmark = E2E


def test_the_team_selector_on_a_new_user_speaks_dutch(page, beheerder, team):
    login(page, beheerder)
    page.goto("/beheer/jgt_registratie/user/add/")
    page.get_by_role("button", name="Alle teams kiezen").wait_for()
    assert page.get_by_role("button", name="Alle gemeenten kiezen").count() == 1
    assert page.get_by_role("button", name="Alle teams verwijderen").count() == 1
    assert page.locator("#id_teams_input").get_attribute("placeholder") == "Filter"
    assert engels_op(page.content()) == []


def test_the_team_page_after_its_script_ran_has_no_english(page, beheerder, team):
    login(page, beheerder)
    page.goto(f"/beheer/jgt_registratie/team/{team.pk}/change/")
    page.get_by_role("button", name="Alle gemeenten kiezen").wait_for()
    assert engels_op(page.content()) == []
