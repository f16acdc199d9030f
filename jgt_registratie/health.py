"""`/gezondheid`: whether the database, the broker and a worker answer, for a load balancer or monitoring.

Public (no login) and without data: per part only "ok" or "storing", never an error text, host or version.
200 when all answer, 503 when one does not. The checks are django-health-check's (run concurrently, each with its
own time limit); the broker check is our own, as the library's broker checks are tied to one transport.
"""

import asyncio
import contextlib
import dataclasses
import datetime
from concurrent.futures import ThreadPoolExecutor

from django.http import JsonResponse
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.celery import Ping
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from jgt_registratie.web import public


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (any kombu transport: Redis in production, files locally)."""

    timeout: datetime.timedelta = dataclasses.field(default=datetime.timedelta(seconds=2), repr=False)

    def run(self):
        from celery import current_app

        try:
            with current_app.connection_for_write(connect_timeout=self.timeout.total_seconds()) as connection:
                connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=self.timeout.total_seconds())
        except Exception as exc:  # kombu raises per transport; any failure means: not reachable
            raise ServiceUnavailable("broker unreachable") from exc


@dataclasses.dataclass
class Worker(Ping):
    """A Celery ping that returns at the first pong, or after one second. Without a broker no worker can answer:
    then it fails at once instead of waiting for the ping's own connection retries."""

    def run(self):
        Broker().run()
        super().run()


CHECKS = {
    "database": (Database, {}),
    "broker": (Broker, {}),
    "worker": (Worker, {"timeout": datetime.timedelta(seconds=1), "limit": 1}),
}


class GezondheidView(HealthCheckView):
    checks = list(CHECKS.values())

    @contextlib.contextmanager
    def get_executor(self):
        """Own threads, not waited for: a check past its time limit is reported as "storing" at once, while its
        thread ends in the background (at its own connect timeout)."""
        executor = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="gezondheid")
        try:
            yield executor
        finally:
            executor.shutdown(wait=False, cancel_futures=True)

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        parts = {name: "storing" if result.error else "ok" for name, result in zip(CHECKS, results, strict=True)}
        healthy = all(state == "ok" for state in parts.values())
        return JsonResponse({"status": "ok" if healthy else "storing", "onderdelen": parts}, status=200 if healthy else 503)


gezondheid = public(GezondheidView.as_view())
