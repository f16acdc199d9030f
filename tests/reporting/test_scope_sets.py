"""Issue 13: the set-based scope (`WOONPERIODES_IN_SCOPE`) is `gemeente_op`'s rule, day by day.

The reports select the rows of a gemeente with joins to the stretches in which a jeugdige lived there, instead of a
lookup of the address per row. Both must give the same answer on every day for every kind of address history:

| jeugdige | addresses                                                                        |
|----------|----------------------------------------------------------------------------------|
| P        | first address Leiden; Leiderdorp from 2023-03-10; Leiden again from 2023-03-20  |
| Q        | no first address: Leiden from 2023-03-05 (before that no address holds)          |
| R        | first address Leiderdorp only                                                    |
| S        | first address Leiden; Leiden (another postcode) from 2023-03-15                  |
| T        | no address at all                                                                |
"""

from datetime import date, timedelta

import pytest
from django.db import connection

from cases.models import Adres
from reporting.indicators.base import WOONPERIODES_IN_SCOPE, gemeente_op, in_woonperiode, sql_params
from tests.builders import make_jeugdige

pytestmark = pytest.mark.django_db

DAGEN = [date(2023, 3, 1) + timedelta(days=n) for n in range(31)]


@pytest.fixture
def jeugdigen(professional, team, leiden, leiderdorp):
    kids = {name: make_jeugdige(professional, team, leiden) for name in "PQRST"}
    Adres.objects.filter(jeugdige__in=kids.values()).delete()

    def adres(name, gemeente, vanaf=None, postcode=""):
        Adres.objects.create(jeugdige=kids[name], gemeente=gemeente, geldig_vanaf=vanaf, postcode=postcode)

    adres("P", leiden)
    adres("P", leiderdorp, date(2023, 3, 10))
    adres("P", leiden, date(2023, 3, 20))
    adres("Q", leiden, date(2023, 3, 5))
    adres("R", leiderdorp)
    adres("S", leiden, postcode="2311AA")
    adres("S", leiden, date(2023, 3, 15), postcode="2312BB")
    return kids


def in_scope_per_row(jeugdige_id: int, dag: date, gemeenten: list[str]) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce({gemeente_op('%(jeugdige)s', '%(dag)s')} = ANY(%(gemeenten)s), false)",
                       sql_params(None, gemeenten, jeugdige=jeugdige_id, dag=dag))
        return cursor.fetchone()[0]


def in_scope_as_set(jeugdige_id: int, dag: date, gemeenten: list[str]) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({WOONPERIODES_IN_SCOPE}) s WHERE s.jeugdige_id = %(jeugdige)s AND {in_woonperiode('s', '%(dag)s::date')}",
                       sql_params(None, gemeenten, jeugdige=jeugdige_id, dag=dag))
        (count,) = cursor.fetchone()
        assert count <= 1  # the stretches of a jeugdige never overlap
        return count == 1


@pytest.mark.parametrize("gemeenten", [["0546"], ["0547"], ["0546", "0547"]])
def test_the_stretches_agree_with_the_address_of_the_day(jeugdigen, gemeenten):
    for name, kid in jeugdigen.items():
        for dag in DAGEN:
            assert in_scope_as_set(kid.id, dag, gemeenten) == in_scope_per_row(kid.id, dag, gemeenten), (name, dag, gemeenten)


def test_the_stretches_of_the_table_above(jeugdigen):
    def days_in(name, gemeente):
        return [dag.day for dag in DAGEN if in_scope_as_set(jeugdigen[name].id, dag, [gemeente])]

    assert days_in("P", "0546") == [*range(1, 10), *range(20, 32)]
    assert days_in("P", "0547") == list(range(10, 20))
    assert days_in("Q", "0546") == list(range(5, 32))
    assert days_in("R", "0547") == list(range(1, 32))
    assert days_in("S", "0546") == list(range(1, 32))
    assert days_in("T", "0546") == days_in("T", "0547") == []
