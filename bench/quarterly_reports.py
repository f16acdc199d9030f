"""How long the automatic quarterly indicator reports (JSON and XLSX, every gemeente) take to generate.

    .venv/bin/python bench/quarterly_reports.py [--periode 2024-Q2] [--repeats 5]

Read-only: it renders the files in memory (exactly what the worker renders) and writes nothing. Prints medians
over the repeats and the ratio against a floor measured in the same run on the same database (a plain
`SELECT count(*)` over the hulpperiodes), so numbers from different machines can be compared. Run it on a
seeded database (`make seed`); on an empty one it only measures overhead. Not part of the test suite.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from jgt_registratie.models import Gemeente  # noqa: E402
from reporting.exports import indicatoren  # noqa: E402
from reporting.periods import last_closed_quarter, periode_parse  # noqa: E402
from reporting.report import indicator_report  # noqa: E402


def timed(fn, repeats: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def floor() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_hulpperiode")
        return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--periode", help="default: the last closed quarter")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    periode = periode_parse(args.periode) if args.periode else last_closed_quarter()
    gemeenten = list(Gemeente.objects.order_by("code"))
    moment = timezone.now()

    def all_reports():
        sizes = 0
        for gemeente in gemeenten:
            report = indicator_report(periode=periode, gemeente=gemeente, gemaakt_op=moment)
            sizes += len(indicatoren.as_json(report)) + len(indicatoren.as_xlsx(report, gemaakt_op=moment))
        return sizes

    all_reports()  # warm-up: connections, imports, PostgreSQL's caches
    floor_time, hulpperiodes = timed(floor, max(args.repeats, 5))
    one_gemeente = gemeenten[:1]
    single_time = timed(lambda: [indicator_report(periode=periode, gemeente=g, gemaakt_op=moment) for g in one_gemeente], args.repeats)[0] if gemeenten else 0.0
    total_time, size = timed(all_reports, args.repeats)
    print(f"periode {periode.code}; {len(gemeenten)} gemeenten; {hulpperiodes} hulpperiodes; {args.repeats} herhalingen (mediaan)")
    print(f"vloer   SELECT count(*) hulpperiodes          {floor_time * 1000:9.2f} ms")
    print(f"cijfers 1 gemeente (alleen berekening)         {single_time * 1000:9.2f} ms   {single_time / floor_time:8.1f} x vloer")
    print(f"alle kwartaalrapportages (json + xlsx)          {total_time * 1000:9.2f} ms   {total_time / floor_time:8.1f} x vloer   ({size} bytes)")


if __name__ == "__main__":
    main()
