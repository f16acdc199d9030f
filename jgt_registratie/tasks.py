from celery import shared_task


@shared_task(name="jgt_registratie.ping")
def ping() -> str:
    """A worker health check: `ping.delay().get()` needs a result backend; the worker log shows it ran."""
    return "pong"
