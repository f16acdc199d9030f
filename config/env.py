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


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number of at least `minimum` (and at most `maximum`, when given); anything else stops the app."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip()
    if not value.isdigit() or int(value) < minimum or (maximum is not None and int(value) > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"of at least {minimum}"
        raise ImproperlyConfigured(f"{name} must be a whole number {bounds}, got {raw!r}")
    return int(value)


def env_rate(name: str, default: str) -> str:
    """A request rate as DRF reads it: `<number>/<second|minute|hour|day>` (e.g. `60/minute`)."""
    raw = os.environ.get(name, default).strip()
    number, _, period = raw.partition("/")
    if not number.isdigit() or int(number) < 1 or period not in {"second", "minute", "hour", "day"}:
        raise ImproperlyConfigured(f"{name} must be a rate such as 60/minute (per second, minute, hour or day), got {raw!r}")
    return raw
