# One command surface for the four parts: the program (root), the component library
# (components/), the policy pack and library (policies/) and the operator CLI (auroractl/).
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
VENV := .venv
BIN := $(VENV)/bin
STACK ?= dev

.PHONY: venv plan plan-all compat test check lint typecheck imports lock dist schema config-docs bench clean

# The environment is rebuilt whenever the lock file changes.
$(BIN)/.synced: requirements.lock pyproject.toml components/pyproject.toml policies/pyproject.toml auroractl/pyproject.toml
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	@test -x $(BIN)/python || uv venv --quiet --python 3.11 $(VENV)
	uv pip sync --quiet --python $(BIN)/python --require-hashes --compile-bytecode requirements.lock
	uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e components -e policies -e auroractl -e .
	@touch $@

venv: $(BIN)/.synced

## plan: offline preview of a stack (dev by default), checked by the policy pack with that
## environment's policy config when policies/config/<stack>.json exists
POLICY_CONFIG = $(wildcard policies/config/$(STACK).json)
plan: venv
	$(BIN)/auroractl plan --stack $(STACK) $(if $(POLICY_CONFIG),--policy-pack-config $(POLICY_CONFIG))

## plan-all: every Pulumi.<stack>.yaml (its policies/config/<stack>.json when present) in
## preview and update mode, and the consumer example under its own pack; fails on a mandatory
## finding. The other examples are planned in both modes under the pack and must find exactly
## their expected-findings.yaml. SARIF_DIR=DIR also writes the program's SARIF logs there.
plan-all: venv
	$(BIN)/python scripts/plan-all-stacks --mode both $(if $(SARIF_DIR),--sarif-dir $(SARIF_DIR))
	$(BIN)/auroractl plan --project-dir examples/consumer --stack sandbox \
	  --policy-pack examples/acme-guardrails
	$(BIN)/python scripts/plan-all-stacks --project-dir examples/web-rds --mode both \
	  --policy-pack policies --mocks examples/web-rds/mocks.yaml \
	  --expect examples/web-rds/expected-findings.yaml
	$(BIN)/python scripts/plan-all-stacks --project-dir examples/aurora-existing-vpc --mode both \
	  --policy-pack policies --expect examples/aurora-existing-vpc/expected-findings.yaml

## compat: the auroractl wheel in clean environments next to the oldest (pulumi 3.204,
## pulumi-aws 6) and newest (pulumi 3.x, pulumi-aws 7) supported SDKs, a program planned in
## both modes (packages from the index)
compat: venv
	$(BIN)/python scripts/compat-check

## test: the whole suite, on both cores (pytest-xdist)
test: venv
	$(BIN)/pytest -q -n 2

## lint: formatting, lint rules and the import contracts
lint: venv imports
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: venv
	$(BIN)/mypy aurora_program auroractl/auroractl components/aurora_components policies/aurora_guardrails
	$(BIN)/mypy bench

## imports: the import contracts of pyproject.toml (no wrong-way imports, no cycles)
imports: venv
	$(BIN)/lint-imports

check: lint typecheck imports test

## dist: wheels and sdists of aurora-components, aurora-guardrails and auroractl into dist/
dist: venv
	$(BIN)/python scripts/build-dist --out dist

## schema: regenerate components/schema.json from the component code
schema: venv
	$(BIN)/python scripts/gen-schema

## config-docs: regenerate Pulumi.yaml's config block and the README's config table from
## the program's config contract (aurora_program/schema.py)
config-docs: venv
	$(BIN)/python scripts/gen-config

## bench: plan and migration benchmarks (not tests): Markdown tables to stdout and docs/bench.md
bench: venv
	$(BIN)/python bench/run.py
	$(BIN)/python bench/migrate_bench.py

## lock: re-resolve requirements.in into requirements.lock (hashes, no index URLs)
lock:
	uv pip compile --quiet --python-version 3.11 --generate-hashes --no-emit-index-url \
	  --no-emit-find-links --no-header --universal requirements.in -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
