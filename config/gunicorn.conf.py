"""gunicorn's settings for production (`bin/serve web`; read with `gunicorn -c config/gunicorn.conf.py`).

BIND              where to listen (default 127.0.0.1:8000: behind a TLS-terminating proxy on the same host)
WEB_CONCURRENCY   worker processes (default 2 per core, plus one)
LOG_LEVEL         as for Django; the access log is at INFO and always written
"""

import multiprocessing
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jgt_registratie.logs import logging_config  # noqa: E402 (after the path above)

wsgi_app = "config.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = 60
graceful_timeout = 30
max_requests = 2000  # a worker is replaced now and then, so no slow leak builds up
max_requests_jitter = 200
# The access log is a JSON line like every log (jgt_registratie.logs): the path without its query string (%(U)s), so a
# searched name never reaches it; no request body, cookie or header other than the user agent.
accesslog = "-"
# (status, bytes and time are kept apart by their units, so no run of numbers looks like a grouped BSN)
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)sB %(M)sms "%(a)s"'
control_socket_disable = True  # no gunicornc; and two instances on one host would share its one socket path
logconfig_dict = logging_config(os.environ.get("LOG_LEVEL", "WARNING").upper())
