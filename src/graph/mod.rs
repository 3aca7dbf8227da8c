//! The entity graph: nodes (entities) and edges (co-occurrences and relations) with counts and evidence.
//!
//! A [`Graph`] is both the result of a run and the partial result of one document: extraction produces a small
//! graph per document and [`Graph::merge`] folds them together. Merge is associative and commutative (counts
//! add; capped lists keep the smallest items by a total order), so streaming, parallel extraction and
//! `graphex merge` of shard outputs give byte-identical results whatever the order or grouping.
//!
//! Keys are stable strings (`type:name`), never indices, so graphs built in different runs merge correctly.
//! All maps are ordered: iteration order is the output order.

pub mod accumulate;
pub mod filter;
pub mod spill;
pub mod stats;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use petgraph::graph::{NodeIndex, UnGraph};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::text::input::Document;
use crate::text::segment::Span;

/// Co-occurrence window: two entities co-occur when they are mentioned in the same window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Window {
    /// The same sentence.
    #[default]
    Sentence,
    /// The same paragraph.
    Paragraph,
    /// The same document.
    Document,
}

impl Window {
    /// The lowercase name used in options and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Window::Sentence => "sentence",
            Window::Paragraph => "paragraph",
            Window::Document => "document",
        }
    }
}

/// What an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// The two entities appear in the same window (undirected in meaning; stored from the smaller id).
    CoOccurrence,
    /// A typed, directed relation found by a cue rule.
    Relation,
}

/// How much of each evidence item a graph keeps (`--evidence`).
///
/// Ordered from the least kept to the most: a graph merged from graphs of different modes keeps the least
/// any of them kept ([`Graph::merge`]), so the result does not depend on the order of the merge.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceMode {
    /// Weights only: no evidence items.
    None,
    /// Document ids and byte offsets (and rule, hedged, implicit), without the sentence text.
    Offsets,
    /// Everything, the sentence text included.
    #[default]
    Text,
}

impl EvidenceMode {
    /// The lowercase name used in options and output.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceMode::None => "none",
            EvidenceMode::Offsets => "offsets",
            EvidenceMode::Text => "text",
        }
    }
}

/// Limits that keep a graph's size bounded by the number of entities and edges, not by the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Evidence items kept per edge.
    pub max_evidence: usize,
    /// Documents listed per node (the count of documents is always exact).
    pub max_node_documents: usize,
    /// What an evidence item keeps.
    #[serde(default)]
    pub evidence: EvidenceMode,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_evidence: 3,
            max_node_documents: 1000,
            evidence: EvidenceMode::Text,
        }
    }
}

/// A sentence (or window) that supports an edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id (shared by the evidence items of one document).
    pub doc: Arc<str>,
    /// The sentence (or window excerpt) text, verbatim (shared by the edges of one sentence); empty when the
    /// graph keeps no evidence text ([`EvidenceMode::Offsets`]).
    #[serde(default = "no_text", skip_serializing_if = "is_empty")]
    pub sentence: Arc<str>,
    /// Byte offset of the sentence in the document.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// Id of the rule that found a relation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Arc<str>>,
    /// The cue was hedged or reported ("aurait proposé", "reportedly").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hedged: bool,
    /// An endpoint was resolved by coreference ("l'entreprise", "the company").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implicit: bool,
}

/// The sentence of an evidence item that keeps no text.
pub(crate) fn no_text() -> Arc<str> {
    Arc::from("")
}

fn is_empty(s: &Arc<str>) -> bool {
    s.is_empty()
}

impl Evidence {
    /// The sentence text, if the graph keeps it (not with [`EvidenceMode::Offsets`]).
    pub fn text(&self) -> Option<&str> {
        (!self.sentence.is_empty()).then_some(&*self.sentence)
    }

    fn order_key(&self) -> (&str, usize, usize, Option<&str>, &str) {
        (
            &self.doc,
            self.start,
            self.end,
            self.rule.as_deref(),
            &self.sentence,
        )
    }
}

/// An entity in the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Stable id (`type:name`).
    pub id: String,
    /// Canonical name.
    pub label: String,
    /// Entity type.
    pub entity_type: String,
    /// Surface forms seen in the texts.
    pub aliases: BTreeSet<String>,
    /// Number of mentions.
    pub mentions: u64,
    /// Number of documents that mention the entity (exact).
    pub document_count: u64,
    /// Document id -> mentions, for the first [`Limits::max_node_documents`] documents by id (ids shared
    /// with the evidence of the same documents: large graphs list millions).
    pub documents: BTreeMap<Arc<str>, u64>,
    /// External id from the dictionary.
    pub external_id: Option<String>,
    /// Dictionary attributes.
    pub attributes: BTreeMap<String, String>,
}

/// Identifies an edge: two node ids and a key (`co_occurrence` or the relation name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EdgeKey {
    /// Source node id (shared with the other edges of the node: large graphs have millions of edges).
    pub source: Arc<str>,
    /// Target node id.
    pub target: Arc<str>,
    /// `co_occurrence`, or the relation type.
    pub key: Arc<str>,
}

/// An edge with its support.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// What the edge stands for.
    pub kind: EdgeKind,
    /// Number of supporting windows (co-occurrence) or sentences (relation).
    pub weight: u64,
    /// Supporting sentences, the first [`Limits::max_evidence`] by (document, offset).
    pub evidence: Vec<Evidence>,
    /// Relation edges: highest confidence among supporting sentences.
    pub confidence: Option<f64>,
    /// Relation edges: number of supporting sentences whose cue was hedged.
    pub hedged_weight: u64,
    /// Relation edges: number of supporting sentences that needed coreference.
    pub implicit_weight: u64,
}

impl Node {
    /// A node with no mentions, aliases, documents or dictionary data yet.
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        entity_type: impl Into<String>,
    ) -> Self {
        Node {
            id: id.into(),
            label: label.into(),
            entity_type: entity_type.into(),
            aliases: BTreeSet::new(),
            mentions: 0,
            document_count: 0,
            documents: BTreeMap::new(),
            external_id: None,
            attributes: BTreeMap::new(),
        }
    }
}

impl Edge {
    /// A new edge with no support yet.
    pub fn new(kind: EdgeKind) -> Self {
        Edge {
            kind,
            weight: 0,
            evidence: Vec::new(),
            confidence: None,
            hedged_weight: 0,
            implicit_weight: 0,
        }
    }
}

pub use crate::text::input::DocumentMetadata;

/// An entity graph, or the partial graph of some documents.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    /// Nodes by id.
    pub nodes: BTreeMap<String, Node>,
    /// Edges by key.
    pub edges: BTreeMap<EdgeKey, Edge>,
    /// Number of documents processed.
    pub document_count: u64,
    /// Metadata of documents cited by evidence or node document lists (others are pruned).
    pub documents: BTreeMap<String, DocumentMetadata>,
    /// Co-occurrence window the graph was built with.
    pub window: Window,
    /// Size limits.
    pub limits: Limits,
}

impl Graph {
    /// An empty graph with the given window and limits.
    pub fn new(window: Window, limits: Limits) -> Self {
        Graph {
            window,
            limits,
            ..Default::default()
        }
    }

    /// Adds `mentions` mentions of a node in document `doc` (creating the node from `make` if needed).
    pub fn add_mentions(
        &mut self,
        id: &str,
        doc: &str,
        surface: &str,
        mentions: u64,
        make: impl FnOnce() -> Node,
    ) {
        let node = self.nodes.entry(id.to_string()).or_insert_with(make);
        node.mentions += mentions;
        if !node.aliases.contains(surface) {
            node.aliases.insert(surface.to_string());
        }
        match node.documents.get_mut(doc) {
            Some(n) => *n += mentions,
            None => {
                node.document_count += 1;
                node.documents.insert(Arc::from(doc), mentions);
                cap_map(&mut node.documents, self.limits.max_node_documents);
            }
        }
    }

    /// Adds one supporting window or sentence to an edge.
    pub fn add_edge_support(
        &mut self,
        key: EdgeKey,
        kind: EdgeKind,
        evidence: Evidence,
        confidence: Option<f64>,
    ) {
        let cap = self.limits.max_evidence;
        let edge = self.edges.entry(key).or_insert_with(|| Edge::new(kind));
        edge.weight += 1;
        edge.hedged_weight += u64::from(evidence.hedged);
        edge.implicit_weight += u64::from(evidence.implicit);
        edge.confidence = max_confidence(edge.confidence, confidence);
        match self.limits.evidence {
            EvidenceMode::None => {}
            EvidenceMode::Offsets => {
                let evidence = Evidence {
                    sentence: no_text(),
                    ..evidence
                };
                insert_capped(&mut edge.evidence, evidence, cap);
            }
            EvidenceMode::Text => insert_capped(&mut edge.evidence, evidence, cap),
        }
    }

    /// Merges `other` into `self`. Associative and commutative.
    ///
    /// The result keeps the least evidence either graph kept (see [`EvidenceMode`]).
    pub fn merge(&mut self, mut other: Graph) {
        let mode = self.limits.evidence.min(other.limits.evidence);
        self.reduce_evidence(mode);
        other.reduce_evidence(mode);
        self.document_count = self.document_count.saturating_add(other.document_count);
        self.limits.max_evidence = self.limits.max_evidence.max(other.limits.max_evidence);
        self.limits.max_node_documents = self
            .limits
            .max_node_documents
            .max(other.limits.max_node_documents);
        let limits = self.limits;
        for (id, n) in other.nodes {
            match self.nodes.get_mut(&id) {
                None => {
                    self.nodes.insert(id, n);
                }
                Some(m) => merge_node(m, n, limits),
            }
        }
        for (k, e) in other.edges {
            match self.edges.get_mut(&k) {
                None => {
                    self.edges.insert(k, e);
                }
                Some(f) => merge_edge(f, e, limits),
            }
        }
        for (id, meta) in other.documents {
            self.documents.entry(id).or_insert(meta);
        }
    }

    /// Keeps no more of each evidence item than `mode` says (a mode that keeps more than the graph holds
    /// changes nothing): `offsets` drops the sentence texts, `none` the evidence lists.
    pub fn reduce_evidence(&mut self, mode: EvidenceMode) {
        if mode >= self.limits.evidence {
            return;
        }
        self.limits.evidence = mode;
        let empty = no_text();
        for edge in self.edges.values_mut() {
            match mode {
                EvidenceMode::None => edge.evidence = Vec::new(),
                EvidenceMode::Offsets => {
                    for ev in &mut edge.evidence {
                        ev.sentence = empty.clone();
                    }
                }
                EvidenceMode::Text => {}
            }
        }
    }

    /// Drops the metadata of documents that no evidence item and no node document list refers to.
    ///
    /// A document evicted from every capped list can never come back (lists keep the smallest ids), so
    /// pruning during a run gives the same result as pruning once at the end.
    pub fn prune_documents(&mut self) {
        if self.documents.is_empty() {
            return;
        }
        let node_docs = self
            .nodes
            .values()
            .flat_map(|n| n.documents.keys().map(|d| &**d));
        let evidence = self.edges.values().map(|e| e.evidence.as_slice());
        retain_cited(&mut self.documents, evidence, node_docs);
    }

    /// An undirected petgraph view (one edge per connected pair), for graph algorithms.
    pub fn to_petgraph(&self) -> (UnGraph<&str, u64>, BTreeMap<&str, NodeIndex>) {
        let mut g = UnGraph::with_capacity(self.nodes.len(), self.edges.len());
        let mut index = BTreeMap::new();
        for id in self.nodes.keys() {
            index.insert(id.as_str(), g.add_node(id.as_str()));
        }
        for (k, e) in &self.edges {
            if let (Some(&a), Some(&b)) = (index.get(&*k.source), index.get(&*k.target)) {
                g.add_edge(a, b, e.weight);
            }
        }
        (g, index)
    }

    /// Number of connected components.
    pub fn component_count(&self) -> usize {
        petgraph::algo::connected_components(&self.to_petgraph().0)
    }
}

/// Keeps the metadata of documents cited by an item of `evidence` (one list per edge) or listed in
/// `node_docs`. Shared by [`Graph::prune_documents`] and the accumulator, which hold edges differently.
pub(crate) fn retain_cited<'a>(
    documents: &mut BTreeMap<String, DocumentMetadata>,
    evidence: impl Iterator<Item = &'a [Evidence]>,
    node_docs: impl Iterator<Item = &'a str>,
) {
    // Hashed, not ordered: millions of evidence items on a large corpus.
    let mut cited: FxHashSet<&str> = node_docs.collect();
    for list in evidence {
        cited.extend(list.iter().map(|ev| &*ev.doc));
    }
    documents.retain(|id, _| cited.contains(id.as_str()));
}

fn max_confidence(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

pub(crate) fn merge_node(m: &mut Node, n: Node, limits: Limits) {
    // Counts saturate: a graph file given to `graphex merge` may hold any number, and wrapping would
    // silently turn a huge count into a small one.
    m.mentions = m.mentions.saturating_add(n.mentions);
    m.aliases.extend(n.aliases);
    m.document_count = m.document_count.saturating_add(n.document_count);
    for (doc, c) in n.documents {
        let k = m.documents.entry(doc).or_insert(0);
        *k = k.saturating_add(c);
    }
    cap_map(&mut m.documents, limits.max_node_documents);
    // Descriptive fields come from the dictionary and agree between partial graphs of one run; for graphs
    // of different runs keep a deterministic choice.
    if n.label < m.label {
        m.label = n.label;
    }
    if n.entity_type < m.entity_type {
        m.entity_type = n.entity_type;
    }
    m.external_id = match (m.external_id.take(), n.external_id) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    match (is_discovered(&m.attributes), is_discovered(&n.attributes)) {
        (true, true) => merge_discovered(&mut m.attributes, &n.attributes),
        // A dictionary's description of the entity wins over a discovery of the same name.
        (true, false) => m.attributes = n.attributes,
        (false, true) => {}
        (false, false) => {
            for (k, v) in n.attributes {
                match m.attributes.get_mut(&k) {
                    Some(w) if v < *w => *w = v,
                    Some(_) => {}
                    None => {
                        m.attributes.insert(k, v);
                    }
                }
            }
        }
    }
}

/// Whether node attributes describe a discovered entity (`source` is `discovered`).
pub fn is_discovered(attributes: &BTreeMap<String, String>) -> bool {
    attributes.get("source").map(String::as_str) == Some(crate::discovery::discover::SOURCE)
}

/// The confidence and cue of a discovered entity's attributes.
pub fn discovery_of(attributes: &BTreeMap<String, String>) -> Option<(f64, &str)> {
    if !is_discovered(attributes) {
        return None;
    }
    let confidence = attributes.get("confidence")?.parse().ok()?;
    Some((confidence, attributes.get("cue").map_or("", String::as_str)))
}

/// Of two descriptions of one discovered entity, keeps in `kept` the more confident (on a tie, the one
/// with the smaller cue): a choice that does not depend on the order, so that accumulating documents and
/// merging graphs give the same node.
pub fn merge_discovered(kept: &mut BTreeMap<String, String>, other: &BTreeMap<String, String>) {
    let key = |a: &BTreeMap<String, String>| {
        discovery_of(a).map(|(c, cue)| {
            (
                std::cmp::Reverse((c * 1000.0).round() as i64),
                cue.to_string(),
            )
        })
    };
    if let (Some(o), Some(k)) = (key(other), key(kept)) {
        if o < k {
            *kept = other.clone();
        }
    }
}

pub(crate) fn merge_edge(f: &mut Edge, e: Edge, limits: Limits) {
    f.weight = f.weight.saturating_add(e.weight);
    f.hedged_weight = f.hedged_weight.saturating_add(e.hedged_weight);
    f.implicit_weight = f.implicit_weight.saturating_add(e.implicit_weight);
    f.confidence = max_confidence(f.confidence, e.confidence);
    f.kind = f.kind.min(e.kind);
    for ev in e.evidence {
        insert_capped(&mut f.evidence, ev, limits.max_evidence);
    }
}

/// Inserts into a sorted list capped at `cap`, keeping the smallest items; duplicates are not repeated.
pub(crate) fn insert_capped(list: &mut Vec<Evidence>, ev: Evidence, cap: usize) {
    let pos = list.partition_point(|x| x.order_key() < ev.order_key());
    if list
        .get(pos)
        .is_some_and(|x| x.order_key() == ev.order_key())
    {
        return;
    }
    if pos >= cap {
        return;
    }
    if list.len() >= cap {
        // The last item would be pushed out: drop it first so that the list never grows past `cap`.
        list.truncate(cap - 1);
    } else {
        // Most edges keep one or two items: grow one at a time, not to Vec's default of four.
        list.reserve_exact(1);
    }
    list.insert(pos, ev);
}

fn cap_map<K: Ord>(map: &mut BTreeMap<K, u64>, cap: usize) {
    while map.len() > cap {
        map.pop_last();
    }
}

/// Evidence excerpts longer than this (paragraph and document windows) are shortened; offsets stay exact.
pub const MAX_EXCERPT_BYTES: usize = 1000;

/// Evidence for a span of a document; long spans keep exact offsets but a shortened text ending in `…`.
pub fn excerpt(doc: &Document, span: Span) -> Evidence {
    Evidence {
        doc: Arc::from(doc.id.as_str()),
        sentence: excerpt_text(doc, span),
        start: span.start,
        end: span.end,
        rule: None,
        hedged: false,
        implicit: false,
    }
}

/// The evidence text of a span: verbatim, or shortened to [`MAX_EXCERPT_BYTES`] and ending in `…`.
pub fn excerpt_text(doc: &Document, span: Span) -> Arc<str> {
    let mut text = &doc.text[span.start..span.end];
    let mut shortened = false;
    if text.len() > MAX_EXCERPT_BYTES {
        let mut cut = MAX_EXCERPT_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text = &text[..cut];
        shortened = true;
    }
    if shortened {
        Arc::from(format!("{text}…"))
    } else {
        Arc::from(text)
    }
}

#[cfg(test)]
mod tests;
