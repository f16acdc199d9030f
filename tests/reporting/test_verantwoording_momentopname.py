"""The verantwoording is one snapshot (review finding 3): all sections in one REPEATABLE READ, READ ONLY transaction on the
reading connection, so what another session commits while the report is made appears in no section; the worker's
progress is still written (on a connection of its own) and seen."""

from datetime import date

import pytest
from django.db import connection

from reporting import generation, services
from reporting.models import Beleidskader, Rapportage
from reporting.periods import Periode
from reporting.verantwoording import sections_compute
from reporting.verantwoording.rapport import momentopname
from tests.reporting import verantwoording_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data", "rapportage_dir")]


@pytest.fixture
def vworld(professional, teamleider, team, leiden, leiderdorp, beheerder):
    return verantwoording_world.build(professional=professional, teamleider=teamleider, team=team, leiden=leiden,
                                      leiderdorp=leiderdorp, beheerder=beheerder)


def test_a_text_committed_while_the_report_is_made_is_in_no_section(vworld, leiden, beheerder):
    voortgang = []

    def melden(n):
        voortgang.append(n)
        if len(voortgang) == 1:  # section 1 is done: another session writes a text section 7 reads later
            Beleidskader.objects.create(gemeente=leiden, onderwerp="afspraken", tekst="Nieuwe afspraak.", auteur=beheerder)

    secties = sections_compute(Periode.jaar(2025), leiden, vandaag=date(2026, 1, 15), voortgang=melden)
    teksten = {t.sleutel: t.tekst for t in secties[6].teksten}
    assert (voortgang, teksten["afspraken"]) == ([12, 25, 37, 50, 62, 75, 87, 100], "nog niet ingevuld")
    assert Beleidskader.objects.filter(onderwerp="afspraken").count() == 1  # committed: the next report has it
    assert {t.sleutel: t.tekst for t in sections_compute(Periode.jaar(2025), leiden, vandaag=date(2026, 1, 15))[6].teksten}[
        "afspraken"] == "Nieuwe afspraak."


def test_the_snapshot_is_repeatable_read_and_read_only():
    with momentopname():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only')")
            assert cursor.fetchone() == ("repeatable read", "on")
    assert connection.get_autocommit() is True  # the transaction ended with the report


def test_the_worker_writes_its_progress_beside_the_read_only_snapshot(vworld, gemeente_user):
    rapportage = services.report_request(user=gemeente_user, soort="verantwoording", periode="2025", gemeente="0546", formaat="json")
    assert generation.report_generate(rapportage.pk) == "gereed"
    rapportage = Rapportage.objects.get(pk=rapportage.pk)
    assert (rapportage.status, rapportage.voortgang, rapportage.sha256 != "") == ("gereed", 100, True)
