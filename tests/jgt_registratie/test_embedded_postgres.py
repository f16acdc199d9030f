"""Without DATABASE_URL the app starts an embedded PostgreSQL on demand, shared by concurrent processes."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.db import connection
with connection.cursor() as c:
    c.execute("SELECT pg_postmaster_start_time(), current_database(), version()")
    start, name, version = c.fetchone()
time.sleep(3)
print(start.isoformat(), name, version.split()[1])
"""


def test_two_processes_share_one_server_started_on_demand(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"JGT_VAR_DIR": str(var)}
    first = subprocess.Popen([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    time.sleep(1)
    second = subprocess.Popen([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    out1, out2 = first.communicate(timeout=120)[0].split(), second.communicate(timeout=120)[0].split()
    assert (first.returncode, second.returncode) == (0, 0)
    assert out1[0] == out2[0], "both processes must use the same server (same start time)"
    assert out1[1] == "jgt"
    assert int(out1[2].split(".")[0]) >= 14
    # The last process to leave stops the server.
    assert not (var / "pgdata" / "postmaster.pid").exists()
