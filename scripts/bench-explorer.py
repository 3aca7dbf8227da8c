#!/usr/bin/env python3
"""Time to the first drawn frame of the explorer page for a large graph, in headless Chromium.

Builds a synthetic graph (default 5,000 entities, 50,000 edges, a fifth of them relations with evidence) as
graphex node-link JSON, renders it with `graphex render … -o big.html` (timing the render, which includes the
layout), opens it in headless Chromium over WebDriver and reads `graphexExplorer.firstFrameMs()`: the
`performance.now()` of the end of the first full draw, counted from the start of the navigation (so it
includes reading and parsing the page and the embedded JSON). Best and median of five loads.

Usage: target/py-venv/bin/python scripts/bench-explorer.py [--nodes 5000] [--edges 50000]
(needs selenium, chromium and chromedriver: bash scripts/browser-tests.sh installs them).
"""

import argparse
import json
import pathlib
import random
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))


def synthetic(n, m, seed=1):
    rng = random.Random(seed)
    types = ["person", "organization", "product", "place"]
    nodes = []
    for i in range(n):
        t = types[i % 4]
        label = f"Entity {i}"
        nodes.append({"id": f"{t}:{label}", "label": label, "type": t, "aliases": [label, f"E{i}"],
                      "mentions": 1 + int(rng.paretovariate(1.5)), "document_count": 1,
                      "documents": {f"doc{i % 997}": 1}})
    sentences, edges, seen = [], [], set()
    while len(edges) < m:
        # Preferential attachment-like: low indices are hubs.
        a = int(n * rng.random() ** 2)
        b = rng.randrange(n)
        relation = rng.random() < 0.2
        key = rng.choice(["founded", "leads", "owns", "acquires"]) if relation else "co_occurrence"
        src, dst = sorted([nodes[a]["id"], nodes[b]["id"]]) if not relation else (nodes[a]["id"], nodes[b]["id"])
        if a == b or (src, dst, key) in seen:
            continue
        seen.add((src, dst, key))
        edge = {"source": src, "target": dst, "key": key, "kind": "relation" if relation else "co_occurrence",
                "weight": 1 + int(rng.paretovariate(2)), "evidence": []}
        if relation:
            edge["relation"] = key
            edge["confidence"] = 0.8
            doc = f"doc{len(edges) % 997}"
            sentences.append({"doc": doc, "start": len(sentences) * 100, "end": len(sentences) * 100 + 60,
                              "text": f"{nodes[a]['label']} {key} {nodes[b]['label']} in a sentence of about sixty chars."})
            edge["evidence"].append({"doc": doc, "start": sentences[-1]["start"], "end": sentences[-1]["end"],
                                     "sentence_id": len(sentences) - 1, "rule": f"en.{key}"})
        edges.append(edge)
    # The table is sorted by (doc, start, end, text); renumber the items to match.
    order = sorted(range(len(sentences)), key=lambda i: (sentences[i]["doc"], sentences[i]["start"], sentences[i]["end"], sentences[i]["text"]))
    new_id = {old: new for new, old in enumerate(order)}
    for e in edges:
        for ev in e["evidence"]:
            ev["sentence_id"] = new_id[ev["sentence_id"]]
    edges.sort(key=lambda e: (e["source"], e["target"], e["key"]))
    nodes.sort(key=lambda x: x["id"])
    return {"directed": True, "multigraph": True,
            "graph": {"format": "graphex-node-link/2", "generator": "bench-explorer", "window": "sentence",
                      "document_count": 997, "max_evidence": 3, "max_node_documents": 1000, "evidence": "text"},
            "nodes": nodes, "sentences": [sentences[i] for i in order], "edges": edges}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=50000)
    args = ap.parse_args()
    from conftest import graphex, start_browser, stop_browser  # the browser tests' helpers

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="graphex-explorer-"))
    (tmp / "big.json").write_text(json.dumps(synthetic(args.nodes, args.edges)), encoding="utf-8")
    started = time.perf_counter()
    graphex("render", tmp / "big.json", "-o", tmp / "big.html")
    render = time.perf_counter() - started
    size = (tmp / "big.html").stat().st_size
    driver = start_browser()
    times = []
    try:
        for _ in range(5):
            driver.get((tmp / "big.html").as_uri())
            times.append(driver.execute_script("return graphexExplorer.firstFrameMs()"))
            assert driver.execute_script("return graphexExplorer.nodeCount") == args.nodes
        click = driver.execute_script(
            "var t = performance.now(); document.getElementById('type-0').click(); "
            "return new Promise(r => requestAnimationFrame(() => r(performance.now() - t)))")
    finally:
        stop_browser(driver)
    print(f"{args.nodes} nodes, {args.edges} edges: graphex render {render:.2f} s (layout included), page "
          f"{size / 1e6:.1f} MB; first frame in headless Chromium {min(times):.0f} ms best, "
          f"{statistics.median(times):.0f} ms median of 5 (from navigation start); a type filter redrawn in "
          f"{click:.0f} ms")


if __name__ == "__main__":
    main()
