"""The database away: a Dutch 503 instead of a 500, for the web pages and the API alike.

A request that meets a database that cannot be reached (stopped, restarting, network gone) gets a Dutch page or
problem+json with status 503 and `Retry-After` (a service's transaction is rolled back with the failed connection).
The next request opens a fresh connection (Django closes an unusable one at the end of every request; with
`DATABASE_URL`, CONN_HEALTH_CHECKS replaces a broken persistent one), so the app recovers without a restart.

Most such errors escape the view (`process_exception`). One raised by another middleware (a session or a
lock-out check) has already become a 500 response by the time it gets here: `got_request_exception` marks the
request, and `__call__` turns that 500 into the same 503. The 503 page is rendered without the request's
context: the page shell asks for the user, and so for the database.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
MELDING = "De database is even niet bereikbaar, dus dit verzoek kon niet worden verwerkt. Probeer het over een halve minuut opnieuw."
_MARK = "_jgt_database_onbereikbaar"


def is_database_unavailable(exc: BaseException | None) -> bool:
    """A connection that failed or broke (Django's OperationalError and InterfaceError, e.g. 'connection refused',
    'server closed the connection unexpectedly', 'connection already closed')."""
    return isinstance(exc, OperationalError | InterfaceError)


def unavailable_response(request):
    if request.path.startswith("/api/"):
        from jgt_registratie.api.problems import PROBLEM_CONTENT_TYPE, problem

        response = JsonResponse(problem(503, MELDING), status=503, content_type=PROBLEM_CONTENT_TYPE)
    else:
        response = HttpResponse(render_to_string("503.html", {"melding": MELDING}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark(sender, request=None, **kwargs):
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark, dispatch_uid="jgt_registratie.unavailable")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.warning("Database niet bereikbaar bij %s %s: %s", request.method, request.path, type(exception).__name__)
        return unavailable_response(request)
