# Tasks for working on paperlist. `make` alone lists them. The Quick start in README.md needs none
# of this: it is two commands.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: help install build test fast lint format typecheck bench
help:
	@echo "make install    create $(VENV) and install paperlist with its test tools"
	@echo "make build      import abstracts/ and build the site into site/"
	@echo "make test       the whole suite (what CI runs)"
	@echo "make fast       the edit loop: no browser, no slow end-to-end tests"
	@echo "make lint       ruff check, ruff format --check, mypy"
	@echo "make format     ruff format and ruff check --fix"
	@echo "make bench      classifier and scale benchmarks (print figures)"

install:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e ".[test]"

build:
	$(VENV)/bin/paperlist build

test:
	$(PY) -m pytest

fast:
	$(PY) -m pytest -m "not slow and not browser" -q

lint:
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/ruff format --check generator tests bench
	$(VENV)/bin/mypy generator

format:
	$(VENV)/bin/ruff format generator tests bench
	$(VENV)/bin/ruff check --fix generator tests bench

typecheck:
	$(VENV)/bin/mypy generator

bench:
	$(PY) bench/classifier.py
	$(PY) bench/scale.py
