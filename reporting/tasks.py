"""Celery tasks of the reporting app (thin: the work is in `reporting.generation` and `reporting.services`).

The registered task names (`name=`) are the old Dutch ones on purpose: queued messages and the beat schedule
(`CELERY_BEAT_SCHEDULE` in config/settings.py) refer to tasks by that name, so it must not change with the function.
"""

from celery import shared_task
from django.db import DatabaseError

from reporting import generation, services

#: (seconds to wait, tries) when the row is not there yet (the request publishes just before its commit) or another
#: worker is making it right now
RETRY_ONBEKEND = (2, 5)
RETRY_BEZET = (5, 60)


@shared_task(name="reporting.rapportage_genereren", bind=True, autoretry_for=(DatabaseError,), retry_backoff=5, max_retries=5, acks_late=True)
def report_generate_task(self, rapportage_id: str) -> str:
    result = generation.report_generate(rapportage_id)
    wait = {generation.ONBEKEND: RETRY_ONBEKEND, generation.BEZET: RETRY_BEZET}.get(result)
    if wait is not None and self.request.retries < wait[1]:
        raise self.retry(countdown=wait[0], max_retries=wait[1])
    return result


@shared_task(name="reporting.kwartaalrapportages")
def quarterly_reports_task() -> int:
    """Celery beat, daily: create the missing quarterly indicator reports; they queue themselves."""
    return len(services.quarterly_reports_create())


@shared_task(name="reporting.rapportages_hervatten")
def stale_reports_resume_task() -> int:
    """Celery beat, every 5 minutes: queue again the reports stuck in `wachtrij` or `bezig`."""
    return len(generation.stale_reports_resume())


@shared_task(name="reporting.bewaartermijnen")
def retention_task() -> dict:
    """Celery beat, daily: what `manage.py purge_expired` does (dossiers past their retention, expired BSN files)."""
    from reporting.retention import purge_expired

    return purge_expired()
