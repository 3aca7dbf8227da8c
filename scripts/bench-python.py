#!/usr/bin/env python3
"""Benchmarks of the Python package against the command line, in the same run (issue 20's targets).

Needs the wheel installed in the running interpreter (bash scripts/python-tests.sh builds and installs it in
target/py-venv) and the release binary. Prints:

- the aho-corasick floor on the bench corpus (the reference every speed is a ratio to);
- `graphex extract --threads 1` extraction stage (from --timings) and `Extractor.extract(..., threads=1)`
  on the same documents, with the ratio between them, and whether both JSON outputs are byte-identical;
- `import graphex` + `Extractor()` with the default dictionaries (warm automaton cache);
- PySpark local[2] over the corpus in N partitions vs `graphex extract --threads 2`, with the time of each
  part (session start, the extraction job, the merge).

Usage: target/py-venv/bin/python scripts/bench-python.py [--mb 20] [--entries 100000] [--partitions 8]
"""

import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
GEN = REPO.parent / "shared" / "bench"
DATA = REPO / "target" / "bench-data"
BIN = REPO / "target" / "release" / "graphex"


def sh(*args, **kw):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, **kw)


def cli(corpus, dictionary, threads, out):
    started = time.perf_counter()
    proc = sh(BIN, "extract", corpus, "--no-default-dicts", "--dict", dictionary, "--threads", threads,
              "-q", "--timings", "-o", out)
    wall = time.perf_counter() - started
    # Extraction and graph building: what Extractor.extract does (it returns the finished graph).
    m = re.search(r"extraction ([0-9.]+) s .*graph ([0-9.]+) s", proc.stderr)
    return wall, float(m.group(1)) + float(m.group(2))


def docs_of(corpus):
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=20)
    ap.add_argument("--entries", type=int, default=100000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args()

    import graphex

    DATA.mkdir(parents=True, exist_ok=True)
    dictionary = DATA / f"dict_{args.entries}.tsv"
    if not dictionary.exists():
        sh(sys.executable, GEN / "gen_dict.py", "--entries", args.entries, "--out", dictionary)
    corpus = DATA / f"corpus_{args.mb}m_{args.entries}.jsonl"
    if not corpus.exists():
        sh(sys.executable, GEN / "gen_corpus.py", "--dict", dictionary, "--mb", args.mb, "--out", corpus)
    text_bytes = sum(len(d["text"].encode()) for d in docs_of(corpus))
    mb = text_bytes / 1e6
    sh("cargo", "build", "--release", "--quiet", "--bin", "graphex", "--example", "floor", cwd=REPO)
    floor = sh(REPO / "target" / "release" / "examples" / "floor", dictionary, corpus).stdout
    floor_mbps = float(re.search(r" mb_per_s=([0-9.]+)", floor).group(1))
    print(f"corpus {corpus.name}: {mb:.1f} MB of text; floor (aho-corasick) {floor_mbps:.1f} MB/s")

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="graphex-bench-"))
    os.environ.setdefault("GRAPHEX_CACHE_DIR", str(tmp / "cache"))

    # One thread: the CLI's extraction stage against Extractor.extract, interleaved, best of three each.
    # Extractor.extract is timed on a generator that parses the JSON Lines as it goes (what a notebook
    # does; the CLI's stage includes its own reading and parsing too) and on documents already in a list.
    cli_out = tmp / "cli.json"
    ex = graphex.Extractor(dicts=[dictionary], default_dicts=False, threads=1)
    in_memory = list(docs_of(corpus))
    cli_times, stream_times, list_times = [], [], []
    kept = []  # freeing a graph is not extraction: graphs are dropped after the timed runs
    for _ in range(3):
        cli_times.append(cli(corpus, dictionary, 1, cli_out)[1])
        started = time.perf_counter()
        kept.append(ex.extract(docs_of(corpus)))
        stream_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        kept.append(ex.extract(in_memory))
        list_times.append(time.perf_counter() - started)
    g = kept[0]
    del in_memory
    cli_stage, py_stage, list_stage = min(cli_times), min(stream_times), min(list_times)
    same = g.to_json() == cli_out.read_text(encoding="utf-8")
    print(f"one thread: CLI extraction + graph stages {cli_stage:.2f} s ({mb / cli_stage:.1f} MB/s, "
          f"{mb / cli_stage / floor_mbps:.3f}x floor); Extractor.extract over a JSON Lines generator "
          f"{py_stage:.2f} s ({mb / py_stage:.1f} MB/s, {mb / py_stage / floor_mbps:.3f}x floor, "
          f"{cli_stage / py_stage:.3f} of the CLI's throughput), over a list of dicts {list_stage:.2f} s "
          f"({cli_stage / list_stage:.3f} of the CLI's); same JSON bytes: {same}")

    # Import and build with the default dictionaries, in a fresh interpreter (the cache warm from the first).
    code = ("import time; t = time.perf_counter(); import graphex; i = time.perf_counter(); "
            "graphex.Extractor(); e = time.perf_counter(); print(i - t, e - i)")
    runs = [sh(sys.executable, "-c", code).stdout.split() for _ in range(3)]
    imp, build = sorted(runs, key=lambda r: float(r[0]) + float(r[1]))[0]
    print(f"import graphex {float(imp) * 1000:.0f} ms + Extractor() default dictionaries "
          f"{float(build) * 1000:.0f} ms (warm cache, best of 3; first run {float(runs[0][1]) * 1000:.0f} ms)")

    if args.no_spark:
        return
    # Two threads: the whole CLI process against PySpark local[2].
    cli_wall, cli2_stage = min(cli(corpus, dictionary, 2, cli_out) for _ in range(2))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    import graphex.spark
    from pyspark.sql import SparkSession

    started = time.perf_counter()
    spark = (SparkSession.builder.master("local[2]").appName("graphex-bench")
             .config("spark.ui.enabled", "false").config("spark.driver.memory", "4g")
             .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    session = time.perf_counter() - started
    started = time.perf_counter()
    df = spark.read.json(str(corpus)).repartition(args.partitions).cache()
    count = df.count()
    load = time.perf_counter() - started
    options = dict(dicts=[str(dictionary)], default_dicts=False)
    started = time.perf_counter()
    merged = graphex.spark.extract(df, **options)
    total = time.perf_counter() - started
    # The merge alone: the partial graphs collected (for this measurement only) and merged on the driver.
    partials = df.mapInArrow(
        lambda batches: iter([graphex.spark.extractor(**options).extract_arrow(batches, threads=1)]),
        "graph binary, documents long").collect()
    blobs = [bytes(r["graph"]) for r in partials]
    started = time.perf_counter()
    graphex.merge(blobs)
    merge_alone = time.perf_counter() - started
    same = merged.to_json() == cli_out.read_text(encoding="utf-8")
    print(f"two threads: CLI --threads 2 whole process {cli_wall:.2f} s (extraction + graph stages {cli2_stage:.2f} s); "
          f"PySpark local[2], {args.partitions} partitions, {count} documents: graphex.spark.extract "
          f"{total:.2f} s ({total / cli_wall:.2f}x the CLI process), plus session start {session:.2f} s and "
          f"reading + caching the JSON Lines {load:.2f} s; merging the {len(blobs)} partial graphs "
          f"({sum(map(len, blobs)) / 1e6:.0f} MB of JSON) on one core {merge_alone:.2f} s; "
          f"same JSON bytes as the CLI: {same}")
    spark.stop()


if __name__ == "__main__":
    main()
