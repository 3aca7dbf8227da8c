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

use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap;

use crate::dictionary::{Dictionary, EntityIndex};
use crate::graph::{
    DocumentMetadata, Edge, EdgeKey, EdgeKind, Evidence, Graph, Limits, Node, Window,
};
use crate::input::Document;
use crate::matcher::Mention;
use crate::segment::Span;

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
    edge_list: Vec<Edge>,
    /// Interned edge keys; 0 is `co_occurrence`.
    keys: Vec<Arc<str>>,
    key_ids: FxHashMap<Arc<str>, u32>,
    document_count: u64,
    documents: BTreeMap<String, DocumentMetadata>,
    /// Prune the metadata records when there are more than this many.
    prune_at: usize,
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
            edge_list: Vec::new(),
            keys: vec![co],
            key_ids,
            document_count: 0,
            documents: BTreeMap::new(),
            prune_at: PRUNE_DOCUMENTS_ABOVE,
        }
    }

    /// Folds in the extraction of `doc`.
    pub fn add(&mut self, doc: &Document, ex: &DocExtraction) {
        self.document_count += 1;
        let doc_id: Arc<str> = Arc::from(doc.id.as_str());
        if !ex.mentions.is_empty() {
            self.add_mentions(doc, &doc_id, &ex.mentions);
        }
        // The pairs of one window share its sentence: one copy of the text for all of their evidence.
        let mut texts: FxHashMap<Span, Arc<str>> = FxHashMap::default();
        for link in &ex.links {
            self.add_link(doc, &doc_id, &mut texts, link);
        }
        if !doc.metadata.is_empty() {
            self.documents.insert(doc.id.clone(), doc.metadata.clone());
            if self.documents.len() > self.prune_at {
                self.prune_documents();
                // Pruning walks every edge: wait until the records double again, so that a corpus where
                // many documents stay cited does not prune after every document (quadratic).
                self.prune_at = (2 * self.documents.len()).max(PRUNE_DOCUMENTS_ABOVE);
            }
        }
    }

    fn add_mentions(&mut self, doc: &Document, doc_id: &Arc<str>, mentions: &[Mention]) {
        let cap = self.limits.max_node_documents;
        let mut per_entity: FxHashMap<EntityIndex, u64> = FxHashMap::default();
        for m in mentions {
            *per_entity.entry(m.entity).or_insert(0) += 1;
            let node = self.nodes.entry(m.entity).or_default();
            node.mentions += 1;
            let surface = &doc.text[m.start..m.end];
            if !node.aliases.iter().any(|a| **a == *surface) {
                node.aliases.push(surface.into());
            }
        }
        for (entity, count) in per_entity {
            let node = self.nodes.entry(entity).or_default();
            node.document_count += 1;
            let docs = &mut node.documents;
            let pos = docs.partition_point(|(d, _)| **d < **doc_id);
            if docs.get(pos).is_some_and(|(d, _)| **d == **doc_id) {
                docs[pos].1 += count; // the same document id given twice
            } else if pos < cap {
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
        let index = *self.edges.entry((a, b, key)).or_insert_with(|| {
            list.push(Edge::new(if key == 0 {
                EdgeKind::CoOccurrence
            } else {
                EdgeKind::Relation
            }));
            (list.len() - 1) as u32
        });
        let edge = &mut self.edge_list[index as usize];
        edge.weight += 1;
        edge.hedged_weight += u64::from(link.hedged);
        edge.implicit_weight += u64::from(link.implicit);
        edge.confidence = match (edge.confidence, link.confidence) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, y) => x.or(y),
        };
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
        let sentence = texts
            .entry(link.span)
            .or_insert_with(|| crate::extract::excerpt_text(doc, link.span))
            .clone();
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

    /// Number of documents added.
    pub fn document_count(&self) -> u64 {
        self.document_count
    }

    /// Builds the string-keyed graph, taking entity descriptions from `dict`.
    pub fn into_graph(mut self, dict: &Dictionary) -> Graph {
        self.prune_documents();
        let mut graph = Graph::new(self.window, self.limits);
        graph.document_count = self.document_count;
        graph.documents = self.documents;
        // Entities ranked by id once, so that sorting nodes and edges compares integers, not id strings;
        // the maps are then built from sorted input in one pass.
        let mut ranked: Vec<EntityIndex> = self.nodes.keys().copied().collect();
        ranked.sort_unstable_by(|&a, &b| dict.entity(a).id.cmp(&dict.entity(b).id));
        // 32-bit ranks (entity indices are): millions of edge records are sorted by them.
        let mut rank: FxHashMap<EntityIndex, u32> = FxHashMap::default();
        rank.extend(ranked.iter().enumerate().map(|(r, &e)| (e, r as u32)));
        let rank_of = |e: EntityIndex| rank.get(&e).copied().unwrap_or(u32::MAX);

        let mut nodes: Vec<(EntityIndex, NodeAcc)> = self.nodes.into_iter().collect();
        nodes.sort_unstable_by_key(|(e, _)| rank_of(*e));
        graph.nodes = nodes
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
                    documents: n
                        .documents
                        .into_iter()
                        .map(|(d, c)| (d.to_string(), c))
                        .collect(),
                    external_id: e.external_id.clone(),
                    attributes: e.attributes.clone(),
                };
                (e.id.clone(), node)
            })
            .collect();

        // One shared copy of each node id for all of its edges.
        let ids: Vec<Arc<str>> = ranked
            .iter()
            .map(|&e| Arc::from(dict.entity(e).id.as_str()))
            .collect();
        let id_of = |e: EntityIndex| -> Arc<str> {
            match rank.get(&e) {
                Some(&r) => ids[r as usize].clone(),
                None => Arc::from(dict.entity(e).id.as_str()),
            }
        };
        let keys = &self.keys;
        // Edge keys ranked by name, like the entities.
        let mut key_rank = vec![0u32; keys.len()];
        let mut by_name: Vec<usize> = (0..keys.len()).collect();
        by_name.sort_unstable_by(|&x, &y| keys[x].cmp(&keys[y]));
        for (r, &k) in by_name.iter().enumerate() {
            key_rank[k] = r as u32;
        }
        let mut edges: Vec<RankedEdge> = self
            .edges
            .into_iter()
            .map(|((a, b, key), index)| {
                let (mut s, mut t) = (a, b);
                // Co-occurrences are stored from the smaller id.
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
            })
            .collect();
        edges.par_sort_unstable_by(|x, y| x.order.cmp(&y.order));
        let mut list = self.edge_list;
        let edges = edges.into_iter().map(
            |RankedEdge {
                 order: _,
                 key,
                 index,
                 source: s,
                 target: t,
             }| {
                let slot = &mut list[index as usize];
                let edge = std::mem::replace(slot, Edge::new(slot.kind));
                let key = EdgeKey {
                    source: id_of(s),
                    target: id_of(t),
                    key: keys[key as usize].clone(),
                };
                (key, edge)
            },
        );
        graph.edges = btree_from_sorted(edges, 1 << 16);
        graph
    }
}

/// A map of the items of a sorted iterator without duplicate keys, built in pieces.
///
/// `BTreeMap::from_iter` first collects the whole input, then sorts it with a scratch buffer of half its
/// size, before building the tree: with millions of edges, two transient copies beside the tree. Built
/// from pieces a quarter of the map's size and appended (which merges sorted trees in one pass, freeing
/// the old nodes as it goes), the transient stays a fraction of the map.
fn btree_from_sorted<K: Ord, V>(
    items: impl Iterator<Item = (K, V)>,
    min_piece: usize,
) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    let mut items = items.peekable();
    while items.peek().is_some() {
        let piece = min_piece.max(map.len() / 4).max(1);
        let mut more: BTreeMap<K, V> = items.by_ref().take(piece).collect();
        map.append(&mut more);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::btree_from_sorted;
    use std::collections::BTreeMap;

    #[test]
    fn a_map_built_in_pieces_is_the_map_built_at_once() {
        for n in [0, 1, 2, 3, 10, 100, 1000] {
            let items = || (0..n).map(|i| (format!("{i:05}"), i));
            let expected: BTreeMap<String, i32> = items().collect();
            for min_piece in [1, 3, 64, 10_000] {
                let map = btree_from_sorted(items(), min_piece);
                assert_eq!(map.len(), expected.len(), "n={n} min_piece={min_piece}");
                assert!(
                    map.iter().eq(expected.iter()),
                    "n={n} min_piece={min_piece}"
                );
            }
        }
    }
}
