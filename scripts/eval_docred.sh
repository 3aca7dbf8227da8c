#!/bin/sh
# Scores graphex relations on the English Re-DocRED dev set with a closed dictionary built from its gold
# (its entities are not in our dictionaries). Writes to /tmp only.
#
#   scripts/eval_docred.sh [EVAL_DIR] [extra graphex options...]
#   EVAL_DIR defaults to /work/shared/eval; set GRAPHEX to choose the binary (default: the newest of
#   target/release and target/debug); SCORE_ARGS=--errors lists misses and false positives.
set -eu
EVAL=${1:-/work/shared/eval}
[ $# -gt 0 ] && shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${GRAPHEX:-}
if [ -z "$BIN" ]; then
    # The most recently built binary.
    BIN=$(ls -t "$ROOT/target/release/graphex" "$ROOT/target/debug/graphex" 2>/dev/null | head -n 1)
fi
OUT=${TMPDIR:-/tmp}/graphex-docred
mkdir -p "$OUT"
python3 - "$EVAL/docred-dev/gold.json" "$OUT/dictionary.tsv" <<'PY'
import json, sys
gold = json.load(open(sys.argv[1], encoding="utf-8"))
seen = {}
for doc in gold["docs"]:
    for e in doc["entities"]:
        key = (e["type"], e["name"])
        forms = seen.setdefault(key, set())
        forms.update(s for s in e.get("surface", []) if s != e["name"])
clean = lambda s: s.replace("\t", " ").replace("|", " ").replace("\n", " ").strip()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("type\tname\taliases\n")
    for (t, name), forms in sorted(seen.items()):
        out.write(f"{clean(t)}\t{clean(name)}\t{'|'.join(sorted(clean(f) for f in forms if clean(f)))}\n")
PY
"$BIN" extract "$EVAL/docred-dev/texts" --no-default-dicts --dict "$OUT/dictionary.tsv" -o "$OUT/pred.json" -q "$@" 2>"$OUT/warnings.txt" || { cat "$OUT/warnings.txt" >&2; exit 1; }
python3 "$EVAL/score.py" "$EVAL/docred-dev/gold.json" "$OUT/pred.json" ${SCORE_ARGS:-}
