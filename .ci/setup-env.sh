#!/usr/bin/env bash
# Create .venv and install attrib (idempotent).
#   bash .ci/setup-env.sh          attrib alone: what `make seed` needs
#   bash .ci/setup-env.sh test     + test tools and the transformers extra (CPU torch)
set -euo pipefail
cd "$(dirname "$0")/.."
# setuptools prints a banner of build-backend warnings for editable installs
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore}"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install -q --upgrade pip
if [ "${1:-}" = "test" ]; then
    # CPU torch first: a plain spacy-transformers install would pull a 5.9 GB CUDA build.
    .venv/bin/pip install -q torch==2.13.0
    .venv/bin/pip install -q -e ".[dev,transformers]"
else
    .venv/bin/pip install -q -e .
fi
