"""Families, hand-over and the closure request with a reason (API.md 1.1 "Gezin", "Closure request with a reason"):
services and API. The web forms are in tests/web/test_gezin.py."""

import dataclasses
import threading
import time
from datetime import date, timedelta

import pytest
from django.db import connections, transaction

from cases import retention, services
from cases.hulpperiodes import Change, ContactFact, derive, from_date
from cases.models import Contact, Correctie, Dossier, Hulpperiode, Jeugdige, StatusWijziging
from jgt_registratie import rights
from jgt_registratie.audit import Action
from jgt_registratie.errors import Conflict, Forbidden, InvalidInput, NotFound
from jgt_registratie.models import AuditLog, Role
from jgt_registratie.rights import Capability
from tests.builders import active_dossier, days_ago, make_contact, make_jeugdige, snapshot, today
from tests.factories import UserFactory
from tests.processes import wait_until_another_session_waits_on_this_one

pytestmark = pytest.mark.django_db


def periods(dossier, jeugdige) -> list[tuple]:
    return list(Hulpperiode.objects.filter(dossier=dossier, jeugdige=jeugdige).order_by("volgnummer")
                .values_list("start", "einde", "aantal_contacten"))


@pytest.fixture
def other_teamleider(other_team):
    return UserFactory(username="otto", role=Role.TEAMLEIDER, teams=[other_team])


# --- adding a child -----------------------------------------------------------------------------------------------


def test_a_child_added_to_a_running_stretch_gets_a_hulpperiode_from_that_date(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    make_contact(professional, team, dossier=dossier, datum=days_ago(5))
    zus = make_jeugdige(professional, team, leiden)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=zus, datum=days_ago(10))
    assert periods(dossier, zus) == [(days_ago(10), None, 1)]


def test_adding_a_child_leaves_the_others_hulpperiodes_as_they_were(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    first = dossier.jeugdigen.get()
    zus = make_jeugdige(professional, team, leiden)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=zus, datum=days_ago(10))
    assert periods(dossier, first) == [(days_ago(30), None, 1)]


def test_a_child_gets_no_hulpperiode_that_ended_before_it_was_added(professional, team, teamleider, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(20), evaluatiedatum=today() + timedelta(days=30))
    zus = make_jeugdige(professional, team, leiden)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=zus, datum=days_ago(10))
    assert periods(dossier, zus) == []


def test_adding_a_child_of_another_team_is_refused_in_dutch_and_changes_nothing(professional, other_professional, team, other_team,
                                                                                  leiden, leiderdorp):
    dossier = active_dossier(professional, team, leiden)
    stranger = make_jeugdige(other_professional, other_team, leiderdorp)
    before = snapshot()
    with pytest.raises(InvalidInput) as info:
        services.gezinslid_add(user=professional, dossier=dossier, jeugdige=stranger)
    assert [f for f, _, _ in info.value.errors] == ["jeugdige"]
    assert snapshot() == before


def test_adding_a_child_twice_is_a_conflict(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    with pytest.raises(Conflict):
        services.gezinslid_add(user=professional, dossier=dossier, jeugdige=dossier.jeugdigen.get())


def test_adding_a_child_is_audited(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    zus = make_jeugdige(professional, team, leiden)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=zus)
    row = AuditLog.objects.filter(action=Action.GEZINSLID_TOEVOEGEN).get()
    assert (row.object_id, row.detail) == (str(dossier.pk), {"jeugdige": str(zus.pk), "datum": today().isoformat()})


def test_adding_a_child_in_the_past_is_a_correctie_from_that_date_to_today(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    zus = make_jeugdige(professional, team, leiden)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=zus, datum=days_ago(25))
    correctie = Correctie.objects.get()
    assert (correctie.soort, correctie.datum_van, correctie.datum_tot, correctie.jeugdige_id, correctie.hulpperiodes_gewijzigd) == (
        "gezinslid_toegevoegd", days_ago(25), today(), zus.pk, 1)


def test_an_ended_hulpperiode_a_past_addition_gives_is_marked_corrected(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    zus = make_jeugdige(professional, team, leiden)
    make_contact(professional, team, dossier=dossier, datum=days_ago(22))
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(20), evaluatiedatum=today() + timedelta(days=30))
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=zus, datum=days_ago(25))
    row = Hulpperiode.objects.get(dossier=dossier, jeugdige=zus)
    assert (row.start, row.einde, row.gecorrigeerd_op is not None) == (days_ago(25), days_ago(22), True)


def test_a_past_addition_leaves_the_other_childs_ended_hulpperiode_uncorrected(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    first = dossier.jeugdigen.get()
    make_contact(professional, team, dossier=dossier, datum=days_ago(22))
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(20), evaluatiedatum=today() + timedelta(days=30))
    zus = make_jeugdige(professional, team, leiden)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=zus, datum=days_ago(25))
    assert Hulpperiode.objects.get(dossier=dossier, jeugdige=first).gecorrigeerd_op is None


def test_adding_a_child_today_is_no_correctie(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=make_jeugdige(professional, team, leiden))
    assert Correctie.objects.count() == 0


def test_a_past_addition_is_audited_with_its_correctie(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    zus = make_jeugdige(professional, team, leiden)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=zus, datum=days_ago(25))
    row = AuditLog.objects.filter(action=Action.GEZINSLID_TOEVOEGEN).get()
    assert row.detail == {"jeugdige": str(zus.pk), "datum": days_ago(25).isoformat(), "correctie": Correctie.objects.get().pk,
                          "hulpperiodesGewijzigd": 1}


# --- removing a child ----------------------------------------------------------------------------------------------


@pytest.fixture
def family(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    zus = make_jeugdige(professional, team, leiden)
    services.gezinslid_add(user=professional, dossier=dossier, jeugdige=zus, datum=days_ago(20))
    return Dossier.objects.get(pk=dossier.pk), zus


def test_removing_a_child_deletes_its_hulpperiodes_as_a_correctie(family, teamleider):
    dossier, zus = family
    correctie = services.gezinslid_remove(user=teamleider, dossier=dossier, jeugdige=zus)
    assert (periods(dossier, zus), correctie.soort, correctie.hulpperiodes_gewijzigd, dossier.jeugdigen.count()) == (
        [], "gezinslid_verwijderd", 1, 1)


def test_removing_a_child_keeps_the_child_itself(family, teamleider):
    dossier, zus = family
    services.gezinslid_remove(user=teamleider, dossier=dossier, jeugdige=zus)
    assert Jeugdige.objects.filter(pk=zus.pk).exists()


def test_a_professional_may_not_remove_a_child(family, professional):
    dossier, zus = family
    with pytest.raises(Forbidden):
        services.gezinslid_remove(user=professional, dossier=dossier, jeugdige=zus)
    assert dossier.jeugdigen.count() == 2


def test_the_last_child_is_never_removed(professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    with pytest.raises(Conflict):
        services.gezinslid_remove(user=teamleider, dossier=dossier, jeugdige=dossier.jeugdigen.get())
    assert Correctie.objects.count() == 0


# --- hand-over -----------------------------------------------------------------------------------------------------


def test_handover_moves_the_dossier_its_contacts_and_jeugdigen(professional, teamleider, team, other_team, other_teamleider, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_handover(user=teamleider, dossier=dossier, team=other_team)
    dossier.refresh_from_db()
    assert (dossier.team_id, dossier.regiehouder_id, set(Contact.objects.filter(dossier=dossier).values_list("team_id", flat=True)),
            set(dossier.jeugdigen.values_list("team_id", flat=True))) == (other_team.pk, other_teamleider.pk, {other_team.pk}, {other_team.pk})


def test_handover_takes_a_regiehouder_of_the_new_team(professional, other_professional, teamleider, team, other_team, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_handover(user=teamleider, dossier=dossier, team=other_team, regiehouder=other_professional)
    assert Dossier.objects.get(pk=dossier.pk).regiehouder_id == other_professional.pk


def test_handover_refuses_a_regiehouder_outside_the_new_team(professional, teamleider, team, other_team, leiden):
    dossier = active_dossier(professional, team, leiden)
    with pytest.raises(InvalidInput) as info:
        services.dossier_handover(user=teamleider, dossier=dossier, team=other_team, regiehouder=professional)
    assert [f for f, _, _ in info.value.errors] == ["regiehouder"]


def test_handover_without_a_teamleider_in_the_new_team_asks_for_a_regiehouder(professional, teamleider, team, other_team, leiden):
    dossier = active_dossier(professional, team, leiden)
    with pytest.raises(InvalidInput) as info:
        services.dossier_handover(user=teamleider, dossier=dossier, team=other_team)
    assert [(f, c) for f, c, _ in info.value.errors] == [("regiehouder", "verplicht")]


def test_a_professional_may_not_hand_over(professional, team, other_team, other_teamleider, leiden):
    dossier = active_dossier(professional, team, leiden)
    with pytest.raises(Forbidden):
        services.dossier_handover(user=professional, dossier=dossier, team=other_team)
    assert Dossier.objects.get(pk=dossier.pk).team_id == team.pk


def test_handover_of_a_child_also_in_another_dossier_of_the_team_is_a_conflict(professional, teamleider, team, other_team,
                                                                                  other_teamleider, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_open(user=professional, team=team, jeugdigen=list(dossier.jeugdigen.all()), aanmelddatum=days_ago(5),
                          aanmelder="zelf", hulpsoort="licht", probleemcategorieen=["opvoeding"])
    with pytest.raises(Conflict):
        services.dossier_handover(user=teamleider, dossier=dossier, team=other_team)
    assert Dossier.objects.get(pk=dossier.pk).team_id == team.pk


def test_handover_is_audited_with_old_and_new_team(professional, teamleider, team, other_team, other_teamleider, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_handover(user=teamleider, dossier=dossier, team=other_team)
    row = AuditLog.objects.filter(action=Action.DOSSIER_OVERDRAGEN).get()
    assert (row.detail["oud"], row.detail["nieuw"], row.detail["contacten"]) == (
        {"team": team.pk, "regiehouder": professional.pk}, {"team": other_team.pk, "regiehouder": other_teamleider.pk}, 1)


def test_a_handover_without_regiehouder_gives_the_regie_to_whom_the_rights_table_lets_hand_over(
        monkeypatch, professional, other_professional, teamleider, team, other_team, other_teamleider, leiden):
    # Not the role name: the rights table says who may hand a dossier on. With HANDOVER for professionals too, the first of
    # the receiving team by username (bob, before otto) takes the regie.
    monkeypatch.setitem(rights.RIGHTS, Capability.HANDOVER,
                        dataclasses.replace(rights.RIGHTS[Capability.HANDOVER], roles=frozenset({Role.PROFESSIONAL, Role.TEAMLEIDER})))
    dossier = active_dossier(professional, team, leiden)
    services.dossier_handover(user=teamleider, dossier=dossier, team=other_team)
    assert Dossier.objects.get(pk=dossier.pk).regiehouder_id == other_professional.pk


def test_a_handover_to_an_unknown_team_is_refused_by_the_service_and_audited(professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    before = snapshot()
    with pytest.raises(InvalidInput) as info:
        services.dossier_handover(user=teamleider, dossier=dossier, team=None)
    row = AuditLog.objects.get(action=Action.DOSSIER_OVERDRAGEN)
    assert ([(f, c) for f, c, _ in info.value.errors], row.result, row.object_id, row.detail["velden"], snapshot()) == (
        [("team", "onbekend_team")], "ongeldig", str(dossier.pk), ["team"], before)


# --- hand-over of a jeugdige without dossier ("a known BSN in another team") ------------------------------------------------


def test_a_jeugdige_without_dossier_is_handed_over_to_the_other_team(professional, teamleider, team, other_team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    services.jeugdige_handover(user=teamleider, jeugdige=jeugdige, team=other_team)
    assert Jeugdige.objects.get(pk=jeugdige.pk).team_id == other_team.pk


def test_a_jeugdige_handover_is_audited_with_old_and_new_team(professional, teamleider, team, other_team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    services.jeugdige_handover(user=teamleider, jeugdige=jeugdige, team=other_team)
    row = AuditLog.objects.get(action=Action.JEUGDIGE_OVERDRAGEN)
    assert (row.object_type, row.object_id, row.result, row.detail) == (
        "jeugdige", str(jeugdige.pk), "ok", {"oud": {"team": team.pk}, "nieuw": {"team": other_team.pk}})


def test_a_jeugdige_in_a_dossier_of_the_team_goes_with_the_dossier_not_alone(professional, teamleider, team, other_team, leiden):
    dossier = active_dossier(professional, team, leiden)
    jeugdige = dossier.jeugdigen.get()
    with pytest.raises(Conflict) as info:
        services.jeugdige_handover(user=teamleider, jeugdige=jeugdige, team=other_team)
    assert (info.value.extra["andereDossiers"], Jeugdige.objects.get(pk=jeugdige.pk).team_id) == ([str(dossier.pk)], team.pk)


def test_a_professional_may_not_hand_over_a_jeugdige(professional, team, other_team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    with pytest.raises(Forbidden):
        services.jeugdige_handover(user=professional, jeugdige=jeugdige, team=other_team)
    row = AuditLog.objects.get(action=Action.JEUGDIGE_OVERDRAGEN)
    assert (row.result, row.object_id, Jeugdige.objects.get(pk=jeugdige.pk).team_id) == ("geweigerd", str(jeugdige.pk), team.pk)


def test_a_jeugdige_handed_to_its_own_team_is_400(professional, teamleider, team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    with pytest.raises(InvalidInput) as info:
        services.jeugdige_handover(user=teamleider, jeugdige=jeugdige, team=team)
    assert [(f, c) for f, c, _ in info.value.errors] == [("team", "zelfde_team")]


def test_a_jeugdige_handed_to_an_unknown_team_is_400_and_audited(professional, teamleider, team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    with pytest.raises(InvalidInput):
        services.jeugdige_handover(user=teamleider, jeugdige=jeugdige, team=None)
    row = AuditLog.objects.get(action=Action.JEUGDIGE_OVERDRAGEN)
    assert (row.result, row.detail["velden"], Jeugdige.objects.get(pk=jeugdige.pk).team_id) == ("ongeldig", ["team"], team.pk)


def test_the_teamleider_of_another_team_cannot_hand_over_a_jeugdige_of_this_team(professional, team, other_team, other_teamleider,
                                                                                  leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    with pytest.raises(NotFound):
        services.jeugdige_handover(user=other_teamleider, jeugdige=jeugdige, team=other_team)
    assert Jeugdige.objects.get(pk=jeugdige.pk).team_id == team.pk


# --- closure request with a reason --------------------------------------------------------------------------------


def test_a_closure_request_keeps_its_toelichting(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_request_closure(user=professional, dossier=dossier, toelichting="  Doelen bereikt, gezin redt zich.  ")
    assert Dossier.objects.get(pk=dossier.pk).afsluiting_toelichting == "Doelen bereikt, gezin redt zich."


def test_closing_clears_the_request_and_its_toelichting(professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_request_closure(user=professional, dossier=dossier, toelichting="Klaar")
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=today(), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja")
    dossier.refresh_from_db()
    assert (dossier.afsluiting_gevraagd_op, dossier.afsluiting_toelichting) == (None, "")


def test_the_closing_status_change_keeps_the_request_it_answers(professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_request_closure(user=professional, dossier=dossier, toelichting="Doelen bereikt")
    gevraagd_op = Dossier.objects.get(pk=dossier.pk).afsluiting_gevraagd_op
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=today(), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja")
    row = StatusWijziging.objects.get(dossier=dossier, naar="afgesloten")
    assert (row.afsluitverzoek_op, row.afsluitverzoek_toelichting) == (gevraagd_op, "Doelen bereikt")


def test_a_closure_without_a_request_keeps_none(professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=today(), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja")
    row = StatusWijziging.objects.get(dossier=dossier, naar="afgesloten")
    assert (row.afsluitverzoek_op, row.afsluitverzoek_toelichting) == (None, "")


def test_erasure_empties_the_kept_toelichting(professional, teamleider, beheerder, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_request_closure(user=professional, dossier=dossier, toelichting="Moeder Anna wil stoppen")
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=today(), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja")
    retention.jeugdige_erase(user=beheerder, jeugdige=dossier.jeugdigen.get(), reden="Verzoek 2026-114")
    assert list(StatusWijziging.objects.exclude(afsluitverzoek_toelichting="").values_list("afsluitverzoek_toelichting", flat=True)) == []


def test_the_dossier_page_shows_the_request_beside_the_closure(client, professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_request_closure(user=professional, dossier=dossier, toelichting="Doelen bereikt")
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=today(), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja")
    client.force_login(teamleider)
    html = client.get(f"/dossiers/{dossier.pk}").content.decode()
    assert f"op verzoek van {today():%d-%m-%Y}: “Doelen bereikt”" in html


# --- the API ---------------------------------------------------------------------------------------------------------


def test_api_adds_a_child_201(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    zus = make_jeugdige(professional, team, leiden)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/jeugdigen", {"jeugdige": str(zus.pk)}, format="json")
    assert (response.status_code, str(zus.pk) in response.json()["jeugdigen"]) == (201, True)


def test_api_add_child_of_another_team_is_400(api, professional, other_professional, team, other_team, leiden, leiderdorp):
    dossier = active_dossier(professional, team, leiden)
    stranger = make_jeugdige(other_professional, other_team, leiderdorp)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/jeugdigen", {"jeugdige": str(stranger.pk)}, format="json")
    assert (response.status_code, [p["name"] for p in response.json()["invalidParams"]]) == (400, ["jeugdige"])


def test_api_add_child_to_a_dossier_of_another_team_is_404(api, professional, other_professional, other_team, leiderdorp, team, leiden):
    dossier = active_dossier(other_professional, other_team, leiderdorp)
    zus = make_jeugdige(professional, team, leiden)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/jeugdigen", {"jeugdige": str(zus.pk)}, format="json")
    assert response.status_code == 404


def test_api_adding_a_child_twice_is_409(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/jeugdigen", {"jeugdige": str(dossier.jeugdigen.get().pk)}, format="json")
    assert response.status_code == 409


def test_api_removes_a_child_204(api, family, teamleider):
    dossier, zus = family
    response = api(teamleider).delete(f"/api/v1/dossiers/{dossier.pk}/jeugdigen/{zus.pk}")
    assert (response.status_code, dossier.jeugdigen.count()) == (204, 1)


def test_api_remove_child_by_a_professional_is_403(api, family, professional):
    dossier, zus = family
    assert api(professional).delete(f"/api/v1/dossiers/{dossier.pk}/jeugdigen/{zus.pk}").status_code == 403


def test_api_remove_a_child_not_in_the_dossier_is_404(api, family, teamleider, professional, team, leiden):
    dossier, _ = family
    other = make_jeugdige(professional, team, leiden)
    assert api(teamleider).delete(f"/api/v1/dossiers/{dossier.pk}/jeugdigen/{other.pk}").status_code == 404


def test_api_remove_a_child_not_in_the_dossier_by_a_professional_is_403_and_audited(api, family, professional, team, leiden):
    dossier, _ = family
    other = make_jeugdige(professional, team, leiden)
    response = api(professional).delete(f"/api/v1/dossiers/{dossier.pk}/jeugdigen/{other.pk}")
    row = AuditLog.objects.filter(action=Action.GEZINSLID_VERWIJDEREN).get()
    assert (response.status_code, row.result, row.object_id) == (403, "geweigerd", str(dossier.pk))


def test_api_remove_a_child_not_in_the_dossier_is_audited_as_not_found(api, family, teamleider, professional, team, leiden):
    dossier, _ = family
    other = make_jeugdige(professional, team, leiden)
    api(teamleider).delete(f"/api/v1/dossiers/{dossier.pk}/jeugdigen/{other.pk}")
    row = AuditLog.objects.filter(action=Action.GEZINSLID_VERWIJDEREN).get()
    assert (row.result, row.object_id) == ("niet_gevonden", str(dossier.pk))


def test_api_remove_the_last_child_is_409(api, professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    assert api(teamleider).delete(f"/api/v1/dossiers/{dossier.pk}/jeugdigen/{dossier.jeugdigen.get().pk}").status_code == 409


def test_api_hands_over_and_the_old_team_no_longer_sees_it(api, professional, teamleider, team, other_team, other_teamleider, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(teamleider).post(f"/api/v1/dossiers/{dossier.pk}/overdragen", {"team": other_team.pk}, format="json")
    assert (response.status_code, api(professional).get(f"/api/v1/dossiers/{dossier.pk}").status_code,
            api(other_teamleider).get(f"/api/v1/dossiers/{dossier.pk}").status_code) == (200, 404, 200)


def test_api_handover_to_an_unknown_team_is_400(api, professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(teamleider).post(f"/api/v1/dossiers/{dossier.pk}/overdragen", {"team": 99999}, format="json")
    assert response.status_code == 400


def test_a_handover_to_an_inactive_team_is_refused_in_dutch_and_changes_nothing(professional, teamleider, team, other_team, leiden):
    dossier = active_dossier(professional, team, leiden)
    other_team.actief = False
    other_team.save()
    before = snapshot()
    with pytest.raises(InvalidInput) as info:
        services.dossier_handover(user=teamleider, dossier=dossier, team=other_team)
    assert (("team", "team_inactief") in [(f, c) for f, c, _ in info.value.errors], snapshot()) == (True, before)


def test_a_jeugdige_is_not_handed_to_an_inactive_team(professional, teamleider, team, other_team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    other_team.actief = False
    other_team.save()
    with pytest.raises(InvalidInput) as info:
        services.jeugdige_handover(user=teamleider, jeugdige=jeugdige, team=other_team)
    assert [(f, c) for f, c, _ in info.value.errors] == [("team", "team_inactief")]


def test_api_handover_by_a_professional_is_403(api, professional, team, other_team, other_teamleider, leiden):
    dossier = active_dossier(professional, team, leiden)
    assert api(professional).post(f"/api/v1/dossiers/{dossier.pk}/overdragen", {"team": other_team.pk}, format="json").status_code == 403


def test_api_handover_to_an_unknown_team_is_a_dutch_400_audited_as_a_refusal(api, professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(teamleider).post(f"/api/v1/dossiers/{dossier.pk}/overdragen", {"team": 99999}, format="json")
    [param] = response.json()["invalidParams"]
    assert ((param["name"], param["code"]), param["reason"].startswith("Onbekend team"),
            AuditLog.objects.filter(action=Action.DOSSIER_OVERDRAGEN, result="ongeldig", object_id=str(dossier.pk)).count(),
            Dossier.objects.get(pk=dossier.pk).team_id) == (("team", "onbekend_team"), True, 1, team.pk)


def test_api_handover_to_an_unknown_regiehouder_is_400_audited_as_a_refusal(api, professional, teamleider, team, other_team,
                                                                            leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(teamleider).post(f"/api/v1/dossiers/{dossier.pk}/overdragen", {"team": other_team.pk, "regiehouder": 99999},
                                    format="json")
    assert (response.status_code, AuditLog.objects.filter(action=Action.DOSSIER_OVERDRAGEN, result="ongeldig").count(),
            Dossier.objects.get(pk=dossier.pk).team_id) == (400, 1, team.pk)


def test_api_hands_over_a_jeugdige_without_dossier(api, professional, teamleider, team, other_team, other_teamleider, leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    response = api(teamleider).post(f"/api/v1/jeugdigen/{jeugdige.pk}/overdragen", {"team": other_team.pk}, format="json")
    assert (response.status_code, response.json()["team"], api(professional).get(f"/api/v1/jeugdigen/{jeugdige.pk}").status_code,
            api(other_teamleider).get(f"/api/v1/jeugdigen/{jeugdige.pk}").status_code) == (200, other_team.pk, 404, 200)


def test_api_jeugdige_handover_to_an_unknown_team_is_400_audited_as_a_refusal(api, professional, teamleider, team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    response = api(teamleider).post(f"/api/v1/jeugdigen/{jeugdige.pk}/overdragen", {"team": 99999}, format="json")
    assert (response.status_code, [p["name"] for p in response.json()["invalidParams"]],
            AuditLog.objects.filter(action=Action.JEUGDIGE_OVERDRAGEN, result="ongeldig").count()) == (400, ["team"], 1)


def test_api_jeugdige_handover_of_a_jeugdige_in_a_dossier_is_409(api, professional, teamleider, team, other_team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(teamleider).post(f"/api/v1/jeugdigen/{dossier.jeugdigen.get().pk}/overdragen", {"team": other_team.pk},
                                     format="json")
    assert (response.status_code, response.json()["andereDossiers"]) == (409, [str(dossier.pk)])


def test_api_jeugdige_handover_by_a_professional_is_403(api, professional, team, other_team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden)
    assert api(professional).post(f"/api/v1/jeugdigen/{jeugdige.pk}/overdragen", {"team": other_team.pk}, format="json").status_code == 403


def test_api_closure_request_with_toelichting(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/afsluitverzoek", {"toelichting": "Doelen bereikt"}, format="json")
    assert (response.status_code, response.json()["afsluitingToelichting"]) == (200, "Doelen bereikt")


def test_api_closure_request_without_body_keeps_working(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/afsluitverzoek")
    assert (response.status_code, response.json()["afsluitingToelichting"]) == (200, "")


def test_api_closure_request_with_unknown_field_is_400(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    response = api(professional).post(f"/api/v1/dossiers/{dossier.pk}/afsluitverzoek", {"reden": "x"}, format="json")
    assert response.status_code == 400


# --- the derivation for a child added later (pure) ------------------------------------------------------------------


def test_from_date_clips_a_running_period_and_counts_only_later_contacts():
    changes = [Change("aangemeld", date(2024, 1, 1)), Change("actief", date(2024, 1, 10))]
    contacts = [ContactFact(date(2024, 1, 10), "zwaar", 60, frozenset({"school"})), ContactFact(date(2024, 2, 1), "licht", 30)]
    [period] = from_date(derive(changes, contacts, "licht", ["opvoeding"]), date(2024, 1, 20), contacts, ["opvoeding"])
    assert (period.start, period.einde, period.aantal_contacten, period.contactminuten, period.hulpsoort, period.categorieen) == (
        date(2024, 1, 20), None, 1, 30, "licht", ("opvoeding",))


def test_from_date_drops_a_period_that_ended_before():
    changes = [Change("aangemeld", date(2024, 1, 1)), Change("actief", date(2024, 1, 10)),
               Change("waakvlam", date(2024, 2, 1), reden_beeindiging="01")]
    contacts = [ContactFact(date(2024, 1, 10), "licht", 60)]
    assert from_date(derive(changes, contacts, "licht", []), date(2024, 3, 1), contacts, []) == []


def test_api_handover_of_a_child_also_in_another_dossier_of_the_team_is_409(api, professional, teamleider, team, other_team,
                                                                           other_teamleider, leiden):
    dossier = active_dossier(professional, team, leiden)
    services.dossier_open(user=professional, team=team, jeugdigen=list(dossier.jeugdigen.all()), aanmelddatum=days_ago(5),
                          aanmelder="zelf", hulpsoort="licht", probleemcategorieen=["opvoeding"])
    response = api(teamleider).post(f"/api/v1/dossiers/{dossier.pk}/overdragen", {"team": other_team.pk}, format="json")
    assert (response.status_code, len(response.json()["andereDossiers"])) == (409, 1)


# --- a child added while it is handed over (row locks, real concurrent transactions) ---------------------------------


def _in_other_transaction(work, ready: threading.Event, problems: list) -> threading.Thread:
    """Run `work` in a transaction of another connection that commits once another session waits for one of its locks
    (`pg_blocking_pids` names this connection; at most 10 s)."""

    def run():
        try:
            with transaction.atomic():
                work()
                ready.set()
                if not wait_until_another_session_waits_on_this_one():
                    problems.append("niemand wachtte op de vergrendelde rij")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert ready.wait(10)
    return thread


def test_a_handover_waits_for_a_child_being_added_to_another_dossier_and_then_refuses(
        migrated_data, professional, teamleider, team, other_team, other_teamleider, leiden):
    broer_dossier = active_dossier(professional, team, leiden)
    kind = broer_dossier.jeugdigen.get()
    ander_dossier = active_dossier(professional, team, leiden)
    ready, problems = threading.Event(), []

    def gezinslid_add_halfway():  # what gezinslid_add holds before it commits: the child's row lock and the new link
        Jeugdige.objects.select_for_update().get(pk=kind.pk)
        Dossier.objects.get(pk=ander_dossier.pk).jeugdigen.add(kind)

    thread = _in_other_transaction(gezinslid_add_halfway, ready, problems)
    try:
        with pytest.raises(Conflict):
            services.dossier_handover(user=teamleider, dossier=broer_dossier, team=other_team)
    finally:
        thread.join()
    assert problems == []
    assert (Jeugdige.objects.get(pk=kind.pk).team_id, Dossier.objects.get(pk=broer_dossier.pk).team_id) == (team.pk, team.pk)


def test_a_child_being_handed_over_meanwhile_is_not_added_to_a_dossier_of_the_old_team(
        migrated_data, professional, team, other_team, leiden):
    dossier = active_dossier(professional, team, leiden)
    kind = make_jeugdige(professional, team, leiden)
    ready, problems = threading.Event(), []

    def handover_halfway():  # what jeugdige_handover holds before it commits: the child's row, moved to the other team
        Jeugdige.objects.select_for_update().filter(pk=kind.pk).update(team=other_team)

    thread = _in_other_transaction(handover_halfway, ready, problems)
    try:
        with pytest.raises(InvalidInput) as info:
            services.gezinslid_add(user=professional, dossier=dossier, jeugdige=kind)
    finally:
        thread.join()
    assert problems == []
    assert [c for _, c, _ in info.value.errors] == ["onbekende_jeugdige"]
    assert not Dossier.objects.get(pk=dossier.pk).jeugdigen.filter(pk=kind.pk).exists()


def test_a_dossier_is_not_opened_for_a_child_handed_over_meanwhile(migrated_data, professional, team, other_team, leiden):
    kind = make_jeugdige(professional, team, leiden)
    ready, problems = threading.Event(), []

    def handover_halfway():
        Jeugdige.objects.select_for_update().filter(pk=kind.pk).update(team=other_team)

    thread = _in_other_transaction(handover_halfway, ready, problems)
    try:
        with pytest.raises(InvalidInput) as info:
            services.dossier_open(user=professional, team=team, jeugdigen=[kind], aanmelddatum=days_ago(1), aanmelder="zelf",
                                  hulpsoort="licht", probleemcategorieen=["opvoeding"])
    finally:
        thread.join()
    assert problems == []
    assert [(f, c) for f, c, _ in info.value.errors] == [("jeugdigen", "onbekende_jeugdige")]
    assert not Dossier.objects.filter(jeugdigen=kind).exists()


def test_an_erasure_beside_a_handover_waits_instead_of_deadlocking(migrated_data, professional, teamleider, beheerder, team, leiden):
    """The hand-over holds the dossier and then wants the child; the erasure of that child must queue behind the dossier
    (the same order) instead of holding the child and wanting the dossier: PostgreSQL would break that deadlock with an error."""
    dossier = active_dossier(professional, team, leiden)
    kind = dossier.jeugdigen.get()
    holding, problems = threading.Event(), []

    def handover():
        try:
            with transaction.atomic():
                Dossier.objects.select_for_update().get(pk=dossier.pk)
                holding.set()
                if not wait_until_another_session_waits_on_this_one():
                    problems.append("de vernietiging wachtte niet op het dossier")
                time.sleep(0.3)  # let the erasure sit in its wait; then take the child, as dossier_handover does
                Jeugdige.objects.select_for_update().get(pk=kind.pk)
        except Exception as exc:  # a deadlock error ends up here
            problems.append(repr(exc))
        finally:
            connections.close_all()

    thread = threading.Thread(target=handover)
    thread.start()
    assert holding.wait(10)
    try:
        done = retention.jeugdige_erase(user=beheerder, jeugdige=kind, reden="Verzoek van 28-11-2026, kenmerk V-12")
    finally:
        thread.join()
    assert problems == []
    assert done.dossier_ids == [str(dossier.pk)]
    assert not Jeugdige.objects.filter(pk=kind.pk, geanonimiseerd_op__isnull=True).exists()
