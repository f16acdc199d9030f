"""Fixtures of the report tests: the worlds they are computed on, and a temporary directory for report files.

- `world`: the export world of `export_world.py` (test_indicators.py overrides it with the world of `indicator_world.py`);
- `example`: EXAMPLE-WORLD.md (`tests/cases/example_world.py`).
"""

import pytest

from tests.cases.example_world import build_example_world
from tests.reporting import export_world


@pytest.fixture
def rapportage_dir(settings, tmp_path):
    """Report files go to a temporary directory."""
    settings.RAPPORTAGE_DIR = tmp_path / "rapportages"
    return settings.RAPPORTAGE_DIR


@pytest.fixture
def world(professional, teamleider, team, leiden, leiderdorp):
    return export_world.build(professional=professional, teamleider=teamleider, team=team, leiden=leiden, leiderdorp=leiderdorp)


@pytest.fixture
def example(professional, teamleider, team, leiden):
    return build_example_world(professional=professional, teamleider=teamleider, team=team, leiden=leiden)


@pytest.fixture
def queued_tasks():
    """`queued_tasks()` -> [(task name, args)] published to the in-memory queue since the fixture (or the last call)."""
    from config.celery import app

    def drain():
        found = []
        with app.connection_for_read() as connection:
            queue = connection.SimpleQueue("celery", no_ack=True)
            try:
                while True:
                    try:
                        message = queue.get_nowait()
                    except queue.Empty:
                        break
                    found.append((message.headers["task"], tuple(message.payload[0])))
            finally:
                queue.close()
        return found

    drain()  # start from an empty queue
    return drain
