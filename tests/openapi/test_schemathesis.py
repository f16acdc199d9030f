"""Schemathesis fuzzes the live API as every role, with every check (`--checks all`), against the OpenAPI
document the app publishes: 0 server errors and 0 contract violations (issue 9, "Fuzzing in CI").

The live server is pytest-django's, on 127.0.0.1 only, on a small world of one team; each role's run is
bounded in examples and time. The summary of each run is kept in var/schemathesis/<role>.txt.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from cases import services
from reporting.services import report_request
from tests.builders import days_ago, make_contact, make_dossier, make_jeugdige

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CONFIG = Path(__file__).with_name("schemathesis.toml")
OUT = ROOT / "var" / "schemathesis"
MAX_EXAMPLES = os.environ.get("JGT_FUZZ_EXAMPLES", "10")
MAX_SECONDS = os.environ.get("JGT_FUZZ_SECONDS", "45")  # per role: fuzzing repeats until this budget is spent
SEED = os.environ.get("JGT_FUZZ_SEED", "20261129")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.fuzz]

ROLES = ["anonymous", "professional", "teamleider", "gemeente_user", "beheerder"]


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """The fuzzer checks the contract: throttling and the token lock-out have their own tests, and here they would
    turn most of its requests into (declared) 429s and lock 127.0.0.1 out after its first invalid tokens."""
    settings.API_THROTTLE_RATES = {"anon": "100000/minute", "user": "100000/minute"}
    settings.API_TOKEN_FAILURE_LIMIT = 1000


@pytest.fixture
def fuzz_world(migrated_data, professional, teamleider, gemeente_user, beheerder, team, leiden):
    """A dossier with a contact and an open referral, a waakvlam one, a contact without dossier, all of team Noord."""
    actief = make_dossier(professional, team, leiden)
    make_contact(professional, team, dossier=actief, datum=days_ago(20))
    verwijzing = services.doorverwijzing_register(user=professional, dossier=actief, datum=days_ago(50), soort="jeugd_ggz")
    waakvlam = make_dossier(professional, team, leiden, jeugdigen=[make_jeugdige(professional, team, leiden)])
    make_contact(professional, team, dossier=waakvlam, datum=days_ago(40))
    services.dossier_waakvlam(user=professional, dossier=waakvlam, datum=days_ago(30), evaluatiedatum=days_ago(-30))
    make_contact(professional, team, gemeente=leiden, leeftijdsklasse="4-11")
    rapportage = report_request(user=gemeente_user, soort="indicatoren", periode="2024-Q1", formaat="json")
    return {"JGT_FUZZ_DOSSIER": str(actief.pk), "JGT_FUZZ_JEUGDIGE": str(actief.jeugdigen.get().pk),
            "JGT_FUZZ_CONTACT": str(actief.contacten.get().pk), "JGT_FUZZ_RAPPORTAGE": str(rapportage.pk),
            "JGT_FUZZ_DOORVERWIJZING": str(verwijzing.pk)}


@pytest.mark.parametrize("role", ROLES)
def test_schemathesis_finds_no_server_error_and_no_contract_violation(request, live_server, fuzz_world, role):
    headers = []
    if role != "anonymous":
        token, _ = Token.objects.get_or_create(user=request.getfixturevalue(role))
        headers = ["-H", f"Authorization: Token {token.key}"]
    base = f"{live_server.url}/api/v1"
    assert base.startswith("http://localhost:") or base.startswith("http://127.0.0.1:"), base  # never another address
    command = [
        str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", f"{base}/openapi.json", "--url", base,
        "--checks", "all", "--phases", "examples,coverage,fuzzing", "--max-examples", MAX_EXAMPLES, "--seed", SEED,
        "--workers", "1", "--max-time", MAX_SECONDS, "--request-timeout", "20", "--generation-database", "none",
        "--no-color", *headers,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT, env={**os.environ, **fuzz_world})
    output = result.stdout + result.stderr
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{role}.txt").write_text(output)
    summary = output[output.rfind("SUMMARY"):] if "SUMMARY" in output else output[-3000:]
    assert result.returncode == 0, summary
    assert "Failures:" not in summary, summary
    generated, passed = map(int, re.search(r"(\d+) generated, (\d+) passed", summary).groups())
    assert generated == passed > 100, summary  # a real run, every case passed every check
    selected, total = map(int, re.search(r"Selected: (\d+)/(\d+)", summary).groups())
    tested = int(re.search(r"Tested: (\d+)", summary).group(1))
    assert tested == selected == total, summary  # every operation of the document was tried
