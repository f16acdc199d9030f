"""`generate_load` (issue 13): realistic, reproducible load written with COPY, exactly what the services would store."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from cases import hulpperiodes
from cases.models import Dossier, Hulpperiode
from demo import load, world

TOT = date(2026, 10, 31)


def generate(n: int, *extra: str) -> str:
    out = StringIO()
    call_command("generate_load", "--dossiers", str(n), "--seed", "7", "--tot", TOT.isoformat(), "--workers", "0", "--ik-weet-het-zeker", *extra,
                 stdout=out)
    return out.getvalue()


def digests() -> dict[str, str]:
    """Per table, an md5 over its rows (the columns the load writes: no serial keys), in a fixed order."""
    found = {}
    with connection.cursor() as cursor:
        for table, columns in load.TABLES.items():
            cursor.execute(f"SELECT md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) FROM (SELECT ({', '.join(columns)})::text AS r FROM {table}) t")
            found[table] = cursor.fetchone()[0]
    return found


@pytest.fixture
def organisation(db):
    """The demo organisation before the loads: loads that are rolled back then see the same teams and users."""
    world.ensure_organisation(world.password_from_env())


class Rollback(Exception):
    pass


def digests_of_a_load(n: int, *extra: str) -> dict[str, str]:
    """Load, take the digests, and roll the load back (the next load starts from the same database)."""
    try:
        with transaction.atomic():
            generate(n, *extra)
            found = digests()
            raise Rollback
    except Rollback:
        return found


def test_same_seed_and_size_give_the_same_rows_whatever_the_chunks(organisation):
    assert digests_of_a_load(40) == digests_of_a_load(40, "--chunk", "7")


def test_another_seed_gives_other_rows(organisation):
    first = digests_of_a_load(20)
    with transaction.atomic():
        other = StringIO()
        call_command("generate_load", "--dossiers", "20", "--seed", "8", "--tot", TOT.isoformat(), "--workers", "0", "--ik-weet-het-zeker",
                     stdout=other)
        assert digests()["cases_contact"] != first["cases_contact"]
        transaction.set_rollback(True)


def test_a_second_load_adds_new_keys_beside_the_first(db):
    generate(30)
    generate(30)
    assert Dossier.objects.count() == 60


def test_rebuilding_every_dossier_changes_nothing(db):
    generate(150)
    before = digests()["cases_hulpperiode"]
    changed = sum(hulpperiodes.rebuild(dossier) for dossier in Dossier.objects.all())
    assert (changed, digests()["cases_hulpperiode"]) == (0, before)


def test_hulpperiodes_derived_from_scratch_are_the_stored_ones(db):
    generate(150)
    before = digests()["cases_hulpperiode"]
    Hulpperiode.objects.all().delete()
    for dossier in Dossier.objects.all():
        hulpperiodes.rebuild(dossier)
    assert digests()["cases_hulpperiode"] == before


@pytest.mark.django_db(transaction=True)
def test_worker_processes_write_the_same_rows_as_one_process(migrated_data):
    world.ensure_organisation(world.password_from_env())
    alone = digests_of_a_load(60, "--chunk", "25")
    call_command("generate_load", "--dossiers", "60", "--seed", "7", "--tot", TOT.isoformat(), "--workers", "2", "--chunk", "25", "--ik-weet-het-zeker",
                 stdout=StringIO())
    assert digests() == alone


def test_a_big_team_takes_its_share(db):
    generate(50, "--groot-team", "40")
    assert Dossier.objects.filter(team__naam="JGT Leiden Noord").count() >= 40
