"""API token authentication: tokens that expire, can be revoked, and cannot be guessed at leisure.

`Authorization: Token <key>` (DRF's token model, one token per user, made by `manage.py issue_token`):

- a token is valid for `API_TOKEN_DAGEN` days after it was issued; after that it answers 401 in Dutch;
- a revoked token is gone (`revoke_token`, or the beheer action): it answers 401 like any unknown token;
- every unknown or malformed token counts as a failed login from the client's address (django-axes, see
  `jgt_registratie.lockout`); after `API_TOKEN_FAILURE_LIMIT` of them that address gets 429 problem+json with
  `Retry-After` for `LOGIN_LOCKOUT_MINUTES`, whatever token it sends, instead of a 401 per guess.

A token is a factor of its own: it is issued by functioneel beheer to one integration, expires, and is refused
after guessing; the TOTP second factor is for people at the web login and does not apply to it.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.authtoken.models import Token

from jgt_registratie import lockout


class TokenLockedOut(exceptions.Throttled):
    """429 for an address locked out of token authentication (problem+json with the Dutch `dutch_detail`)."""

    def __init__(self, wait: int):
        super().__init__(wait=wait, code="geblokkeerd")
        self.dutch_detail = lockout.api_lockout_detail(wait)


def token_expires_at(token: Token):
    return token.created + timedelta(days=settings.API_TOKEN_DAGEN)


def token_expired(token: Token) -> bool:
    return token_expires_at(token) <= timezone.now()


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # no token: another authentication class (the session) may apply
        django_request = request._request
        from axes.handlers.proxy import AxesProxyHandler

        if AxesProxyHandler.is_locked(django_request, lockout.API_CREDENTIALS):
            self._refuse_locked(django_request)
        key = parts[1].decode(errors="replace") if len(parts) == 2 else ""
        token = Token.objects.select_related("user").filter(key=key).first() if key else None
        if token is None:
            self._count_failure(django_request)
            if len(parts) != 2:
                raise exceptions.AuthenticationFailed("Ongeldige Authorization-header: gebruik 'Token <sleutel>'.")
            raise exceptions.AuthenticationFailed("Ongeldig of ingetrokken API-token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("De gebruiker van dit API-token is gedeactiveerd.")
        if token_expired(token):
            raise exceptions.AuthenticationFailed(
                f"Dit API-token is verlopen op {timezone.localtime(token_expires_at(token)):%d-%m-%Y %H:%M}. "
                "Vraag functioneel beheer om een nieuw token.")
        return token.user, token

    def _count_failure(self, django_request) -> None:
        from axes.handlers.proxy import AxesProxyHandler

        AxesProxyHandler.user_login_failed(sender=type(self), credentials=lockout.API_CREDENTIALS, request=django_request)
        if getattr(django_request, "axes_locked_out", False):
            self._refuse_locked(django_request)

    @staticmethod
    def _refuse_locked(django_request):
        seconds = lockout.seconds_left(django_request, lockout.API_CREDENTIALS)
        raise TokenLockedOut(seconds)
