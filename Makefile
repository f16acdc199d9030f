# jgt-registratie: `make run` sets up and starts the app, `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install migrate seed lint clean-db

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

NODE_STAMP := node_modules/.installed
# Node tooling (the NL API Design Rules linter) when npm is there; Python alone still runs everything else.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm niet gevonden: de ADR-lint van de OpenAPI-specificatie wordt overgeslagen."; fi

install: $(STAMP) $(NODE_STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py seed_demo

# Embedded PostgreSQL, migrations, the demo once, the logins, then a worker and the web server.
run: seed
	@echo "Web: http://127.0.0.1:8000   API: http://127.0.0.1:8000/api/v1/docs   (stop with Ctrl-C)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/celery -A config worker --loglevel=warning --concurrency=2 & \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest

clean-db:
	rm -rf var/pgdata var/run
