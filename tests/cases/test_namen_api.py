"""API.md 1.1: names of jeugdigen, search (name, BSN, postcode, birth date, dossier number), PATCH /jeugdigen/{id}
and the betrokkenen of a dossier: shapes, rules, scope and audit."""

from datetime import date

import pytest

from cases.models import Betrokkene, Correctie, Jeugdige
from jgt_registratie.models import AuditLog
from jgt_registratie.pseudonyms import pseudoniem_van
from tests.builders import OTHER_VALID_BSN, VALID_BSN, make_dossier, make_jeugdige, make_move, snapshot, today

pytestmark = pytest.mark.django_db
API = "/api/v1"


def names(response):
    return sorted(j["naam"] for j in response.json()["results"])


def params(response):
    return {(p["name"], p["code"]) for p in response.json()["invalidParams"]}


@pytest.fixture
def family(professional, team, leiden):
    sven = make_jeugdige(professional, team, leiden, voornamen="Sven", tussenvoegsel="de", achternaam="Vries",
                         geboortedatum=date(2012, 1, 21), postcode="2315AB", bsn=VALID_BSN)
    jose = make_jeugdige(professional, team, leiden, voornamen="José", achternaam="Ramírez", geboortedatum=date(2014, 6, 2))
    zonder = make_jeugdige(professional, team, leiden, geboortedatum=date(2010, 3, 3))
    return sven, jose, zonder


# --- names -----------------------------------------------------------------------------------------------------------


def test_post_takes_the_three_name_parts_and_shows_the_full_name(api, professional, team, leiden):
    response = api(professional).post(f"{API}/jeugdigen", {"geslacht": "M", "gemeente": "0546", "team": team.pk, "geboortedatum": "2012-01-21",
                                                          "voornamen": "Sven", "tussenvoegsel": "de", "achternaam": "Vries"}, format="json")
    body = response.json()
    assert response.status_code == 201
    assert (body["voornamen"], body["tussenvoegsel"], body["achternaam"], body["naam"]) == ("Sven", "de", "Vries", "Sven de Vries")


def test_a_1_0_body_without_names_registers_without_a_name(api, professional, team, leiden):
    response = api(professional).post(f"{API}/jeugdigen", {"geslacht": "M", "gemeente": "0546", "team": team.pk,
                                                          "geboortedatum": "2012-01-21"}, format="json")
    assert (response.status_code, response.json()["naam"]) == (201, "")


# --- search ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("q", "expected"), [
    ("de vries", ["Sven de Vries"]),
    ("DE VRIES", ["Sven de Vries"]),
    ("vrie", ["Sven de Vries"]),
    ("jose", ["José Ramírez"]),
    ("ramirez", ["José Ramírez"]),
    (VALID_BSN, ["Sven de Vries"]),
    ("2315", ["Sven de Vries"]),
    ("2315 ab", ["Sven de Vries"]),
    ("21-01-2012", ["Sven de Vries"]),
    ("2014-06-02", ["José Ramírez"]),
    ("pietersen", []),
])
def test_jeugdigen_are_found_by_name_bsn_postcode_and_birth_date(api, professional, family, q, expected):
    response = api(professional).get(f"{API}/jeugdigen", {"q": q})
    assert (response.status_code, names(response)) == (200, expected)


def test_the_postcode_search_uses_the_current_address(api, professional, family, leiden):
    make_move(professional, family[0], leiden, date(2024, 1, 1), postcode="2316CD")
    assert names(api(professional).get(f"{API}/jeugdigen", {"q": "2315"})) == []


def test_a_dossier_is_found_by_a_name_of_its_jeugdigen_and_by_its_short_number(api, professional, team, leiden, family):
    dossier = make_dossier(professional, team, leiden, jeugdigen=[family[0], family[1]])
    make_dossier(professional, team, leiden, jeugdigen=[family[2]])
    by_name = api(professional).get(f"{API}/dossiers", {"q": "jose"}).json()["results"]
    by_number = api(professional).get(f"{API}/dossiers", {"q": str(dossier.pk)[:8]}).json()["results"]
    assert ([d["id"] for d in by_name], [d["id"] for d in by_number]) == ([str(dossier.pk)], [str(dossier.pk)])


def test_search_stays_inside_the_users_teams(api, other_professional, family):
    assert names(api(other_professional).get(f"{API}/jeugdigen", {"q": "de vries"})) == []


def test_every_jeugdige_found_is_audited_as_read(api, professional, family):
    api(professional).get(f"{API}/jeugdigen", {"q": "de vries"})
    assert AuditLog.objects.filter(action="lezen", object_type="jeugdige", object_id=str(family[0].pk)).count() == 1


# --- PATCH /jeugdigen/{id} -------------------------------------------------------------------------------------------


def test_patch_corrects_the_name_and_the_search_finds_the_new_one(api, professional, family):
    response = api(professional).patch(f"{API}/jeugdigen/{family[2].pk}", {"voornamen": "Ätze", "achternaam": "Bakker"}, format="json")
    assert (response.status_code, response.json()["naam"]) == (200, "Ätze Bakker")
    assert names(api(professional).get(f"{API}/jeugdigen", {"q": "atze"})) == ["Ätze Bakker"]


def test_patch_of_a_name_is_audited_with_the_changed_fields_masked(api, professional, family):
    api(professional).patch(f"{API}/jeugdigen/{family[0].pk}", {"achternaam": "Visser"}, format="json")
    row = AuditLog.objects.get(action="jeugdige_wijzigen", object_id=str(family[0].pk))
    assert row.detail == {"oud": {"achternaam": "*********"}, "nieuw": {"achternaam": "*********"}}


def test_patch_of_the_birth_date_and_geslacht_is_a_correction_with_old_and_new_values(api, professional, family):
    response = api(professional).patch(f"{API}/jeugdigen/{family[1].pk}", {"geboortedatum": "2014-06-12", "geslacht": "M"}, format="json")
    row = AuditLog.objects.get(action="jeugdige_wijzigen", object_id=str(family[1].pk))
    correctie = Correctie.objects.get(soort="jeugdige_gewijzigd", jeugdige=family[1])
    assert response.status_code == 200
    assert (row.detail["oud"]["geboortedatum"], row.detail["nieuw"]["geboortedatum"]) == ("2014-06-02", "2014-06-12")
    assert (correctie.datum_van, correctie.datum_tot, row.detail["correctie"]) == (today(), today(), correctie.pk)


def test_a_birth_date_correction_covers_every_period_since_the_first_aanmelding(api, professional, team, leiden, family):
    make_dossier(professional, team, leiden, jeugdigen=[family[1]], aanmelddatum=date(2024, 3, 4))
    api(professional).patch(f"{API}/jeugdigen/{family[1].pk}", {"geboortedatum": "2014-06-12"}, format="json")
    correctie = Correctie.objects.get(soort="jeugdige_gewijzigd", jeugdige=family[1])
    assert (correctie.datum_van, correctie.datum_tot) == (date(2024, 3, 4), today())


def test_a_name_change_is_no_correction_of_the_figures(api, professional, family):
    api(professional).patch(f"{API}/jeugdigen/{family[0].pk}", {"voornamen": "Sverre"}, format="json")
    assert Correctie.objects.filter(soort="jeugdige_gewijzigd").count() == 0


def test_patch_of_the_bsn_is_audited_masked(api, professional, family):
    response = api(professional).patch(f"{API}/jeugdigen/{family[1].pk}", {"bsn": OTHER_VALID_BSN}, format="json")
    row = AuditLog.objects.get(action="jeugdige_wijzigen", object_id=str(family[1].pk))
    assert (response.status_code, response.json()["bsn"]) == (200, OTHER_VALID_BSN)
    assert (row.detail["oud"], row.detail["nieuw"]) == ({"bsn": None}, {"bsn": "*********"})
    assert OTHER_VALID_BSN not in str(AuditLog.objects.values_list("detail", flat=True))


def test_a_bsn_correction_keeps_the_old_and_new_pseudonym_in_the_audit(api, professional, family):
    api(professional).patch(f"{API}/jeugdigen/{family[0].pk}", {"bsn": OTHER_VALID_BSN}, format="json")
    row = AuditLog.objects.get(action="jeugdige_wijzigen", object_id=str(family[0].pk))
    assert row.detail["pseudoniem"] == {"oud": pseudoniem_van(bsn=VALID_BSN, jeugdige_id=family[0].pk),
                                        "nieuw": pseudoniem_van(bsn=OTHER_VALID_BSN, jeugdige_id=family[0].pk)}


def test_a_bsn_correction_is_a_correction_of_every_period_since_the_first_aanmelding(api, professional, team, leiden, family):
    make_dossier(professional, team, leiden, jeugdigen=[family[0]], aanmelddatum=date(2024, 3, 4))
    api(professional).patch(f"{API}/jeugdigen/{family[0].pk}", {"bsn": OTHER_VALID_BSN}, format="json")
    correctie = Correctie.objects.get(soort="jeugdige_gewijzigd", jeugdige=family[0])
    assert (correctie.datum_van, correctie.datum_tot) == (date(2024, 3, 4), today())


def test_a_name_part_given_as_null_is_400_and_changes_nothing(api, professional, family):
    before = snapshot()
    response = api(professional).patch(f"{API}/jeugdigen/{family[0].pk}", {"tussenvoegsel": None}, format="json")
    assert (response.status_code, params(response), snapshot()) == (400, {("tussenvoegsel", "null")}, before)


def test_patch_with_a_known_bsn_is_409_with_the_existing_id_and_changes_nothing(api, professional, family):
    before = snapshot()
    response = api(professional).patch(f"{API}/jeugdigen/{family[1].pk}", {"bsn": VALID_BSN, "voornamen": "X"}, format="json")
    assert (response.status_code, response.json()["bestaandId"]) == (409, str(family[0].pk))
    assert (snapshot(), Jeugdige.objects.get(pk=family[1].pk).voornamen) == (before, "José")


@pytest.mark.parametrize(("body", "expected"), [
    ({"bsn": "123456789"}, {("bsn", "ongeldig_bsn")}),
    ({"geslacht": "X"}, {("geslacht", "invalid_choice")}),
    ({"geboortedatum": "2099-01-01"}, {("geboortedatum", "datum_in_toekomst")}),
    ({}, {("body", "geen_wijziging")}),
])
def test_patch_refuses_bad_values_in_dutch(api, professional, family, body, expected):
    response = api(professional).patch(f"{API}/jeugdigen/{family[0].pk}", body, format="json")
    assert (response.status_code, params(response)) == (400, expected)


def test_patch_outside_the_users_teams_is_404(api, other_professional, family):
    assert api(other_professional).patch(f"{API}/jeugdigen/{family[0].pk}", {"voornamen": "X"}, format="json").status_code == 404


# --- betrokkenen -----------------------------------------------------------------------------------------------------


@pytest.fixture
def dossier(professional, team, leiden, family):
    return make_dossier(professional, team, leiden, jeugdigen=[family[0]])


def add(client, dossier, **fields):
    body = {"naam": "Anna de Vries", "relatie": "ouder", "telefoon": "06 12345678", "email": "anna@example.org", **fields}
    return client.post(f"{API}/dossiers/{dossier.pk}/betrokkenen", body, format="json")


def test_a_betrokkene_is_added_listed_changed_and_removed(api, professional, dossier):
    client = api(professional)
    created = add(client, dossier).json()
    changed = client.patch(f"{API}/dossiers/{dossier.pk}/betrokkenen/{created['id']}", {"relatie": "voogd"}, format="json")
    listed = client.get(f"{API}/dossiers/{dossier.pk}/betrokkenen").json()
    deleted = client.delete(f"{API}/dossiers/{dossier.pk}/betrokkenen/{created['id']}")
    assert {k: created[k] for k in ("naam", "relatie", "telefoon", "email")} == {
        "naam": "Anna de Vries", "relatie": "ouder", "telefoon": "06 12345678", "email": "anna@example.org"}
    assert (changed.status_code, [b["relatie"] for b in listed]) == (200, ["voogd"])
    assert (deleted.status_code, Betrokkene.objects.count()) == (204, 0)


def test_each_betrokkene_write_is_audited_without_the_name(api, professional, dossier):
    created = add(api(professional), dossier).json()
    api(professional).patch(f"{API}/dossiers/{dossier.pk}/betrokkenen/{created['id']}", {"naam": "Anna Visser"}, format="json")
    api(professional).delete(f"{API}/dossiers/{dossier.pk}/betrokkenen/{created['id']}")
    rows = AuditLog.objects.filter(action__startswith="betrokkene_", object_id=str(dossier.pk), result="ok")
    assert sorted(r.action for r in rows) == ["betrokkene_toevoegen", "betrokkene_verwijderen", "betrokkene_wijzigen"]
    assert "Anna" not in str([r.detail for r in rows])


@pytest.mark.parametrize(("fields", "expected"), [
    ({"relatie": "buurman"}, {("relatie", "invalid_choice")}),
    ({"naam": "  "}, {("naam", "blank")}),
    ({"telefoon": "bel maar"}, {("telefoon", "ongeldig_telefoonnummer")}),
    ({"email": "anna-at-example"}, {("email", "ongeldig_email")}),
])
def test_a_bad_betrokkene_is_refused_in_dutch(api, professional, dossier, fields, expected):
    response = add(api(professional), dossier, **fields)
    assert (response.status_code, params(response), Betrokkene.objects.count()) == (400, expected, 0)


def test_betrokkenen_of_another_teams_dossier_are_404(api, professional, other_professional, dossier):
    created = add(api(professional), dossier).json()
    client = api(other_professional)
    assert client.get(f"{API}/dossiers/{dossier.pk}/betrokkenen").status_code == 404
    assert add(client, dossier).status_code == 404
    assert client.delete(f"{API}/dossiers/{dossier.pk}/betrokkenen/{created['id']}").status_code == 404


def test_a_betrokkene_of_another_dossier_is_404(api, professional, team, leiden, dossier, family):
    created = add(api(professional), dossier).json()
    other = make_dossier(professional, team, leiden, jeugdigen=[family[1]])
    assert api(professional).delete(f"{API}/dossiers/{other.pk}/betrokkenen/{created['id']}").status_code == 404


# --- the database side: extensions, index, normalisation ---------------------------------------------------------------


def test_the_name_search_has_a_trigram_index():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'jeugdige_zoeknaam_trgm'")
        (definition,) = cursor.fetchone()
    assert "USING gin" in definition and "gin_trgm_ops" in definition


@pytest.mark.parametrize("naam", ["José Ramírez", "Zoë de Vries", "Anaïs van der Berg", "Çelik Öztürk", "Renée  ter   Horst"])
def test_the_stored_zoeknaam_agrees_with_postgresqls_unaccent(naam):
    from django.db import connection

    from cases.models import naam_zoekvorm

    with connection.cursor() as cursor:
        cursor.execute("SELECT regexp_replace(lower(unaccent(%s)), '\\s+', ' ', 'g')", [naam])
        (in_sql,) = cursor.fetchone()
    assert naam_zoekvorm(naam) == in_sql


# --- lists without DISTINCT (issue 13) -----------------------------------------------------------------------------


def test_a_family_dossier_matching_on_both_children_is_listed_once_without_distinct(api, professional, team, leiden):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    broer = make_jeugdige(professional, team, leiden, voornamen="Daan", achternaam="Visser")
    zus = make_jeugdige(professional, team, leiden, voornamen="Fleur", achternaam="Visser")
    dossier = make_dossier(professional, team, leiden, jeugdigen=[broer, zus])
    with CaptureQueriesContext(connection) as queries:
        response = api(professional).get(f"{API}/dossiers", {"q": "visser", "jeugdige": str(zus.pk)})
    assert [d["id"] for d in response.json()["results"]] == [str(dossier.pk)]
    assert not any("DISTINCT" in q["sql"] for q in queries if 'FROM "cases_dossier"' in q["sql"])
