#!/usr/bin/env bash
# Scores graphex on the seed corpus with ../shared/eval/score.py: with the default dictionaries, and with the
# closed dictionary built from the gold (--no-default-dicts --dict ../shared/eval/seeds/dictionary.tsv).
# Usage: scripts/eval.sh [SHARED_DIR]   (default: ../shared next to the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared}"
if [ ! -f "$shared/eval/score.py" ]; then
  echo "eval: $shared/eval/score.py not found; skipping the evaluation" >&2
  exit 0
fi
cargo build --release --quiet
bin=target/release/graphex
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "-- seeds-fr, default dictionaries"
"$bin" extract "$shared/corpus/seeds-fr" -q -o "$out/default.json"
python3 "$shared/eval/score.py" "$shared/eval/seeds/gold.json" "$out/default.json"

echo "-- seeds-fr, closed dictionary (seeds/dictionary.tsv)"
"$bin" extract "$shared/corpus/seeds-fr" -q --no-default-dicts --dict "$shared/eval/seeds/dictionary.tsv" -o "$out/closed.json"
python3 "$shared/eval/score.py" "$shared/eval/seeds/gold.json" "$out/closed.json"
