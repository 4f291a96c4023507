# Two commands matter on a fresh machine: `make seed` and `make test`.
PY := .venv/bin/python
ATTRIB := .venv/bin/attrib
SHARED ?= ../shared

.PHONY: setup setup-test seed test lint bench silver train train-silver evaluate-model package

setup:
	bash .ci/setup-env.sh

setup-test:
	bash .ci/setup-env.sh test

# Attribute the seed article: one row per attribution (cue, speaker, content,
# kind, offsets), then the scores against its gold.
seed: setup
	$(ATTRIB) annotate seeds/seed-000.txt --format csv
	$(ATTRIB) evaluate seeds/seed-000.gold.jsonl --model rules

test: setup-test
	$(PY) -m ruff check attrib tests bench
	$(PY) -m pytest -q

lint:
	$(PY) -m ruff check attrib tests bench

bench:
	$(PY) bench/throughput.py --n 2000
	$(PY) bench/dask_throughput.py

# --- trained pipeline: silver data -> train -> evaluate -> package -----------
MODEL ?= build/models/cnn
SILVER ?= build/silver.jsonl
SILVER_LIMIT ?= 3000
MIN_CONFIDENCE ?= 0.8
TRAIN_CONFIG ?= training/cnn.cfg

silver:
	mkdir -p $(dir $(SILVER))
	$(ATTRIB) bootstrap $(SHARED)/corpus/news.jsonl -o $(SILVER) --limit $(SILVER_LIMIT) --min-confidence $(MIN_CONFIDENCE)

train:
	$(ATTRIB) train $(TRAIN_CONFIG) --train $(SHARED)/gold/train.jsonl --dev $(SHARED)/gold/dev.jsonl --output $(MODEL)

train-silver: silver
	cat $(SHARED)/gold/train.jsonl $(SILVER) > build/train+silver.jsonl
	$(ATTRIB) train $(TRAIN_CONFIG) --train build/train+silver.jsonl --dev $(SHARED)/gold/dev.jsonl --output $(MODEL)-silver

evaluate-model:
	$(ATTRIB) evaluate $(SHARED)/gold/dev.jsonl --model $(MODEL)/model-best

package:
	$(ATTRIB) package $(MODEL)/model-best build/packages
