# Two commands: `make run` (the demo, embedded: SQLite + filesystem broker) and `make test`.
# Both set the machine up first: missing Debian packages (scripts/system-deps.sh), .venv with Python 3.11
# and the lock each needs (scripts/venv.sh): run requirements/base.txt, test requirements/dev.txt, bench
# requirements/bench.txt. Each step is skipped when already done.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
export PYTHON VENV

.PHONY: help setup system-deps venv run test bench lint lock

help:
	@echo "make run    set up, migrate, collectstatic, seed_demo, then serve http://$(HOST):$(PORT)"
	@echo "            with a Celery worker and Celery beat (Ctrl-C stops all; PORT=8001 to change the port)"
	@echo "make test   set up, then ruff, manage.py check, makemigrations --check and the pytest suite"
	@echo "make bench  set up, then the national data set, load, PDF and dossier benchmarks (PostgreSQL + Redis,"
	@echo "            about 30 minutes on an idle machine); writes bench/RESULTS.md"
	@echo "make setup  only the Debian packages and .venv (with the test tools)"
	@echo "make lock   compile requirements/*.txt from pyproject.toml again (ARGS=\"--upgrade-package NAME\")"

setup: system-deps venv

system-deps:
	@bash scripts/system-deps.sh

venv:
	@bash scripts/venv.sh requirements/dev.txt

run: system-deps
	@bash scripts/venv.sh requirements/base.txt
	@echo "==> migrate"
	$(PY) manage.py migrate --noinput
	@echo "==> collectstatic"
	$(PY) manage.py collectstatic --noinput -v 0
	@echo "==> seed_demo"
	$(PY) manage.py seed_demo
	@echo "==> web server, Celery worker, Celery beat"
	@HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

test: system-deps
	@bash scripts/venv.sh requirements/dev.txt
	@bash scripts/test.sh

bench: system-deps
	@bash scripts/venv.sh requirements/bench.txt
	@bash scripts/services.sh
	$(PY) bench/run_all.py

lint: venv
	$(VENV)/bin/ruff check .

lock: venv
	@bash scripts/lock.sh $(ARGS)
