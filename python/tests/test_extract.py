"""The Python API gives what the command line gives, and fails the way it does."""

import itertools
import json
import pickle
import random

import pytest

import graphex
from conftest import run_cli


def test_seed_articles_give_the_cli_bytes(graphex_bin, seed_files, extractor, tmp_path):
    out = tmp_path / "cli.json"
    run_cli(graphex_bin, "extract", *seed_files, "-o", out, "-q")
    docs = [(f.name, f.read_text(encoding="utf-8")) for f in seed_files]
    assert extractor.extract(docs).to_json() == out.read_text(encoding="utf-8")


def test_metadata_records_give_the_cli_bytes(graphex_bin, corpus, extractor, tmp_path):
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in corpus), encoding="utf-8")
    out = tmp_path / "cli.json"
    run_cli(graphex_bin, "extract", jsonl, "-o", out, "-q")
    g = extractor.extract(iter(corpus))  # a one-shot iterator: streamed, not indexed
    assert g.to_json() == out.read_text(encoding="utf-8")
    assert json.loads(g.to_json())["graph"]["documents"], "metadata kept"


def test_options_match_the_cli_flags(graphex_bin, seed_files, tmp_path):
    out = tmp_path / "cli.json"
    run_cli(graphex_bin, "extract", *seed_files, "-o", out, "-q", "--no-discover", "--window", "paragraph",
            "--max-evidence", "1", "--evidence", "offsets")
    ex = graphex.Extractor(window="paragraph", max_evidence=1, discover=False, evidence="offsets")
    assert not ex.discovers
    docs = [(f.name, f.read_text(encoding="utf-8")) for f in seed_files]
    assert ex.extract(docs).to_json() == out.read_text(encoding="utf-8")


def test_thread_count_does_not_change_the_bytes(corpus, extractor):
    one = extractor.extract(corpus, threads=1).to_json()
    assert extractor.extract(corpus, threads=2).to_json() == one


def test_documents_as_strings_pairs_and_dicts(extractor):
    text = "La start-up xAI, fondée par Elon Musk, lève des fonds."
    a = extractor.extract([text])
    b = extractor.extract([("0", text)])
    c = extractor.extract([{"id": "0", "text": text}])
    d = extractor.extract([(0, text)])
    assert a.to_json() == b.to_json() == c.to_json() == d.to_json()
    assert a.node_count == 2 and a.document_count == 1
    assert any(e["kind"] == "relation" for e in a.edges())


def test_merge_in_any_order_and_grouping_gives_one_run(corpus, extractor):
    single = extractor.extract(corpus).to_json()
    rng = random.Random(7)
    docs = list(corpus)
    rng.shuffle(docs)
    parts = [extractor.extract(docs[i::4]) for i in range(4)]
    for order in itertools.permutations(range(4)):
        assert graphex.merge([parts[i] for i in order]).to_json() == single
    a, b, c, d = parts
    nested = graphex.merge([graphex.merge([a, graphex.merge([c, b])]), d])
    assert nested.to_json() == single
    # JSON (str or bytes) merges as the graphs do.
    assert graphex.merge([p.to_bytes() for p in parts]).to_json() == single
    assert graphex.merge([p.to_json() for p in reversed(parts)]).to_json() == single


def test_to_networkx_equals_node_link_graph_of_the_json(corpus, extractor):
    nx = pytest.importorskip("networkx")
    g = extractor.extract(corpus)
    ours = g.to_networkx()
    theirs = nx.node_link_graph(json.loads(g.to_json()), edges="edges")
    assert isinstance(ours, nx.MultiDiGraph)
    assert ours.graph == theirs.graph
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert sorted(ours.edges(keys=True, data=True), key=repr) == sorted(
        theirs.edges(keys=True, data=True), key=repr
    )
    assert nx.utils.graphs_equal(ours, theirs)
    # Inline sentences: each item carries the text of its row of the table.
    table = g.sentences()
    inline = g.to_networkx(inline_sentences=True)
    for _, _, data in inline.edges(data=True):
        for item in data["evidence"]:
            assert item["sentence"] == table[item["sentence_id"]]["text"]


def test_nodes_edges_stats_and_filter(graphex_bin, seed_files, extractor, tmp_path):
    docs = [(f.name, f.read_text(encoding="utf-8")) for f in seed_files]
    g = extractor.extract(docs)
    nodes = g.nodes()
    assert len(nodes) == g.node_count == len(g)
    assert any(n["label"] == "Elon Musk" for n in nodes)
    edges = g.edges()
    assert len(edges) == g.edge_count
    assert all("sentence" in ev for e in edges for ev in e["evidence"])
    g.write(tmp_path / "g.json")
    cli_stats = json.loads(run_cli(graphex_bin, "stats", "--json", "--top", "5", tmp_path / "g.json").stdout)
    assert g.stats(top=5) == cli_stats
    out = tmp_path / "rel.json"
    run_cli(graphex_bin, "extract", *seed_files, "-o", out, "-q", "--relations-only", "--types",
            "person,organization")
    filtered = g.filter(relations_only=True, types=["person", "organization"])
    assert filtered.to_json() == out.read_text(encoding="utf-8")
    focus = g.filter(focus="Elon Musk", depth=1)
    assert "person:Elon Musk" in {n["id"] for n in focus.nodes()}
    with pytest.raises(ValueError, match="rank"):
        g.filter(rank="pagerank")


def test_write_every_format_atomically(seed_files, extractor, tmp_path):
    g = extractor.extract([(f.name, f.read_text(encoding="utf-8")) for f in seed_files])
    g.write(tmp_path / "g.json")
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == g.to_json()
    for name in ["g.dot", "g.graphml", "g.gexf", "g.cyjs", "g.cypher", "g.ttl", "g.csv"]:
        g.write(tmp_path / name)
    assert (tmp_path / "g.nodes.csv").exists() and (tmp_path / "g.edges.csv").exists()
    g.write(tmp_path / "links.txt", "json", links=True)
    assert '"links":[' in (tmp_path / "links.txt").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="cannot tell the format"):
        g.write(tmp_path / "g.unknown")
    with pytest.raises(ValueError, match="unknown format"):
        g.write(tmp_path / "g.x", "nope")
    assert graphex.Graph.read(tmp_path / "g.json") == g


def test_pickle_and_json_round_trip(corpus, extractor):
    g = extractor.extract(corpus)
    assert pickle.loads(pickle.dumps(g)) == g
    assert graphex.Graph.from_json(g.to_json()).to_json() == g.to_json()
    assert graphex.merge([]).document_count == 0


def test_extract_arrow_is_the_partial_graph(corpus, extractor):
    pa = pytest.importorskip("pyarrow")
    rows = [{"doc_id": d["id"], "body": d["text"], "rank": d["rank"]} for d in corpus]
    batch = pa.RecordBatch.from_pylist(rows)
    out = extractor.extract_arrow(batch, id_col="doc_id", text_col="body")
    assert out.schema.names == ["graph", "documents"] and out.num_rows == 1
    assert out.column("documents")[0].as_py() == len(corpus)
    expected = extractor.extract([{"id": d["id"], "text": d["text"], "rank": d["rank"]} for d in corpus])
    assert graphex.Graph.from_json(out.column("graph")[0].as_py()).to_json() == expected.to_json()
    # A partition: an iterable of batches gives one partial graph.
    batches = pa.Table.from_pylist(rows).to_batches(max_chunksize=3)
    assert len(batches) > 1
    part = extractor.extract_arrow(iter(batches), id_col="doc_id", text_col="body")
    assert part.column("graph")[0].as_py() == out.column("graph")[0].as_py()
    with pytest.raises(ValueError, match="no column"):
        extractor.extract_arrow(batch)


def test_bad_dictionary_row_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("type\tname\taliases\nperson\t\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{bad}:2: "):
        graphex.Extractor(dicts=[bad])
    with pytest.raises(FileNotFoundError, match="missing.tsv"):
        graphex.Extractor(dicts=[tmp_path / "missing.tsv"])
    rules = tmp_path / "bad.rules"
    rules.write_text("this is not a rule\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{rules}:1: "):
        graphex.Extractor(rules=[rules])


def test_bad_options_and_documents_raise(extractor):
    with pytest.raises(ValueError, match="--min-confidence"):
        graphex.Extractor(min_confidence=2.0)
    with pytest.raises(ValueError, match="--max-evidence"):
        graphex.Extractor(max_evidence=0)
    with pytest.raises(ValueError, match="window must be one of"):
        graphex.Extractor(window="page")
    with pytest.raises(ValueError, match="--no-default-dicts"):
        graphex.Extractor(default_dicts=False)
    with pytest.raises(TypeError, match="document 1"):
        extractor.extract(["fine", 42])
    with pytest.raises(ValueError, match='no "text" key'):
        extractor.extract([{"id": "a"}])
    with pytest.raises(TypeError, match="metadata"):
        extractor.extract([{"id": "a", "text": "x", "when": object()}])
    with pytest.raises(TypeError):
        extractor.extract(5)

    def failing():
        yield "Elon Musk"
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="the source broke"):
        extractor.extract(failing())
    with pytest.raises(ValueError, match="not a graphex graph"):
        graphex.Graph.from_json("{}")
    with pytest.raises(ValueError, match="window"):
        other = graphex.Extractor(window="document").extract(["Elon Musk et xAI."])
        graphex.merge([extractor.extract(["Elon Musk et xAI."]), other])


def test_an_interrupt_stops_a_long_extraction(extractor):
    import _thread
    import threading
    import time

    def endless():
        i = 0
        while True:
            i += 1
            time.sleep(0.001)
            yield f"Elon Musk dirige xAI, document {i}."

    timer = threading.Timer(0.5, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        extractor.extract(endless())
    assert time.monotonic() - started < 10
    # The extractor is still usable.
    assert extractor.extract(["Elon Musk dirige xAI."]).document_count == 1
