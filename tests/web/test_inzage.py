"""The AVG inzage (/inzage, beheerder only): who read or changed a jeugdige, its dossiers and their contacts, from the
audit log; audit metadata only, and audited itself. (Who may open the page at all: test_access_matrix.py.)"""

import pytest

from cases import selectors
from jgt_registratie.models import AuditLog
from tests.builders import OTHER_VALID_BSN, VALID_BSN, make_contact, make_dossier, make_jeugdige

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(professional, other_professional, teamleider, team, other_team, leiden, leiderdorp):
    """A jeugdige with a dossier and a contact, read by the teamleider; a second jeugdige elsewhere, by bob."""
    kid = make_jeugdige(professional, team, leiden, bsn=VALID_BSN, postcode="2312AB")
    dossier = make_dossier(professional, team, leiden, jeugdigen=[kid])
    contact = make_contact(professional, team, dossier=dossier)
    selectors.dossier_get(teamleider, dossier.pk)
    other = make_dossier(other_professional, other_team, leiderdorp, jeugdigen=[make_jeugdige(other_professional, other_team, leiderdorp, bsn=OTHER_VALID_BSN)])
    return kid, dossier, contact, other


def ask(login, beheerder, term):
    return login(beheerder).post("/inzage", {"q": term})


def shown_objects(response) -> set[tuple[str, str]]:
    return {(r.object_type, r.object_id) for r in response.context["page"].object_list}


def test_by_bsn_it_lists_who_touched_the_jeugdige_its_dossier_and_contact_and_nothing_else(login, beheerder, world):
    kid, dossier, contact, other = world
    response = ask(login, beheerder, VALID_BSN)
    assert response.status_code == 200
    assert shown_objects(response) == {("jeugdige", str(kid.pk)), ("dossier", str(dossier.pk)), ("contact", str(contact.pk))}
    users = {(g["username"], g["role"]) for g in response.context["inzage"].per_gebruiker}
    assert users == {("alice", "professional"), ("tessa", "teamleider"), ("bert", "beheerder")}


def test_the_teamleiders_read_counts_as_a_read_and_alices_registrations_as_changes(login, beheerder, world):
    per_user = {g["username"]: g for g in ask(login, beheerder, VALID_BSN).context["inzage"].per_gebruiker}
    assert (per_user["tessa"]["gelezen"], per_user["tessa"]["gewijzigd"]) == (1, 0)
    assert per_user["alice"]["gewijzigd"] >= 3  # jeugdige, dossier, contact


def test_by_the_short_number_of_the_app_it_finds_the_same(login, beheerder, world):
    kid = world[0]
    assert shown_objects(ask(login, beheerder, str(kid.pk)[:8])) == shown_objects(ask(login, beheerder, VALID_BSN))


def test_it_shows_audit_metadata_only_never_the_jeugdiges_data(login, beheerder, world):
    kid = world[0]
    page = ask(login, beheerder, str(kid.pk)).content.decode()
    assert VALID_BSN not in page and "2312AB" not in page and kid.geboortedatum.strftime("%d-%m-%Y") not in page


def test_the_inzage_is_audited_under_the_jeugdige_without_the_bsn(login, beheerder, world):
    kid = world[0]
    ask(login, beheerder, VALID_BSN)
    entry = AuditLog.objects.get(action="audit_inzage")
    assert (entry.username, entry.object_type, entry.object_id, entry.result) == ("bert", "jeugdige", str(kid.pk), "ok")
    assert entry.detail == {"gezocht_op": "bsn", "dossiers": 1, "contacten": 1}


def test_an_unknown_bsn_is_a_dutch_404_audited_without_the_bsn(login, beheerder, world):
    response = ask(login, beheerder, "999999990")
    assert response.status_code == 404 and "Er is geen jeugdige met dit nummer" in response.content.decode()
    entry = AuditLog.objects.get(action="audit_inzage")
    assert (entry.result, entry.detail) == ("niet_gevonden", {"gezocht_op": "bsn"})


def test_an_invalid_term_is_a_dutch_400(login, beheerder, world):
    response = ask(login, beheerder, "Jansen")
    assert response.status_code == 400 and "Geef het nummer van de jeugdige" in response.content.decode()
    assert AuditLog.objects.get(action="audit_inzage").result == "ongeldig"


def test_another_role_posting_a_bsn_is_refused_and_audited(login, teamleider, world):
    response = login(teamleider).post("/inzage", {"q": VALID_BSN})
    assert response.status_code == 403 and "alleen voor functioneel beheer" in response.content.decode()
    assert AuditLog.objects.filter(username="tessa", action="audit_inzage", result="geweigerd").count() == 1
