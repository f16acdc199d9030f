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
