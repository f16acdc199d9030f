"""Definitions 2027.1 through the services (DOMAIN.md section 4, API.md 1.1 "Contacts"): help starts at the first
hulpcontact, only inzet `hulp` is help, ended hulpperiodes are frozen, and only an explicit correction (a contact
edited, deleted, attached or registered late, a backdated activation) recomputes the ones it touches and marks them.

The world: a dossier of Leiden Noord aangemeld on 2024-01-08 (category opvoeding), with 30-minute contacts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services
from cases.models import Contact, Correctie, Dossier, Hulpperiode
from jgt_registratie.errors import Conflict, Forbidden, InvalidInput, NotFound
from jgt_registratie.models import AuditLog, Role
from tests.builders import d, make_dossier, make_jeugdige
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AANMELDDATUM = "2024-01-08"


def open_dossier(user, team, gemeente, *, kids=1, categorieen=("opvoeding",)):
    jeugdigen = [make_jeugdige(user, team, gemeente) for _ in range(kids)]
    return make_dossier(user, team, gemeente, jeugdigen=jeugdigen, aanmelddatum=d(AANMELDDATUM), probleemcategorieen=list(categorieen))


def contact(user, team, dossier, datum, hulpsoort="licht", *, inzet="hulp", categorieen=("opvoeding",), **extra):
    return services.contact_register(user=user, team=team, dossier=dossier, datum=d(datum), duur_minuten=30, vorm="face_to_face",
                                     hulpsoort=hulpsoort, inzet=inzet, probleemcategorieen=list(categorieen), **extra)


def waakvlam(user, dossier, datum):
    return services.dossier_waakvlam(user=user, dossier=dossier, datum=d(datum), evaluatiedatum=d(datum) + timedelta(days=60))


def close(teamleider, dossier, einddatum):
    return services.dossier_close(user=teamleider, dossier=dossier, einddatum=d(einddatum), reden_beeindiging="02",
                                  doelen_bereikt="deels", zonder_hulp_verder="ja", tevredenheid=4)


def periods(dossier):
    return [(p.start, p.einde, p.hulpsoort, p.aantal_contacten, p.contactminuten, p.probleemcategorieen)
            for p in Hulpperiode.objects.filter(dossier=dossier).order_by("jeugdige_id", "volgnummer")]


def corrections():
    """The corrections (each touching its dates up to the end of their stretch of actief, here 2024-03-01: the ended
    hulpperiode shows its values in the period it ended in) of contacts and of dossier changes (the backdated status changes that build the test worlds are
    corrections too, `test_a_backdated_status_change_is_a_correction`)."""
    explicit_status_changes = AuditLog.objects.filter(
        action__in=["dossier_activeren", "dossier_waakvlam", "dossier_afsluiten", "dossier_heropenen"], detail__has_key="correctie",
    ).values_list("detail__correctie", flat=True)
    return [(c.soort, c.datum_van, c.datum_tot, c.hulpperiodes_gewijzigd)
            for c in Correctie.objects.exclude(pk__in=list(explicit_status_changes)).order_by("id")]


def test_a_backdated_status_change_is_a_correction(professional, team, leiden):
    """Activated (explicitly) from a date in the past: the help of the days since changes, so it is on record."""
    dossier = make_dossier(professional, team, leiden, aanmelddatum=d("2024-01-02"))
    services.dossier_activate(user=professional, dossier=dossier, datum=d("2024-01-05"))
    (row,) = Correctie.objects.all()
    audit = AuditLog.objects.get(action="dossier_activeren", object_id=str(dossier.pk))
    assert ((row.soort, row.datum_van, row.datum_tot, row.dossier_id), audit.detail["correctie"]) == (
        ("status_teruggezet", d("2024-01-05"), timezone.localdate(), dossier.pk), row.pk)


def test_a_status_change_of_today_is_no_correction(professional, team, leiden):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=d("2024-01-02"))
    services.dossier_activate(user=professional, dossier=dossier)
    assert list(Correctie.objects.all()) == []


def marked(dossier):
    return [p.gecorrigeerd_op is not None for p in Hulpperiode.objects.filter(dossier=dossier).order_by("jeugdige_id", "volgnummer")]


@pytest.fixture
def ended(professional, team, leiden):
    """Help on 2024-01-15 (licht, activating) and 2024-02-01 (middelzwaar), then waakvlam on 2024-03-01."""
    dossier = open_dossier(professional, team, leiden)
    first = contact(professional, team, dossier, "2024-01-15")
    last = contact(professional, team, dossier, "2024-02-01", "middelzwaar")
    waakvlam(professional, dossier, "2024-03-01")
    return Dossier.objects.get(pk=dossier.pk), first, last


ENDED = (d("2024-01-15"), d("2024-02-01"), "middelzwaar", 2, 60, ["opvoeding"])


# --- the start of help, and what is help -------------------------------------------------------------------------


def test_activated_weeks_before_the_first_hulpcontact_help_starts_at_that_contact(professional, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    services.dossier_activate(user=professional, dossier=dossier, datum=d("2024-01-15"))
    contact(professional, team, dossier, "2024-01-22", inzet="toegang")
    contact(professional, team, dossier, "2024-02-26", "middelzwaar")
    period = Hulpperiode.objects.get(dossier=dossier)
    assert (period.actief_sinds, period.start, period.einde, period.hulpsoort, period.aantal_contacten) == (
        d("2024-01-15"), d("2024-02-26"), None, "middelzwaar", 1)


def test_actief_without_a_hulpcontact_is_waiting_not_help(professional, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    services.dossier_activate(user=professional, dossier=dossier, datum=d("2024-01-15"))
    assert Hulpperiode.objects.filter(dossier=dossier).count() == 0


def test_regie_only_dossier_stays_aangemeld_without_a_hulpperiode(professional, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    for datum, inzet in (("2024-01-15", "regie"), ("2024-02-01", "regie"), ("2024-02-15", "advies")):
        contact(professional, team, dossier, datum, "zwaar", inzet=inzet)
    assert (Dossier.objects.get(pk=dossier.pk).status, Hulpperiode.objects.filter(dossier=dossier).count()) == ("aangemeld", 0)


def test_regie_only_dossier_activated_explicitly_still_gives_no_hulpperiode(professional, teamleider, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    services.dossier_activate(user=professional, dossier=dossier, datum=d("2024-01-10"))
    contact(professional, team, dossier, "2024-01-15", "zwaar", inzet="regie")
    close(teamleider, dossier, "2024-03-01")
    assert Hulpperiode.objects.filter(dossier=dossier).count() == 0


def test_the_ended_period_keeps_reden_outcome_and_the_dossiers_categories_of_that_moment(professional, teamleider, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    contact(professional, team, dossier, "2024-01-15", categorieen=["school"])
    close(teamleider, dossier, "2024-03-01")
    p = Hulpperiode.objects.get(dossier=dossier)
    assert (p.einde_door, p.reden_beeindiging, p.doelen_bereikt, p.tevredenheid, p.zonder_hulp_verder, p.probleemcategorieen,
            p.dossier_categorieen, p.gecorrigeerd_op) == ("afsluiting", "02", "deels", 4, "ja", ["opvoeding", "school"], ["opvoeding"], None)


def test_a_new_contact_updates_the_running_period_in_place(professional, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    contact(professional, team, dossier, "2024-01-15")
    pk = Hulpperiode.objects.get(dossier=dossier).pk
    contact(professional, team, dossier, "2024-02-01", "zwaar")
    p = Hulpperiode.objects.get(dossier=dossier)
    assert (p.pk, p.hulpsoort, p.aantal_contacten, p.gecorrigeerd_op) == (pk, "zwaar", 2, None)


# --- frozen: a PATCH of the dossier after the help ended ----------------------------------------------------------


def test_patch_after_waakvlam_leaves_the_ended_period_alone(ended, professional):
    dossier, _, _ = ended
    services.dossier_update(user=professional, dossier=dossier, hulpsoort="zwaar", probleemcategorieen=["school", "psychisch"])
    assert (periods(dossier), marked(dossier)) == ([ENDED], [False])


def test_patch_after_waakvlam_is_a_correction_of_today_changing_nothing_ended(ended, professional):
    dossier, _, _ = ended
    services.dossier_update(user=professional, dossier=dossier, probleemcategorieen=["school"])
    today = timezone.localdate()
    assert corrections() == [("dossier_gewijzigd", today, today, 0)]


def test_patch_of_the_running_periods_categories_is_a_correction_from_its_start(professional, team, leiden):
    # so a published report of those dates names it (reporting.versions), not only reports of today
    dossier = open_dossier(professional, team, leiden)
    contact(professional, team, dossier, "2024-01-15")
    services.dossier_update(user=professional, dossier=Dossier.objects.get(pk=dossier.pk), probleemcategorieen=["school"])
    assert corrections() == [("dossier_gewijzigd", d("2024-01-15"), timezone.localdate(), 1)]


def test_patch_of_gestart_met_crisis_is_a_correction_from_the_aanmelding(ended, professional):
    # every record of the dossier carries it, the ended ones too
    dossier, _, _ = ended
    services.dossier_update(user=professional, dossier=dossier, gestart_met_crisis=True)
    assert corrections() == [("dossier_gewijzigd", d(AANMELDDATUM), timezone.localdate(), 0)]


def test_patch_after_closure_and_reopening_leaves_the_closed_period_alone(professional, teamleider, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    contact(professional, team, dossier, "2024-01-15")
    close(teamleider, dossier, "2024-03-01")
    services.dossier_reopen(user=teamleider, dossier=dossier, datum=d("2024-04-01"))
    services.dossier_update(user=professional, dossier=dossier, hulpsoort="zwaar", probleemcategorieen=["school"])
    assert (periods(dossier), marked(dossier)) == ([(d("2024-01-15"), d("2024-01-15"), "licht", 1, 30, ["opvoeding"])], [False])


def test_patch_of_categories_changes_and_marks_the_running_period(professional, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    contact(professional, team, dossier, "2024-01-15")
    services.dossier_update(user=professional, dossier=Dossier.objects.get(pk=dossier.pk), probleemcategorieen=["school"])
    p = Hulpperiode.objects.get(dossier=dossier)
    assert (p.probleemcategorieen, p.dossier_categorieen, p.gecorrigeerd_op is not None, corrections()[0][3]) == (
        ["opvoeding", "school"], ["school"], True, 1)


# --- corrections recompute and mark what they touch ---------------------------------------------------------------


def test_edited_contact_changes_the_ended_period_and_marks_it(ended, teamleider):
    dossier, _, last = ended
    services.contact_update(user=teamleider, contact=last, hulpsoort="zwaar", datum=d("2024-02-10"))
    assert (periods(dossier), marked(dossier)) == ([(d("2024-01-15"), d("2024-02-10"), "zwaar", 2, 60, ["opvoeding"])], [True])
    assert corrections() == [("contact_gewijzigd", d("2024-02-01"), d("2024-03-01"), 1)]


def test_a_correction_recomputes_with_the_dossiers_categories_of_when_the_help_ended(ended, professional, teamleider):
    dossier, first, _ = ended
    services.dossier_update(user=professional, dossier=dossier, probleemcategorieen=["school"])
    services.contact_update(user=teamleider, contact=first, probleemcategorieen=["sociaal"])
    assert periods(dossier)[0][5] == ["opvoeding", "sociaal"]  # the contact's old "opvoeding" stays as the dossier's


def test_a_correction_that_changes_no_value_does_not_mark(ended, teamleider):
    dossier, first, _ = ended
    services.contact_update(user=teamleider, contact=first, notitie="Gesprek met moeder.")
    assert (marked(dossier), corrections()) == ([False], [("contact_gewijzigd", d("2024-01-15"), d("2024-03-01"), 0)])


def test_deleted_contact_changes_the_ended_period_and_marks_it(ended, teamleider):
    dossier, _, last = ended
    services.contact_delete(user=teamleider, contact=last)
    assert (periods(dossier), marked(dossier)) == ([(d("2024-01-15"), d("2024-01-15"), "licht", 1, 30, ["opvoeding"])], [True])
    assert corrections() == [("contact_verwijderd", d("2024-02-01"), d("2024-03-01"), 1)]


def test_deleting_the_only_hulpcontact_deletes_the_ended_period(professional, team, leiden, teamleider):
    dossier = open_dossier(professional, team, leiden)
    only = contact(professional, team, dossier, "2024-01-15")
    waakvlam(professional, dossier, "2024-03-01")
    services.contact_delete(user=teamleider, contact=only)
    assert (Hulpperiode.objects.filter(dossier=dossier).count(), corrections()) == (
        0, [("contact_verwijderd", d("2024-01-15"), d("2024-03-01"), 1)])


def test_attached_contact_changes_the_ended_period_and_marks_it(ended, professional, team, leiden):
    dossier, _, _ = ended
    loose = contact(professional, team, None, "2024-01-20", "zwaar", categorieen=["school"], gemeente=leiden, leeftijdsklasse="4-11")
    services.contact_attach(user=professional, contact=loose, dossier=dossier)
    loose.refresh_from_db()
    assert (loose.dossier_id, loose.gemeente_id, loose.leeftijdsklasse) == (dossier.pk, None, "")
    assert (periods(dossier), marked(dossier)) == ([(d("2024-01-15"), d("2024-02-01"), "zwaar", 3, 90, ["opvoeding", "school"])], [True])
    assert corrections() == [("contact_gekoppeld", d("2024-01-20"), d("2024-03-01"), 1)]


def test_contact_registered_late_inside_the_ended_stretch_is_a_correction(ended, professional, team):
    dossier, _, _ = ended
    contact(professional, team, dossier, "2024-02-20", "zwaar")
    assert (periods(dossier), marked(dossier)) == ([(d("2024-01-15"), d("2024-02-20"), "zwaar", 3, 90, ["opvoeding"])], [True])
    assert corrections() == [("contact_nagekomen", d("2024-02-20"), d("2024-03-01"), 1)]


def test_contact_registered_during_waakvlam_is_no_correction(ended, professional, team):
    dossier, _, _ = ended
    contact(professional, team, dossier, "2024-03-10")
    assert (periods(dossier), marked(dossier), corrections()) == ([ENDED], [False], [])


def test_a_correction_in_a_gezinsdossier_changes_each_childs_period(professional, team, leiden, teamleider):
    dossier = open_dossier(professional, team, leiden, kids=2)
    only = contact(professional, team, dossier, "2024-01-15")
    contact(professional, team, dossier, "2024-02-01")
    waakvlam(professional, dossier, "2024-03-01")
    services.contact_update(user=teamleider, contact=only, duur_minuten=90)
    assert (marked(dossier), corrections()) == ([True, True], [("contact_gewijzigd", d("2024-01-15"), d("2024-03-01"), 2)])


def test_an_earlier_period_removed_by_a_correction_renumbers_the_later_ones(professional, teamleider, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    only = contact(professional, team, dossier, "2024-01-15")
    waakvlam(professional, dossier, "2024-02-01")
    services.dossier_activate(user=professional, dossier=dossier, datum=d("2024-03-01"))
    contact(professional, team, dossier, "2024-03-04", "zwaar")
    services.contact_delete(user=teamleider, contact=only)
    assert list(Hulpperiode.objects.filter(dossier=dossier).values_list("volgnummer", "start", "einde")) == [(1, d("2024-03-04"), None)]


def test_moving_the_activation_back_is_a_backdated_status_change(professional, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    contact(professional, team, dossier, "2024-02-01")
    contact(professional, team, dossier, "2024-01-15")
    assert (Dossier.objects.get(pk=dossier.pk).status_sinds, corrections()) == (
        d("2024-01-15"), [("status_teruggezet", d("2024-01-15"), d("2024-02-01"), 1)])


def test_correction_audit_keeps_old_and_new_values(ended, teamleider):
    _, _, last = ended
    services.contact_update(user=teamleider, contact=last, hulpsoort="zwaar", duur_minuten=45)
    row = AuditLog.objects.get(action="contact_wijzigen", result="ok")
    correctie = Correctie.objects.get(soort="contact_gewijzigd")
    assert row.detail == {"correctie": correctie.pk, "oud": {"duurMinuten": 30, "hulpsoort": "middelzwaar"},
                          "nieuw": {"duurMinuten": 45, "hulpsoort": "zwaar"}, "hulpperiodesGewijzigd": 1}


# --- who may correct ---------------------------------------------------------------------------------------------


def test_registering_professional_corrects_own_contact_within_14_days(ended, professional):
    _, _, last = ended
    services.contact_update(user=professional, contact=last, duur_minuten=45)
    assert Contact.objects.get(pk=last.pk).duur_minuten == 45


def test_professional_may_not_correct_own_contact_after_14_days(ended, professional):
    _, _, last = ended
    Contact.objects.filter(pk=last.pk).update(geregistreerd_op=timezone.now() - timedelta(days=15))
    with pytest.raises(Forbidden) as refused:
        services.contact_update(user=professional, contact=last, duur_minuten=45)
    assert (Contact.objects.get(pk=last.pk).duur_minuten, "14 dagen" in refused.value.detail, corrections()) == (30, True, [])


def test_professional_may_not_correct_a_colleagues_contact(ended, team):
    _, _, last = ended
    colleague = UserFactory(username="carla", role=Role.PROFESSIONAL, teams=[team])
    with pytest.raises(Forbidden) as refused:
        services.contact_delete(user=colleague, contact=last)
    assert (Contact.objects.filter(pk=last.pk).exists(), refused.value.detail) == (
        True, "U mag alleen uw eigen contacten corrigeren. Vraag de teamleider om dit contact te corrigeren.")


def test_teamleider_corrects_any_contact_of_the_team_also_after_14_days(ended, teamleider):
    _, _, last = ended
    Contact.objects.filter(pk=last.pk).update(geregistreerd_op=timezone.now() - timedelta(days=400))
    services.contact_delete(user=teamleider, contact=last)
    assert Contact.objects.filter(pk=last.pk).exists() is False


def test_refused_correction_is_audited_once(ended, team):
    _, _, last = ended
    colleague = UserFactory(username="carla", role=Role.PROFESSIONAL, teams=[team])
    with pytest.raises(Forbidden):
        services.contact_update(user=colleague, contact=last, duur_minuten=45)
    assert list(AuditLog.objects.filter(action="contact_wijzigen").values_list("username", "result")) == [("carla", "geweigerd")]


def test_another_teams_contact_is_not_found(ended, other_professional):
    _, _, last = ended
    with pytest.raises(NotFound):
        services.contact_update(user=other_professional, contact=last, duur_minuten=45)


# --- bad input and state -----------------------------------------------------------------------------------------


def test_correction_follows_the_rules_of_registration(ended, teamleider):
    _, _, last = ended
    with pytest.raises(InvalidInput) as refused:
        services.contact_update(user=teamleider, contact=last, datum=d("2024-01-01"), duur_minuten=0, inzet="hulpje")
    assert {(f, c) for f, c, _ in refused.value.errors} == {
        ("datum", "datum_voor_aanmelding"), ("duurMinuten", "ongeldige_duur"), ("inzet", "ongeldige_keuze")}


def test_contact_of_a_closed_dossier_cannot_move_past_its_einddatum(professional, teamleider, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    only = contact(professional, team, dossier, "2024-01-15")
    close(teamleider, dossier, "2024-03-01")
    with pytest.raises(InvalidInput) as refused:
        services.contact_update(user=teamleider, contact=only, datum=d("2024-03-02"))
    assert [c for _, c, _ in refused.value.errors] == ["datum_na_einddatum"]


def test_attaching_a_contact_that_has_a_dossier_is_a_conflict(ended, professional):
    dossier, first, _ = ended
    with pytest.raises(Conflict):
        services.contact_attach(user=professional, contact=first, dossier=dossier)


def test_attaching_before_the_aanmelddatum_is_refused(ended, professional, team, leiden):
    dossier, _, _ = ended
    loose = contact(professional, team, None, "2024-01-02", gemeente=leiden, leeftijdsklasse="4-11")
    with pytest.raises(InvalidInput) as refused:
        services.contact_attach(user=professional, contact=loose, dossier=dossier)
    assert [c for _, c, _ in refused.value.errors] == ["datum_voor_aanmelding"]


def test_attaching_to_a_closed_dossier_is_a_conflict(professional, teamleider, team, leiden):
    dossier = open_dossier(professional, team, leiden)
    contact(professional, team, dossier, "2024-01-15")
    close(teamleider, dossier, "2024-03-01")
    loose = contact(professional, team, None, "2024-01-20", gemeente=leiden, leeftijdsklasse="4-11")
    with pytest.raises(Conflict):
        services.contact_attach(user=professional, contact=loose, dossier=Dossier.objects.get(pk=dossier.pk))


# --- the API (API.md 1.1 "Contacts") ------------------------------------------------------------------------------

API = "/api/v1"


def test_api_patch_corrects_and_the_dossier_shows_the_marked_period(ended, api, teamleider):
    dossier, _, last = ended
    client = api(teamleider)
    response = client.patch(f"{API}/contacten/{last.pk}", {"hulpsoort": "zwaar", "inzet": "hulp"}, format="json")
    assert (response.status_code, response.json()["hulpsoort"]) == (200, "zwaar")
    (period,) = client.get(f"{API}/dossiers/{dossier.pk}").json()["hulpperiodes"]
    assert ({k: period[k] for k in ("start", "einde", "hulpsoort", "actiefSinds", "eindeDoor", "redenBeeindiging")},
            period["gecorrigeerdOp"] is not None) == (
        {"start": "2024-01-15", "einde": "2024-02-01", "hulpsoort": "zwaar", "actiefSinds": "2024-01-15", "eindeDoor": "waakvlam",
         "redenBeeindiging": "01"}, True)


def test_api_dossier_shows_an_unmarked_period_with_gecorrigeerd_op_null(ended, api, professional):
    dossier, _, _ = ended
    (period,) = api(professional).get(f"{API}/dossiers/{dossier.pk}").json()["hulpperiodes"]
    assert period["gecorrigeerdOp"] is None


def test_api_delete_is_204(ended, api, teamleider):
    _, _, last = ended
    response = api(teamleider).delete(f"{API}/contacten/{last.pk}")
    assert (response.status_code, Contact.objects.filter(pk=last.pk).exists()) == (204, False)


def test_api_koppelen_returns_the_attached_contact(ended, api, professional, team, leiden):
    dossier, _, _ = ended
    loose = contact(professional, team, None, "2024-01-20", gemeente=leiden, leeftijdsklasse="4-11")
    response = api(professional).post(f"{API}/contacten/{loose.pk}/koppelen", {"dossier": str(dossier.pk)}, format="json")
    body = response.json()
    assert (response.status_code, body["dossier"], body["gemeente"], body["leeftijdsklasse"]) == (200, str(dossier.pk), None, "")


def test_api_koppelen_a_contact_with_dossier_is_409(ended, api, professional):
    dossier, first, _ = ended
    response = api(professional).post(f"{API}/contacten/{first.pk}/koppelen", {"dossier": str(dossier.pk)}, format="json")
    assert (response.status_code, response["Content-Type"]) == (409, "application/problem+json")


def test_api_koppelen_to_an_unknown_dossier_is_400(ended, api, professional, team, leiden):
    loose = contact(professional, team, None, "2024-01-20", gemeente=leiden, leeftijdsklasse="4-11")
    response = api(professional).post(f"{API}/contacten/{loose.pk}/koppelen", {"dossier": "7f0e1c1e-0000-4000-8000-000000000000"},
                                      format="json")
    assert (response.status_code, [(p["name"], p["code"]) for p in response.json()["invalidParams"]]) == (
        400, [("dossier", "onbekend_dossier")])


def test_api_patch_bad_input_is_400(ended, api, teamleider):
    _, _, last = ended
    response = api(teamleider).patch(f"{API}/contacten/{last.pk}", {"duurMinuten": 0}, format="json")
    assert (response.status_code, [p["name"] for p in response.json()["invalidParams"]]) == (400, ["duurMinuten"])


def test_api_patch_after_14_days_is_403_in_dutch(ended, api, professional):
    _, _, last = ended
    Contact.objects.filter(pk=last.pk).update(geregistreerd_op=timezone.now() - timedelta(days=15))
    response = api(professional).patch(f"{API}/contacten/{last.pk}", {"duurMinuten": 45}, format="json")
    assert (response.status_code, response.json()["recht"]) == (403, "contact_correction")


def test_api_correcting_another_teams_contact_is_404(ended, api, other_professional):
    _, _, last = ended
    response = api(other_professional).delete(f"{API}/contacten/{last.pk}")
    assert (response.status_code, Contact.objects.filter(pk=last.pk).exists()) == (404, True)


def test_correcting_a_contact_without_dossier_is_a_correction_without_hulpperiodes(professional, team, leiden):
    loose = contact(professional, team, None, "2024-01-20", "preventief", gemeente=leiden, leeftijdsklasse="4-11")
    services.contact_update(user=professional, contact=loose, datum=d("2024-01-22"))
    assert list(Correctie.objects.values_list("soort", "datum_van", "datum_tot", "dossier", "hulpperiodes_gewijzigd")) == [
        ("contact_gewijzigd", d("2024-01-20"), d("2024-01-22"), None, 0)]
