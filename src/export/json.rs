//! networkx node-link JSON (`networkx.node_link_graph(data, edges="edges")`), and reading it back.
//!
//! The edge list is called `edges` (networkx 3.4 and later); [`write_with`] can call it `links` for older
//! readers (`node_link_graph(data)` before networkx 3.4). [`read`] accepts both.
//!
//! Evidence sentences are stored once: the top-level `sentences` table lists each supporting sentence
//! (`doc`, `start`, `end`, `text`) one time, in (document, offset) order, and an edge's evidence item names its
//! row by `sentence_id`, beside its own document id, offsets and rule (networkx ignores the extra top-level
//! key, and keeps the items as the edge's `evidence` attribute). With `--evidence offsets` the table is
//! empty and items keep document ids and offsets only; with `--evidence none` evidence lists are empty.
//! Files of the first layout (`graphex-node-link/1`, sentences inline in each item) are still read.
//!
//! The schema is `schema/graph.schema.json`. Reading is used by `graphex merge` and other commands that take
//! graphs produced by earlier runs.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::graph::{
    DocumentMetadata, Edge, EdgeKey, EdgeKind, Evidence, EvidenceMode, Graph, Limits, Node, Window,
};

/// Format version written in `graph.graphex_version`-independent field `graph.format`.
pub const FORMAT: &str = "graphex-node-link/2";

/// The first layout, with each evidence sentence inline in its item; still read.
pub const FORMAT_V1: &str = "graphex-node-link/1";

#[derive(Serialize, Deserialize)]
struct NodeLink {
    directed: bool,
    multigraph: bool,
    graph: GraphAttrs,
    nodes: Vec<NodeOut>,
    /// Absent in the first layout.
    #[serde(default)]
    sentences: Vec<SentenceRow>,
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
    /// Absent in the first layout, which always kept the text.
    #[serde(default)]
    evidence: EvidenceMode,
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

/// A row of the `sentences` table.
#[derive(Serialize, Deserialize)]
struct SentenceRow {
    doc: String,
    start: usize,
    end: usize,
    text: String,
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
    evidence: Vec<EvidenceRecord>,
}

/// An evidence item as written (and as read, in both layouts).
#[derive(Serialize, Deserialize)]
struct EvidenceRecord {
    doc: String,
    /// The sentence itself, in the first layout only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sentence: Option<String>,
    start: usize,
    end: usize,
    /// Row of the `sentences` table (`--evidence text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sentence_id: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rule: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    hedged: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    implicit: bool,
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
/// The layout is one node, sentence or edge per line: valid JSON for any reader, compact (large graphs
/// write hundreds of megabytes), and friendly to `diff` and `grep`. Nodes and edges are serialized straight
/// from the graph, in id order, without copying it.
pub fn write_with(graph: &Graph, links: bool, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\"directed\":true,\"multigraph\":true,\"graph\":")?;
    serde_json::to_writer(&mut *out, &graph_attributes(graph)?)?;
    out.write_all(b",\n\"nodes\":[")?;
    let nodes: Vec<&Node> = graph.nodes.values().collect();
    write_chunked(&nodes, NODES_PER_CHUNK, out, write_nodes)?;
    out.write_all(b"\n],\n\"sentences\":[")?;
    let table = SentenceTable::new(graph);
    write_chunked(&table.rows, SENTENCES_PER_CHUNK, out, write_sentences)?;
    out.write_all(if links {
        b"\n],\n\"links\":["
    } else {
        b"\n],\n\"edges\":["
    })?;
    let edges: Vec<(&EdgeKey, &Edge)> = graph.edges.iter().collect();
    write_chunked(&edges, EDGES_PER_CHUNK, out, |edges, first, buf| {
        write_edges(edges, first, &table, buf)
    })?;
    out.write_all(b"\n]}\n")
}

/// The `graph` object of the file: format, generator, window, counts, limits and document metadata.
fn graph_attributes(graph: &Graph) -> serde_json::Result<serde_json::Value> {
    header_value(&Header {
        window: graph.window,
        limits: graph.limits,
        document_count: graph.document_count,
        documents: &graph.documents,
    })
}

/// What the `graph` object of a file says: for writing a graph that is not in memory as one
/// [`Graph`] (see [`write_streamed`]).
pub(crate) struct Header<'a> {
    pub(crate) window: Window,
    pub(crate) limits: Limits,
    pub(crate) document_count: u64,
    pub(crate) documents: &'a BTreeMap<String, DocumentMetadata>,
}

fn header_value(h: &Header<'_>) -> serde_json::Result<serde_json::Value> {
    let attrs = GraphAttrs {
        format: FORMAT.into(),
        generator: format!("graphex {}", env!("CARGO_PKG_VERSION")),
        window: h.window,
        document_count: h.document_count,
        max_evidence: h.limits.max_evidence,
        max_node_documents: h.limits.max_node_documents,
        evidence: h.limits.evidence,
        documents: BTreeMap::new(),
    };
    let mut value = serde_json::to_value(&attrs)?;
    if !h.documents.is_empty() {
        value["documents"] = serde_json::to_value(h.documents)?;
    }
    Ok(value)
}

/// Items gathered from a stream before they are serialized in parallel chunks.
const STREAM_BATCH: usize = 1 << 15;

/// Writes node-link JSON from streams rather than from a [`Graph`]: `nodes` in id order, the rows of the
/// sentence table in order, `edges` in key order with `ids` naming the row of each evidence item. The
/// bytes are those [`write_with`] writes for the graph the streams describe.
pub(crate) fn write_streamed(
    header: &Header<'_>,
    links: bool,
    out: &mut dyn Write,
    nodes: impl FnMut() -> Result<Option<Node>>,
    mut sentences: impl Iterator<Item = Result<(Arc<str>, usize, usize, String)>>,
    ids: &(impl SentenceIds + ?Sized),
    edges: impl FnMut() -> Result<Option<(EdgeKey, Edge)>>,
) -> Result<()> {
    out.write_all(b"{\"directed\":true,\"multigraph\":true,\"graph\":")
        .map_err(stream_error)?;
    let value = header_value(header).map_err(|e| stream_error(e.into()))?;
    serde_json::to_writer(&mut *out, &value).map_err(|e| stream_error(e.into()))?;
    out.write_all(b",\n\"nodes\":[").map_err(stream_error)?;
    write_stream(nodes, NODES_PER_CHUNK, out, |items, first, buf| {
        let refs: Vec<&Node> = items.iter().collect();
        write_nodes(&refs, first, buf)
    })?;
    out.write_all(b"\n],\n\"sentences\":[")
        .map_err(stream_error)?;
    let next_sentence = || sentences.next().transpose();
    write_stream(
        next_sentence,
        SENTENCES_PER_CHUNK,
        out,
        |items, first, buf| {
            let rows: Vec<SentenceKey> = items
                .iter()
                .map(|(d, s, e, t)| (&**d, *s, *e, t.as_str()))
                .collect();
            write_sentences(&rows, first, buf)
        },
    )?;
    out.write_all(if links {
        b"\n],\n\"links\":["
    } else {
        b"\n],\n\"edges\":["
    })
    .map_err(stream_error)?;
    write_stream(edges, EDGES_PER_CHUNK, out, |items, first, buf| {
        let refs: Vec<(&EdgeKey, &Edge)> = items.iter().map(|(k, e)| (k, e)).collect();
        write_edges(&refs, first, ids, buf)
    })?;
    out.write_all(b"\n]}\n").map_err(stream_error)
}

fn stream_error(e: io::Error) -> Error {
    Error::Export {
        format: "json".into(),
        message: e.to_string(),
    }
}

/// Writes the items `next` yields, gathered [`STREAM_BATCH`] at a time and serialized by `write` in
/// parallel chunks of `per_chunk` (see [`write_chunked`]); `write` gets each chunk's index in the whole
/// stream. A written batch is freed on the pool while the next one is gathered.
fn write_stream<T: Send + Sync + 'static>(
    mut next: impl FnMut() -> Result<Option<T>>,
    per_chunk: usize,
    out: &mut dyn Write,
    write: impl Fn(&[T], usize, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> Result<()> {
    let mut done = 0;
    loop {
        let mut batch = Vec::with_capacity(4096);
        while batch.len() < STREAM_BATCH {
            match next()? {
                Some(item) => batch.push(item),
                None => break,
            }
        }
        if batch.is_empty() {
            return Ok(());
        }
        let base = done;
        write_chunked(&batch, per_chunk, out, |items, first, buf| {
            write(items, base + first, buf)
        })
        .map_err(stream_error)?;
        done += batch.len();
        rayon::spawn(move || drop(batch));
    }
}

/// The values of a graph's node-link JSON, as a JSON reader gets them from the file [`write()`] writes:
/// for bindings that build their own objects without a round trip through text (the Python package's
/// `to_networkx`, `nodes()`, `edges()`).
#[derive(Debug, Clone, PartialEq)]
pub struct Records {
    /// The `graph` object.
    pub graph: serde_json::Value,
    /// The nodes, in id order.
    pub nodes: Vec<serde_json::Value>,
    /// The `sentences` table.
    pub sentences: Vec<serde_json::Value>,
    /// The edges, in key order.
    pub edges: Vec<serde_json::Value>,
}

/// The graph as [`Records`]. With `inline_sentences`, each evidence item also holds its sentence's text as
/// `sentence` (beside `sentence_id`), so that an item can be read without the table.
pub fn records(graph: &Graph, inline_sentences: bool) -> serde_json::Result<Records> {
    let nodes = graph
        .nodes
        .values()
        .map(|n| serde_json::to_value(node_ref(n)))
        .collect::<serde_json::Result<_>>()?;
    let table = SentenceTable::new(graph);
    let sentences = table
        .rows
        .iter()
        .map(|&(doc, start, end, text)| {
            serde_json::to_value(SentenceRow {
                doc: doc.into(),
                start,
                end,
                text: text.into(),
            })
        })
        .collect::<serde_json::Result<_>>()?;
    let edges = graph
        .edges
        .iter()
        .map(|(k, e)| serde_json::to_value(edge_record(k, e, &table, inline_sentences)))
        .collect::<serde_json::Result<_>>()?;
    Ok(Records {
        graph: graph_attributes(graph)?,
        nodes,
        sentences,
        edges,
    })
}

/// The record of an edge, as [`write_edges`] writes it.
fn edge_record(k: &EdgeKey, e: &Edge, table: &SentenceTable, inline: bool) -> EdgeOut {
    EdgeOut {
        source: k.source.to_string(),
        target: k.target.to_string(),
        key: k.key.to_string(),
        kind: e.kind,
        relation: (e.kind == EdgeKind::Relation).then(|| k.key.to_string()),
        weight: e.weight,
        confidence: e.confidence,
        hedged_weight: e.hedged_weight,
        implicit_weight: e.implicit_weight,
        evidence: e
            .evidence
            .iter()
            .map(|ev| {
                let sentence_id = table.id(ev);
                EvidenceRecord {
                    doc: ev.doc.to_string(),
                    sentence: (inline && sentence_id.is_some()).then(|| ev.sentence.to_string()),
                    start: ev.start,
                    end: ev.end,
                    sentence_id,
                    rule: ev.rule.as_deref().map(str::to_string),
                    hedged: ev.hedged,
                    implicit: ev.implicit,
                }
            })
            .collect(),
    }
}

/// A sentence as the table holds it: document, start, end, text.
pub(crate) type SentenceKey<'a> = (&'a str, usize, usize, &'a str);

/// The distinct evidence sentences of a graph, in (document, start, end, text) order: the `sentences`
/// table. Empty unless the graph keeps evidence text.
pub(crate) struct SentenceTable<'a> {
    pub(crate) rows: Vec<SentenceKey<'a>>,
}

impl<'a> SentenceTable<'a> {
    pub(crate) fn new(graph: &'a Graph) -> Self {
        if graph.limits.evidence != EvidenceMode::Text {
            return SentenceTable { rows: Vec::new() };
        }
        let mut rows: Vec<SentenceKey<'a>> = graph
            .edges
            .values()
            .flat_map(|e| e.evidence.iter().map(key_of))
            .collect();
        rows.par_sort_unstable();
        rows.dedup();
        SentenceTable { rows }
    }

    /// The row of an evidence item's sentence, if the table holds sentences.
    pub(crate) fn id(&self, ev: &Evidence) -> Option<usize> {
        if self.rows.is_empty() {
            return None;
        }
        self.rows.binary_search(&key_of(ev)).ok()
    }
}

/// Names the row of the sentence table that holds an evidence item's sentence.
pub(crate) trait SentenceIds: Sync {
    /// The row of `ev`'s sentence, if the table holds sentences.
    fn id(&self, ev: &Evidence) -> Option<usize>;
}

impl SentenceIds for SentenceTable<'_> {
    fn id(&self, ev: &Evidence) -> Option<usize> {
        SentenceTable::id(self, ev)
    }
}

fn key_of(ev: &Evidence) -> SentenceKey<'_> {
    (&ev.doc, ev.start, ev.end, &ev.sentence)
}

/// Writes rows of the sentence table, the first of them being number `first`.
fn write_sentences(rows: &[SentenceKey], first: usize, out: &mut Vec<u8>) -> io::Result<()> {
    let mut numbers = itoa::Buffer::new();
    for (i, (doc, start, end, text)) in rows.iter().enumerate() {
        out.extend_from_slice(if first + i == 0 {
            b"\n{\"doc\":"
        } else {
            b",\n{\"doc\":"
        });
        write_str(out, doc)?;
        out.extend_from_slice(b",\"start\":");
        out.extend_from_slice(numbers.format(*start).as_bytes());
        out.extend_from_slice(b",\"end\":");
        out.extend_from_slice(numbers.format(*end).as_bytes());
        out.extend_from_slice(b",\"text\":");
        write_str(out, text)?;
        out.push(b'}');
    }
    Ok(())
}

/// Edges serialized per parallel chunk.
const EDGES_PER_CHUNK: usize = 1024;
/// Nodes serialized per parallel chunk (a node lists up to 1000 documents).
const NODES_PER_CHUNK: usize = 256;
/// Sentence table rows serialized per parallel chunk.
const SENTENCES_PER_CHUNK: usize = 2048;

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
        serde_json::to_writer(&mut *out, &node_ref(n))?;
    }
    Ok(())
}

fn node_ref(n: &Node) -> NodeRef<'_> {
    NodeRef {
        id: &n.id,
        label: &n.label,
        entity_type: &n.entity_type,
        aliases: &n.aliases,
        mentions: n.mentions,
        document_count: n.document_count,
        documents: &n.documents,
        external_id: n.external_id.as_deref(),
        attributes: &n.attributes,
    }
}

/// Writes edges, the first of them being number `first` of the list; evidence items name their row of
/// `table`.
///
/// Each edge is written by hand, byte for byte as serde_json writes the `EdgeOut` record (a test compares
/// them): large outputs hold millions of edges, and serde_json checks every byte of a string against its
/// escape table, where [`write_str`] checks whole blocks and copies strings that need no escape (nearly
/// all) in one go.
fn write_edges(
    edges: &[(&EdgeKey, &Edge)],
    first: usize,
    table: &(impl SentenceIds + ?Sized),
    out: &mut Vec<u8>,
) -> io::Result<()> {
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
            out.extend_from_slice(b",\"start\":");
            out.extend_from_slice(numbers.format(ev.start).as_bytes());
            out.extend_from_slice(b",\"end\":");
            out.extend_from_slice(numbers.format(ev.end).as_bytes());
            if let Some(id) = table.id(ev) {
                out.extend_from_slice(b",\"sentence_id\":");
                out.extend_from_slice(numbers.format(id).as_bytes());
            }
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

/// Reads a graph written by [`write()`] (or by a graphex of the first layout); `origin` names the source
/// in errors.
pub fn read(text: &str, origin: &str) -> Result<Graph> {
    let err = |message: String| Error::Graph {
        origin: origin.to_string(),
        message,
    };
    let doc: NodeLink = serde_json::from_str(text).map_err(|e| err(e.to_string()))?;
    let v1 = doc.graph.format == FORMAT_V1;
    if doc.graph.format != FORMAT && !v1 {
        return Err(err(format!(
            "format {:?}, expected {FORMAT:?} (or {FORMAT_V1:?})",
            doc.graph.format
        )));
    }
    let mode = if v1 {
        EvidenceMode::Text
    } else {
        doc.graph.evidence
    };
    if mode != EvidenceMode::Text && !doc.sentences.is_empty() {
        return Err(err(format!(
            "a sentence table in a graph that keeps evidence as {}",
            mode.as_str()
        )));
    }
    let limits = Limits {
        max_evidence: doc.graph.max_evidence,
        max_node_documents: doc.graph.max_node_documents,
        evidence: mode,
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
    // Document ids, rules and sentences shared by the items that cite them, as in a graph extracted here.
    let mut interned: FxHashMap<String, Arc<str>> = FxHashMap::default();
    let mut intern = |s: String| -> Arc<str> {
        if let Some(a) = interned.get(&s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s.as_str());
        interned.insert(s, a.clone());
        a
    };
    let sentences: Vec<(Arc<str>, usize, usize, Arc<str>)> = doc
        .sentences
        .into_iter()
        .map(|row| (intern(row.doc), row.start, row.end, Arc::from(row.text)))
        .collect();
    let no_text = crate::graph::no_text();
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
        if mode == EvidenceMode::None && !e.evidence.is_empty() {
            return Err(err(format!(
                "edge {} -> {} ({}) lists evidence in a graph that keeps none",
                key.source, key.target, key.key
            )));
        }
        let mut evidence = Vec::with_capacity(e.evidence.len());
        for (i, item) in e.evidence.into_iter().enumerate() {
            let bad = |what: String| {
                err(format!(
                    "edge {} -> {} ({}), evidence item {}: {what}",
                    key.source,
                    key.target,
                    key.key,
                    i + 1
                ))
            };
            let sentence = match (mode, v1, item.sentence, item.sentence_id) {
                (EvidenceMode::Text, true, Some(text), _) => Arc::from(text),
                (EvidenceMode::Text, true, None, _) => return Err(bad("no sentence".into())),
                (EvidenceMode::Text, false, _, Some(id)) => {
                    let Some((doc, start, end, text)) = sentences.get(id) else {
                        return Err(bad(format!(
                            "sentence_id {id} past the sentence table ({} rows)",
                            sentences.len()
                        )));
                    };
                    if (&**doc, *start, *end) != (item.doc.as_str(), item.start, item.end) {
                        return Err(bad(format!(
                            "sentence_id {id} is {doc:?} {start}..{end}, not {:?} {}..{}",
                            item.doc, item.start, item.end
                        )));
                    }
                    text.clone()
                }
                (EvidenceMode::Text, false, _, None) => {
                    return Err(bad("no sentence_id".into()));
                }
                _ => no_text.clone(),
            };
            evidence.push(Evidence {
                doc: intern(item.doc),
                sentence,
                start: item.start,
                end: item.end,
                rule: item.rule.map(&mut intern),
                hedged: item.hedged,
                implicit: item.implicit,
            });
        }
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
        let table = SentenceTable::new(&g);
        assert!(!table.rows.is_empty());
        let mut ours = Vec::new();
        write_edges(&edges, 0, &table, &mut ours).unwrap();
        let mut theirs = Vec::new();
        for (i, (k, e)) in edges.iter().enumerate() {
            theirs.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            let record = edge_record(k, e, &table, false);
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
        write_edges(&edges, 0, &SentenceTable::new(&g), &mut serial).unwrap();
        let text = std::str::from_utf8(&one).unwrap();
        let start = text.find("\"edges\":[").unwrap() + "\"edges\":[".len();
        assert_eq!(&one[start..one.len() - "\n]}\n".len()], &serial[..]);
        let nodes: Vec<&Node> = g.nodes.values().collect();
        assert!(nodes.len() > 4 * NODES_PER_CHUNK);
        let mut serial = Vec::new();
        write_nodes(&nodes, 0, &mut serial).unwrap();
        let start = text.find("\"nodes\":[").unwrap() + "\"nodes\":[".len();
        let end = text.find("\n],\n\"sentences\":[").unwrap();
        assert_eq!(&one[start..end], &serial[..]);
        let back = read(std::str::from_utf8(&one).unwrap(), "test").unwrap();
        assert_eq!(back.edges, g.edges);
    }

    /// The JSON of a graph, as bytes and parsed.
    fn written(g: &Graph) -> (Vec<u8>, serde_json::Value) {
        let mut out = Vec::new();
        write(g, &mut out).unwrap();
        let v = serde_json::from_slice(&out).unwrap();
        (out, v)
    }

    /// Each distinct sentence is written once, in (document, offset) order, and items name their row.
    #[test]
    fn sentences_are_stored_once() {
        let g = large_graph();
        let (_, v) = written(&g);
        let rows = v["sentences"].as_array().unwrap();
        let mut distinct = BTreeSet::new();
        for e in g.edges.values() {
            for ev in &e.evidence {
                distinct.insert((ev.doc.to_string(), ev.start, ev.end));
            }
        }
        assert_eq!(rows.len(), distinct.len());
        let keys: Vec<(String, usize, usize)> = rows
            .iter()
            .map(|r| {
                (
                    r["doc"].as_str().unwrap().to_string(),
                    r["start"].as_u64().unwrap() as usize,
                    r["end"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        assert_eq!(keys, distinct.into_iter().collect::<Vec<_>>());
        for e in v["edges"].as_array().unwrap() {
            for item in e["evidence"].as_array().unwrap() {
                let row = &rows[item["sentence_id"].as_u64().unwrap() as usize];
                for field in ["doc", "start", "end"] {
                    assert_eq!(row[field], item[field]);
                }
                assert!(item.get("sentence").is_none());
            }
        }
        assert_eq!(v["graph"]["format"], FORMAT);
        assert_eq!(v["graph"]["evidence"], "text");
    }

    /// A file of the first layout (sentences inline, no table) reads as the same graph.
    #[test]
    fn the_first_layout_is_still_read() {
        let g = large_graph();
        let (out, mut v) = written(&g);
        let rows = v["sentences"].as_array().unwrap().clone();
        v.as_object_mut().unwrap().remove("sentences");
        v["graph"]["format"] = FORMAT_V1.into();
        v["graph"].as_object_mut().unwrap().remove("evidence");
        for e in v["edges"].as_array_mut().unwrap() {
            for item in e["evidence"].as_array_mut().unwrap() {
                let id = item["sentence_id"].as_u64().unwrap() as usize;
                let item = item.as_object_mut().unwrap();
                item.remove("sentence_id");
                item.insert("sentence".into(), rows[id]["text"].clone());
            }
        }
        let back = read(&v.to_string(), "v1.json").unwrap();
        assert_eq!(back, g);
        // And writes back in the current layout, byte for byte as the graph it came from.
        let mut again = Vec::new();
        write(&back, &mut again).unwrap();
        assert_eq!(again, out);
    }

    /// `offsets` keeps ids and offsets without text, `none` keeps weights only; both read back, and a merge
    /// keeps the least evidence of its inputs whatever the order.
    #[test]
    fn smaller_evidence_modes_round_trip_and_merge_to_the_least() {
        let full = large_graph();
        for mode in [EvidenceMode::Offsets, EvidenceMode::None] {
            let mut g = full.clone();
            g.reduce_evidence(mode);
            let mut out = Vec::new();
            write(&g, &mut out).unwrap();
            let text = String::from_utf8(out.clone()).unwrap();
            assert!(!text.contains("\"text\":"), "{mode:?}");
            assert!(!text.contains("sentence_id"), "{mode:?}");
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["graph"]["evidence"], mode.as_str());
            assert_eq!(v["sentences"].as_array().unwrap().len(), 0);
            let items: usize = v["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["evidence"].as_array().unwrap().len())
                .sum();
            assert_eq!(items == 0, mode == EvidenceMode::None);
            let back = read(&text, "g.json").unwrap();
            assert_eq!(back, g);
            let weights = |g: &Graph| g.edges.values().map(|e| e.weight).collect::<Vec<_>>();
            assert_eq!(weights(&back), weights(&full));
            let mut a = full.clone();
            a.merge(back.clone());
            let mut b = back.clone();
            b.merge(full.clone());
            assert_eq!(a, b);
            assert_eq!(a.limits.evidence, mode);
        }
    }

    /// A sentence id past the table, or naming another sentence than the item's, is an error that says so.
    #[test]
    fn a_bad_sentence_id_is_reported() {
        let g = large_graph();
        let (_, v) = written(&g);
        let rows = v["sentences"].as_array().unwrap().len();
        for (id, expected) in [
            (rows, "past the sentence table"),
            (0, "is \"d0\" 0..10, not"),
        ] {
            let mut w = v.clone();
            let item = w["edges"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .flat_map(|e| e["evidence"].as_array_mut().unwrap().iter_mut())
                .find(|item| item["doc"] != "d0" || item["start"] != 0)
                .unwrap();
            item["sentence_id"] = id.into();
            let e = read(&w.to_string(), "bad.json").unwrap_err().to_string();
            assert!(e.contains("bad.json") && e.contains(expected), "{e}");
        }
    }
}
