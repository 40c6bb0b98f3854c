# Task runner: the README's two commands are `make tutor` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Programs the sandbox and the lessons need (bubblewrap isolates; the rest is what lessons teach).
SYSTEM_PACKAGES := bubblewrap man-db manpages vim less curl procps python3 python3-venv file

.PHONY: tutor test lint typecheck check verify bench screenshots system-deps venv test-deps clean

tutor: system-deps venv  ## install everything and start the tutor
	$(VENV)/bin/shelltutor

test: system-deps test-deps  ## install the test dependencies and run every check and test
	$(VENV)/bin/ruff check shelltutor tests benchmarks docs/screenshots.py
	$(VENV)/bin/ruff format --check shelltutor tests benchmarks docs/screenshots.py
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/shelltutor check
	$(PY) -m pytest -n auto

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

venv: $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e .

test-deps: $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e '.[test]'

lint: test-deps
	$(VENV)/bin/ruff check shelltutor tests benchmarks docs/screenshots.py
	$(VENV)/bin/ruff format --check shelltutor tests benchmarks docs/screenshots.py

typecheck: test-deps
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

check: venv  ## validate the built-in lessons
	$(VENV)/bin/shelltutor check

verify: venv  ## prove every built-in exercise
	$(VENV)/bin/shelltutor verify

bench: test-deps  ## print the benchmark tables
	for b in benchmarks/bench_*.py; do $(PY) $$b; done

screenshots: venv  ## redraw docs/screenshot-{en,ko}.svg for the README
	$(PY) docs/screenshots.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
