"""Settings for jgt-registratie: one module, driven by environment variables.

DATABASE_URL        any PostgreSQL 14+, as the application role; without it an embedded PostgreSQL under var/ is used
DATABASE_OWNER_URL  the same database as the owner role, for migrations (README: "Database roles")
SECRET_KEY          Django's secret (required when DEBUG is off)
PSEUDONYM_SECRET    key for the HMAC pseudonyms in anonymised exports (required when DEBUG is off)
DEBUG               true/false (default false: production; `make run` sets true for a local machine)
ALLOWED_HOSTS       comma-separated host names
DATABASE_REPLICA_URL  a streaming replica of DATABASE_URL's database, for reporting reads (docs/schaal.md)
DATABASE_CONN_MAX_AGE  seconds a connection is kept for the next request or task (default 60; 0: one per request)
DATABASE_POOL       psycopg's connection pool of at most this many connections per process (default 0: none)
CELERY_BROKER_URL   default: a broker in files under var/ (no service needed locally)
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.broker import redis_transport_options
from config.env import env_bool, env_int, env_list, env_rate, env_secret, env_str
from jgt_registratie.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("JGT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# at least 50 characters, as `check --deploy` (security.W009) asks
SECRET_KEY = env_secret("SECRET_KEY", "dev-only-insecure-secret-key-change-me-0123456789", debug=DEBUG, min_length=50)
PSEUDONYM_SECRET = env_secret("PSEUDONYM_SECRET", "dev-only-pseudonym-secret-change-me-0123456789", debug=DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]"}
if DEBUG and not set(ALLOWED_HOSTS) <= _LOCAL_HOSTS:
    # A forgotten DEBUG=false must not expose tracebacks and the development secrets to the world.
    raise ImproperlyConfigured("DEBUG is on while ALLOWED_HOSTS names a public host: set DEBUG=false (and the secrets).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "config.apps.StaticFilesConfig",  # django.contrib.staticfiles, leaving the npm packages' sources out
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "jgt_registratie",
    "cases",
    "reporting",
    "demo",
    # Login and sessions: lock-out (axes) and the second factor (django-otp: TOTP app, recovery codes)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "jgt_registratie.serving.PermissionsPolicyMiddleware",
    "jgt_registratie.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jgt_registratie.audit.AuditContextMiddleware",
    "jgt_registratie.rights.ScopeMiddleware",  # a request's own teams, read once (rights.team_ids)
    "jgt_registratie.api.ApiVersionMiddleware",
    # Login and sessions: who passed the second factor, the pages closed until then, the lock-out response (last)
    "django_otp.middleware.OTPMiddleware",
    "jgt_registratie.second_factor.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jgt_registratie.rights.context",
                "jgt_registratie.second_factor.context",
            ],
        },
    },
]

# --- Database: PostgreSQL only, as two roles (jgt_registratie/db_roles.py) -------------------------
# The app connects as a role that owns nothing (DATABASE_URL); migrations run as the owner
# (DATABASE_OWNER_URL, same database). The embedded default makes both roles itself.
EMBEDDED_PG_DATA = VAR_DIR / "pgdata"
EMBEDDED_PG_NAME = "jgt"
EMBEDDED_PG_OWNER = "jgt_eigenaar"
EMBEDDED_PG_APP = "jgt_app"


# Persistent connections: kept this many seconds for the next request or task (a gunicorn sync worker or a Celery
# prefork child serves one at a time, so one connection per process is all it needs); health checks replace a
# connection broken by a database restart before the request uses it.
CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0, maximum=24 * 60 * 60)
# psycopg's pool (Django 5.1+), for threaded serving (gunicorn gthread, several threads per process); exclusive with
# persistent connections in Django, so CONN_MAX_AGE is 0 under a pool. Needs DATABASE_URL (the embedded backend
# starts its server again on a failed connection, which a pool's own connections would bypass).
DATABASE_POOL = env_int("DATABASE_POOL", 0, minimum=0, maximum=1000)


def _parse_database_url(name: str, url: str) -> dict:
    try:
        parsed = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for a malformed URL
        raise ImproperlyConfigured(f"{name} is not a valid database URL (postgresql://user:password@host:port/database): {exc}") from exc
    if parsed["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"{name} must point to PostgreSQL (postgres:// or postgresql://)")
    if not parsed.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database (postgresql://user@host/<database>)")
    return parsed


def _pooled(db: dict) -> dict:
    db["CONN_MAX_AGE"] = 0
    options = db.setdefault("OPTIONS", {})
    if "OWNER" in db:  # `migrate` switches to the owner on a connection of its own, never one of the app's pool
        db["OWNER"]["OPTIONS"] = {**options, **db["OWNER"].get("OPTIONS", {})}
    options["pool"] = {"min_size": 1, "max_size": DATABASE_POOL, "timeout": 10}
    return db


_database_url = env_str("DATABASE_URL", "")
_owner_url = env_str("DATABASE_OWNER_URL", "")
if _database_url:
    _db = _parse_database_url("DATABASE_URL", _database_url)
    _db["ENGINE"] = "config.postgres"
    if _owner_url:
        _owner = _parse_database_url("DATABASE_OWNER_URL", _owner_url)
        if _owner["NAME"] != _db["NAME"]:
            raise ImproperlyConfigured("DATABASE_OWNER_URL must name the same database as DATABASE_URL")
        if _owner["USER"] == _db["USER"]:
            raise ImproperlyConfigured("DATABASE_OWNER_URL must name another role than DATABASE_URL (the owner, not the app)")
        _db["OWNER"] = {key: _owner[key] for key in ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS") if key in _owner}
elif _owner_url:
    raise ImproperlyConfigured("DATABASE_OWNER_URL needs DATABASE_URL (the app's own connection) beside it")
else:
    _db = {
        "ENGINE": "config.embedded_pg",
        "NAME": EMBEDDED_PG_NAME,
        "USER": EMBEDDED_PG_APP,
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "CONN_MAX_AGE": CONN_MAX_AGE,
        "CONN_HEALTH_CHECKS": True,
        "OWNER": {"USER": EMBEDDED_PG_OWNER, "PASSWORD": ""},
    }
if DATABASE_POOL:
    if not _database_url:
        raise ImproperlyConfigured("DATABASE_POOL needs DATABASE_URL: the embedded database keeps persistent connections instead")
    _pooled(_db)
DATABASES = {"default": _db}

# A streaming replica for reporting reads (config/routers.py, reporting/db.py): the same database, as the application
# role, read-only on our side too. In the tests it mirrors the test database (Django's TEST MIRROR).
_replica_url = env_str("DATABASE_REPLICA_URL", "")
if _replica_url:
    if not _database_url:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL (the primary it replicates) beside it")
    _replica = _parse_database_url("DATABASE_REPLICA_URL", _replica_url)
    if _replica["NAME"] != _db["NAME"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must name the same database as DATABASE_URL (a streaming replica of it)")
    if "OWNER" in _db and _replica["USER"] == _db["OWNER"]["USER"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must connect as the application role, not as the owner of DATABASE_OWNER_URL")
    _replica["ENGINE"] = "config.postgres"
    _options = _replica.setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c default_transaction_read_only=on".strip()
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _pooled(_replica) if DATABASE_POOL else _replica
DATABASE_ROUTERS = ["config.routers.ReportingReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and passwords -------------------------------------------------------------------------
AUTH_USER_MODEL = "jgt_registratie.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Idle timeout: the session ends after this many seconds without a request; the web app warns 2 minutes before.
_idle = env_str("SESSION_IDLE_SECONDS", "1800")
SESSION_IDLE_SECONDS = int(_idle) if _idle.isdigit() else 0
if not 180 <= SESSION_IDLE_SECONDS <= 24 * 60 * 60:
    raise ImproperlyConfigured("SESSION_IDLE_SECONDS must be between 180 and 86400 seconds.")
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

# --- Login and sessions: lock-out, second factor, API tokens, API throttling ------------------------------
# Lock-out (django-axes): LOGIN_FAILURE_LIMIT wrong passwords for one username from one address lock that
# combination for LOGIN_LOCKOUT_MINUTES (the right password is refused meanwhile); API_TOKEN_FAILURE_LIMIT unknown
# API tokens from one address lock token authentication from that address just as long (429 with Retry-After).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=2, maximum=100)
API_TOKEN_FAILURE_LIMIT = env_int("API_TOKEN_FAILURE_LIMIT", 10, minimum=2, maximum=1000)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60)
AXES_FAILURE_LIMIT = "jgt_registratie.lockout.failure_limit"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # API tokens count under one pseudo-username (lockout.API_TOKEN)
AXES_COOLOFF_TIME = "jgt_registratie.lockout.cool_off"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends LOGIN_LOCKOUT_MINUTES after it began
AXES_LOCKOUT_CALLABLE = "jgt_registratie.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log already
AXES_VERBOSE = False
# Second factor (django-otp): a TOTP app, with recovery codes. Required for teamleider, gemeente and beheerder
# (jgt_registratie.rights.second_factor_required); for professionals while OTP_VERPLICHT_VOOR_PROFESSIONALS is on.
OTP_VERPLICHT_VOOR_PROFESSIONALS = env_bool("OTP_VERPLICHT_VOOR_PROFESSIONALS", True)
OTP_TOTP_ISSUER = "jgt-registratie"
OTP_HERSTELCODES = 10
# API tokens (`manage.py issue_token`) stop working this many days after they were issued.
API_TOKEN_DAGEN = env_int("API_TOKEN_DAGEN", 30, minimum=1, maximum=366)
# DRF throttling per client: "anon" per address (the OpenAPI document), "user" per logged-in user or token.
API_THROTTLE_RATES = {
    "anon": env_rate("API_THROTTLE_ANON", "60/minute"),
    "user": env_rate("API_THROTTLE_USER", "1200/minute"),
}

# --- Language and time ---------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages installed by npm (make install), served from node_modules, never copied into the repo.
NODE_MODULES = BASE_DIR / "node_modules"
# Finished report files (written atomically by the worker; see reporting.tasks).
RAPPORTAGE_DIR = Path(env_str("RAPPORTAGE_DIR", str(VAR_DIR / "rapportages")))
# Database backups (`make backup`, pg_dump custom format; `make restore BESTAND=...`).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
STATICFILES_DIRS = [
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
]

PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "https://jgt-registratie.jeugdteams.example.nl").rstrip("/")

# --- API ---------------------------------------------------------------------------------------------
API_VERSION = "1.1.0"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "jgt_registratie.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "jgt_registratie.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["jgt_registratie.api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "jgt_registratie.api.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["jgt_registratie.api.throttling.AnonThrottle", "jgt_registratie.api.throttling.UserThrottle"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATE_FORMAT": "%Y-%m-%d",
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jgt-registratie API",
    "DESCRIPTION": "Registratie van contacten en dossiers van jeugdteams, en geanonimiseerde rapportages.",
    "VERSION": API_VERSION,
    "CONTACT": {"name": "Stichting Jeugdteams - functioneel beheer", "email": "beheer@jeugdteams.example.nl", "url": "https://jeugdteams.example.nl"},
    "SERVERS": [
        {"url": f"{PUBLIC_BASE_URL}/api/v1", "description": "jgt-registratie API v1"},
        {"url": "/api/v1", "description": "Deze server"},
    ],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"StatusEnum": "cases.choices.Status", "SoortEnum": "cases.choices.SoortDoorverwijzing",
                            "VerwijzingStatusEnum": "cases.choices.VerwijzingStatus",
                            "RapportageSoortEnum": "reporting.api.serializers.SOORT",
                            "RapportageFormaatEnum": "reporting.api.serializers.FORMAAT"},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "jgt_registratie.api.openapi_postprocess",
    ],
}

# --- Celery --------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TIMEZONE = TIME_ZONE
# Celery beat (`make run` starts it inside the worker): every night, the quarterly indicator reports that are missing.
CELERY_BEAT_SCHEDULE = {
    "kwartaalrapportages": {"task": "reporting.kwartaalrapportages", "schedule": crontab(hour=2, minute=15)},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Production serving: static files, transport security, security headers, logs -------------------------
# Static files: whitenoise serves them from STATIC_ROOT (`manage.py collectstatic`, run by bin/serve) under hashed
# names with far-future caching; under DEBUG (make run) the unhashed names come straight from the finders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# HTTPS: on by default in production (redirect plus a year of HSTS); behind a TLS-terminating proxy that sets
# X-Forwarded-Proto (and strips it from clients), set TRUST_X_FORWARDED_PROTO=true so Django sees the https.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^gezondheid$"]  # a load balancer's probe over plain http (the answer holds no data)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (tests/jgt_registratie/test_security_headers.py checks every template).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Logs: JSON lines on stderr; a BSN-like number is masked and a query string left out (jgt_registratie.logs).
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING").upper()
LOGGING = logging_config(LOG_LEVEL)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the worker logs through LOGGING too

# --- Faults and lifecycle (issue 9) --------------------------------------------------------------------------
# The database away: a Dutch 503 (web page and problem+json) instead of a 500; the request after it reconnects.
# Right after SecurityMiddleware, so the 503 still gets the security headers on its way out.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "jgt_registratie.unavailable.DatabaseUnavailableMiddleware")

# A report task whose worker died without acknowledging it is delivered again by Redis after this many seconds
# (late acknowledgement; a worker child that dies is requeued at once by CELERY_TASK_REJECT_ON_WORKER_LOST).
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 1800, minimum=1, maximum=24 * 60 * 60)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://", "redis+socket://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = redis_transport_options(CELERY_VISIBILITY_TIMEOUT)
# A report still `wachtrij` or `bezig` (and not being made) after this many minutes is queued again by beat;
# after RAPPORTAGE_MAX_POGINGEN starts it is `mislukt`.
RAPPORTAGE_VASTGELOPEN_MINUTEN = env_int("RAPPORTAGE_VASTGELOPEN_MINUTEN", 15, minimum=1, maximum=24 * 60)
RAPPORTAGE_MAX_POGINGEN = 3
# Files of a `cbs_aanlevering` (they hold BSNs) are deleted this many days after they were made.
AANLEVERING_BEWAARDAGEN = env_int("AANLEVERING_BEWAARDAGEN", 30, minimum=1, maximum=3650)
CELERY_BEAT_SCHEDULE |= {
    # Stale reports (a lost message, a worker killed mid-report) are queued again.
    "rapportages_hervatten": {"task": "reporting.rapportages_hervatten", "schedule": 5 * 60},
    # Retention: dossiers 20 years after their help ended, expired cbs_aanlevering files (`manage.py purge_expired`).
    "bewaartermijnen": {"task": "reporting.bewaartermijnen", "schedule": crontab(hour=3, minute=30)},
}
