# Tailor developer commands. `make help` lists them; `make test` is what CI runs.
# Every tool comes from .venv (created by `make install`), so nothing depends on
# what happens to be installed globally.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export RASA_TELEMETRY_ENABLED := false
# Our own modules' .pyc files, and pytest's rewritten test modules, are written on first
# import and reused by every later process (the venv's are written by `make install`).
unexport PYTHONDONTWRITEBYTECODE
export UV_PYTHON_DOWNLOADS := never

BIN := .venv/bin

# One pytest worker per core; the tests of the shared live stack stay on one worker.
PARALLEL := -n 2 --dist loadgroup

.PHONY: help install train run chat lint validate test test-fast evaluate benchmark clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: ## create or update .venv from uv.lock (installs uv first if missing)
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@# --compile-bytecode: the .pyc files are written once here, so no process compiles the
	@# sources of Rasa, TensorFlow and spaCy again when it starts (where PYTHONDONTWRITEBYTECODE
	@# is set, every process did: about 20 s of each Rasa start).
	python3 -m uv sync --frozen --compile-bytecode

train: install ## train the model into models/ (skipped while it matches domain, config and data)
	$(BIN)/tailor train

run: install train ## train if needed, then run action server, Rasa and web app (Ctrl-C stops)
	$(BIN)/tailor run --no-train

chat: install train ## talk to the bot in the terminal (starts Rasa if it is not running)
	$(BIN)/tailor chat

lint: install ## ruff lint and format check, and the layers' import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

validate: install ## Rasa's data validator, then ours: the training data against the catalog
	$(BIN)/tailor data check

test: install lint validate train ## everything CI checks: lint, data, unit + e2e tests (test stories among them)
	$(BIN)/pytest tests/ $(PARALLEL) --durations=25

test-fast: install train ## the inner loop: every test but the live stacks and the browser (~2.5 min)
	$(BIN)/pytest tests/ $(PARALLEL) -m "not e2e and not browser"

evaluate: install train ## every figure and target: held-out sets, cross-validation, stories, off-topic, product words
	$(BIN)/tailor evaluate

benchmark: install train ## print speed and size figures (NLU, widget size, console list/search, dashboard)
	$(BIN)/python benchmarks/nlu_speed.py
	$(BIN)/python benchmarks/widget_size.py
	$(BIN)/python benchmarks/staff_console.py
	$(BIN)/python benchmarks/dashboard.py

clean: ## remove models, test results, logs and caches (keeps .venv and the database)
	rm -rf models results var/logs test-artifacts .pytest_cache .ruff_cache .hypothesis
	find . -path ./.venv -prune -o -name __pycache__ -type d -exec rm -rf {} +
