# Tongxin: `make run` starts the demo portal, `make test` runs every check.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs in two processes (pytest-xdist), each on its own test
# database. Browser and real-Celery-worker tests then run in one process:
# an open Chromium shares its event loop with the tests after it, and two
# Celery workers would purge each other's queue.
TEST_WORKERS ?= 2

.PHONY: run test setup system-packages venv translations services lint demo-data worker beat bench drills screenshots crawl fuzz

run: setup demo-data
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup services lint
	TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
		$(PY) manage.py makemigrations --check --dry-run --settings=portal.settings.test
	$(PY) -m pytest -q -n $(TEST_WORKERS) -m "not browser and not celery_worker"
	$(PY) -m pytest -q -m "browser or celery_worker"

setup: system-packages venv translations

system-packages:
	scripts/install-system-packages.sh

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

translations: venv
	$(PY) manage.py compilemessages --ignore='.venv' --ignore='node_modules' -v0

services:
	scripts/start-services.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

demo-data: venv
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py sync_schedules
	$(PY) manage.py seed_demo

worker: venv
	$(VENV)/bin/celery -A portal worker -l info

beat: venv
	$(VENV)/bin/celery -A portal beat -l info

# The whole city by default; `make bench SCALE=0.05` for a smaller one.
bench: setup services
	WITH_BENCH=1 scripts/install-system-packages.sh
	$(PY) bench/run.py $(if $(SCALE),--scale $(SCALE))

# Fault drills: restart PostgreSQL during a sign-up rush, Redis and a worker
# during reminders (bench/drills.py); never beside the test suite.
drills: setup services
	WITH_BENCH=1 scripts/install-system-packages.sh
	$(PY) bench/run.py --only drills $(if $(SCALE),--scale $(SCALE))

screenshots: setup
	$(PY) scripts/screenshots.py

crawl: setup
	$(PY) scripts/crawl_demo.py

# The API fuzzing with schemathesis's coverage phase (boundary values for
# every parameter) and five times the examples; about four minutes.
fuzz: setup services
	TONGXIN_FUZZ_DEEP=1 $(PY) -m pytest -q -n $(TEST_WORKERS) portal/tests/test_api_fuzz.py
