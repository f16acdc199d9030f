"""The web access matrix: every web URL, found through the URL resolver, tried as every role, and checked
against the rights table (`jgt_registratie.rights`), as tests/cases/test_api_access_matrix.py does for the API.

A page that declares no right (`jgt_registratie.web.page`, `login_only` or `public`) fails
`test_every_web_view_declares_its_right`, so a new page cannot escape the matrix.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from cases import services
from jgt_registratie import rights
from jgt_registratie.models import AuditLog, Gemeente
from reporting.models import Rapportage
from tests.builders import days_ago, make_contact, make_dossier

pytestmark = pytest.mark.django_db

#: Django's own auth pages: every visitor may open them (they hold no data)
AUTH_VIEWS = {"login", "logout"}
ROLES = ["anonymous", "professional", "teamleider", "other_professional", "gemeente_user", "beheerder"]


@dataclass(frozen=True)
class WebUrl:
    name: str
    route: str
    view: object

    @property
    def capability(self):
        return getattr(self.view, "capability", "undeclared")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            route = prefix + str(entry.pattern)
            if route.startswith(("api/", "beheer/")):
                continue  # the API has its own matrix; beheer is Django's admin site, tested below
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, ns)
        elif isinstance(entry, URLPattern):
            yield WebUrl(f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback)


WEB_URLS = sorted(_walk(get_resolver().url_patterns), key=lambda u: u.name)
CASE_OBJECT_URLS = {u.name for u in WEB_URLS if "<uuid:pk>" in u.route} | {"cases:dossier-kort"}


def test_every_web_view_declares_its_right():
    undeclared = [u.name for u in WEB_URLS if u.name not in AUTH_VIEWS and u.capability == "undeclared"]
    assert undeclared == []
    assert all(getattr(u.view, "public", False) for u in WEB_URLS if u.name in NOT_WALKED)
    assert len(WEB_URLS) >= 20  # the resolver walk found the pages (not an empty list that checks nothing)


@pytest.fixture
def world(professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    # a contact without dossier, alice's own: the contact pages (Wijzigen, Verwijderen, Koppelen) open it
    dossier.contact = make_contact(professional, team, datum=days_ago(1), hulpsoort="preventief", gemeente=leiden, leeftijdsklasse="4-11")
    services.betrokkene_add(user=professional, dossier=dossier, naam="Anna Test", relatie="ouder")
    # an open referral: "Uitkomst bijwerken" (issue 12) is case work of the team
    services.doorverwijzing_register(user=professional, dossier=dossier, datum=days_ago(1), soort="jeugd_ggz")
    return dossier


def _path(url: WebUrl, dossier) -> str:
    route = url.route
    if url.name == "cases:dossier-kort":  # a regular expression: the short number shown on screen
        route = f"dossiers/{str(dossier.pk)[:8]}"
    route = route.replace("<uuid:bid>", str(dossier.betrokkenen.get().pk) if "<uuid:bid>" in route else "")
    if "<uuid:pk>" in route:
        target = dossier.jeugdigen.get().pk if url.name.startswith("cases:jeugdige") else dossier.pk
        if url.name.startswith("cases:contact-"):
            target = dossier.contact.pk
        route = route.replace("<uuid:pk>", str(target))
    route = route.replace("<uuid:jid>", str(dossier.jeugdigen.get().pk))
    route = route.replace("<int:rid>", str(dossier.doorverwijzingen.get().pk) if "<int:rid>" in route else "")
    route = route.replace("<str:gemeente_code>", "0546").replace("<str:periode>", "2024-Q1").replace("<str:onderwerp>", "verordening")
    if "<uuid:rapportage_id>" in route:
        route = route.replace("<uuid:rapportage_id>", str(_leiden_report().pk))
    assert "<" not in route, f"fill the parameters of {url.name}: {route}"
    return "/" + route


def _leiden_report() -> Rapportage:
    """An indicator report of Leiden (the gemeente user's own), still in the queue: publishing it is a Dutch refusal (409),
    which still shows who gets in."""
    return Rapportage.objects.create(soort="indicatoren", periode="2024-Q1", gemeente=Gemeente.objects.get(code="0546"), formaat="json",
                                     definitieversie="2027.1")


def expected(role: str, url: WebUrl) -> str:
    """'login', 'allowed', 'refused' (403) or 'hidden' (404: another team's object, as if it did not exist).

    The page's right is checked first; a narrower right (`then`) only after the object was found in the user's scope.
    """
    if url.name in AUTH_VIEWS or getattr(url.view, "public", False):
        return "public"
    if role == "anonymous":
        return "login"
    if url.capability is None:
        return "allowed"
    user_role = {"other_professional": "professional", "gemeente_user": "gemeente"}.get(role, role)
    if user_role not in rights.roles_with(url.capability):
        return "refused"
    if role == "other_professional" and url.name in CASE_OBJECT_URLS:
        return "hidden"
    then = getattr(url.view, "then_capability", None)
    if then is not None and user_role not in rights.roles_with(then):
        return "refused"
    return "allowed"


#: public views left out of the per-role walk, with the reason (they still must declare `public`, see above)
NOT_WALKED = {
    # the same for everyone, no data; it answers 503 here, where no worker runs, after a 1 s worker ping per call:
    # tests/jgt_registratie/test_health.py tries it anonymous and logged in, with the worker up and down
    "gezondheid": "tested in tests/jgt_registratie/test_health.py",
}
CELLS = [(role, url) for url in WEB_URLS if url.name not in NOT_WALKED for role in ROLES]


@pytest.mark.parametrize(("role", "url"), CELLS, ids=[f"{role}-{url.name}" for role, url in CELLS])
def test_web_access_matrix(request, client, world, role, url):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    path = _path(url, world)
    response = client.get(path)
    if response.status_code == 405:  # a POST-only action: an empty form is enough to see who gets in
        response = client.post(path, {})
    outcome = expected(role, url)
    status = response.status_code
    assert status < 500, f"{path}: {status}"
    if outcome == "public":
        assert status not in (403, 404)
    elif outcome == "login":
        assert status == 302 and response["Location"].startswith("/inloggen?next="), (path, status)
    elif outcome == "refused":
        assert status == 403, (path, status)
        assert "Geen toegang" in response.content.decode()
        refusals = AuditLog.objects.filter(user_id=user.pk, result="geweigerd")
        assert refusals.count() == 1, list(refusals.values_list("action", "object_type", "object_id"))
    elif outcome == "hidden":
        assert status == 404, (path, status)
        assert AuditLog.objects.filter(user_id=user.pk, result="niet_gevonden").count() == 1
    else:
        assert status not in (401, 403, 404), (path, status)
        assert not (status == 302 and response["Location"].startswith("/inloggen")), (path, status)


# --- beheer (Django's admin site): only a role with the right 'beheer' gets in --------------------------------

BEHEER_PATHS = ["/beheer/", "/beheer/jgt_registratie/user/", "/beheer/jgt_registratie/auditlog/", "/beheer/jgt_registratie/team/"]


@pytest.mark.parametrize("role", ROLES[1:])
@pytest.mark.parametrize("path", BEHEER_PATHS)
def test_beheer_follows_the_rights_table(request, client, role, path):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get(path)
    if rights.can(user, rights.Capability.BEHEER):
        assert response.status_code == 200, path
    else:
        assert response.status_code == 302 and response["Location"].startswith("/beheer/login/"), (path, response.status_code)


# --- the second factor: with only the password, no page opens (jgt_registratie.second_factor) ---------------------

#: the pages a person sees between the password and the second factor
SECOND_FACTOR_PAGES = {"tweede-factor", "tweede-factor-instellen"}
#: every role, as far as it needs a second factor (professionals: OTP_VERPLICHT_VOOR_PROFESSIONALS, on by default)
HALF_ROLES = ["professional", "teamleider", "gemeente_user", "beheerder"]
HALF_CELLS = [(role, url) for url in WEB_URLS if url.name not in NOT_WALKED for role in HALF_ROLES]


def open_before_second_factor(url: WebUrl) -> bool:
    return url.name in AUTH_VIEWS or url.name in SECOND_FACTOR_PAGES or getattr(url.view, "public", False)


@pytest.mark.parametrize(("role", "url"), HALF_CELLS, ids=[f"{role}-{url.name}" for role, url in HALF_CELLS])
def test_password_only_session_reaches_no_page(request, client, world, role, url):
    client.password_only_login(request.getfixturevalue(role))
    path = _path(url, world)
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path, {})
    if open_before_second_factor(url):
        assert response.status_code < 500, (path, response.status_code)
    else:
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/tweede-factor/instellen?next=%2F"), (
            path, response.status_code, response.get("Location"))


@pytest.mark.parametrize("path", BEHEER_PATHS)
def test_beheer_needs_the_second_factor(client, beheerder, path):
    client.password_only_login(beheerder)
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/tweede-factor/instellen?next="), path
