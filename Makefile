# Two entry points matter: `make demo` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-smoke bench-sync mutation screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kam --demo

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

bench-smoke: $(STAMP)
	$(BIN)/python benchmarks/run.py --smoke
	$(BIN)/python benchmarks/sync_bench.py --smoke

# Sync over a loopback ssh: 10,000 changes each way, a first pull of 100k accounts, idle syncs.
bench-sync: $(STAMP)
	$(BIN)/python benchmarks/sync_bench.py

# Mutation testing of the rules (cosmic-ray, see mutation/): each module against its own tests.
mutation: $(STAMP)
	$(BIN)/pip install --quiet -e mutation
	$(BIN)/python -m kam_mutation.run

screenshots: $(STAMP)
	$(BIN)/python screenshots/generate.py

clean:
	rm -rf $(VENV) build *.egg-info
