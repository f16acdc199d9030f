"""The web session's idle timeout (SESSION_IDLE_SECONDS, saved on every request) and the requests that do not count.

A page that asks the server something by itself, without the user doing anything (the reports page polling the status
of its reports), must not keep an unattended session alive past its idle timeout: such a view calls `passief(request)`
and the session is then neither saved nor its cookie renewed for that request.

An API request authenticated by a token (`Authorization: Token`, DRF sets `request.auth` to the token) is no activity
of a web session either: an integration does not keep a person's session alive, and its requests (the bulk of the
API's traffic) then cost no session write. Its response still varies on Cookie when the session was read.
"""

from django.contrib.sessions.middleware import SessionMiddleware
from django.utils.cache import patch_vary_headers
from rest_framework.authtoken.models import Token

_PASSIEF = "_jgt_sessie_passief"


def passief(request) -> None:
    """This request was made by the page itself, not by the user: it does not extend the session."""
    setattr(request, _PASSIEF, True)


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware, except for requests marked `passief`."""

    def process_response(self, request, response):
        if getattr(request, _PASSIEF, False):
            return response
        if isinstance(getattr(request, "auth", None), Token):
            session = getattr(request, "session", None)
            if session is not None and session.accessed:
                patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)
