# Two commands: `make run` (the demo, embedded: SQLite + filesystem broker) and `make test`.
# Both set the machine up first: missing Debian packages (scripts/system-deps.sh), .venv with Python 3.11
# and requirements.txt (scripts/venv.sh). Each step is skipped when already done.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
export PYTHON VENV

.PHONY: help setup system-deps venv run test bench lint

help:
	@echo "make run    set up, migrate, collectstatic, seed_demo, then serve http://$(HOST):$(PORT)"
	@echo "            with a Celery worker and Celery beat (Ctrl-C stops all; PORT=8001 to change the port)"
	@echo "make test   set up, then ruff, manage.py check, makemigrations --check and the pytest suite"
	@echo "make bench  set up, then the national data set, load and PDF benchmarks (PostgreSQL + Redis,"
	@echo "            about 15 minutes on an idle machine); writes bench/RESULTS.md"
	@echo "make setup  only the Debian packages and .venv"

setup: system-deps venv

system-deps:
	@bash scripts/system-deps.sh

venv:
	@bash scripts/venv.sh

run: setup
	@echo "==> migrate"
	$(PY) manage.py migrate --noinput
	@echo "==> collectstatic"
	$(PY) manage.py collectstatic --noinput -v 0
	@echo "==> seed_demo"
	$(PY) manage.py seed_demo
	@echo "==> web server, Celery worker, Celery beat"
	@HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

test: setup
	@bash scripts/test.sh

bench: setup
	@bash scripts/services.sh
	$(PY) bench/run_all.py

lint: venv
	$(VENV)/bin/ruff check .
