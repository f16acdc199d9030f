"""Celery tasks of the reporting app (thin: the work is in `reporting.generation` and `reporting.services`).

The registered task names (`name=`) are the old Dutch ones on purpose: queued messages and the beat schedule
(`CELERY_BEAT_SCHEDULE` in config/settings.py) refer to tasks by that name, so it must not change with the function.
"""

from celery import shared_task
from django.db import DatabaseError

from reporting import generation, services


@shared_task(name="reporting.rapportage_genereren", bind=True, autoretry_for=(DatabaseError,), retry_backoff=5, max_retries=5, acks_late=True)
def report_generate_task(self, rapportage_id: str) -> str:
    return generation.report_generate(rapportage_id)


@shared_task(name="reporting.kwartaalrapportages")
def quarterly_reports_task() -> int:
    """Celery beat, daily: create the missing quarterly indicator reports; they queue themselves."""
    return len(services.quarterly_reports_create())
