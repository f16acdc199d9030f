"""Every piece of person data a web page shows leaves an audit row, as the API lists do (issue 8, point 4)."""

import pytest

from jgt_registratie.models import AuditLog
from tests.builders import VALID_BSN, make_dossier, make_jeugdige, today

pytestmark = pytest.mark.django_db


def _read(user, object_type, action="lezen"):
    return sorted(AuditLog.objects.filter(user_id=user.pk, action=action, object_type=object_type, result="ok")
                  .values_list("object_id", flat=True))


def test_dossier_list_audits_each_dossier_and_each_jeugdige_shown(login, professional, team, leiden):
    family = make_dossier(professional, team, leiden, jeugdigen=[make_jeugdige(professional, team, leiden),
                                                                 make_jeugdige(professional, team, leiden)])
    single = make_dossier(professional, team, leiden)
    html = login(professional).get("/dossiers").content.decode()
    assert "2 dossiers gevonden." in html  # the page shows both dossiers, with each child's sex and birth date
    assert _read(professional, "dossier") == sorted(str(d.pk) for d in (family, single))
    assert _read(professional, "jeugdige") == sorted(str(j.pk) for d in (family, single) for j in d.jeugdigen.all())


def test_dossier_search_audits_the_jeugdigen_it_shows(login, professional, team, leiden):
    dossier = make_dossier(professional, team, leiden)
    response = login(professional).get("/dossiers/zoeken", {"q": str(dossier.pk)[:8]})
    assert str(dossier.pk)[:8] in response.content.decode()
    assert _read(professional, "dossier", "zoeken") == [str(dossier.pk)]
    assert _read(professional, "jeugdige", "zoeken") == [str(dossier.jeugdigen.get().pk)]


def test_team_overview_audits_the_team_it_shows(login, teamleider, team):
    response = login(teamleider).get("/team")
    assert response.status_code == 200 and team.naam in response.content.decode()
    assert _read(teamleider, "team") == [str(team.pk)]


def _post_with_dossier(client, team, number):
    return client.post("/registreren", {
        "team": str(team.pk), "datum": today().isoformat(), "duur_minuten": "20", "vorm": "telefonisch", "inzet": "hulp", "hulpsoort": "licht",
        "probleemcategorieen": ["opvoeding"], "dossier": number, "gemeente": "", "leeftijdsklasse": "", "notitie": "",
        "registratieduur_seconden": "", "geopend": ""})


def test_unknown_dossier_number_on_snel_registreren_is_audited_as_not_found(login, professional, other_professional,
                                                                            team, other_team, leiderdorp):
    theirs = make_dossier(other_professional, other_team, leiderdorp)  # exists, but in another team: as if it did not
    client = login(professional)
    for number in ("abcdef12", str(theirs.pk)):
        response = _post_with_dossier(client, team, number)
        assert response.status_code == 400 and "Onbekend dossier" in response.content.decode()
    rows = AuditLog.objects.filter(user_id=professional.pk, object_type="dossier", result="niet_gevonden")
    assert sorted(rows.values_list("action", "object_id")) == sorted(
        [("contact_registreren", "abcdef12"), ("contact_registreren", str(theirs.pk))])


@pytest.mark.parametrize("typed", [VALID_BSN, "2311AB", "01-04-2012", "20120401", "12345678"])
def test_a_bsn_postcode_or_birth_date_typed_as_dossier_is_never_logged(login, professional, team, typed):
    """The field also searches by BSN, postcode and birth date: a miss is audited without what was typed."""
    response = _post_with_dossier(login(professional), team, typed)
    assert response.status_code == 400
    row = AuditLog.objects.get(user_id=professional.pk, object_type="dossier", result="niet_gevonden")
    assert row.object_id == "" and typed not in str(row.detail)
