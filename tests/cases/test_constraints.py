"""What must never be false is refused by PostgreSQL itself, even by code that bypasses the services."""

import pytest
from django.db import IntegrityError, transaction

from cases.models import Contact, Dossier, Jeugdige
from tests.builders import VALID_BSN, active_dossier, days_ago, make_jeugdige

pytestmark = pytest.mark.django_db


def refused(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_closed_dossier_without_einddatum_and_reden(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    refused(lambda: Dossier.objects.filter(pk=dossier.pk).update(status="afgesloten"))
    assert Dossier.objects.get(pk=dossier.pk).status == "actief"


def test_waakvlam_without_evaluatiedatum(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    refused(lambda: Dossier.objects.filter(pk=dossier.pk).update(status="waakvlam"))


def test_one_bsn_per_organisation(professional, team, leiden):
    make_jeugdige(professional, team, leiden, bsn=VALID_BSN)
    refused(lambda: Jeugdige.objects.create(bsn=VALID_BSN, geboortedatum=days_ago(4000), geslacht="M",
                                            team=team, aangemaakt_door=professional))


def test_contact_without_dossier_needs_gemeente_and_age_class(professional, team):
    refused(lambda: Contact.objects.create(team=team, datum=days_ago(1), duur_minuten=10, vorm="email", hulpsoort="licht",
                                           geregistreerd_door=professional))


def test_contact_without_dossier_holds_no_note(professional, team, leiden):
    refused(lambda: Contact.objects.create(team=team, datum=days_ago(1), duur_minuten=10, vorm="email", hulpsoort="licht",
                                           gemeente=leiden, leeftijdsklasse="0-3", notitie="naam", geregistreerd_door=professional))


def test_contact_longer_than_a_day(professional, team, leiden):
    refused(lambda: Contact.objects.create(team=team, datum=days_ago(1), duur_minuten=1441, vorm="email", hulpsoort="licht",
                                           gemeente=leiden, leeftijdsklasse="0-3", geregistreerd_door=professional))


def test_unknown_status_value(professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    refused(lambda: Dossier.objects.filter(pk=dossier.pk).update(status="slapend"))
