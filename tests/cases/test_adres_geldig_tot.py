"""The validity range the database keeps per address (`Adres.geldig_tot`, migration 0019) is `gemeente_op`'s rule
written down, after every kind of write to `cases_adres`: the services (registration, a move, a move inserted before
known ones), plain UPDATE and DELETE statements (also a stale instance saved back), erasure and the COPY load."""

from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from cases import retention
from cases.models import Adres, Jeugdige
from demo import world
from reporting.indicators.base import _adres_op, adres_geldig
from tests.builders import make_dossier, make_jeugdige, make_move


def expected_ranges() -> dict[int, date | None]:
    """Per address: the `geldig_vanaf` of the jeugdige's next address (NULL sorts first), None for the latest."""
    per_jeugdige = defaultdict(list)
    for adres in Adres.objects.all():
        per_jeugdige[adres.jeugdige_id].append(adres)
    ranges = {}
    for adressen in per_jeugdige.values():
        adressen.sort(key=lambda a: (a.geldig_vanaf is not None, a.geldig_vanaf or date.min))
        for adres, volgende in zip(adressen, [*adressen[1:], None], strict=True):
            ranges[adres.pk] = None if volgende is None else volgende.geldig_vanaf
    return ranges


def assert_ranges_follow_the_rule() -> int:
    """The stored ranges are the expected ones, and on every day around each start the range finds exactly the address
    `gemeente_op`'s sorted look-up finds (or none when it finds none). Returns the number of (jeugdige, day) pairs."""
    assert dict(Adres.objects.values_list("pk", "geldig_tot")) == expected_ranges()
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH dagen AS (SELECT DISTINCT d FROM (SELECT geldig_vanaf + k AS d FROM cases_adres, generate_series(-1, 1) k"
            " WHERE geldig_vanaf IS NOT NULL UNION SELECT date '1990-01-01' UNION SELECT date '2099-12-31') t)"
            f" SELECT j.id, dagen.d, {_adres_op('id', 'j.id', 'dagen.d')},"
            f" (SELECT array_agg(adr.id) FROM cases_adres adr WHERE adr.jeugdige_id = j.id AND {adres_geldig('adr', 'dagen.d')})"
            " FROM cases_jeugdige j CROSS JOIN dagen"
        )
        rows = cursor.fetchall()
    verschillen = [(j, dag, sorted_id, range_ids) for j, dag, sorted_id, range_ids in rows
                   if (range_ids or []) != ([] if sorted_id is None else [sorted_id])]
    assert verschillen == []
    return len(rows)


@pytest.fixture
def jeugdige(professional, team, leiden):
    return make_jeugdige(professional, team, leiden)


def test_registration_and_moves_through_the_services_keep_the_ranges(professional, team, leiden, leiderdorp, jeugdige):
    j = jeugdige
    assert list(j.adressen.values_list("geldig_vanaf", "geldig_tot")) == [(None, None)]
    make_move(professional, j, leiderdorp, date(2022, 5, 1))
    make_move(professional, j, leiden, date(2024, 1, 10))
    # a move registered late, before the two known ones: the first address now ends on its date
    make_move(professional, j, leiderdorp, date(2021, 3, 1))
    assert list(j.adressen.order_by("geldig_vanaf").values_list("geldig_vanaf", "geldig_tot")) == [
        (date(2021, 3, 1), date(2022, 5, 1)), (date(2022, 5, 1), date(2024, 1, 10)), (date(2024, 1, 10), None), (None, date(2021, 3, 1))]
    # between two known ones
    make_move(professional, j, leiden, date(2023, 2, 2))
    assert j.adressen.get(geldig_vanaf=date(2022, 5, 1)).geldig_tot == date(2023, 2, 2)
    assert assert_ranges_follow_the_rule() > 0


def test_plain_updates_and_deletes_keep_the_ranges(professional, team, leiden, leiderdorp, jeugdige):
    j, other = jeugdige, make_jeugdige(professional, team, leiderdorp)
    eerste = j.adressen.get()
    make_move(professional, j, leiderdorp, date(2022, 5, 1))
    tweede = make_move(professional, j, leiden, date(2024, 1, 10))
    make_move(professional, other, leiden, date(2023, 6, 1))
    # a correction of a date: the neighbours' ranges follow
    Adres.objects.filter(pk=tweede.pk).update(geldig_vanaf=date(2020, 1, 1))
    assert_ranges_follow_the_rule()
    # a stale instance saved back writes its old geldig_tot: the database puts the right one back
    eerste.postcode = "2311AB"
    eerste.save()
    assert_ranges_follow_the_rule()
    # an address moved to another jeugdige: both jeugdigen's ranges
    Adres.objects.filter(pk=tweede.pk).update(jeugdige=other)
    assert_ranges_follow_the_rule()
    # a delete of the middle address, then of all of one jeugdige's
    Adres.objects.filter(jeugdige=other, geldig_vanaf=date(2020, 1, 1)).delete()
    assert_ranges_follow_the_rule()
    Adres.objects.filter(jeugdige=j, geldig_vanaf__isnull=True).delete()  # no first address: days before the move have none
    assert assert_ranges_follow_the_rule() > 0
    # a statement that touches no row changes nothing
    assert Adres.objects.filter(pk=-1).update(postcode="") == 0
    assert_ranges_follow_the_rule()


def test_erasure_keeps_the_ranges_of_the_anonymous_remainder(professional, team, leiden, leiderdorp, jeugdige, beheerder):
    j = jeugdige
    make_move(professional, j, leiderdorp, date(2022, 5, 1))
    make_move(professional, j, leiden, date(2024, 1, 10))
    make_dossier(professional, team, leiden, jeugdigen=[j])  # the remainder stands in for it in its dossier
    retention.jeugdige_erase(user=beheerder, jeugdige=j, reden="Verzoek van de ouders van 3 maart 2023, kenmerk AVG-2023-17")
    remainder = Jeugdige.objects.get(geanonimiseerd_op__isnull=False)
    assert list(remainder.adressen.order_by("geldig_vanaf").values_list("geldig_vanaf", "geldig_tot")) == [
        (date(2022, 5, 1), date(2024, 1, 10)), (date(2024, 1, 10), None), (None, date(2022, 5, 1))]
    assert_ranges_follow_the_rule()


class Rollback(Exception):
    pass


def test_a_copy_load_keeps_the_ranges(db):
    world.ensure_organisation(world.password_from_env())
    try:
        with transaction.atomic():
            call_command("generate_load", "--dossiers", "60", "--seed", "7", "--tot", "2026-10-31", "--workers", "0", "--ik-weet-het-zeker",
                         stdout=StringIO())
            assert Adres.objects.filter(geldig_tot__isnull=False).exists()  # the load has moves
            assert assert_ranges_follow_the_rule() > 60
            raise Rollback
    except Rollback:
        pass
