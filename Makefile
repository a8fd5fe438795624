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

pytest: install browser-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL: a throw-away cluster (initdb + pg_ctl in a temporary directory, its
# own port, deleted afterwards) when a PostgreSQL server is installed. Without one, a notice
# locally and an error in CI (CI=true), where .ci/run installs it.
.PHONY: pytest-postgres
pytest-postgres: install browser-deps
	@if tools/pg-throwaway --available; then \
	  tools/pg-throwaway $(VENV)/bin/pytest $(PYTEST_ARGS); \
	elif [[ "$${CI:-}" =~ ^(1|true|yes)$$ ]]; then \
	  echo "PostgreSQL est absent (ni initdb ni pg_ctl) alors que CI=$$CI : la suite doit aussi" \
	       "passer sur PostgreSQL. Installez-le : apt-get install postgresql." >&2; \
	  exit 1; \
	else \
	  echo "PostgreSQL est absent : la suite n’a tourné que sur SQLite. Pour la lancer aussi sur" \
	       "PostgreSQL, installez-le (apt-get install postgresql) puis relancez « make test »."; \
	fi

# The two databases side by side (2 cores: measured 26.5 min for both instead of 19 + 24 min one
# after the other); each one's output is printed whole when it ends (-O).
test: lint check
	@$(MAKE) --no-print-directory -j2 -O pytest pytest-postgres

# The quick loop: no browser, no process started, SQLite, the demo database kept in var/ between
# runs (rebuilt when migrations, models or the demo change; see magazine/test_snapshot.py).
# One file or folder: make quick PYTEST_ARGS=magazine/editorial
quick: install
	LEMAG_TEST_SNAPSHOT=var/test-snapshot DATABASE_URL= $(VENV)/bin/pytest -q -m "not browser and not system" $(PYTEST_ARGS)

# Search latency on 10,000 synthetic articles (SQLite in a temporary directory, or PostgreSQL
# when DATABASE_URL is set: a throw-away <name>_bench database beside it); every public page type
# rendered without caches, demo then 10,000 more articles, on SQLite then PostgreSQL (DATABASE_URL
# or tools/pg-throwaway; CORPUS_ARGS=--databases sqlite, --repeat 5); load on make serve's
# stack with wrk, directly and through nginx (LOAD_ARGS=--postgres, --only a,b, --duration 60);
# every page type measured in Chromium (writes magazine/sobriety/data/sobriety.json).
bench: install browser-deps
	$(PY) bench/search.py $(BENCH_ARGS)
	$(PY) bench/corpus.py $(CORPUS_ARGS)
	$(PY) -m bench.load $(LOAD_ARGS)
	$(PY) bench/pages.py

clean-var:
	rm -rf var
