#!/usr/bin/env bash
# Builds the Python package (python/, PyO3 + maturin) as an abi3 wheel, installs it in a fresh virtual
# environment with the consumers its tests use (networkx, pyarrow, PySpark, Dask and the Java runtime PySpark
# needs), and runs pytest against the installed wheel, with the graphex binary for the byte-for-byte
# comparisons. Usage: bash scripts/python-tests.sh [pytest args...]
#
# VENV=DIR reuses a virtual environment (default: target/py-venv). With GRAPHEX_REQUIRE_CONSUMERS=1 (CI) a
# missing consumer fails the tests instead of skipping them.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
if ! command -v java >/dev/null; then
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y openjdk-17-jre-headless
fi

VENV=${VENV:-target/py-venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
# Pinned versions, as tested. PySpark 4 wants pandas (below 3) for its Arrow functions.
"$VENV/bin/pip" install --disable-pip-version-check -q \
    "maturin==1.16.0" \
    "pytest==9.2.0" \
    "networkx==3.6.1" \
    "pyarrow==26.0.1" \
    "pandas>=2.2,<3" \
    "pyspark==4.3.0" \
    "dask[bag]==2026.8.0"

cargo build --release --locked --quiet
rm -rf target/wheels
"$VENV/bin/maturin" build --release --locked -m python/Cargo.toml -i "$VENV/bin/python" -o target/wheels --quiet
"$VENV/bin/pip" install --disable-pip-version-check -q --force-reinstall --no-deps target/wheels/graphex-*.whl

# Run from the tests folder, so that `import graphex` is the installed wheel, not the source tree.
export GRAPHEX_BIN="$PWD/target/release/graphex"
export PYSPARK_PYTHON="$PWD/$VENV/bin/python"
cd python/tests
"../../$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
