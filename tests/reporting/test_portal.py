"""The gemeente portal (web): who may enter, what the dashboard shows (disclosure-controlled only), reports, duiding."""

import hashlib
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services as case_services
from jgt_registratie.models import AuditLog, Role
from reporting.models import Duiding, Rapportage
from reporting.periods import last_closed_quarter
from tests.factories import UserFactory

DASHBOARD, RAPPORTAGES = "/gemeente/", "/gemeente/rapportages"


def login(client, user):
    client.force_login(user)
    return client


def contacts_without_dossier(user, team, gemeente, n, *, hulpsoort="preventief"):
    """n contacts without dossier in the last completed quarter (no person data at all)."""
    kwartaal = last_closed_quarter()
    for i in range(n):
        case_services.contact_register(user=user, team=team, datum=kwartaal.start + timedelta(days=i % 80), duur_minuten=15, vorm="telefonisch",
                                       hulpsoort=hulpsoort, probleemcategorieen=["opvoeding"], gemeente=gemeente, leeftijdsklasse="4-11")


def duiding_url(code="0546", periode=None):
    return f"/gemeente/duiding/{code}/{periode or last_closed_quarter().code}"


# --- who may enter ---------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    for url in (DASHBOARD, RAPPORTAGES, duiding_url()):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen")


def test_professional_has_no_portal(client, professional, leiden):
    login(client, professional)
    for url in (DASHBOARD, RAPPORTAGES, duiding_url()):
        response = client.get(url)
        assert response.status_code == 403
        assert "Geen toegang" in response.content.decode()
    assert "Uw rol heeft hier geen toegang" in client.get(DASHBOARD).content.decode()
    assert AuditLog.objects.filter(user_id=professional.pk, object_type="gemeenteportaal", result="geweigerd").count() == 4


def test_gemeente_user_sees_only_own_gemeente(client, gemeente_user, leiden, leiderdorp):
    login(client, gemeente_user)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(f"{DASHBOARD}?gemeente=0546").status_code == 200
    assert client.get(f"{DASHBOARD}?gemeente=0547").status_code == 404
    assert client.get(f"{DASHBOARD}?gemeente=9999").status_code == 404
    assert "Niet gevonden" in client.get(f"{DASHBOARD}?gemeente=0547").content.decode()


def test_gemeente_user_with_two_gemeenten_chooses(client, leiden, leiderdorp):
    gebruiker = UserFactory(username="gijs", role=Role.GEMEENTE, gemeenten=[leiden, leiderdorp])
    login(client, gebruiker)
    page = client.get(DASHBOARD).content.decode()
    assert "Gemeenteportaal: Leiden" in page and '<option value="0547">Leiderdorp (0547)</option>' in page
    assert "Gemeenteportaal: Leiderdorp" in client.get(f"{DASHBOARD}?gemeente=0547").content.decode()


def test_teamleider_sees_the_gemeenten_of_her_teams_beheerder_all(client, teamleider, beheerder, leiden, leiderdorp):
    login(client, teamleider)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(f"{DASHBOARD}?gemeente=0547").status_code == 404
    assert client.get(RAPPORTAGES).status_code == 403  # teamleiders do not export
    login(client, beheerder)
    assert client.get(f"{DASHBOARD}?gemeente=0547").status_code == 200


# --- the dashboard ----------------------------------------------------------------------------------------------


def test_dashboard_shows_key_indicators_disclosure_controlled(client, gemeente_user, professional, team, leiden):
    contacts_without_dossier(professional, team, leiden, 12)
    contacts_without_dossier(professional, team, leiden, 3, hulpsoort="licht")
    contacts_without_dossier(professional, team, leiden, 10, hulpsoort="middelzwaar")
    login(client, gemeente_user)
    response = client.get(DASHBOARD)
    page = response.content.decode()
    kwartaal = last_closed_quarter()
    assert f"<strong>{kwartaal.code}</strong>" in page
    kerncijfers = {i["code"]: i for i in response.context["kerncijfers"]}
    assert list(kerncijfers) == ["I01", "I02", "I03", "I05", "I06", "I07", "I09", "I14"]
    # 25 contacts -> 25; preventief 12 -> 10; licht 3 -> "."; middelzwaar 10 -> 10; no help -> 0 jeugdigen;
    # 12 of 25 preventief = 48,0 (base 25, 12 above the line and 13 below: nothing suppressed given away).
    assert (kerncijfers["I05"]["waarde"], kerncijfers["I05"]["weergave"]) == (25, "25")
    cells = {(c["dimensie"], c["categorie"]): c["weergave"] for c in kerncijfers["I05"]["uitsplitsingen"]}
    assert (cells[("hulpsoort", "preventief")], cells[("hulpsoort", "licht")], cells[("hulpsoort", "middelzwaar")]) == ("10", ".", "10")
    assert kerncijfers["I01"]["weergave"] == "0"
    assert kerncijfers["I14"]["weergave"] == "48,0"
    assert "<td class=\"utrecht-table__cell utrecht-table__cell--numeric app-nowrap\">48,0%</td>" in page
    # Breakdowns are shown by their Dutch names, not their codes, with their unit.
    assert '<span class="app-cel">Middelzwaar: 10 contacten</span>' in page and '<span class="app-cel">zonder dossier: 25 contacten</span>' in page
    assert "face_to_face" not in page


def test_dashboard_charts_are_accessible_svg_with_a_table(client, gemeente_user, professional, team, leiden):
    contacts_without_dossier(professional, team, leiden, 12)
    login(client, gemeente_user)
    response = client.get(f"{DASHBOARD}?indicator=I05")
    page = response.content.decode()
    kwartaal = last_closed_quarter()
    assert page.count('<svg role="img"') == 2
    assert '<title id="trend-titel">Contacten per kwartaal</title>' in page
    assert [p["periode"] for p in response.context["trend"]] == [p.code for p in kwartaal.quarters_back(8)]
    # the seven quarters before the first registration have no data, not zero contacts
    assert [p["weergave"] for p in response.context["trend"]] == ["geen gegevens"] * 7 + ["10"]
    assert f"<title>{kwartaal.code}: 10</title>" in page
    jaren = [p["periode"] for p in response.context["jaren"]]
    assert jaren == [p.code for p in kwartaal.same_periode_earlier_years(4)] + [kwartaal.code]
    assert "Contacten in hetzelfde kwartaal per jaar (tabel)" in page
    # An unknown indicator falls back to I01.
    assert client.get(f"{DASHBOARD}?indicator=I99").context["grafiek_code"] == "I01"


def test_dashboard_shows_no_person_level_data(client, gemeente_user, professional, team, leiden):
    jeugdige = case_services.jeugdige_register(user=professional, team=team, geboortedatum=last_closed_quarter().start.replace(year=2014),
                                               geslacht="V", gemeente=leiden, bsn="111222333", postcode="2311AB")
    dossier = case_services.dossier_open(user=professional, team=team, jeugdigen=[jeugdige], aanmelddatum=last_closed_quarter().start,
                                         aanmelder="zelf", hulpsoort="licht", probleemcategorieen=["opvoeding"])
    case_services.contact_register(user=professional, team=team, dossier=dossier, datum=last_closed_quarter().start, duur_minuten=30,
                                   vorm="huisbezoek", hulpsoort="licht", probleemcategorieen=["opvoeding"], notitie="Gesprek met moeder")
    login(client, gemeente_user)
    response = client.get(DASHBOARD)
    page = response.content.decode()
    assert response.status_code == 200 and "Gemeenteportaal: Leiden" in page  # the real dashboard, not an error page
    assert response.context["kerncijfers"][0]["code"] == "I01"
    for secret in (str(jeugdige.pk), str(dossier.pk), "111222333", "2311AB", "Gesprek met moeder", "/dossiers/", "/jeugdigen/"):
        assert secret not in page


@pytest.mark.parametrize(("indicator", "queries"), [("I01", 17), ("I05", 26)])
def test_dashboard_query_count_is_fixed_and_independent_of_data(client, gemeente_user, professional, team, leiden, indicator, queries):
    """The page's queries: its own (session, user, the first registration, the duiding, rights) and those of the key
    indicators, then the charts' eleven periods: I01 (the default) in one query for them all, another indicator one
    query per period not yet computed (the chosen quarter is the key figures' own; two quarters are in both charts)."""
    # one contact, long before: every period of the dashboard has data, so every figure is computed
    case_services.contact_register(user=professional, team=team, datum=date(2016, 1, 4), duur_minuten=15, vorm="telefonisch",
                                   hulpsoort="preventief", probleemcategorieen=["opvoeding"], gemeente=leiden, leeftijdsklasse="4-11")
    login(client, gemeente_user)
    url = f"{DASHBOARD}?indicator={indicator}"
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as empty:
        assert client.get(url).status_code == 200
    contacts_without_dossier(professional, team, leiden, 30)
    with CaptureQueriesContext(connection) as filled:
        assert client.get(url).status_code == 200
    assert (len(empty), len(filled)) == (queries, queries)


# --- duiding ----------------------------------------------------------------------------------------------------


def test_teamleider_writes_the_duiding_and_the_gemeente_reads_it(client, teamleider, gemeente_user, leiden):
    login(client, teamleider)
    assert client.get(duiding_url()).status_code == 200
    response = client.post(duiding_url(), {"tekst": "  Meer aanmeldingen door een nieuwe school in de wijk.  "})
    assert response.status_code == 302 and response["Location"] == "/gemeente/?gemeente=0546"
    duiding = Duiding.objects.get(gemeente=leiden, periode=last_closed_quarter().code)
    assert (duiding.tekst, duiding.auteur) == ("Meer aanmeldingen door een nieuwe school in de wijk.", teamleider)
    audit = AuditLog.objects.filter(action="duiding_opslaan").get()
    assert (audit.user_id, audit.object_id, audit.result) == (teamleider.pk, str(duiding.pk), "ok")
    login(client, gemeente_user)
    page = client.get(DASHBOARD).content.decode()
    assert "Meer aanmeldingen door een nieuwe school in de wijk." in page
    assert "Duiding bewerken" not in page and "Duiding schrijven" not in page
    response = client.post(duiding_url(), {"tekst": "Door de gemeente"})
    assert response.status_code == 403
    assert Duiding.objects.get(pk=duiding.pk).tekst == "Meer aanmeldingen door een nieuwe school in de wijk."


def test_duiding_rights_per_gemeente(client, teamleider, beheerder, leiden, leiderdorp, professional):
    login(client, teamleider)
    assert client.get(duiding_url("0547")).status_code == 404  # her teams do not serve Leiderdorp
    login(client, beheerder)
    assert client.post(duiding_url("0547"), {"tekst": "Door beheer"}).status_code == 302
    assert Duiding.objects.get(gemeente=leiderdorp).auteur == beheerder


def test_duiding_input_errors_change_nothing(client, teamleider, leiden):
    login(client, teamleider)
    response = client.post(duiding_url(), {"tekst": "x" * 4001})
    assert response.status_code == 400
    assert "hoogstens 4000 tekens" in response.content.decode()
    assert not Duiding.objects.exists()
    assert client.get(duiding_url(periode="2999-Q1")).status_code == 404
    assert client.get(duiding_url(periode="2020-Q7")).status_code == 404


def test_an_empty_duiding_removes_it(client, teamleider, leiden):
    login(client, teamleider)
    client.post(duiding_url(), {"tekst": "Eerst wel"})
    assert client.post(duiding_url(), {"tekst": ""}).status_code == 302
    assert not Duiding.objects.exists()
    assert AuditLog.objects.filter(action="duiding_verwijderen").count() == 1


def test_duiding_service_refuses_a_professional_and_audits_it(professional, leiden):
    from jgt_registratie.errors import Forbidden
    from reporting.services import duiding_save

    with pytest.raises(Forbidden):
        duiding_save(user=professional, gemeente=leiden, periode="2020", tekst="Mag niet")
    assert AuditLog.objects.filter(action="duiding_opslaan", result="geweigerd", user_id=professional.pk).count() == 1


# --- reports ----------------------------------------------------------------------------------------------------


def test_gemeente_user_requests_a_report(client, gemeente_user, leiden):
    login(client, gemeente_user)
    response = client.get(RAPPORTAGES)
    page = response.content.decode()
    assert response.status_code == 200 and 'value="indicatoren"' in page
    assert "cbs_aanlevering" not in page  # a gemeente only asks indicator reports
    response = client.post(RAPPORTAGES, {"soort": "indicatoren", "periode": "2020-Q3", "gemeente": "0546", "formaat": "csv"})
    assert response.status_code == 302
    rapportage = Rapportage.objects.get()
    assert (rapportage.soort, rapportage.periode, rapportage.gemeente_id, rapportage.formaat, rapportage.status) == (
        "indicatoren", "2020-Q3", "0546", "csv", "wachtrij")
    page = client.get(RAPPORTAGES).content.decode()
    assert "In de wachtrij" in page and "2020-Q3" in page


def test_report_request_errors_are_dutch_and_change_nothing(client, gemeente_user, leiden, leiderdorp):
    login(client, gemeente_user)
    response = client.post(RAPPORTAGES, {"soort": "indicatoren", "periode": "2020-Q7", "gemeente": "0546", "formaat": "csv"})
    assert response.status_code == 400
    assert "Onbekende periode: gebruik JJJJ, JJJJ-H1/H2 of JJJJ-Q1..Q4." in response.content.decode()
    response = client.post(RAPPORTAGES, {"soort": "indicatoren", "periode": "2020", "gemeente": "0547", "formaat": "csv"})
    assert response.status_code == 403
    assert "eigen gemeente" in response.content.decode()
    response = client.post(RAPPORTAGES, {"soort": "cbs_aanlevering", "periode": "2020", "gemeente": "0546", "formaat": "csv"})
    assert response.status_code == 403
    assert not Rapportage.objects.exists()


def test_report_list_links_finished_files_to_the_api(client, gemeente_user, leiden, leiderdorp, settings, tmp_path):
    settings.RAPPORTAGE_DIR = tmp_path
    inhoud = b'{"periode": "2020"}\n'
    (tmp_path / "r.json").write_bytes(inhoud)
    klaar = Rapportage.objects.create(soort="indicatoren", periode="2020", gemeente=leiden, formaat="json", status="gereed", voortgang=100,
                                      definitieversie="2026.1", bestand="r.json", sha256=hashlib.sha256(inhoud).hexdigest(), aangevraagd_door=gemeente_user)
    bezig = Rapportage.objects.create(soort="indicatoren", periode="2021", gemeente=leiden, formaat="csv", status="bezig", voortgang=40,
                                      definitieversie="2026.1", aangevraagd_door=gemeente_user)
    ander = Rapportage.objects.create(soort="indicatoren", periode="2019", gemeente=leiderdorp, formaat="csv", definitieversie="2026.1")
    login(client, gemeente_user)
    page = client.get(RAPPORTAGES).content.decode()
    assert f'href="/api/v1/rapportages/{klaar.pk}/bestand"' in page
    assert f"/api/v1/rapportages/{bezig.pk}/bestand" not in page
    assert 'value="40"' in page
    assert "2019" not in page and str(ander.pk) not in page
    download = client.get(f"/api/v1/rapportages/{klaar.pk}/bestand")  # the session works on the API
    assert download.status_code == 200
    assert b"".join(download.streaming_content if download.streaming else [download.content]) == inhoud


def test_beheerder_may_ask_every_kind_for_all_gemeenten(client, beheerder, leiden):
    login(client, beheerder)
    page = client.get(RAPPORTAGES).content.decode()
    assert 'value="cbs_aanlevering"' in page and "Alle gemeenten" in page
    response = client.post(RAPPORTAGES, {"soort": "indicatoren", "periode": "2020", "gemeente": "", "formaat": "json"})
    assert response.status_code == 302
    assert Rapportage.objects.get().gemeente is None
