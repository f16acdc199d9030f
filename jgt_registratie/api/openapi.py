"""Make the generated OpenAPI document follow the NL API Design Rules (see API.md, 'General')."""

from django.conf import settings

PROBLEM = {
    "type": "object",
    "description": "Foutmelding volgens RFC 9457 (application/problem+json).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "code", "reason"],
                "properties": {"name": {"type": "string"}, "code": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
        "bestaandId": {"type": "string", "format": "uuid", "description": "Bij 409 op een bekend BSN: de bestaande jeugdige."},
    },
}

_DESCRIPTIONS = {
    "400": "Ongeldige invoer",
    "401": "Niet aangemeld",
    "403": "Geen toegang voor deze rol",
    "404": "Niet gevonden of buiten bereik (bij een lijst: een pagina voorbij de laatste)",
    "409": "Conflict met de huidige toestand",
    "410": "Niet meer beschikbaar (verwijderd na de bewaartermijn)",
    "412": "Verouderde If-Match",
    "413": "Verzoek te groot",
    "428": "If-Match vereist",
    "429": "Te veel verzoeken (throttling), of te veel ongeldige API-tokens vanaf dit adres (tijdelijk geblokkeerd)",
    "500": "Interne fout",
    "503": "Tijdelijk niet beschikbaar (database of rapportagewachtrij niet bereikbaar); probeer het opnieuw na Retry-After",
}

API_VERSION_HEADER = {
    "description": "De versie van de API (semver).",
    "schema": {"type": "string", "example": "1.1.0"},
}


RETRY_AFTER_HEADER = {
    "description": "Na hoeveel seconden een nieuw verzoek weer kan.",
    "schema": {"type": "integer", "minimum": 1, "example": 60},
}

TOKEN_AUTH_DESCRIPTION = (
    "API-token in de header `Authorization: Token <sleutel>`, uitgegeven door functioneel beheer (`manage.py issue_token`). "
    "Een token is een vast aantal dagen geldig (`API_TOKEN_DAGEN`) en kan worden ingetrokken; een verlopen of ingetrokken "
    "token geeft 401. Na te veel ongeldige tokens vanaf één adres volgt 429 met `Retry-After`, ook voor een geldig token.")


def _problem_response(code: str) -> dict:
    headers = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
    if code == "429":
        headers["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
    return {
        "description": _DESCRIPTIONS.get(code, "Fout"),
        "headers": headers,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def openapi_postprocess(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    result["components"].setdefault("headers", {})["API-Version"] = API_VERSION_HEADER
    result["components"]["headers"]["Retry-After"] = RETRY_AFTER_HEADER
    token_scheme = result["components"].get("securitySchemes", {}).get("tokenAuth")
    if token_scheme is not None:
        token_scheme["description"] = TOKEN_AUTH_DESCRIPTION
    result["info"]["version"] = settings.API_VERSION
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            has_params = bool(operation.get("parameters"))
            codes = {"401", "403", "429", "500", "503"}  # 429: throttling and the token lock-out reach every operation;
            # 503: the database (or the report queue) cannot be reached
            if method in {"post", "put", "patch"} or has_params:
                codes.add("400")
            if method in {"post", "put", "patch"}:
                codes.add("413")  # a body over DATA_UPLOAD_MAX_MEMORY_SIZE (jgt_registratie.api.problems.bad_request)
            if "{" in path:
                codes.add("404")
            query = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
            if any(p.get("name") == "page" for p in query):
                codes.add("404")  # a page past the last one
            for parameter in query:
                if parameter.get("name") not in ("page", "pageSize"):
                    parameter["allowEmptyValue"] = True  # an empty filter (`?status=`) filters nothing, as in 1.0
            codes |= set(operation.pop("x-problems", []))
            for code, response in list(responses.items()):
                if code.startswith(("2", "3")):
                    response.setdefault("headers", {})["API-Version"] = {"$ref": "#/components/headers/API-Version"}
                elif code.startswith(("4", "5")):
                    codes.add(code)
            for code in codes:
                responses[code] = _problem_response(code)
    return result
