#!/usr/bin/env bash
# Start a real doccano server for the integration tests; sourced by .ci/run.
#
# Runs `attrib doccano serve` (which installs doccano 1.8 into its own venv
# under the home on first use) in the background on 127.0.0.1, waits until
# /v1/health/ answers, and exports DOCCANO_URL, DOCCANO_USERNAME and
# DOCCANO_PASSWORD for the tests. The server is stopped when the sourcing
# shell exits. Overridable: DOCCANO_HOME_DIR, DOCCANO_PORT, DOCCANO_WAIT_S.

DOCCANO_HOME_DIR="${DOCCANO_HOME_DIR:-$PWD/.doccano-home}"
DOCCANO_PORT="${DOCCANO_PORT:-8000}"
DOCCANO_WAIT_S="${DOCCANO_WAIT_S:-900}"
export DOCCANO_URL="http://127.0.0.1:${DOCCANO_PORT}"
export DOCCANO_USERNAME="${DOCCANO_USERNAME:-admin}"
if [ -z "${DOCCANO_PASSWORD:-}" ]; then
    DOCCANO_PASSWORD="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(18))')"
fi
export DOCCANO_PASSWORD

mkdir -p "$DOCCANO_HOME_DIR"
echo "starting doccano on $DOCCANO_URL (home $DOCCANO_HOME_DIR; first start installs it)"
nohup .venv/bin/attrib doccano serve --home "$DOCCANO_HOME_DIR" --port "$DOCCANO_PORT" \
    --username "$DOCCANO_USERNAME" >"$DOCCANO_HOME_DIR/serve.log" 2>&1 </dev/null &
DOCCANO_SERVE_PID=$!
trap 'kill "$DOCCANO_SERVE_PID" 2>/dev/null || true; wait "$DOCCANO_SERVE_PID" 2>/dev/null || true' EXIT

_doccano_healthy() {
    .venv/bin/python - "$DOCCANO_URL" <<'PY'
import sys

import requests

try:
    ok = requests.get(sys.argv[1] + "/v1/health/", timeout=5).status_code == 200
except requests.RequestException:
    ok = False
sys.exit(0 if ok else 1)
PY
}

_doccano_waited=0
until _doccano_healthy; do
    if ! kill -0 "$DOCCANO_SERVE_PID" 2>/dev/null; then
        echo "doccano serve exited before becoming healthy:" >&2
        tail -n 40 "$DOCCANO_HOME_DIR/serve.log" >&2
        return 1 2>/dev/null || exit 1
    fi
    if [ "$_doccano_waited" -ge "$DOCCANO_WAIT_S" ]; then
        echo "doccano not healthy after ${DOCCANO_WAIT_S}s; see $DOCCANO_HOME_DIR/logs" >&2
        return 1 2>/dev/null || exit 1
    fi
    sleep 2
    _doccano_waited=$((_doccano_waited + 2))
done
echo "doccano is up at $DOCCANO_URL"
