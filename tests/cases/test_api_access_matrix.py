"""Who may call which API endpoint, and what every refusal looks like (API.md; DOMAIN.md section 2).

The case endpoints are walked as every role on an object of team Noord. `ALLOWED` below is the one
table of what each role may do; every other (role, endpoint) pair must be refused with the code of
`expected_status`. The endpoint list is checked against the OpenAPI document, and the OpenAPI document
against the URL resolver, so a new endpoint cannot escape the matrix.

Also here: problem+json refusals in Dutch, the `API-Version` header, the audit trail of refusals and
reads, "a refused request changes nothing", reference data per role, and the NL API Design Rules
checks on the OpenAPI document.
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import URLResolver, get_resolver
from rest_framework.test import APIClient

from cases import services
from cases.choices import Status
from cases.models import Contact, Doorverwijzing, Dossier, Jeugdige, StatusWijziging
from jgt_registratie.models import AuditLog, Role, Team
from tests.builders import dossier_in_status, team_cases, team_contact, team_jeugdige
from tests.factories import TeamFactory, UserFactory

API = "/api/v1"

# --- the endpoints -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    method: str
    template: str
    success: int
    #: which of Noord's objects `{id}` points at: "jeugdige", "dossier", "contact", "losse_contact" (a contact without
    #: dossier, registered by alice like the others), "losse_jeugdige" (a jeugdige without dossier) (None: a collection)
    target: str | None = None
    #: the status the target dossier needs for the call to succeed
    state: str = Status.AANGEMELD
    #: the request body, from a team's cases (see tests/builders.py: TeamCases)
    body: Callable | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.template)

    @property
    def is_list(self) -> bool:
        return self.method == "GET" and self.target is None

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    def __str__(self):
        return f"{self.method} {self.template}"


def _sibling(c):
    """A second jeugdige of the team of `c` (a random id for the stand-ins of `_phantom`)."""
    if isinstance(c, SimpleNamespace):
        return uuid.uuid4()
    return team_jeugdige(user=c.jeugdige.aangemaakt_door, team=c.team, geboortedatum=date(2017, 6, 1)).pk


def _receiving_team(c):
    """Another team, with a teamleider who becomes the regiehouder (the stand-ins: a team that does not exist)."""
    if isinstance(c, SimpleNamespace):
        return c.team.pk
    receiving = TeamFactory(naam="JGT Leiden Zuid", gemeenten=list(c.team.gemeenten.all()))
    UserFactory(username="zoe", role=Role.TEAMLEIDER, teams=[receiving])
    return receiving.pk


ENDPOINTS = [
    Endpoint("POST", "/jeugdigen", 201, body=lambda c: {
        "geboortedatum": "2015-03-14", "geslacht": "V", "postcode": "2311 AB", "gemeente": "0546", "team": c.team.pk}),
    Endpoint("GET", "/jeugdigen", 200),
    Endpoint("GET", "/jeugdigen/{id}", 200, target="jeugdige"),
    Endpoint("PATCH", "/jeugdigen/{id}", 200, target="jeugdige", body=lambda c: {"voornamen": "Sanne", "achternaam": "Test"}),
    Endpoint("GET", "/jeugdigen/{id}/adressen", 200, target="jeugdige"),
    # API.md 1.1: "a known BSN in another team" without a dossier: the teamleider hands the jeugdige itself over
    Endpoint("POST", "/jeugdigen/{id}/overdragen", 200, target="losse_jeugdige", body=lambda c: {"team": _receiving_team(c)}),
    Endpoint("POST", "/jeugdigen/{id}/adressen", 201, target="jeugdige", body=lambda c: {
        "postcode": "2316XY", "gemeente": "0546", "geldigVanaf": "2024-02-01"}),
    Endpoint("GET", "/dossiers", 200),
    Endpoint("POST", "/dossiers", 201, body=lambda c: {
        "team": c.team.pk, "jeugdigen": [str(c.jeugdige.pk)], "aanmelddatum": "2024-01-20", "aanmelder": "huisarts",
        "hulpsoort": "licht", "probleemcategorieen": ["opvoeding", "scheiding"], "gestartMetCrisis": False}),
    Endpoint("GET", "/dossiers/{id}", 200, target="dossier"),
    Endpoint("PATCH", "/dossiers/{id}", 200, target="dossier", body=lambda c: {"hulpsoort": "middelzwaar"}),
    Endpoint("POST", "/dossiers/{id}/activeren", 200, target="dossier", body=lambda c: {"datum": "2024-01-15"}),
    Endpoint("POST", "/dossiers/{id}/waakvlam", 200, target="dossier", state=Status.ACTIEF,
             body=lambda c: {"datum": "2024-02-01", "evaluatiedatum": "2024-05-01"}),
    Endpoint("POST", "/dossiers/{id}/afsluiten", 200, target="dossier", body=lambda c: {
        "einddatum": "2024-03-01", "redenBeeindiging": "01", "doelenBereikt": "ja", "tevredenheid": 4, "zonderHulpVerder": "ja"}),
    Endpoint("POST", "/dossiers/{id}/heropenen", 200, target="dossier", state=Status.AFGESLOTEN, body=lambda c: {"datum": "2024-04-01"}),
    Endpoint("POST", "/dossiers/{id}/afsluitverzoek", 200, target="dossier"),
    # API.md 1.1 "Gezin": a sibling of the team is added; one of two children removed; the dossier handed to a team with a teamleider
    Endpoint("POST", "/dossiers/{id}/jeugdigen", 201, target="dossier", body=lambda c: {"jeugdige": str(_sibling(c))}),
    Endpoint("DELETE", "/dossiers/{id}/jeugdigen/{jid}", 204, target="gezin"),
    Endpoint("POST", "/dossiers/{id}/overdragen", 200, target="dossier", body=lambda c: {"team": _receiving_team(c)}),
    Endpoint("POST", "/dossiers/{id}/doorverwijzingen", 201, target="dossier", body=lambda c: {"datum": "2024-02-01", "soort": "jeugd_ggz"}),
    # API.md 1.1 "Referral outcome": an open referral (verwezen) of the dossier, which anyone doing the team's case work updates
    Endpoint("PATCH", "/dossiers/{id}/doorverwijzingen/{rid}", 200, target="dossier",
             body=lambda c: {"status": "gestart", "datum": "2024-02-20", "overbrugging": True}),
    Endpoint("GET", "/dossiers/{id}/betrokkenen", 200, target="dossier"),
    Endpoint("POST", "/dossiers/{id}/betrokkenen", 201, target="dossier", body=lambda c: {"naam": "Anna Test", "relatie": "ouder"}),
    Endpoint("PATCH", "/dossiers/{id}/betrokkenen/{bid}", 200, target="dossier", body=lambda c: {"relatie": "voogd"}),
    Endpoint("DELETE", "/dossiers/{id}/betrokkenen/{bid}", 204, target="dossier"),
    Endpoint("GET", "/contacten", 200),
    Endpoint("POST", "/contacten", 201, body=lambda c: {
        "team": c.team.pk, "dossier": str(c.dossier.pk), "datum": "2024-02-01", "duurMinuten": 45, "vorm": "huisbezoek",
        "hulpsoort": "licht", "probleemcategorieen": ["opvoeding"]}),
    Endpoint("GET", "/contacten/{id}", 200, target="contact"),
    # API.md 1.1: corrections. Alice registered the contact just now, so she may still correct it (14 days).
    Endpoint("PATCH", "/contacten/{id}", 200, target="contact", body=lambda c: {"duurMinuten": 60, "hulpsoort": "licht"}),
    Endpoint("DELETE", "/contacten/{id}", 204, target="contact"),
    Endpoint("POST", "/contacten/{id}/koppelen", 200, target="losse_contact", body=lambda c: {"dossier": str(c.dossier.pk)}),
]
BY_KEY = {e.key: e for e in ENDPOINTS}

ROLES = ["anonymous", "deactivated", "professional", "teamleider", "other_professional", "gemeente_user", "beheerder"]

# --- THE access table: role -> the (method, path) it may call on team Noord's cases ------------------------

ALLOWED: dict[str, frozenset[tuple[str, str]]] = {
    "anonymous": frozenset(),
    "deactivated": frozenset(),
    "gemeente_user": frozenset(),
    "beheerder": frozenset(),
    # another team's professional may list (and sees none of Noord's objects), nothing more
    "other_professional": frozenset({("GET", "/jeugdigen"), ("GET", "/dossiers"), ("GET", "/contacten")}),
    "professional": frozenset({
        ("GET", "/jeugdigen"), ("PATCH", "/jeugdigen/{id}"), ("GET", "/dossiers/{id}/betrokkenen"), ("POST", "/dossiers/{id}/betrokkenen"),
        ("PATCH", "/dossiers/{id}/betrokkenen/{bid}"), ("DELETE", "/dossiers/{id}/betrokkenen/{bid}"),
        ("POST", "/jeugdigen"), ("GET", "/jeugdigen/{id}"), ("GET", "/jeugdigen/{id}/adressen"), ("POST", "/jeugdigen/{id}/adressen"),
        ("GET", "/dossiers"), ("POST", "/dossiers"), ("GET", "/dossiers/{id}"), ("PATCH", "/dossiers/{id}"),
        ("POST", "/dossiers/{id}/activeren"), ("POST", "/dossiers/{id}/waakvlam"),
        ("POST", "/dossiers/{id}/afsluitverzoek"), ("POST", "/dossiers/{id}/doorverwijzingen"),
        ("PATCH", "/dossiers/{id}/doorverwijzingen/{rid}"),
        ("POST", "/dossiers/{id}/jeugdigen"),
        ("GET", "/contacten"), ("POST", "/contacten"), ("GET", "/contacten/{id}"),
        ("PATCH", "/contacten/{id}"), ("DELETE", "/contacten/{id}"), ("POST", "/contacten/{id}/koppelen"),
    }),
    "teamleider": frozenset({
        ("GET", "/jeugdigen"), ("PATCH", "/jeugdigen/{id}"), ("GET", "/dossiers/{id}/betrokkenen"), ("POST", "/dossiers/{id}/betrokkenen"),
        ("PATCH", "/dossiers/{id}/betrokkenen/{bid}"), ("DELETE", "/dossiers/{id}/betrokkenen/{bid}"),
        ("POST", "/jeugdigen"), ("GET", "/jeugdigen/{id}"), ("GET", "/jeugdigen/{id}/adressen"), ("POST", "/jeugdigen/{id}/adressen"),
        ("GET", "/dossiers"), ("POST", "/dossiers"), ("GET", "/dossiers/{id}"), ("PATCH", "/dossiers/{id}"),
        ("POST", "/dossiers/{id}/activeren"), ("POST", "/dossiers/{id}/waakvlam"),
        ("POST", "/dossiers/{id}/afsluiten"), ("POST", "/dossiers/{id}/heropenen"),
        ("POST", "/dossiers/{id}/afsluitverzoek"), ("POST", "/dossiers/{id}/doorverwijzingen"),
        ("PATCH", "/dossiers/{id}/doorverwijzingen/{rid}"),
        ("POST", "/dossiers/{id}/jeugdigen"), ("DELETE", "/dossiers/{id}/jeugdigen/{jid}"), ("POST", "/dossiers/{id}/overdragen"),
        ("POST", "/jeugdigen/{id}/overdragen"),
        ("GET", "/contacten"), ("POST", "/contacten"), ("GET", "/contacten/{id}"),
        ("PATCH", "/contacten/{id}"), ("DELETE", "/contacten/{id}"), ("POST", "/contacten/{id}/koppelen"),
    }),
}


def expected_status(role: str, endpoint: Endpoint) -> int:
    """The success code for an allowed call; otherwise the refusal API.md prescribes for the role."""
    if endpoint.key in ALLOWED[role]:
        return endpoint.success
    if role in ("anonymous", "deactivated"):
        return 401  # no valid credentials
    if role in ("gemeente_user", "beheerder"):
        return 403  # a known user whose role never works on cases
    if role == "other_professional":
        # Noord's object is outside his scope: exactly as if it did not exist. Creating something for
        # Noord (team/jeugdige/dossier in the body) is invalid input for him, as for a nonexistent one.
        return 404 if endpoint.target else 400
    return 403  # a professional asking a teamleider-only action


CELLS = [(role, e) for role in ROLES for e in ENDPOINTS]
REFUSED = [(role, e) for role, e in CELLS if e.key not in ALLOWED[role]]
CELL_IDS = [f"{role}-{e}" for role, e in CELLS]


def ids(cells):
    return [f"{role}-{e}" for role, e in cells]


# --- fixtures and helpers ----------------------------------------------------------------------------------


@pytest.fixture
def noord(team, professional):
    """Team Noord's jeugdige, dossier (aangemeld) and contact, registered by alice."""
    return team_cases(user=professional, team=team)


@pytest.fixture
def elsewhere(other_team, other_professional):
    """The same for bob's team (Leiderdorp/Zoeterwoude)."""
    return team_cases(user=other_professional, team=other_team)


@pytest.fixture
def as_role(request, api, team):
    """`as_role(role)` -> (client, user). "deactivated" is a Noord professional whose token outlived his account."""

    def make(role):
        if role == "anonymous":
            return api(None), None
        if role == "deactivated":
            user = UserFactory(username="dirk", role=Role.PROFESSIONAL, teams=[team])
            client = api(user)  # the token is issued while the account is active...
            user.is_active = False  # ...and the account is deactivated afterwards
            user.save(update_fields=["is_active"])
            return client, user
        user = request.getfixturevalue(role)
        return api(user), user

    return make


@dataclass
class Hit:
    response: object
    user: object
    target: object
    audit_before: int
    state_before: dict | None


def _send(client, method, path, body, **headers):
    if method == "GET":
        return client.get(path, **headers)
    return getattr(client, method.lower())(path, body, format="json", **headers)


def _last_audit_id() -> int:
    return AuditLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def hit(request, noord, professional, as_role):
    """`hit(role, endpoint)`: call the endpoint as the role on (a fresh object of) team Noord."""

    def call(role, endpoint, *, snapshot=False, **headers):
        target = None
        if endpoint.target == "jeugdige":
            target = noord.jeugdige
        elif endpoint.target == "contact":
            target = noord.contact
        elif endpoint.target == "losse_contact":
            target = team_contact(user=professional, team=noord.team)
        elif endpoint.target == "losse_jeugdige":
            target = team_jeugdige(user=professional, team=noord.team, geboortedatum=date(2017, 6, 1))
        elif endpoint.target == "gezin":  # a dossier of two children; {jid} is the second
            target = noord.dossier
            sibling = team_jeugdige(user=professional, team=noord.team, geboortedatum=date(2017, 6, 1))
            services.gezinslid_add(user=professional, dossier=target, jeugdige=sibling, datum=date(2024, 1, 20))
            target = Dossier.objects.get(pk=target.pk)
        elif endpoint.target == "dossier":
            target = noord.dossier
            if endpoint.state != Status.AANGEMELD:
                target = dossier_in_status(user=professional, team=noord.team, status=endpoint.state,
                                           teamleider=request.getfixturevalue("teamleider"))
        client, user = as_role(role)
        path = API + endpoint.template.replace("{id}", str(target.pk) if target else "")
        if endpoint.target == "gezin":
            path = path.replace("{jid}", str(sibling.pk))
        if "{bid}" in path:  # a betrokkene of the target dossier
            path = path.replace("{bid}", str(services.betrokkene_add(user=professional, dossier=target, naam="Anna Test", relatie="ouder").pk))
        if "{rid}" in path:  # an open referral of the target dossier
            path = path.replace("{rid}", str(services.doorverwijzing_register(user=professional, dossier=target, datum=date(2024, 2, 1),
                                                                              soort="jeugd_ggz").pk))
        body = endpoint.body(noord) if endpoint.body else None
        state = _state() if snapshot else None
        before = _last_audit_id()
        return Hit(_send(client, endpoint.method, path, body, **headers), user, target, before, state)

    return call


def _json(response):
    try:
        return response.json()
    except ValueError:
        return None


# Words of DRF's and Django's English messages that must never reach a Dutch user.
ENGLISH = re.compile(
    r"\b(credentials|permission|not found|authentication|authenticated|inactive|deleted|provided|invalid|"
    r"you do not|this action|does not exist|not allowed|no such)\b",
    re.IGNORECASE,
)


def problem_defects(response) -> list[str]:
    """What keeps `response` from being a Dutch application/problem+json body (empty: nothing)."""
    defects = []
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("application/problem+json"):
        defects.append(f"Content-Type is {content_type!r}")
    body = _json(response)
    if not isinstance(body, dict):
        return [*defects, f"body is not a JSON object: {response.content[:200]!r}"]
    for field in ("type", "title", "status", "detail"):
        if field not in body:
            defects.append(f"no {field!r}")
    if body.get("status") != response.status_code:
        defects.append(f"status {body.get('status')!r} != HTTP {response.status_code}")
    detail = body.get("detail")
    if not isinstance(detail, str) or not detail.strip():
        defects.append(f"empty detail {detail!r}")
    for field in ("title", "detail"):
        value = body.get(field)
        if isinstance(value, str) and ENGLISH.search(value):
            defects.append(f"English {field}: {value!r}")
    for param in body.get("invalidParams", []):
        if ENGLISH.search(str(param.get("reason", ""))):
            defects.append(f"English reason: {param!r}")
    return defects


def _describe(response) -> str:
    return f"HTTP {response.status_code}: {response.content[:400]!r}"


SEMVER_1 = re.compile(r"^1\.\d+\.\d+$")

# --- 1. the matrix: exact status per (role, endpoint) --------------------------------------------------------


def test_allowed_table_names_every_role_and_only_real_endpoints():
    assert set(ALLOWED) == set(ROLES) and all(allowed <= set(BY_KEY) for allowed in ALLOWED.values())


@pytest.mark.parametrize(("role", "endpoint"), CELLS, ids=CELL_IDS)
def test_status_code(hit, role, endpoint):
    response = hit(role, endpoint).response
    assert response.status_code == expected_status(role, endpoint), _describe(response)


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.is_list], ids=str)
@pytest.mark.parametrize("role", ["professional", "teamleider", "other_professional"])
def test_list_shows_exactly_the_own_teams_objects(hit, noord, elsewhere, role, endpoint):
    h = hit(role, endpoint)
    own = elsewhere if role == "other_professional" else noord
    kind = {"/dossiers": "dossier", "/jeugdigen": "jeugdige"}.get(endpoint.template, "contact")
    assert {item["id"] for item in h.response.json()["results"]} == {own.ids()[kind]}


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.is_list], ids=str)
def test_other_team_filtering_on_noord_finds_nothing(noord, as_role, endpoint):
    client, _ = as_role("other_professional")
    response = client.get(f"{API}{endpoint.template}?team={noord.team.pk}")
    assert (response.status_code, response.json()["count"]) == (200, 0), _describe(response)


def _phantom():
    """Stand-ins for a team and cases that do not exist at all."""
    missing_team = (Team.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    return SimpleNamespace(team=SimpleNamespace(pk=missing_team), jeugdige=SimpleNamespace(pk=uuid.uuid4()),
                           dossier=SimpleNamespace(pk=uuid.uuid4()), contact=SimpleNamespace(pk=uuid.uuid4()))


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if not e.is_list], ids=str)
def test_out_of_scope_is_indistinguishable_from_nonexistent(hit, as_role, endpoint):
    """Bob gets the same answer for Noord's object (or a body naming it) as for one that does not exist."""
    noord = hit("other_professional", endpoint).response
    phantom = _phantom()
    client, _ = as_role("other_professional")
    path = API + endpoint.template.replace("{id}", str(uuid.uuid4())).replace("{bid}", str(uuid.uuid4())).replace("{rid}", "1")
    missing = _send(client, endpoint.method, path, endpoint.body(phantom) if endpoint.body else None)
    assert (noord.status_code, _json(noord)) == (missing.status_code, _json(missing))


# --- 2. refusals are Dutch problem+json; every response carries API-Version --------------------------------


@pytest.mark.parametrize(("role", "endpoint"), REFUSED, ids=ids(REFUSED))
def test_refusal_is_dutch_problem_json(hit, role, endpoint):
    response = hit(role, endpoint).response
    assert problem_defects(response) == [], _describe(response)


@pytest.mark.parametrize("role", ["anonymous", "deactivated", "gemeente_user", "other_professional", "professional"])
def test_refusal_stays_dutch_for_an_english_client(hit, role):
    endpoint = BY_KEY[("POST", "/dossiers/{id}/afsluiten")]
    response = hit(role, endpoint, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").response
    assert problem_defects(response) == [], _describe(response)


@pytest.mark.parametrize(("role", "endpoint"), CELLS, ids=CELL_IDS)
def test_every_response_carries_api_version(hit, role, endpoint):
    response = hit(role, endpoint).response
    assert SEMVER_1.match(response.get("API-Version", "")), dict(response.headers)


def test_unknown_api_url_is_problem_json_with_api_version(api, professional):
    response = api(professional).get(f"{API}/bestaat-niet")
    assert (response.status_code, problem_defects(response), bool(SEMVER_1.match(response.get("API-Version", "")))) == (404, [], True)


# --- 4. audit of refusals and reads; a refusal changes nothing --------------------------------------------

AUDITED_REFUSALS = [(role, e) for role, e in REFUSED if expected_status(role, e) in (403, 404)]


@pytest.mark.parametrize(("role", "endpoint"), AUDITED_REFUSALS, ids=ids(AUDITED_REFUSALS))
def test_refusal_is_audited(hit, role, endpoint):
    h = hit(role, endpoint)
    result = {403: "geweigerd", 404: "niet_gevonden"}[expected_status(role, endpoint)]
    rows = list(AuditLog.objects.filter(id__gt=h.audit_before).values("username", "role", "result", "object_id", "action"))
    wanted = {"username": h.user.username, "role": h.user.role, "result": result}
    if h.target is not None:
        wanted["object_id"] = str(h.target.pk)
    assert any(all(row[k] == v for k, v in wanted.items()) for row in rows), f"wanted {wanted}, got {rows}; {_describe(h.response)}"


DETAIL_READS = [e for e in ENDPOINTS if e.method == "GET" and e.target]


@pytest.mark.parametrize("endpoint", DETAIL_READS, ids=str)
@pytest.mark.parametrize("role", ["professional", "teamleider"])
def test_successful_read_is_audited(hit, role, endpoint):
    h = hit(role, endpoint)
    rows = list(AuditLog.objects.filter(id__gt=h.audit_before).values("username", "role", "action", "result", "object_type", "object_id"))
    wanted = {"username": h.user.username, "role": h.user.role, "action": "lezen", "result": "ok",
              "object_type": endpoint.target, "object_id": str(h.target.pk)}
    assert wanted in rows, rows


def _state():
    return {
        "counts": {m.__name__: m.objects.count() for m in (Jeugdige, Dossier, Contact, Doorverwijzing, StatusWijziging)},
        "dossiers": list(Dossier.objects.order_by("pk").values_list(
            "pk", "status", "versie", "hulpsoort", "evaluatiedatum", "einddatum", "afsluiting_gevraagd_op")),
        "doorverwijzingen": list(Doorverwijzing.objects.order_by("pk").values_list("pk", "status", "status_datum", "reden", "overbrugging")),
    }


REFUSED_WRITES = [(role, e) for role, e in REFUSED if e.writes]


@pytest.mark.parametrize(("role", "endpoint"), REFUSED_WRITES, ids=ids(REFUSED_WRITES))
def test_refused_write_changes_nothing(hit, role, endpoint):
    h = hit(role, endpoint, snapshot=True)
    assert _state() == h.state_before, _describe(h.response)


# --- 3. reference data -------------------------------------------------------------------------------------

REFERENCE = ["/gemeenten", "/teams", "/probleemcategorieen"]
LOGGED_IN = ["professional", "teamleider", "other_professional", "gemeente_user", "beheerder"]


@pytest.fixture
def leiden_midden(leiden):
    """A third team serving Leiden, without members: a gemeente sees it, a Noord professional does not."""
    return TeamFactory(naam="JGT Leiden Midden", gemeenten=[leiden])


@pytest.mark.parametrize("path", REFERENCE)
@pytest.mark.parametrize("role", ROLES)
def test_reference_data_status(as_role, role, path):
    client, _ = as_role(role)
    response = client.get(API + path)
    assert response.status_code == (401 if role in ("anonymous", "deactivated") else 200), _describe(response)


@pytest.mark.parametrize("path", REFERENCE)
@pytest.mark.parametrize("role", LOGGED_IN)
def test_reference_data_is_paginated(as_role, role, path):
    client, _ = as_role(role)
    body = client.get(API + path).json()
    assert (sorted(body), body["count"], body["next"], body["previous"]) == (
        ["count", "next", "previous", "results"], len(body["results"]), None, None)


@pytest.mark.parametrize("path", REFERENCE)
@pytest.mark.parametrize("role", ["anonymous", "deactivated"])
def test_reference_data_refusal_is_dutch_problem_json(as_role, role, path):
    client, _ = as_role(role)
    response = client.get(API + path)
    assert problem_defects(response) == [], _describe(response)


@pytest.mark.parametrize("path", REFERENCE)
@pytest.mark.parametrize("role", ["anonymous", *LOGGED_IN])
def test_reference_data_carries_api_version(as_role, role, path):
    client, _ = as_role(role)
    assert SEMVER_1.match(client.get(API + path).get("API-Version", ""))


def test_reference_data_content(api, leiden, leiderdorp, professional):
    client = api(professional)
    gemeenten = client.get(f"{API}/gemeenten").json()["results"]
    categories = client.get(f"{API}/probleemcategorieen").json()["results"]
    assert ({"code": "0546", "naam": "Leiden"} in gemeenten, {"code", "naam", "actief"} == set(categories[0]),
            "opvoeding" in {c["code"] for c in categories}) == (True, True, True)


TEAMS_SEEN = {
    "professional": {"JGT Leiden Noord"},
    "teamleider": {"JGT Leiden Noord"},
    "other_professional": {"JGT Leiderdorp/Zoeterwoude"},
    "gemeente_user": {"JGT Leiden Noord", "JGT Leiden Midden"},  # the teams serving Leiden
    "beheerder": {"JGT Leiden Noord", "JGT Leiden Midden", "JGT Leiderdorp/Zoeterwoude"},
}


@pytest.mark.parametrize("role", LOGGED_IN)
def test_teams_are_scoped_to_the_role(as_role, team, other_team, leiden_midden, role):
    client, _ = as_role(role)
    teams = client.get(f"{API}/teams").json()["results"]
    assert {t["naam"] for t in teams} == TEAMS_SEEN[role], teams


# --- 5. the OpenAPI document (NL API Design Rules) ---------------------------------------------------------


@pytest.fixture(scope="module")
def openapi_response(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get(f"{API}/openapi.json")


@pytest.fixture(scope="module")
def openapi(openapi_response):
    return openapi_response.json()


def operations(doc):
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            if method in {"get", "put", "post", "patch", "delete", "head", "options", "trace"}:
                yield path, method, operation


def _resolve(doc, node):
    while isinstance(node, dict) and "$ref" in node:
        target = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


NON_CASE_RESOURCES = {"gemeenten", "teams", "probleemcategorieen", "rapportages"}


def test_case_endpoints_in_openapi_are_exactly_the_matrix(openapi):
    """Every path outside reference data and reports is a case endpoint and must be in ENDPOINTS."""
    in_document = {(m.upper(), p) for p, m, _ in operations(openapi) if p.strip("/").split("/")[0] not in NON_CASE_RESOURCES}
    assert in_document == set(BY_KEY)


def test_reference_endpoints_in_openapi_are_the_tested_ones(openapi):
    in_document = {(m.upper(), p) for p, m, _ in operations(openapi) if p.strip("/").split("/")[0] in NON_CASE_RESOURCES - {"rapportages"}}
    assert in_document == {("GET", p) for p in REFERENCE}


def _route(pattern) -> str:
    """A URL pattern as an OpenAPI path fragment: `^dossiers/(?P<pk>[^/.]+)/activeren$` -> `dossiers/{id}/activeren`."""
    text = str(pattern).removeprefix("^").removesuffix("$")
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: "{id}" if m[1] == "pk" else f"{{{m[1]}}}", text)
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "{id}" if m[1] == "pk" else f"{{{m[1]}}}", text)


HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def api_routes() -> set[tuple[str, str]]:
    """(METHOD, path) of every view the URL resolver serves under /api/v1/."""
    routes = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + _route(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
                continue
            if not route.startswith("api/v1/"):
                continue
            callback = pattern.callback
            methods = getattr(callback, "actions", None)  # a viewset route: {"get": "list", "head": "list", ...}
            if not methods:
                view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
                methods = [m for m in HTTP_METHODS if hasattr(view_class, m)]
            routes.update((m.upper(), "/" + route.removeprefix("api/v1/")) for m in methods if m in HTTP_METHODS)

    walk(get_resolver().url_patterns, "")
    return routes


def test_every_api_route_is_in_openapi(openapi):
    served = api_routes() - {("GET", "/openapi.json"), ("GET", "/docs")}
    assert served == {(m.upper(), p) for p, m, _ in operations(openapi)}


def test_openapi_is_json_openapi_3(openapi_response, openapi):
    assert (openapi_response.status_code, "json" in openapi_response["Content-Type"], str(openapi.get("openapi", "")).startswith("3.")) == (
        200, True, True)


def test_openapi_carries_api_version_equal_to_info_version(openapi_response, openapi):
    assert openapi_response.get("API-Version") == openapi["info"]["version"]


def test_openapi_info_version_is_semver(openapi):
    assert re.fullmatch(r"\d+\.\d+\.\d+", openapi["info"]["version"])


def test_openapi_contact_has_name_email_url(openapi):
    contact = openapi["info"].get("contact", {})
    assert all(str(contact.get(k, "")).strip() for k in ("name", "email", "url")), contact


def test_openapi_server_url_contains_v1(openapi):
    assert any("/v1" in server.get("url", "") for server in openapi.get("servers", [])), openapi.get("servers")


def test_openapi_operation_ids_are_present_and_unique(openapi):
    seen = [op.get("operationId") for _, _, op in operations(openapi)]
    assert None not in seen and len(seen) == len(set(seen)), seen


def test_openapi_paths_have_no_trailing_slash(openapi):
    assert [p for p in openapi["paths"] if p != "/" and p.endswith("/")] == []


def test_openapi_path_segments_are_kebab_case(openapi):
    segment = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*|\{[A-Za-z]+\})$")
    assert [p for p in openapi["paths"] if not all(segment.match(s) for s in p.strip("/").split("/"))] == []


def test_openapi_query_parameters_are_lower_camel_case(openapi):
    bad = [(p, m, par["name"]) for p, m, op in operations(openapi) for par in (_resolve(openapi, x) for x in op.get("parameters", []))
           if par.get("in") == "query" and not re.fullmatch(r"[a-z][a-zA-Z0-9]*", par["name"])]
    assert bad == []


def test_openapi_success_responses_declare_api_version(openapi):
    bad = [(p, m, code) for p, m, op in operations(openapi) for code, resp in op["responses"].items()
           if code.startswith(("2", "3")) and "API-Version" not in _resolve(openapi, resp).get("headers", {})]
    assert bad == []


def test_openapi_error_responses_are_problem_json(openapi):
    bad = []
    for p, m, op in operations(openapi):
        for code, resp in op["responses"].items():
            if not code.startswith(("4", "5")):
                continue
            content = _resolve(openapi, resp).get("content", {})
            schema = _resolve(openapi, content.get("application/problem+json", {}).get("schema", {}))
            if list(content) != ["application/problem+json"] or not {"status", "title", "detail"} <= set(schema.get("required", [])):
                bad.append((p, m, code))
    assert bad == []


def test_openapi_writes_and_parameterised_reads_declare_400(openapi):
    bad = [(p, m) for p, m, op in operations(openapi)
           if (m in ("post", "put", "patch") or (m in ("get", "delete") and op.get("parameters"))) and "400" not in op["responses"]]
    assert bad == []


DATE_NAMES = re.compile(r"(datum|^start|^einde|^statusSinds|^vanaf|^tot)$")


def test_openapi_date_fields_have_format_date(openapi):
    bad = []

    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if DATE_NAMES.search(name) and _resolve(openapi, prop).get("format") != "date":
                    bad.append(f"{where}.{name}")
            if node.get("in") == "query" and DATE_NAMES.search(node.get("name", "")) and node.get("schema", {}).get("format") != "date":
                bad.append(f"{where}?{node['name']}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(openapi, "#")
    assert bad == []


def test_human_docs_are_html():
    response = APIClient().get(f"{API}/docs")
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (200, "text/html"), _describe(response)
