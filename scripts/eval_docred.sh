#!/bin/sh
# Scores graphex relations on the English Re-DocRED dev set with a closed dictionary built from its gold
# (its entities are not in our dictionaries), without discovery: it measures the relation rules given the
# entities. Writes to /tmp only.
#
#   scripts/eval_docred.sh [EVAL_DIR] [extra graphex options...]
#   EVAL_DIR defaults to ../shared/eval beside the repository; set GRAPHEX to choose the binary (default: the newest of
#   target/release and target/debug); SCORE_ARGS=--errors lists misses and false positives.
#   DOCRED names the set inside EVAL_DIR (default docred-dev): the Re-DocRED train split converted with
#   `docred_to_gold.py --out-dir /tmp/docred-train` is scored by
#   `DOCRED=docred-train SCORER=../shared/eval/score.py scripts/eval_docred.sh /tmp` (SCORER defaults to
#   EVAL_DIR/score.py).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EVAL=${1:-$ROOT/../shared/eval}
[ $# -gt 0 ] && shift
BIN=${GRAPHEX:-}
if [ -z "$BIN" ]; then
    # The most recently built binary.
    BIN=$(ls -t "$ROOT/target/release/graphex" "$ROOT/target/debug/graphex" 2>/dev/null | head -n 1)
fi
SET=${DOCRED:-docred-dev}
OUT=${TMPDIR:-/tmp}/graphex-docred
mkdir -p "$OUT"
python3 "$ROOT/scripts/gold_dictionary.py" "$EVAL/$SET/gold.json" "$OUT/dictionary.tsv"
"$BIN" extract "$EVAL/$SET/texts" --no-default-dicts --dict "$OUT/dictionary.tsv" --no-discover -o "$OUT/pred.json" -q "$@" 2>"$OUT/warnings.txt" || { cat "$OUT/warnings.txt" >&2; exit 1; }
python3 "${SCORER:-$EVAL/score.py}" "$EVAL/$SET/gold.json" "$OUT/pred.json" ${SCORE_ARGS:-}
