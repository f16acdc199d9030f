"""Referral outcomes on the web (issue 12): the dossier page shows each referral's status and its update form; /team lists
the referrals still waiting after more than 30, 60 and 90 days, with exact counts, for the teamleider and the professional."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import selectors, services
from cases.models import Doorverwijzing
from jgt_registratie.audit import Action
from jgt_registratie.models import AuditLog
from tests.builders import days_ago, make_dossier, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(professional, team, leiden):
    return make_dossier(professional, team, leiden, aanmelddatum=days_ago(200))


def refer(user, dossier, days, soort="jeugd_ggz", **kw):
    return services.doorverwijzing_register(user=user, dossier=dossier, datum=days_ago(days), soort=soort, **kw)


def form(verwijzing, **values):
    prefix = f"verwijzing-{verwijzing.pk}"
    return {f"{prefix}-{k}": v for k, v in values.items()}


# --- the dossier page ----------------------------------------------------------------------------------------------


def test_the_dossier_page_shows_status_dates_and_the_form(login, professional, dossier):
    verwijzing = refer(professional, dossier, 40, overbrugging=True)
    html = login(professional).get(f"/dossiers/{dossier.pk}").content.decode()
    assert f'id="verwijzing-{verwijzing.pk}"' in html
    assert f'data-verwijzing-status="verwezen">Verwezen</span> sinds <span class="app-nowrap">{days_ago(40):%d-%m-%Y}</span>' in html
    assert "Overbrugging: ja" in html
    assert f'action="/dossiers/{dossier.pk}/doorverwijzingen/{verwijzing.pk}"' in html
    assert f'name="verwijzing-{verwijzing.pk}-datum" value="{days_ago(40):%d-%m-%Y}"' in html  # the DatumField, dd-mm-jjjj


def test_the_form_saves_the_outcome(login, professional, dossier):
    verwijzing = refer(professional, dossier, 40)
    response = login(professional).post(f"/dossiers/{dossier.pk}/doorverwijzingen/{verwijzing.pk}", form(
        verwijzing, status="afgewezen", datum=days_ago(3).strftime("%d-%m-%Y"), reden="Wachtlijst vol", overbrugging="on"))
    assert (response.status_code, response["Location"]) == (302, f"/dossiers/{dossier.pk}#verwijzing-{verwijzing.pk}")
    v = Doorverwijzing.objects.get(pk=verwijzing.pk)
    assert (v.status, v.status_datum, v.reden, v.overbrugging) == ("afgewezen", days_ago(3), "Wachtlijst vol", True)
    html = login(professional).get(f"/dossiers/{dossier.pk}").content.decode()
    assert f"Afgewezen</span> sinds <span class=\"app-nowrap\">{days_ago(3):%d-%m-%Y}</span>" in html and "Reden: Wachtlijst vol" in html


def test_a_missing_reason_is_shown_at_the_field_and_changes_nothing(login, professional, dossier):
    verwijzing = refer(professional, dossier, 40)
    response = login(professional).post(f"/dossiers/{dossier.pk}/doorverwijzingen/{verwijzing.pk}", form(
        verwijzing, status="niet_gestart", datum=days_ago(3).strftime("%d-%m-%Y"), reden=""))
    html = response.content.decode()
    assert (response.status_code, f'id="id_verwijzing-{verwijzing.pk}-reden_error"' in html,
            "Geef de reden waarom de hulp niet is gestart." in html, f'id="actie-verwijzing-{verwijzing.pk}" open' in html) == (
        400, True, True, True)
    assert Doorverwijzing.objects.get(pk=verwijzing.pk).status == "verwezen"


def test_a_date_before_the_referral_is_shown_at_the_field(login, professional, dossier):
    verwijzing = refer(professional, dossier, 40)
    response = login(professional).post(f"/dossiers/{dossier.pk}/doorverwijzingen/{verwijzing.pk}", form(
        verwijzing, status="gestart", datum=days_ago(50).strftime("%d-%m-%Y")))
    assert (response.status_code, f"De datum ligt vóór de datum van de doorverwijzing ({days_ago(40):%d-%m-%Y})."
            in response.content.decode()) == (400, True)


def test_a_professional_sees_no_form_for_a_final_outcome_and_gets_a_dutch_403(login, professional, dossier):
    verwijzing = refer(professional, dossier, 40)
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="gestart", datum=days_ago(5))
    client = login(professional)
    html = client.get(f"/dossiers/{dossier.pk}").content.decode()
    assert (f'action="/dossiers/{dossier.pk}/doorverwijzingen/{verwijzing.pk}"' in html,
            "alleen de teamleider kan die corrigeren" in html) == (False, True)
    response = client.post(f"/dossiers/{dossier.pk}/doorverwijzingen/{verwijzing.pk}", form(
        verwijzing, status="verwezen", datum=days_ago(40).strftime("%d-%m-%Y")))
    assert (response.status_code, "Alleen een teamleider" in response.content.decode()) == (403, True)
    row = AuditLog.objects.order_by("-id").first()
    assert (row.action, row.result, row.object_id) == (Action.DOORVERWIJZING_WIJZIGEN, "geweigerd", str(dossier.pk))


def test_a_teamleider_corrects_a_final_outcome(login, professional, teamleider, dossier):
    verwijzing = refer(professional, dossier, 40)
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="gestart", datum=days_ago(5))
    response = login(teamleider).post(f"/dossiers/{dossier.pk}/doorverwijzingen/{verwijzing.pk}", form(
        verwijzing, status="verwezen", datum=days_ago(40).strftime("%d-%m-%Y")))
    assert (response.status_code, Doorverwijzing.objects.get(pk=verwijzing.pk).status) == (302, "verwezen")


def test_another_teams_referral_is_404(login, professional, other_professional, dossier):
    verwijzing = refer(professional, dossier, 40)
    response = login(other_professional).post(f"/dossiers/{dossier.pk}/doorverwijzingen/{verwijzing.pk}", form(
        verwijzing, status="gestart", datum=today().strftime("%d-%m-%Y")))
    assert (response.status_code, Doorverwijzing.objects.get(pk=verwijzing.pk).status) == (404, "verwezen")


def test_a_referral_of_another_dossier_is_404(login, professional, team, leiden, dossier):
    verwijzing = refer(professional, dossier, 40)
    other = make_dossier(professional, team, leiden)
    response = login(professional).post(f"/dossiers/{other.pk}/doorverwijzingen/{verwijzing.pk}", form(
        verwijzing, status="gestart", datum=today().strftime("%d-%m-%Y")))
    assert response.status_code == 404


def test_the_registration_form_takes_overbrugging(login, professional, dossier):
    response = login(professional).post(f"/dossiers/{dossier.pk}/doorverwijzing", {
        "doorverwijzing-datum": today().strftime("%d-%m-%Y"), "doorverwijzing-soort": "lvb", "doorverwijzing-overbrugging": "on"})
    assert (response.status_code, Doorverwijzing.objects.get().overbrugging) == (302, True)


# --- /team: referrals still waiting ----------------------------------------------------------------------------------


@pytest.fixture
def waiting_world(professional, teamleider, team, leiden, other_professional, other_team, leiderdorp, dossier):
    """Team Noord: referrals verwezen since 31, 60, 61, 90, 91 and 150 days ago (waiting), 30 days ago (not yet), one gestart
    after 120 days and one afgewezen (not waiting), one afgewezen and corrected back to verwezen by the teamleider: waiting
    again since its own date, 130 days ago (the wait does not restart), and one of a closed dossier, 100 days ago (still
    waiting). Team Leiderdorp: one of 100 days (not Noord's)."""
    made = {n: refer(professional, dossier, n) for n in (31, 60, 61, 90, 91, 150, 30)}
    gestart = refer(professional, dossier, 120)
    services.doorverwijzing_update(user=professional, doorverwijzing=gestart, status="gestart", datum=days_ago(10))
    afgewezen = refer(professional, dossier, 110, soort="lvb")
    services.doorverwijzing_update(user=professional, doorverwijzing=afgewezen, status="afgewezen", datum=days_ago(80), reden="Vol")
    again = refer(professional, dossier, 130, soort="daghulp")
    services.doorverwijzing_update(user=professional, doorverwijzing=again, status="afgewezen", datum=days_ago(50), reden="Vol")
    services.doorverwijzing_update(user=teamleider, doorverwijzing=again, status="verwezen", datum=days_ago(130))
    closed = make_dossier(professional, team, leiden, aanmelddatum=days_ago(200))
    made[100] = refer(professional, closed, 100, soort="verblijf", overbrugging=True)
    services.dossier_close(user=teamleider, dossier=closed, einddatum=days_ago(1), reden_beeindiging="01", doelen_bereikt="ja",
                           tevredenheid=None, zonder_hulp_verder="nee")
    other = make_dossier(other_professional, other_team, leiderdorp, aanmelddatum=days_ago(200))
    refer(other_professional, other, 100)
    return made


def test_waiting_referrals_exact_counts_and_bands(teamleider, team, waiting_world):
    noord = selectors.wachtende_verwijzingen(teamleider)[team.pk]
    assert noord["drempels"] == [(30, 8), (60, 6), (90, 4)]
    assert [(label, [v.wacht_dagen for v in items]) for label, _, items in noord["groepen"]] == [
        ("Meer dan 90 dagen", [150, 130, 100, 91]), ("61 tot en met 90 dagen", [90, 61]), ("31 tot en met 60 dagen", [60, 31])]


def test_the_professional_and_the_teamleider_see_the_same_list_on_team(login, professional, teamleider, team, waiting_world):
    for user in (professional, teamleider):
        html = login(user).get("/team").content.decode()
        assert ('data-wacht="30">8</td>' in html, 'data-wacht="60">6</td>' in html, 'data-wacht="90">4</td>' in html) == (True, True, True)
        assert "Meer dan 90 dagen (4)" in html and "61 tot en met 90 dagen (2)" in html and "31 tot en met 60 dagen (2)" in html
        closed = waiting_world[100]
        assert f'href="/dossiers/{closed.dossier_id}#verwijzing-{closed.pk}"' in html
        assert f"{days_ago(100):%d-%m-%Y}" in html and 'data-label="Overbrugging">Ja</td>' in html


def test_another_team_sees_none_of_noords_waiting_referrals(other_professional, other_team, waiting_world):
    assert selectors.wachtende_verwijzingen(other_professional)[other_team.pk]["drempels"] == [(30, 1), (60, 1), (90, 1)]


def test_the_dossiers_listed_are_audited_as_read(login, professional, waiting_world):
    before = AuditLog.objects.order_by("-id").values_list("id", flat=True).first()
    login(professional).get("/team")
    read = set(AuditLog.objects.filter(id__gt=before, action="lezen", object_type="dossier").values_list("object_id", flat=True))
    assert read == {str(v.dossier_id) for v in waiting_world.values() if v.datum < days_ago(30)}


def test_a_referral_from_before_the_outcomes_gives_no_waiting_signal_until_the_team_records_one(professional, teamleider, team, dossier):
    # Registered before referral outcomes existed (migration cases 0017 marks such a referral): not a waiting child.
    oud = refer(professional, dossier, 150)
    Doorverwijzing.objects.filter(pk=oud.pk).update(status_vastgelegd=False)
    assert selectors.wachtende_verwijzingen(teamleider)[team.pk]["drempels"] == [(30, 0), (60, 0), (90, 0)]
    # Once the team records that it is still verwezen (on its own date), it waits, from that date.
    services.doorverwijzing_update(user=professional, doorverwijzing=oud, status="verwezen", datum=days_ago(150), overbrugging=True)
    assert selectors.wachtende_verwijzingen(teamleider)[team.pk]["drempels"] == [(30, 1), (60, 1), (90, 1)]


def test_no_waiting_referrals_says_so(login, professional):
    assert "Geen doorverwijzingen die langer dan 30 dagen wachten." in login(professional).get("/team").content.decode()


def test_the_team_page_query_count_is_independent_of_the_referrals(login, professional, dossier):
    client = login(professional)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/team").status_code == 200
        return len(ctx.captured_queries)

    refer(professional, dossier, 45)
    first = count()
    for days in (35, 65, 95, 120):
        refer(professional, dossier, days)
    assert count() == first
