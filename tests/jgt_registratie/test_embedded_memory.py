"""The embedded server's memory is sized to the machine before it starts (config/embedded_pg/memory.py)."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.embedded_pg.memory import CONF_NAME, GB, INCLUDE, memory_settings, write_memory_conf
from tests.processes import ROOT


def test_a_machine_of_24_gib_gets_a_quarter_for_buffers_and_seventy_percent_as_cache():
    assert memory_settings(24 * GB, environ={}) == {
        "shared_buffers": "6144MB", "work_mem": "61MB", "maintenance_work_mem": "1536MB", "effective_cache_size": "17203MB", "max_wal_size": "4096MB",
    }


def test_a_small_machine_keeps_postgresqls_floors():
    assert memory_settings(1 * GB, environ={}) == {
        "shared_buffers": "256MB", "work_mem": "4MB", "maintenance_work_mem": "64MB", "effective_cache_size": "716MB", "max_wal_size": "1024MB",
    }


def test_a_large_machine_caps_shared_buffers_at_8_gb_and_work_mem_at_64_mb():
    settings = memory_settings(256 * GB, environ={})
    assert (settings["shared_buffers"], settings["work_mem"], settings["maintenance_work_mem"]) == ("8192MB", "64MB", "2048MB")


def test_the_environment_sets_the_memory_to_size_against_and_each_value():
    environ = {"EMBEDDED_PG_GEHEUGEN": "8GB", "EMBEDDED_PG_WORK_MEM": "16MB"}
    settings = memory_settings(environ=environ)
    assert (settings["shared_buffers"], settings["work_mem"]) == ("2048MB", "16MB")


def test_a_size_without_unit_stops_the_app():
    with pytest.raises(ImproperlyConfigured, match="EMBEDDED_PG_SHARED_BUFFERS must be a size"):
        memory_settings(8 * GB, environ={"EMBEDDED_PG_SHARED_BUFFERS": "2048"})


def test_the_settings_are_written_beside_postgresql_conf_which_includes_them_once(tmp_path):
    (tmp_path / "postgresql.conf").write_text("max_connections = 100\n")
    write_memory_conf(tmp_path, {"shared_buffers": "64MB"})
    write_memory_conf(tmp_path, {"shared_buffers": "128MB"})
    assert ((tmp_path / "postgresql.conf").read_text().count(INCLUDE), (tmp_path / CONF_NAME).read_text().splitlines()[-1]) == (
        1, "shared_buffers = '128MB'")


SCRIPT = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    print(*[cursor.execute(f"SHOW {name}").fetchone()[0] for name in ("shared_buffers", "work_mem", "effective_cache_size")])
"""


def test_the_embedded_server_starts_with_them_on_its_first_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "XDG_RUNTIME_DIR"}}
    env |= {"JGT_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "config.settings", "EMBEDDED_PG_GEHEUGEN": "4GB",
            "EMBEDDED_PG_SHARED_BUFFERS": "96MB"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.stdout.split() == ["96MB", "10MB", "2867MB"], result.stderr[-3000:]
