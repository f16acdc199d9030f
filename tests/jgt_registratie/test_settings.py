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


#: what a real production environment sets (secrets of production length; no DEBUG: it is off by default)
PRODUCTION = {"SECRET_KEY": "p" * 25 + "R0duct1e-Sleutel-" + "q" * 25, "PSEUDONYM_SECRET": "s" * 40, "ALLOWED_HOSTS": "jgt.example.nl"}
#: the variables this file sets per test (pytest's own development values for them are left out)
_OWN = {"DATABASE_URL", "DATABASE_OWNER_URL", "DATABASE_REPLICA_URL", "DATABASE_CONN_MAX_AGE", "DATABASE_POOL",
        "DEBUG", "SECRET_KEY", "PSEUDONYM_SECRET", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
        "TRUST_X_FORWARDED_PROTO"}


def _run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in _OWN}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120)


def _check(**env):
    return _run(["manage.py", "check"], **env)


def _setting(expression: str, **env) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = _run(["-c", code], DJANGO_SETTINGS_MODULE="config.settings", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sqlite_database_url_stops_the_app():
    result = _check(DEBUG="true", DATABASE_URL="sqlite:///tmp/x.db")
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
    result = _check(**PRODUCTION, API_THROTTLE_USER="heel-veel")
    assert result.returncode != 0
    assert "API_THROTTLE_USER must be a rate" in result.stderr


def test_debug_is_off_unless_asked_for():
    assert _setting("settings.DEBUG", **PRODUCTION) == "False"


def test_production_without_secrets_stops_the_app():
    result = _check()
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_secret_key_shorter_than_50_characters_stops_the_app():
    result = _check(**{**PRODUCTION, "SECRET_KEY": "k" * 49})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters long" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "System check identified no issues (0 silenced).", "")


def test_production_redirects_to_https_and_sends_a_year_of_hsts():
    assert _setting("settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE", **PRODUCTION) == "True 31536000 True"


def test_behind_a_tls_proxy_the_forwarded_proto_is_trusted_only_when_told():
    expression = "getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)"
    assert (_setting(expression, **PRODUCTION), _setting(expression, **PRODUCTION, TRUST_X_FORWARDED_PROTO="true")) == (
        "None", "('HTTP_X_FORWARDED_PROTO', 'https')")


def test_local_development_serves_plain_http():
    assert _setting("settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS", DEBUG="true") == "True False 0"


@pytest.mark.parametrize(("name", "value"), [("AANLEVERING_BEWAARDAGEN", "0"), ("AANLEVERING_BEWAARDAGEN", "dertig"),
                                             ("CELERY_VISIBILITY_TIMEOUT", "-5"), ("RAPPORTAGE_VASTGELOPEN_MINUTEN", "")])
def test_a_bad_number_for_faults_and_retention_stops_the_app(name, value):
    result = _check(**PRODUCTION, **{name: value})
    assert result.returncode != 0
    assert f"{name} must be a whole number" in result.stderr


def test_a_redis_broker_gets_the_visibility_timeout_and_a_short_connect_retry():
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                             "o = settings.CELERY_BROKER_TRANSPORT_OPTIONS; print(o['visibility_timeout'], o['max_retries'])"],
                            cwd=ROOT, env={**os.environ, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0", "CELERY_VISIBILITY_TIMEOUT": "600",
                                           "DJANGO_SETTINGS_MODULE": "config.settings"}, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["600", "2"], result.stderr


# --- past one machine: the replica, persistent connections, the pool (docs/schaal.md) -----------------------------------

PRIMARY = {"DEBUG": "true", "DATABASE_URL": "postgresql://jgt_app@db.internal/jgt", "DATABASE_OWNER_URL": "postgresql://jgt_eigenaar@db.internal/jgt"}


@pytest.mark.parametrize(("env", "message"), [
    ({**PRIMARY, "DATABASE_REPLICA_URL": "replica.internal"}, "DATABASE_REPLICA_URL is not a valid database URL (postgresql://"),
    ({**PRIMARY, "DATABASE_REPLICA_URL": "mysql://jgt_app@replica.internal/jgt"}, "DATABASE_REPLICA_URL must point to PostgreSQL"),
    ({**PRIMARY, "DATABASE_REPLICA_URL": "postgresql://jgt_app@replica.internal/andere"}, "must name the same database as DATABASE_URL"),
    ({**PRIMARY, "DATABASE_REPLICA_URL": "postgresql://jgt_eigenaar@replica.internal/jgt"}, "must connect as the application role"),
    ({"DEBUG": "true", "DATABASE_REPLICA_URL": "postgresql://jgt_app@replica.internal/jgt"}, "DATABASE_REPLICA_URL needs DATABASE_URL"),
    ({"DEBUG": "true", "DATABASE_POOL": "8"}, "DATABASE_POOL needs DATABASE_URL"),
    ({"DEBUG": "true", "DATABASE_CONN_MAX_AGE": "lang"}, "DATABASE_CONN_MAX_AGE must be a whole number"),
])
def test_a_bad_replica_or_connection_setting_stops_the_app(env, message):
    result = _check(**env)
    assert (result.returncode, message in result.stderr) == (1, True), result.stderr[-2000:]


def test_the_replica_is_a_read_only_alias_that_mirrors_the_primary_in_tests():
    expression = "sorted(settings.DATABASES), r['ENGINE'], r['HOST'], r['OPTIONS']['options'], r['TEST']['MIRROR'], settings.DATABASE_ROUTERS"
    value = _setting(f"(lambda r: ({expression}))(settings.DATABASES['replica'])", **PRIMARY, DATABASE_REPLICA_URL="postgresql://jgt_app@replica.internal/jgt")
    assert value == ("(['default', 'replica'], 'config.postgres', 'replica.internal', '-c default_transaction_read_only=on', 'default', "
                     "['config.routers.ReportingReplicaRouter'])")


def test_connections_are_kept_a_minute_with_health_checks_by_default():
    expression = "[(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']) for d in settings.DATABASES.values()]"
    assert (_setting(expression, DEBUG="true"), _setting(expression, **PRIMARY, DATABASE_REPLICA_URL="postgresql://jgt_app@replica.internal/jgt")) == (
        "[(60, True)]", "[(60, True), (60, True)]")


def test_database_conn_max_age_sets_how_long():
    assert _setting("settings.DATABASES['default']['CONN_MAX_AGE']", **PRIMARY, DATABASE_CONN_MAX_AGE="0") == "0"


def test_a_pool_replaces_persistent_connections_and_migrations_stay_outside_it():
    expression = "d['CONN_MAX_AGE'], d['OPTIONS']['pool']['max_size'], 'pool' in d['OWNER']['OPTIONS']"
    assert _setting(f"(lambda d: ({expression}))(settings.DATABASES['default'])", **PRIMARY, DATABASE_POOL="8") == "(0, 8, False)"
