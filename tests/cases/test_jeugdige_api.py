"""POST /jeugdigen with birth-date precision and unborn children, and the address history (API.md 1.1: GET and POST
/jeugdigen/{id}/adressen): shapes, Dutch refusals, and that a refused request changes nothing."""

from datetime import date, timedelta

import pytest

from cases.models import Adres, Correctie, Jeugdige
from jgt_registratie.models import AuditLog
from tests.builders import days_ago, make_jeugdige, make_move, snapshot, today

pytestmark = pytest.mark.django_db
API = "/api/v1"


def params(response):
    return {(p["name"], p["code"]) for p in response.json()["invalidParams"]}


def register(client, team, **fields):
    body = {"geslacht": "V", "gemeente": "0546", "team": team.pk, **fields}
    return client.post(f"{API}/jeugdigen", body, format="json")


# --- birth dates -------------------------------------------------------------------------------------------------------


def test_a_1_0_body_still_registers_and_the_response_shows_all_four_birth_fields(api, professional, team, leiden):
    response = register(api(professional), team, geboortedatum="2013-02-03", postcode="2312AB")
    body = response.json()
    assert response.status_code == 201
    assert (body["geboortedatum"], body["geboortedatumPrecisie"], body["ongeboren"], body["verwachteGeboortedatum"]) == (
        "2013-02-03", "dag", False, None)
    assert (body["postcode"], body["gemeente"]) == ("2312AB", "0546")


@pytest.mark.parametrize(("precisie", "opgeslagen"), [("maand", "2013-02-01"), ("jaar", "2013-01-01")])
def test_unknown_parts_of_the_birth_date_are_stored_as_1(api, professional, team, leiden, precisie, opgeslagen):
    response = register(api(professional), team, geboortedatum="2013-02-17", geboortedatumPrecisie=precisie)
    assert response.status_code == 201
    assert (response.json()["geboortedatum"], response.json()["geboortedatumPrecisie"]) == (opgeslagen, precisie)


def test_an_unborn_child_has_no_birth_date_and_an_expected_one(api, professional, team, leiden):
    verwacht = today() + timedelta(days=120)
    response = register(api(professional), team, ongeboren=True, verwachteGeboortedatum=verwacht.isoformat())
    body = response.json()
    assert response.status_code == 201
    assert (body["geboortedatum"], body["ongeboren"], body["verwachteGeboortedatum"]) == (None, True, verwacht.isoformat())
    assert api(professional).get(f"{API}/jeugdigen/{body['id']}").json()["ongeboren"] is True


@pytest.mark.parametrize(("fields", "expected"), [
    ({"ongeboren": True, "geboortedatum": "2013-02-03", "verwachteGeboortedatum": "2027-01-01"},
     {("geboortedatum", "ongeboren_met_geboortedatum")}),
    ({"ongeboren": True}, {("verwachteGeboortedatum", "verplicht")}),
    ({"geboortedatum": "2013-02-03", "verwachteGeboortedatum": "2027-01-01"}, {("verwachteGeboortedatum", "alleen_ongeboren")}),
    ({}, {("geboortedatum", "verplicht")}),
    ({"geboortedatum": "2013-02-03", "geboortedatumPrecisie": "week"}, {("geboortedatumPrecisie", "invalid_choice")}),
])
def test_inconsistent_birth_fields_are_400_and_register_nothing(api, professional, team, leiden, fields, expected):
    response = register(api(professional), team, **fields)
    assert (response.status_code, params(response)) == (400, expected)
    assert Jeugdige.objects.count() == 0


@pytest.mark.parametrize(("verwacht", "code"), [(days_ago(-320), "te_ver_vooruit"), (days_ago(60), "verwacht_verstreken")])
def test_an_expected_birth_date_out_of_bounds_is_refused_in_dutch(api, professional, team, leiden, verwacht, code):
    response = register(api(professional), team, ongeboren=True, verwachteGeboortedatum=verwacht.isoformat())
    assert (response.status_code, params(response)) == (400, {("verwachteGeboortedatum", code)})
    assert Jeugdige.objects.count() == 0


def test_a_birth_date_in_the_future_points_to_the_expected_date(api, professional, team, leiden):
    response = register(api(professional), team, geboortedatum=(today() + timedelta(days=3)).isoformat())
    assert params(response) == {("geboortedatum", "datum_in_toekomst")}
    assert "verwachte geboortedatum" in response.json()["invalidParams"][0]["reason"]


# --- address history ---------------------------------------------------------------------------------------------------


def move(client, jeugdige, **fields):
    body = {"postcode": "2351AB", "gemeente": "0547", "geldigVanaf": days_ago(30).isoformat(), **fields}
    return client.post(f"{API}/jeugdigen/{jeugdige.pk}/adressen", body, format="json")


def test_a_new_jeugdige_has_one_address_from_the_start(api, professional, team, leiden):
    kid = make_jeugdige(professional, team, leiden, postcode="2311AB")
    response = api(professional).get(f"{API}/jeugdigen/{kid.pk}/adressen")
    assert (response.status_code, response.json()) == (200, [{"postcode": "2311AB", "gemeente": "0546", "geldigVanaf": None}])


def test_a_move_keeps_the_old_address_and_changes_the_current_one(api, professional, team, leiden, leiderdorp):
    kid = make_jeugdige(professional, team, leiden, postcode="2311AB")
    client = api(professional)
    response = move(client, kid)
    assert response.status_code == 201
    assert response.json() == {"postcode": "2351AB", "gemeente": "0547", "geldigVanaf": days_ago(30).isoformat()}
    assert client.get(f"{API}/jeugdigen/{kid.pk}/adressen").json() == [
        {"postcode": "2311AB", "gemeente": "0546", "geldigVanaf": None},
        {"postcode": "2351AB", "gemeente": "0547", "geldigVanaf": days_ago(30).isoformat()},
    ]
    current = client.get(f"{API}/jeugdigen/{kid.pk}").json()
    assert (current["postcode"], current["gemeente"]) == ("2351AB", "0547")


def test_a_backdated_move_between_two_addresses_does_not_change_the_current_one(api, professional, team, leiden, leiderdorp):
    kid = make_jeugdige(professional, team, leiden, postcode="2311AB")
    make_move(professional, kid, leiderdorp, days_ago(10), "2351AB")
    assert move(api(professional), kid, postcode="2312CD", gemeente="0546", geldigVanaf=days_ago(100).isoformat()).status_code == 201
    kid = Jeugdige.objects.prefetch_related("adressen").get(pk=kid.pk)
    assert (kid.huidig_adres.postcode, kid.adres_op(days_ago(50)).postcode, kid.adres_op(days_ago(200)).postcode) == (
        "2351AB", "2312CD", "2311AB")


def test_a_move_is_a_correction_from_its_date_on_and_is_audited(api, professional, team, leiden, leiderdorp):
    """The new address holds from its date until a later known move, else from then on: every report of those days changes."""
    kid = make_jeugdige(professional, team, leiden)
    move(api(professional), kid)
    move(api(professional), kid, postcode="2312CD", gemeente="0546", geldigVanaf=days_ago(100).isoformat())  # backdated, before it
    assert list(Correctie.objects.order_by("id").values_list("soort", "datum_van", "datum_tot", "jeugdige_id", "door_id")) == [
        ("verhuizing", days_ago(30), date.max, kid.pk, professional.pk),
        ("verhuizing", days_ago(100), days_ago(31), kid.pk, professional.pk)]
    assert AuditLog.objects.filter(action="verhuizing_vastleggen", object_type="jeugdige", object_id=str(kid.pk), result="ok").count() == 2


def test_reading_the_addresses_is_an_audited_read(api, professional, team, leiden):
    kid = make_jeugdige(professional, team, leiden)
    api(professional).get(f"{API}/jeugdigen/{kid.pk}/adressen")
    assert AuditLog.objects.filter(action="lezen", object_type="jeugdige", object_id=str(kid.pk)).count() == 1


@pytest.mark.parametrize(("fields", "expected"), [
    ({"geldigVanaf": days_ago(-2).isoformat()}, {("geldigVanaf", "datum_in_toekomst")}),
    ({"geldigVanaf": "2012-03-31"}, {("geldigVanaf", "voor_geboorte")}),
    ({"gemeente": "9999"}, {("gemeente", "onbekende_gemeente")}),
    ({"postcode": "0123AB"}, {("postcode", "ongeldige_postcode")}),
    ({"postcode": "2311AB", "gemeente": "0546"}, {("postcode", "geen_verhuizing")}),
])
def test_a_bad_move_is_400_and_changes_nothing(api, professional, team, leiden, leiderdorp, fields, expected):
    kid = make_jeugdige(professional, team, leiden, postcode="2311AB", geboortedatum=date(2012, 4, 1))
    before = snapshot()
    response = move(api(professional), kid, **fields)
    assert (response.status_code, params(response)) == (400, expected)
    assert snapshot() == before


def test_a_second_address_on_the_same_date_is_409_in_dutch_and_changes_nothing(api, professional, team, leiden, leiderdorp):
    kid = make_jeugdige(professional, team, leiden)
    make_move(professional, kid, leiderdorp, days_ago(30))
    before = snapshot()
    response = move(api(professional), kid, gemeente="0546", postcode="")
    assert response.status_code == 409 and "begint al een adres" in response.json()["detail"]
    assert snapshot() == before and Adres.objects.filter(jeugdige=kid).count() == 2
