"""The bench's end-to-end test takes minutes on a busy machine: it runs only when asked for, `pytest -m slow tests/bench`
(so `make test` and the usual full run leave it out)."""

import pytest


def pytest_collection_modifyitems(config, items):
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="langzaam: draai met -m slow")
    for item in items:
        if "slow" in item.keywords and "tests/bench" in str(item.fspath):
            item.add_marker(skip)
