"""The worker's side of a report: wachtrij -> bezig -> gereed | mislukt, with progress and an atomic file.

Safe to retry and to run twice: a session advisory lock on the row lets only one worker generate it at a
time (a duplicate task finds it locked: "bezet", and tries again later), a row that is already `gereed` is
left alone, and a row left `bezig` by a crashed worker is simply generated again. The file is written to a
temporary file in RAPPORTAGE_DIR, fsynced and renamed, so the final name never holds a half file; the download
checks the file against its sha256 before serving it (`reporting.selectors.rapportage_bestand`).

A worker killed mid-report (issue 9): its task was acknowledged late, so the broker delivers it again (at once
when a prefork child dies, CELERY_TASK_REJECT_ON_WORKER_LOST; after CELERY_VISIBILITY_TIMEOUT on Redis when the
whole worker died). Beat's `stale_reports_resume` queues again any row still `wachtrij` or `bezig` (and not
locked by a running generation) after RAPPORTAGE_VASTGELOPEN_MINUTEN, for a message that was lost altogether.
Every start counts (`pogingen`): a report that kills its worker every time ends `mislukt` after
RAPPORTAGE_MAX_POGINGEN starts instead of being retried for ever.

Published versions (issue 10): a finished report keeps its delivered cells (`Rapportage.cellen`) and gets its version
number and, from version 2 on, its changes against the latest published version (`reporting.versions`). A published
(`definitief`) report is gereed, so it is never made again: its file and sha256 stay as published.
"""

import hashlib
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from jgt_registratie.audit import Action, audit_record
from reporting.db import rapportage_lezen
from reporting.exports import rapportage_filename
from reporting.exports.render import render_to
from reporting.indicators import DEFINITIEVERSIE
from reporting.models import Rapportage
from reporting.periods import periode_parse
from reporting.versions import RecordCellen, lock_versions, version_fields

logger = logging.getLogger(__name__)

FOUT = "De rapportage kon niet worden gemaakt door een fout aan onze kant. Vraag een nieuwe aan; blijft het misgaan, meld het bij functioneel beheer."
FOUT_POGINGEN = ("De rapportage kon na {n} pogingen niet worden gemaakt: het maken werd steeds afgebroken. "
                 "Vraag een nieuwe aan; blijft het misgaan, meld het bij functioneel beheer.")
TEMP_BEWAARUREN = 24

# What `report_generate` did:
GEREED, MISLUKT = "gereed", "mislukt"
OVERGESLAGEN = "overgeslagen"  # already gereed or mislukt (a duplicate or late task): nothing to do
BEZET = "bezet"  # another worker is making it right now: try again later
ONBEKEND = "onbekend"  # no such row (yet: the request publishes before its commit): try again shortly
_LOCK_CLASS = 4712
CLIENT_CHECK_MS = 2000


@contextmanager
def _row_lock(pk) -> bool:
    """A session-level advisory lock on the report (held across the generation's autocommitted updates)."""
    with connection.cursor() as cursor:
        # A worker killed mid-report leaves its database session behind, and with it this lock. PostgreSQL ends such a
        # session within seconds when it checks its client between and during queries (PostgreSQL 14+; Linux).
        cursor.execute("SELECT set_config('client_connection_check_interval', %s, false)", [str(CLIENT_CHECK_MS)])
        cursor.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [_LOCK_CLASS, str(pk)])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [_LOCK_CLASS, str(pk)])


@contextmanager
def atomic_file(directory: Path, name: str):
    """A binary handle on a temporary file in `directory` that becomes directory/name, fsynced, only when the block ends
    without an error (else it is removed): the name only ever holds a complete file."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, directory / name)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself survives a crash
    finally:
        os.close(dir_fd)


def write_atomically(directory: Path, name: str, content: bytes) -> None:
    """Write `content` to directory/name so that the name only ever holds the complete file."""
    with atomic_file(directory, name) as handle:
        handle.write(content)


def sha256_of(path: Path) -> str:
    """The sha256 of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _set(pk, **fields) -> int:
    return Rapportage.objects.filter(pk=pk).update(**fields)


def _set_unpublished(pk, **fields) -> int:
    return Rapportage.objects.filter(pk=pk, definitief=False).update(**fields)


def _fail(pk, fout: str, detail: dict) -> str:
    with transaction.atomic():  # the final status and its audit row together
        _set_unpublished(pk, status=Rapportage.Status.MISLUKT, fout=fout, gereed_op=timezone.now())
        audit_record(user=None, action=Action.RAPPORTAGE_GENEREREN, object_type="rapportage", object_id=pk,
                     result="conflict", detail={"status": "mislukt", **detail})
    return MISLUKT


def report_generate(rapportage_id) -> str:
    """Generate one report; returns what happened (GEREED, MISLUKT, OVERGESLAGEN, BEZET, ONBEKEND)."""
    with _row_lock(rapportage_id) as acquired:
        if not acquired:
            return BEZET
        rapportage = Rapportage.objects.select_related("gemeente").filter(pk=rapportage_id).first()
        if rapportage is None:
            return ONBEKEND
        if rapportage.status in (Rapportage.Status.GEREED, Rapportage.Status.MISLUKT):
            return OVERGESLAGEN
        if rapportage.pogingen >= settings.RAPPORTAGE_MAX_POGINGEN:
            logger.error("Rapportage %s: %s pogingen afgebroken, nu mislukt", rapportage.pk, rapportage.pogingen)
            return _fail(rapportage.pk, FOUT_POGINGEN.format(n=rapportage.pogingen), {"pogingen": rapportage.pogingen})
        # The figures are computed under the definitions of now: a report asked for before a new version of the
        # definitions, and made after, says the version it was made with (in its row and in its file).
        rapportage.definitieversie = DEFINITIEVERSIE
        _set_unpublished(rapportage.pk, status=Rapportage.Status.BEZIG, voortgang=5, gestart_op=timezone.now(), fout="", pogingen=F("pogingen") + 1,
                         definitieversie=DEFINITIEVERSIE)
        geschreven = cellen = None  # the final file once it is there: removed again on any failure before the row says gereed
        try:
            periode = periode_parse(rapportage.periode, vandaag=timezone.localdate(rapportage.aangemaakt_op))
            name = rapportage_filename(rapportage)
            # Written as it is made (an export streams its records straight into the file), under its final name only
            # once it is complete.
            with rapportage_lezen(), atomic_file(Path(settings.RAPPORTAGE_DIR), name) as handle:
                # its reads on the replica when there is one; its status row stays on the primary
                cellen = render_to(handle, rapportage, periode, voortgang=lambda n: _set(rapportage.pk, voortgang=min(95, max(5, n))),
                                   vandaag=timezone.localdate(rapportage.aangemaakt_op))
            geschreven = Path(settings.RAPPORTAGE_DIR) / name
            _set(rapportage.pk, voortgang=95)
            digest = sha256_of(geschreven)
            with transaction.atomic():
                # The version number and the changes against the latest published version (`reporting.versions`), numbered
                # under the same lock as publishing, so a publication in between cannot give two reports one number.
                lock_versions(rapportage)
                rapportage.refresh_from_db()
                if isinstance(cellen, RecordCellen):  # a CBS export's cells, from their file: stored first, compared in SQL
                    cellen.store(rapportage.pk)
                    opgeslagen = {}
                else:
                    opgeslagen = {"cellen": cellen}
                versie = version_fields(rapportage, cellen)
                # Never over a published report (`definitief` is only ever set on a gereed one, which is never made again).
                _set_unpublished(rapportage.pk, status=Rapportage.Status.GEREED, voortgang=100, bestand=name, sha256=digest,
                                 gereed_op=timezone.now(), **opgeslagen, **versie)
                audit_record(user=None, action=Action.RAPPORTAGE_GENEREREN, object_type="rapportage", object_id=rapportage.pk,
                             detail={"soort": rapportage.soort, "periode": rapportage.periode, "sha256": digest, "versie": versie["versie"]})
        except DatabaseError:
            _remove(geschreven)  # a complete file (a delivery's BSNs) of a row that is not gereed: never left behind
            raise  # the database is away: let Celery retry, the row stays `bezig` and is redone
        except Exception:
            _remove(geschreven)
            logger.exception("Rapportage %s mislukt", rapportage.pk)
            return _fail(rapportage.pk, FOUT, {})
        except BaseException:
            _remove(geschreven)
            raise
        finally:
            if isinstance(cellen, RecordCellen):
                cellen.close()
        return GEREED


def _remove(path: Path | None) -> None:
    """Remove a report's final file written for a generation that then failed (nothing when there is none)."""
    if path is not None:
        path.unlink(missing_ok=True)


def _is_being_made(pk) -> bool:
    """Whether a worker holds the report's lock right now (a generation in progress)."""
    with _row_lock(pk) as acquired:
        return not acquired


def stale_reports_resume(*, nu=None) -> list:
    """Celery beat, every few minutes: queue again the reports stuck in `wachtrij` or `bezig` (no running generation
    holds their lock) for longer than RAPPORTAGE_VASTGELOPEN_MINUTEN, at most once per such interval each.

    The lost message of a request, a broker emptied by a restart, a worker killed mid-report whose delivery has not
    come back: each ends here. Returns the ids queued; stops quietly when the queue cannot be reached (next run).
    """
    from jgt_registratie.errors import ServiceUnavailable
    from reporting.services import publish  # reporting.services imports the tasks, which import this module

    nu = nu or timezone.now()
    grens = nu - timedelta(minutes=settings.RAPPORTAGE_VASTGELOPEN_MINUTEN)
    stale = (Rapportage.objects.filter(Q(status=Rapportage.Status.WACHTRIJ, aangemaakt_op__lt=grens)
                                       | Q(status=Rapportage.Status.BEZIG, gestart_op__lt=grens))
             .filter(Q(hervat_op__isnull=True) | Q(hervat_op__lt=grens)).order_by("aangemaakt_op").values_list("pk", "status"))
    hervat = []
    for pk, status in stale:
        if _is_being_made(pk):
            continue
        try:
            publish(pk)
        except ServiceUnavailable:
            logger.warning("Vastgelopen rapportages: de wachtrij is niet bereikbaar; de volgende ronde probeert het opnieuw.")
            break
        with transaction.atomic():
            _set(pk, hervat_op=nu)
            audit_record(user=None, action=Action.RAPPORTAGE_HERVATTEN, object_type="rapportage", object_id=pk, detail={"status": status})
        hervat.append(pk)
    return hervat


def temp_files_remove(*, nu: float | None = None) -> int:
    """Remove temporary files (and an XLSX export's working directory) a killed worker left in RAPPORTAGE_DIR (older than
    a day: none is still being written)."""
    directory = Path(settings.RAPPORTAGE_DIR)
    if not directory.is_dir():
        return 0
    grens = (nu or time.time()) - TEMP_BEWAARUREN * 3600
    removed = 0
    for path in directory.glob(".*.tmp"):
        if path.stat().st_mtime >= grens:
            continue
        if path.is_dir():  # an XLSX export's working directory (`reporting.exports.render`)
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed += 1
    return removed
