"""The worker's side of a report when things go wrong, in-process on the real database (the real worker and Redis:
test_worker_faults.py): a row not committed yet, a row another worker is making, a report that keeps killing its
worker, a stuck report queued again by beat, a damaged file never served, temporary files left behind."""

import os
import time
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from jgt_registratie.models import AuditLog
from reporting import generation, services
from reporting.models import Rapportage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rapportage_dir")]
API = "/api/v1"


def request(user, soort="cbs_protocol", formaat="csv"):
    return services.report_request(user=user, soort=soort, periode="2020-H1", gemeente=None, formaat=formaat)


def test_a_task_for_a_row_that_is_not_there_yet_tries_again(db):
    assert generation.report_generate("0b7e7a3e-8d0b-4a53-9a8e-5c1a7e0f3b11") == generation.ONBEKEND


def test_a_report_another_worker_is_making_is_left_to_it(beheerder, world):
    rapportage = request(beheerder)
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other_worker:
        other_worker.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", [4712, str(rapportage.pk)])
        assert generation.report_generate(rapportage.pk) == generation.BEZET
        # the other worker finishes: unlock explicitly, as closing the connection releases it only some time later
        other_worker.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [4712, str(rapportage.pk)])
    assert generation.report_generate(rapportage.pk) == generation.GEREED


def test_every_start_counts_and_a_report_that_keeps_killing_its_worker_ends_mislukt(beheerder, world, settings):
    rapportage = request(beheerder)
    Rapportage.objects.filter(pk=rapportage.pk).update(status="bezig", pogingen=settings.RAPPORTAGE_MAX_POGINGEN)
    assert generation.report_generate(rapportage.pk) == generation.MISLUKT
    rapportage.refresh_from_db()
    assert (rapportage.status, rapportage.fout) == ("mislukt", "De rapportage kon na 3 pogingen niet worden gemaakt: het maken werd steeds "
                                                    "afgebroken. Vraag een nieuwe aan; blijft het misgaan, meld het bij functioneel beheer.")
    assert AuditLog.objects.filter(action="rapportage_genereren", object_id=str(rapportage.pk), result="conflict", detail__pogingen=3).exists()


def test_a_finished_report_counts_its_start(beheerder, world):
    rapportage = request(beheerder)
    generation.report_generate(rapportage.pk)
    rapportage.refresh_from_db()
    assert (rapportage.status, rapportage.pogingen) == ("gereed", 1)


def test_a_report_asked_under_earlier_definitions_says_the_version_it_was_made_with(beheerder, world, rapportage_dir):
    """Asked for before the definitions changed (2026.1) and made after: its row and its file both say 2027.1."""
    import openpyxl

    from reporting.indicators import DEFINITIEVERSIE

    rapportage = request(beheerder, formaat="xlsx")
    Rapportage.objects.filter(pk=rapportage.pk).update(definitieversie="2026.1")
    generation.report_generate(rapportage.pk)
    rapportage.refresh_from_db()
    toelichting = dict(openpyxl.load_workbook(rapportage_dir / rapportage.bestand)["Toelichting"].iter_rows(values_only=True))
    assert (DEFINITIEVERSIE, rapportage.definitieversie, toelichting["Definitieversie"]) == ("2027.1", "2027.1", "2027.1")


# --- beat: stuck reports queued again ------------------------------------------------------------------------------


def _aged(rapportage, minutes, **fields):
    moment = timezone.now() - timedelta(minutes=minutes)
    Rapportage.objects.filter(pk=rapportage.pk).update(aangemaakt_op=moment, **{k: (moment if v is True else v) for k, v in fields.items()})
    return rapportage


def test_beat_queues_again_only_reports_stuck_longer_than_the_bound(beheerder, world, queued_tasks, settings):
    bound = settings.RAPPORTAGE_VASTGELOPEN_MINUTEN
    stuck_wachtrij = _aged(request(beheerder), bound + 1)
    stuck_bezig = _aged(request(beheerder), bound + 5, status="bezig", gestart_op=True)
    young = _aged(request(beheerder), bound - 1)
    made = _aged(request(beheerder), bound + 1)
    generation.report_generate(made.pk)
    recently_resumed = _aged(request(beheerder), bound + 1, hervat_op=timezone.now())
    queued_tasks()  # forget the requests' own messages

    assert set(generation.stale_reports_resume()) == {stuck_wachtrij.pk, stuck_bezig.pk}
    assert sorted(args for _, args in queued_tasks()) == sorted([(str(stuck_wachtrij.pk),), (str(stuck_bezig.pk),)])
    assert generation.stale_reports_resume() == []  # at most once per bound
    assert {young.pk, made.pk, recently_resumed.pk}.isdisjoint(AuditLog.objects.filter(action="rapportage_hervatten").values_list("object_id", flat=True))


def test_beat_leaves_a_report_that_is_being_made_alone(beheerder, world, queued_tasks, settings):
    rapportage = _aged(request(beheerder), settings.RAPPORTAGE_VASTGELOPEN_MINUTEN + 30, status="bezig", gestart_op=True)
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as worker:
        worker.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", [4712, str(rapportage.pk)])  # a slow generation, still going
        assert generation.stale_reports_resume() == []


# --- never a half or damaged file --------------------------------------------------------------------------------------


def test_a_file_that_does_not_match_its_sha256_is_never_served(api, beheerder, world, rapportage_dir):
    rapportage = request(beheerder)
    generation.report_generate(rapportage.pk)
    rapportage.refresh_from_db()
    path = rapportage_dir / rapportage.bestand
    path.write_bytes(path.read_bytes()[:40])  # half a file, as a disk or a hand could leave it
    response = api(beheerder).get(f"{API}/rapportages/{rapportage.pk}/bestand")
    assert (response.status_code, response.json()["detail"]) == (409, "Het bestand van deze rapportage is niet meer beschikbaar. "
                                                                      "Vraag de rapportage opnieuw aan.")
    assert AuditLog.objects.filter(action="downloaden", object_id=str(rapportage.pk), result="conflict", detail__bestand="beschadigd").exists()


def test_temporary_files_left_by_a_killed_worker_are_removed_after_a_day(rapportage_dir):
    rapportage_dir.mkdir(parents=True)
    old, fresh, report = rapportage_dir / ".r.csv.abc.tmp", rapportage_dir / ".r.csv.def.tmp", rapportage_dir / "r.csv"
    for path in (old, fresh, report):
        path.write_bytes(b"x")
    day_and_a_bit = time.time() - 25 * 3600
    os.utime(old, (day_and_a_bit, day_and_a_bit))
    os.utime(report, (day_and_a_bit, day_and_a_bit))
    assert generation.temp_files_remove() == 1
    assert sorted(p.name for p in rapportage_dir.iterdir()) == [".r.csv.def.tmp", "r.csv"]


def test_the_task_tries_a_missing_row_a_few_times_then_ends_quietly(db):
    """(Run eagerly here, so without the waits.) A row that never came (its request rolled back after publishing) is no
    failure: the task ends with `onbekend` after its tries instead of raising."""
    from reporting.tasks import report_generate_task

    result = report_generate_task.apply(args=("0b7e7a3e-8d0b-4a53-9a8e-5c1a7e0f3b11",))
    assert (result.successful(), result.get()) == (True, "onbekend")


def test_a_delivery_whose_row_cannot_be_stored_leaves_no_file_with_bsns(beheerder, world, rapportage_dir, monkeypatch):
    """The file is complete under its final name before the row says gereed: a failure in between removes it again,
    whether the database is away (Celery retries, the row stays bezig) or the generation fails (mislukt)."""
    from django.db import OperationalError

    def away(*args, **kwargs):
        raise OperationalError("the server closed the connection")

    rapportage = request(beheerder, soort="cbs_aanlevering")
    monkeypatch.setattr(generation, "version_fields", away)
    with pytest.raises(OperationalError):
        generation.report_generate(rapportage.pk)
    rapportage.refresh_from_db()
    assert (rapportage.status, sorted(p.name for p in rapportage_dir.iterdir())) == ("bezig", [])

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(generation, "version_fields", broken)
    assert generation.report_generate(rapportage.pk) == "mislukt"
    assert sorted(p.name for p in rapportage_dir.iterdir()) == []


def test_the_download_reads_the_checked_file_from_disk_and_lists_leave_the_cells_unread(api, beheerder, world, rapportage_dir):
    """A report's file is hashed and served from an open handle (never read whole into memory), and neither the list,
    the resource nor the download loads the report's cells (a CBS export's can be large)."""
    from reporting import selectors

    rapportage = request(beheerder)
    generation.report_generate(rapportage.pk)
    rapportage.refresh_from_db()
    found, handle = selectors.rapportage_bestand(beheerder, rapportage.pk)
    with handle:
        assert (handle.name, handle.tell(), handle.read()) == (str(rapportage_dir / rapportage.bestand), 0,
                                                               (rapportage_dir / rapportage.bestand).read_bytes())
    assert "cellen" in found.get_deferred_fields()
    assert all("cellen" in r.get_deferred_fields() for r in selectors.rapportages_for(beheerder))
    response = api(beheerder).get(f"{API}/rapportages/{rapportage.pk}/bestand")
    assert (response.status_code, b"".join(response.streaming_content)) == (200, (rapportage_dir / rapportage.bestand).read_bytes())
    assert response["ETag"] == f'"{rapportage.sha256}"'


def test_an_xlsx_working_directory_left_by_a_killed_worker_is_removed_after_a_day(rapportage_dir):
    rapportage_dir.mkdir(parents=True)
    old, fresh = rapportage_dir / ".xlsx.abc.tmp", rapportage_dir / ".xlsx.def.tmp"
    for path in (old, fresh):
        path.mkdir()
        (path / "tmpx1").write_bytes(b"<row>123456782</row>")
    day_and_a_bit = time.time() - 25 * 3600
    os.utime(old, (day_and_a_bit, day_and_a_bit))
    assert generation.temp_files_remove() == 1
    assert sorted(p.name for p in rapportage_dir.iterdir()) == [".xlsx.def.tmp"]
