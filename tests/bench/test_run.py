"""`bench/run.py` (`make bench`) runs end to end on a tiny database and leaves it as it found it (not timed)."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from cases.models import Contact, Hulpperiode

ROOT = Path(__file__).resolve().parents[2]


def database_url(user: str) -> str:
    """The test database as a URL (the embedded server listens on a socket directory)."""
    settings = connection.settings_dict
    return f"postgresql://{user}:@{quote(str(settings['HOST']), safe='')}:{settings['PORT']}/{settings['NAME']}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_bench_prints_one_table_and_cleans_up_what_it_registered():
    call_command("generate_load", "--dossiers", "40", "--seed", "3", "--workers", "0", "--groot-team", "20", "--ik-weet-het-zeker",
                 stdout=StringIO())
    connection.ensure_connection()
    before = (Contact.objects.count(), sorted(Hulpperiode.objects.values_list("dossier_id", "jeugdige_id", "start", "einde", "aantal_contacten")))
    env = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict["USER"]),
           "DATABASE_OWNER_URL": database_url(connection.settings_dict["OWNER"]["USER"]), "WEB_CONCURRENCY": "2"}
    result = subprocess.run([sys.executable, "bench/run.py", "--repeats", "1", "--quick"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    after = (Contact.objects.count(), sorted(Hulpperiode.objects.values_list("dossier_id", "jeugdige_id", "start", "einde", "aantal_contacten")))
    labels = ["indicatorrapport 0546", "indicatorrapport alle", "verantwoording 0546", "cbs_protocol alle", "cbs_aanlevering alle",
              "POST /contacten 1 clients", "POST /contacten 4 clients", "dossierlijst", "dossierpagina", "gemeentedashboard 0546",
              "GET /api/v1/dossiers?status=actief", "GET /dossiers?status=actief (web"]
    table = result.stdout
    assert (result.returncode, [label for label in labels if label not in table], after) == (0, [], before), result.stderr[-3000:]
    lists = [line for line in table.splitlines() if "dossiers?status=actief" in line]
    assert (len(lists), [line for line in lists if " 0 fouten/" not in line]) == (4, [])  # the token and the web sessions work
