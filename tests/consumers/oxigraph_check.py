"""Loads the graphex Turtle export into pyoxigraph and answers SPARQL queries.

usage: oxigraph_check.py DIR   (DIR holds g.json and g.ttl)
"""
import json
import sys
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox

d = Path(sys.argv[1])
ref = json.loads((d / "g.json").read_text(encoding="utf-8"))
store = ox.Store()
store.load(path=str(d / "g.ttl"), format=ox.RdfFormat.TURTLE)

PREFIX = """PREFIX gx: <urn:graphex:vocab:>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

labels = {}
for row in store.query(PREFIX + "SELECT ?e ?id ?label WHERE { ?e a gx:Entity ; gx:id ?id ; rdfs:label ?label }"):
    iri, nid, label = row["e"].value, row["id"].value, row["label"]
    assert unquote(iri.removeprefix("urn:graphex:entity:")) == nid, (iri, nid)
    assert label.language == "mul", label
    labels[nid] = label.value
want = {n["id"]: n["label"] for n in ref["nodes"]}
assert labels == want, (labels, want)

xai = "urn:graphex:entity:organization:xAI"
rows = store.query(
    PREFIX + f"SELECT DISTINCT ?id WHERE {{ {{ <{xai}> gx:coOccursWith ?b }} UNION {{ ?b gx:coOccursWith <{xai}> }} "
    "?b gx:id ?id } ORDER BY ?id"
)
got = [r["id"].value for r in rows]
x = "organization:xAI"
expected = sorted(
    {e["target"] if e["source"] == x else e["source"] for e in ref["edges"] if x in (e["source"], e["target"])}
)
assert got == expected, (got, expected)

# Who founded xAI? Relations are predicates of their own.
founders = [
    r["label"].value
    for r in store.query(PREFIX + f"SELECT ?label WHERE {{ ?p <urn:graphex:relation:founded> <{xai}> . ?p rdfs:label ?label }}")
]
assert founders == ["Elon Musk"], ("who founded xAI?", founders)

weights = {
    (r["s"].value, r["o"].value): int(r["w"].value)
    for r in store.query(
        PREFIX + "SELECT ?s ?o ?w WHERE { ?st a rdf:Statement ; rdf:subject ?s ; rdf:object ?o ; gx:weight ?w }"
    )
}
assert len(weights) == len({(e["source"], e["target"]) for e in ref["edges"]}), len(weights)
(n_evidence,) = [
    int(r["n"].value)
    for r in store.query(PREFIX + "SELECT (COUNT(?ev) AS ?n) WHERE { ?st gx:evidence ?ev }")
]
assert n_evidence == sum(len(e["evidence"]) for e in ref["edges"]), n_evidence
print(f"pyoxigraph: {len(labels)} entities, {len(store)} triples; xAI co-occurs with {', '.join(got)}")
