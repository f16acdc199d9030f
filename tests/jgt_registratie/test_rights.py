"""The one rights table (DOMAIN.md section 2) and its scope querysets."""

from pathlib import Path

import pytest
from django.db import transaction

from cases import services
from jgt_registratie import rights
from jgt_registratie.audit import Action
from jgt_registratie.errors import Forbidden
from jgt_registratie.models import AuditLog
from jgt_registratie.rights import Capability
from tests.builders import make_contact, make_jeugdige
from tests.factories import GemeenteFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = ["professional", "teamleider", "gemeente_user", "beheerder"]

# DOMAIN.md section 2, read as a person would: who may do what.
SPEC = {
    Capability.CASE_WORK: {"professional", "teamleider"},
    Capability.CLOSURE_REQUEST: {"professional", "teamleider"},  # "all of the above" for the teamleider
    Capability.CLOSING: {"teamleider"},
    Capability.CONTACT_CORRECTION: {"teamleider"},  # API.md 1.1: any contact of the team; a professional only their own, 14 days
    Capability.FAMILY_CORRECTION: {"teamleider"},  # API.md 1.1: remove a child registered by mistake
    Capability.HANDOVER: {"teamleider"},  # API.md 1.1: hand a dossier over to another team
    Capability.REFERRAL_CORRECTION: {"teamleider"},  # issue 12: a final referral outcome; an open one anyone in the team updates
    Capability.TEAM_OVERVIEW: {"teamleider"},
    Capability.PORTAL: {"teamleider", "gemeente_user", "beheerder"},
    Capability.INDICATOR_REPORTS: {"gemeente_user", "beheerder"},
    Capability.CBS_EXPORTS: {"beheerder"},
    Capability.VERANTWOORDING: {"gemeente_user", "beheerder"},  # DOMAIN.md section 8: "for a gemeente or the beheerder"
    Capability.DUIDING: {"teamleider", "beheerder"},
    Capability.BELEIDSKADER: {"gemeente_user", "beheerder"},  # section 8: "kept per gemeente by the beheerder or the gemeente"
    Capability.DATA_QUALITY: {"beheerder"},
    Capability.BEHEER: {"beheerder"},
    Capability.INZAGE: {"beheerder"},
    Capability.ERASURE: {"beheerder"},  # "manage ... settings"; destruction on request (Jeugdwet 7.3.9), without reading contents
}


@pytest.mark.parametrize("capability", list(Capability))
def test_table_matches_domain_section_2(request, capability):
    allowed = {name for name in ROLE_FIXTURES if rights.can(request.getfixturevalue(name), capability)}
    assert allowed == SPEC[capability]


def test_nobody_anonymous_or_deactivated_has_any_right(professional):
    from django.contrib.auth.models import AnonymousUser

    professional.is_active = False
    for user in (None, AnonymousUser(), professional):
        assert not any(rights.rights_of(user).values())


def test_require_audits_a_refusal_once_and_raises_in_dutch(gemeente_user):
    with pytest.raises(Forbidden) as refused:
        rights.require(gemeente_user, Capability.CASE_WORK, object_type="dossier", object_id="x")
    assert refused.value.detail == "Uw rol heeft geen toegang tot dossiers, jeugdigen of contacten."
    rows = list(AuditLog.objects.values_list("username", "action", "object_type", "object_id", "result", "detail"))
    assert rows == [("gerda", "lezen", "dossier", "x", "geweigerd", {"recht": "case_work"})]


def test_require_lets_the_right_role_through_without_a_row(professional):
    rights.require(professional, Capability.CASE_WORK)
    assert AuditLog.objects.count() == 0


def test_scope_teams_and_gemeenten_per_role(professional, teamleider, gemeente_user, beheerder, team, other_team, leiden, leiderdorp):
    oegstgeest = GemeenteFactory(code="0579", naam="Oegstgeest")
    assert list(rights.teams_of(professional)) == [team]
    assert list(rights.teams_of(gemeente_user)) == []
    assert list(rights.gemeenten_for(gemeente_user, Capability.INDICATOR_REPORTS)) == [leiden]
    assert list(rights.gemeenten_for(teamleider, Capability.PORTAL)) == [leiden]
    assert list(rights.gemeenten_for(teamleider, Capability.INDICATOR_REPORTS)) == []  # a teamleider reads, but requests no reports
    assert list(rights.gemeenten_for(beheerder, Capability.CBS_EXPORTS)) == [leiden, leiderdorp, oegstgeest]
    assert list(rights.gemeenten_for(professional, Capability.PORTAL)) == []
    assert sorted(t.naam for t in rights.teams_listed_for(beheerder)) == sorted([team.naam, other_team.naam])
    assert list(rights.teams_listed_for(gemeente_user)) == [team]


def test_multi_gemeente_user_gets_each_of_them(leiden, leiderdorp):
    from jgt_registratie.models import Role

    user = UserFactory(username="greet", role=Role.GEMEENTE, gemeenten=[leiden, leiderdorp])
    assert list(rights.gemeenten_for(user, Capability.PORTAL)) == [leiden, leiderdorp]


def test_templates_never_compare_role_strings():
    root = Path(__file__).resolve().parents[2]
    offenders = [str(p.relative_to(root)) for app in ("jgt_registratie", "cases", "reporting")
                 for p in (root / app / "templates").rglob("*.html") if "user.role" in p.read_text() or "works_on_cases" in p.read_text()]
    assert offenders == []


def test_a_service_nested_in_another_transaction_fails_at_once(professional, team, leiden):
    """Top-level services are durable: nesting one would let the outer rollback swallow its refusal's audit row."""
    with pytest.raises(RuntimeError, match="durable"):
        with transaction.atomic():
            make_jeugdige(professional, team, leiden)


def test_service_refusal_survives_and_is_written_once(gemeente_user, team):
    with pytest.raises(Forbidden):
        make_contact(gemeente_user, team)
    rows = list(AuditLog.objects.values_list("action", "result", "detail"))
    assert rows == [("contact_registreren", "geweigerd", {"status": 403, "recht": "case_work"})]


def test_unknown_audit_action_is_a_programming_error(professional):
    from jgt_registratie.audit import audit_record

    with pytest.raises(ValueError):
        audit_record(user=professional, action="leezen", object_type="dossier")
    assert Action("lezen") is Action.LEZEN


def test_services_carry_their_audit_action():
    assert services.contact_register.audit_action == Action.CONTACT_REGISTREREN
    assert services.contact_register_idempotent.audit_action == Action.CONTACT_REGISTREREN
