"""Without DATABASE_URL the app starts an embedded PostgreSQL on demand, shared by concurrent processes."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, sys, time, pathlib, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.db import connection
with connection.cursor() as c:
    c.execute("SELECT pg_postmaster_start_time(), current_database(), version()")
    start, name, version = c.fetchone()
# Barrier: stay connected until both processes are (so neither can stop the server under the other).
barrier = pathlib.Path(sys.argv[1])
(barrier / sys.argv[2]).touch()
deadline = time.time() + 90
while len(list(barrier.iterdir())) < 2 and time.time() < deadline:
    time.sleep(0.1)
print(start.isoformat(), name, version.split()[1])
"""


def test_two_processes_share_one_server_started_on_demand(tmp_path):
    var, barrier = tmp_path / "var", tmp_path / "barrier"
    barrier.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "XDG_RUNTIME_DIR"}} | {"JGT_VAR_DIR": str(var)}
    first = subprocess.Popen([sys.executable, "-c", SCRIPT, str(barrier), "1"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    second = subprocess.Popen([sys.executable, "-c", SCRIPT, str(barrier), "2"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    (out1, err1), (out2, err2) = first.communicate(timeout=120), second.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (0, 0), err1 + err2
    out1, out2 = out1.split(), out2.split()
    assert out1[0] == out2[0], "both processes must use the same server (same start time)"
    assert out1[1] == "jgt"
    assert int(out1[2].split(".")[0]) >= 14
    # The last process to leave stops the server.
    assert not (var / "pgdata" / "postmaster.pid").exists()
