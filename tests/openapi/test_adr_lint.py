"""The OpenAPI document passes the NL API Design Rules linter (Logius' Spectral ruleset, vendored
in adr-ruleset.yaml with its source commit; Spectral itself is installed by `make test` via npm)."""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
RULESET = Path(__file__).with_name("adr-ruleset.yaml")


@pytest.fixture
def openapi_file(client, tmp_path, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(response.json()))
    return path


pytestmark = pytest.mark.skipif(
    not SPECTRAL.exists() and subprocess.run(["which", "npm"], capture_output=True).returncode != 0,
    reason="no npm on this machine, so no Spectral: `make test` installs it wherever npm exists",
)


def lint(path: Path) -> subprocess.CompletedProcess:
    assert SPECTRAL.exists(), "Spectral is missing although npm is here: run `make test` (it runs `npm ci`)"
    return subprocess.run([str(SPECTRAL), "lint", "-r", str(RULESET), str(path), "--fail-severity=warn", "-f", "text"],
                          capture_output=True, text=True, timeout=120)


def test_openapi_document_passes_the_adr_ruleset(openapi_file):
    result = lint(openapi_file)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_catches_a_violation(openapi_file, tmp_path):
    document = json.loads(openapi_file.read_text())
    document["paths"]["/gemeenten/"] = document["paths"].pop("/gemeenten")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))
    result = lint(broken)
    assert result.returncode != 0
    assert "trailing" in result.stdout or "path-keys-no-trailing-slash" in result.stdout
