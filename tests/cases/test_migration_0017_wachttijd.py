"""Migration 0017 (review of issue 12): a referral registered before referral outcomes existed (cases 0013) and never
updated gives no waiting signal; one the team updated, or registered since, does; a `verwezen` whose waiting clock was
restarted by a later status date waits from its own date again."""

from django.core.management import call_command
from django.db import connection

from cases import services
from cases.models import Doorverwijzing
from tests.builders import days_ago, make_dossier


def test_old_unrecorded_referrals_stop_waiting_and_restarted_ones_wait_from_their_date(
        transactional_db, migrated_data, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=days_ago(400))

    def refer(days):
        return services.doorverwijzing_register(user=professional, dossier=dossier, datum=days_ago(days), soort="lvb")

    oud, oud_gestart, oud_bijgewerkt, oud_herstart, nieuw = refer(300), refer(290), refer(280), refer(270), refer(40)
    services.doorverwijzing_update(user=professional, doorverwijzing=oud_gestart, status="gestart", datum=days_ago(200))
    services.doorverwijzing_update(user=professional, doorverwijzing=oud_bijgewerkt, status="verwezen", datum=days_ago(280),
                                   overbrugging=True)
    try:
        call_command("migrate", "cases", "0016_report_indexes", verbosity=0)
        with connection.cursor() as cursor:
            # The state 0013 left: the four old ones registered before it was applied; one verwezen "since" a later date.
            cursor.execute("UPDATE cases_doorverwijzing SET geregistreerd_op = now() - interval '300 days' WHERE id = ANY(%s)",
                           [[oud.pk, oud_gestart.pk, oud_bijgewerkt.pk, oud_herstart.pk]])
            cursor.execute("UPDATE cases_doorverwijzing SET status_datum = %s WHERE id = %s", [days_ago(10), oud_herstart.pk])
            cursor.execute("UPDATE django_migrations SET applied = now() - interval '100 days'"
                           " WHERE app = 'cases' AND name = '0013_doorverwijzing_uitkomst'")
    finally:
        call_command("migrate", "cases", verbosity=0)
    rows = {v.pk: (v.status, v.status_datum, v.status_vastgelegd) for v in Doorverwijzing.objects.all()}
    assert rows == {
        oud.pk: ("verwezen", None, False),                   # never recorded: no waiting signal
        oud_gestart.pk: ("gestart", days_ago(200), True),
        oud_bijgewerkt.pk: ("verwezen", None, True),        # the team recorded it (audited): it waits
        oud_herstart.pk: ("verwezen", None, False),          # the restarted clock is gone; never recorded by an update
        nieuw.pk: ("verwezen", None, True),
    }
