#!/usr/bin/env bash
# Tests the explorer page (graphex … -o graph.html) in a real browser: installs Debian's chromium and
# chromium-driver when missing, selenium in the Python test environment (target/py-venv, shared with
# scripts/python-tests.sh), builds the binary and runs pytest tests/browser.
# Usage: bash scripts/browser-tests.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

VENV=${VENV:-target/py-venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --disable-pip-version-check -q "pytest==9.2.0" "selenium==4.51.0"

cargo build --release --locked --quiet
export GRAPHEX_BIN="$PWD/target/release/graphex"
cd tests/browser
"../../$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
