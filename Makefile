# Le Mag — `make run` (demo magazine on http://127.0.0.1:8000), `make serve` (production) and
# `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Python keeps the bytecode it compiles in __pycache__/. Where PYTHONDONTWRITEBYTECODE is set (our
# CI image sets it), every process compiled Django and Wagtail anew: 4 s more for each manage.py,
# gunicorn worker and test run (manage.py check: 6.7 s instead of 2.7).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run serve test quick install browser-deps lint check pytest clean-var bench

$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) sync --frozen --inexact --python $(PY) --quiet
	@touch $@

install: $(VENV)/.installed

run: install
	@mkdir -p var
	@$(PY) manage.py run --demo $(HOST):$(PORT)

# Production: gunicorn (WEB_CONCURRENCY processes) and the worker, settings from the environment
# (DJANGO_DEBUG=0, DJANGO_SECRET_KEY…); migrates and collects the static files first.
serve: install
	@mkdir -p var
	@$(PY) manage.py serve $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint magazine/templates --lint
	$(VENV)/bin/lint-imports --no-cache

check: install
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# axe-core (figé par package-lock.json) pour la suite pytest marquée « browser ».
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund && touch $@; \
	else \
	  echo "npm est absent : installez Node.js et npm (apt-get install nodejs npm) puis relancez « make browser-deps »." \
	       "Sans axe-core, les tests du navigateur sont ignorés (et échouent en CI)."; \
	fi

browser-deps: node_modules/.installed

# Test processes (pytest-xdist, a test file each at a time), which start from the demo database
# built by the first of them (magazine/test_snapshot.py), kept in var/ between runs. make quick
# (no browser) gains from two (147 s -> 75 s). make test already runs both databases side by side
# on this 2-core machine, and more processes only make them wait on each other: measured on a
# clean clone, 16.7 min with one per database, 18.2 with two for SQLite and one for PostgreSQL,
# 15.4 with two each but browser journeys timing out under the load.
QUICK_PROCESSES ?= 2
SQLITE_PROCESSES ?= 1
POSTGRES_PROCESSES ?= 1
# One process: pytest's own (-n 0), which also prints the sobriety the browser tests measured.
XDIST = $(if $(filter 1,$(1)),-n 0,-n $(1) --dist loadfile)
export LEMAG_TEST_SNAPSHOT ?= var/test-snapshot

pytest: install browser-deps
	$(VENV)/bin/pytest $(call XDIST,$(SQLITE_PROCESSES)) $(PYTEST_ARGS)

# The same suite on PostgreSQL (but the tests whose outcome does not depend on the database, run
# by the SQLite side: SQLite installations of their own, public pages read in Chromium): a
# throw-away cluster (initdb + pg_ctl in a temporary directory, its
# own port, deleted afterwards) when a PostgreSQL server is installed. Without one, a notice
# locally and an error in CI (CI=true), where .ci/run installs it.
.PHONY: pytest-postgres
pytest-postgres: install browser-deps
	@if tools/pg-throwaway --available; then \
	  tools/pg-throwaway $(VENV)/bin/pytest $(call XDIST,$(POSTGRES_PROCESSES)) -m "not database_neutral" $(PYTEST_ARGS); \
	elif [[ "$${CI:-}" =~ ^(1|true|yes)$$ ]]; then \
	  echo "PostgreSQL est absent (ni initdb ni pg_ctl) alors que CI=$$CI : la suite doit aussi" \
	       "passer sur PostgreSQL. Installez-le : apt-get install postgresql." >&2; \
	  exit 1; \
	else \
	  echo "PostgreSQL est absent : la suite n’a tourné que sur SQLite. Pour la lancer aussi sur" \
	       "PostgreSQL, installez-le (apt-get install postgresql) puis relancez « make test »."; \
	fi

# The two databases side by side, each one's output printed whole when it ends (-O).
test: lint check
	@$(MAKE) --no-print-directory -j2 -O pytest pytest-postgres

# The quick loop: no browser, no process started, SQLite, the demo database kept in var/ between
# runs (rebuilt when migrations, models or the demo change; see magazine/test_snapshot.py).
# One file or folder: make quick PYTEST_ARGS=magazine/editorial
quick: install
	DATABASE_URL= $(VENV)/bin/pytest $(call XDIST,$(QUICK_PROCESSES)) -q -m "not browser and not system" $(PYTEST_ARGS)

# Search latency on 10,000 synthetic articles (SQLite in a temporary directory, or PostgreSQL
# when DATABASE_URL is set: a throw-away <name>_bench database beside it); every public page type
# rendered without caches, demo then 10,000 more articles, on SQLite then PostgreSQL (DATABASE_URL
# or tools/pg-throwaway; CORPUS_ARGS=--databases sqlite, --repeat 5); load on make serve's
# stack with wrk, directly and through nginx (LOAD_ARGS=--postgres, --only a,b, --duration 60);
# every page type measured in Chromium (writes magazine/sobriety/data/sobriety.json); a numéro of
# the lettre to 10,000 subscribers through a local SMTP sink, e-mails/s (LETTRE_ARGS=--databases sqlite).
bench: install browser-deps
	$(PY) bench/search.py $(BENCH_ARGS)
	$(PY) bench/corpus.py $(CORPUS_ARGS)
	$(PY) -m bench.load $(LOAD_ARGS)
	$(PY) bench/pages.py
	$(PY) bench/newsletter.py $(LETTRE_ARGS)

clean-var:
	rm -rf var
