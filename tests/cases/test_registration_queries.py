"""Issue 13: registering a contact, listing dossiers and showing a dossier take a fixed number of queries, whatever
the dossier's history or the number of dossiers (`CaptureQueriesContext`, exact numbers).

Every count includes the two statements of the service's transaction that a test sees as a SAVEPOINT and its
RELEASE (BEGIN and COMMIT in production, which Django does not log)."""

import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cases import hulpperiodes
from cases.models import Contact, Dossier, Hulpperiode
from tests.builders import active_dossier, days_ago, make_contact, make_dossier, make_jeugdige, today

pytestmark = pytest.mark.django_db

#: POST /api/v1/contacten with a category on an actief dossier: token lock-out check, token and user, the user's teams
#: (once per request, `rights.team_ids`), the dossier in scope with its team (the body's team when it is the dossier's);
#: then BEGIN, the dossier locked, its status
#: history, the categories, INSERT contact, INSERT its categories, the dossier's version, the hulpperiode rebuild (stored
#: rows, the running stretch's contacts with their categories, the dossier's categories, its jeugdigen, UPDATE of the
#: running one), the audit row, COMMIT
API_POST = 18
#: the same from the web form (Snel registreren): session, user, second factor, the form's teams and categories, the
#: dossier (with its team) by number, the team again (the form's validation), the idempotency key of the form, the
#: service as above, the key, and saving the session
WEB_POST = 27
#: GET /api/v1/dossiers?status=actief: lock-out check, token and user, the user's teams, count, page, four prefetches (the
#: jeugdigen by id, without their addresses), one audit INSERT
API_LIST = 11
#: GET /dossiers?status=actief: session, user, second factor, the filter form's choices, the user's teams, count, page,
#: jeugdigen, audit of dossiers and jeugdigen, saving the session
WEB_LIST = 15
#: GET /dossiers/<id> (web): session, user, second factor, the user's teams, the dossier with six prefetches, its contacts with their
#: categories and registrars, the status history, betrokkenen, the forms' choices, the audit INSERTs of the dossier, its
#: contacts and its jeugdigen, saving the session
WEB_DETAIL = 24


def add_history(professional, team, dossier: Dossier, n: int) -> Dossier:
    """`n` earlier contacts (with a category each) on `dossier`, spread over the days of its running stretch, written
    in bulk; the hulpperiodes are then rebuilt as the services would leave them."""
    Through = Contact.probleemcategorieen.through
    contacts = [Contact(team=team, dossier=dossier, datum=days_ago(29 - i % 29), duur_minuten=10 + i % 50, vorm="telefonisch",
                        inzet="hulp", hulpsoort="licht", geregistreerd_door=professional) for i in range(n)]
    Contact.objects.bulk_create(contacts)
    Through.objects.bulk_create([Through(contact_id=c.pk, probleemcategorie_id="opvoeding") for c in contacts])
    with transaction.atomic():
        hulpperiodes.rebuild(dossier)
    return Dossier.objects.get(pk=dossier.pk)


def post_contact(client, team, dossier) -> int:
    body = {"team": team.pk, "dossier": str(dossier.pk), "datum": today().isoformat(), "duurMinuten": 30, "vorm": "telefonisch",
            "hulpsoort": "licht", "probleemcategorieen": ["opvoeding", "scheiding"]}
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/contacten", body, format="json")
    assert response.status_code == 201, response.json()
    return len(queries)


def test_an_api_registration_takes_the_same_queries_with_3_and_with_300_earlier_contacts(api, professional, team, leiden):
    short = add_history(professional, team, active_dossier(professional, team, leiden), 2)
    long = add_history(professional, team, active_dossier(professional, team, leiden), 299)
    client = api(professional)
    assert (post_contact(client, team, short), post_contact(client, team, long)) == (API_POST, API_POST)


def test_the_api_answers_with_the_contact_as_stored(api, professional, team, leiden):
    dossier = active_dossier(professional, team, leiden)
    body = {"team": team.pk, "dossier": str(dossier.pk), "datum": today().isoformat(), "duurMinuten": 30, "vorm": "telefonisch",
            "hulpsoort": "licht", "probleemcategorieen": ["scheiding", "opvoeding"], "notitie": "  gesprek  "}
    response = api(professional).post("/api/v1/contacten", body, format="json")
    stored = api(professional).get(f"/api/v1/contacten/{response.json()['id']}")
    assert response.json() == stored.json()
    assert response.json()["probleemcategorieen"] == ["opvoeding", "scheiding"]


def test_the_rebuild_after_a_registration_matches_the_whole_derivation(api, professional, team, leiden):
    dossier = add_history(professional, team, active_dossier(professional, team, leiden), 40)
    post_contact(api(professional), team, dossier)
    changes, contacts, categorieen = hulpperiodes.facts_of(dossier)
    derived = [(p.start, p.einde, p.aantal_contacten, p.contactminuten, tuple(p.categorieen))
               for p in hulpperiodes.derive(changes, contacts, dossier.hulpsoort, categorieen)]
    stored = [(h.start, h.einde, h.aantal_contacten, h.contactminuten, tuple(h.probleemcategorieen))
              for h in Hulpperiode.objects.filter(dossier=dossier).order_by("volgnummer")]
    assert stored == derived and stored[0][2] == 42


def web_register(client, team, dossier) -> int:
    page = client.get("/registreren").content.decode()
    geopend = re.search(r'name="geopend" value="([^"]+)"', page).group(1)
    body = {"team": team.pk, "dossier": str(dossier.pk)[:8], "datum": today().strftime("%d-%m-%Y"), "duur_minuten": 30,
            "vorm": "telefonisch", "inzet": "hulp", "hulpsoort": "licht", "probleemcategorieen": ["opvoeding"], "geopend": geopend}
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/registreren", body)
    assert response.status_code == 302
    return len(queries)


def test_a_web_registration_takes_the_same_queries_with_3_and_with_300_earlier_contacts(client, professional, team, leiden):
    short = add_history(professional, team, active_dossier(professional, team, leiden), 2)
    long = add_history(professional, team, active_dossier(professional, team, leiden), 299)
    client.force_login(professional)
    assert (web_register(client, team, short), web_register(client, team, long)) == (WEB_POST, WEB_POST)


def count_queries(client, path) -> int:
    client.get(path)  # the session's first save is an INSERT; count a later request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def some_active_dossiers(professional, team, leiden, n: int) -> None:
    for _ in range(n):
        dossier = make_dossier(professional, team, leiden, jeugdigen=[make_jeugdige(professional, team, leiden),
                                                                        make_jeugdige(professional, team, leiden)])
        make_contact(professional, team, dossier=dossier, datum=days_ago(5))


def test_the_dossier_lists_take_the_same_queries_for_2_and_for_30_dossiers(api, client, professional, team, leiden):
    client.force_login(professional)
    some_active_dossiers(professional, team, leiden, 2)
    few = (count_queries(api(professional), "/api/v1/dossiers?status=actief"), count_queries(client, "/dossiers?status=actief"))
    some_active_dossiers(professional, team, leiden, 28)
    many = (count_queries(api(professional), "/api/v1/dossiers?status=actief"), count_queries(client, "/dossiers?status=actief"))
    assert few == many == (API_LIST, WEB_LIST)


def test_the_dossier_list_count_is_a_plain_count(api, professional, team, leiden):
    some_active_dossiers(professional, team, leiden, 1)
    with CaptureQueriesContext(connection) as queries:
        assert api(professional).get("/api/v1/dossiers?status=actief").json()["count"] == 1
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1 and "DISTINCT" not in counts[0]


def test_the_open_dossiers_list_counts_and_pages_the_open_statuses_only(client, professional, team, leiden):
    """The web list's default (all open dossiers) names the open statuses, so the (team, status) index gives the open
    dossiers alone: `NOT status = 'afgesloten'` would read every dossier the team ever had (57,178 instead of 4,825 index
    entries for the bench's large team: 55 ms against 1 ms for the count)."""
    client.force_login(professional)
    some_active_dossiers(professional, team, leiden, 1)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dossiers").status_code == 200
    listing = [q["sql"] for q in queries if 'FROM "cases_dossier"' in q["sql"] and "auditlog" not in q["sql"]]
    assert len(listing) == 2  # the count and the page
    assert all(""""cases_dossier"."status" IN ('aangemeld', 'actief', 'waakvlam')""" in sql and "NOT" not in sql for sql in listing)


def test_the_dossier_page_takes_the_same_queries_with_3_and_with_500_contacts(client, professional, team, leiden):
    client.force_login(professional)
    short = add_history(professional, team, active_dossier(professional, team, leiden), 2)
    long = add_history(professional, team, active_dossier(professional, team, leiden), 499)
    assert (count_queries(client, f"/dossiers/{short.pk}"), count_queries(client, f"/dossiers/{long.pk}")) == (WEB_DETAIL, WEB_DETAIL)


def test_the_dossier_page_shows_every_contact_with_its_actions(client, professional, team, leiden):
    client.force_login(professional)
    dossier = add_history(professional, team, active_dossier(professional, team, leiden), 4)
    html = client.get(f"/dossiers/{dossier.pk}").content.decode()
    ids = list(Contact.objects.filter(dossier=dossier).values_list("pk", flat=True))
    assert len(ids) == 5
    for pk in ids:
        assert f'href="/contacten/{pk}/wijzigen"' in html and f'href="/contacten/{pk}/verwijderen"' in html
    assert html.count("Opvoedvragen en gezinsrelaties") >= 5


def test_an_earlier_dated_contact_of_a_waakvlam_stretch_still_corrects_it(api, professional, team, leiden):
    """The history read once under the lock serves the check, the activation and the correction of a nagekomen contact."""
    from cases import services

    dossier = active_dossier(professional, team, leiden, since=30)
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=days_ago(10), evaluatiedatum=today() + timedelta(days=30))
    make_contact(professional, team, dossier=Dossier.objects.get(pk=dossier.pk), datum=days_ago(20))
    ended = Hulpperiode.objects.get(dossier=dossier)
    assert (ended.start, ended.einde, ended.aantal_contacten, ended.gecorrigeerd_op is not None) == (days_ago(30), days_ago(20), 2, True)


def test_a_team_left_between_two_requests_is_out_of_scope_at_the_next(api, professional, team, leiden):
    """`rights.team_ids` is kept for one request only (`ScopeMiddleware`)."""
    dossier = active_dossier(professional, team, leiden)
    client = api(professional)
    assert client.get(f"/api/v1/dossiers/{dossier.pk}").status_code == 200
    professional.teams.remove(team)
    assert client.get(f"/api/v1/dossiers/{dossier.pk}").status_code == 404


def test_outside_a_request_the_teams_are_read_on_every_call(professional, team, other_team):
    from jgt_registratie import rights

    assert rights.team_ids(professional) == [team.pk]
    professional.teams.add(other_team)
    assert rights.team_ids(professional) == sorted([team.pk, other_team.pk])


def statements_of(client, team, dossier, **headers) -> list[str]:
    body = {"team": team.pk, "dossier": str(dossier.pk), "datum": today().isoformat(), "duurMinuten": 30, "vorm": "telefonisch",
            "hulpsoort": "licht", "probleemcategorieen": ["opvoeding"]}
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/contacten", body, format="json", **headers)
    assert response.status_code == 201, response.json()
    return [q["sql"] for q in queries]


@pytest.mark.parametrize("headers", [{}, {"HTTP_IDEMPOTENCY_KEY": "sleutel-1"}], ids=["zonder sleutel", "met Idempotency-Key"])
def test_the_audit_row_is_the_last_statement_before_the_commit(api, professional, team, leiden, headers):
    """Its insert holds the audit chain's head row until COMMIT (migration 0004): every other writer queues behind it
    from then on, so nothing of the registration may come after it (the idempotency key included)."""
    statements = statements_of(api(professional), team, active_dossier(professional, team, leiden), **headers)
    assert statements[-1].startswith("RELEASE SAVEPOINT")
    assert statements[-2].startswith('INSERT INTO "jgt_registratie_auditlog"')
    assert sum('"jgt_registratie_auditlog"' in s for s in statements) == 1
    if headers:
        assert any(s.startswith('INSERT INTO "cases_idempotencykey"') for s in statements[:-2])
