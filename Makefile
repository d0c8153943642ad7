# One command to run the app, one to run every check. Both create .venv and install first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install test lint run snapshot bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(PY) -m pytest

# Open the dashboard on the bundled snapshot (offline). Another database: make run DB=path.duckdb
DB ?=
run: install
	$(PY) -m streamlit run dashboard/app.py $(if $(DB),-- --db $(DB),)

# Rebuild data/ by running the real refresh against the replay server serving ../shared/corpus.
snapshot: install
	$(PY) tools/make_snapshot.py

bench: install
	$(PY) bench/classifier_eval.py
	$(PY) bench/classifier_speed.py
	$(PY) bench/ports_eval.py
	$(PY) bench/refresh_bench.py
	$(PY) bench/dashboard_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts
