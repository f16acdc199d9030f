"""POST/GET /rapportages and the download: rights, validation in Dutch, nothing created on bad input, audit."""

import hashlib
from datetime import date

import pytest

from jgt_registratie.models import AuditLog, Role
from reporting import generation, services
from reporting.models import Rapportage
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rapportage_dir")]
API = "/api/v1"


def post(client, **body):
    return client.post(f"{API}/rapportages", body, format="json")


def problem(response):
    assert response["Content-Type"].startswith("application/problem+json"), response.content
    return response.json()


def reasons(response):
    return {(p["name"], p["code"], p["reason"]) for p in problem(response).get("invalidParams", [])}


# --- requesting ------------------------------------------------------------------------------------------------


def test_gemeente_requests_an_indicator_report_of_its_own_gemeente(api, gemeente_user, leiden, queued_tasks):
    response = post(api(gemeente_user), soort="indicatoren", periode="2020-Q3", gemeente="0546", formaat="json")
    body = response.json()
    rapportage = Rapportage.objects.get()
    assert (response.status_code, response["Location"], body["id"]) == (202, f"/api/v1/rapportages/{rapportage.pk}", str(rapportage.pk))
    assert {k: body[k] for k in ("soort", "periode", "gemeente", "formaat", "status", "voortgang", "sha256", "bestand", "fout", "automatisch")} == {
        "soort": "indicatoren", "periode": "2020-Q3", "gemeente": "0546", "formaat": "json", "status": "wachtrij", "voortgang": 0,
        "sha256": None, "bestand": None, "fout": None, "automatisch": False}
    assert body["definitieversie"] == rapportage.definitieversie == "2027.1"
    assert body["aangemaaktOp"].endswith(("Z", "+00:00", "+01:00", "+02:00"))
    # the task is queued once (published inside the transaction, before the commit: see test_broker_down.py)
    assert (rapportage.aangevraagd_door, queued_tasks()) == (gemeente_user, [("reporting.rapportage_genereren", (str(rapportage.pk),))])
    assert AuditLog.objects.filter(action="rapportage_aanvragen", object_id=str(rapportage.pk), username="gerda", result="ok").count() == 1


def test_gemeente_without_gemeente_gets_its_only_gemeente(api, gemeente_user, leiden):
    response = post(api(gemeente_user), soort="indicatoren", periode="2020", formaat="csv")
    assert (response.status_code, response.json()["gemeente"]) == (202, "0546")


def test_gemeente_serving_several_must_choose(api, leiden, leiderdorp):
    user = UserFactory(username="greet", role=Role.GEMEENTE, gemeenten=[leiden, leiderdorp])
    response = post(api(user), soort="indicatoren", periode="2020", formaat="csv")
    assert (response.status_code, reasons(response), Rapportage.objects.count()) == (
        400, {("gemeente", "gemeente_verplicht", "U bent gekoppeld aan meerdere gemeenten; kies er een: 0546, 0547.")}, 0)
    assert post(api(user), soort="indicatoren", periode="2020", formaat="csv", gemeente="0547").status_code == 202


def test_beheerder_without_gemeente_gets_all_gemeenten(api, beheerder, leiden):
    response = post(api(beheerder), soort="cbs_protocol", periode="2020-H1", formaat="xlsx")
    assert (response.status_code, response.json()["gemeente"], Rapportage.objects.get().gemeente) == (202, None, None)


BAD_INPUT = [
    ({"periode": "2020-Q5"}, "periode", "onbekende_periode", "Onbekende periode: gebruik JJJJ, JJJJ-H1/H2 of JJJJ-Q1..Q4."),
    ({"periode": "kwartaal 3"}, "periode", "onbekende_periode", "Onbekende periode: gebruik JJJJ, JJJJ-H1/H2 of JJJJ-Q1..Q4."),
    ({"periode": f"{date.today().year + 1}"}, "periode", "periode_in_toekomst", "Deze periode ligt in de toekomst."),
    ({"soort": "cbs_protocol", "formaat": "json"}, "formaat", "formaat_niet_beschikbaar",
     "De CBS-protocolexport (geanonimiseerd) bestaat niet als JSON: kies csv of xlsx."),
    ({"soort": "cbs_aanlevering", "formaat": "json"}, "formaat", "formaat_niet_beschikbaar",
     "De CBS-aanlevering (met BSN) bestaat niet als JSON: kies csv of xlsx."),
    ({"formaat": "pdf"}, "formaat", "formaat_niet_beschikbaar", "De Indicatorenrapportage bestaat niet als PDF: kies json, csv of xlsx."),
    ({"soort": "verantwoording", "formaat": "csv"}, "formaat", "formaat_niet_beschikbaar",
     "De Verantwoording (jaarlijkse verantwoording aan de raad) bestaat niet als CSV: kies json, xlsx of pdf."),
    ({"formaat": "docx"}, "formaat", "onbekend_formaat", "Onbekend formaat 'docx'. Kies uit: json, csv, xlsx, pdf."),
    ({"soort": "alles"}, "soort", "onbekende_soort",
     "Onbekende soort rapportage 'alles'. Kies uit: indicatoren, cbs_protocol, cbs_aanlevering, verantwoording."),
    ({"gemeente": "9999"}, "gemeente", "onbekende_gemeente", "Onbekende gemeentecode '9999'."),
    ({"kleur": "blauw"}, "kleur", "onbekend_veld", "Onbekend veld. Controleer de naam (bijvoorbeeld 'duurMinuten')."),
]


@pytest.mark.parametrize(("change", "field", "code", "reason"), BAD_INPUT, ids=[c[2] + "-" + str(i) for i, c in enumerate(BAD_INPUT)])
def test_bad_input_is_400_in_dutch_and_creates_nothing(api, beheerder, leiden, change, field, code, reason):
    body = {"soort": "indicatoren", "periode": "2020", "gemeente": "0546", "formaat": "json", **change}
    response = api(beheerder).post(f"{API}/rapportages", body, format="json")
    assert (response.status_code, reasons(response), Rapportage.objects.count()) == (400, {(field, code, reason)}, 0)


def test_missing_fields_are_named(api, beheerder):
    response = api(beheerder).post(f"{API}/rapportages", {}, format="json")
    assert (response.status_code, {p["name"] for p in problem(response)["invalidParams"]}) == (400, {"soort", "periode", "formaat"})


FORBIDDEN = [
    ("gemeente_user", {"gemeente": "0547"}, "U kunt alleen rapportages maken voor uw eigen gemeente(n), niet voor Leiderdorp."),
    ("gemeente_user", {"soort": "cbs_protocol", "formaat": "csv"},
     "Een gemeente kan alleen indicatorenrapportages en de verantwoording maken; de CBS-exports zijn voor functioneel beheer."),
    ("gemeente_user", {"soort": "cbs_aanlevering", "formaat": "csv"},
     "Een gemeente kan alleen indicatorenrapportages en de verantwoording maken; de CBS-exports zijn voor functioneel beheer."),
    ("professional", {}, "Rapportages zijn er voor gemeenten en functioneel beheer; uw rol heeft geen toegang tot rapportages."),
    ("teamleider", {}, "Rapportages zijn er voor gemeenten en functioneel beheer; uw rol heeft geen toegang tot rapportages."),
]


@pytest.mark.parametrize(("role", "change", "detail"), FORBIDDEN, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(FORBIDDEN)])
def test_not_allowed_is_403_in_dutch_audited_and_creates_nothing(request, api, leiden, leiderdorp, role, change, detail):
    user = request.getfixturevalue(role)
    body = {"soort": "indicatoren", "periode": "2020", "gemeente": "0546", "formaat": "csv", **change}
    response = api(user).post(f"{API}/rapportages", body, format="json")
    assert (response.status_code, problem(response)["detail"], Rapportage.objects.count()) == (403, detail, 0)
    assert AuditLog.objects.filter(username=user.username, object_type="rapportage", result="geweigerd").exists()


def test_anonymous_is_401(api):
    response = post(api(None), soort="indicatoren", periode="2020", formaat="csv")
    assert (response.status_code, problem(response)["status"]) == (401, 401)


def test_service_refuses_the_same_way_without_the_api(professional):
    from jgt_registratie.errors import Forbidden

    with pytest.raises(Forbidden):
        services.report_request(user=professional, soort="indicatoren", periode="2020", gemeente=None, formaat="csv")
    assert Rapportage.objects.count() == 0


# --- reading and downloading ------------------------------------------------------------------------------------


@pytest.fixture
def reports(beheerder, gemeente_user, leiden, leiderdorp):
    """Leiden's indicator report (gerda), Leiderdorp's (bert), an all-gemeenten CBS export (bert), an automatic Leiden one."""
    own = services.report_request(user=gemeente_user, soort="indicatoren", periode="2020", gemeente="0546", formaat="csv")
    other = services.report_request(user=beheerder, soort="indicatoren", periode="2020", gemeente="0547", formaat="csv")
    cbs = services.report_request(user=beheerder, soort="cbs_protocol", periode="2020", gemeente="0546", formaat="csv")
    automatic = services.quarterly_reports_create(vandaag=date(2021, 1, 5))
    return {"own": own, "other": other, "cbs": cbs, "automatic": automatic}


def test_get_own_report(api, gemeente_user, reports):
    response = api(gemeente_user).get(f"{API}/rapportages/{reports['own'].pk}")
    assert (response.status_code, response.json()["id"], response["API-Version"].startswith("1.")) == (200, str(reports["own"].pk), True)
    assert AuditLog.objects.filter(action="lezen", object_type="rapportage", object_id=str(reports["own"].pk), username="gerda").exists()


@pytest.mark.parametrize("which", ["other", "cbs"])
@pytest.mark.parametrize("suffix", ["", "/bestand"])
def test_outside_the_gemeente_is_404_as_if_it_did_not_exist(api, gemeente_user, reports, which, suffix):
    client = api(gemeente_user)
    response = client.get(f"{API}/rapportages/{reports[which].pk}{suffix}")
    missing = client.get(f"{API}/rapportages/00000000-0000-4000-8000-000000000000{suffix}")
    assert (response.status_code, problem(response)) == (missing.status_code, problem(missing)) == (404, problem(missing))
    assert AuditLog.objects.filter(object_id=str(reports[which].pk), username="gerda", result="niet_gevonden").count() == 1


def test_list_shows_the_gemeentes_reports_including_automatic_ones(api, gemeente_user, beheerder, reports):
    mine = {r["id"] for r in api(gemeente_user).get(f"{API}/rapportages").json()["results"]}
    automatic_leiden = {str(r.pk) for r in reports["automatic"] if r.gemeente_id == "0546"}
    assert mine == {str(reports["own"].pk)} | automatic_leiden and len(automatic_leiden) == 2
    assert api(beheerder).get(f"{API}/rapportages").json()["count"] == 3 + len(reports["automatic"])


def test_list_refuses_unknown_parameters_and_other_roles(api, gemeente_user, professional, reports):
    response = api(gemeente_user).get(f"{API}/rapportages?status=gereed")
    assert (response.status_code, {p["name"] for p in problem(response)["invalidParams"]}) == (400, {"status"})
    assert api(professional).get(f"{API}/rapportages").status_code == 403
    assert api(professional).get(f"{API}/rapportages/{reports['own'].pk}").status_code == 403


def test_download_before_gereed_is_409_in_dutch(api, gemeente_user, reports):
    response = api(gemeente_user).get(f"{API}/rapportages/{reports['own'].pk}/bestand")
    assert (response.status_code, problem(response)["detail"]) == (
        409, "Deze rapportage is nog niet klaar (status: in de wachtrij, 0%). Probeer het later opnieuw.")
    assert AuditLog.objects.filter(action="downloaden", object_id=str(reports["own"].pk), result="conflict").count() == 1


def test_download_of_a_failed_report_is_409(api, beheerder, reports):
    Rapportage.objects.filter(pk=reports["cbs"].pk).update(status="mislukt", fout="kapot")
    response = api(beheerder).get(f"{API}/rapportages/{reports['cbs'].pk}/bestand")
    assert (response.status_code, problem(response)["detail"]) == (409, "Deze rapportage is mislukt; er is geen bestand. Vraag een nieuwe rapportage aan.")


def test_download_once_gereed(api, gemeente_user, reports):
    assert generation.report_generate(reports["own"].pk) == "gereed"
    client = api(gemeente_user)
    resource = client.get(f"{API}/rapportages/{reports['own'].pk}").json()
    response = client.get(resource["bestand"], HTTP_ACCEPT="text/csv")
    content = b"".join(response.streaming_content)
    assert (response.status_code, response["Content-Type"], response["Content-Disposition"]) == (
        200, "text/csv; charset=utf-8", 'attachment; filename="indicatoren-2020-0546.csv"')
    assert (resource["status"], resource["voortgang"], hashlib.sha256(content).hexdigest()) == ("gereed", 100, resource["sha256"])
    assert response["ETag"] == f'"{resource["sha256"]}"' and response["API-Version"].startswith("1.")
    assert content.startswith(b"\xef\xbb\xbfcode,naam,dimensie,categorie,waarde,weergave\r\n")
    rows = AuditLog.objects.filter(action="downloaden", object_id=str(reports["own"].pk), username="gerda", result="ok")
    assert rows.count() == 1 and rows.get().detail["sha256"] == resource["sha256"]


def test_every_cbs_aanlevering_download_is_audited(api, beheerder, leiden):
    rapportage = services.report_request(user=beheerder, soort="cbs_aanlevering", periode="2020", gemeente=None, formaat="csv")
    generation.report_generate(rapportage.pk)
    client = api(beheerder)
    for _ in range(2):
        assert client.get(f"{API}/rapportages/{rapportage.pk}/bestand").status_code == 200
    assert AuditLog.objects.filter(action="downloaden", object_id=str(rapportage.pk), username="bert", result="ok").count() == 2


# --- the automatic quarterly reports -------------------------------------------------------------------------------


def test_quarterly_reports_are_made_once_per_gemeente_and_format(leiden, leiderdorp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        first = services.quarterly_reports_create(vandaag=date(2021, 4, 2))
    second = services.quarterly_reports_create(vandaag=date(2021, 4, 3))
    assert sorted((r.gemeente_id, r.periode, r.formaat, r.automatisch, r.aangevraagd_door) for r in first) == [
        ("0546", "2021-Q1", "json", True, None), ("0546", "2021-Q1", "xlsx", True, None),
        ("0547", "2021-Q1", "json", True, None), ("0547", "2021-Q1", "xlsx", True, None)]
    assert (second, len(queued), Rapportage.objects.count()) == ([], 4, 4)


# --- the OpenAPI document ---------------------------------------------------------------------------------------


def test_report_endpoints_in_openapi(api):
    doc = api(None).get(f"{API}/openapi.json").json()
    operations = {(m.upper(), p): op for p, methods in doc["paths"].items() if p.startswith("/rapportages") for m, op in methods.items()}
    assert set(operations) == {("GET", "/rapportages"), ("POST", "/rapportages"), ("GET", "/rapportages/{id}"), ("GET", "/rapportages/{id}/bestand"),
                               ("POST", "/rapportages/{id}/definitief")}
    assert {"200", "400", "401", "403", "404", "409"} <= set(operations[("POST", "/rapportages/{id}/definitief")]["responses"])
    assert {"202", "400", "401", "403"} <= set(operations[("POST", "/rapportages")]["responses"])
    assert {"200", "404", "409"} <= set(operations[("GET", "/rapportages/{id}/bestand")]["responses"])
    schema = doc["components"]["schemas"]["Rapportage"]["properties"]
    assert {"id", "soort", "periode", "gemeente", "formaat", "status", "voortgang", "sha256", "bestand", "definitieversie", "aangemaaktOp", "fout",
            "definitief", "definitiefOp", "versie", "wijzigingen"} <= set(schema)


def test_openapi_documents_the_410_of_a_deleted_file_and_the_counts_of_a_large_cbs_change(api):
    """API.md does not name them; the OpenAPI document does: the download of a file removed after its retention period is
    a 410 problem, and a CBS export's `wijzigingen` above WIJZIGINGEN_MAX changed cells counts them all and per column."""
    doc = api(None).get(f"{API}/openapi.json").json()
    download = doc["paths"]["/rapportages/{id}/bestand"]["get"]
    gone = download["responses"]["410"]
    assert (gone["description"], list(gone["content"])) == ("Niet meer beschikbaar (verwijderd na de bewaartermijn)", ["application/problem+json"])
    assert "dan 410" in download["description"]
    wijzigingen = doc["components"]["schemas"]["Rapportage"]["properties"]["wijzigingen"]
    aantal, per_kolom = wijzigingen["properties"]["cellenAantal"], wijzigingen["properties"]["cellenPerKolom"]
    assert (aantal["type"], aantal["minimum"]) == ("integer", 1) and "meer dan 1.000" in aantal["description"]
    assert (per_kolom["type"], per_kolom["additionalProperties"]) == ("object", {"type": "integer", "minimum": 1})
    assert {"cellenAantal", "cellenPerKolom"}.isdisjoint(wijzigingen["required"])  # only above 1,000 changed cells
