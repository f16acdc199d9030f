"""`generate_load` at N=2,000 (issue 13): every CHECK constraint holds (PostgreSQL checks them as it loads), and the
world is as varied as a real region's years."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from cases.choices import Hulpsoort, Inzet, SoortDoorverwijzing, Status, VerwijzingStatus, Vorm
from cases.models import Adres, Contact, Doorverwijzing, Dossier, Gezinslid, Jeugdige, StatusWijziging
from cases.validation import bsn_is_valid

TOT = date(2026, 10, 31)


class Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """N=2,000 loaded once into the test database (every CHECK constraint is checked by PostgreSQL as it loads)."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                output = StringIO()
                call_command("generate_load", "--dossiers", "2000", "--seed", "7", "--tot", TOT.isoformat(), "--workers", "0",
                             "--ik-weet-het-zeker", stdout=output)
                yield output.getvalue()
                raise Rollback
        except Rollback:
            pass


@pytest.mark.django_db
def test_the_load_reports_its_rows_per_table(loaded):
    assert f"cases_dossier                      {Dossier.objects.count()}" in loaded


@pytest.mark.django_db
def test_two_thousand_dossiers_load_with_every_constraint(loaded):
    assert Dossier.objects.count() == 2000


@pytest.mark.django_db
def test_every_status_occurs_and_dossiers_are_reopened(loaded):
    statuses = set(Dossier.objects.values_list("status", flat=True))
    reopened = StatusWijziging.objects.filter(van=Status.AFGESLOTEN, naar=Status.ACTIEF).exists()
    assert (statuses, reopened) == (set(Status.values), True)


@pytest.mark.django_db
def test_contacts_cover_every_inzet_vorm_and_hulpsoort(loaded):
    seen = (set(Contact.objects.values_list("inzet", flat=True)), set(Contact.objects.values_list("vorm", flat=True)),
            set(Contact.objects.values_list("hulpsoort", flat=True)))
    assert seen == (set(Inzet.values), set(Vorm.values), set(Hulpsoort.values))


@pytest.mark.django_db
def test_about_ten_contacts_per_dossier_as_in_the_reference_load(loaded):
    """Issue 13's reference load has 10.3 M contacts at 1 M dossiers (those without dossier included); at 2,000 the first
    dossier's 500 contacts add a quarter."""
    assert 10.0 < Contact.objects.count() / 2000 < 10.9


@pytest.mark.django_db
def test_about_a_quarter_of_the_contacts_have_no_dossier(loaded):
    share = Contact.objects.filter(dossier__isnull=True).count() / Contact.objects.count()
    assert 0.22 < share < 0.32


@pytest.mark.django_db
def test_referrals_cover_every_soort_and_every_outcome(loaded):
    seen = (set(Doorverwijzing.objects.values_list("soort", flat=True)), set(Doorverwijzing.objects.values_list("status", flat=True)))
    assert seen == (set(SoortDoorverwijzing.values), set(VerwijzingStatus.values))


@pytest.mark.django_db
def test_families_have_two_or_three_children_and_some_are_added_later(loaded):
    sizes = Counter(Dossier.jeugdigen.through.objects.values_list("dossier_id", flat=True))
    assert (set(sizes.values()), Gezinslid.objects.exists()) == ({1, 2, 3}, True)


@pytest.mark.django_db
def test_some_jeugdigen_move(loaded):
    assert Adres.objects.filter(geldig_vanaf__isnull=False).exists()


@pytest.mark.django_db
def test_registrations_span_five_years(loaded):
    years = set(Dossier.objects.values_list("aanmelddatum__year", flat=True))
    assert years == {2021, 2022, 2023, 2024, 2025, 2026}


@pytest.mark.django_db
def test_every_bsn_is_valid_and_unique(loaded):
    bsns = list(Jeugdige.objects.exclude(bsn=None).values_list("bsn", flat=True))
    assert (all(bsn_is_valid(b) for b in bsns), len(set(bsns)) == len(bsns)) == (True, True)


@pytest.mark.django_db
def test_the_first_dossier_has_five_hundred_contacts(loaded):
    longest = Contact.objects.exclude(dossier=None).values("dossier").annotate(n=Count("id")).order_by("-n").first()
    assert longest["n"] == 500
