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

## Set up everything, load the demo province and serve it on http://$(HOST):$(PORT) (another port:
## make run PORT=8080), with the task worker (db_worker: notifications within seconds) and the
## notification sweep (send_notifications every minute, the safety net) beside it; Ctrl+C stops all three
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: messages seed
	@mkdir -p var/log
	@$(PY) manage.py db_worker --no-reload --interval 1 >> var/log/worker.log 2>&1 & worker=$$!; \
	 ( trap 'kill $$nap 2>/dev/null; exit 0' TERM; \
	   while :; do sleep 60 & nap=$$!; wait $$nap; $(PY) manage.py send_notifications >> var/log/notifications.log 2>&1; done ) & sweep=$$!; \
	 trap 'kill $$worker $$sweep 2>/dev/null' EXIT INT TERM; \
	 echo ""; \
	 echo "CCHC is served at http://$(HOST):$(PORT)/ (sign in: http://$(HOST):$(PORT)/dang-nhap/)"; \
	 echo "Task worker and notification sweep running beside it (logs in var/log/). Ctrl+C stops all three."; \
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
