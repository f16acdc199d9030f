"""A refused registration always leaves its audit row, whichever path it took (issue 8, point 1).

The web form sends a signed `geopend` field, so a real browser's post goes through the idempotent
registration (double-click protection); so does every API call with an Idempotency-Key. A refusal on that
path used to be audited inside the outer transaction that the refusal rolled back, leaving no trace.
"""

import re

import pytest

from cases.models import Contact
from jgt_registratie.models import AuditLog
from tests.builders import today

pytestmark = pytest.mark.django_db


def _refusals(user, action="contact_registreren"):
    return list(AuditLog.objects.filter(user_id=user.pk, action=action).exclude(result="ok").values_list("result", "detail"))


def test_real_web_form_with_signed_opened_at_audits_the_refusal(login, professional, team):
    client = login(professional)
    form = client.get("/registreren").content.decode()
    geopend = re.search(r'name="geopend" value="([^"]+)"', form).group(1)
    assert geopend  # the real form carries the signed opened-at value: the idempotent path
    response = client.post("/registreren", {
        "team": str(team.pk), "datum": today().isoformat(), "duur_minuten": "20", "vorm": "telefonisch", "inzet": "hulp", "hulpsoort": "licht",
        "probleemcategorieen": ["opvoeding"], "dossier": "", "gemeente": "0546", "leeftijdsklasse": "4-11",
        # refused by the service: a contact without dossier holds no personal data
        "notitie": "Moeder belde over Sem", "registratieduur_seconden": "", "geopend": geopend,
    })
    assert response.status_code == 400
    assert "Een contact zonder dossier bevat geen persoonsgegevens" in response.content.decode()
    assert Contact.objects.count() == 0
    assert _refusals(professional) == [("ongeldig", {"status": 400, "velden": ["notitie"]})]


def test_api_call_with_idempotency_key_audits_the_refusal(api, professional, team):
    body = {"team": team.pk, "datum": today().isoformat(), "duurMinuten": 20, "vorm": "telefonisch", "hulpsoort": "licht",
            "probleemcategorieen": ["opvoeding"], "gemeente": "0546", "leeftijdsklasse": "4-11", "notitie": "Vader belde"}
    response = api(professional).post("/api/v1/contacten", body, format="json", HTTP_IDEMPOTENCY_KEY="sleutel-1")
    assert response.status_code == 400
    assert Contact.objects.count() == 0
    assert _refusals(professional) == [("ongeldig", {"status": 400, "velden": ["notitie"]})]


def test_idempotency_key_reused_for_another_body_audits_the_conflict(api, professional, team):
    body = {"team": team.pk, "datum": today().isoformat(), "duurMinuten": 20, "vorm": "telefonisch", "hulpsoort": "licht",
            "probleemcategorieen": ["opvoeding"], "gemeente": "0546", "leeftijdsklasse": "4-11"}
    client = api(professional)
    assert client.post("/api/v1/contacten", body, format="json", HTTP_IDEMPOTENCY_KEY="sleutel-2").status_code == 201
    changed = {**body, "duurMinuten": 25}
    assert client.post("/api/v1/contacten", changed, format="json", HTTP_IDEMPOTENCY_KEY="sleutel-2").status_code == 409
    assert Contact.objects.count() == 1
    assert _refusals(professional) == [("conflict", {"status": 409})]
