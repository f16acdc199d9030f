"""Inzet on contacts and the end of help at waakvlam (definitions 2027.1, API.md "Additions in 1.1"):
services and API. The web forms are in tests/web/test_inzet_en_waakvlam.py."""

from datetime import timedelta

import pytest

from cases import services
from cases.models import Contact, Dossier, StatusWijziging
from jgt_registratie.errors import InvalidInput
from tests.builders import active_dossier, days_ago, make_contact, make_dossier, snapshot, today

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def contact_body(team, **kw):
    return {"team": team.pk, "datum": today().isoformat(), "duurMinuten": 15, "vorm": "telefonisch", "hulpsoort": "preventief",
            "probleemcategorieen": ["scheiding"], "gemeente": "0546", "leeftijdsklasse": "12-17", **kw}


def waakvlam_change(dossier) -> StatusWijziging:
    return StatusWijziging.objects.get(dossier=dossier, naar="waakvlam")


def outcome(change: StatusWijziging) -> tuple:
    return (change.reden_beeindiging, change.doelen_bereikt, change.tevredenheid, change.zonder_hulp_verder)


# --- inzet: the service ------------------------------------------------------------------------------------


def test_service_stores_the_inzet_given(professional, team, leiden):
    contact = make_contact(professional, team, gemeente=leiden, leeftijdsklasse="4-11", inzet="toegang")
    assert Contact.objects.get(pk=contact.pk).inzet == "toegang"


def test_service_inzet_defaults_to_hulp(professional, team, leiden):
    contact = make_contact(professional, team, gemeente=leiden, leeftijdsklasse="4-11")
    assert Contact.objects.get(pk=contact.pk).inzet == "hulp"


def test_service_refuses_an_unknown_inzet_in_dutch_and_stores_nothing(professional, team, leiden):
    before = snapshot()
    with pytest.raises(InvalidInput) as info:
        make_contact(professional, team, gemeente=leiden, leeftijdsklasse="4-11", inzet="coaching")
    assert [(f, c, r) for f, c, r in info.value.errors] == [
        ("inzet", "ongeldige_keuze", "Ongeldige inzet 'coaching'. Kies uit: hulp, advies, toegang, regie.")]
    assert snapshot() == before


def test_idempotent_service_stores_the_inzet_and_defaults_to_hulp(professional, team, leiden):
    fields = {"team": team, "datum": today(), "duur_minuten": 10, "vorm": "telefonisch", "hulpsoort": "licht", "probleemcategorieen": [],
              "gemeente": leiden, "leeftijdsklasse": "4-11"}
    regie, _ = services.contact_register_idempotent(user=professional, key="k-1", body_hash="a", inzet="regie", **fields)
    standaard, _ = services.contact_register_idempotent(user=professional, key="k-2", body_hash="b", **fields)
    assert (Contact.objects.get(pk=regie.pk).inzet, Contact.objects.get(pk=standaard.pk).inzet) == ("regie", "hulp")


# --- inzet: the API -----------------------------------------------------------------------------------------


def test_api_contact_without_inzet_is_hulp_as_in_1_0(api, professional, team, leiden):
    response = api(professional).post("/api/v1/contacten", contact_body(team), format="json")
    assert (response.status_code, response.json()["inzet"], Contact.objects.get().inzet) == (201, "hulp", "hulp")


@pytest.mark.parametrize("inzet", ["hulp", "advies", "toegang", "regie"])
def test_api_contact_stores_and_shows_each_inzet(api, professional, team, leiden, inzet):
    response = api(professional).post("/api/v1/contacten", contact_body(team, inzet=inzet), format="json")
    assert (response.status_code, response.json()["inzet"], Contact.objects.get().inzet) == (201, inzet, inzet)


def test_api_unknown_inzet_is_400_in_dutch_and_stores_nothing(api, professional, team, leiden):
    before = snapshot()
    response = api(professional).post("/api/v1/contacten", contact_body(team, inzet="coaching"), format="json")
    body = response.json()
    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)
    assert [(p["name"], p["code"]) for p in body["invalidParams"]] == [("inzet", "invalid_choice")]
    assert body["invalidParams"][0]["reason"] == "Ongeldige inzet 'coaching'. Kies uit: hulp, advies, toegang, regie."
    assert snapshot() == before


def test_api_every_contact_representation_shows_inzet(api, professional, team, leiden):
    contact = make_contact(professional, team, gemeente=leiden, leeftijdsklasse="4-11", inzet="advies")
    client = api(professional)
    one = client.get(f"/api/v1/contacten/{contact.pk}").json()
    listed = client.get("/api/v1/contacten").json()["results"]
    assert (one["inzet"], [c["inzet"] for c in listed]) == ("advies", ["advies"])


def test_api_contact_list_filters_by_inzet(api, professional, team, leiden):
    for inzet in ("hulp", "regie", "regie"):
        make_contact(professional, team, gemeente=leiden, leeftijdsklasse="4-11", inzet=inzet)
    client = api(professional)
    assert (client.get("/api/v1/contacten?inzet=regie").json()["count"], client.get("/api/v1/contacten?inzet=hulp").json()["count"]) == (2, 1)


def test_api_contact_list_refuses_an_unknown_inzet_filter(api, professional):
    assert api(professional).get("/api/v1/contacten?inzet=coaching").status_code == 400


# --- waakvlam ends help: the service ---------------------------------------------------------------------------


def test_waakvlam_stores_reden_and_outcome_on_the_status_change(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(5), evaluatiedatum=today() + timedelta(days=60),
                              reden_beeindiging="02", doelen_bereikt="deels", tevredenheid=4, zonder_hulp_verder="ja")
    assert outcome(waakvlam_change(dossier)) == ("02", "deels", 4, "ja")


def test_waakvlam_without_answers_is_reden_01_and_outcome_onbekend(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(5), evaluatiedatum=today() + timedelta(days=60))
    assert outcome(waakvlam_change(dossier)) == ("01", "onbekend", None, "onbekend")


def test_waakvlam_checks_reden_and_outcome_as_closure_does_and_changes_nothing(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    before = snapshot()
    with pytest.raises(InvalidInput) as info:
        services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(5), evaluatiedatum=today() + timedelta(days=60),
                                  reden_beeindiging="09", doelen_bereikt="misschien", tevredenheid=6, zonder_hulp_verder="")
    assert {(f, c) for f, c, _ in info.value.errors} == {
        ("redenBeeindiging", "ongeldige_keuze"), ("doelenBereikt", "ongeldige_keuze"), ("tevredenheid", "ongeldige_tevredenheid"),
        ("zonderHulpVerder", "ongeldige_keuze")}
    assert snapshot() == before


def test_waakvlam_reden_error_is_dutch(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    with pytest.raises(InvalidInput) as info:
        services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(5), evaluatiedatum=today() + timedelta(days=60),
                                  reden_beeindiging="09")
    assert [r for _, _, r in info.value.errors] == ["Ongeldige reden beëindiging '09'. Kies uit: 01, 02, 03, 04, 05."]


# --- waakvlam ends help: the API --------------------------------------------------------------------------------


def test_api_waakvlam_with_reden_02_and_outcome_is_stored_and_shown(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/waakvlam", {
        "datum": days_ago(5).isoformat(), "evaluatiedatum": (today() + timedelta(days=60)).isoformat(),
        "redenBeeindiging": "02", "doelenBereikt": "nee", "tevredenheid": 2, "zonderHulpVerder": "nee"}, format="json")
    shown = response.json()["statusgeschiedenis"][-1]
    assert response.status_code == 200
    assert outcome(waakvlam_change(dossier)) == ("02", "nee", 2, "nee")
    assert (shown["naar"], shown["redenBeeindiging"], shown["doelenBereikt"], shown["tevredenheid"], shown["zonderHulpVerder"]) == (
        "waakvlam", "02", "nee", 2, "nee")
    (ended,) = response.json()["hulpperiodes"]
    assert {k: ended[k] for k in ("eindeDoor", "redenBeeindiging", "doelenBereikt", "tevredenheid", "zonderHulpVerder")} == {
        "eindeDoor": "waakvlam", "redenBeeindiging": "02", "doelenBereikt": "nee", "tevredenheid": 2, "zonderHulpVerder": "nee"}


def test_api_waakvlam_1_0_body_keeps_working_with_the_defaults(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/waakvlam",
                                      {"evaluatiedatum": (today() + timedelta(days=60)).isoformat()}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "waakvlam")
    assert outcome(waakvlam_change(dossier)) == ("01", "onbekend", None, "onbekend")


def test_api_waakvlam_with_a_wrong_reden_is_400_and_changes_nothing(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    before = snapshot()
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/waakvlam", {
        "evaluatiedatum": (today() + timedelta(days=60)).isoformat(), "redenBeeindiging": "09", "tevredenheid": 0}, format="json")
    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)
    assert {p["name"] for p in response.json()["invalidParams"]} == {"redenBeeindiging", "tevredenheid"}
    assert (snapshot(), Dossier.objects.get(pk=dossier.pk).status) == (before, "actief")


def test_api_dossier_not_in_waakvlam_shows_empty_outcome_in_its_history(api, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    first = api(professional).get(f"/api/v1/dossiers/{dossier.pk}").json()["statusgeschiedenis"][0]
    assert (first["doelenBereikt"], first["tevredenheid"], first["zonderHulpVerder"]) == ("", None, "")
