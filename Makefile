# gigcase — two commands: `make run` (serve the demo) and `make test` (the whole suite).
# DATABASE_URL / REDIS_URL in the environment switch from SQLite / in-process to
# PostgreSQL / Redis; see README.md.

PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-gigcase
LOCAL := DJANGO_SETTINGS_MODULE=gigcase.settings.local

.DEFAULT_GOAL := help
.PHONY: help install run migrate seed messages system-packages test pytest lint format bench

help:
	@echo "make run     install, migrate, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test    the whole test suite and ruff (DATABASE_URL / REDIS_URL switch backends);"
	@echo "             installs Chromium, redis-server and gettext first when root (apt-get)"
	@echo "make lint    ruff check, ruff format --check and the import contracts (lint-imports)"
	@echo "make bench   benchmarks (SQLite; PostgreSQL too when BENCH_DATABASE_URL is set;"
	@echo "             BENCH=notifications runs one; the notifications one needs redis-server)"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "gigcase needs Python >= 3.11; set PYTHON=python3.x" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when pyproject.toml changes (or the virtualenv is new).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

install: $(STAMP)

# The embedded databases and uploads live in var/ (not in git).
var:
	mkdir -p var

# Translations, when there are any: compiled .mo files are build output.
messages: $(STAMP)
	@if command -v msgfmt >/dev/null && find locale */locale -name '*.po' 2>/dev/null | grep -q .; then \
		$(LOCAL) $(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0; fi

migrate: $(STAMP) | var
	$(LOCAL) $(PY) manage.py migrate --noinput

seed: migrate
	$(LOCAL) $(PY) manage.py seed_demo

run: messages seed
	@echo "gigcase on http://127.0.0.1:$(PORT)/  (demo users: see README.md; password gigcase-demo)"
	$(LOCAL) $(VENV)/bin/daphne -b 127.0.0.1 -p $(PORT) gigcase.asgi:application

# The Debian packages the suite drives (Chromium, redis-server, gettext; see .ci/packages.sh):
# installed when this user may (root or passwordless sudo), otherwise the one command to run
# is printed and make stops, before it builds anything. `make run` needs none of them.
system-packages:
	@.ci/packages.sh ensure test

# --ds: a DJANGO_SETTINGS_MODULE left in the shell must not point the suite at another DB.
pytest: system-packages messages | var
	$(VENV)/bin/pytest -q --ds=gigcase.settings.test $(PYTEST_ARGS)

test: pytest
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# A benchmark is a module bench/<name>.py or a package bench/<name>/ with a __main__.py.
BENCHES := $(sort $(basename $(notdir $(wildcard bench/[!_]*.py))) \
	$(notdir $(patsubst %/__main__.py,%,$(wildcard bench/[!_]*/__main__.py))))
BENCH ?= $(BENCHES)

# Each benchmark on a throw-away SQLite file, then on PostgreSQL when BENCH_DATABASE_URL
# names a server (the benchmark creates and drops its own database there). The case list
# and the statistics run on PostgreSQL only: BENCH_DATABASE_URL (the data kept for the next
# run, and shared by the two), else a throw-away cluster each starts itself.
bench: $(STAMP)
	@for b in $(BENCH); do \
		if [ "$$b" = caselist ] || [ "$$b" = stats ]; then $(PY) -m bench.$$b || exit 1; continue; fi; \
		$(PY) -m bench.$$b || exit 1; \
		if [ -n "$$BENCH_DATABASE_URL" ]; then $(PY) -m bench.$$b --pg "$$BENCH_DATABASE_URL" || exit 1; fi; \
	done
