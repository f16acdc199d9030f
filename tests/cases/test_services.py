"""Rules of the registration (DOMAIN.md section 4), enforced by the services: each rejection
raises a Dutch error and changes nothing."""

from datetime import timedelta

import pytest

from cases import services
from cases.models import Dossier, Hulpperiode
from jgt_registratie.errors import Conflict, Forbidden, InvalidInput, PreconditionFailed
from tests.builders import (
    OTHER_VALID_BSN,
    VALID_BSN,
    active_dossier,
    days_ago,
    last_audit,
    make_contact,
    make_dossier,
    make_jeugdige,
    snapshot,
    today,
)

pytestmark = pytest.mark.django_db


def rejected(exc_type, fn, **kwargs):
    before = snapshot()
    with pytest.raises(exc_type) as info:
        fn(**kwargs)
    assert snapshot() == before
    return info.value


def field_codes(exc):
    return {(field, code) for field, code, _ in exc.errors}


# --- jeugdigen ----------------------------------------------------------------------------------------


def test_register_jeugdige_with_valid_bsn_normalises_postcode(professional, team, leiden):
    kid = make_jeugdige(professional, team, leiden, bsn=VALID_BSN, postcode="2311 ab")
    assert (kid.bsn, kid.huidig_adres.postcode) == (VALID_BSN, "2311AB")


@pytest.mark.parametrize("bsn", ["111222334", "12345678", "abcdefghi", "000000000"])
def test_bsn_failing_11_proef_is_rejected(professional, team, leiden, bsn):
    exc = rejected(InvalidInput, make_jeugdige, user=professional, team=team, gemeente=leiden, bsn=bsn)
    assert field_codes(exc) == {("bsn", "ongeldig_bsn")}
    assert "elfproef" in exc.errors[0][2]


def test_known_bsn_is_a_conflict_naming_the_existing_jeugdige(professional, team, leiden):
    first = make_jeugdige(professional, team, leiden, bsn=OTHER_VALID_BSN)
    exc = rejected(Conflict, make_jeugdige, user=professional, team=team, gemeente=leiden, bsn=OTHER_VALID_BSN)
    assert exc.extra == {"bestaandId": str(first.pk)}


def test_future_birth_date_and_bad_postcode_reported_together(professional, team, leiden):
    exc = rejected(InvalidInput, make_jeugdige, user=professional, team=team, gemeente=leiden,
                   geboortedatum=today() + timedelta(days=1), postcode="23")
    assert field_codes(exc) == {("geboortedatum", "datum_in_toekomst"), ("postcode", "ongeldige_postcode")}


def test_jeugdige_in_a_team_the_user_is_not_in_is_rejected(professional, other_team, leiderdorp):
    exc = rejected(InvalidInput, make_jeugdige, user=professional, team=other_team, gemeente=leiderdorp)
    assert field_codes(exc) == {("team", "onbekend_team")}


def test_gemeente_user_cannot_register(gemeente_user, team, leiden):
    rejected(Forbidden, make_jeugdige, user=gemeente_user, team=team, gemeente=leiden)


# --- dossiers ----------------------------------------------------------------------------------------------


def test_new_dossier_is_aangemeld_with_the_user_as_regiehouder(professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    assert (dossier.status, dossier.regiehouder, dossier.verwijzer) == ("aangemeld", professional, "06")
    assert last_audit().action == "dossier_openen"


def test_dossier_needs_a_known_category(professional, team, leiden):
    kid = make_jeugdige(professional, team, leiden)
    exc = rejected(InvalidInput, make_dossier, user=professional, team=team, gemeente=leiden, jeugdigen=[kid],
                   probleemcategorieen=["bestaat_niet"])
    assert field_codes(exc) == {("probleemcategorieen", "onbekende_categorie")}


def test_regiehouder_must_belong_to_the_team(professional, other_professional, team, leiden):
    kid = make_jeugdige(professional, team, leiden)
    exc = rejected(InvalidInput, make_dossier, user=professional, team=team, gemeente=leiden, jeugdigen=[kid],
                   regiehouder=other_professional)
    assert field_codes(exc) == {("regiehouder", "geen_teamlid")}


def test_preventief_contact_does_not_activate(professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    make_contact(professional, team, dossier=dossier, hulpsoort="preventief")
    assert Dossier.objects.get(pk=dossier.pk).status == "aangemeld"


def test_help_contact_activates_as_of_its_date(professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    make_contact(professional, team, dossier=dossier, datum=days_ago(20))
    dossier.refresh_from_db()
    assert (dossier.status, dossier.status_sinds) == ("actief", days_ago(20))


def test_earlier_help_contact_registered_later_moves_automatic_activation_back(professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    make_contact(professional, team, dossier=dossier, datum=days_ago(20))
    make_contact(professional, team, dossier=dossier, datum=days_ago(40))
    dossier.refresh_from_db()
    assert dossier.status_sinds == days_ago(40)
    assert Hulpperiode.objects.get(dossier=dossier).start == days_ago(40)


def test_earlier_help_contact_moves_an_explicit_activation_back(professional, team, leiden):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=days_ago(100))
    services.dossier_activate(user=professional, dossier=dossier, datum=days_ago(50))
    make_contact(professional, team, dossier=dossier, datum=days_ago(80), hulpsoort="zwaar")
    period = Hulpperiode.objects.get(dossier=dossier)
    assert (period.start, period.hulpsoort, period.aantal_contacten) == (days_ago(80), "zwaar", 1)


def test_waakvlam_needs_evaluatiedatum_within_six_months(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    exc = rejected(InvalidInput, services.dossier_waakvlam, user=professional, dossier=dossier,
                   datum=days_ago(1), evaluatiedatum=days_ago(1) + timedelta(days=200))
    assert field_codes(exc) == {("evaluatiedatum", "evaluatiedatum_te_laat")}


def test_waakvlam_evaluatiedatum_must_follow_its_date(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    exc = rejected(InvalidInput, services.dossier_waakvlam, user=professional, dossier=dossier, datum=days_ago(1), evaluatiedatum=days_ago(1))
    assert field_codes(exc) == {("evaluatiedatum", "evaluatiedatum_te_vroeg")}


def test_waakvlam_ends_the_hulpperiode_at_the_last_help_contact(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(5), evaluatiedatum=today() + timedelta(days=60))
    period = Hulpperiode.objects.get(dossier=dossier)
    assert (period.start, period.einde, period.einde_door) == (days_ago(30), days_ago(30), "waakvlam")


def test_waakvlam_cannot_start_before_the_last_contact(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=55)
    make_contact(professional, team, dossier=dossier, datum=days_ago(20), hulpsoort="zwaar")
    with pytest.raises(InvalidInput) as info:
        services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(50), evaluatiedatum=days_ago(50) + timedelta(days=60))
    assert ("datum", "datum_voor_laatste_contact") in {(f, c) for f, c, _ in info.value.errors}


def test_waakvlam_from_aangemeld_is_an_illegal_transition(professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    exc = rejected(Conflict, services.dossier_waakvlam, user=professional, dossier=dossier, evaluatiedatum=today() + timedelta(days=30))
    assert "Aangemeld" in exc.detail


def test_transition_date_cannot_precede_current_status(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=10)
    exc = rejected(InvalidInput, services.dossier_waakvlam, user=professional, dossier=dossier, datum=days_ago(11),
                   evaluatiedatum=today() + timedelta(days=30))
    assert ("datum", "datum_voor_huidige_status") in field_codes(exc)


def test_professional_may_not_close(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    rejected(Forbidden, services.dossier_close, user=professional, dossier=dossier, einddatum=today(),
             reden_beeindiging="01", doelen_bereikt="ja", zonder_hulp_verder="ja")


def close(teamleider, dossier, einddatum=None, **kw):
    fields = {"einddatum": einddatum or today(), "reden_beeindiging": "01", "doelen_bereikt": "ja", "zonder_hulp_verder": "ja", **kw}
    return services.dossier_close(user=teamleider, dossier=dossier, **fields)


def test_teamleider_closes_with_reason_and_outcome(professional, teamleider, team, leiden):
    dossier = close(teamleider, active_dossier(professional, team, leiden), tevredenheid=4)
    assert (dossier.status, dossier.einddatum, dossier.reden_beeindiging, dossier.tevredenheid) == ("afgesloten", today(), "01", 4)
    assert Hulpperiode.objects.get(dossier=dossier).einde_door == "afsluiting"


def test_categories_of_a_period_come_from_contacts_within_it(professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    make_contact(professional, team, dossier=dossier, datum=days_ago(10), hulpsoort="preventief", probleemcategorieen=["middelen"])
    close(teamleider, dossier, today())
    assert Hulpperiode.objects.get(dossier=dossier).probleemcategorieen == ["opvoeding"]


def test_closing_before_last_contact_is_rejected(professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=30)
    make_contact(professional, team, dossier=dossier, datum=days_ago(3))
    exc = rejected(InvalidInput, close, teamleider=teamleider, dossier=dossier, einddatum=days_ago(5))
    assert field_codes(exc) == {("einddatum", "einddatum_voor_laatste_contact")}


def test_closing_in_the_future_is_rejected(professional, teamleider, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    exc = rejected(InvalidInput, close, teamleider=teamleider, dossier=dossier, einddatum=today() + timedelta(days=1))
    assert ("einddatum", "datum_in_toekomst") in field_codes(exc)


@pytest.mark.parametrize("field,value,code", [("reden_beeindiging", "07", "ongeldige_keuze"),
                                                ("tevredenheid", 6, "ongeldige_tevredenheid"),
                                                ("doelen_bereikt", "misschien", "ongeldige_keuze")])
def test_closing_with_bad_outcome_is_rejected(professional, teamleider, team, leiden, field, value, code):
    dossier = active_dossier(professional, team, leiden)
    exc = rejected(InvalidInput, close, teamleider=teamleider, dossier=dossier, **{field: value})
    assert {c for _, c, _ in exc.errors} == {code}


def test_reopen_is_teamleider_only_and_starts_a_new_period(professional, teamleider, team, leiden):
    dossier = close(teamleider, active_dossier(professional, team, leiden, since=30), einddatum=days_ago(10))
    rejected(Forbidden, services.dossier_reopen, user=professional, dossier=dossier, datum=days_ago(2))
    dossier = services.dossier_reopen(user=teamleider, dossier=dossier, datum=days_ago(2))
    assert (dossier.status, dossier.einddatum, dossier.reden_beeindiging) == ("actief", None, "")
    # 2027.1: the new stretch gives a hulpperiode from its first hulpcontact on, not from the reopening.
    make_contact(professional, team, dossier=dossier, datum=days_ago(1))
    assert list(Hulpperiode.objects.filter(dossier=dossier).values_list("start", "einde")) == [
        (days_ago(30), days_ago(30)), (days_ago(1), None)]


def test_professional_cannot_use_heropenen_on_a_waakvlam_dossier(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden, since=20)
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(5), evaluatiedatum=today() + timedelta(days=30))
    with pytest.raises(Forbidden):
        services.dossier_reopen(user=professional, dossier=dossier, datum=today())


def test_closed_dossier_takes_no_contacts(professional, teamleider, team, leiden):
    dossier = close(teamleider, active_dossier(professional, team, leiden))
    rejected(Conflict, make_contact, user=professional, team=team, dossier=dossier, datum=today())


def test_activeren_does_not_reopen_a_closed_dossier(professional, teamleider, team, leiden):
    dossier = close(teamleider, active_dossier(professional, team, leiden), today())
    with pytest.raises(Conflict):
        services.dossier_activate(user=teamleider, dossier=dossier)
    assert Dossier.objects.get(pk=dossier.pk).status == "afgesloten"


def test_stale_if_match_is_refused(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    stale = dossier.etag
    services.dossier_update(user=professional, dossier=dossier, hulpsoort="middelzwaar")
    rejected(PreconditionFailed, services.dossier_update, user=professional, dossier=dossier, if_match=stale, hulpsoort="zwaar")


# --- contacten -----------------------------------------------------------------------------------------------


def test_contact_without_dossier_holds_only_gemeente_and_age_class(professional, team, leiden):
    contact = make_contact(professional, team, gemeente=leiden, leeftijdsklasse="4-11")
    assert (contact.dossier, contact.gemeente, contact.leeftijdsklasse, contact.notitie) == (None, leiden, "4-11", "")


def test_contact_without_dossier_needs_gemeente_and_age_class(professional, team):
    exc = rejected(InvalidInput, make_contact, user=professional, team=team)
    assert field_codes(exc) == {("gemeente", "verplicht"), ("leeftijdsklasse", "verplicht")}


def test_contact_without_dossier_refuses_a_note(professional, team, leiden):
    exc = rejected(InvalidInput, make_contact, user=professional, team=team, gemeente=leiden, leeftijdsklasse="0-3",
                   notitie="Moeder van Sanne belde")
    assert field_codes(exc) == {("notitie", "geen_persoonsgegevens")}


@pytest.mark.parametrize("minutes", [0, 1441])
def test_contact_longer_than_a_day_is_rejected(professional, team, leiden, minutes):
    exc = rejected(InvalidInput, make_contact, user=professional, team=team, gemeente=leiden, leeftijdsklasse="0-3", duur_minuten=minutes)
    assert field_codes(exc) == {("duurMinuten", "ongeldige_duur")}


def test_future_contact_is_rejected(professional, team, leiden):
    exc = rejected(InvalidInput, make_contact, user=professional, team=team, gemeente=leiden, leeftijdsklasse="0-3",
                   datum=today() + timedelta(days=1))
    assert field_codes(exc) == {("datum", "datum_in_toekomst")}


def test_contact_with_unknown_category_is_rejected(professional, team, leiden):
    exc = rejected(InvalidInput, make_contact, user=professional, team=team, gemeente=leiden, leeftijdsklasse="0-3",
                   probleemcategorieen=["astrologie"])
    assert field_codes(exc) == {("probleemcategorieen", "onbekende_categorie")}


def test_contact_before_aanmelddatum_is_rejected(professional, team, leiden):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=days_ago(10))
    exc = rejected(InvalidInput, make_contact, user=professional, team=team, dossier=dossier, datum=days_ago(11))
    assert field_codes(exc) == {("datum", "datum_voor_aanmelding")}


def test_no_contact_dated_before_a_reopening(professional, teamleider, team, leiden):
    dossier = close(teamleider, active_dossier(professional, team, leiden, since=55), days_ago(40))
    dossier = services.dossier_reopen(user=teamleider, dossier=dossier, datum=days_ago(10))
    before = snapshot()
    with pytest.raises(InvalidInput) as info:
        make_contact(professional, team, dossier=dossier, datum=days_ago(30), hulpsoort="zwaar")
    assert ("datum", "datum_voor_heropening") in {(f, c) for f, c, _ in info.value.errors}
    assert snapshot() == before


def test_negative_registration_time_is_refused(professional, team, leiden):
    error = rejected(InvalidInput, services.contact_register, user=professional, team=team, datum=today(), duur_minuten=10, vorm="telefonisch",
                     hulpsoort="preventief", probleemcategorieen=[], gemeente=leiden, leeftijdsklasse="onbekend", registratieduur_seconden=-1)
    assert field_codes(error) == {("registratieduurSeconden", "ongeldig")}


def test_registration_time_over_an_hour_is_stored_as_not_measured(professional, team, leiden):
    contact = services.contact_register(user=professional, team=team, datum=today(), duur_minuten=10, vorm="telefonisch", hulpsoort="preventief",
                                        probleemcategorieen=[], gemeente=leiden, leeftijdsklasse="onbekend", registratieduur_seconden=3601)
    assert contact.registratieduur_seconden is None


def test_idempotent_contact_replays_and_refuses_other_body(professional, team, leiden):
    fields = dict(team=team, datum=today(), duur_minuten=10, vorm="telefonisch", hulpsoort="preventief",
                  probleemcategorieen=[], gemeente=leiden, leeftijdsklasse="onbekend")
    first, created = services.contact_register_idempotent(user=professional, key="k-1", body_hash="a", **fields)
    again, created_again = services.contact_register_idempotent(user=professional, key="k-1", body_hash="a", **fields)
    assert (again.pk, created, created_again) == (first.pk, True, False)
    rejected(Conflict, services.contact_register_idempotent, user=professional, key="k-1", body_hash="b", **fields)
