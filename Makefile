# CCHC: the two commands are `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install messages migrate seed lint typecheck check bench ci clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

migrate: install
	$(PY) manage.py migrate --noinput -v0

seed: migrate
	$(PY) manage.py seed_demo

## Set up everything, load the demo province and serve it on http://$(HOST):$(PORT), with the task
## worker and the notification sweep (every minute) beside it; Ctrl+C stops all three
run: messages seed
	@mkdir -p var/log
	@echo "task worker and notification sweep log to var/log/"
	@$(PY) manage.py db_worker >> var/log/worker.log 2>&1 & worker=$$!; \
	 ( while sleep 60; do $(PY) manage.py send_notifications >> var/log/notifications.log 2>&1; done ) & sweep=$$!; \
	 trap 'kill $$worker $$sweep 2>/dev/null' EXIT INT TERM; \
	 $(PY) manage.py runserver $(HOST):$(PORT)

## The whole test suite (browser tests included when /usr/bin/chromium exists; required in CI)
test: messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy apps config

check: lint typecheck
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run -v1
	CCHC_ENV=production SECRET_KEY=check-only-$(shell date +%s)-not-a-real-secret-key-abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=cchc.example.gov.vn \
		$(PY) manage.py check --deploy --fail-level WARNING

## Province-scale benchmarks: make bench SCALE=province (or demo) [REPEAT=5] [CASE=text]
## (SQLite: var/bench/bench-<scale>.sqlite3; with a PostgreSQL DATABASE_URL: database <name>_bench_<scale>)
SCALE ?= demo
REPEAT ?= 5
CASE ?=
bench: install
	$(PY) bench/run.py --scale $(SCALE) --repeat $(REPEAT) $(if $(CASE),--case "$(CASE)")

## What CI runs: checks, the suite on SQLite and PostgreSQL, a benchmark smoke run
ci:
	bash .ci/run

clean:
	rm -rf $(VENV) node_modules staticfiles var
