"""The daily retention run (`reporting.retention`, Celery beat `reporting.bewaartermijnen`, `manage.py purge_expired`):
files of a `cbs_aanlevering` (they hold BSNs) are deleted after AANLEVERING_BEWAARDAGEN days; the Rapportage row says so
and a download gets a Dutch 410 problem+json. Dossiers past their 20 years: tests/cases/test_retention.py."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from jgt_registratie.models import AuditLog
from reporting import generation, retention, services
from reporting.models import Rapportage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rapportage_dir")]
API = "/api/v1"


def made(user, soort, days_ago: int, formaat="csv") -> Rapportage:
    rapportage = services.report_request(user=user, soort=soort, periode="2020-H1", gemeente=None, formaat=formaat)
    generation.report_generate(rapportage.pk)
    Rapportage.objects.filter(pk=rapportage.pk).update(gereed_op=timezone.now() - timedelta(days=days_ago))
    return Rapportage.objects.get(pk=rapportage.pk)


def test_an_aanlevering_file_is_deleted_after_its_days_and_the_row_says_so(beheerder, world, rapportage_dir, settings):
    old = made(beheerder, "cbs_aanlevering", settings.AANLEVERING_BEWAARDAGEN + 1)
    assert retention.aanlevering_files_expire() == [old.pk]
    old.refresh_from_db()
    assert (old.status, old.bestand_verwijderd_op is not None, (rapportage_dir / old.bestand).exists()) == ("gereed", True, False)
    row = AuditLog.objects.get(action="rapportagebestand_verwijderen", object_id=str(old.pk))
    assert (row.username, row.detail["bewaardagen"], row.detail["sha256"]) == ("", 30, old.sha256)


def test_other_files_and_younger_aanleveringen_stay(beheerder, world, rapportage_dir, settings):
    young = made(beheerder, "cbs_aanlevering", settings.AANLEVERING_BEWAARDAGEN - 1)
    protocol = made(beheerder, "cbs_protocol", 400)
    indicatoren = made(beheerder, "indicatoren", 400, formaat="json")
    assert retention.aanlevering_files_expire() == []
    assert all((rapportage_dir / r.bestand).exists() for r in (young, protocol, indicatoren))


def test_the_number_of_days_is_a_setting(beheerder, world, settings):
    settings.AANLEVERING_BEWAARDAGEN = 7
    week_old = made(beheerder, "cbs_aanlevering", 8)
    assert retention.aanlevering_files_expire() == [week_old.pk]


def test_a_deleted_file_is_a_dutch_410_and_the_resource_shows_when(api, beheerder, world, settings):
    old = made(beheerder, "cbs_aanlevering", settings.AANLEVERING_BEWAARDAGEN + 1)
    retention.aanlevering_files_expire()
    client = api(beheerder)
    download = client.get(f"{API}/rapportages/{old.pk}/bestand")
    problem = download.json()
    assert (download.status_code, download["Content-Type"], problem["title"]) == (410, "application/problem+json", "Niet meer beschikbaar")
    assert "een CBS-aanlevering bevat BSN's en wordt 30 dagen bewaard" in problem["detail"]
    resource = client.get(f"{API}/rapportages/{old.pk}").json()
    assert (resource["status"], resource["bestand"], resource["bestandVerwijderdOp"] is not None) == ("gereed", None, True)
    assert AuditLog.objects.filter(action="downloaden", object_id=str(old.pk), result="conflict").count() == 1


def test_the_portal_list_says_the_file_was_deleted(client, beheerder, world, settings):
    old = made(beheerder, "cbs_aanlevering", settings.AANLEVERING_BEWAARDAGEN + 1)
    retention.aanlevering_files_expire()
    client.force_login(beheerder)
    html = client.get("/gemeente/rapportages").content.decode()
    assert "Verwijderd op" in html and f"/api/v1/rapportages/{old.pk}/bestand" not in html


def test_purge_expired_runs_everything_and_reports_in_dutch(beheerder, world, settings):
    made(beheerder, "cbs_aanlevering", settings.AANLEVERING_BEWAARDAGEN + 1)
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert out.getvalue().strip() == ("Vernietigd: 0 dossier(s), 0 jeugdige(n), 0 contact(en) (geanonimiseerde telgegevens bewaard: "
                                      "0 hulpperiode(s)). Verwijderde aanleveringsbestanden: 1; tijdelijke bestanden: 0.")


def test_beat_runs_the_retention_daily_and_resumes_stuck_reports():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert (schedule["bewaartermijnen"]["task"], schedule["rapportages_hervatten"]["task"]) == ("reporting.bewaartermijnen", "reporting.rapportages_hervatten")
    from reporting.tasks import retention_task, stale_reports_resume_task

    assert (retention_task.name, stale_reports_resume_task.name) == ("reporting.bewaartermijnen", "reporting.rapportages_hervatten")


def test_a_delivery_file_left_by_a_report_that_is_not_gereed_is_deleted_too(beheerder, world, rapportage_dir, settings):
    """A worker killed between the complete file and its gereed row leaves the file: its BSNs go after the same days."""
    from reporting.exports import rapportage_filename

    failed = services.report_request(user=beheerder, soort="cbs_aanlevering", periode="2020-H1", gemeente=None, formaat="csv")
    never = services.report_request(user=beheerder, soort="cbs_aanlevering", periode="2020-H2", gemeente=None, formaat="csv")
    old = timezone.now() - timedelta(days=settings.AANLEVERING_BEWAARDAGEN + 1)
    Rapportage.objects.filter(pk=failed.pk).update(status="mislukt", fout="kapot", gereed_op=old, aangemaakt_op=old)
    Rapportage.objects.filter(pk=never.pk).update(status="bezig", aangemaakt_op=old)
    rapportage_dir.mkdir(parents=True)
    left = rapportage_dir / rapportage_filename(Rapportage.objects.get(pk=failed.pk))
    left.write_bytes(b"bsn,123456782\r\n")
    assert retention.aanlevering_files_expire() == [failed.pk]
    assert (left.exists(), Rapportage.objects.get(pk=failed.pk).bestand_verwijderd_op is not None) == (False, True)
    assert Rapportage.objects.get(pk=never.pk).bestand_verwijderd_op is None
    assert AuditLog.objects.get(action="rapportagebestand_verwijderen", object_id=str(failed.pk)).detail["status"] == "mislukt"
