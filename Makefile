# Maillage: every set-up step lives here. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MAILLAGE := $(BIN)/maillage
# OpenFisca-France runs in its own virtualenv (its pins conflict with the web app's), as a local service.
OF_VENV := .venv-openfisca
OPENFISCA_PORT ?= 5001
export OPENFISCA_PORT
COG_VERSION := 6.0.0
COG_DIR := var/ref/decoupage-administratif-$(COG_VERSION)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Two test processes (pytest-xdist): the suite runs in about half the time on two cores.
PYTEST_WORKERS ?= -n 2

.PHONY: run setup install system-packages test test-postgres test-unit quality fix bench clean chromium

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 est requis"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(OF_VENV)/.installed: requirements-openfisca.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 est requis"'
	$(PYTHON) -m venv $(OF_VENV)
	$(OF_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-openfisca.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(COG_DIR)/.installed:
	mkdir -p $(COG_DIR)
	cd $(COG_DIR) && npm pack --silent @etalab/decoupage-administratif@$(COG_VERSION) >/dev/null \
		&& tar xzf etalab-decoupage-administratif-$(COG_VERSION).tgz && rm etalab-decoupage-administratif-$(COG_VERSION).tgz
	touch $@

install: system-packages $(VENV)/.installed $(OF_VENV)/.installed node_modules/.installed $(COG_DIR)/.installed

system-packages:
	bash scripts/ensure-system-packages.sh

setup: install
	$(MAILLAGE) migrate --noinput
	$(MAILLAGE) createcachetable
	$(MAILLAGE) geo load
	$(MAILLAGE) geo centres
	$(MAILLAGE) demo --requests 3000 --if-empty

run: setup
	@echo "Maillage : http://$(HOST):$(PORT) (Ctrl+C pour arrêter ; le travailleur de tâches et le service OpenFisca tournent à côté)"
	@# DEBUG=false unless asked (make run DEBUG=true): the French error pages a user meets, not Django's.
	$(OF_VENV)/bin/python -m openfisca_service & openfisca=$$!; \
	DEBUG=$${DEBUG:-false} $(MAILLAGE) db_worker --queue-name default & worker=$$!; \
	trap 'kill $$worker $$openfisca 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-false} $(MAILLAGE) runserver --noreload $(HOST):$(PORT)

chromium:
	bash scripts/ensure-chromium.sh

test: install chromium
	$(BIN)/pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-unit: install
	$(BIN)/pytest $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

test-postgres: install chromium
	bash scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The report, territory and isolation tests, and the replica's own, against a PostgreSQL primary and
# a real streaming replica (reads of the report pages go to the standby; docs/adr/0018-read-replica.md).
REPLICA_TESTS := maillage/reports maillage/territory/tests/test_web_coverage.py maillage/territory/tests/test_web_access.py \
	$(filter-out maillage/reports/%,$(wildcard maillage/*/tests/test_*isolation.py)) maillage/tests/test_replica_reads.py
.PHONY: test-replica
test-replica: install
	bash scripts/with-postgres-replica.sh $(BIN)/pytest $(PYTEST_WORKERS) -m "not browser" $(REPLICA_TESTS) $(PYTEST_ARGS)

quality: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy maillage benchmarks
	$(MAILLAGE) check --fail-level WARNING
	$(MAILLAGE) makemigrations --check --dry-run

fix: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python benchmarks/bench_search.py

clean:
	rm -rf $(VENV) $(OF_VENV) node_modules var/static

# Rights screening benchmark: our warm OpenFisca-France service, one household and a batch, against
# one simulation per household.
.PHONY: bench-openfisca bench-screening
bench-openfisca: install
	$(BIN)/python benchmarks/bench_openfisca.py --households 1000 --repeats 40

# Screening end to end: the form post and the nightly re-screening task, against one simulation per household.
bench-screening: install
	$(BIN)/python benchmarks/bench_screening.py --households 1000 --peer 150 --repeats 40

# Territory benchmark: national coverage and siting, against spopt (own virtualenv) and HiGHS.
BENCH_TERRITORY_ARGS ?= --exact-time-limit 300 --peer-time-limit 120
.PHONY: bench-territory
bench-territory: install
	bash benchmarks/setup_peer.sh
	$(BIN)/python -m benchmarks.bench_territory --write-readme $(BENCH_TERRITORY_ARGS)

# Reports benchmark: the yearly network report over 1M requests on SQLite, 10M on PostgreSQL.
.PHONY: bench-reports bench-reports-postgres
bench-reports: install
	$(BIN)/python benchmarks/bench_reports.py --requests 1000000

bench-reports-postgres: install
	bash scripts/with-postgres.sh $(BIN)/python benchmarks/bench_reports.py --requests 10000000

# Start-up benchmark: whole `maillage` commands (check, coverage on the national instance, shell),
# against the code before the start-up work, checked out in a temporary git worktree.
BENCH_STARTUP_ARGS ?= --runs 15 --peer-rev 10d41b7
.PHONY: bench-startup
bench-startup: install
	$(BIN)/python benchmarks/bench_startup.py $(BENCH_STARTUP_ARGS)

# Load benchmark: gunicorn (4 workers) on PostgreSQL, 50 mediators and 5 managers over HTTP for 60 s,
# then the same while PostgreSQL restarts; the peer is the code before issue #18 (a git worktree).
.PHONY: bench-load
BENCH_LOAD_ARGS ?= --peer-rev 10d41b7
bench-load: install
	PGTEST_ROOT=/tmp/pg-bench-load bash scripts/with-postgres.sh $(BIN)/python benchmarks/bench_load.py $(BENCH_LOAD_ARGS)
