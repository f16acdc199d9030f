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
    "404": "Niet gevonden of buiten bereik",
    "409": "Conflict met de huidige toestand",
    "410": "Niet meer beschikbaar (verwijderd na de bewaartermijn)",
    "412": "Verouderde If-Match",
    "428": "If-Match vereist",
    "500": "Interne fout",
    "503": "Tijdelijk niet beschikbaar (database of rapportagewachtrij niet bereikbaar); probeer het opnieuw na Retry-After",
}

API_VERSION_HEADER = {
    "description": "De versie van de API (semver).",
    "schema": {"type": "string", "example": "1.0.0"},
}


def _problem_response(code: str) -> dict:
    return {
        "description": _DESCRIPTIONS.get(code, "Fout"),
        "headers": {"API-Version": {"$ref": "#/components/headers/API-Version"}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def openapi_postprocess(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    result["components"].setdefault("headers", {})["API-Version"] = API_VERSION_HEADER
    result["info"]["version"] = settings.API_VERSION
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            has_params = bool(operation.get("parameters"))
            codes = {"401", "403", "500", "503"}  # 503: the database (or the report queue) cannot be reached
            if method in {"post", "put", "patch"} or has_params:
                codes.add("400")
            if "{" in path:
                codes.add("404")
            codes |= set(operation.pop("x-problems", []))
            for code, response in list(responses.items()):
                if code.startswith(("2", "3")):
                    response.setdefault("headers", {})["API-Version"] = {"$ref": "#/components/headers/API-Version"}
                elif code.startswith(("4", "5")):
                    codes.add(code)
            for code in codes:
                responses[code] = _problem_response(code)
    return result
