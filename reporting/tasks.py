"""Celery tasks of the reporting app (thin: the work is in `reporting.generation` and `reporting.services`)."""

from celery import shared_task
from django.db import DatabaseError

from reporting import generation, services


@shared_task(name="reporting.rapportage_genereren", bind=True, autoretry_for=(DatabaseError,), retry_backoff=5, max_retries=5, acks_late=True)
def rapportage_genereren(self, rapportage_id: str) -> str:
    return generation.genereer(rapportage_id)


@shared_task(name="reporting.kwartaalrapportages")
def kwartaalrapportages() -> int:
    """Celery beat, daily: create the missing quarterly indicator reports; they queue themselves."""
    return len(services.kwartaalrapportages_aanmaken())
