#!/usr/bin/env bash
# Builds the cargo-fuzz targets in fuzz/ and runs each for a short time (default 20 s; FUZZ_SECONDS=N to
# change), printing per target how long it ran, how many inputs it tried and what it found. A crash fails
# the script (the reproducer is left in fuzz/artifacts/TARGET/). Used by .ci/run.
#
# libFuzzer needs a nightly compiler (-Z sanitizer): the nightly toolchain when rustup has one, else the
# stable one with RUSTC_BOOTSTRAP=1. cargo-fuzz is installed from crates.io when missing.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

SECONDS_PER_TARGET="${FUZZ_SECONDS:-20}"
TARGETS="${FUZZ_TARGETS:-dictionary rules extract exporters graph_json}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
if rustup run nightly rustc --version >/dev/null 2>&1; then
    FUZZ=(cargo +nightly fuzz)
else
    export RUSTC_BOOTSTRAP=1
    FUZZ=(cargo fuzz)
fi

for t in $TARGETS; do
    "${FUZZ[@]}" build "$t"
done

status=0
for t in $TARGETS; do
    mkdir -p "corpus/$t" "seeds/$t"
    start=$(date +%s)
    log="$(mktemp)"
    if "${FUZZ[@]}" run "$t" "corpus/$t" seeds/"$t" -- -max_total_time="$SECONDS_PER_TARGET" \
        -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
        result="no crash"
    else
        result="CRASH (see fuzz/artifacts/$t/)"
        status=1
        tail -40 "$log"
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz $t: $(( $(date +%s) - start )) s, $runs inputs, $result"
    rm -f "$log"
done
exit $status
