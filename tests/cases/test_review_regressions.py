"""Regressions found in review: each test failed before its fix."""

from datetime import timedelta

import pytest

from cases import services
from cases.models import Dossier, Hulpperiode
from jgt_registratie.errors import Conflict, Forbidden, InvalidInput
from jgt_registratie.models import AuditLog, User
from tests.builders import OTHER_VALID_BSN, active_dossier, days_ago, make_contact, make_dossier, make_jeugdige, snapshot, today

pytestmark = pytest.mark.django_db


def close(teamleider, dossier, einddatum):
    return services.dossier_close(user=teamleider, dossier=dossier, einddatum=einddatum, reden_beeindiging="01",
                                  doelen_bereikt="ja", zonder_hulp_verder="ja")


def test_activeren_does_not_reopen_a_closed_dossier(professional, teamleider, team, leiden):
    dossier = close(teamleider, active_dossier(professional, team, leiden), today())
    with pytest.raises(Conflict):
        services.dossier_activate(user=teamleider, dossier=dossier)
    assert Dossier.objects.get(pk=dossier.pk).status == "afgesloten"


def test_professional_cannot_use_heropenen_on_a_waakvlam_dossier(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=20)
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(5), evaluatiedatum=today() + timedelta(days=30))
    with pytest.raises(Forbidden):
        services.dossier_reopen(user=professional, dossier=dossier, datum=today())


def test_waakvlam_cannot_start_before_the_last_contact(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=55)
    make_contact(professional, team, dossier=dossier, datum=days_ago(20), hulpsoort="zwaar")
    with pytest.raises(InvalidInput) as info:
        services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(50), evaluatiedatum=days_ago(50) + timedelta(days=60))
    assert ("datum", "datum_voor_laatste_contact") in {(f, c) for f, c, _ in info.value.errors}


def test_earlier_help_contact_moves_an_explicit_activation_back(professional, team, leiden):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=days_ago(100))
    services.dossier_activate(user=professional, dossier=dossier, datum=days_ago(50))
    make_contact(professional, team, dossier=dossier, datum=days_ago(80), hulpsoort="zwaar")
    period = Hulpperiode.objects.get(dossier=dossier)
    assert (period.start, period.hulpsoort, period.aantal_contacten) == (days_ago(80), "zwaar", 1)


def test_no_contact_dated_before_a_reopening(professional, teamleider, team, leiden):
    dossier = close(teamleider, active_dossier(professional, team, leiden, since=55), days_ago(40))
    dossier = services.dossier_reopen(user=teamleider, dossier=dossier, datum=days_ago(10))
    before = snapshot()
    with pytest.raises(InvalidInput) as info:
        make_contact(professional, team, dossier=dossier, datum=days_ago(30), hulpsoort="zwaar")
    assert ("datum", "datum_voor_heropening") in {(f, c) for f, c, _ in info.value.errors}
    assert snapshot() == before


def test_categories_of_a_period_come_from_contacts_within_it(professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    make_contact(professional, team, dossier=dossier, datum=days_ago(10), hulpsoort="preventief", probleemcategorieen=["middelen"])
    close(teamleider, dossier, today())
    assert Hulpperiode.objects.get(dossier=dossier).probleemcategorieen == ["opvoeding"]


def test_a_refused_write_is_audited_with_its_result(professional, team, leiden):
    make_jeugdige(professional, team, leiden, bsn=OTHER_VALID_BSN)
    with pytest.raises(Conflict):
        make_jeugdige(professional, team, leiden, bsn=OTHER_VALID_BSN)
    entry = AuditLog.objects.filter(action="jeugdige_registreren").order_by("-id").first()
    assert (entry.result, entry.detail["status"]) == ("conflict", 409)


def test_invalid_input_is_audited_with_the_fields(professional, team, leiden):
    with pytest.raises(InvalidInput):
        make_jeugdige(professional, team, leiden, bsn="123456789")
    entry = AuditLog.objects.get(action="jeugdige_registreren")
    assert (entry.result, entry.detail["velden"]) == ("ongeldig", ["bsn"])


def test_probe_of_another_teams_dossier_is_audited(api, professional, other_professional, other_team, leiderdorp, team):
    foreign = make_dossier(other_professional, other_team, leiderdorp)
    body = {"team": team.pk, "dossier": str(foreign.pk), "datum": today().isoformat(), "duurMinuten": 10, "vorm": "email",
            "hulpsoort": "licht", "probleemcategorieen": []}
    assert api(professional).post("/api/v1/contacten", body, format="json").status_code == 400
    assert AuditLog.objects.filter(username="alice", object_id=str(foreign.pk), result="niet_gevonden").count() == 1


def test_misspelt_query_parameter_is_400_not_ignored(api, professional, team):
    response = api(professional).get("/api/v1/dossiers?statuss=actief")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "onbekende_parameter"


def test_empty_patch_is_400_and_keeps_the_etag(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(professional).patch(f"/api/v1/dossiers/{dossier.pk}", {}, format="json")
    assert response.status_code == 400
    assert Dossier.objects.get(pk=dossier.pk).versie == dossier.versie


def test_malformed_json_has_a_dutch_detail(api, professional):
    response = api(professional).post("/api/v1/contacten", "{niet: json", content_type="application/json")
    assert response.json()["detail"] == "De inhoud van het verzoek is geen geldige JSON."


def test_failed_web_login_is_audited(client, professional):
    client.post("/inloggen", {"username": "alice", "password": "fout-wachtwoord"})
    assert AuditLog.objects.filter(action="inloggen", result="geweigerd", detail__gebruikersnaam="alice").count() == 1


@pytest.mark.usefixtures("production_password_hashers")
def test_beheer_stores_a_new_users_password_hashed_and_never_shows_it(client, beheerder, team):
    client.force_login(beheerder)
    response = client.post("/beheer/jgt_registratie/user/add/", {
        "username": "nieuw", "usable_password": "true", "password1": "een-lang-wachtwoord-42", "password2": "een-lang-wachtwoord-42",
        "role": "professional", "teams": [team.pk]})
    assert response.status_code == 302
    user = User.objects.get(username="nieuw")
    assert user.password.startswith("argon2") and user.check_password("een-lang-wachtwoord-42")
    page = client.get(f"/beheer/jgt_registratie/user/{user.pk}/change/").content.decode()
    assert 'name="password"' not in page
