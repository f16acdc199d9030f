"""Environment helpers that fail loudly on a bad value (healthchecks style)."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} must be a comma-separated list, got {raw!r}")
    return items


def env_secret(name: str, default: str, *, debug: bool, min_length: int = 32) -> str:
    """A secret: the development default is allowed only when DEBUG is on."""
    raw = os.environ.get(name)
    if raw is None:
        if not debug:
            raise ImproperlyConfigured(f"{name} must be set when DEBUG is off")
        return default
    if len(raw) < min_length:
        raise ImproperlyConfigured(f"{name} must be at least {min_length} characters long")
    return raw


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or int(raw) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {minimum}, got {raw!r}")
    return int(raw)
