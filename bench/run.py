"""`make bench`: how fast the reports, the exports, registration and the busiest pages are, against floors measured in
the same run on the same database (issue 13).

    make bench                                   # the current database (var/, or DATABASE_URL)
    make bench DOSSIERS=100000                   # a database of that size of its own (see below), then measure
    .venv/bin/python bench/run.py [--dossiers N] [--repeats 5] [--quick] [--only rapport,cbs,post,pagina]
                                  [--rapporten indicator,verantwoording]   # rows of part 1 (default: both)

With `--dossiers N` (`DOSSIERS=N`) the bench runs on an embedded PostgreSQL of its own under `var/bench/<N>/`
(`JGT_VAR_DIR`), migrates it and, the first time, fills it with `manage.py generate_load --dossiers N` (5 years,
`--groot-team` min(100,000, N/2) dossiers in JGT Leiden Noord, the demo professional's team); a later run at the
same size measures at once. `make clean-bench` throws those databases away.

It prints ONE table: per piece of work the median over `--repeats` runs (default 5), p95 where asked, the floor of
the same work measured in the same run, and the ratio. Ratios, not seconds, are what to compare between machines
and runs (a noisy machine slows work and floor alike). The work:

1. the indicator report (`reporting.report.indicator_report`) of Leiden (0546) and of all gemeenten, for the last
   full year and its last quarter; floor: `COPY (SELECT <the columns the report reads> FROM <its tables> WHERE
   <period and scope>) TO STDOUT` of contacts, hulpperiodes, status history, referrals and aanmeldingen. The
   verantwoording (issue 9) is measured once it exists as a report kind (`Rapportage.Soort.VERANTWOORDING`);
   until then its row says "n.v.t.";
2. `cbs_protocol` and `cbs_aanlevering` (CSV, all gemeenten, the year) rendered by the worker's own function
   (`reporting.exports.render.render`) in a fresh child process, with that child's peak RSS (`os.wait4`: the
   per-child form of `getrusage(RUSAGE_CHILDREN).ru_maxrss`); floor: a COPY out of the protocol's own source query;
3. `POST /api/v1/contacten` through gunicorn on 127.0.0.1 (its production config, a token of `demo-professional`)
   at 1, 8 and 32 concurrent clients (threads with a keep-alive `requests.Session`), each level bounded in number
   and time: p50/p95/p99, errors and throughput, against raw psycopg INSERTs of the same rows at the same
   concurrency (the floor). The contacts go to open dossiers of JGT Leiden Noord, dated today; afterwards both
   sets are deleted and those dossiers' hulpperiodes rebuilt, so the database is as before (the audit log keeps
   its rows: it is append-only);
4. the dossier list of JGT Leiden Noord (all statuses), the dossier page with the most contacts (generate_load gives
   one with 500) and the gemeente dashboard of Leiden, through Django's test client in this process: p50, p95 and
   the number of queries (`CaptureQueriesContext`). Their floor: the same number of trivial queries (`SELECT 1`).
   Then the team's list of active dossiers through gunicorn (as in 3): the API's `GET /api/v1/dossiers?status=actief`
   (a token) and the web page `/dossiers?status=actief` (a web session per client, static files collected), at 1 and 8
   concurrent clients: p50/p95/p99, errors, throughput and the queries of one request (issue 13: p95 < 100 ms at 8).

`--quick` (the test uses it): fewer requests and clients (1 and 4), one quarter instead of the year where it can.
Not part of `make test`: a benchmark measures, it does not pass or fail. `bench/quarterly_reports.py` still
measures the automatic quarterly reports alone.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, help="een eigen database van deze omvang onder var/bench/<N> (generate_load)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--groot-team", type=int, help="dossiers in JGT Leiden Noord (standaard min(100000, N/2))")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="klein en snel (voor de test)")
    parser.add_argument("--only", default="rapport,cbs,post,pagina", help="onderdelen, komma-gescheiden")
    parser.add_argument("--rapporten", default="indicator,verantwoording",
                        help="rijen van het onderdeel rapport, komma-gescheiden (standaard allebei)")
    parser.add_argument("--jaar", type=int, help="het rapportagejaar (standaard het laatste volle jaar)")
    parser.add_argument("--posts", type=int, help="POST-verzoeken per aantal clients (standaard 400, --quick 12)")
    parser.add_argument("--child-cbs", help=argparse.SUPPRESS)  # internal: render one CBS export in this process
    parser.add_argument("--child-periode", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


ARGS = _arguments()
if ARGS.dossiers:
    os.environ["JGT_VAR_DIR"] = str(ROOT / "var" / "bench" / str(ARGS.dossiers))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _prepare_database(args) -> None:
    """Migrate the bench's own database and load it once at its size (a marker file says it was done)."""
    var = Path(os.environ["JGT_VAR_DIR"])
    marker = var / "geladen.json"
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], check=True, cwd=ROOT)
    if marker.exists():
        return
    groot = args.groot_team if args.groot_team is not None else min(100_000, args.dossiers // 2)
    started = time.perf_counter()
    subprocess.run([*manage, "generate_load", "--dossiers", str(args.dossiers), "--seed", str(args.seed), "--groot-team", str(groot),
                    "--ik-weet-het-zeker"],  # its own database under var/bench: never a production one
                   check=True, cwd=ROOT)
    marker.write_text(json.dumps({"dossiers": args.dossiers, "seed": args.seed, "groot_team": groot,
                                  "seconden": round(time.perf_counter() - started, 1)}))


if ARGS.dossiers and not ARGS.child_cbs:
    _prepare_database(ARGS)

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from reporting.periods import Periode  # noqa: E402

# --- measuring ---------------------------------------------------------------------------------------------


def samples(fn, repeats: int) -> list[float]:
    found = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        found.append(time.perf_counter() - start)
    return found


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def ms(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1000:,.1f} ms"


class Table:
    HEADER = ("werk", "mediaan", "p95", "vloer", "verhouding", "verder")

    def __init__(self):
        self.rows: list[tuple[str, ...]] = []

    def add(self, werk, mediaan="", p95="", vloer="", verhouding="", verder=""):
        self.rows.append(tuple(str(v) for v in (werk, mediaan, p95, vloer, verhouding, verder)))
        print(f"  {werk}: {mediaan} {verder}", file=sys.stderr, flush=True)

    def render(self) -> str:
        widths = [max(len(r[i]) for r in [self.HEADER, *self.rows]) for i in range(len(self.HEADER))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [self.HEADER, *self.rows]]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)


def ratio(work: float, floor: float) -> str:
    return f"{work / floor:,.1f}x" if floor > 0 else ""


def copy_out(sql: str, params: dict) -> int:
    """COPY the rows of `sql` to this client and throw them away; returns the bytes read."""
    size = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT", params) as copy:
        for block in copy:
            size += len(block)
    return size


# --- 1. indicator report --------------------------------------------------------------------------------------

# The rows the indicator report reads, set-based (what a report near its floor would read): the contacts of the
# period, the hulpperiodes overlapping it, the status history up to its end, its referrals and aanmeldingen; scope:
# the dossiers of which a jeugdige had an address in the gemeente, and contacts without dossier recorded there.
_SCOPE_DOSSIERS = ("SELECT dj.dossier_id FROM cases_dossier_jeugdigen dj JOIN cases_adres a ON a.jeugdige_id = dj.jeugdige_id"
                   " WHERE a.gemeente_id = ANY(%(gemeenten)s)")
FLOOR_SQL = {
    "contacten": "SELECT c.dossier_id, c.datum, c.duur_minuten, c.inzet, c.hulpsoort, c.vorm, c.gemeente_id, c.leeftijdsklasse,"
                 " c.registratieduur_seconden FROM cases_contact c WHERE c.datum BETWEEN %(start)s AND %(einde)s"
                 f" AND (%(alle)s OR c.gemeente_id = ANY(%(gemeenten)s) OR c.dossier_id IN ({_SCOPE_DOSSIERS}))",
    "hulpperiodes": "SELECT h.dossier_id, h.jeugdige_id, h.start, h.einde, h.hulpsoort, h.probleemcategorieen, h.reden_beeindiging,"
                    " h.doelen_bereikt, h.aantal_contacten, h.contactminuten FROM cases_hulpperiode h"
                    " WHERE h.start <= %(einde)s AND (h.einde IS NULL OR h.einde >= %(start)s)"
                    " AND (%(alle)s OR h.jeugdige_id IN (SELECT a.jeugdige_id FROM cases_adres a WHERE a.gemeente_id = ANY(%(gemeenten)s)))",
    "statussen": "SELECT s.dossier_id, s.naar, s.datum FROM cases_statuswijziging s WHERE s.datum <= %(einde)s"
                 f" AND (%(alle)s OR s.dossier_id IN ({_SCOPE_DOSSIERS}))",
    "verwijzingen": "SELECT v.dossier_id, v.datum, v.soort, v.status FROM cases_doorverwijzing v WHERE v.datum BETWEEN %(start)s AND %(einde)s"
                    f" AND (%(alle)s OR v.dossier_id IN ({_SCOPE_DOSSIERS}))",
    "aanmeldingen": "SELECT d.id, d.aanmelddatum, d.aanmelder, d.verwijzer, d.hulpsoort FROM cases_dossier d"
                    f" WHERE d.aanmelddatum BETWEEN %(start)s AND %(einde)s AND (%(alle)s OR d.id IN ({_SCOPE_DOSSIERS}))",
}


def report_floor(periode: Periode, gemeenten: list[str] | None) -> None:
    params = {"start": periode.start, "einde": periode.einde, "alle": gemeenten is None, "gemeenten": gemeenten or []}
    for sql in FLOOR_SQL.values():
        copy_out(sql, params)


def bench_reports(table: Table, args, jaar: int) -> None:
    from jgt_registratie.models import Gemeente
    from reporting.models import Rapportage
    from reporting.report import indicator_report

    leiden = Gemeente.objects.get(code="0546")
    moment = timezone.now()
    rijen = set(args.rapporten.split(","))
    periodes = [Periode.kwartaal(jaar, 4)] if args.quick else [Periode.jaar(jaar), Periode.kwartaal(jaar, 4)]
    if "indicator" in rijen:
        indicator_report(periode=periodes[-1], gemeente=leiden, gemaakt_op=moment)  # warm-up: imports, caches
    for periode in periodes if "indicator" in rijen else []:
        for gemeente, label in ((leiden, "0546"), (None, "alle")):
            scope = None if gemeente is None else [gemeente.code]
            work = samples(lambda p=periode, g=gemeente: indicator_report(periode=p, gemeente=g, gemaakt_op=moment), args.repeats)
            floor = samples(lambda p=periode, s=scope: report_floor(p, s), args.repeats)
            table.add(f"indicatorrapport {label} {periode.code}", ms(statistics.median(work)), "", ms(statistics.median(floor)),
                      ratio(statistics.median(work), statistics.median(floor)))
    if "verantwoording" not in rijen:
        return
    if not hasattr(Rapportage.Soort, "VERANTWOORDING"):
        table.add(f"verantwoording 0546 {jaar}", "n.v.t.", verder="Rapportage.Soort kent nog geen VERANTWOORDING")
        return
    from reporting.exports.render import render

    rapportage = Rapportage(soort=Rapportage.Soort.VERANTWOORDING, periode=str(jaar), gemeente=leiden,
                            formaat=Rapportage.Formaat.JSON, aangemaakt_op=moment)
    try:
        if "indicator" not in rijen:
            render(rapportage, Periode.jaar(jaar))  # warm-up (else the indicator reports' warm-up serves it)
        work = samples(lambda: render(rapportage, Periode.jaar(jaar)), args.repeats)
    except Exception as exc:  # a kind this bench does not know how to render yet
        table.add(f"verantwoording 0546 {jaar}", "n.v.t.", verder=f"{type(exc).__name__}: {exc}"[:80])
        return
    floor = samples(lambda: report_floor(Periode.jaar(jaar), ["0546"]), args.repeats)
    table.add(f"verantwoording 0546 {jaar}", ms(statistics.median(work)), "", ms(statistics.median(floor)),
              ratio(statistics.median(work), statistics.median(floor)))


# --- 2. CBS exports in a child process ---------------------------------------------------------------------------


def child_cbs(soort: str, periode_code: str) -> None:
    """In the child: render one CBS export as the worker does (`render_to`, streaming into a temporary file) and print
    its time and size (JSON)."""
    from reporting.exports.render import render_to
    from reporting.models import Rapportage
    from reporting.periods import periode_parse

    rapportage = Rapportage(soort=soort, periode=periode_code, gemeente=None, formaat=Rapportage.Formaat.CSV, aangemaakt_op=timezone.now())
    periode = periode_parse(periode_code)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        render_to(handle, rapportage, periode)
        size = handle.tell()
    print(json.dumps({"seconden": time.perf_counter() - started, "bytes": size}))


def run_child(soort: str, periode_code: str) -> tuple[float, int, float]:
    """(seconds, bytes, peak RSS in MB) of one export in a fresh process."""
    process = subprocess.Popen([sys.executable, __file__, "--child-cbs", soort, "--child-periode", periode_code], stdout=subprocess.PIPE,
                               env=os.environ.copy(), cwd=ROOT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{soort}: het kindproces stopte met {process.returncode}")
    result = json.loads(output.decode().strip().splitlines()[-1])
    return result["seconden"], result["bytes"], usage.ru_maxrss / 1024


def bench_cbs(table: Table, args, jaar: int) -> None:
    from reporting.exports import cbs
    from reporting.indicators.base import sql_params

    periode = Periode.kwartaal(jaar, 4) if args.quick else Periode.jaar(jaar)
    floor = samples(lambda: copy_out(cbs._SQL, sql_params(periode, None)), args.repeats)
    for soort in ("cbs_protocol", "cbs_aanlevering"):
        runs = [run_child(soort, periode.code) for _ in range(args.repeats)]
        work = statistics.median(r[0] for r in runs)
        table.add(f"{soort} alle {periode.code}", ms(work), "", ms(statistics.median(floor)), ratio(work, statistics.median(floor)),
                  f"piek-RSS {max(r[2] for r in runs):,.0f} MB, {runs[0][1]:,} bytes")


# --- 3. POST /contacten through gunicorn ------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _conninfo() -> dict:
    connection.ensure_connection()
    params = connection.get_connection_params()
    return {k: v for k, v in params.items() if isinstance(v, (str, int))}


def _drive(levels, count: int, limit: float, send) -> list[tuple]:
    """For each number of clients: `count` calls of `send(client_state, n)` spread over that many threads, stopped
    after `limit` seconds; returns (clients, latencies, errors, wall seconds, done)."""
    results = []
    for clients in levels:
        lock, latencies, errors, done = threading.Lock(), [], [0], [0]
        deadline = time.perf_counter() + limit

        def worker(lock=lock, latencies=latencies, errors=errors, done=done, deadline=deadline):
            state = {}
            while True:
                with lock:
                    if done[0] >= count or time.perf_counter() > deadline:
                        return
                    done[0] += 1
                    n = done[0]
                started = time.perf_counter()
                ok = send(state, n)
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    if not ok:
                        errors[0] += 1
            # the thread's own resources go with it

        threads = [threading.Thread(target=worker) for _ in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        results.append((clients, latencies, errors[0], time.perf_counter() - started, len(latencies)))
    return results


class Gunicorn:
    """gunicorn on a free port of 127.0.0.1 with its production config (`config/gunicorn.conf.py`), DEBUG off, for as
    long as the `with` lasts. With DEBUG on in the bench, it gets plain http and secrets of its own for this run (the
    development defaults are refused with DEBUG off; API tokens live in the database and do not depend on them):
    `secret_key` is that SECRET_KEY, for web sessions made here (`web_session`). Static files: the collected ones under
    STATIC_ROOT (with `static`: `collectstatic` first when their manifest is missing), as `bin/serve` serves them."""

    def __init__(self, *, static: bool = False, extra_env: dict | None = None):
        self.port, self.static = _free_port(), static
        self.secret_key = None
        env = {**os.environ, "BIND": f"127.0.0.1:{self.port}", "LOG_LEVEL": "ERROR", **(extra_env or {})}
        env.setdefault("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1))
        if os.environ.get("DEBUG", "").lower() in ("1", "true", "yes", "on"):
            self.secret_key = f"bench-only-{secrets.token_hex(32)}"
            env |= {"DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "SECRET_KEY": self.secret_key,
                    "PSEUDONYM_SECRET": f"bench-only-{secrets.token_hex(32)}"}
        self.env = env
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        import requests
        from django.conf import settings

        if self.static and not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=self.env,
                           check=True)
        self.log = tempfile.TemporaryFile()  # gunicorn's own log (errors only): read when it does not come up
        self.server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--access-logfile", "/dev/null"],
                                       cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 90
        try:
            while True:
                try:
                    if requests.get(f"{self.base}/api/v1/openapi.json", timeout=30).status_code == 200:
                        return self
                except requests.RequestException:
                    pass
                if time.time() > deadline or self.server.poll() is not None:
                    self.log.seek(0)
                    raise RuntimeError("gunicorn kwam niet op: " + self.log.read()[-3000:].decode(errors="replace"))
                time.sleep(0.3)
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def __exit__(self, *exc):
        self.server.terminate()
        try:
            self.server.wait(35)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
        self.log.close()

    def web_session(self, user) -> str:
        """A `Cookie` header of a new web session of `user` past the second factor, as gunicorn's SECRET_KEY signs it."""
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore
        from django.test.utils import override_settings
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        with override_settings(SECRET_KEY=self.secret_key or settings.SECRET_KEY):
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is not None:
                store[DEVICE_ID_SESSION_KEY] = device.persistent_id
            store.create()
        return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def bench_post(table: Table, args) -> None:
    import psycopg
    import requests

    from cases import hulpperiodes
    from cases.choices import Status
    from cases.models import Contact, Dossier
    from jgt_registratie.models import User
    from jgt_registratie.tokens import issue_token

    user = User.objects.get(username="demo-professional")
    team = user.teams.get()
    dossiers = list(Dossier.objects.filter(team=team, status=Status.ACTIEF).order_by("id").values_list("id", flat=True)[:64])
    if not dossiers:
        table.add("POST /contacten", "n.v.t.", verder="geen actieve dossiers in het team van demo-professional")
        return
    token = issue_token(target=user).key
    today = timezone.localdate()
    levels = [1, 4] if args.quick else [1, 8, 32]
    count = args.posts or (12 if args.quick else 400)
    limit = 20.0 if args.quick else 60.0
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    created: list[str] = []
    with Gunicorn() as server:
        base = f"{server.base}/api/v1"

        def post(state, n):
            session = state.setdefault("session", requests.Session())
            body = {"team": team.pk, "dossier": str(dossiers[n % len(dossiers)]), "datum": today.isoformat(), "duurMinuten": 30,
                    "vorm": "telefonisch", "hulpsoort": "licht", "probleemcategorieen": ["opvoeding"]}
            try:
                response = session.post(f"{base}/contacten", json=body, headers=headers, timeout=30)
            except requests.RequestException:
                return False
            if response.status_code == 201:
                created.append(response.json()["id"])
                return True
            return False

        http = _drive(levels, count, limit, post)

    conninfo = _conninfo()
    inserted: list = []

    def insert(state, n):
        conn = state.get("conn")
        if conn is None:
            conn = state["conn"] = psycopg.connect(**conninfo, autocommit=True)
        with conn.transaction():
            row = conn.execute(
                "INSERT INTO cases_contact (id, team_id, dossier_id, datum, duur_minuten, vorm, inzet, hulpsoort, notitie, leeftijdsklasse,"
                " geregistreerd_door_id, geregistreerd_op) VALUES (gen_random_uuid(), %s, %s, %s, 30, 'telefonisch', 'hulp', 'licht', '', '',"
                " %s, now()) RETURNING id", [team.pk, dossiers[n % len(dossiers)], today, user.pk]).fetchone()
            conn.execute("INSERT INTO cases_contact_probleemcategorieen (contact_id, probleemcategorie_id) VALUES (%s, 'opvoeding')", [row[0]])
        inserted.append(row[0])
        return True

    raw = _drive(levels, count, limit, insert)
    # clean up: both sets of contacts, then the hulpperiodes of the dossiers they were in (as before the bench)
    Contact.objects.filter(pk__in=[*created, *inserted]).delete()
    for dossier in Dossier.objects.filter(pk__in=dossiers):
        with transaction.atomic():
            hulpperiodes.rebuild(dossier)
    for (clients, lat, errors, wall, done), (_, raw_lat, _, raw_wall, raw_done) in zip(http, raw, strict=True):
        through = done / wall if wall else 0
        raw_through = raw_done / raw_wall if raw_wall else 0
        share = f"1/{raw_through / through:,.0f} van ruwe INSERT" if through else ""
        table.add(f"POST /contacten {clients} clients", ms(statistics.median(lat)) if lat else "", ms(pct(lat, 95)) if lat else "",
                  ms(statistics.median(raw_lat)) if raw_lat else "", ratio(statistics.median(lat), statistics.median(raw_lat)) if lat and raw_lat else "",
                  f"p99 {ms(pct(lat, 99)) if lat else '-'}, {errors} fouten/{done}, {through:,.1f}/s ({share}; INSERT {raw_through:,.0f}/s)")


# --- 4. pages --------------------------------------------------------------------------------------------------


def _client_for(username: str):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jgt_registratie.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def bench_pages(table: Table, args) -> None:
    from django.conf import settings
    from django.db.models import Count
    from django.test.utils import override_settings

    from cases.models import Contact, Dossier
    from jgt_registratie.models import User

    professional = User.objects.get(username="demo-professional")
    team = professional.teams.get()
    longest = (Contact.objects.filter(team=team).exclude(dossier=None).values("dossier").order_by()
               .annotate(n=Count("id")).order_by("-n").first())
    pages = [(f"dossierlijst {team.naam} ({Dossier.objects.filter(team=team).count():,} dossiers)", "demo-professional", "/dossiers?status=alle")]
    if longest:
        pages.append((f"dossierpagina ({longest['n']} contacten)", "demo-professional", f"/dossiers/{longest['dossier']}"))
    pages.append(("gemeentedashboard 0546", "demo-gemeente", "/gemeente/"))
    repeats = max(args.repeats, 3 if args.quick else 10)
    with connection.cursor() as cursor:
        floor = samples(lambda: cursor.execute("SELECT 1"), 50)
    one_query = statistics.median(floor)
    # static URLs without collectstatic's manifest (as the tests do): with DEBUG off the manifest storage needs one
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=plain):
        _pages(table, pages, repeats, one_query)
    bench_lists(table, args, one_query)


def _pages(table: Table, pages, repeats: int, one_query: float) -> None:
    for label, username, url in pages:
        client = _client_for(username)
        client.get(url)  # warm-up
        times, queries, status = [], 0, 0
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            queries, status = len(captured.captured_queries), response.status_code
        table.add(label, ms(statistics.median(times)), ms(pct(times, 95)), ms(one_query * queries),
                  ratio(statistics.median(times), one_query * queries), f"{queries} queries, HTTP {status}")


def _queries(client, url: str, **headers) -> int:
    """The queries of one request of `url` in this process (Django's test client: the same code gunicorn runs)."""
    client.get(url, headers=headers)  # warm-up (and a session's first save)
    with CaptureQueriesContext(connection) as captured:
        client.get(url, headers=headers)
    return len(captured.captured_queries)


def bench_lists(table: Table, args, one_query: float) -> None:
    """The team's list of active dossiers through gunicorn, as its professionals and integrations ask it: the API's
    `GET /api/v1/dossiers?status=actief` (a token) and the web page `/dossiers?status=actief` (a web session per client),
    at 1 and 8 concurrent clients (--quick: 1 and 4), each level bounded in number and time: p50/p95/p99, errors and
    throughput; the queries of one request are counted in this process (Django's test client). Floor: that many trivial
    queries, as for the pages above. The API's per-user throttle is lifted for the run (8 clients of one token would pass
    its 1,200 a minute): it measures the list, not the throttle."""
    import requests
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.test import Client
    from django.test.utils import override_settings

    from cases.choices import Status
    from cases.models import Dossier
    from jgt_registratie.models import User
    from jgt_registratie.tokens import issue_token

    user = User.objects.get(username="demo-professional")
    team = user.teams.get()
    actief = Dossier.objects.filter(team=team, status=Status.ACTIEF).count()
    token = issue_token(target=user).key
    api_headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    levels = [1, 4] if args.quick else [1, 8]
    count = 12 if args.quick else 300
    limit = 20.0 if args.quick else 60.0
    lists = [(f"GET /api/v1/dossiers?status=actief ({actief:,} actief)", "/api/v1/dossiers?status=actief"),
             (f"GET /dossiers?status=actief (web, {actief:,} actief)", "/dossiers?status=actief")]
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=plain):
        queries = [_queries(Client(), lists[0][1], **api_headers), _queries(_client_for(user.username), lists[1][1])]
    sessions: list[str] = []
    with Gunicorn(static=True, extra_env={"API_THROTTLE_USER": "1000000/minute"}) as server:
        cookies = [server.web_session(user) for _ in range(sum(levels) + max(levels))]
        sessions = [cookie.partition("=")[2] for cookie in cookies]
        lock = threading.Lock()

        def getter(url, api: bool):
            def send(state, n):
                if "session" not in state:
                    state["session"] = requests.Session()
                    with lock:
                        state["headers"] = api_headers if api else {"Cookie": cookies.pop()}
                try:
                    response = state["session"].get(server.base + url, headers=state["headers"], timeout=30)
                except requests.RequestException:
                    return False
                return response.status_code == 200
            return send

        results = []
        for (_label, url), api in zip(lists, (True, False), strict=True):
            _drive([max(levels)], 2 * max(levels), limit, getter(url, api))  # warm-up: every worker has served it once
            results.append(_drive(levels, count, limit, getter(url, api)))
    Session.objects.filter(session_key__in=sessions).delete()
    for (label, _url), n, levels_found in zip(lists, queries, results, strict=True):
        for clients, lat, errors, wall, done in levels_found:
            table.add(f"{label} {clients} clients", ms(statistics.median(lat)) if lat else "", ms(pct(lat, 95)) if lat else "",
                      ms(one_query * n), ratio(statistics.median(lat), one_query * n) if lat else "",
                      f"p99 {ms(pct(lat, 99)) if lat else '-'}, {errors} fouten/{done}, {done / wall if wall else 0:,.1f}/s, {n} queries")


# --- main ------------------------------------------------------------------------------------------------------


def main(args) -> None:
    from cases.models import Contact, Dossier, Hulpperiode

    jaar = args.jaar or timezone.localdate().year - 1
    only = set(args.only.split(","))
    print(f"Database: {Dossier.objects.count():,} dossiers, {Contact.objects.count():,} contacten, {Hulpperiode.objects.count():,} hulpperiodes;"
          f" jaar {jaar}; {args.repeats} herhalingen (mediaan).", flush=True)
    table = Table()
    started = time.perf_counter()
    if "rapport" in only:
        bench_reports(table, args, jaar)
    if "cbs" in only:
        bench_cbs(table, args, jaar)
    if "post" in only:
        bench_post(table, args)
    if "pagina" in only:
        bench_pages(table, args)
    print(table.render())
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    if ARGS.child_cbs:
        child_cbs(ARGS.child_cbs, ARGS.child_periode)
    else:
        main(ARGS)
