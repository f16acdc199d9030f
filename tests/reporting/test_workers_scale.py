"""More workers on one Redis broker share the reports (docs/schaal.md, "Celery on Redis, on more machines").

Two real `celery -A config worker` processes (as on two machines: each its own var/, one shared RAPPORTAGE_DIR) on a
real redis-server and the pytest test database; eight reports requested through the API are all made, each once, and
both workers made some of them.
"""

import re

import pytest
from django.conf import settings

from tests.processes import Worker, publishing_to, redis_options, wait_for

API = "/api/v1"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


@pytest.fixture
def two_workers(redis_url, tmp_path, settings):
    settings.RAPPORTAGE_DIR = tmp_path / "rapportages"  # the one shared directory
    workers = [Worker(broker_url=redis_url, reports=settings.RAPPORTAGE_DIR, var=tmp_path / f"machine-{n}", pseudonym_secret=settings.PSEUDONYM_SECRET)
               for n in (1, 2)]
    with publishing_to(redis_url, redis_options()):
        try:
            for worker in workers:
                worker.start()
            yield workers
        finally:
            for worker in workers:
                worker.close()


def test_two_workers_on_one_redis_share_the_reports_and_make_each_once(api, beheerder, world, two_workers):
    client = api(beheerder)
    locations = []
    for periode in ("2020-Q1", "2020-Q2", "2020-H1", "2020"):
        for formaat in ("json", "csv"):
            response = client.post(f"{API}/rapportages", {"soort": "indicatoren", "periode": periode, "formaat": formaat, "gemeente": "0546"},
                                   format="json")
            assert response.status_code == 202, response.content
            locations.append(response["Location"])
    for location in locations:
        resource = wait_for(lambda location=location: (r := client.get(location).json())["status"] in ("gereed", "mislukt") and r, 180, location)
        assert (resource["status"], resource["fout"]) == ("gereed", None), [w.log_tail() for w in two_workers]

    made = [len(re.findall(r"reporting\.rapportage_genereren\[[^\]]+\] succeeded", w.log.read_text())) for w in two_workers]
    assert (sum(made), min(made) >= 1) == (8, True), made
    assert len([p for p in settings.RAPPORTAGE_DIR.iterdir() if not p.name.startswith(".")]) == 8
