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


# --- login and sessions: lock-out, API tokens, throttling ---------------------------------------------------------


def test_env_int_refuses_a_number_out_of_range(monkeypatch):
    from config.env import env_int

    monkeypatch.setenv("X_LIMIT", "0")
    with pytest.raises(ImproperlyConfigured, match="between 2 and 100"):
        env_int("X_LIMIT", 5, minimum=2, maximum=100)


def test_env_rate_refuses_a_rate_without_period(monkeypatch):
    from config.env import env_rate

    monkeypatch.setenv("X_RATE", "100")
    with pytest.raises(ImproperlyConfigured, match="60/minute"):
        env_rate("X_RATE", "60/minute")


def test_bad_throttle_rate_stops_the_app():
    result = _check(API_THROTTLE_USER="heel-veel")
    assert result.returncode != 0
    assert "API_THROTTLE_USER must be a rate" in result.stderr
