//! networkx node-link JSON (`networkx.node_link_graph(data, edges="edges")`), and reading it back.
//!
//! The edge list is called `edges` (networkx 3.4 and later); [`write_with`] can call it `links` for older
//! readers (`node_link_graph(data)` before networkx 3.4). [`read`] accepts both.
//!
//! The schema is `schema/graph.schema.json`. Reading is used by `graphex merge` and other commands that take
//! graphs produced by earlier runs.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::graph::{
    DocumentMetadata, Edge, EdgeKey, EdgeKind, Evidence, Graph, Limits, Node, Window,
};

/// Format version written in `graph.graphex_version`-independent field `graph.format`.
pub const FORMAT: &str = "graphex-node-link/1";

#[derive(Serialize, Deserialize)]
struct NodeLink {
    directed: bool,
    multigraph: bool,
    graph: GraphAttrs,
    nodes: Vec<NodeOut>,
    #[serde(alias = "links")]
    edges: Vec<EdgeOut>,
}

#[derive(Serialize, Deserialize)]
struct GraphAttrs {
    format: String,
    generator: String,
    window: Window,
    document_count: u64,
    max_evidence: usize,
    max_node_documents: usize,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    documents: BTreeMap<String, DocumentMetadata>,
}

#[derive(Serialize, Deserialize)]
struct NodeOut {
    id: String,
    label: String,
    #[serde(rename = "type")]
    entity_type: String,
    aliases: BTreeSet<String>,
    mentions: u64,
    document_count: u64,
    documents: BTreeMap<Arc<str>, u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    external_id: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    attributes: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize)]
struct EdgeOut {
    source: String,
    target: String,
    key: String,
    kind: EdgeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    relation: Option<String>,
    weight: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "is_zero")]
    hedged_weight: u64,
    #[serde(default, skip_serializing_if = "is_zero")]
    implicit_weight: u64,
    evidence: Vec<Evidence>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A node as written: borrowed from the graph, so writing never copies it.
#[derive(Serialize)]
struct NodeRef<'a> {
    id: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    entity_type: &'a str,
    aliases: &'a BTreeSet<String>,
    mentions: u64,
    document_count: u64,
    documents: &'a BTreeMap<Arc<str>, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_id: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    attributes: &'a BTreeMap<String, String>,
}

/// Writes the graph as node-link JSON.
pub fn write(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    write_with(graph, false, out)
}

/// Writes the graph as node-link JSON, naming the edge list `links` instead of `edges` if `links` is true.
///
/// The layout is one node or edge per line: valid JSON for any reader, compact (large graphs write hundreds
/// of megabytes of evidence), and friendly to `diff` and `grep`. Nodes and edges are serialized straight from
/// the graph, in id order, without copying it.
pub fn write_with(graph: &Graph, links: bool, out: &mut dyn Write) -> io::Result<()> {
    let attrs = GraphAttrs {
        format: FORMAT.into(),
        generator: format!("graphex {}", env!("CARGO_PKG_VERSION")),
        window: graph.window,
        document_count: graph.document_count,
        max_evidence: graph.limits.max_evidence,
        max_node_documents: graph.limits.max_node_documents,
        documents: BTreeMap::new(),
    };
    out.write_all(b"{\"directed\":true,\"multigraph\":true,\"graph\":")?;
    let mut attrs_value = serde_json::to_value(&attrs)?;
    if !graph.documents.is_empty() {
        attrs_value["documents"] = serde_json::to_value(&graph.documents)?;
    }
    serde_json::to_writer(&mut *out, &attrs_value)?;
    out.write_all(b",\n\"nodes\":[")?;
    let nodes: Vec<&Node> = graph.nodes.values().collect();
    write_chunked(&nodes, NODES_PER_CHUNK, out, write_nodes)?;
    out.write_all(if links {
        b"\n],\n\"links\":["
    } else {
        b"\n],\n\"edges\":["
    })?;
    let edges: Vec<(&EdgeKey, &Edge)> = graph.edges.iter().collect();
    write_chunked(&edges, EDGES_PER_CHUNK, out, write_edges)?;
    out.write_all(b"\n]}\n")
}

/// Edges serialized per parallel chunk.
const EDGES_PER_CHUNK: usize = 1024;
/// Nodes serialized per parallel chunk (a node lists up to 1000 documents).
const NODES_PER_CHUNK: usize = 256;

/// Writes `items` serialized by `write` (given a chunk of items and the index of its first item), in order.
///
/// Evidence makes edges the bulk of the output (gigabytes on a large corpus), and the document lists of
/// nodes the next largest part. Past one chunk, a scoped thread serializes chunks on the current rayon pool,
/// a bounded wave at a time, while this thread writes the previous wave: the writes (system time) overlap
/// the serializing. The bytes are the same as written one by one.
fn write_chunked<T: Sync>(
    items: &[T],
    per_chunk: usize,
    out: &mut dyn Write,
    write: impl Fn(&[T], usize, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    if items.len() <= per_chunk {
        let mut buf = Vec::with_capacity(items.len() * 256);
        write(items, 0, &mut buf)?;
        return out.write_all(&buf);
    }
    let wave = per_chunk * rayon::current_num_threads().max(1) * 2;
    let write = &write;
    std::thread::scope(|scope| -> io::Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<io::Result<Vec<Vec<u8>>>>(1);
        scope.spawn(move || {
            for (w, items) in items.chunks(wave).enumerate() {
                let chunks: io::Result<Vec<Vec<u8>>> = items
                    .par_chunks(per_chunk)
                    .enumerate()
                    .map(|(c, chunk)| {
                        let mut buf = Vec::with_capacity(chunk.len() * 256);
                        write(chunk, w * wave + c * per_chunk, &mut buf)?;
                        Ok(buf)
                    })
                    .collect();
                let failed = chunks.is_err();
                // A closed channel means the writer failed: its error is the one reported.
                if tx.send(chunks).is_err() || failed {
                    return;
                }
            }
        });
        for chunks in rx {
            for chunk in chunks? {
                out.write_all(&chunk)?;
            }
        }
        Ok(())
    })
}

/// Writes nodes, the first of them being number `first` of the list.
fn write_nodes(nodes: &[&Node], first: usize, out: &mut Vec<u8>) -> io::Result<()> {
    for (i, n) in nodes.iter().enumerate() {
        out.extend_from_slice(if first + i == 0 { b"\n" } else { b",\n" });
        let node = NodeRef {
            id: &n.id,
            label: &n.label,
            entity_type: &n.entity_type,
            aliases: &n.aliases,
            mentions: n.mentions,
            document_count: n.document_count,
            documents: &n.documents,
            external_id: n.external_id.as_deref(),
            attributes: &n.attributes,
        };
        serde_json::to_writer(&mut *out, &node)?;
    }
    Ok(())
}

/// Writes edges, the first of them being number `first` of the list.
///
/// Each edge is written by hand, byte for byte as serde_json writes the `EdgeOut` record (a test compares
/// them): evidence sentences are most of a large output, and serde_json checks every byte of a string
/// against its escape table, where [`write_str`] checks whole blocks and copies strings that need no
/// escape (nearly all) in one go.
fn write_edges(edges: &[(&EdgeKey, &Edge)], first: usize, out: &mut Vec<u8>) -> io::Result<()> {
    let mut numbers = itoa::Buffer::new();
    for (i, (k, e)) in edges.iter().enumerate() {
        out.extend_from_slice(if first + i == 0 { b"\n" } else { b",\n" });
        out.extend_from_slice(b"{\"source\":");
        write_str(out, &k.source)?;
        out.extend_from_slice(b",\"target\":");
        write_str(out, &k.target)?;
        out.extend_from_slice(b",\"key\":");
        write_str(out, &k.key)?;
        match e.kind {
            EdgeKind::CoOccurrence => out.extend_from_slice(b",\"kind\":\"co_occurrence\""),
            EdgeKind::Relation => {
                out.extend_from_slice(b",\"kind\":\"relation\",\"relation\":");
                write_str(out, &k.key)?;
            }
        }
        out.extend_from_slice(b",\"weight\":");
        out.extend_from_slice(numbers.format(e.weight).as_bytes());
        if let Some(confidence) = e.confidence {
            out.extend_from_slice(b",\"confidence\":");
            serde_json::to_writer(&mut *out, &confidence)?;
        }
        if e.hedged_weight != 0 {
            out.extend_from_slice(b",\"hedged_weight\":");
            out.extend_from_slice(numbers.format(e.hedged_weight).as_bytes());
        }
        if e.implicit_weight != 0 {
            out.extend_from_slice(b",\"implicit_weight\":");
            out.extend_from_slice(numbers.format(e.implicit_weight).as_bytes());
        }
        out.extend_from_slice(b",\"evidence\":[");
        for (j, ev) in e.evidence.iter().enumerate() {
            out.extend_from_slice(if j == 0 { b"{\"doc\":" } else { b",{\"doc\":" });
            write_str(out, &ev.doc)?;
            out.extend_from_slice(b",\"sentence\":");
            write_str(out, &ev.sentence)?;
            out.extend_from_slice(b",\"start\":");
            out.extend_from_slice(numbers.format(ev.start).as_bytes());
            out.extend_from_slice(b",\"end\":");
            out.extend_from_slice(numbers.format(ev.end).as_bytes());
            if let Some(rule) = &ev.rule {
                out.extend_from_slice(b",\"rule\":");
                write_str(out, rule)?;
            }
            if ev.hedged {
                out.extend_from_slice(b",\"hedged\":true");
            }
            if ev.implicit {
                out.extend_from_slice(b",\"implicit\":true");
            }
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }
    Ok(())
}

/// Writes `s` as a JSON string: copied between quotes when no byte needs an escape (a control character,
/// a quote or a backslash), otherwise escaped by serde_json, so the bytes are always serde_json's.
fn write_str(out: &mut Vec<u8>, s: &str) -> io::Result<()> {
    // Blocks without an early exit inside, so that the check is vectorized.
    let escape = s.as_bytes().chunks(32).any(|block| {
        block.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    });
    if escape {
        serde_json::to_writer(&mut *out, s)?;
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
    Ok(())
}

/// Reads a graph written by [`write()`]; `origin` names the source in errors.
pub fn read(text: &str, origin: &str) -> Result<Graph> {
    let err = |message: String| Error::Graph {
        origin: origin.to_string(),
        message,
    };
    let doc: NodeLink = serde_json::from_str(text).map_err(|e| err(e.to_string()))?;
    if doc.graph.format != FORMAT {
        return Err(err(format!(
            "format {:?}, expected {FORMAT:?}",
            doc.graph.format
        )));
    }
    let limits = Limits {
        max_evidence: doc.graph.max_evidence,
        max_node_documents: doc.graph.max_node_documents,
    };
    let mut g = Graph::new(doc.graph.window, limits);
    g.document_count = doc.graph.document_count;
    g.documents = doc.graph.documents;
    for n in doc.nodes {
        let node = Node {
            id: n.id.clone(),
            label: n.label,
            entity_type: n.entity_type,
            aliases: n.aliases,
            mentions: n.mentions,
            document_count: n.document_count,
            documents: n.documents,
            external_id: n.external_id,
            attributes: n.attributes,
        };
        if g.nodes.insert(n.id.clone(), node).is_some() {
            return Err(err(format!("node {:?} appears twice", n.id)));
        }
    }
    for e in doc.edges {
        for end in [&e.source, &e.target] {
            if !g.nodes.contains_key(end) {
                return Err(err(format!("edge refers to unknown node {end:?}")));
            }
        }
        let key = EdgeKey {
            source: e.source.into(),
            target: e.target.into(),
            key: e.key.into(),
        };
        let mut evidence = e.evidence;
        evidence.sort_by(|a, b| {
            (&a.doc, a.start, a.end, &a.rule).cmp(&(&b.doc, b.start, b.end, &b.rule))
        });
        let edge = Edge {
            kind: e.kind,
            weight: e.weight,
            evidence,
            confidence: e.confidence,
            hedged_weight: e.hedged_weight,
            implicit_weight: e.implicit_weight,
        };
        if g.edges.insert(key.clone(), edge).is_some() {
            return Err(err(format!(
                "edge {} -> {} ({}) appears twice",
                key.source, key.target, key.key
            )));
        }
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn large_graph() -> Graph {
        let mut g = Graph::new(Window::Sentence, Limits::default());
        for i in 0..5000usize {
            let key = EdgeKey {
                source: format!("person:P{}", i % 97).into(),
                target: format!("organization:O{i}").into(),
                key: if i % 3 == 0 {
                    "founded"
                } else {
                    "co_occurrence"
                }
                .into(),
            };
            let kind = if i % 3 == 0 {
                EdgeKind::Relation
            } else {
                EdgeKind::CoOccurrence
            };
            let ev = Evidence {
                doc: format!("d{}", i % 11).into(),
                sentence: format!("P{} \"met\" O{i}\n", i % 97).into(),
                start: i,
                end: i + 10,
                rule: (i % 3 == 0).then(|| "en.rules:1".into()),
                hedged: i % 7 == 0,
                implicit: false,
            };
            for (id, t) in [(&key.source, "person"), (&key.target, "organization")] {
                let name = &id[t.len() + 1..];
                g.add_mentions(id, &ev.doc, name, 1, || Node::new(&**id, name, t));
            }
            g.add_edge_support(key, kind, ev, (i % 3 == 0).then_some(0.9));
        }
        g
    }

    /// The hand-written edges are byte for byte serde_json's serialization of the record read back.
    #[test]
    fn edges_are_written_as_serde_json_writes_them() {
        let texts = [
            "",
            "plain",
            "Société Générale a racheté « Zoé » 🚀",
            "a \"quoted\" name",
            "back\\slash",
            "tab\tnew\nline\rcr\u{8}bs\u{c}ff",
            "\u{1}\u{1f}\u{7f}\u{80} controls",
            // Escapes only after the first 32-byte block, and at its edges.
            "a sentence longer than one block of thirty-two bytes, then \"a quote\"",
            "0123456789012345678901234567890\"",
            "01234567890123456789012345678901\\",
        ];
        let confidences = [None, Some(0.9), Some(1.0), Some(0.1 + 0.2), Some(1e-7)];
        let mut g = Graph::new(Window::Sentence, Limits::default());
        for (i, text) in texts.iter().enumerate() {
            for (j, confidence) in confidences.iter().enumerate() {
                let relation = j % 2 == 1;
                let key = EdgeKey {
                    source: format!("person:{text}").into(),
                    target: format!("organization:O{i}-{j}").into(),
                    key: if relation { *text } else { "co_occurrence" }.into(),
                };
                let mut edge = Edge::new(if relation {
                    EdgeKind::Relation
                } else {
                    EdgeKind::CoOccurrence
                });
                edge.weight = (i * 1000 + j) as u64;
                edge.confidence = *confidence;
                edge.hedged_weight = (i % 2) as u64;
                edge.implicit_weight = (j % 3) as u64 * 12345;
                edge.evidence = (0..j)
                    .map(|n| Evidence {
                        doc: texts[(i + n) % texts.len()].into(),
                        sentence: texts[(i + n + 1) % texts.len()].into(),
                        start: n * 7,
                        end: usize::MAX - n,
                        rule: (n % 2 == 0).then(|| texts[n].into()),
                        hedged: n % 3 == 1,
                        implicit: n % 2 == 1,
                    })
                    .collect();
                g.edges.insert(key, edge);
            }
        }
        let edges: Vec<(&EdgeKey, &Edge)> = g.edges.iter().collect();
        let mut ours = Vec::new();
        write_edges(&edges, 0, &mut ours).unwrap();
        let mut theirs = Vec::new();
        for (i, (k, e)) in edges.iter().enumerate() {
            theirs.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            let record = EdgeOut {
                source: k.source.to_string(),
                target: k.target.to_string(),
                key: k.key.to_string(),
                kind: e.kind,
                relation: (e.kind == EdgeKind::Relation).then(|| k.key.to_string()),
                weight: e.weight,
                confidence: e.confidence,
                hedged_weight: e.hedged_weight,
                implicit_weight: e.implicit_weight,
                evidence: e.evidence.clone(),
            };
            serde_json::to_writer(&mut theirs, &record).unwrap();
        }
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
    }

    /// A writer that fails after `left` bytes.
    struct FailingWriter {
        left: usize,
    }

    impl Write for FailingWriter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::Error::other("disk full"));
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A failing output stops the serializing thread and is reported, wherever it fails.
    #[test]
    fn a_write_error_during_the_edges_is_reported() {
        let g = large_graph();
        let mut full = Vec::new();
        write(&g, &mut full).unwrap();
        for left in [0, 100, full.len() / 3, full.len() - 10] {
            let err = write(&g, &mut FailingWriter { left }).unwrap_err();
            assert_eq!(err.to_string(), "disk full", "failing after {left} bytes");
        }
    }

    /// Nodes and edges serialized in parallel chunks give the same bytes as one by one, and read back.
    #[test]
    fn parallel_writing_is_byte_identical() {
        let g = large_graph();
        let write_on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut out = Vec::new();
            pool.install(|| write(&g, &mut out)).unwrap();
            out
        };
        let one = write_on(1);
        assert_eq!(one, write_on(2));
        assert_eq!(one, write_on(3));
        // The same bytes as the edges written one by one on this thread.
        let edges: Vec<(&EdgeKey, &Edge)> = g.edges.iter().collect();
        let mut serial = Vec::new();
        write_edges(&edges, 0, &mut serial).unwrap();
        let text = std::str::from_utf8(&one).unwrap();
        let start = text.find("\"edges\":[").unwrap() + "\"edges\":[".len();
        assert_eq!(&one[start..one.len() - "\n]}\n".len()], &serial[..]);
        let nodes: Vec<&Node> = g.nodes.values().collect();
        assert!(nodes.len() > 4 * NODES_PER_CHUNK);
        let mut serial = Vec::new();
        write_nodes(&nodes, 0, &mut serial).unwrap();
        let start = text.find("\"nodes\":[").unwrap() + "\"nodes\":[".len();
        let end = text.find("\n],\n\"edges\":[").unwrap();
        assert_eq!(&one[start..end], &serial[..]);
        let back = read(std::str::from_utf8(&one).unwrap(), "test").unwrap();
        assert_eq!(back.edges, g.edges);
    }
}
