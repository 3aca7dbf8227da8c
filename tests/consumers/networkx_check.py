"""Reads graphex exports with networkx and compares them with the node-link JSON (the reference).

usage: networkx_check.py DIR   (DIR holds g.json, g-links.json, g.graphml, g.gexf, g.cyjs)
Exits non-zero with a message on any mismatch.
"""
import json
import sys
from pathlib import Path

import networkx as nx
from networkx.readwrite import gexf as nx_gexf

d = Path(sys.argv[1])
ref = json.loads((d / "g.json").read_text(encoding="utf-8"))
nodes = {n["id"]: n for n in ref["nodes"]}
edges = {(e["source"], e["target"], e["key"]): e for e in ref["edges"]}
# Evidence sentences are stored once, in the top-level table that networkx leaves aside; items name a row.
sentences = ref["sentences"]
assert sentences, "the fixture has evidence sentences"


def sentence_of(item):
    if "sentence" in item:  # Cytoscape.js JSON keeps each sentence inline
        return item["sentence"]
    row = sentences[item["sentence_id"]]
    assert (row["doc"], row["start"], row["end"]) == (item["doc"], item["start"], item["end"]), (row, item)
    return row["text"]


def check(name, g):
    assert g.number_of_nodes() == len(nodes), (name, g.number_of_nodes(), len(nodes))
    assert g.number_of_edges() == len(edges), (name, g.number_of_edges(), len(edges))
    for nid, n in nodes.items():
        a = g.nodes[nid]
        assert a["label"] == n["label"], (name, nid, a["label"], n["label"])
        assert int(a["mentions"]) == n["mentions"], (name, nid)
        assert a["type"] == n["type"], (name, nid)
    multi = g.is_multigraph()
    for edge in g.edges(keys=True, data=True) if multi else g.edges(data=True):
        u, v, data = edge[0], edge[1], edge[-1]
        key = data.get("key", data.get("edge_key", edge[2] if multi else None))
        e = edges[(u, v, key)]
        assert int(data["weight"]) == e["weight"], (name, u, v)
        if e["evidence"] and "evidence" in data:
            first = data["evidence"]
            if isinstance(first, list):
                first = sentence_of(first[0])
            want = sentence_of(e["evidence"][0])
            assert first == want, (name, first, want)
    print(f"{name}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges match")


g = nx.node_link_graph(ref, edges="edges")
check("node-link JSON", g)

links = json.loads((d / "g-links.json").read_text(encoding="utf-8"))
assert "links" in links and "edges" not in links
check("node-link JSON (links)", nx.node_link_graph(links, edges="links"))

g = nx.read_graphml(d / "g.graphml")
check("GraphML", g)
# Discovered entities carry their source, cue and confidence (a number) in GraphML and GEXF.
discovered = {nid: n for nid, n in nodes.items() if n.get("attributes", {}).get("source") == "discovered"}
assert discovered, "the fixture corpus has names no dictionary holds"


def check_discovered(name, g):
    for nid, n in discovered.items():
        a = g.nodes[nid]
        assert a["source"] == "discovered", (name, nid, a)
        assert a["cue"] == n["attributes"]["cue"], (name, nid, a)
        assert isinstance(a["confidence"], float), (name, nid, a)
        assert abs(a["confidence"] - float(n["attributes"]["confidence"])) < 1e-9, (name, nid, a)
    for nid, a in g.nodes(data=True):
        if nid not in discovered:
            assert "source" not in a or a["source"] != "discovered", (name, nid)


check_discovered("GraphML", g)
assert isinstance(next(iter(g.nodes(data="mentions")))[1], int), "GraphML mentions typed as long"

# networkx (3.4) knows the GEXF namespaces 1.1draft and 1.2draft only. GEXF 1.3 keeps the element and
# attribute structure of 1.2 for everything graphex writes, so register the 1.3 namespace with the 1.2
# parsing rules rather than rewriting the file.
nx_gexf.GEXF.versions["1.3"] = dict(
    nx_gexf.GEXF.versions["1.2draft"],
    NS_GEXF="http://gexf.net/1.3",
    NS_VIZ="http://gexf.net/1.3/viz",
    SCHEMALOCATION="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
)
g = nx.read_gexf(d / "g.gexf", version="1.3")
check("GEXF 1.3", g)
check_discovered("GEXF 1.3", g)
assert all("viz" in a for _, a in g.nodes(data=True)), "GEXF viz colours read"

cy = json.loads((d / "g.cyjs").read_text(encoding="utf-8"))
check("Cytoscape.js JSON", nx.cytoscape_graph(cy))
