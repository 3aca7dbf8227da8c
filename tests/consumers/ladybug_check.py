"""Loads graphex exports into LadybugDB (the successor of Kùzu) and queries them.

usage: ladybug_check.py DIR   (DIR holds g.json, g.nodes.neo4j.csv, g.edges.neo4j.csv, g-kuzu.cypher)
1. COPY the Neo4j admin-import CSV files (read positionally: ids first; parallel=false because evidence
   may hold quoted line breaks) into tables;
2. run the Kùzu-dialect Cypher script twice into another database: weights must double, nothing duplicates;
3. in both, Cypher answers "which entities co-occur with xAI?" as the JSON says, and every label
   (quotes, backslashes, <, &, non-ASCII, formula prefixes) comes back unchanged.
"""
import json
import sys
import tempfile
from pathlib import Path

import ladybug as lb

d = Path(sys.argv[1])
ref = json.loads((d / "g.json").read_text(encoding="utf-8"))
labels = {n["id"]: n["label"] for n in ref["nodes"]}
xai = "organization:xAI"
expected = sorted(
    {e["target"] if e["source"] == xai else e["source"] for e in ref["edges"] if xai in (e["source"], e["target"])}
)
assert expected, "the test corpus links xAI to something"


def rows(conn, query):
    result = conn.execute(query)
    out = []
    while result.has_next():
        out.append(result.get_next())
    return out


def founders(conn):
    """Who founded xAI? Relation edges carry their type in the key."""
    q = (
        "MATCH (p:Entity)-[r]->(o:Entity {id: 'organization:xAI'}) "
        "WHERE r.key = 'founded' RETURN DISTINCT p.label ORDER BY p.label"
    )
    return [r[0] for r in rows(conn, q)]


def neighbours(conn):
    q = (
        "MATCH (a:Entity {id: 'organization:xAI'})-[r]-(b:Entity) "
        "WHERE r.kind = 'co_occurrence' RETURN DISTINCT b.id ORDER BY b.id"
    )
    return [r[0] for r in rows(conn, q)]


tmp = Path(tempfile.mkdtemp())

# 1. CSV
conn = lb.Connection(lb.Database(str(tmp / "csv.lbug")))
conn.execute(
    "CREATE NODE TABLE Entity(id STRING, label STRING, type STRING, mentions INT64, document_count INT64, "
    "aliases STRING, external_id STRING, labels STRING, PRIMARY KEY (id))"
)
conn.execute(
    "CREATE REL TABLE Link(FROM Entity TO Entity, rel_type STRING, key STRING, kind STRING, weight INT64, "
    "confidence DOUBLE, hedged_weight INT64, implicit_weight INT64, evidence STRING, evidence_doc STRING)"
)
conn.execute(f"COPY Entity FROM '{d / 'g.nodes.neo4j.csv'}' (header=true, parallel=false)")
conn.execute(f"COPY Link FROM '{d / 'g.edges.neo4j.csv'}' (header=true, parallel=false)")
got = neighbours(conn)
assert got == expected, ("CSV", got, expected)
# The CSV guards formula prefixes with a quote (for spreadsheets); everything else is verbatim.
for nid, label in rows(conn, "MATCH (n:Entity) RETURN n.id, n.label"):
    want = labels[nid]
    if want[:1] in ("=", "+", "-", "@", "\t", "\r"):
        want = "'" + want
    assert label == want, ("CSV label", label, want)
first = {(e["source"], e["target"], e["key"]): ref["sentences"][e["evidence"][0]["sentence_id"]]["text"] for e in ref["edges"] if e["evidence"]}
for a, b, key, ev in rows(conn, "MATCH (a)-[r:Link]->(b) RETURN a.id, b.id, r.key, r.evidence"):
    want = first[(a, b, key)]
    if want[:1] in ("=", "+", "-", "@", "\t", "\r"):
        want = "'" + want
    assert ev == want, ("CSV evidence", ev, want)
(count,) = rows(conn, "MATCH ()-[r:Link]->() RETURN count(r)")[0]
assert count == len(ref["edges"]), ("CSV edges", count)
assert founders(conn) == ["Elon Musk"], ("CSV: who founded xAI?", founders(conn))
print(f"LadybugDB CSV: {len(labels)} entities, {count} edges; xAI co-occurs with {', '.join(got)}; founded by Elon Musk")

# 2. Cypher script, twice
conn = lb.Connection(lb.Database(str(tmp / "cypher.lbug")))
script = (d / "g-kuzu.cypher").read_text(encoding="utf-8")
for _ in range(2):
    conn.execute(script)
got = neighbours(conn)
assert got == expected, ("Cypher", got, expected)
for nid, label, mentions in rows(conn, "MATCH (n:Entity) RETURN n.id, n.label, n.mentions"):
    assert label == labels[nid], ("Cypher label", label, labels[nid])
    want = 2 * next(n["mentions"] for n in ref["nodes"] if n["id"] == nid)
    assert mentions == want, ("mentions after loading twice", nid, mentions, want)
(count,) = rows(conn, "MATCH ()-[r]->() RETURN count(r)")[0]
assert count == len(ref["edges"]), ("Cypher edges after loading twice", count)
for a, b, key, ev in rows(conn, "MATCH (a)-[r]->(b) RETURN a.id, b.id, r.key, r.evidence"):
    assert ev == first[(a, b, key)], ("Cypher evidence", ev, first[(a, b, key)])
(total,) = rows(conn, "MATCH ()-[r]->() RETURN sum(r.weight)")[0]
assert total == 2 * sum(e["weight"] for e in ref["edges"]), ("weights", total)
assert founders(conn) == ["Elon Musk"], ("Cypher: who founded xAI?", founders(conn))
discovered = sorted(
    (n["id"], float(n["attributes"]["confidence"]))
    for n in ref["nodes"]
    if n.get("attributes", {}).get("source") == "discovered"
)
assert discovered, "the test corpus has discovered entities"
got_discovered = [
    tuple(r)
    for r in rows(conn, "MATCH (n:Entity) WHERE n.source = 'discovered' RETURN n.id, n.confidence ORDER BY n.id")
]
assert got_discovered == discovered, ("Cypher discovered", got_discovered, discovered)
print(f"LadybugDB Cypher (loaded twice): {count} edges, weights doubled; xAI co-occurs with {', '.join(got)}; founded by Elon Musk")
