"""The beheerder's page for erasure on request (/vernietigen, Jeugdwet art. 7.3.9): BSN or number and a reason, then a
confirmation with counts only (no dossier contents), then the destruction; Dutch messages for what is wrong. Who may
open it at all is checked by tests/web/test_access_matrix.py from the rights table."""

import pytest

from cases.models import Dossier, Jeugdige
from jgt_registratie.models import AuditLog
from tests.builders import VALID_BSN, make_contact, make_dossier, make_jeugdige, snapshot

pytestmark = pytest.mark.django_db
REDEN = "Verzoek van de jeugdige (14 jaar) van 2 mei 2024, kenmerk AVG-2024-08"


@pytest.fixture
def dossier(professional, team, leiden):
    jeugdige = make_jeugdige(professional, team, leiden, bsn=VALID_BSN)
    dossier = make_dossier(professional, team, leiden, jeugdigen=[jeugdige])
    make_contact(professional, team, dossier=dossier, notitie="Gesprek over thuis; moeder ongerust.")
    return dossier


def test_the_beheerder_finds_the_jeugdige_and_sees_only_counts(login, beheerder, dossier):
    response = login(beheerder).post("/vernietigen", {"nummer": VALID_BSN, "reden": REDEN})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Controleer de jeugdige" in html and "JGT Leiden Noord" in html and "2012" in html and "Definitief vernietigen" in html
    assert "moeder ongerust" not in html and "huisarts" not in html  # no dossier contents
    jeugdige = dossier.jeugdigen.get()
    assert AuditLog.objects.filter(action="lezen", object_type="jeugdige", object_id=str(jeugdige.pk), username="bert",
                                   detail__doel="vernietigen_op_verzoek").count() == 1
    assert Jeugdige.objects.filter(pk=jeugdige.pk).exists()  # nothing destroyed before the confirmation


def test_the_confirmation_destroys_and_says_so(login, beheerder, dossier):
    jeugdige = dossier.jeugdigen.get()
    client = login(beheerder)
    response = client.post("/vernietigen", {"nummer": str(jeugdige.pk)[:8], "reden": REDEN, "jeugdige": jeugdige.pk, "bevestigd": "on"},
                           follow=True)
    assert "De gegevens van jeugdige" in response.content.decode() and "zijn vernietigd: 1 eigen dossier(s) met 1 contact(en)" in response.content.decode()
    assert not Jeugdige.objects.filter(pk=jeugdige.pk).exists() and not Dossier.objects.filter(pk=dossier.pk).exists()
    assert AuditLog.objects.get(action="vernietigen_op_verzoek", object_type="jeugdige", object_id=str(jeugdige.pk)).detail["reden"] == REDEN


def test_an_unticked_confirmation_destroys_nothing(login, beheerder, dossier):
    jeugdige = dossier.jeugdigen.get()
    before = snapshot()
    response = login(beheerder).post("/vernietigen", {"nummer": VALID_BSN, "reden": REDEN, "jeugdige": jeugdige.pk})
    assert (response.status_code, "Definitief vernietigen" in response.content.decode(), snapshot()) == (200, True, before)


@pytest.mark.parametrize(("nummer", "reden", "status", "melding"), [
    ("999999990", REDEN, 404, "Geen jeugdige gevonden met dit BSN of nummer."),
    ("Jansen", REDEN, 400, "Vul het BSN (9 cijfers) of het nummer van de jeugdige in"),
    (VALID_BSN, "verzoek", 400, "Geef de reden van de vernietiging (ten minste 10 tekens)"),
    ("", "", 400, "Dit veld is vereist."),
])
def test_wrong_input_is_explained_in_dutch_and_changes_nothing(login, beheerder, dossier, nummer, reden, status, melding):
    before = snapshot()
    response = login(beheerder).post("/vernietigen", {"nummer": nummer, "reden": reden})
    html = response.content.decode()
    assert (response.status_code, melding in html, "Controleer uw invoer" in html, snapshot()) == (status, True, True, before)


def test_a_changed_number_after_the_search_destroys_nothing(login, beheerder, dossier, professional, team, leiden):
    other = make_jeugdige(professional, team, leiden, bsn="123456782")
    before = snapshot()
    response = login(beheerder).post("/vernietigen", {"nummer": "123456782", "reden": REDEN, "jeugdige": dossier.jeugdigen.get().pk,
                                                      "bevestigd": "on"})
    assert (response.status_code, Jeugdige.objects.filter(pk=other.pk).exists(), snapshot()) == (400, True, before)


def test_the_menu_shows_the_page_to_functioneel_beheer_only(login, beheerder, teamleider):
    assert 'href="/vernietigen"' in login(beheerder).get("/").content.decode()
    assert 'href="/vernietigen"' not in login(teamleider).get("/").content.decode()


def test_an_unknown_bsn_is_never_written_to_the_audit_log(login, beheerder, dossier):
    response = login(beheerder).post("/vernietigen", {"nummer": "999999990", "reden": REDEN})
    assert response.status_code == 404
    row = AuditLog.objects.get(result="niet_gevonden", object_type="jeugdige")
    assert row.object_id == "" and "999999990" not in str(row.detail)


@pytest.mark.parametrize("reden", [f"Verzoek ouders 3 maart, BSN {VALID_BSN}", "Verzoek ouders, bsn 111.22.2333 (kenmerk 7)"])
def test_a_reason_with_a_bsn_is_refused_because_the_audit_log_keeps_it(login, beheerder, dossier, reden):
    before = snapshot()
    response = login(beheerder).post("/vernietigen", {"nummer": VALID_BSN, "reden": reden})
    assert (response.status_code, "Noem geen BSN in de reden" in response.content.decode(), snapshot()) == (400, True, before)
    assert not any("2333" in str(detail) for detail in AuditLog.objects.values_list("detail", flat=True))
