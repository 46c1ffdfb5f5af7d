# The two commands: `make demo` (run the product on the bundled sample feed) and `make test` (the suite).
# Both create .venv, install the project and find Postgres (NEWSFEED_DATABASE_URL, else an embedded server
# under .newsfeed/). Nothing else is needed: no service started by hand, no internet beyond the package index.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench eval clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "news-event-feed needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsfeed demo

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .

# Issue 10's performance figures (throughput vs bare spaCy / bare COPY, scaling 500..4000, the DAG over HTTP,
# a worker's memory against new words); a script that needs a database makes and drops its own.
# Sizes: e.g. `$(BIN)/python bench/throughput.py --articles 200`.
bench: $(STAMP)
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/scaling.py
	$(BIN)/python bench/ingest_http.py
	$(BIN)/python bench/worker_memory.py

eval: $(STAMP)
	bash ../shared/eval/run_eval.sh ../shared/eval/gold/dev
	bash ../shared/eval/run_eval.sh eval/events-set-1 | grep '^events'
	bash ../shared/eval/run_eval.sh eval/events-set-2 | grep '^events'

clean:
	rm -rf $(VENV) .newsfeed .pytest_cache .ruff_cache
