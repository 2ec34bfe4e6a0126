# Teekond task runner. `make help` lists the targets; CI runs `make test` (see .ci/run).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV     ?= .venv
PY       := $(VENV)/bin/python
TEEKOND  := $(VENV)/bin/teekond
STAMP    := $(VENV)/.installed
VENDOR   := src/teekond/static/vendor/.stamp
HOST     ?= 127.0.0.1
PORT     ?= 8000
PG_URL   ?= postgres://postgres@127.0.0.1:5432/teekond
PYTEST_ARGS ?=
export TEEKOND_DATA_DIR ?= $(CURDIR)/data

.PHONY: redis help run test test-sqlite test-postgres test-passes pass-sqlite pass-postgres test-api-fuzz lint format setup messages makemessages chromium clean system-packages

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

run: setup ## set up everything, load the demo workspace and serve it on http://127.0.0.1:8000
	$(TEEKOND) demo
	$(TEEKOND) serve --host $(HOST) --port $(PORT)

test: setup chromium lint test-passes ## set up and run the whole suite (SQLite, PostgreSQL, browser)

setup: $(STAMP) $(VENDOR) messages system-packages ## virtual environment, Python and front-end packages, translations

$(STAMP): pyproject.toml setup.py src/teekond/analytics/_xesscan.c
	@command -v python3 >/dev/null || { echo "setup: python3 (>= 3.11) is required"; exit 1; }
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null
	$(PY) -m pip install -q --disable-pip-version-check uv
	$(VENV)/bin/uv pip install -q -p $(PY) --compile-bytecode -e '.[test]'
	touch $@

$(VENDOR): package.json package-lock.json tools/vendor_static.py
	@command -v npm >/dev/null || { echo "setup: npm (Node.js) is required for the front-end packages"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	$(PY) tools/vendor_static.py
	touch $@

messages: $(STAMP) ## compile the .po translation files
	@command -v msgfmt >/dev/null || tools/as_root.sh apt-get install -y -qq gettext
	cd src/teekond && ../../$(PY) -m django compilemessages -v 0 --settings teekond.settings --ignore 'static/*'

system-packages: ## system libraries for PDF/PNG exports (harfbuzz subsetter), pdftotext, Java for the Spark tests
	@ldconfig -p | grep -q libharfbuzz-subset.so.0 || tools/as_root.sh apt-get install -y -qq libharfbuzz-subset0
	@command -v pdftotext >/dev/null || tools/as_root.sh apt-get install -y -qq poppler-utils
	@command -v java >/dev/null || [ -n "$$JAVA_HOME" ] || tools/as_root.sh apt-get install -y -qq default-jre-headless

# Apps with a locale/ folder of their own keep their strings there; the project catalogue
# holds the shared templates, accounts and core.
# Feature apps always keep their own catalogue, even before their locale/ folder exists.
FEATURE_APPS := journeys research actions exports eventlogs
APP_LOCALES := $(patsubst %/locale,%,$(wildcard src/teekond/*/locale))
MM := -m django makemessages -l et -l en --no-obsolete --settings teekond.settings

makemessages: $(STAMP) ## refresh the .po files from the source
	cd src/teekond && ../../$(PY) $(MM) --ignore 'static/*' $(foreach a,$(APP_LOCALES) $(FEATURE_APPS),--ignore '$(notdir $(a))/*')
	for app in $(APP_LOCALES); do (cd $$app && $(CURDIR)/$(PY) $(MM)); done

chromium: ## install Debian's chromium for the browser tests when it is missing
	@command -v chromium >/dev/null || tools/as_root.sh apt-get install -y -qq chromium

lint: $(STAMP) ## ruff, the layers (import-linter), no private names across apps, mypy, dead code
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/pytest -q -p no:cacheprovider tests/test_architecture.py
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture

format: $(STAMP) ## apply ruff's formatting and fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test-sqlite: setup redis pass-sqlite ## the whole suite on SQLite, browser tests included

test-postgres: setup redis pass-postgres ## the suite on PostgreSQL (started or installed when absent; required in CI)

# The two passes at once, one per core (docs/decisions.md, "Both passes at once"). Each has
# its own data directory (uploads, media) and pytest temporary folder under $(TEST_DIRS);
# the SQLite pass's databases are in memory, the PostgreSQL pass's is test_<PG_URL's name>.
# --output-sync prints each pass's whole output when it ends; make fails if either fails.
TEST_DIRS ?= $(CURDIR)/data/test-passes
test-passes: setup redis ## the SQLite and the PostgreSQL pass side by side (what `make test` runs)
	@$(MAKE) --no-print-directory -j2 --output-sync=target pass-sqlite pass-postgres

pass-sqlite:
	@mkdir -p $(TEST_DIRS)/sqlite
	@echo "== SQLite pass (browser tests included): started $$(date +%T)"
	DATABASE_URL= TEEKOND_DATA_DIR=$(TEST_DIRS)/sqlite \
	  $(VENV)/bin/pytest --basetemp=$(TEST_DIRS)/sqlite/tmp $(PYTEST_ARGS)
	@echo "== SQLite pass: ended $$(date +%T)"

pass-postgres:
	@mkdir -p $(TEST_DIRS)/postgres
	@echo "== PostgreSQL pass: started $$(date +%T)"
	@if tools/ensure_postgres.sh; then \
	  DATABASE_URL=$(PG_URL) TEEKOND_EXPECT_POSTGRES=1 TEEKOND_DATA_DIR=$(TEST_DIRS)/postgres \
	    $(VENV)/bin/pytest -m "not e2e and not spark" --basetemp=$(TEST_DIRS)/postgres/tmp $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then echo "test-postgres: PostgreSQL is required in CI"; exit 1; \
	else echo "test-postgres: skipped, no PostgreSQL reachable (set PG_URL or start one)"; fi
	@echo "== PostgreSQL pass: ended $$(date +%T)"

test-api-fuzz: setup ## only the Schemathesis run over every API operation (FUZZ_EXAMPLES=15 each)
	DATABASE_URL= TEEKOND_FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),15) $(VENV)/bin/pytest -m fuzz tests/api $(PYTEST_ARGS)

redis: ## start (or install) Redis on 127.0.0.1:6379 for the live tests on the Redis layer
	@tools/ensure_redis.sh || { [ -z "$$CI" ] || { echo "redis: required in CI"; exit 1; }; }

clean: ## remove the virtual environment, node_modules and vendored files (keeps ./data)
	rm -rf $(VENV) node_modules src/teekond/static/vendor
