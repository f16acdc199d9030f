"""Referral outcomes (issue 12, DOMAIN.md section 8 "Referral outcome", API.md 1.1): the service's rules, each refusal
changing nothing, the audit row, and the API's shape (the 1.0 POST unchanged)."""

from datetime import timedelta

import pytest

from cases import services
from cases.models import Doorverwijzing, Dossier
from jgt_registratie.audit import Action
from jgt_registratie.errors import Forbidden, InvalidInput, NotFound, PreconditionFailed
from jgt_registratie.models import AuditLog
from tests.builders import days_ago, last_audit, make_dossier, today

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def dossier(professional, team, leiden):
    return make_dossier(professional, team, leiden, aanmelddatum=days_ago(100))


@pytest.fixture
def verwijzing(professional, dossier):
    return services.doorverwijzing_register(user=professional, dossier=dossier, datum=days_ago(40), soort="jeugd_ggz")


def _values(verwijzing):
    v = Doorverwijzing.objects.get(pk=verwijzing.pk)
    return (v.status, v.status_datum, v.reden, v.overbrugging)


def refused(exc_type, verwijzing, **kwargs):
    """The update is refused with `exc_type`; the referral and its dossier's version are as before; one refusal row."""
    before = (_values(verwijzing), Dossier.objects.get(pk=verwijzing.dossier_id).versie, AuditLog.objects.count())
    with pytest.raises(exc_type) as info:
        services.doorverwijzing_update(doorverwijzing=verwijzing, **kwargs)
    assert (_values(verwijzing), Dossier.objects.get(pk=verwijzing.dossier_id).versie, AuditLog.objects.count()) == (
        before[0], before[1], before[2] + 1)
    row = last_audit()
    assert (row.action, row.result) == (Action.DOORVERWIJZING_WIJZIGEN, {Forbidden: "geweigerd", NotFound: "niet_gevonden",
                                                                          InvalidInput: "ongeldig",
                                                                          PreconditionFailed: "conflict"}[exc_type])
    return info.value


def codes(exc):
    return {(field, code) for field, code, _ in exc.errors}


# --- the service ---------------------------------------------------------------------------------------------------


def test_a_new_referral_is_verwezen_since_its_own_date(verwijzing):
    assert (verwijzing.status, verwijzing.status_datum, verwijzing.status_sinds, verwijzing.reden, verwijzing.overbrugging) == (
        "verwezen", None, days_ago(40), "", False)


def test_register_takes_overbrugging(professional, dossier):
    verwijzing = services.doorverwijzing_register(user=professional, dossier=dossier, datum=days_ago(3), soort="lvb", overbrugging=True)
    assert (verwijzing.overbrugging, last_audit().detail["overbrugging"]) == (True, True)


def test_gestart_on_a_date(professional, verwijzing):
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="gestart", datum=days_ago(10))
    assert _values(verwijzing) == ("gestart", days_ago(10), "", False)


@pytest.mark.parametrize("status", ["afgewezen", "niet_gestart"])
def test_afgewezen_and_niet_gestart_keep_their_reason(professional, verwijzing, status):
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status=status, datum=days_ago(5),
                                   reden="  Wachtlijst   vol ", overbrugging=True)
    assert _values(verwijzing) == (status, days_ago(5), "Wachtlijst vol", True)


def test_overbrugging_not_given_stays_as_it_was(professional, dossier):
    verwijzing = services.doorverwijzing_register(user=professional, dossier=dossier, datum=days_ago(3), soort="lvb", overbrugging=True)
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="gestart", datum=today())
    assert _values(verwijzing) == ("gestart", today(), "", True)


def test_verwezen_on_the_referral_date_is_stored_as_still_verwezen(teamleider, professional, verwijzing):
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="gestart", datum=days_ago(10))
    services.doorverwijzing_update(user=teamleider, doorverwijzing=verwijzing, status="verwezen", datum=days_ago(40))
    assert _values(verwijzing) == ("verwezen", None, "", False)


def test_the_update_bumps_the_dossier_version(professional, verwijzing):
    before = Dossier.objects.get(pk=verwijzing.dossier_id).versie
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="gestart", datum=days_ago(10))
    assert Dossier.objects.get(pk=verwijzing.dossier_id).versie == before + 1


def test_the_update_is_audited_with_old_and_new_values_but_not_the_reason(professional, verwijzing):
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="afgewezen", datum=days_ago(10),
                                   reden="Ouders weigeren", overbrugging=True)
    row = last_audit()
    assert (row.action, row.object_type, row.object_id, row.result, row.detail) == (
        Action.DOORVERWIJZING_WIJZIGEN, "dossier", str(verwijzing.dossier_id), "ok", {
            "doorverwijzing": verwijzing.pk, "soort": "jeugd_ggz", "redenGewijzigd": True,
            "oud": {"status": "verwezen", "statusDatum": days_ago(40).isoformat(), "overbrugging": False},
            "nieuw": {"status": "afgewezen", "statusDatum": days_ago(10).isoformat(), "overbrugging": True}})


def test_a_closed_dossiers_referral_can_still_be_updated(teamleider, professional, dossier, verwijzing):
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=days_ago(1), reden_beeindiging="01", doelen_bereikt="ja",
                           tevredenheid=None, zonder_hulp_verder="ja")
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="gestart", datum=today())
    assert _values(verwijzing)[0] == "gestart"


@pytest.mark.parametrize("status", ["verwezen", "gestart"])
def test_a_reason_is_cleared_for_a_status_that_needs_none(professional, verwijzing, status):
    datum = days_ago(40) if status == "verwezen" else days_ago(10)
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status=status, datum=datum, reden="Oude reden")
    assert _values(verwijzing) == (status, None if status == "verwezen" else days_ago(10), "", False)


def test_a_teamleider_moving_back_to_verwezen_keeps_the_wait_from_the_referral_date(professional, teamleider, verwijzing):
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="afgewezen", datum=days_ago(10), reden="Vol")
    services.doorverwijzing_update(user=teamleider, doorverwijzing=verwijzing, status="verwezen", datum=days_ago(40))
    v = Doorverwijzing.objects.get(pk=verwijzing.pk)
    assert (v.status, v.status_datum, v.status_sinds, v.reden) == ("verwezen", None, days_ago(40), "")


# --- each refusal changes nothing --------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["professional", "teamleider"])
def test_verwezen_with_a_later_date_does_not_restart_the_wait(request, verwijzing, by):
    exc = refused(InvalidInput, verwijzing, user=request.getfixturevalue(by), status="verwezen", datum=days_ago(2))
    assert codes(exc) == {("datum", "verwezen_datum")}
    assert exc.errors[0][2].startswith(f"Verwezen geldt vanaf de datum van de doorverwijzing ({days_ago(40):%d-%m-%Y})")


def test_a_teamleider_may_not_restart_the_wait_from_a_final_outcome(professional, teamleider, verwijzing):
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="gestart", datum=days_ago(10))
    exc = refused(InvalidInput, verwijzing, user=teamleider, status="verwezen", datum=days_ago(5))
    assert codes(exc) == {("datum", "verwezen_datum")}




def test_date_before_the_referral_is_refused(professional, verwijzing):
    exc = refused(InvalidInput, verwijzing, user=professional, status="gestart", datum=days_ago(41))
    assert codes(exc) == {("datum", "datum_voor_doorverwijzing")}


def test_date_in_the_future_is_refused(professional, verwijzing):
    exc = refused(InvalidInput, verwijzing, user=professional, status="gestart", datum=today() + timedelta(days=1))
    assert codes(exc) == {("datum", "datum_in_toekomst")}


def test_date_is_required(professional, verwijzing):
    exc = refused(InvalidInput, verwijzing, user=professional, status="gestart", datum=None)
    assert codes(exc) == {("datum", "verplicht")}


@pytest.mark.parametrize("status", ["afgewezen", "niet_gestart"])
def test_afgewezen_and_niet_gestart_need_a_reason(professional, verwijzing, status):
    exc = refused(InvalidInput, verwijzing, user=professional, status=status, datum=days_ago(1), reden="   ")
    assert codes(exc) == {("reden", "verplicht")}
    assert exc.errors[0][2].startswith("Geef de reden waarom de hulp")


def test_a_reason_longer_than_200_is_refused(professional, verwijzing):
    exc = refused(InvalidInput, verwijzing, user=professional, status="afgewezen", datum=days_ago(1), reden="x" * 201)
    assert codes(exc) == {("reden", "te_lang")}


def test_an_unknown_status_is_refused(professional, verwijzing):
    exc = refused(InvalidInput, verwijzing, user=professional, status="onderweg", datum=days_ago(1))
    assert codes(exc) == {("status", "ongeldige_keuze")}


def test_a_professional_may_not_change_a_final_outcome(professional, verwijzing):
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="gestart", datum=days_ago(10))
    exc = refused(Forbidden, verwijzing, user=professional, status="niet_gestart", datum=days_ago(5), reden="Toch niet")
    assert (exc.extra, "Alleen een teamleider" in exc.detail) == ({"recht": "referral_correction"}, True)


def test_a_teamleider_corrects_a_final_outcome(professional, teamleider, verwijzing):
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="afgewezen", datum=days_ago(10), reden="Vol")
    services.doorverwijzing_update(user=teamleider, doorverwijzing=verwijzing, status="gestart", datum=days_ago(5))
    assert _values(verwijzing) == ("gestart", days_ago(5), "", False)


def test_another_teams_referral_is_not_found(other_professional, verwijzing):
    refused(NotFound, verwijzing, user=other_professional, status="gestart", datum=days_ago(1))


def test_a_referral_of_another_dossier_is_not_found(professional, team, leiden, verwijzing):
    other = make_dossier(professional, team, leiden)
    refused(NotFound, verwijzing, user=professional, dossier=other, status="gestart", datum=days_ago(1))


def test_gemeente_may_not_update(gemeente_user, verwijzing):
    refused(Forbidden, verwijzing, user=gemeente_user, status="gestart", datum=days_ago(1))


def test_a_stale_etag_is_refused(professional, verwijzing):
    refused(PreconditionFailed, verwijzing, user=professional, status="gestart", datum=days_ago(1), if_match='"oud"')


# --- the API -------------------------------------------------------------------------------------------------------


def test_post_of_1_0_is_unchanged_and_shows_the_outcome(api, professional, dossier):
    response = api(professional).post(f"{API}/dossiers/{dossier.pk}/doorverwijzingen",
                                      {"datum": days_ago(3).isoformat(), "soort": "daghulp"}, format="json")
    body = response.json()
    assert (response.status_code, body) == (201, {
        "id": body["id"], "datum": days_ago(3).isoformat(), "soort": "daghulp", "status": "verwezen",
        "statusDatum": days_ago(3).isoformat(), "reden": "", "overbrugging": False})


def test_post_takes_overbrugging(api, professional, dossier):
    response = api(professional).post(f"{API}/dossiers/{dossier.pk}/doorverwijzingen",
                                      {"datum": days_ago(3).isoformat(), "soort": "daghulp", "overbrugging": True}, format="json")
    assert (response.status_code, response.json()["overbrugging"]) == (201, True)


def test_patch_returns_the_referral_and_the_dossier_shows_it(api, professional, verwijzing):
    client = api(professional)
    response = client.patch(f"{API}/dossiers/{verwijzing.dossier_id}/doorverwijzingen/{verwijzing.pk}",
                            {"status": "niet_gestart", "datum": days_ago(2).isoformat(), "reden": "Gezin wil niet", "overbrugging": True},
                            format="json")
    shown = {"id": verwijzing.pk, "datum": days_ago(40).isoformat(), "soort": "jeugd_ggz", "status": "niet_gestart",
             "statusDatum": days_ago(2).isoformat(), "reden": "Gezin wil niet", "overbrugging": True}
    assert (response.status_code, response.json()) == (200, shown)
    assert client.get(f"{API}/dossiers/{verwijzing.dossier_id}").json()["doorverwijzingen"] == [shown]


def test_patch_without_a_reason_is_a_dutch_400(api, professional, verwijzing):
    response = api(professional).patch(f"{API}/dossiers/{verwijzing.dossier_id}/doorverwijzingen/{verwijzing.pk}",
                                       {"status": "afgewezen", "datum": days_ago(2).isoformat()}, format="json")
    assert (response.status_code, [(p["name"], p["code"]) for p in response.json()["invalidParams"]]) == (400, [("reden", "verplicht")])


def test_patch_by_a_professional_of_a_final_outcome_is_403(api, professional, verwijzing):
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="gestart", datum=days_ago(10))
    response = api(professional).patch(f"{API}/dossiers/{verwijzing.dossier_id}/doorverwijzingen/{verwijzing.pk}",
                                       {"status": "verwezen", "datum": days_ago(40).isoformat()}, format="json")
    assert (response.status_code, response.json()["recht"]) == (403, "referral_correction")


@pytest.mark.parametrize("rid", ["999999", "abc"])
def test_patch_of_an_unknown_referral_is_404(api, professional, verwijzing, rid):
    response = api(professional).patch(f"{API}/dossiers/{verwijzing.dossier_id}/doorverwijzingen/{rid}",
                                       {"status": "gestart", "datum": days_ago(2).isoformat()}, format="json")
    assert response.status_code == 404


def test_patch_of_an_unknown_referral_is_audited_as_not_found(api, professional, verwijzing):
    api(professional).patch(f"{API}/dossiers/{verwijzing.dossier_id}/doorverwijzingen/999999",
                            {"status": "gestart", "datum": days_ago(2).isoformat()}, format="json")
    row = AuditLog.objects.get(action=Action.DOORVERWIJZING_WIJZIGEN)
    assert (row.result, row.object_id, row.detail["doorverwijzing"]) == ("niet_gevonden", str(verwijzing.dossier_id), "999999")


def test_patch_with_a_stale_if_match_is_412(api, professional, verwijzing):
    response = api(professional).patch(f"{API}/dossiers/{verwijzing.dossier_id}/doorverwijzingen/{verwijzing.pk}",
                                       {"status": "gestart", "datum": days_ago(2).isoformat()}, format="json", HTTP_IF_MATCH='"oud"')
    assert response.status_code == 412


def test_patch_verwezen_with_a_later_date_is_a_dutch_400(api, professional, verwijzing):
    response = api(professional).patch(f"{API}/dossiers/{verwijzing.dossier_id}/doorverwijzingen/{verwijzing.pk}",
                                       {"status": "verwezen", "datum": days_ago(1).isoformat()}, format="json")
    assert response.status_code == 400
    assert "Verwezen geldt vanaf de datum van de doorverwijzing" in response.content.decode()
    assert _values(verwijzing) == ("verwezen", None, "", False)
