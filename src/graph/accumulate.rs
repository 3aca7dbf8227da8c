//! Folding per-document extractions into a graph on the hot path.
//!
//! Workers turn each document into a [`DocExtraction`]: entity indices and byte spans, no strings. An
//! [`Accumulator`] folds them in, keyed by integers, and copies text (a surface form, an evidence sentence, a
//! document id) only when it will be kept: evidence lists keep the smallest items by (document id, offset), so
//! once an edge's list is full most candidates are rejected by a comparison, without allocating. The
//! string-keyed [`Graph`] is built once, by [`Accumulator::into_graph`]. The keep-the-smallest rules are the
//! same as [`Graph::merge`]'s, so accumulating documents and merging graphs of disjoint document sets give the
//! same result.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::dictionary::{Dictionary, Entities, Entity, EntityIndex, DISCOVERED};
use crate::error::Result;
use crate::graph::spill::{NodeParts, Spill};
use crate::graph::{
    DocumentMetadata, Edge, EdgeKey, EdgeKind, Evidence, EvidenceMode, Graph, Limits, Node, Window,
};
use crate::matching::Mention;
use crate::text::input::Document;
use crate::text::segment::Span;

/// Edge key of co-occurrence edges.
pub const CO_OCCURRENCE: &str = "co_occurrence";

/// What a link stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkKind {
    /// Both entities are mentioned in one window.
    CoOccurrence,
    /// A typed relation (its name), directed from source to target.
    Relation(Arc<str>),
}

/// One link found in a document: a shared window, or a relation cue.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Source entity (for co-occurrences, either end: the graph orders them).
    pub source: EntityIndex,
    /// Target entity.
    pub target: EntityIndex,
    /// Co-occurrence or relation.
    pub kind: LinkKind,
    /// The supporting sentence or window, in the document.
    pub span: Span,
    /// Id of the rule that found a relation.
    pub rule: Option<Arc<str>>,
    /// The cue was hedged or reported.
    pub hedged: bool,
    /// An end was resolved by coreference.
    pub implicit: bool,
    /// Confidence of a relation.
    pub confidence: Option<f64>,
}

/// The compact result of one document: what the accumulator needs, without copies of the text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocExtraction {
    /// Entity mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Links, in text order of their evidence.
    pub links: Vec<Link>,
    /// Entities discovered in the document: an entity index with the [`DISCOVERED`] bit is one of these.
    pub discovered: Vec<Entity>,
}

#[derive(Debug, Default)]
struct NodeAcc {
    mentions: u64,
    document_count: u64,
    /// Sorted by document id, at most `max_node_documents`.
    documents: Vec<(Arc<str>, u64)>,
    aliases: Vec<Box<str>>,
}

/// Accumulates [`DocExtraction`]s into a graph.
#[derive(Debug)]
pub struct Accumulator {
    window: Window,
    limits: Limits,
    nodes: FxHashMap<EntityIndex, NodeAcc>,
    /// Edge index by (source, target, key id) into `edge_list`: a map of small entries (it holds one per
    /// distinct edge, millions on a large corpus) beside a dense list of the edges themselves.
    edges: FxHashMap<(EntityIndex, EntityIndex, u32), u32>,
    edge_list: EdgeList,
    /// Interned edge keys; 0 is `co_occurrence`.
    keys: Vec<Arc<str>>,
    key_ids: FxHashMap<Arc<str>, u32>,
    document_count: u64,
    documents: BTreeMap<String, DocumentMetadata>,
    /// Prune the metadata records when there are more than this many.
    prune_at: usize,
    /// Entities discovered in the documents, one per id: `DISCOVERED | i` is `discovered[i]`.
    discovered: Vec<Entity>,
    discovered_ids: FxHashMap<String, EntityIndex>,
    /// The sentence of evidence items when the mode keeps no text.
    no_text: Arc<str>,
    /// Estimate of the heap bytes held (see [`Accumulator::approx_bytes`]).
    bytes: usize,
}

/// An accumulated edge with its output order: (source rank, target rank, key rank). 24 bytes: millions of
/// these are sorted at once.
struct RankedEdge {
    order: (u32, u32, u32),
    key: u32,
    index: u32,
    source: EntityIndex,
    target: EntityIndex,
}

/// Edges per chunk of an [`EdgeList`].
const EDGE_CHUNK: usize = 1 << 16;

/// The accumulated edges, in chunks of [`EDGE_CHUNK`]: the graph's edge map is built from them chunk by
/// chunk, freeing each as it goes, so that the list and the map are never both whole in memory (a
/// `Vec<Edge>` would be freed only at the end: 150 MB for 2M edges).
#[derive(Debug, Default)]
struct EdgeList {
    chunks: Vec<Vec<Edge>>,
}

impl EdgeList {
    /// Appends an edge and returns its index.
    fn push(&mut self, edge: Edge) -> u32 {
        let index = self.len() as u32;
        match self.chunks.last_mut() {
            Some(last) if last.len() < EDGE_CHUNK => last.push(edge),
            _ => {
                // The first chunk grows as needed (most graphs are small); later ones are allocated whole.
                let capacity = if self.chunks.is_empty() {
                    0
                } else {
                    EDGE_CHUNK
                };
                let mut chunk = Vec::with_capacity(capacity);
                chunk.push(edge);
                self.chunks.push(chunk);
            }
        }
        index
    }

    fn len(&self) -> usize {
        self.chunks
            .last()
            .map_or(0, |last| (self.chunks.len() - 1) * EDGE_CHUNK + last.len())
    }

    fn get(&self, index: u32) -> &Edge {
        let i = index as usize;
        &self.chunks[i / EDGE_CHUNK][i % EDGE_CHUNK]
    }

    fn get_mut(&mut self, index: u32) -> &mut Edge {
        let i = index as usize;
        &mut self.chunks[i / EDGE_CHUNK][i % EDGE_CHUNK]
    }

    fn iter(&self) -> impl Iterator<Item = &Edge> {
        self.chunks.iter().flatten()
    }

    fn swap(&mut self, a: usize, b: usize) {
        let (ca, cb) = (a / EDGE_CHUNK, b / EDGE_CHUNK);
        let (oa, ob) = (a % EDGE_CHUNK, b % EDGE_CHUNK);
        if ca == cb {
            self.chunks[ca].swap(oa, ob);
            return;
        }
        let ((lo, lo_at), (hi, hi_at)) = if ca < cb {
            ((ca, oa), (cb, ob))
        } else {
            ((cb, ob), (ca, oa))
        };
        let (left, right) = self.chunks.split_at_mut(hi);
        std::mem::swap(&mut left[lo][lo_at], &mut right[0][hi_at]);
    }
}

/// Estimated heap bytes of the accumulator's items, overheads included (hash map slots at their load
/// factor, allocation headers): see [`Accumulator::approx_bytes`].
const ARC_BYTES: usize = 32;
const NODE_BYTES: usize = std::mem::size_of::<(EntityIndex, NodeAcc)>() + 32;
const ALIAS_BYTES: usize = 32;
const NODE_DOCUMENT_BYTES: usize = 24;
const EDGE_BYTES: usize = std::mem::size_of::<Edge>() + 32;
const EVIDENCE_BYTES: usize = std::mem::size_of::<Evidence>() + 8;
const METADATA_BYTES: usize = 256;

/// Above this many stored metadata records, those of uncited documents are dropped. Pruning walks every
/// edge, so it waits until the records are worth it (a few MB); on a dense corpus nearly every document
/// stays cited and an early prune frees nothing.
const PRUNE_DOCUMENTS_ABOVE: usize = 65_536;

impl Accumulator {
    /// An empty accumulator.
    pub fn new(window: Window, limits: Limits) -> Self {
        let co: Arc<str> = Arc::from(CO_OCCURRENCE);
        let mut key_ids = FxHashMap::default();
        key_ids.insert(co.clone(), 0);
        Accumulator {
            window,
            limits,
            nodes: FxHashMap::default(),
            edges: FxHashMap::default(),
            edge_list: EdgeList::default(),
            keys: vec![co],
            key_ids,
            document_count: 0,
            documents: BTreeMap::new(),
            prune_at: PRUNE_DOCUMENTS_ABOVE,
            discovered: Vec::new(),
            discovered_ids: FxHashMap::default(),
            no_text: crate::graph::no_text(),
            bytes: 0,
        }
    }

    /// Folds in the extraction of `doc`.
    pub fn add(&mut self, doc: &Document, ex: &DocExtraction) {
        self.document_count += 1;
        let doc_id: Arc<str> = Arc::from(doc.id.as_str());
        self.bytes += doc.id.len() + ARC_BYTES;
        // Discovered entities get their index in this accumulator, shared by every document that
        // discovered the same id.
        let renumbered;
        let (mentions, links) = if ex.discovered.is_empty() {
            (&ex.mentions, &ex.links)
        } else {
            let global: Vec<EntityIndex> = ex
                .discovered
                .iter()
                .map(|e| self.intern_discovered(e))
                .collect();
            let map = |e: EntityIndex| {
                if e & DISCOVERED != 0 {
                    global[(e & !DISCOVERED) as usize]
                } else {
                    e
                }
            };
            let mut mentions = ex.mentions.clone();
            for m in &mut mentions {
                m.entity = map(m.entity);
            }
            let mut links = ex.links.clone();
            for l in &mut links {
                l.source = map(l.source);
                l.target = map(l.target);
            }
            renumbered = (mentions, links);
            (&renumbered.0, &renumbered.1)
        };
        if !mentions.is_empty() {
            self.add_mentions(doc, &doc_id, mentions);
        }
        // The pairs of one window share its sentence: one copy of the text for all of their evidence.
        let mut texts: FxHashMap<Span, Arc<str>> = FxHashMap::default();
        for link in links {
            self.add_link(doc, &doc_id, &mut texts, link);
        }
        if !doc.metadata.is_empty() {
            self.bytes += doc.id.len() + METADATA_BYTES;
            self.documents.insert(doc.id.clone(), doc.metadata.clone());
            if self.documents.len() > self.prune_at {
                self.prune_documents();
                // Pruning walks every edge: wait until the records double again, so that a corpus where
                // many documents stay cited does not prune after every document (quadratic).
                self.prune_at = (2 * self.documents.len()).max(PRUNE_DOCUMENTS_ABOVE);
            }
        }
    }

    /// The accumulator's index of a discovered entity; of two discoveries of one id, the description of
    /// the more confident one is kept (see [`crate::graph::merge_discovered`]).
    fn intern_discovered(&mut self, e: &Entity) -> EntityIndex {
        match self.discovered_ids.get(&e.id) {
            Some(&index) => {
                let kept = &mut self.discovered[(index & !DISCOVERED) as usize];
                crate::graph::merge_discovered(&mut kept.attributes, &e.attributes);
                index
            }
            None => {
                let index = DISCOVERED | self.discovered.len() as EntityIndex;
                self.discovered.push(e.clone());
                self.discovered_ids.insert(e.id.clone(), index);
                index
            }
        }
    }

    fn add_mentions(&mut self, doc: &Document, doc_id: &Arc<str>, mentions: &[Mention]) {
        let cap = self.limits.max_node_documents;
        let mut per_entity: FxHashMap<EntityIndex, u64> = FxHashMap::default();
        for m in mentions {
            *per_entity.entry(m.entity).or_insert(0) += 1;
            let node = match self.nodes.entry(m.entity) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    self.bytes += NODE_BYTES;
                    v.insert(NodeAcc::default())
                }
            };
            node.mentions += 1;
            let surface = &doc.text[m.start..m.end];
            if !node.aliases.iter().any(|a| **a == *surface) {
                self.bytes += surface.len() + ALIAS_BYTES;
                node.aliases.push(surface.into());
            }
        }
        for (entity, count) in per_entity {
            let node = self.nodes.entry(entity).or_default();
            node.document_count += 1;
            let docs = &mut node.documents;
            // Corpora usually come in id order: past the last listed id, no search (a binary search over
            // up to `cap` ids reads as many strings, each a cache miss, for every entity of every document).
            let pos = match docs.last() {
                Some((last, _)) if **last < **doc_id => docs.len(),
                _ => docs.partition_point(|(d, _)| **d < **doc_id),
            };
            if docs.get(pos).is_some_and(|(d, _)| **d == **doc_id) {
                docs[pos].1 += count; // the same document id given twice
            } else if pos < cap {
                self.bytes += NODE_DOCUMENT_BYTES;
                docs.insert(pos, (doc_id.clone(), count));
                docs.truncate(cap);
            }
        }
    }

    fn key_id(&mut self, kind: &LinkKind) -> u32 {
        match kind {
            LinkKind::CoOccurrence => 0,
            LinkKind::Relation(name) => match self.key_ids.get(name) {
                Some(&id) => id,
                None => {
                    let id = self.keys.len() as u32;
                    self.keys.push(name.clone());
                    self.key_ids.insert(name.clone(), id);
                    id
                }
            },
        }
    }

    fn add_link(
        &mut self,
        doc: &Document,
        doc_id: &Arc<str>,
        texts: &mut FxHashMap<Span, Arc<str>>,
        link: &Link,
    ) {
        let key = self.key_id(&link.kind);
        let (a, b) = match link.kind {
            // Co-occurrence has no direction: one accumulator entry per unordered pair.
            LinkKind::CoOccurrence => (link.source.min(link.target), link.source.max(link.target)),
            LinkKind::Relation(_) => (link.source, link.target),
        };
        let cap = self.limits.max_evidence;
        let list = &mut self.edge_list;
        let bytes = &mut self.bytes;
        let index = *self.edges.entry((a, b, key)).or_insert_with(|| {
            *bytes += EDGE_BYTES;
            list.push(Edge::new(if key == 0 {
                EdgeKind::CoOccurrence
            } else {
                EdgeKind::Relation
            }))
        });
        let edge = self.edge_list.get_mut(index);
        edge.weight += 1;
        edge.hedged_weight += u64::from(link.hedged);
        edge.implicit_weight += u64::from(link.implicit);
        edge.confidence = match (edge.confidence, link.confidence) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, y) => x.or(y),
        };
        let mode = self.limits.evidence;
        if mode == EvidenceMode::None {
            return;
        }
        // Reject without copying any text when the capped list is full of smaller items.
        if edge.evidence.len() >= cap {
            if let Some(last) = edge.evidence.last() {
                let rule = last.rule.as_deref();
                if (
                    doc.id.as_str(),
                    link.span.start,
                    link.span.end,
                    link.rule.as_deref(),
                ) >= (&*last.doc, last.start, last.end, rule)
                {
                    return;
                }
            }
        }
        let bytes = &mut self.bytes;
        let sentence = match mode {
            EvidenceMode::Text => texts
                .entry(link.span)
                .or_insert_with(|| {
                    let text = crate::graph::excerpt_text(doc, link.span);
                    *bytes += text.len() + ARC_BYTES;
                    text
                })
                .clone(),
            _ => self.no_text.clone(),
        };
        *bytes += EVIDENCE_BYTES;
        let ev = Evidence {
            doc: doc_id.clone(),
            sentence,
            start: link.span.start,
            end: link.span.end,
            rule: link.rule.clone(),
            hedged: link.hedged,
            implicit: link.implicit,
        };
        crate::graph::insert_capped(&mut edge.evidence, ev, cap);
    }

    /// Drops the metadata of documents that no evidence item or node document list cites.
    fn prune_documents(&mut self) {
        let evidence = self.edge_list.iter().map(|e| e.evidence.as_slice());
        let node_docs = self
            .nodes
            .values()
            .flat_map(|n| n.documents.iter().map(|(d, _)| &**d));
        crate::graph::retain_cited(&mut self.documents, evidence, node_docs);
    }

    /// An estimate of the heap memory held, in bytes: what a memory budget compares (see
    /// [`crate::extract::pipeline::Pipeline::memory_budget`]). It counts what is added (entries, texts,
    /// with the allocator's and the maps' overhead) and not what a full evidence list evicts, so it errs
    /// high.
    pub fn approx_bytes(&self) -> usize {
        self.bytes
    }

    /// The co-occurrence window.
    pub fn window(&self) -> Window {
        self.window
    }

    /// The size limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Number of documents added.
    pub fn document_count(&self) -> u64 {
        self.document_count
    }

    /// Builds the string-keyed graph, taking entity descriptions from `dict`.
    ///
    /// Nodes and edges are built at the same time, and the edge map from pieces built and merged in
    /// parallel (call it on the pool whose threads should do it).
    pub fn into_graph(mut self, dict: &Dictionary) -> Graph {
        self.prune_documents();
        let Accumulator {
            window,
            limits,
            nodes,
            edges,
            edge_list,
            keys,
            document_count,
            documents,
            discovered,
            ..
        } = self;
        let dict = &Entities {
            dictionary: dict,
            discovered: &discovered,
        };
        let mut graph = Graph::new(window, limits);
        graph.document_count = document_count;
        graph.documents = documents;
        let ranks = Ranks::new(nodes.keys().copied(), dict);
        let rank_of = |e: EntityIndex| ranks.of(e);
        let (nodes, edges) = rayon::join(
            || build_nodes(nodes, dict, &rank_of),
            || build_edges(edges, edge_list, &keys, &ranks.ranked, dict, &rank_of),
        );
        graph.nodes = nodes;
        graph.edges = edges;
        graph
    }
}

impl Accumulator {
    /// Writes what was accumulated as a new run of `spill`: the run [`Spill::push`] writes for
    /// [`Accumulator::into_graph`]'s graph, without building that graph (which would hold a second copy
    /// of everything while the run is written).
    pub fn spill_to(mut self, dict: &Dictionary, spill: &mut Spill) -> Result<()> {
        self.prune_documents();
        let Accumulator {
            window,
            limits,
            nodes,
            edges,
            edge_list,
            keys,
            document_count,
            documents,
            discovered,
            ..
        } = self;
        let dict = &Entities {
            dictionary: dict,
            discovered: &discovered,
        };
        let ranks = Ranks::new(nodes.keys().copied(), dict);
        let rank_of = |e: EntityIndex| ranks.of(e);
        let key_rank = key_ranks(&keys);
        let mut records: Vec<RankedEdge> = edges
            .iter()
            .map(|(&(a, b, key), &index)| ranked_edge(a, b, key, index, &key_rank, &rank_of))
            .collect();
        drop(edges);
        records.par_sort_unstable_by(|x, y| x.order.cmp(&y.order));
        spill.push_with(window, limits, document_count, documents, |enc| {
            enc.uint(ranks.ranked.len() as u64)?;
            let mut aliases: Vec<&str> = Vec::new();
            for e in &ranks.ranked {
                let Some(n) = nodes.get(e) else { continue };
                let entity = dict.entity(*e);
                aliases.clear();
                aliases.extend(n.aliases.iter().map(|a| &**a));
                aliases.sort_unstable();
                enc.node_parts(
                    NodeParts {
                        id: &entity.id,
                        label: &entity.name,
                        entity_type: &entity.entity_type,
                        external_id: entity.external_id.as_deref(),
                        attributes: &entity.attributes,
                        mentions: n.mentions,
                        document_count: n.document_count,
                    },
                    aliases.iter().copied(),
                    n.documents.iter().map(|(d, c)| (&**d, *c)),
                )?;
            }
            enc.uint(records.len() as u64)?;
            for r in &records {
                enc.edge_parts(
                    &dict.entity(r.source).id,
                    &dict.entity(r.target).id,
                    &keys[r.key as usize],
                    edge_list.get(r.index),
                )?;
            }
            Ok(())
        })?;
        // Freed on the pool while the next documents are accumulated.
        rayon::spawn(move || drop((nodes, edge_list, records, discovered)));
        Ok(())
    }
}

/// The accumulated entities ranked by id once, so that sorting nodes and edges compares integers, not id
/// strings. 32-bit ranks (entity indices are): millions of edge records are sorted by them.
struct Ranks {
    /// The entities in id order.
    ranked: Vec<EntityIndex>,
    /// Rank of each dictionary entity (`u32::MAX`: not in the graph).
    rank: Vec<u32>,
    /// Rank of each discovered entity.
    rank_discovered: Vec<u32>,
}

impl Ranks {
    fn new(entities: impl Iterator<Item = EntityIndex>, dict: &Entities<'_>) -> Ranks {
        let mut ranked: Vec<EntityIndex> = entities.collect();
        ranked.par_sort_unstable_by(|&a, &b| dict.entity(a).id.cmp(&dict.entity(b).id));
        let mut rank = vec![u32::MAX; dict.dictionary.entities().len()];
        let mut rank_discovered = vec![u32::MAX; dict.discovered.len()];
        for (r, &e) in ranked.iter().enumerate() {
            if e & DISCOVERED != 0 {
                rank_discovered[(e & !DISCOVERED) as usize] = r as u32;
            } else {
                rank[e as usize] = r as u32;
            }
        }
        Ranks {
            ranked,
            rank,
            rank_discovered,
        }
    }

    fn of(&self, e: EntityIndex) -> u32 {
        if e & DISCOVERED != 0 {
            self.rank_discovered.get((e & !DISCOVERED) as usize)
        } else {
            self.rank.get(e as usize)
        }
        .copied()
        .unwrap_or(u32::MAX)
    }
}

/// Each edge key's rank by name (keys are interned in order of first use).
fn key_ranks(keys: &[Arc<str>]) -> Vec<u32> {
    let mut key_rank = vec![0u32; keys.len()];
    let mut by_name: Vec<usize> = (0..keys.len()).collect();
    by_name.sort_unstable_by(|&x, &y| keys[x].cmp(&keys[y]));
    for (r, &k) in by_name.iter().enumerate() {
        key_rank[k] = r as u32;
    }
    key_rank
}

/// An accumulated edge with its output order; co-occurrences are stored from the smaller id.
fn ranked_edge(
    a: EntityIndex,
    b: EntityIndex,
    key: u32,
    index: u32,
    key_rank: &[u32],
    rank_of: &impl Fn(EntityIndex) -> u32,
) -> RankedEdge {
    let (mut s, mut t) = (a, b);
    if key == 0 && rank_of(t) < rank_of(s) {
        std::mem::swap(&mut s, &mut t);
    }
    RankedEdge {
        order: (rank_of(s), rank_of(t), key_rank[key as usize]),
        key,
        index,
        source: s,
        target: t,
    }
}

/// The graph's nodes, from the accumulated ones (`rank_of`: an entity's rank by id).
fn build_nodes(
    nodes: FxHashMap<EntityIndex, NodeAcc>,
    dict: &Entities<'_>,
    rank_of: &(impl Fn(EntityIndex) -> u32 + Sync),
) -> BTreeMap<String, Node> {
    let mut nodes: Vec<(EntityIndex, NodeAcc)> = nodes.into_iter().collect();
    nodes.sort_unstable_by_key(|(e, _)| rank_of(*e));
    nodes
        .into_iter()
        .map(|(entity, n)| {
            let e = dict.entity(entity);
            let node = Node {
                id: e.id.clone(),
                label: e.name.clone(),
                entity_type: e.entity_type.clone(),
                aliases: n.aliases.into_iter().map(String::from).collect(),
                mentions: n.mentions,
                document_count: n.document_count,
                documents: n.documents.into_iter().collect(),
                external_id: e.external_id.clone(),
                attributes: e.attributes.clone(),
            };
            (e.id.clone(), node)
        })
        .collect()
}

/// The graph's edges, from the accumulator's index and list (`ranked`: the node entities by id).
///
/// The edge records are sorted into output order on the pool, the list of edges is put in that order in
/// place, and the map is built from pieces of it in parallel, merged pairwise. Building it in pieces also
/// keeps the transient small: `BTreeMap::from_iter` collects and sorts its whole input before building.
fn build_edges(
    index: FxHashMap<(EntityIndex, EntityIndex, u32), u32>,
    mut list: EdgeList,
    keys: &[Arc<str>],
    ranked: &[EntityIndex],
    dict: &Entities<'_>,
    rank_of: &(impl Fn(EntityIndex) -> u32 + Sync),
) -> BTreeMap<EdgeKey, Edge> {
    // Edge keys ranked by name, like the entities.
    let key_rank = key_ranks(keys);
    let mut records: Vec<RankedEdge> = index
        .into_iter()
        .map(|((a, b, key), index)| ranked_edge(a, b, key, index, &key_rank, rank_of))
        .collect();
    records.par_sort_unstable_by(|x, y| x.order.cmp(&y.order));
    let mut order: Vec<u32> = records.iter().map(|r| r.index).collect();
    permute_to(&mut order, |a, b| list.swap(a, b));
    drop(order);

    // One shared copy of each node id for all of its edges.
    let ids: Vec<Arc<str>> = ranked
        .iter()
        .map(|&e| Arc::from(dict.entity(e).id.as_str()))
        .collect();
    let id_of = |e: EntityIndex| -> Arc<str> {
        match ids.get(rank_of(e) as usize) {
            Some(id) => id.clone(),
            None => Arc::from(dict.entity(e).id.as_str()),
        }
    };
    // Pieces of whole chunks, a few per thread; each chunk is freed once its edges are in a piece.
    let chunks_per_piece = (records.len() / (4 * rayon::current_num_threads()) / EDGE_CHUNK).max(1);
    let pieces: Vec<BTreeMap<EdgeKey, Edge>> = list
        .chunks
        .into_par_iter()
        .chunks(chunks_per_piece)
        .zip(records.par_chunks(chunks_per_piece * EDGE_CHUNK))
        .map(|(chunks, records)| {
            let edges = chunks.into_iter().flatten();
            records
                .iter()
                .zip(edges)
                .map(|(r, edge)| {
                    let key = EdgeKey {
                        source: id_of(r.source),
                        target: id_of(r.target),
                        key: keys[r.key as usize].clone(),
                    };
                    (key, edge)
                })
                .collect()
        })
        .collect();
    merge_maps(pieces)
}

/// Reorders items so that position `i` holds the item that was at position `order[i]` (`order` is a
/// permutation of the positions), following its cycles with `swap`: no second list. `order` is
/// overwritten (with `u32::MAX`) to mark the positions done.
fn permute_to(order: &mut [u32], mut swap: impl FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != u32::MAX {
            let from = std::mem::replace(&mut order[at], u32::MAX) as usize;
            if from == start {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

/// The union of maps with disjoint keys, merged pairwise on the pool (each `append` merges two sorted
/// trees in one pass, freeing the old nodes as it goes).
fn merge_maps<K: Ord + Send, V: Send>(mut maps: Vec<BTreeMap<K, V>>) -> BTreeMap<K, V> {
    match maps.len() {
        0 => BTreeMap::new(),
        1 => maps.pop().unwrap_or_default(),
        n => {
            let right = maps.split_off(n / 2);
            let (mut left, mut right) = rayon::join(|| merge_maps(maps), || merge_maps(right));
            left.append(&mut right);
            left
        }
    }
}

#[cfg(test)]
mod tests;
