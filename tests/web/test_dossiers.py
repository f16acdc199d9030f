"""Dossier list, dossier page and its actions, nieuw dossier, nieuwe jeugdige: per role, happy paths, errors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Doorverwijzing, Dossier, Jeugdige, Probleemcategorie
from jgt_registratie.models import AuditLog
from tests.builders import OTHER_VALID_BSN, VALID_BSN, active_dossier, days_ago, make_dossier, make_jeugdige, snapshot, today

pytestmark = pytest.mark.django_db
#: what the waakvlam form sends as it is shown: the end of help asked as at closure, with its defaults
WAAKVLAM_EINDE = {"waakvlam-reden_beeindiging": "01", "waakvlam-doelen_bereikt": "onbekend", "waakvlam-zonder_hulp_verder": "onbekend"}

CASE_PAGES = ["/registreren", "/dossiers", "/dossiers/nieuw", "/jeugdigen/nieuw", "/dossiers/zoeken?q=12"]


@pytest.mark.parametrize("path", CASE_PAGES)
def test_gemeente_and_beheerder_get_a_dutch_403_on_every_case_page(login, gemeente_user, beheerder, path):
    for user in (gemeente_user, beheerder):
        client = login(user)
        response = client.get(path)
        assert response.status_code == 403
        assert "Geen toegang" in response.content.decode()


def test_gemeente_gets_403_on_a_dossier_page_and_team(login, gemeente_user, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    client = login(gemeente_user)
    assert client.get(f"/dossiers/{dossier.pk}").status_code == 403
    assert client.get("/team").status_code == 403
    assert client.post(f"/dossiers/{dossier.pk}/waakvlam", {}).status_code == 403


def test_anonymous_is_sent_to_login_with_next(client):
    response = client.post("/registreren", {"datum": "2020-01-01"})
    assert response.status_code == 302 and response.url == "/inloggen?next=/registreren"


@pytest.mark.parametrize("path", CASE_PAGES)
def test_professional_and_teamleider_open_every_case_page(login, professional, teamleider, path):
    for user in (professional, teamleider):
        assert login(user).get(path).status_code == 200


def test_nav_is_role_appropriate(login, professional, teamleider, gemeente_user, beheerder):
    html = login(professional).get("/").content.decode()
    # issue 12: the professional's /team lists the referrals that wait, so the nav has Team for them too
    assert ">Snel registreren</a>" in html and ">Dossiers</a>" in html and ">Team</a>" in html and "Gemeenteportaal" not in html
    assert ">Team</a>" in login(teamleider).get("/").content.decode()
    gemeente = login(gemeente_user).get("/").content.decode()
    assert "Gemeenteportaal" in gemeente and "Snel registreren" not in gemeente and ">Beheer</a>" not in gemeente
    bert = login(beheerder).get("/").content.decode()
    assert "Gemeenteportaal" in bert and ">Beheer</a>" in bert
    assert 'href="#inhoud"' in html and 'lang="nl"' in html and "utrecht-theme" in html


def test_dossier_list_shows_own_team_only_with_filters(login, professional, teamleider, other_professional, team, other_team, leiden, leiderdorp):
    mine = active_dossier(professional, team, leiden)
    hers = make_dossier(teamleider, team, leiden, hulpsoort="zwaar", probleemcategorieen=["scheiding"], regiehouder=teamleider)
    theirs = make_dossier(other_professional, other_team, leiderdorp)
    client = login(professional)
    html = client.get("/dossiers").content.decode()
    assert "<h1 class=\"utrecht-heading-1\">Teamdossiers</h1>" in html
    assert str(mine.pk)[:8] in html and str(hers.pk)[:8] in html and str(theirs.pk)[:8] not in html
    only_actief = client.get("/dossiers?status=actief").content.decode()
    assert str(mine.pk)[:8] in only_actief and str(hers.pk)[:8] not in only_actief
    assert str(hers.pk)[:8] in client.get("/dossiers?hulpsoort=zwaar").content.decode()
    scheiding = client.get("/dossiers?categorie=scheiding").content.decode()
    assert str(hers.pk)[:8] in scheiding and str(mine.pk)[:8] not in scheiding
    own = client.get(f"/dossiers?regiehouder={professional.pk}").content.decode()
    assert "Mijn dossiers</h1>" in own and str(mine.pk)[:8] in own and str(hers.pk)[:8] not in own
    assert str(mine.pk)[:8] in client.get(f"/dossiers?q={str(mine.pk)[:6]}").content.decode()
    listed = AuditLog.objects.filter(action="lezen", object_type="dossier", username="alice")
    listed_ids = set(listed.values_list("object_id", flat=True))
    assert str(mine.pk) in listed_ids and str(hers.pk) in listed_ids  # every listed dossier is audited
    assert str(theirs.pk) not in listed_ids


def test_dossier_list_paginates(login, professional, team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    for _ in range(27):
        make_dossier(professional, team, leiden, jeugdigen=[jeugdige])
    client = login(professional)
    first = client.get("/dossiers").content.decode()
    assert "27 dossiers gevonden." in first and "Pagina 1 van 2" in first and "Volgende pagina" in first
    assert first.count('data-label="Dossier"><a') == 25
    second = client.get("/dossiers?page=2").content.decode()
    assert second.count('data-label="Dossier"><a') == 2


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_dossier_list_query_count_does_not_grow_with_dossiers(login, professional, team, leiden):
    client = login(professional)
    make_dossier(professional, team, leiden)
    few = _queries(client, "/dossiers")
    for _ in range(8):
        make_dossier(professional, team, leiden, jeugdigen=[make_jeugdige(professional, team, leiden), make_jeugdige(professional, team, leiden)])
    assert _queries(client, "/dossiers") == few


def test_other_teams_professional_gets_404_on_a_dossier(login, professional, other_professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    client = login(other_professional)
    response = client.get(f"/dossiers/{dossier.pk}")
    assert response.status_code == 404 and "Niet gevonden" in response.content.decode()
    assert client.post(f"/dossiers/{dossier.pk}/waakvlam", {"waakvlam-evaluatiedatum": today().isoformat()}).status_code == 404
    assert client.get(f"/jeugdigen/{dossier.jeugdigen.get().pk}").status_code == 404


def test_dossier_page_shows_everything_and_is_audited(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=20)
    services.doorverwijzing_register(user=professional, dossier=dossier, datum=days_ago(5), soort="jeugd_ggz")
    html = login(professional).get(f"/dossiers/{dossier.pk}").content.decode()
    assert f"Dossier {str(dossier.pk)[:8]}</h1>" in html
    for heading in ("Gegevens", "Acties", "Jeugdigen", "Hulpperiodes", "Contacten", "Doorverwijzingen", "Statusgeschiedenis"):
        assert f'">{heading}</h2>' in html
    assert "Jeugd-GGZ" in html and "Actief" in html and "automatisch (eerste hulpcontact)" in html
    assert ">Waakvlam</summary>" in html and ">Afsluiten</summary>" not in html  # a professional does not close
    assert ">Teamleider vragen om afsluiting</summary>" in html
    assert AuditLog.objects.filter(action="lezen", object_type="dossier", object_id=str(dossier.pk)).count() == 1


def test_dossier_page_shows_how_each_hulpperiode_ended_and_when_it_was_corrected(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=20)
    contact = dossier.contacten.get()
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(10), evaluatiedatum=days_ago(-60), reden_beeindiging="02",
                              doelen_bereikt="deels", zonder_hulp_verder="nee")
    services.contact_update(user=professional, contact=contact, hulpsoort="zwaar")  # a correction of the ended period
    html = login(professional).get(f"/dossiers/{dossier.pk}").content.decode()
    period = html[html.index('id="hulpperiodes"'):html.index('id="contacten"')]
    assert ">Reden beëindiging</th>" in period and "Voortijdig afgesloten: in overeenstemming" in period and ">Zwaar</td>" in period
    assert f"op {today():%d-%m-%Y}</td>" in period


def test_waakvlam_happy_path(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = login(professional).post(f"/dossiers/{dossier.pk}/waakvlam", {"waakvlam-datum": today().isoformat(),
                                                                             "waakvlam-evaluatiedatum": days_ago(-30).isoformat(),
                                                                             **WAAKVLAM_EINDE})
    assert response.status_code == 302 and response.url == f"/dossiers/{dossier.pk}"
    dossier.refresh_from_db()
    assert (dossier.status, dossier.evaluatiedatum) == ("waakvlam", days_ago(-30))


def test_waakvlam_error_is_next_to_evaluatiedatum_and_input_kept(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    before = snapshot()
    late = days_ago(-300).isoformat()
    response = login(professional).post(f"/dossiers/{dossier.pk}/waakvlam", {"waakvlam-datum": today().isoformat(), "waakvlam-evaluatiedatum": late,
                                                                             **WAAKVLAM_EINDE})
    html = response.content.decode()
    assert response.status_code == 400 and snapshot() == before
    assert 'id="id_waakvlam-evaluatiedatum_error"' in html and "hoogstens 6 maanden" in html
    assert f'name="waakvlam-evaluatiedatum" value="{late}"' in html
    assert '<details class="app-actie" id="actie-waakvlam" open>' in html


def test_dossier_page_shown_again_after_an_action_error_is_audited_as_read(login, professional, team, leiden):
    """The page re-rendered after a refused action shows the same person data as a GET, so it is audited the same way."""
    dossier = active_dossier(professional, team, leiden)
    client = login(professional)
    reads = AuditLog.objects.filter(action="lezen", object_type="dossier", object_id=str(dossier.pk))
    response = client.post(f"/dossiers/{dossier.pk}/waakvlam", {"waakvlam-datum": today().isoformat(), "waakvlam-evaluatiedatum": ""})
    assert response.status_code == 400 and "01-04-2012" in response.content.decode()  # the jeugdige's geboortedatum
    assert reads.count() == 1
    response = client.post(f"/dossiers/{dossier.pk}/activeren", {"activeren-datum": today().isoformat()})  # actief -> activeren: 409
    assert response.status_code == 409
    assert reads.count() == 2


def test_activeren_and_doorverwijzing_and_request_closure(login, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=days_ago(10))
    client = login(professional)
    assert client.post(f"/dossiers/{dossier.pk}/activeren", {"activeren-datum": today().isoformat()}).status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == "actief"
    response = client.post(f"/dossiers/{dossier.pk}/doorverwijzing", {"doorverwijzing-datum": today().isoformat(), "doorverwijzing-soort": ""})
    assert response.status_code == 400 and 'id="id_doorverwijzing-soort_error"' in response.content.decode()
    assert client.post(f"/dossiers/{dossier.pk}/doorverwijzing", {"doorverwijzing-datum": today().isoformat(),
                                                                  "doorverwijzing-soort": "daghulp"}).status_code == 302
    assert Doorverwijzing.objects.get().soort == "daghulp"
    assert client.post(f"/dossiers/{dossier.pk}/afsluitverzoek").status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).afsluiting_gevraagd_op is not None


def test_activeren_from_actief_is_a_dutch_conflict(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = login(professional).post(f"/dossiers/{dossier.pk}/activeren", {"activeren-datum": today().isoformat()})
    assert response.status_code == 409
    assert "kan niet naar" in response.content.decode()


def test_action_the_status_does_not_allow_is_a_409_with_a_message_even_with_an_empty_form(login, teamleider, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = login(teamleider).post(f"/dossiers/{dossier.pk}/heropenen", {})
    html = response.content.decode()
    assert response.status_code == 409 and "kan niet naar" in html and 'role="alert"' in html
    assert Dossier.objects.get(pk=dossier.pk).status == "actief"


def test_professional_may_not_close(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = login(professional).post(f"/dossiers/{dossier.pk}/afsluiten", {
        "afsluiten-einddatum": today().isoformat(), "afsluiten-reden_beeindiging": "01", "afsluiten-doelen_bereikt": "ja",
        "afsluiten-zonder_hulp_verder": "ja"})
    assert response.status_code == 403 and "Alleen een teamleider" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == "actief"


def test_action_the_role_may_never_do_is_a_403_even_with_an_empty_form(login, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    before = snapshot()
    response = login(professional).post(f"/dossiers/{dossier.pk}/afsluiten", {})
    assert response.status_code == 403 and "Alleen een teamleider" in response.content.decode()
    assert snapshot() == before
    assert AuditLog.objects.filter(action="dossier_afsluiten", object_id=str(dossier.pk), result="geweigerd").count() == 1


def test_teamleider_closes_with_outcome_and_reopens(login, teamleider, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    client = login(teamleider)
    html = client.get(f"/dossiers/{dossier.pk}").content.decode()
    assert ">Afsluiten</summary>" in html and ">Heropenen</summary>" not in html
    bad = client.post(f"/dossiers/{dossier.pk}/afsluiten", {"afsluiten-einddatum": today().isoformat(), "afsluiten-reden_beeindiging": "",
                                                            "afsluiten-doelen_bereikt": "ja", "afsluiten-zonder_hulp_verder": "ja"})
    assert bad.status_code == 400 and 'id="id_afsluiten-reden_beeindiging_error"' in bad.content.decode()
    response = client.post(f"/dossiers/{dossier.pk}/afsluiten", {
        "afsluiten-einddatum": today().isoformat(), "afsluiten-reden_beeindiging": "02", "afsluiten-doelen_bereikt": "deels",
        "afsluiten-tevredenheid": "4", "afsluiten-zonder_hulp_verder": "nee"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.reden_beeindiging, dossier.doelen_bereikt, dossier.tevredenheid, dossier.zonder_hulp_verder) == (
        "afgesloten", "02", "deels", 4, "nee")
    assert ">Heropenen</summary>" in client.get(f"/dossiers/{dossier.pk}").content.decode()
    assert client.post(f"/dossiers/{dossier.pk}/heropenen", {"heropenen-datum": today().isoformat()}).status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == "actief"


def test_wijzigen_changes_regiehouder(login, professional, teamleider, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    response = login(professional).post(f"/dossiers/{dossier.pk}/wijzigen", {
        "wijzigen-hulpsoort": "zwaar", "wijzigen-probleemcategorieen": ["scheiding"], "wijzigen-regiehouder": str(teamleider.pk)})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.hulpsoort, dossier.regiehouder, [c.code for c in dossier.probleemcategorieen.all()]) == ("zwaar", teamleider, ["scheiding"])


def test_wijzigen_keeps_a_category_that_is_no_longer_active(login, professional, teamleider, team, leiden):
    """A dossier's category that was deactivated later is shown (checked) and kept when other fields change."""
    dossier = make_dossier(professional, team, leiden, probleemcategorieen=["opvoeding", "scheiding"])
    Probleemcategorie.objects.filter(code="scheiding").update(actief=False)
    client = login(professional)
    html = client.get(f"/dossiers/{dossier.pk}").content.decode()
    assert 'name="wijzigen-probleemcategorieen" value="scheiding"' in html
    assert html.split('name="wijzigen-probleemcategorieen" value="scheiding"')[1].split(">")[0].endswith("checked")
    response = client.post(f"/dossiers/{dossier.pk}/wijzigen", {
        "wijzigen-hulpsoort": "licht", "wijzigen-probleemcategorieen": ["opvoeding", "scheiding"], "wijzigen-regiehouder": str(teamleider.pk)})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.regiehouder, sorted(c.code for c in dossier.probleemcategorieen.all())) == (teamleider, ["opvoeding", "scheiding"])


def test_wijzigen_may_still_drop_an_inactive_category_but_not_add_one(login, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden, probleemcategorieen=["opvoeding", "scheiding"])
    Probleemcategorie.objects.filter(code__in=["scheiding", "middelen"]).update(actief=False)
    client = login(professional)
    added = client.post(f"/dossiers/{dossier.pk}/wijzigen", {
        "wijzigen-hulpsoort": "licht", "wijzigen-probleemcategorieen": ["opvoeding", "middelen"], "wijzigen-regiehouder": str(professional.pk)})
    assert added.status_code == 400 and 'id="id_wijzigen-probleemcategorieen_error"' in added.content.decode()
    dropped = client.post(f"/dossiers/{dossier.pk}/wijzigen", {
        "wijzigen-hulpsoort": "licht", "wijzigen-probleemcategorieen": ["opvoeding"], "wijzigen-regiehouder": str(professional.pk)})
    assert dropped.status_code == 302
    assert [c.code for c in Dossier.objects.get(pk=dossier.pk).probleemcategorieen.all()] == ["opvoeding"]


def test_nieuw_dossier_happy_path_from_jeugdige(login, professional, team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden, bsn=VALID_BSN)
    client = login(professional)
    form = client.get(f"/dossiers/nieuw?jeugdige={jeugdige.pk}").content.decode()
    assert f'name="jeugdigen" value="{str(jeugdige.pk)[:8]}"' in form
    assert 'for="id_aanmelddatum">Aanmelddatum</label>' in form and ">Probleemcategorieën</legend>" in form
    response = client.post("/dossiers/nieuw", {
        "jeugdigen": VALID_BSN, "team": str(team.pk), "aanmelddatum": today().isoformat(), "aanmelder": "school",
        "hulpsoort": "licht", "probleemcategorieen": ["school", "sociaal"], "verwijzer": "06", "regiehouder": str(professional.pk)})
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response.url == f"/dossiers/{dossier.pk}"
    assert (list(dossier.jeugdigen.all()), dossier.aanmelder, dossier.status) == ([jeugdige], "school", "aangemeld")


def test_nieuw_dossier_errors_next_to_fields(login, professional, other_professional, team, other_team, leiderdorp):
    theirs = make_jeugdige(other_professional, other_team, leiderdorp)
    response = login(professional).post("/dossiers/nieuw", {
        "jeugdigen": str(theirs.pk)[:8], "team": str(team.pk), "aanmelddatum": days_ago(-2).isoformat(), "aanmelder": "school",
        "hulpsoort": "licht", "verwijzer": "06", "regiehouder": str(professional.pk)})
    html = response.content.decode()
    assert response.status_code == 400 and Dossier.objects.count() == 0
    assert 'id="id_probleemcategorieen_error"' in html and "Kies ten minste één probleemcategorie." in html
    assert 'id="id_jeugdigen_error"' in html and "Onbekende jeugdige" in html
    assert f'name="jeugdigen" value="{str(theirs.pk)[:8]}"' in html


def test_nieuwe_jeugdige_happy_path(login, professional, team, leiden):
    response = login(professional).post("/jeugdigen/nieuw", {"voornamen": "Sven", "achternaam": "Vries",
                                                             "bsn": VALID_BSN, "geboortedatum": "2014-05-06", "geslacht": "M",
                                                             "postcode": "2311 ab", "gemeente": "0546", "team": str(team.pk)})
    jeugdige = Jeugdige.objects.get()
    assert response.status_code == 302 and response.url == f"/jeugdigen/{jeugdige.pk}"
    assert (jeugdige.bsn, jeugdige.huidig_adres.postcode) == (VALID_BSN, "2311AB")
    page = login(professional).get(response.url).content.decode()
    assert f"Sven Vries <span class=\"app-nummer\">({str(jeugdige.pk)[:8]})</span></h1>" in page and f"/dossiers/nieuw?jeugdige={jeugdige.pk}" in page


def test_nieuwe_jeugdige_bad_bsn_is_next_to_the_field(login, professional, team, leiden):
    response = login(professional).post("/jeugdigen/nieuw", {"voornamen": "Sven", "achternaam": "Vries",
                                                             "bsn": "123456789", "geboortedatum": "2014-05-06", "geslacht": "M",
                                                             "postcode": "", "gemeente": "0546", "team": str(team.pk)})
    html = response.content.decode()
    assert response.status_code == 400 and Jeugdige.objects.count() == 0
    assert 'id="id_bsn_error"' in html and "elfproef" in html and 'value="123456789"' in html


def test_known_bsn_offers_the_existing_jeugdige(login, professional, team, leiden):
    existing = make_jeugdige(professional, team, leiden, bsn=OTHER_VALID_BSN)
    response = login(professional).post("/jeugdigen/nieuw", {"voornamen": "Sven", "achternaam": "Vries",
                                                             "bsn": OTHER_VALID_BSN, "geboortedatum": "2014-05-06", "geslacht": "M",
                                                             "postcode": "", "gemeente": "0546", "team": str(team.pk)})
    html = response.content.decode()
    assert response.status_code == 409 and Jeugdige.objects.count() == 1
    assert 'id="id_bsn_error"' in html and "al geregistreerd" in html
    assert f'href="/jeugdigen/{existing.pk}">Open de bestaande jeugdige</a>' in html


def test_known_bsn_offer_audits_the_read_of_the_existing_jeugdige(login, professional, team, leiden):
    existing = make_jeugdige(professional, team, leiden, bsn=OTHER_VALID_BSN)
    response = login(professional).post("/jeugdigen/nieuw", {"voornamen": "Sven", "achternaam": "Vries",
                                                             "bsn": OTHER_VALID_BSN, "geboortedatum": "2014-05-06", "geslacht": "M",
                                                             "postcode": "", "gemeente": "0546", "team": str(team.pk)})
    assert response.status_code == 409 and "geboortedatum 01-04-2012" in response.content.decode()
    assert AuditLog.objects.filter(action="lezen", object_type="jeugdige", object_id=str(existing.pk), username="alice").count() == 1


def test_known_bsn_of_another_team_is_not_linked(login, professional, other_professional, other_team, leiderdorp, team):
    make_jeugdige(other_professional, other_team, leiderdorp, bsn=OTHER_VALID_BSN)
    response = login(professional).post("/jeugdigen/nieuw", {"voornamen": "Sven", "achternaam": "Vries",
                                                             "bsn": OTHER_VALID_BSN, "geboortedatum": "2014-05-06", "geslacht": "M",
                                                             "postcode": "", "gemeente": "0546", "team": str(team.pk)})
    html = response.content.decode()
    assert "bij een ander team" in html and "Open de bestaande jeugdige" not in html
