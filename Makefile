# Two commands on a fresh machine (only python3 and make needed):
#   make demo   creates .venv, installs planner, plans every example
#   make test   creates .venv, installs planner and the test tools, runs the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint golden bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@for f in examples/*.toml; do \
		echo "== planner plan $$f"; \
		$(BIN)/planner plan "$$f" || exit 1; \
	done
	@echo "== planner posts examples/jardin-partage-quitte-x.toml"
	@$(BIN)/planner posts examples/jardin-partage-quitte-x.toml

test: $(STAMP)
	$(BIN)/python -m pytest
	$(MAKE) lint

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

# Rewrite the golden files from the current code; review the diff before committing.
golden: $(STAMP)
	$(BIN)/python -m pytest tests --update-golden -q

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# Speed figures (not asserted by tests): start-up against importing click.
bench: $(STAMP)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/reminders.py

# Update planner/locale/planner.pot and each .po from the code, then compile the .mo.
messages: $(STAMP)
	$(BIN)/python scripts/messages.py
