"""Login lock-out (django-axes) for the web login and for API tokens, with Dutch answers and an audit row.

- Web (`/inloggen`, and the beheer site's own login): `LOGIN_FAILURE_LIMIT` wrong passwords for one username from
  one address lock that pair for `LOGIN_LOCKOUT_MINUTES`. Meanwhile even the right password is refused, with a
  Dutch message on the login page (HTTP 429, `Retry-After`).
- API tokens (`jgt_registratie.api.authentication`): every unknown token counts as a failure of the pseudo-username
  `API_TOKEN` from that address; `API_TOKEN_FAILURE_LIMIT` of them lock token authentication from that address
  for `LOGIN_LOCKOUT_MINUTES`: 429 problem+json with `Retry-After` instead of another 401.

Axes is configured in `config/settings.py` (`AXES_*`, lock-out parameters username + address); this module holds
its callables. A lock-out is audited once, when it begins (`Action.INLOGGEN_GEBLOKKEERD`); the failed attempts
themselves are audited where they happen (`audit_login_failed`, the API's refusal audit).
"""

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from jgt_registratie import rights
from jgt_registratie.audit import Action, Result, audit_record, audit_refusals
from jgt_registratie.errors import Conflict

#: the username API token failures are counted under: not a valid Django username, so no person can have it
API_TOKEN = "<api-token>"
API_CREDENTIALS = {"username": API_TOKEN}


def is_api_token(credentials) -> bool:
    return bool(credentials) and credentials.get("username") == API_TOKEN


def failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT: the web login and API tokens each have their own limit."""
    return settings.API_TOKEN_FAILURE_LIMIT if is_api_token(credentials) else settings.LOGIN_FAILURE_LIMIT


def cool_off(request=None) -> timedelta:
    """AXES_COOLOFF_TIME: how long a lock-out lasts."""
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def seconds_left(request, credentials) -> int:
    """Seconds until the lock-out of this username (or API tokens) from this address ends (at least 1)."""
    from axes.helpers import get_client_ip_address, get_client_username
    from axes.models import AccessAttempt

    username = get_client_username(request, credentials)
    last = AccessAttempt.objects.filter(username=username, ip_address=get_client_ip_address(request)).aggregate(
        last=Max("attempt_time"))["last"]
    if last is None:
        return 1
    return max(1, math.ceil((last + cool_off() - timezone.now()).total_seconds()))


def _wait_text(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"


def api_lockout_detail(seconds: int) -> str:
    return (f"Te veel ongeldige API-tokens vanaf dit adres. Aanmelden met een token is hier geblokkeerd; "
            f"probeer het over {_wait_text(seconds)} opnieuw.")


def web_lockout_message(seconds: int) -> str:
    return (f"U hebt te vaak een verkeerd wachtwoord ingevuld. Inloggen met deze gebruikersnaam is vanaf dit adres "
            f"geblokkeerd; probeer het over {_wait_text(seconds)} opnieuw. Lukt het dan nog niet, neem contact op met "
            f"functioneel beheer.")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the answer to a locked-out attempt.

    The API answers problem+json 429 (the authentication class already raised it: that response is kept); the web
    shows the login page again with the Dutch lock-out message, 429 and `Retry-After`."""
    seconds = seconds_left(request, credentials)
    if request.path.startswith("/api/"):
        if original_response is not None and original_response.status_code == 429:
            return original_response
        from jgt_registratie.api.problems import PROBLEM_CONTENT_TYPE, problem

        response = JsonResponse(problem(429, api_lockout_detail(seconds)), status=429, content_type=PROBLEM_CONTENT_TYPE)
    else:
        form = AuthenticationForm(request)
        form.fields["username"].initial = (credentials or {}).get("username", "")
        response = render(request, "registration/login.html", {
            "form": form, "geblokkeerd": web_lockout_message(seconds), "next": request.POST.get("next", "")}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def audit_lockout(sender, request, username, ip_address, **kwargs):
    """Receiver of axes' `user_locked_out`: one audit row when a lock-out begins.

    Axes sends the signal again for every refused attempt while locked; those carry no new failure count
    (`axes_failures_since_start` stays None) and are audited as failed attempts where they happen."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    credentials = getattr(request, "axes_credentials", None)
    api = is_api_token(credentials)
    detail = {"pogingen": failures, "minuten": settings.LOGIN_LOCKOUT_MINUTES}
    if not api:
        detail["gebruikersnaam"] = str(username or "")[:150]
    audit_record(user=None, action=Action.INLOGGEN_GEBLOKKEERD, object_type="api_token" if api else "sessie",
                 result=Result.GEWEIGERD, detail=detail)


@audit_refusals(Action.INLOGBLOKKADE_OPHEFFEN, "gebruiker", object_kwarg="target")
@transaction.atomic(durable=True)
def lift_lockout(*, user, target) -> int:
    """Functioneel beheer lifts the lock-out of a person's username (from every address) before it ends by itself,
    e.g. after checking by phone that the person themself mistyped."""
    from axes.models import AccessAttempt

    rights.check(user, rights.Capability.BEHEER)
    removed, _ = AccessAttempt.objects.filter(username=target.username).delete()
    if not removed:
        raise Conflict(f"Voor '{target.username}' staan geen mislukte inlogpogingen open.")
    audit_record(user=user, action=Action.INLOGBLOKKADE_OPHEFFEN, object_type="gebruiker", object_id=target.pk,
                 detail={"gebruikersnaam": target.username})
    return removed
