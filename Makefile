# Task runner: the README's two commands are `make tutor` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The Python to make the virtualenv with (default: the first of python3, python3.14 ... python3.11 that is >= 3.11).
PYTHON ?=
export PYTHON
# `make test-as-user` (root only, what CI runs after `make test`): the same suite as this ordinary user.
TEST_USER ?= shelltutor-ci
# Extra pytest arguments (test-as-user leaves out the lesson gradings marked `corpus`: the root run made them).
PYTEST_ARGS ?=
# Test workers: the sandbox tests mostly wait (for commands, sleeps, timeouts), so one more than the cores
# (twice the cores made the lessons' timed gradings flaky on 2 cores). `--dist loadgroup` keeps the answers of one
# exercise on one worker (tests/lessons/test_answer_corpus.py), whose reference runs are then made once.
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
# Programs the sandbox and the lessons need (bubblewrap isolates; the rest is what lessons teach).
SYSTEM_PACKAGES := bubblewrap man-db manpages vim less curl procps python3 python3-venv file zip unzip openssh-client openssh-server rsync iproute2 lsof shellcheck
# What only the tests need: a real Chromium for the browser tests (Playwright drives this one; no browser download).
TEST_SYSTEM_PACKAGES := chromium

.PHONY: class-report-screenshot serve-screenshot test-system-deps tutor test suite test-as-user lint typecheck check verify bench screenshots system-deps venv test-deps clean

tutor: system-deps venv  ## install everything and start the tutor
	$(VENV)/bin/shelltutor

test: system-deps test-system-deps test-deps lint typecheck check suite  ## install the test dependencies and run every check and test

suite: test-deps  ## the pytest suite alone (what `make test` runs after the static checks)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

test-as-user:  ## as root: run the test suite again as an ordinary user, in a copy of this checkout
	bash scripts/test-as-user.sh $(TEST_USER)

system-deps:
	@bash scripts/setup.sh system-deps $(SYSTEM_PACKAGES)

test-system-deps:
	@bash scripts/setup.sh system-deps $(TEST_SYSTEM_PACKAGES)

venv:
	@bash scripts/setup.sh install $(VENV) run

test-deps:
	@bash scripts/setup.sh install $(VENV) test

lint: test-deps
	$(VENV)/bin/ruff check shelltutor tests benchmarks scripts docs/screenshots.py docs/class_report_screenshot.py docs/serve_screenshot.py
	$(VENV)/bin/ruff format --check shelltutor tests benchmarks scripts docs/screenshots.py docs/class_report_screenshot.py docs/serve_screenshot.py

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

class-report-screenshot: venv  ## redraw docs/class-report.png (six learners drive the tutor; ~3 min)
	$(PY) docs/class_report_screenshot.py

serve-screenshot: venv test-deps test-system-deps  ## redraw docs/serve-course-map-{en,ko}.png (Chromium; Korean needs fonts-nanum)
	$(PY) docs/serve_screenshot.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
