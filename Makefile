# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

DEMO_PASSWORD ?= westport-demo-2026
TEST_DATABASE_URL ?= postgres://root@127.0.0.1:5432/safety_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
# The suite runs on every core (pytest-xdist), each worker on its own test database and
# Redis db (TEST_REDIS_URL's db, then the next ones); the tests that start a real Celery
# worker run on one of them (`--dist loadgroup`). PYTEST_ARGS replaces these: e.g.
# `make test PYTEST_ARGS=tests/committees/test_plans.py` runs one file in one process.
TEST_WORKERS ?= logical
PYTEST_ARGS ?= -n $(TEST_WORKERS) --dist loadgroup

.PHONY: demo test bench venv messages services browser axe lint format migrate worker check-migrations clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

# Translations: locale/*/django.po compiled to .mo (gettext's msgfmt), never committed.
MO := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
%.mo: %.po $(STAMP)
	command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(PY) manage.py compilemessages --ignore=.venv -v0

messages: $(MO)

## Set up, seed the demo and serve it at http://127.0.0.1:8000 (embedded defaults: SQLite, tasks in-process).
demo: $(STAMP) $(MO)
	$(PY) manage.py migrate --noinput
	DEMO_PASSWORD=$(DEMO_PASSWORD) $(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## Set up and run the whole suite against the real PostgreSQL and Redis.
test: $(STAMP) $(MO) services browser axe
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS)

# The statewide benchmark (issue 15; docs/benchmarks.md): the product against bare-Django
# floors in one run, at scales 0.01 and 1. Long (half an hour or more at scale 1), not part of
# `make test`. E.g. `make bench BENCH_ARGS="--scales 0.01 --duration 5"` for a quick look.
BENCH_ARGS ?=
bench: $(STAMP) $(MO) services
	$(PY) -m benchmarks.run $(BENCH_ARGS)

services:
	./scripts/services.sh

# Headless Chromium for the browser tests, from Debian's packages (Playwright drives it;
# its own browser download does not work here).
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# axe-core, which the browser tests run on every page, from the npm registry
# (package-lock.json pins it); tests only, never served.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(AXE)

axe: $(AXE)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

## A Celery worker on both queues (mail, scans) with the beat scheduler, for development
## against a local Redis; production runs a worker per queue (docker-compose.yml).
worker: $(STAMP)
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(VENV)/bin/celery -A safety_portal worker --queues=mail,scans --beat --loglevel=INFO

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .hypothesis node_modules
