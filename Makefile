# Backtrack: the two commands are `make run` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Python keeps compiled bytecode in __pycache__ (ignored by git), as it does by default: with
# PYTHONDONTWRITEBYTECODE set, every process (each test worker, and each Celery worker, gunicorn and manage.py
# the tests start) compiled the project again and pytest rewrote every test module again: about 23 CPU s
# (17 s) of the first pass (docs/performance.md, "Test suite", fifth round).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint format install install-run install-dev browser pdf-libs clean bench loadtest lighthouse

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Production installs requirements.txt only; `make run` adds its helpers (requirements-run.txt);
# the tests add their tools (requirements-dev.txt, which includes requirements-run.txt).
$(VENV)/.installed-runtime: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-run: requirements.txt requirements-run.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-run.txt
	touch $@ $(VENV)/.installed-runtime

$(VENV)/.installed-dev: requirements.txt requirements-run.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime
install-run: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

## make run: set up and start web, Celery worker and beat on http://127.0.0.1:8000
run: install-run pdf-libs
	@mkdir -p var
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py createcachetable
	DEBUG=true $(PY) manage.py seed_demo
	@echo "Starting Backtrack on http://127.0.0.1:8000 (Ctrl-C stops everything)"
	DEBUG=true PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) scripts/localredis.py -- honcho start -f Procfile

## make test: lint, format check and the whole test suite (unit, integration, browser)
# Two pytest runs, each on TEST_WORKERS processes (pytest-xdist): first every test whose database no other
# process needs to see (SQLite in memory), then those a live server or a Celery worker reads (a SQLite file
# per worker). TEST_SELECT narrows both (.ci/run's PostgreSQL pass); exit code 5 is "nothing selected".
# `--dist worksteal`: each worker starts with half of the tests and takes work from the other when it runs
# out, so neither waits at the end (the first pass 14 to 17 s faster than `--dist load`). Order does not
# matter: a transactional test's flush is followed at once by the data migrations' content
# (`_content_after_flush` in tests/conftest.py).
TEST_WORKERS ?= 2
TEST_SELECT ?=
PYTEST := PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal
test: install-dev browser pdf-libs lint
	@mkdir -p var
	$(PYTEST) -m "not shared_db $(TEST_SELECT)" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PYTEST) -m "shared_db $(TEST_SELECT)" $(PYTEST_ARGS) || [ $$? -eq 5 ]

# mypy checks only the pure modules listed in pyproject.toml ([tool.mypy] files); DEBUG=true lets its Django
# plugin load the settings without a SECRET_KEY.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=true $(VENV)/bin/mypy

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Headless Chromium for the browser tests (Debian's chromium-headless-shell; installed with apt-get when root)
browser:
	@bash scripts/ensure-chromium

## Pango and HarfBuzz for WeasyPrint's PDF visit reports (Debian's packages; installed with apt-get when root)
pdf-libs:
	@bash scripts/ensure-pdf-libs

## make bench: the in-process benchmarks (figures in docs/performance.md), each on a throwaway database
bench: install-dev
	@mkdir -p var
	rm -f var/bench.sqlite3
	DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py migrate --noinput
	DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py createcachetable
	DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py bench_triage
	DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py bench_journal
	DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py bench_scan --runners 1000
	DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py bench_caseload
	DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py bench_plans
	rm -f var/bench.sqlite3

clean:
	rm -rf $(VENV) var staticfiles

## Load test of the production stack (gunicorn, PostgreSQL, Redis, Celery) on this machine
loadtest: install-dev
	$(PY) scripts/loadtest.py

## make lighthouse: Lighthouse mobile run (simulated phone, slow 4G) on the check, its result, the dashboard and
## the journal against a production-like local server; fails on a missed target (scripts/lighthouse.py).
## LIGHTHOUSE_ARGS="--runs 5" changes the runs a page (the median counts; default 3).
LIGHTHOUSE_DIR := tools/lighthouse
$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund
	touch $@

lighthouse: install-dev $(LIGHTHOUSE_DIR)/node_modules/.installed
	@bash scripts/ensure-chromium "$${CHROME_PATH:-/usr/bin/chromium}" chromium
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) scripts/lighthouse.py $(LIGHTHOUSE_ARGS)
