# Two commands matter on a fresh machine: `make seed` and `make test`.
PY := .venv/bin/python
ATTRIB := .venv/bin/attrib
SHARED ?= ../shared

.PHONY: setup seed test lint bench

setup:
	bash .ci/setup-env.sh

seed: setup
	$(ATTRIB) annotate seeds/seed-000.txt --format jsonl
	$(ATTRIB) evaluate seeds/seed-000.gold.jsonl --model rules

test: setup
	$(PY) -m ruff check attrib tests bench
	$(PY) -m pytest -q

lint:
	$(PY) -m ruff check attrib tests bench
