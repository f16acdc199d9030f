"""Migration reporting 0006: the cells of CBS exports made before move from their report's jsonb into rows of
`reporting_rapportagecel` (the report's `cellen` then `{}`, "kept, in their table"); other reports keep theirs. Run here
as `migrate` runs it: its SQL on the current schema."""

import importlib

import pytest
from django.db import connection

from reporting.models import Rapportage
from reporting.versions import opgeslagen_cellen

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("reporting.migrations.0006_rapportagecel").Migration


def test_the_cells_of_earlier_cbs_exports_move_to_their_rows_and_other_reports_keep_theirs(beheerder):
    def report(soort, formaat, cellen):
        return Rapportage.objects.create(soort=soort, periode="2020", formaat=formaat, definitieversie="2026.1",
                                         aangevraagd_door=beheerder, cellen=cellen)

    protocol = report("cbs_protocol", "csv", {"abc|20200101|hulpsoort": "licht", "abc|20200101|pc4": ""})
    oud = report("cbs_aanlevering", "csv", None)  # made before cells were kept: stays so
    indicatoren = report("indicatoren", "json", {"I01": "5"})
    with connection.cursor() as cursor:
        cursor.execute(MIGRATION.operations[1].sql)
    for r in (protocol, oud, indicatoren):
        r.refresh_from_db()
    assert (protocol.cellen, opgeslagen_cellen(protocol.pk)) == ({}, {"abc|20200101|hulpsoort": "licht", "abc|20200101|pc4": ""})
    assert (oud.cellen, opgeslagen_cellen(oud.pk), indicatoren.cellen, opgeslagen_cellen(indicatoren.pk)) == (None, {}, {"I01": "5"}, {})
