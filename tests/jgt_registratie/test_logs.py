"""Logs are JSON lines without a BSN, a query string (where a searched name would be) or a request body
(jgt_registratie.logs, configured as LOGGING in config/settings.py and for gunicorn)."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parents[2]
BSN = "123456782"


@pytest.fixture
def log():
    """`log(logger_name, message, *args, **kwargs)` -> the JSON object the configured stderr handler writes."""
    configured = next(h for h in logging.getLogger().handlers if h.name == "stderr")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configured.formatter)
    handler.filters = list(configured.filters)

    def write(name, message, *args, **kwargs):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        previous, logger.propagate = logger.propagate, False
        try:
            logger.warning(message, *args, **kwargs)
        finally:
            logger.removeHandler(handler)
            logger.propagate = previous
        lines = stream.getvalue().splitlines()
        stream.seek(0), stream.truncate()
        assert len(lines) == 1, lines
        return json.loads(lines[0])

    return write


def test_a_log_line_is_one_json_object_with_time_level_logger_and_message(log):
    line = log("jgt", "Rapportage %s klaar", "r-1")
    assert (sorted(line), line["level"], line["logger"], line["message"]) == (["level", "logger", "message", "time"], "WARNING", "jgt", "Rapportage r-1 klaar")


@pytest.mark.parametrize("written", [BSN, "1234.56.782", "1234 56 782", "123.456.782", "123 456 782"])
def test_a_bsn_in_the_message_is_masked(log, written):
    assert log("jgt", "Jeugdige met BSN %s niet gevonden", written)["message"] == "Jeugdige met BSN ********* niet gevonden"


def test_other_numbers_stay(log):
    assert log("jgt", "%s rijen in %s ms, poort 8000, 2024-01-05", 12345678, 1234567890)["message"] == "12345678 rijen in 1234567890 ms, poort 8000, 2024-01-05"


def test_the_numbers_of_an_access_log_line_stay(log):
    line = '127.0.0.1 "GET /bestaat-niet HTTP/1.1" 404 2510B 9ms "curl/8"'
    assert log("gunicorn.access", line)["message"] == line


def test_a_bsn_in_a_traceback_is_masked(log):
    try:
        raise ValueError(f"dubbele sleutel (bsn)=({BSN})")
    except ValueError:
        line = log("jgt", "Opslaan mislukt", exc_info=True)
    assert "(bsn)=(*********)" in line["exc_info"] and BSN not in json.dumps(line)


def test_a_bsn_in_an_extra_field_is_masked(log):
    assert log("jgt", "Mislukt", extra={"invoer": {"bsn": BSN}})["invoer"] == "{'bsn': '*********'}"


def test_a_query_string_is_left_out(log):
    """A search for a name (`/dossiers?q=...`) must not put that name in the log: only the path is kept."""
    assert log("gunicorn.access", "GET /dossiers?q=Sem+de+Vries&status=alle 200")["message"] == "GET /dossiers?[weggelaten] 200"


def test_djangos_request_records_keep_method_and_path_never_the_body_or_query(log):
    request = RequestFactory().post("/api/v1/jeugdigen?zoek=Sem+de+Vries", data=json.dumps({"bsn": BSN, "roepnaam": "Sem"}),
                                    content_type="application/json")
    line = log("django.request", "Bad Request: %s", request.path, extra={"status_code": 400, "request": request})
    assert line | {"time": None} == {"time": None, "level": "WARNING", "logger": "django.request", "message": "Bad Request: /api/v1/jeugdigen",
                                     "status_code": 400, "method": "POST", "path": "/api/v1/jeugdigen"}


def test_the_running_app_writes_masked_json_lines_to_stderr():
    code = "import logging; logging.getLogger('jgt').warning('Geen dossier voor BSN %s', '" + BSN + "')"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=os.environ, capture_output=True, text=True, timeout=120)
    line = json.loads(result.stderr.strip())
    assert (line["message"], BSN in result.stderr) == ("Geen dossier voor BSN *********", False)


def test_djangos_default_handlers_are_replaced_by_the_json_one():
    """No plain-text console copy, and no mail_admins handler, whose mail would carry the whole request."""
    from django.utils.log import AdminEmailHandler

    loggers = [logging.getLogger(), *(lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger))]
    mailing = [lg.name for lg in loggers if any(isinstance(h, AdminEmailHandler) for h in lg.handlers)]
    assert (logging.getLogger("django").handlers, mailing) == ([], [])
