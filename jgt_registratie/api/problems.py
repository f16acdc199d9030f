"""Errors as application/problem+json (RFC 9457) with Dutch reasons."""

import math

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from jgt_registratie.api.parsers import TooDeeplyNested
from jgt_registratie.errors import DomainError, InvalidInput

PROBLEM_CONTENT_TYPE = "application/problem+json"

_TITLES = {
    400: "Ongeldige invoer",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict met de huidige toestand",
    410: "Niet meer beschikbaar",
    412: "Verouderde versie",
    413: "Verzoek te groot",
    415: "Niet-ondersteund mediatype",
    428: "Versie vereist",
    429: "Te veel verzoeken",
    500: "Interne fout",
    503: "Tijdelijk niet beschikbaar",
}


def problem(status_code: int, detail: str, *, title: str | None = None, invalid_params=None, extra=None) -> dict:
    body = {**(extra or {})}
    body |= {
        "type": f"https://jeugdteams.example.nl/problemen/{status_code}",
        "title": title or _TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def _flatten(errors, prefix: str = "") -> list[dict]:
    """DRF's nested error structure as [{name, code, reason}]."""
    params = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = prefix if key == "non_field_errors" else (f"{prefix}.{key}" if prefix else str(key))
            params += _flatten(value, name)
    elif isinstance(errors, list):
        if all(isinstance(e, exceptions.ErrorDetail) for e in errors):
            params += [{"name": prefix or "body", "code": e.code or "ongeldig", "reason": str(e)} for e in errors]
        else:
            for i, value in enumerate(errors):
                params += _flatten(value, f"{prefix}.{i}" if prefix else str(i))
    else:
        params.append({"name": prefix or "body", "code": getattr(errors, "code", "ongeldig") or "ongeldig", "reason": str(errors)})
    return params


def _response(body: dict, headers=None) -> Response:
    return Response(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE, headers=headers)


def problem_exception_handler(exc, context):
    if isinstance(exc, InvalidInput):
        params = [{"name": f, "code": c, "reason": r} for f, c, r in exc.errors]
        return _response(problem(400, "De invoer is niet geldig. Zie invalidParams.", invalid_params=params))
    if isinstance(exc, DomainError):
        headers = {"Retry-After": str(exc.retry_after)} if getattr(exc, "retry_after", None) else None
        return _response(problem(exc.status, exc.detail, title=exc.title, extra=exc.extra), headers=headers)
    if isinstance(exc, Http404):
        return _response(problem(404, "Dit object bestaat niet of valt buiten uw bereik."))
    if isinstance(exc, TooDeeplyNested):
        return _response(problem(400, str(exc.detail)))
    if isinstance(exc, exceptions.ParseError):
        return _response(problem(400, "De inhoud van het verzoek is geen geldige JSON."))
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _response(problem(415, "Stuur de inhoud als JSON (Content-Type: application/json)."))
    if isinstance(exc, exceptions.ValidationError):
        params = _flatten(exc.detail)
        return _response(problem(400, "De invoer is niet geldig. Zie invalidParams.", invalid_params=params))
    if isinstance(exc, exceptions.Throttled):
        # DRF throttling (its own text replaced by a Dutch one) or the token lock-out (Dutch already, see `TokenLockedOut`)
        wait = max(1, math.ceil(exc.wait or 1))
        detail = getattr(exc, "dutch_detail", None) or f"Te veel verzoeken. Probeer het over {wait} seconden opnieuw."
        return _response(problem(429, detail), headers={"Retry-After": str(wait)})
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        return _response(problem(exc.status_code, str(exc.detail)), headers=headers)
    return None  # a bug: Django's 500 handling (see `server_error`)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0") + " MB"


def bad_request(request, exception=None):
    """handler400: what Django refuses before or while a view reads the request. A body over
    DATA_UPLOAD_MAX_MEMORY_SIZE is a 413; anything else (an unknown Host, too many fields) a 400. The API answers
    with problem+json, the web app with a Dutch page; never Django's English default."""
    if isinstance(exception, RequestDataTooBig):
        status_code = 413
        detail = f"Het verzoek is te groot: stuur hoogstens {_megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}."
    else:
        status_code, detail = 400, "Dit verzoek kon niet worden verwerkt."
    if request.path.startswith("/api/"):
        return JsonResponse(problem(status_code, detail), status=status_code, content_type=PROBLEM_CONTENT_TYPE)
    from django.shortcuts import render

    if status_code == 413:
        melding = (f"Het formulier bevat te veel gegevens (hoogstens {_megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}). "
                   "Er is niets opgeslagen. Ga terug, maak de tekst korter en probeer het opnieuw.")
        return render(request, "jgt_registratie/fout.html", {"titel": "Te veel gegevens", "melding": melding}, status=413)
    return render(request, "400.html", status=400)


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse(problem(404, "Deze URL bestaat niet in de API."), status=404, content_type=PROBLEM_CONTENT_TYPE)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse(problem(500, "Er ging iets mis aan onze kant. Het is gemeld; probeer het later opnieuw."),
                            status=status.HTTP_500_INTERNAL_SERVER_ERROR, content_type=PROBLEM_CONTENT_TYPE)
    from django.views.defaults import server_error as default

    return default(request)
