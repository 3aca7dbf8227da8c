#!/usr/bin/env bash
# Whole-CLI benchmark against the aho-corasick floor, in the same run, on the generated benchmark inputs of
# ../shared/bench (written to target/bench-data/, never committed).
#
#   scripts/bench.sh [--mb 20|200] [--entries 1000|100000|1000000]... [--threads "1 2"]
#
# For each dictionary size it prints: the floor (bare leftmost-longest scan, contiguous NFA: build time and
# MB/s, fastest of three passes), graphex extract end to end (startup, matching, sentences, graph, JSON
# written) in MB/s per thread count, the ratio graphex/floor, peak memory and the wall time of each stage
# (--timings), with discovery (the default) and without (--no-discover); then the startup time with the
# default dictionaries.
# Extraction runs build their automaton (no automaton cache, like the floor); the startup is measured both
# without the cache and with a warm one (see src/matching/cache.rs). Per-stage figures (matching, links, accumulation,
# graph, JSON) beside the same floor: `cargo bench --bench stages` (benches/stages.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=20
entries=()
threads="1 2"
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb="$2"; shift 2 ;;
    --entries) entries+=("$2"); shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "usage: $0 [--mb N] [--entries N]... [--threads \"1 2\"]" >&2; exit 2 ;;
  esac
done
[ ${#entries[@]} -gt 0 ] || entries=(100000)
gen=../shared/bench
data=target/bench-data
mkdir -p "$data"
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (/usr/bin/time; apt-get install time)" >&2; exit 1; }

cargo build --release --quiet --bin graphex --example floor
bin=target/release/graphex
floor=target/release/examples/floor

mbps() { python3 -c "print(f'{$1 / 1e6 / $2:.1f}')"; }

for n in "${entries[@]}"; do
  dict="$data/dict_$n.tsv"
  [ -f "$dict" ] || python3 "$gen/gen_dict.py" --entries "$n" --out "$dict"
  corpus="$data/corpus_${mb}m_$n.jsonl"
  [ -f "$corpus" ] || python3 "$gen/gen_corpus.py" --dict "$dict" --mb "$mb" --out "$corpus"
  bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1], encoding='utf-8')))" "$corpus")
  echo "== dictionary $n entries, corpus $mb MB ($bytes bytes of text)"
  f=$("$floor" "$dict" "$corpus")
  echo "floor (aho-corasick leftmost-longest, contiguous NFA): $f"
  # The aho-corasick figure (` mb_per_s=`), not daachorse's (`daachorse_mb_per_s=`, printed after it).
  floor_mbps=$(echo "$f" | sed -E 's/.* mb_per_s=([0-9.]+).*/\1/')
  for t in $threads; do
   for discovery in on off; do
    flag=()
    [ "$discovery" = off ] && flag=(--no-discover)
    out="$data/out.json"
    # A fresh output, as in a first run: replacing the previous run's gigabyte (its blocks and cached pages
    # freed during the rename) added 0.4-0.8 s to the outputs stage here.
    rm -f "$out"
    GRAPHEX_CACHE_DIR=off /usr/bin/time -f "%e %M" -o "$data/time" "$bin" extract "$corpus" --no-default-dicts --dict "$dict" \
      --threads "$t" -q --timings "${flag[@]}" -o "$out" 2>"$data/stderr" || { cat "$data/stderr" >&2; exit 1; }
    read -r secs kb < "$data/time"
    speed=$(mbps "$bytes" "$secs")
    ratio=$(python3 -c "print(f'{$speed / $floor_mbps:.2f}')")
    echo "graphex extract --threads $t, discovery $discovery: ${secs} s, ${speed} MB/s end to end, ratio to floor ${ratio}, peak memory $((kb / 1024)) MB, output $(($(stat -c %s "$out") / 1000000)) MB"
    echo "  $(grep -m1 'timings:' "$data/stderr" | sed 's/^graphex: //')"
   done
  done
done

echo "== startup with the default dictionaries (one tiny document)"
printf '{"id":"a","text":"Elon Musk"}\n' > "$data/tiny.jsonl"
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
for mode in off warm; do
  dir=off
  [ "$mode" = warm ] && dir="$cache"
  # The warm runs follow one that fills the cache.
  [ "$mode" = warm ] && GRAPHEX_CACHE_DIR="$dir" "$bin" extract "$data/tiny.jsonl" -q -o "$data/tiny.json"
  for i in 1 2 3; do
    GRAPHEX_CACHE_DIR="$dir" /usr/bin/time -f "%e %M" -o "$data/time" "$bin" extract "$data/tiny.jsonl" -q -o "$data/tiny.json"
    read -r secs kb < "$data/time"
    echo "automaton cache $mode, run $i: ${secs} s, peak memory $((kb / 1024)) MB"
  done
done
