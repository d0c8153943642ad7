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

# Every bench runs even when an earlier one misses its target; the exit code says whether any did.
BENCHES := classifier_eval classifier_speed ports_eval refresh_bench dashboard_bench fault_matrix
bench: install
	@failed=""; for b in $(BENCHES); do echo "== bench/$$b.py"; $(PY) bench/$$b.py || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "benches that failed or missed a target:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts
