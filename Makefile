# The two commands of the README, and the pieces they are made of.
# `make start` installs Vigil and serves it on its embedded default (SQLite, demo data) until
# Ctrl+C; run `make test` in a second terminal.
# `make test` installs what the tests need and runs exactly what CI runs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: start test quick lint types pytest bench clean messages lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Vigil and what it needs at the versions CI tested (requirements.lock as constraints).
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock vigil/hashing/_mih.c
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

# Exactly the set CI tests: the lock file, then Vigil itself (its C kernel built);
# `pip check` fails when pyproject.toml asks for what the lock does not hold (run `make lock`).
# The browser tests also run axe-core from npm (package.json, pinned by package-lock.json).
$(VENV)/.installed-dev: $(BIN)/python pyproject.toml requirements.lock scripts/system-packages.txt vigil/hashing/_mih.c package-lock.json
	scripts/install-system-packages
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check
	npm ci --no-audit --no-fund --loglevel=error
	touch $@ $(VENV)/.installed

start: $(VENV)/.installed
	$(BIN)/vigil start

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check vigil tests benchmarks
	$(BIN)/ruff format --check vigil tests benchmarks
	$(BIN)/lint-imports

types: $(VENV)/.installed-dev
	$(BIN)/mypy vigil

# -n auto: one pytest process per core (each with databases of its own; 2 cores: 2 min
# instead of 3.5). A single test file runs alone with .venv/bin/pytest tests/...
pytest: $(VENV)/.installed-dev
	$(BIN)/pytest -n auto

test: lint types pytest

# The SQLite half without the browser and PDF tests, for the edit-and-test loop: under a
# minute on a 2-core machine (measured: 46 s for 444 tests, against 6 min 24 s for the
# whole suite before the tests were made faster). PostgreSQL, Chromium and WeasyPrint
# are left to `make test`, which CI runs.
quick: $(VENV)/.installed-dev
	VIGIL_SKIP_POSTGRES=1 $(BIN)/pytest -n auto -q -m "not browser and not pdf"

$(VENV)/.installed-bench: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run_all.py

# The one catalogue of words (pages, report, errors, command line): extract them into
# vigil/locale/vigil.pot and merge them into each language's .po; then translate what is new
# (tests/test_i18n.py fails until every message has a translation). The .po files are read
# at run time: nothing to compile.
LOCALE := vigil/locale
messages: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F babel.cfg --sort-output --no-location --project=Vigil \
		--copyright-holder="Vigil contributors" -w 100 -o $(LOCALE)/vigil.pot .
	for lang in nl fr de; do \
		$(BIN)/pybabel update -i $(LOCALE)/vigil.pot -d $(LOCALE) -D vigil -l $$lang -w 100 \
			--no-fuzzy-matching --ignore-obsolete; \
	done

# requirements.lock pins every package of the dev extra and what they need (for Python 3.11
# on Linux, as CI runs), made by pip-tools' pip-compile from pyproject.toml. After changing
# pyproject.toml's dependencies, run `make lock` (it keeps the other pins) and commit the
# lock with the change; `make lock LOCK_FLAGS=--upgrade` takes the newest releases within
# the bounds (`--upgrade-package NAME` one of them). Then `make test`.
LOCK_TOOLS := $(VENV)/lock-tools
LOCK_FLAGS ?=
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_TOOLS) && \
		$(LOCK_TOOLS)/bin/pip install --quiet --upgrade pip 'pip-tools>=7.4,<8'; }
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links $(LOCK_FLAGS) --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache .pytest_cache .grimp_cache .import_linter_cache
