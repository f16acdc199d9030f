"""Settings come from the environment, with safe local defaults and a loud error for a bad value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, env_secret

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_accepts_words(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_env_list_refuses_empty(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " , ")
    with pytest.raises(ImproperlyConfigured):
        env_list("X_HOSTS", ["a"])


def test_secret_required_in_production(monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="must be set"):
        env_secret("X_SECRET", "dev", debug=False)


def test_short_secret_refused(monkeypatch):
    monkeypatch.setenv("X_SECRET", "kort")
    with pytest.raises(ImproperlyConfigured, match="at least"):
        env_secret("X_SECRET", "dev", debug=True)


def _check(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_sqlite_database_url_stops_the_app():
    result = _check(DATABASE_URL="sqlite:///tmp/x.db")
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_bad_debug_value_stops_the_app():
    result = _check(DEBUG="soms")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_debug_with_a_public_host_stops_the_app():
    result = _check(DEBUG="true", ALLOWED_HOSTS="jgt.example.nl")
    assert result.returncode != 0
    assert "DEBUG is on while ALLOWED_HOSTS names a public host" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("AANLEVERING_BEWAARDAGEN", "0"), ("AANLEVERING_BEWAARDAGEN", "dertig"),
                                             ("CELERY_VISIBILITY_TIMEOUT", "-5"), ("RAPPORTAGE_VASTGELOPEN_MINUTEN", "")])
def test_a_bad_number_for_faults_and_retention_stops_the_app(name, value):
    result = _check(**{name: value})
    assert result.returncode != 0
    assert f"{name} must be a whole number" in result.stderr


def test_a_redis_broker_gets_the_visibility_timeout_and_a_short_connect_retry():
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                             "o = settings.CELERY_BROKER_TRANSPORT_OPTIONS; print(o['visibility_timeout'], o['max_retries'])"],
                            cwd=ROOT, env={**os.environ, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0", "CELERY_VISIBILITY_TIMEOUT": "600",
                                           "DJANGO_SETTINGS_MODULE": "config.settings"}, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["600", "2"], result.stderr
