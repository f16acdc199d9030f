"""The worker's side of a report: wachtrij -> bezig -> gereed | mislukt, with progress and an atomic file.

Safe to retry and to run twice: a session advisory lock on the row lets only one worker generate it at a
time (a duplicate task finds it locked and does nothing), a row that is already `gereed` is left alone,
and a row left `bezig` by a crashed worker is simply generated again. The file is written to a temporary
file in RAPPORTAGE_DIR, fsynced and renamed, so the final name never holds a half file.
"""

import hashlib
import logging
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from jgt_registratie.audit import Action, audit_record
from reporting.exports import rapportage_filename, render
from reporting.models import Rapportage
from reporting.periods import periode_parse

logger = logging.getLogger(__name__)

FOUT = "De rapportage kon niet worden gemaakt door een fout aan onze kant. Vraag een nieuwe aan; blijft het misgaan, meld het bij functioneel beheer."
_LOCK_CLASS = 4712


@contextmanager
def _row_lock(pk) -> bool:
    """A session-level advisory lock on the report (held across the generation's autocommitted updates)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [_LOCK_CLASS, str(pk)])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [_LOCK_CLASS, str(pk)])


def write_atomically(directory: Path, name: str, content: bytes) -> None:
    """Write `content` to directory/name so that the name only ever holds the complete file."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
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


def _set(pk, **fields) -> int:
    return Rapportage.objects.filter(pk=pk).update(**fields)


def report_generate(rapportage_id) -> str:
    """Generate one report; returns what happened ("gereed", "mislukt", "overgeslagen")."""
    with _row_lock(rapportage_id) as acquired:
        if not acquired:
            return "overgeslagen"  # another worker is generating it right now
        rapportage = Rapportage.objects.select_related("gemeente").filter(pk=rapportage_id).first()
        if rapportage is None or rapportage.status in (Rapportage.Status.GEREED, Rapportage.Status.MISLUKT):
            return "overgeslagen"
        _set(rapportage.pk, status=Rapportage.Status.BEZIG, voortgang=5, gestart_op=timezone.now(), fout="")
        try:
            periode = periode_parse(rapportage.periode, vandaag=timezone.localdate(rapportage.aangemaakt_op))
            content = render(rapportage, periode, voortgang=lambda n: _set(rapportage.pk, voortgang=min(95, max(5, n))),
                             vandaag=timezone.localdate(rapportage.aangemaakt_op))
            _set(rapportage.pk, voortgang=95)
            name = rapportage_filename(rapportage)
            write_atomically(Path(settings.RAPPORTAGE_DIR), name, content)
            digest = hashlib.sha256(content).hexdigest()
        except DatabaseError:
            raise  # the database is away: let Celery retry, the row stays `bezig` and is redone
        except Exception:
            logger.exception("Rapportage %s mislukt", rapportage.pk)
            with transaction.atomic():  # the final status and its audit row together
                _set(rapportage.pk, status=Rapportage.Status.MISLUKT, fout=FOUT, gereed_op=timezone.now())
                audit_record(user=None, action=Action.RAPPORTAGE_GENEREREN, object_type="rapportage", object_id=rapportage.pk,
                             result="conflict", detail={"status": "mislukt"})
            return "mislukt"
        with transaction.atomic():
            _set(rapportage.pk, status=Rapportage.Status.GEREED, voortgang=100, bestand=name, sha256=digest, gereed_op=timezone.now())
            audit_record(user=None, action=Action.RAPPORTAGE_GENEREREN, object_type="rapportage", object_id=rapportage.pk,
                         detail={"soort": rapportage.soort, "periode": rapportage.periode, "sha256": digest})
        return "gereed"
