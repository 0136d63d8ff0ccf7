# The front door. Every target sets up what it needs (a pinned .venv, the CDK CLI in node_modules).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CDK := node_modules/.bin/cdk
PORT ?= 8000
export PYTHONPATH := $(CURDIR):$(CURDIR)/functions
# botocore may otherwise pick up a developer's real profile in tests
export AWS_EC2_METADATA_DISABLED := true

.PHONY: help setup demo local test test-fast synth lint bench clean

help:
	@echo "make demo   - run the scripted demo on the local stack, then exit"
	@echo "make local  - serve the local stack until Ctrl-C (API on http://127.0.0.1:$(PORT))"
	@echo "make test   - run every test (on every core)"
	@echo "make test-fast - every test but the slow ones (local stack, CDK synth, browser)"
	@echo "make synth  - CloudFormation for every stage into cdk.out/"
	@echo "make lint   - ruff + mypy + tsc (the console)"
	@echo "make bench  - benchmarks (bench <name> <value> <unit>, bench-results.json)"

$(VENV)/.installed: requirements.txt functions/requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check 'pip==26.0'
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The staff console and the help centre (web/): TypeScript + Preact bundled by esbuild into
# web/dist/console and web/dist/help, which the local stack serves at /console/ and /help-centre/
# and CDK uploads to the console's bucket.
CONSOLE_BUNDLE := web/dist/console/index.html
$(CONSOLE_BUNDLE): node_modules/.installed web/build.mjs web/tsconfig.json $(shell find web/src web/static web/static-help -type f)
	node web/build.mjs

# The Lambda package's pinned dependencies, downloaded for the Lambda platform once per lock
# (infra/dependency_cache.py), not again by every synth after a change to the code.
LAMBDA_DEPENDENCIES := .cache/lambda-dependencies/.built
$(LAMBDA_DEPENDENCIES): functions/requirements.txt $(VENV)/.installed
	$(PY) -m infra.dependency_cache > /dev/null
	touch $@

setup: $(VENV)/.installed node_modules/.installed $(CONSOLE_BUNDLE) $(LAMBDA_DEPENDENCIES)

demo: setup
	$(PY) -m local demo

local: setup
	PORT=$(PORT) $(PY) -m local serve --port $(PORT)

# Bytecode is written and compiled once before the workers start: with PYTHONDONTWRITEBYTECODE set
# (as on some CI images) every worker and every CLI subprocess compiled the project's modules again.
BYTECODE := PYTHONDONTWRITEBYTECODE= $(PY) -m compileall -q -j 0 functions local infra callctl bench app.py > /dev/null

# -n auto: one worker per core; tests sharing the local stack of a module or the synthesized app
# stay on one worker (xdist_group, set in tests/conftest.py), so each is built once.
test: setup
	$(BYTECODE)
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n auto --dist loadgroup

# tests/infra is slow as a whole (CDK): left uncollected, no worker starts jsii's Node.js for it.
test-fast: setup
	$(BYTECODE)
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n auto --dist loadgroup -m "not slow" --ignore=tests/infra

synth: setup
	rm -rf cdk.out chalice.out
	$(CDK) synth --quiet -c stage=dev -o cdk.out/dev > /dev/null
	$(CDK) synth --quiet -c stage=prod -o cdk.out/prod > /dev/null
	cp cdk.out/dev/*.template.json cdk.out/prod/*.template.json cdk.out/
	rm -rf chalice.out  # Chalice's packaging scratch space; the zips are assets in cdk.out now
	@ls cdk.out/*.template.json

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy functions local callctl bench tests
	node_modules/.bin/tsc -p web --noEmit
	# the CDK entry point is also called app.py: a separate run keeps the two modules apart
	$(VENV)/bin/mypy app.py infra

bench: setup
	BENCH_ONLY=$(ONLY) $(PY) -m bench

clean:
	rm -rf cdk.out chalice.out .pytest_cache .mypy_cache .ruff_cache bench-results.json web/dist .cache
