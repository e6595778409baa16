# Two commands on a fresh machine (only python3 and make needed):
#   make demo   creates .venv, installs planner, plans every example into build/demo/
#   make test   creates .venv, installs planner and the test tools, runs the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint golden bench bench-serve serve messages mutation clean

$(STAMP): pyproject.toml
	@echo "Installing planner and the libraries it uses into $(VENV)/ (the first time: a few minutes)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# Every example checked, planned and made into a kit by the installed planner, into
# build/demo/ (each command's full output in build/demo/log.txt); the terminal gets a
# one-screen summary of what was made and what to open. Exit 1 if any command failed.
demo: $(STAMP)
	@$(BIN)/python scripts/demo.py build/demo

# The web app on the example plans (a database of its own in .serve/), on 127.0.0.1:8000.
serve: $(STAMP)
	$(BIN)/python scripts/serve_examples.py .serve
	$(BIN)/planner serve --data .serve --open

# The suite in one process per core (pytest-xdist): many tests wait on servers, browsers
# or the clock, and another process runs meanwhile. An idle process takes half the tests
# left to another one (worksteal), so one long test does not hold the end of the run.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist worksteal
	$(MAKE) lint

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

# Rewrite the golden files from the current code; review the diff before committing.
golden: $(STAMP)
	$(BIN)/python -m pytest tests --update-golden -q

# Mutation testing of the modules listed in scripts/mutation.py (TARGETS), each mutant in a
# fresh process; takes many minutes, so not part of `make test`. One module:
#   make mutation MODULES=planner/timeline.py
JOBS ?= 2
mutation: $(STAMP)
	$(BIN)/python scripts/mutation.py --jobs $(JOBS) $(MODULES)

clean:
	rm -rf $(VENV) .venv-bench .serve build dist .pytest_cache .mypy_cache .ruff_cache

# Speed figures (not asserted by tests), measured on planner installed as a user installs
# it: a wheel in a venv of its own, without the test tools (some of them, through pytz,
# slow down Babel's import).
BENCH := .venv-bench/bin
bench:
	test -x $(BENCH)/python || $(PYTHON) -m venv .venv-bench
	$(BENCH)/python -m pip install --quiet --disable-pip-version-check .
	$(BENCH)/python -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall .
	$(BENCH)/python bench/startup.py
	$(BENCH)/python bench/batch.py
	$(BENCH)/python bench/reminders.py

# The web app under load (50 clients, 20 s per page): about two minutes.
bench-serve:
	test -x $(BENCH)/python || $(PYTHON) -m venv .venv-bench
	$(BENCH)/python -m pip install --quiet --disable-pip-version-check .
	$(BENCH)/python -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall .
	$(BENCH)/python bench/serve.py

# Update planner/locale/planner.pot and each .po from the code, then compile the .mo.
messages: $(STAMP)
	$(BIN)/python scripts/messages.py
