#!/usr/bin/env bash
# Installs the programs the consumer tests run: Graphviz (renders our DOT) and Python networkx (reads our
# JSON; jsonschema checks it against schema/graph.schema.json). Idempotent; needs root (CI runs as root) or sudo.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

if ! command -v dot >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz >/dev/null
fi
dot -V

python3 -m pip install --quiet --disable-pip-version-check "networkx==3.4.2" "jsonschema>=4.23,<5"
python3 -c 'import networkx, jsonschema; print("networkx", networkx.__version__, "jsonschema", jsonschema.__version__)'
