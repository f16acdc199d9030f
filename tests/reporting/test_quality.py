"""The data-quality findings (reporting/quality.py) on the export world, and the beheerder's page."""

from datetime import date, timedelta

import pytest

from cases import services
from jgt_registratie.models import AuditLog
from reporting.quality import findings, findings_summary
from tests.builders import make_contact, make_dossier, today

pytestmark = pytest.mark.django_db


def found(**kwargs):
    return [(b.soort, b.object_soort, b.object_id) for b in findings(**kwargs)]


def test_findings_on_the_world(world):
    q, r = str(world.q.pk), str(world.r.pk)
    assert found(vandaag=date(2021, 1, 1)) == [
        ("jeugdige_zonder_bsn", "jeugdige", q),
        ("jeugdige_zonder_postcode", "jeugdige", q),
        ("actief_zonder_contact", "dossier", str(world.d5.pk)),  # last contact 02-04-2020; D2 is closed
        ("overlappende_hulpperiodes", "jeugdige", q),  # D2 and D5 at the same time
        ("waakvlam_verlopen", "dossier", str(world.d3.pk)),  # evaluatie 01-06-2020
    ]
    assert r not in str(found(vandaag=date(2021, 1, 1))[:2])


def test_dates_decide_contact_and_waakvlam_findings(world):
    kinds = {k for k, _, _ in found(vandaag=date(2020, 5, 31))}
    # 59 days after D5's last contact, the day before D3's evaluatiedatum
    assert ("actief_zonder_contact" in kinds, "waakvlam_verlopen" in kinds) == (False, False)
    kinds = {k for k, _, _ in found(vandaag=date(2020, 7, 2))}  # 91 days
    assert ("actief_zonder_contact" in kinds, "waakvlam_verlopen" in kinds) == (True, True)


def test_findings_per_gemeente(world, leiderdorp):
    assert found(gemeente=leiderdorp, vandaag=date(2021, 1, 1)) == [("waakvlam_verlopen", "dossier", str(world.d3.pk))]


def test_overlap_finding_follows_the_address_of_the_hulpperiodes(world, leiden, leiderdorp):
    """Q moved to Leiderdorp on 2020-06-01: its D2 (ended 15-07) and running D5 now count there, so does their overlap."""
    from tests.builders import move

    move(world.q, gemeente=leiderdorp, vanaf=date(2020, 6, 1))
    overlap = {g.code: [(k, pk) for k, _, pk in found(gemeente=g, vandaag=date(2021, 1, 1)) if k == "overlappende_hulpperiodes"]
               for g in (leiden, leiderdorp)}
    assert overlap == {"0546": [], "0547": [("overlappende_hulpperiodes", str(world.q.pk))]}


def test_overlap_finding_only_for_hulpperiodes_that_reach_the_cbs_delivery(professional, team, leiden):
    """Preventief work is no jeugdhulp and never a CBS record, so it cannot make a record count twice; the check used to
    flag it beside a licht one ("telt dubbel in de CBS-aanlevering"). Under 2027.1 it gives no hulpperiode at all."""
    from datetime import date

    from cases import services
    from reporting.quality import findings
    from tests.builders import make_contact, make_dossier, make_jeugdige

    kind = make_jeugdige(professional, team, leiden, bsn="111222333", postcode="2311AB")
    preventief = make_dossier(professional, team, leiden, jeugdigen=[kind], aanmelddatum=date(2024, 1, 2), hulpsoort="preventief")
    services.dossier_activate(user=professional, dossier=preventief, datum=date(2024, 1, 3))
    make_contact(professional, team, dossier=preventief, datum=date(2024, 1, 4), hulpsoort="preventief")
    licht = make_dossier(professional, team, leiden, jeugdigen=[kind], aanmelddatum=date(2024, 1, 2))
    make_contact(professional, team, dossier=licht, datum=date(2024, 1, 10), hulpsoort="licht")
    assert list(preventief.hulpperiodes.all()) == []
    assert [b.soort for b in findings(vandaag=date(2024, 2, 1)) if b.soort == "overlappende_hulpperiodes"] == []
    # Two licht ones at the same time are still found.
    tweede = make_dossier(professional, team, leiden, jeugdigen=[kind], aanmelddatum=date(2024, 1, 2))
    make_contact(professional, team, dossier=tweede, datum=date(2024, 1, 12), hulpsoort="licht")
    assert [(b.soort, b.object_id) for b in findings(vandaag=date(2024, 2, 1)) if b.soort == "overlappende_hulpperiodes"] == [
        ("overlappende_hulpperiodes", str(kind.pk))]


def test_summary_counts_every_kind(world):
    assert [(k, n) for k, _, n in findings_summary(findings(vandaag=date(2021, 1, 1)))] == [
        ("jeugdige_zonder_bsn", 1), ("jeugdige_zonder_postcode", 1), ("actief_zonder_contact", 1),
        ("overlappende_hulpperiodes", 1), ("waakvlam_verlopen", 1), ("wachtend", 0)]


def test_findings_are_a_fixed_number_of_queries(world, django_assert_num_queries):
    with django_assert_num_queries(6):
        findings(vandaag=date(2021, 1, 1))


def test_beheerder_page_lists_the_findings(client, beheerder, world):
    client.force_login(beheerder)
    response = client.get("/gemeente/datakwaliteit")
    html = response.content.decode()
    assert (response.status_code, str(world.q.pk) in html, str(world.d3.pk) in html, "Datakwaliteit" in html) == (200, True, True, True)
    assert world.p.bsn not in html and "2311AB" not in html  # references, not person data
    assert AuditLog.objects.filter(action="lezen", object_type="datakwaliteit", username="bert", result="ok").count() == 1


@pytest.mark.parametrize("role", ["gemeente_user", "professional", "teamleider"])
def test_page_is_for_the_beheerder_only(request, client, world, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get("/gemeente/datakwaliteit")
    assert (response.status_code, str(world.q.pk) in response.content.decode()) == (403, False)
    assert AuditLog.objects.filter(object_type="datakwaliteit", username=user.username, result="geweigerd").count() == 1


def test_page_needs_a_login(client):
    response = client.get("/gemeente/datakwaliteit")
    assert (response.status_code, response["Location"]) == (302, "/inloggen?next=/gemeente/datakwaliteit")


# --- wachtend: an actief stretch without a hulpcontact (DOMAIN.md section 4) ----------------------------------------


def _wachtend(**kwargs):
    return [(b.object_id, b.omschrijving) for b in findings(**kwargs) if b.soort == "wachtend"]


def _activated(professional, team, leiden, *, since=date(2024, 1, 10)):
    dossier = make_dossier(professional, team, leiden, aanmelddatum=date(2024, 1, 2))
    return services.dossier_activate(user=professional, dossier=dossier, datum=since)


def test_actief_without_hulpcontact_for_more_than_30_days_is_waiting(professional, team, leiden):
    dossier = _activated(professional, team, leiden)
    assert _wachtend(vandaag=date(2024, 2, 10)) == [
        (str(dossier.pk), "Actief sinds 10-01-2024, nog geen hulpcontact: wacht dit dossier?")]


def test_thirty_days_is_not_yet_waiting(professional, team, leiden):
    _activated(professional, team, leiden)
    assert _wachtend(vandaag=date(2024, 2, 9)) == []


def test_a_hulpcontact_in_the_stretch_ends_the_wait(professional, team, leiden):
    dossier = _activated(professional, team, leiden)
    make_contact(professional, team, dossier=dossier, datum=date(2024, 2, 1), hulpsoort="licht", inzet="hulp")
    assert _wachtend(vandaag=date(2024, 3, 1)) == []


@pytest.mark.parametrize(("inzet", "hulpsoort"), [("regie", "licht"), ("advies", "middelzwaar"), ("toegang", "zwaar"), ("hulp", "preventief")])
def test_contacts_that_are_no_hulpcontact_leave_it_waiting(professional, team, leiden, inzet, hulpsoort):
    dossier = _activated(professional, team, leiden)
    make_contact(professional, team, dossier=dossier, datum=date(2024, 2, 1), hulpsoort=hulpsoort, inzet=inzet)
    assert [pk for pk, _ in _wachtend(vandaag=date(2024, 3, 1))] == [str(dossier.pk)]


def test_a_hulpcontact_of_an_earlier_stretch_does_not_count(professional, teamleider, team, leiden):
    """Reactivated after waakvlam: the wait is counted from the new stretch (status_sinds), and only its own contacts count."""
    dossier = make_dossier(professional, team, leiden, aanmelddatum=date(2024, 1, 2))
    make_contact(professional, team, dossier=dossier, datum=date(2024, 1, 10), hulpsoort="licht")
    services.dossier_waakvlam(user=professional, dossier=dossier, datum=date(2024, 2, 1), evaluatiedatum=date(2024, 2, 1) + timedelta(days=60))
    services.dossier_activate(user=professional, dossier=dossier, datum=date(2024, 3, 1))
    assert _wachtend(vandaag=date(2024, 4, 2)) == [
        (str(dossier.pk), "Actief sinds 01-03-2024, nog geen hulpcontact: wacht dit dossier?")]


def test_waiting_dossiers_follow_the_gemeente_scope(professional, team, leiden, leiderdorp):
    _activated(professional, team, leiden)
    assert (len(_wachtend(gemeente=leiden, vandaag=date(2024, 3, 1))), len(_wachtend(gemeente=leiderdorp, vandaag=date(2024, 3, 1)))) == (1, 0)


def test_the_page_shows_the_waiting_line(client, beheerder, professional, team, leiden):
    dossier = _activated(professional, team, leiden, since=today() - timedelta(days=45))
    client.force_login(beheerder)
    html = client.get("/gemeente/datakwaliteit").content.decode()
    assert f"Actief sinds {dossier.status_sinds:%d-%m-%Y}, nog geen hulpcontact: wacht dit dossier?" in html and str(dossier.pk) in html
