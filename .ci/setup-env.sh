#!/usr/bin/env bash
# Create .venv and install attrib with its test dependencies (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install -q --upgrade pip
# CPU torch first: a plain spacy-transformers install would pull a 5.9 GB CUDA build.
.venv/bin/pip install -q torch==2.13.0
.venv/bin/pip install -q -e ".[dev,transformers]"
