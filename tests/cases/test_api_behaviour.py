"""The case API's contract (API.md) beyond access rights: shapes, errors, ETag, idempotency, paging."""

from datetime import timedelta

import pytest

from cases.models import Contact, Dossier, Jeugdige
from jgt_registratie.models import AuditLog
from tests.builders import OTHER_VALID_BSN, VALID_BSN, active_dossier, days_ago, make_dossier, make_jeugdige, snapshot, today

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def params(response):
    return {(p["name"], p["code"]) for p in response.json()["invalidParams"]}


def contact_body(team, **kw):
    return {"team": team.pk, "datum": today().isoformat(), "duurMinuten": 15, "vorm": "telefonisch", "hulpsoort": "preventief",
            "probleemcategorieen": ["scheiding"], "gemeente": "0546", "leeftijdsklasse": "12-17", **kw}


def test_post_jeugdige_returns_201_with_location(api, professional, team, leiden):
    response = api(professional).post("/api/v1/jeugdigen", {"bsn": VALID_BSN, "geboortedatum": "2013-02-03", "geslacht": "M",
                                                            "postcode": "2312AB", "gemeente": "0546", "team": team.pk}, format="json")
    assert response.status_code == 201
    assert response["Location"] == f"/api/v1/jeugdigen/{response.json()['id']}"
    assert response.json()["postcode"] == "2312AB"


def test_known_bsn_gives_409_with_existing_id(api, professional, team, leiden):
    existing = make_jeugdige(professional, team, leiden, bsn=OTHER_VALID_BSN)
    response = api(professional).post("/api/v1/jeugdigen", {"bsn": OTHER_VALID_BSN, "geboortedatum": "2013-02-03", "geslacht": "M",
                                                            "gemeente": "0546", "team": team.pk}, format="json")
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert response.json()["bestaandId"] == str(existing.pk)
    assert Jeugdige.objects.count() == 1


def test_wrong_bsn_is_400_with_dutch_invalid_params(api, professional, team, leiden):
    response = api(professional).post("/api/v1/jeugdigen", {"bsn": "123456789", "geboortedatum": "2013-02-03", "geslacht": "M",
                                                            "gemeente": "0546", "team": team.pk}, format="json")
    body = response.json()
    assert (response.status_code, response["Content-Type"], body["status"]) == (400, PROBLEM, 400)
    assert params(response) == {("bsn", "ongeldig_bsn")}
    assert "elfproef" in body["invalidParams"][0]["reason"]
    assert Jeugdige.objects.count() == 0


def test_malformed_json_is_400_problem(api, professional):
    response = api(professional).post("/api/v1/contacten", "{niet: json", content_type="application/json")
    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)


def test_malformed_json_has_a_dutch_detail(api, professional):
    response = api(professional).post("/api/v1/contacten", "{niet: json", content_type="application/json")
    assert response.json()["detail"] == "De inhoud van het verzoek is geen geldige JSON."


def test_unknown_field_is_refused_not_ignored(api, professional, team, leiden):
    response = api(professional).post("/api/v1/contacten", contact_body(team, duur=15), format="json")
    assert response.status_code == 400
    assert ("duur", "onbekend_veld") in params(response)
    assert Contact.objects.count() == 0


def test_missing_and_wrong_fields_are_all_reported(api, professional, team):
    response = api(professional).post("/api/v1/contacten", {"team": team.pk, "datum": "gisteren", "vorm": "duif"}, format="json")
    names = {name for name, _ in params(response)}
    assert {"datum", "vorm", "duurMinuten", "hulpsoort", "probleemcategorieen"} <= names
    assert all(p["reason"] for p in response.json()["invalidParams"])


def test_contact_over_24_hours_is_400(api, professional, team, leiden):
    response = api(professional).post("/api/v1/contacten", contact_body(team, duurMinuten=1500), format="json")
    assert response.status_code == 400
    assert "duurMinuten" in {name for name, _ in params(response)}


def test_registration_time_up_to_an_hour_is_stored(api, professional, team, leiden):
    response = api(professional).post("/api/v1/contacten", contact_body(team, registratieduurSeconden=3600), format="json")
    assert (response.status_code, response.json()["registratieduurSeconden"]) == (201, 3600)


def test_negative_registration_time_is_400(api, professional, team, leiden):
    response = api(professional).post("/api/v1/contacten", contact_body(team, registratieduurSeconden=-1), format="json")
    assert (response.status_code, params(response)) == (400, {("registratieduurSeconden", "min_value")})
    assert Contact.objects.count() == 0


@pytest.mark.parametrize("seconds", [3601, 10**9])
def test_registration_time_over_an_hour_is_accepted_as_1_0_did_but_stored_as_not_measured(api, professional, team, leiden, seconds):
    response = api(professional).post("/api/v1/contacten", contact_body(team, registratieduurSeconden=seconds), format="json")
    assert (response.status_code, response.json()["registratieduurSeconden"]) == (201, None)
    assert Contact.objects.get().registratieduur_seconden is None


def test_contact_without_dossier_created(api, professional, team, leiden):
    response = api(professional).post("/api/v1/contacten", contact_body(team), format="json")
    assert response.status_code == 201
    assert {k: response.json()[k] for k in ("dossier", "gemeente", "leeftijdsklasse", "notitie")} == {
        "dossier": None, "gemeente": "0546", "leeftijdsklasse": "12-17", "notitie": ""}


def test_contact_with_dossier_activates_it(api, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    body = contact_body(team, dossier=str(dossier.pk), hulpsoort="licht")
    del body["gemeente"], body["leeftijdsklasse"]
    assert api(professional).post("/api/v1/contacten", body, format="json").status_code == 201
    assert Dossier.objects.get(pk=dossier.pk).status == "actief"


def test_contact_for_other_teams_dossier_is_400_and_reveals_nothing(api, professional, other_professional, other_team, leiderdorp, team):
    foreign = make_dossier(other_professional, other_team, leiderdorp)
    body = contact_body(team, dossier=str(foreign.pk))
    del body["gemeente"], body["leeftijdsklasse"]
    response = api(professional).post("/api/v1/contacten", body, format="json")
    assert params(response) == {("dossier", "onbekend_dossier")}


def test_idempotency_key_replays_same_contact(api, professional, team, leiden):
    client = api(professional)
    first = client.post("/api/v1/contacten", contact_body(team), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    second = client.post("/api/v1/contacten", contact_body(team), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["id"] == first.json()["id"]
    assert Contact.objects.count() == 1


def test_idempotency_key_with_other_body_is_409(api, professional, team, leiden):
    client = api(professional)
    client.post("/api/v1/contacten", contact_body(team), format="json", HTTP_IDEMPOTENCY_KEY="abc-2")
    response = client.post("/api/v1/contacten", contact_body(team, duurMinuten=20), format="json", HTTP_IDEMPOTENCY_KEY="abc-2")
    assert (response.status_code, response["Content-Type"]) == (409, PROBLEM)
    assert Contact.objects.count() == 1


def test_dossier_get_has_etag_history_and_periods(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    response = api(professional).get(f"/api/v1/dossiers/{dossier.pk}")
    body = response.json()
    assert response["ETag"] == dossier.etag
    assert [h["naar"] for h in body["statusgeschiedenis"]] == ["aangemeld", "actief"]
    assert body["hulpperiodes"] == [{"start": days_ago(30).isoformat(), "einde": None, "hulpsoort": "licht",
                                     "probleemcategorieen": ["opvoeding"], "eindeDoor": "", "redenBeeindiging": "",
                                     "doelenBereikt": "", "tevredenheid": None, "zonderHulpVerder": "",
                                     "actiefSinds": days_ago(30).isoformat(), "gecorrigeerdOp": None}]


def test_if_match_current_etag_allows_write_and_returns_new_etag(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(professional).patch(f"/api/v1/dossiers/{dossier.pk}", {"hulpsoort": "zwaar"}, format="json", HTTP_IF_MATCH=dossier.etag)
    assert response.status_code == 200
    assert response["ETag"] != dossier.etag
    assert response.json()["hulpsoort"] == "zwaar"


def test_stale_if_match_is_412_and_changes_nothing(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    client = api(professional)
    client.patch(f"/api/v1/dossiers/{dossier.pk}", {"hulpsoort": "zwaar"}, format="json")
    before = snapshot()
    response = client.post(f"/api/v1/dossiers/{dossier.pk}/waakvlam", {"evaluatiedatum": (today() + timedelta(days=30)).isoformat()},
                           format="json", HTTP_IF_MATCH=dossier.etag)
    assert (response.status_code, response["Content-Type"]) == (412, PROBLEM)
    assert snapshot() == before


def test_empty_patch_is_400_and_keeps_the_etag(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(professional).patch(f"/api/v1/dossiers/{dossier.pk}", {}, format="json")
    assert response.status_code == 400
    assert Dossier.objects.get(pk=dossier.pk).versie == dossier.versie


def test_illegal_transition_is_409_with_dutch_detail(api, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/waakvlam",
                                      {"evaluatiedatum": (today() + timedelta(days=30)).isoformat()}, format="json")
    assert (response.status_code, response["Content-Type"]) == (409, PROBLEM)
    assert "kan niet naar" in response.json()["detail"]


def test_professional_closing_is_403(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/afsluiten", {
        "einddatum": today().isoformat(), "redenBeeindiging": "01", "doelenBereikt": "ja", "zonderHulpVerder": "ja"}, format="json")
    assert response.status_code == 403
    assert "teamleider" in response.json()["detail"]
    assert Dossier.objects.get(pk=dossier.pk).status == "actief"


def test_teamleider_closing_before_last_contact_is_400(api, professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=5)
    response = api(teamleider).post(f"/api/v1/dossiers/{dossier.pk}/afsluiten", {
        "einddatum": days_ago(6).isoformat(), "redenBeeindiging": "01", "doelenBereikt": "ja", "zonderHulpVerder": "ja"}, format="json")
    assert response.status_code == 400
    assert ("einddatum", "einddatum_voor_laatste_contact") in params(response)


def test_dossier_list_filters_and_paginates(api, professional, team, leiden):
    for _ in range(3):
        make_dossier(professional, team, leiden)
    active_dossier(professional, team, leiden)
    client = api(professional)
    page = client.get("/api/v1/dossiers?status=aangemeld&pageSize=2").json()
    assert (page["count"], len(page["results"]), page["previous"]) == (3, 2, None)
    assert "page=2" in page["next"]
    assert client.get("/api/v1/dossiers?status=actief").json()["count"] == 1


@pytest.mark.parametrize("query", ["pageSize=501", "pageSize=0", "page=nul", "status=onzin", "jeugdige=geen-uuid"])
def test_bad_list_parameters_are_400(api, professional, team, query):
    response = api(professional).get(f"/api/v1/dossiers?{query}")
    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)


def test_misspelt_query_parameter_is_400_not_ignored(api, professional, team):
    response = api(professional).get("/api/v1/dossiers?statuss=actief")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "onbekende_parameter"


def test_dossier_list_audits_each_dossier_shown(api, professional, team, leiden):
    dossiers = [make_dossier(professional, team, leiden) for _ in range(2)]
    api(professional).get("/api/v1/dossiers")
    rows = AuditLog.objects.filter(action="lezen", object_type="dossier", username="alice", result="ok")
    assert sorted(rows.values_list("object_id", flat=True)) == sorted(str(d.pk) for d in dossiers)


def test_dossier_list_query_count_does_not_grow_with_dossiers(api, professional, team, leiden, django_assert_max_num_queries):
    for _ in range(12):
        active_dossier(professional, team, leiden)
    with django_assert_max_num_queries(16):
        assert api(professional).get("/api/v1/dossiers").json()["count"] == 12


def test_contact_list_filters_by_period(api, professional, team, leiden):
    client = api(professional)
    client.post("/api/v1/contacten", contact_body(team, datum=days_ago(10).isoformat()), format="json")
    client.post("/api/v1/contacten", contact_body(team, datum=days_ago(2).isoformat()), format="json")
    assert client.get(f"/api/v1/contacten?vanaf={days_ago(5).isoformat()}").json()["count"] == 1


def test_unknown_api_url_is_problem_404(api, professional):
    response = api(professional).get("/api/v1/bestaat-niet")
    assert (response.status_code, response["Content-Type"]) == (404, PROBLEM)
    assert response["API-Version"] == "1.1.0"


def test_trailing_slash_is_not_an_alias(api, professional):
    assert api(professional).get("/api/v1/dossiers/").status_code == 404
