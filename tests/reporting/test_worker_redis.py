"""End to end with the real parts: Debian's redis-server as broker and a real `celery -A config worker` process.

The worker gets the pytest test database through DATABASE_URL (built from this process's connection), so the
data must be committed: a transactional test, with the migration's categories put back (`migrated_data`).
Every export is requested through the API, polled until `gereed` and downloaded; worker and redis are always
stopped in teardown.
"""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.conf import settings

from reporting.exports.cbs import AANLEVERING_KOLOMMEN, PROTOCOL_KOLOMMEN
from tests.processes import wait_for
from tests.reporting.export_world import BSN_P

API = "/api/v1"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]


EXPORTS = [
    ("indicatoren", "json", "0546"), ("indicatoren", "csv", "0546"), ("indicatoren", "xlsx", "0546"),
    ("cbs_protocol", "csv", None), ("cbs_protocol", "xlsx", None), ("cbs_aanlevering", "csv", None),
]


def test_every_export_through_the_api_and_a_real_worker(api, beheerder, world, worker):
    process, log = worker
    client = api(beheerder)
    made = {}
    for soort, formaat, gemeente in EXPORTS:
        body = {"soort": soort, "periode": "2020-H1", "formaat": formaat, **({"gemeente": gemeente} if gemeente else {})}
        response = client.post(f"{API}/rapportages", body, format="json")
        assert response.status_code == 202, response.content
        made[(soort, formaat)] = response["Location"]
    seen_states = set()
    for key, location in made.items():
        def finished(location=location):
            resource = client.get(location).json()
            seen_states.add(resource["status"])
            return resource if resource["status"] in ("gereed", "mislukt") else None

        resource = wait_for(finished, 120, f"report {key}")
        assert (resource["status"], resource["voortgang"], resource["fout"]) == ("gereed", 100, None), log.read_text()[-3000:]
        download = client.get(resource["bestand"])
        content = b"".join(download.streaming_content)
        assert (download.status_code, hashlib.sha256(content).hexdigest()) == (200, resource["sha256"])
        made[key] = content
    assert process.poll() is None
    assert seen_states <= {"wachtrij", "bezig", "gereed"}

    report = json.loads(made[("indicatoren", "json")])
    assert (report["periode"], report["gemeente"]["code"]) == ("2020-H1", "0546")
    assert made[("indicatoren", "csv")].startswith(b"\xef\xbb\xbfcode,naam,dimensie,categorie,waarde,weergave\r\n")
    protocol = list(csv.reader(io.StringIO(made[("cbs_protocol", "csv")].decode("utf-8-sig"))))
    assert (tuple(protocol[0]), len(protocol)) == (PROTOCOL_KOLOMMEN, 5)
    aanlevering = list(csv.reader(io.StringIO(made[("cbs_aanlevering", "csv")].decode("utf-8-sig"))))
    assert (tuple(aanlevering[0]), sorted(r[0] for r in aanlevering[1:])) == (AANLEVERING_KOLOMMEN, sorted([BSN_P, "000000000", "000000000", "111222333"]))
    for key in (("indicatoren", "xlsx"), ("cbs_protocol", "xlsx")):
        with zipfile.ZipFile(io.BytesIO(made[key])) as archive:
            assert "xl/workbook.xml" in archive.namelist()
    assert sorted(p.name for p in settings.RAPPORTAGE_DIR.iterdir() if p.name.startswith(".")) == []  # no temp file left behind
