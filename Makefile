# Wijkregie: `make demo` runs it, `make test` tests it. Each target is one clear step.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-dates bench lint install install-dev assets browser serve worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python assets  ## Python and npm dependencies, pinned by requirements.lock and package-lock.json
	$(BIN)/pip install --quiet -c requirements.lock -e .

install-dev: $(BIN)/python assets
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"

assets:  ## NL Design System CSS and htmx from npm into static/vendor (never from a CDN); axe-core for the tests
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p src/wijkregie/static/vendor
	cp node_modules/@utrecht/component-library-css/dist/index.css src/wijkregie/static/vendor/utrecht.css
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css src/wijkregie/static/vendor/voorbeeld-theme.css
	cp node_modules/htmx.org/dist/htmx.min.js src/wijkregie/static/vendor/htmx.min.js

# The demo runs as production does (DEBUG off, the production server), on plain HTTP: wijkregie.conf.demo.
DEMO_ENV := DJANGO_SETTINGS_MODULE=wijkregie.conf.demo WIJKREGIE_REQUIRE_2FA=false

# The job worker runs beside the server (the demo lives: messages, terms, the fake provider's answers) and
# stops with it.
demo: install  ## set up, load the demo municipalities and serve on http://127.0.0.1:8000
	mkdir -p var
	$(DEMO_ENV) $(BIN)/wijkregie migrate --noinput
	$(DEMO_ENV) $(BIN)/wijkregie demo --history
	$(DEMO_ENV) $(BIN)/wijkregie worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	  $(DEMO_ENV) WIJKREGIE_BIND=127.0.0.1:8000 WIJKREGIE_WEB_WORKERS=2 $(BIN)/wijkregie serve

serve: install  ## Wijkregie under its production server (gunicorn); settings from the environment (docs/config.md)
	$(BIN)/wijkregie serve

worker: install  ## the recurring jobs on their schedule (run beside `serve`; docs/deploy.md)
	$(BIN)/wijkregie worker

browser:  ## Chromium for the browser tests, from Debian packages, when missing and allowed
	@bash scripts/ensure-chromium.sh

TEST_WORKERS ?= 2

test: install-dev browser  ## every test: layers, unit, policy, API, browser
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -n $(TEST_WORKERS)

# The machine clock set to each awkward moment of the suite's matrix in turn (wijkregie.core.testclock).
AWKWARD_MOMENTS = $(shell $(BIN)/python -c "from wijkregie.core.testclock import AWKWARD_MOMENTS as m; print(*m.values())" 2>/dev/null)

test-dates: install-dev browser  ## the whole suite once per awkward machine date: no answer may depend on it
	@for moment in $(AWKWARD_MOMENTS); do \
	  echo "== machine clock $$moment"; \
	  WIJKREGIE_TEST_MACHINE_CLOCK=$$moment $(BIN)/pytest -n $(TEST_WORKERS) -q -p no:cacheprovider || exit 1; \
	done

bench: install-dev  ## page, message, vroegsignalering and steering benchmarks at scale (not a test); see docs/benchmarks.md
	$(BIN)/python bench/pages.py $(BENCH_ARGS)
	$(BIN)/python bench/messages.py $(BENCH_MESSAGES_ARGS)
	$(BIN)/python bench/early_warning.py $(BENCH_EARLY_WARNING_ARGS)
	$(BIN)/python bench/early_warning_floor.py
	$(BIN)/python bench/monitoring.py $(BENCH_MONITORING_ARGS)

lint: install-dev  ## what CI checks besides the tests: style, types, layers and no missing migration
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy src
	$(BIN)/lint-imports
	mkdir -p var
	WIJKREGIE_REQUIRE_2FA=false $(BIN)/wijkregie makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules var src/wijkregie/static/vendor
