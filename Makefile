# Buskerud Senterparti portal. `make run` starts everything, `make test` checks everything.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
# pytest-xdist workers for `make test`: one per core; an idle worker takes tests queued for
# another (worksteal). `make test TEST_WORKERS=0` runs serially, as `pytest` alone does; a red
# test is reproduced with `.venv/bin/pytest -n0 path::test`.
TEST_WORKERS ?= auto
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test install install-dev migrate demodata lint format bench soak stress messages clean

$(VENV)/bin/python:
	@PYTHON=$$(scripts/find-python.sh) && echo "Lager $(VENV) med $$PYTHON" && "$$PYTHON" -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check uv

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r pyproject.toml
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r pyproject.toml --extra dev
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(MANAGE) migrate --noinput

demodata: migrate
	$(MANAGE) demodata

run: migrate
	$(MANAGE) demodata --if-empty
	PORT=$(PORT) $(PY) scripts/devserver.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit --quiet --configfile pyproject.toml --severity-level medium -r buskerud_sp lokallag medlemmer aktiviteter scripts
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal

# Longer runs than `make test`: 200 hypothesis examples per form, the access crawl over every
# object of the demo (not one of each kind), a register file of a million
# rows, and (with DATABASE_URL on PostgreSQL) the process tests and the load test.
stress: install-dev
	FUZZ_EXAMPLES=200 STRESS=1 CRAWL_EVERY_OBJECT=1 $(VENV)/bin/pytest -p no:randomly -s tests/test_hostile_input.py tests/test_access_crawl.py tests/medlemmer/test_import_hostile.py tests/aktiviteter/test_two_beats.py tests/aktiviteter/test_worker_killed.py tests/portal/test_broker_down.py
	$(PY) bench/load.py

# The nynorsk catalogue from the sources (new strings come in empty, gone ones go), then every
# catalogue compiled; the .po and .mo files are committed (README «Språk»).
messages: install-dev
	$(MANAGE) messages

bench: install-dev
	$(PY) bench/run.py

# 20 minutes (SOAK_MINUTES) of traffic from every role under gunicorn, a worker and beat, as in
# production, on a database of the demo data of its own; errors and memory per process into
# bench/RESULTS.md («Soak»). Needs DATABASE_URL to PostgreSQL and Redis. Not part of `make test`.
SOAK_MINUTES ?= 20
soak: install-dev
	$(PY) bench/soak.py --minutes $(SOAK_MINUTES)

clean:
	rm -rf var/broker var/test-broker var/cache var/test-cache
