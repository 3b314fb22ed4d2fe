# The two commands of the README. Both build everything they need on a fresh machine:
# a private copy of uv in .tools/, then the locked environment in .venv/.
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
RUN := $(UV) run --frozen --no-sync

.PHONY: demo test env lint typecheck unit bench clean docs-cli

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv>=0.4"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	touch $@

env: $(VENV)/.synced

## make demo: generate the demo seller, import it, print what was found and where the outputs are
demo: env
	$(RUN) sellerops demo

## make test: ruff, mypy and the whole test suite
test: env lint typecheck unit

lint: env
	$(RUN) ruff check src tests bench
	$(RUN) ruff format --check src tests bench

typecheck: env
	$(RUN) mypy

unit: env
	$(RUN) pytest -q -p no:cacheprovider --cov=sellerops --cov-report=term:skip-covered

## make docs-cli: regenerate docs/reference/cli.md and reports.md from the code
docs-cli: env
	$(RUN) python -m sellerops.cli.reference > docs/reference/cli.md
	$(RUN) python -m sellerops.cli.reference reports > docs/reference/reports.md

bench: env
	$(RUN) python bench/import_bench.py

clean:
	rm -rf $(TOOLS) $(VENV) .sellerops demo-seller reports
