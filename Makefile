# Two entry points for a fresh clone: `make demo` (the main job) and `make test` (every test).
# Both create .venv and install every plugin of the repository into it, editable.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKAGES := $(patsubst %/pyproject.toml,%,$(wildcard */pyproject.toml))
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint format bench clean

venv: $(STAMP)

$(STAMP): $(wildcard */pyproject.toml) requirements-dev.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10) and "Python >= 3.10 is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt $(foreach p,$(PACKAGES),-e ./$(p))
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	scripts/ensure-postgres.sh
	$(BIN)/python scripts/run_tests.py $(PACKAGES) orchestrate tests

bench: $(STAMP)
	cd bench && ../$(BIN)/python target_hull_bench.py
	cd bench && ../$(BIN)/python tap_bench.py all
	cd bench && ../$(BIN)/python two_crm_bench.py

clean:
	rm -rf $(VENV) output .meltano
