"""Issue 13: registering a contact rebuilds only the stretch of actief it can change, with a number of queries that
does not depend on the dossier's history, and gives exactly what the whole derivation gives."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import hulpperiodes, services
from cases.models import Dossier, Hulpperiode
from tests.builders import active_dossier, days_ago, make_contact, make_dossier, today

pytestmark = pytest.mark.django_db


def long_history(professional, team, leiden) -> Dossier:
    """Three stretches of actief, two ended by waakvlam, with 4 contacts each."""
    dossier = make_dossier(professional, team, leiden, aanmelddatum=days_ago(310))
    make_contact(professional, team, dossier=dossier, datum=days_ago(300))
    for start in (300, 200, 100):
        if start != 300:
            services.dossier_activate(user=professional, dossier=Dossier.objects.get(pk=dossier.pk), datum=days_ago(start))
        for day in range(start - 1, start - 9, -2):
            make_contact(professional, team, dossier=dossier, datum=days_ago(day), duur_minuten=day % 50 + 10)
        if start != 100:
            services.dossier_waakvlam(user=professional, dossier=Dossier.objects.get(pk=dossier.pk), datum=days_ago(start - 20),
                                      evaluatiedatum=days_ago(start - 50))
    return Dossier.objects.get(pk=dossier.pk)


def register_queries(professional, team, dossier) -> int:
    with CaptureQueriesContext(connection) as queries:
        make_contact(professional, team, dossier=dossier, datum=today())
    return len(queries)


def test_registering_takes_as_many_queries_on_a_long_history_as_on_a_short_one(professional, team, leiden):
    short = active_dossier(professional, team, leiden, since=30)
    long = long_history(professional, team, leiden)
    assert register_queries(professional, team, long) == register_queries(professional, team, short)


def test_the_rebuild_reads_only_the_contacts_of_the_running_stretch(professional, team, leiden):
    dossier = long_history(professional, team, leiden)
    with CaptureQueriesContext(connection) as queries:
        hulpperiodes.rebuild(dossier)
    contact_reads = [q["sql"] for q in queries if 'FROM "cases_contact"' in q["sql"] and "INSERT" not in q["sql"]]
    assert contact_reads and all(f"'{days_ago(100).isoformat()}'" in sql for sql in contact_reads)


def test_the_stored_hulpperiodes_are_what_the_whole_derivation_gives(professional, team, leiden):
    dossier = long_history(professional, team, leiden)
    make_contact(professional, team, dossier=dossier, datum=today())
    changes, contacts, categorieen = hulpperiodes.facts_of(dossier)
    derived = [(p.start, p.einde, p.aantal_contacten, p.contactminuten, p.hulpsoort)
               for p in hulpperiodes.derive(changes, contacts, dossier.hulpsoort, categorieen)]
    stored = list(Hulpperiode.objects.filter(dossier=dossier).order_by("volgnummer")
                  .values_list("start", "einde", "aantal_contacten", "contactminuten", "hulpsoort"))
    assert (len(stored), stored) == (3, derived)


def test_a_waakvlam_today_ends_the_running_hulpperiode_from_the_running_stretch_alone(professional, team, leiden):
    dossier = long_history(professional, team, leiden)
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=today(), evaluatiedatum=today() + timedelta(days=30))
    last = Hulpperiode.objects.filter(dossier=dossier).order_by("-volgnummer").values_list("start", "einde", "aantal_contacten").first()
    assert last == (days_ago(99), days_ago(93), 4)


def test_a_waakvlam_and_reactivation_on_one_day_keep_the_ended_hulpperiode(professional, team, leiden):
    dossier = long_history(professional, team, leiden)
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=today(), evaluatiedatum=today() + timedelta(days=30))
    services.dossier_activate(user=professional, dossier=Dossier.objects.get(pk=dossier.pk), datum=today())
    assert list(Hulpperiode.objects.filter(dossier=dossier).order_by("volgnummer").values_list("einde", flat=True)) == [
        days_ago(293), days_ago(193), days_ago(93)]


def test_a_rebuild_with_nothing_stored_derives_every_stretch(professional, team, leiden):
    dossier = long_history(professional, team, leiden)
    before = list(Hulpperiode.objects.filter(dossier=dossier).order_by("volgnummer").values_list("start", "einde", "aantal_contacten"))
    Hulpperiode.objects.filter(dossier=dossier).delete()
    hulpperiodes.rebuild(dossier)
    after = list(Hulpperiode.objects.filter(dossier=dossier).order_by("volgnummer").values_list("start", "einde", "aantal_contacten"))
    assert (len(after), after) == (3, before)
