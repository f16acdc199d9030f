"""Migration cases 0009: every dossier's hulpperiodes recomputed under 2027.1 with `derive` and the historical models.

The migration's function runs here on historical models (of the newest migration state) (what `migrate` gives it), on data
built through the services and then made stale, as rows stored under 2026.1 are. The scenarios are ones where the
rules of 2026.1 and 2027.1 agree on start and end (activation at the first hulpcontact), so the test holds with either
`derive`."""

import importlib
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases import retention, services
from cases.models import Hulpperiode
from tests.builders import make_contact, make_dossier, make_jeugdige

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("cases.migrations.0009_hulpperiodes_2027_1")


def migrate():
    # The models of the newest migration state: they match the test database's schema (a later migration dropped columns
    # the state at 0009 still has), and hold every field the function reads.
    loader = MigrationExecutor(connection).loader
    apps = loader.project_state(loader.graph.leaf_nodes("cases")).apps
    MIGRATION.forwards(apps, None)


def stored(dossier):
    return [
        (h.volgnummer, h.start, h.einde, h.hulpsoort, h.einde_door, h.reden_beeindiging, h.doelen_bereikt, h.tevredenheid, h.zonder_hulp_verder,
         h.aantal_contacten, h.contactminuten, h.actief_sinds, h.dossier_categorieen)
        for h in Hulpperiode.objects.filter(dossier=dossier).order_by("jeugdige_id", "volgnummer")
    ]


@pytest.fixture
def waakvlam_dossier(professional, team, leiden):
    """Help from 10-01 to 20-01-2024 (two contacts, 45 + 30 minutes), waakvlam on 01-02 with reden 02; then actief
    again from a contact on 01-03 (still running)."""
    dossier = make_dossier(professional, team, leiden, aanmelddatum=date(2024, 1, 2), probleemcategorieen=["scheiding", "opvoeding"])
    make_contact(professional, team, dossier=dossier, datum=date(2024, 1, 10), hulpsoort="licht")
    make_contact(professional, team, dossier=dossier, datum=date(2024, 1, 20), hulpsoort="middelzwaar", duur_minuten=30)
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=date(2024, 2, 1), evaluatiedatum=date(2024, 2, 1) + timedelta(days=90),
                              reden_beeindiging="02", doelen_bereikt="deels", tevredenheid=4, zonder_hulp_verder="ja")
    services.dossier_activate(user=professional, dossier=dossier, datum=date(2024, 3, 1))
    make_contact(professional, team, dossier=dossier, datum=date(2024, 3, 1), hulpsoort="licht", duur_minuten=20)
    return dossier


def test_stale_rows_are_replaced_by_the_derived_ones_with_outcome_actief_sinds_and_categories(waakvlam_dossier):
    Hulpperiode.objects.update(contactminuten=999, aantal_contacten=0, actief_sinds=None, dossier_categorieen=[], doelen_bereikt="", tevredenheid=None,
                               zonder_hulp_verder="")
    migrate()
    assert stored(waakvlam_dossier) == [
        (1, date(2024, 1, 10), date(2024, 1, 20), "middelzwaar", "waakvlam", "02", "deels", 4, "ja", 2, 75, date(2024, 1, 10),
         ["opvoeding", "scheiding"]),
        (2, date(2024, 3, 1), None, "licht", "", "", "", None, "", 1, 20, date(2024, 3, 1), ["opvoeding", "scheiding"]),
    ]


def test_a_missing_row_is_made_and_a_surplus_one_removed(waakvlam_dossier):
    Hulpperiode.objects.filter(volgnummer=1).delete()
    Hulpperiode.objects.filter(volgnummer=2).update(volgnummer=3)
    migrate()
    assert [row[0] for row in stored(waakvlam_dossier)] == [1, 2]


def test_a_closure_gives_its_outcome_to_the_period_it_ended(professional, teamleider, team, leiden):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=date(2024, 1, 2))
    make_contact(professional, team, dossier=dossier, datum=date(2024, 1, 10), hulpsoort="zwaar")
    services.dossier_close(user=teamleider, dossier=dossier, einddatum=date(2024, 2, 1), reden_beeindiging="03", doelen_bereikt="nee",
                           zonder_hulp_verder="nee", tevredenheid=None)
    migrate()
    assert [row[4:9] for row in stored(dossier)] == [("afsluiting", "03", "nee", None, "nee")]


def test_anonymous_hulpperiodes_of_an_erased_child_stay_as_they_are(professional, beheerder, team, leiden):
    kind, broer = make_jeugdige(professional, team, leiden), make_jeugdige(professional, team, leiden)
    dossier = make_dossier(professional, team, leiden, aanmelddatum=date(2024, 1, 2), jeugdigen=[kind, broer])
    make_contact(professional, team, dossier=dossier, datum=date(2024, 1, 10), hulpsoort="licht")
    retention.jeugdige_erase(user=beheerder, jeugdige=kind, reden="verzoek van de ouders van 3 maart, kenmerk 2024-17")
    Hulpperiode.objects.filter(dossier=dossier).update(contactminuten=777)
    migrate()
    rows = Hulpperiode.objects.filter(dossier=dossier).values_list("jeugdige__geanonimiseerd_op", "contactminuten")
    assert sorted((anoniem is not None, minuten) for anoniem, minuten in rows) == [(False, 45), (True, 777)]


def test_the_remainder_of_a_destroyed_dossier_is_not_recomputed(professional, beheerder, team, leiden):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=date(2024, 1, 2))
    make_contact(professional, team, dossier=dossier, datum=date(2024, 1, 10), hulpsoort="licht")
    retention.jeugdige_erase(user=beheerder, jeugdige=dossier.jeugdigen.get(), reden="verzoek van de ouders van 3 maart, kenmerk 2024-17")
    Hulpperiode.objects.update(contactminuten=777)
    migrate()
    assert [(anoniem is not None, minuten) for anoniem, minuten in Hulpperiode.objects.values_list("dossier__geanonimiseerd_op", "contactminuten")] == [
        (True, 777)]


def test_it_says_how_many_it_recomputed(waakvlam_dossier, capsys):
    migrate()
    assert capsys.readouterr().out == ("\n  Definities 2027.1: de hulpperiodes van 1 dossier(s) zijn opnieuw berekend (hulp loopt van het eerste tot het"
                                       " laatste hulpcontact): 2 hulpperiode(s) vervangen door 2.\n")
