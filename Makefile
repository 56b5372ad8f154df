# The README's commands. Each target bootstraps the virtualenv on first use.
# PYTHON is the newest of python3.13, 3.12 and 3.11 that runs, on the PATH or under pyenv.
PYTHON ?= $(or $(shell tools/find-python),python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-pg lint format bench serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/followthrough demo

serve: $(STAMP)
	$(BIN)/followthrough serve

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy src tests
	DJANGO_SETTINGS_MODULE=followthrough.settings.test $(BIN)/python -m django makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/followthrough bench

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
