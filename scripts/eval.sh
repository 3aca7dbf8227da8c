#!/usr/bin/env bash
# Scores graphex on every evaluation set of ../shared/eval with its score.py, and prints one table:
#
#   seeds-fr       the five French seed articles, default dictionaries (and with the closed dictionary
#                  built from their gold: --no-default-dicts --dict seeds/dictionary.tsv)
#   news-dev       French and English business news excerpts, default dictionaries
#   docred-dev     Re-DocRED dev (English Wikipedia), default dictionaries (entities) and a closed
#                  dictionary built from its gold without discovery (relations given the entities)
#
# Usage: scripts/eval.sh [SHARED_DIR] [extra graphex options...]   (SHARED_DIR: ../shared by default)
#   VERBOSE=1 also prints score.py's full report of each run; ERRORS=1 its list of errors.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared}"
[ $# -gt 0 ] && shift
if [ ! -f "$shared/eval/score.py" ]; then
  echo "eval: $shared/eval/score.py not found; skipping the evaluation" >&2
  exit 0
fi
cargo build --release --quiet
bin=target/release/graphex
eval="$shared/eval"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The closed Re-DocRED dictionary: every gold entity with its surface forms.
python3 scripts/gold_dictionary.py "$eval/docred-dev/gold.json" "$out/docred-dictionary.tsv"

# name|gold|input|graphex options
runs=(
  "seeds-fr|$eval/seeds/gold.json|$shared/corpus/seeds-fr|"
  "seeds-fr, closed dictionary|$eval/seeds/gold.json|$shared/corpus/seeds-fr|--no-default-dicts --dict $eval/seeds/dictionary.tsv"
  "news-dev|$eval/news-dev/gold.json|$eval/news-dev/texts|"
  "news-dev, no discovery|$eval/news-dev/gold.json|$eval/news-dev/texts|--no-discover"
  "docred-dev|$eval/docred-dev/gold.json|$eval/docred-dev/texts|"
  "docred-dev, closed dictionary|$eval/docred-dev/gold.json|$eval/docred-dev/texts|--no-default-dicts --dict $out/docred-dictionary.tsv --no-discover"
)
i=0
for run in "${runs[@]}"; do
  IFS='|' read -r name gold input options <<<"$run"
  # shellcheck disable=SC2086
  "$bin" extract "$input" -q $options "$@" -o "$out/$i.json" 2>"$out/$i.err" || { cat "$out/$i.err" >&2; exit 1; }
  python3 "$eval/score.py" "$gold" "$out/$i.json" --json >"$out/$i.score"
  if [ -n "${VERBOSE:-}" ] || [ -n "${ERRORS:-}" ]; then
    echo "== $name"
    python3 "$eval/score.py" "$gold" "$out/$i.json" ${ERRORS:+--errors}
  fi
  echo "$name" >"$out/$i.name"
  i=$((i + 1))
done

python3 - "$out" "$i" <<'PY'
import json, sys
out, n = sys.argv[1], int(sys.argv[2])
head = f"{'set':<32} {'entities P':>10} {'R':>6} {'F1':>6}   {'explicit rel. P':>15} {'R':>6} {'F1':>6}  {'tp/pred/gold':>13}"
print(head)
print("-" * len(head))
for i in range(n):
    name = open(f"{out}/{i}.name", encoding="utf-8").read().strip()
    s = json.load(open(f"{out}/{i}.score", encoding="utf-8"))
    e, r = s["entities"]["typed"], s["relations"]["explicit"]
    print(f"{name:<32} {e['p']:>10.3f} {e['r']:>6.3f} {e['f1']:>6.3f}   {r['p']:>15.3f} {r['r']:>6.3f} {r['f1']:>6.3f}  "
          f"{r['tp']:>4}/{r['pred']:>3}/{r['gold']:>3}")
PY
