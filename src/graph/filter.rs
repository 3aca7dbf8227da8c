//! Readable subgraphs of a finished graph: drop weak edges, co-occurrences, types, keep an entity's
//! neighbourhood or the most important entities, so that a 10,000-node graph becomes a diagram a person
//! can read.
//!
//! A [`Filter`] is applied to a finished [`Graph`] and returns a new one; it never changes counts, only
//! removes nodes and edges (and the document metadata no longer cited). A filtered graph is for looking
//! at: merging filtered graphs does not give the filtered merge.
//!
//! ```
//! use graphex::graph::filter::{Filter, Rank};
//! let filter = Filter { min_weight: 2, top: Some(50), rank: Rank::Degree, ..Filter::default() };
//! assert!(!filter.is_identity());
//! ```

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::error::{Error, Result};
use crate::graph::{EdgeKind, Graph};

/// How `top` ranks entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rank {
    /// By number of mentions.
    #[default]
    Mentions,
    /// By number of distinct neighbours (after the other filters).
    Degree,
}

/// Which nodes and edges to keep. Steps run in field order; the default keeps everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Drop edges whose weight is below this (0 and 1 keep all).
    pub min_weight: u64,
    /// Drop co-occurrence edges, keep relations.
    pub relations_only: bool,
    /// Keep only entities of these types (empty: all).
    pub types: BTreeSet<String>,
    /// Keep only the entities within [`Filter::depth`] edges of this one, given by id (`person:Elon Musk`),
    /// label or alias (case-insensitive).
    pub focus: Option<String>,
    /// Radius of the focus neighbourhood (0 is taken as 1).
    pub depth: usize,
    /// Keep only the N highest-ranked entities (the focus entity always stays).
    pub top: Option<usize>,
    /// Ranking used by [`Filter::top`].
    pub rank: Rank,
}

impl Filter {
    /// Whether the filter keeps every graph unchanged.
    pub fn is_identity(&self) -> bool {
        self.min_weight <= 1
            && !self.relations_only
            && self.types.is_empty()
            && self.focus.is_none()
            && self.top.is_none()
    }

    /// Like [`Filter::apply`], taking the graph: without any filter set it is returned as is, not copied
    /// (a large graph is hundreds of megabytes).
    pub fn apply_owned(&self, graph: Graph) -> Result<Graph> {
        if self.is_identity() {
            return Ok(graph);
        }
        self.apply(&graph)
    }

    /// The filtered graph. After an edge filter (`min_weight`, `relations_only`), entities left without any
    /// edge are dropped too. Errors: the focus entity is unknown or ambiguous.
    pub fn apply(&self, graph: &Graph) -> Result<Graph> {
        let mut g = graph.clone();
        if self.is_identity() {
            return Ok(g);
        }
        g.edges.retain(|_, e| {
            e.weight >= self.min_weight && (!self.relations_only || e.kind == EdgeKind::Relation)
        });
        if !self.types.is_empty() {
            g.nodes.retain(|_, n| self.types.contains(&n.entity_type));
        }
        retain_edges_between_nodes(&mut g);
        let focus = self
            .focus
            .as_deref()
            .map(|f| resolve_focus(&g, graph, f))
            .transpose()?;
        if self.min_weight > 1 || self.relations_only {
            let linked = linked_nodes(&g);
            g.nodes
                .retain(|id, _| linked.contains(id) || Some(id) == focus.as_ref());
        }
        if let Some(center) = &focus {
            let keep = neighbourhood(&g, center, self.depth.max(1));
            g.nodes.retain(|id, _| keep.contains(id));
            retain_edges_between_nodes(&mut g);
        }
        if let Some(n) = self.top {
            let keep = self.top_nodes(&g, n, focus.as_deref());
            g.nodes.retain(|id, _| keep.contains(id));
            retain_edges_between_nodes(&mut g);
        }
        g.prune_documents();
        Ok(g)
    }

    fn top_nodes(&self, g: &Graph, n: usize, focus: Option<&str>) -> BTreeSet<String> {
        let degree = degrees(g);
        let mut ranked: Vec<(u64, &str)> = g
            .nodes
            .values()
            .map(|node| {
                let score = match self.rank {
                    Rank::Mentions => node.mentions,
                    Rank::Degree => degree.get(node.id.as_str()).copied().unwrap_or(0) as u64,
                };
                (score, node.id.as_str())
            })
            .collect();
        // Highest score first, ties by id: deterministic.
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let mut keep: BTreeSet<String> = ranked
            .into_iter()
            .take(n)
            .map(|(_, id)| id.to_string())
            .collect();
        if let Some(f) = focus {
            keep.insert(f.to_string());
        }
        keep
    }
}

fn retain_edges_between_nodes(g: &mut Graph) {
    let nodes = &g.nodes;
    g.edges
        .retain(|k, _| nodes.contains_key(&*k.source) && nodes.contains_key(&*k.target));
}

fn linked_nodes(g: &Graph) -> BTreeSet<String> {
    g.edges
        .keys()
        .flat_map(|k| [k.source.to_string(), k.target.to_string()])
        .collect()
}

/// Number of distinct neighbours of each node.
pub fn degrees(g: &Graph) -> BTreeMap<&str, usize> {
    let mut neighbours: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for k in g.edges.keys() {
        if k.source != k.target {
            neighbours.entry(&k.source).or_default().insert(&k.target);
            neighbours.entry(&k.target).or_default().insert(&k.source);
        }
    }
    neighbours.into_iter().map(|(k, v)| (k, v.len())).collect()
}

/// The id of the focus entity: an exact id, else a case-insensitive label, else an alias. `g` is the graph
/// being filtered; `full` the original, for a clearer message when the entity was filtered out.
fn resolve_focus(g: &Graph, full: &Graph, focus: &str) -> Result<String> {
    if g.nodes.contains_key(focus) {
        return Ok(focus.to_string());
    }
    let wanted = focus.to_lowercase();
    let by_label: Vec<&str> = g
        .nodes
        .values()
        .filter(|n| n.label.to_lowercase() == wanted)
        .map(|n| n.id.as_str())
        .collect();
    let candidates = if by_label.is_empty() {
        g.nodes
            .values()
            .filter(|n| n.aliases.iter().any(|a| a.to_lowercase() == wanted))
            .map(|n| n.id.as_str())
            .collect()
    } else {
        by_label
    };
    match candidates.as_slice() {
        [one] => Ok((*one).to_string()),
        [] => {
            let filtered_out = full.nodes.contains_key(focus)
                || full
                    .nodes
                    .values()
                    .any(|n| n.label.to_lowercase() == wanted);
            Err(Error::Config(if filtered_out {
                format!("--focus {focus:?}: the entity is removed by the other filters")
            } else {
                format!("--focus {focus:?}: no entity with this id, name or alias in the graph")
            }))
        }
        many => Err(Error::Config(format!(
            "--focus {focus:?} is ambiguous: {}; give the id",
            many.join(", ")
        ))),
    }
}

/// Ids within `depth` edges of `center`, edges taken in both directions (breadth-first search on the
/// petgraph view).
fn neighbourhood(g: &Graph, center: &str, depth: usize) -> BTreeSet<String> {
    let (pg, index) = g.to_petgraph();
    let mut keep = BTreeSet::new();
    let Some(&start) = index.get(center) else {
        return keep;
    };
    let mut seen = vec![false; pg.node_count()];
    let mut queue = VecDeque::from([(start, 0usize)]);
    seen[start.index()] = true;
    while let Some((n, d)) = queue.pop_front() {
        keep.insert(pg[n].to_string());
        if d == depth {
            continue;
        }
        for m in pg.neighbors(n) {
            if !seen[m.index()] {
                seen[m.index()] = true;
                queue.push_back((m, d + 1));
            }
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EdgeKey, Evidence, Limits, Node, Window};

    fn graph(edges: &[(&str, &str, &str, u64)]) -> Graph {
        let mut g = Graph::new(Window::Sentence, Limits::default());
        for (a, b, key, w) in edges {
            for id in [a, b] {
                let (t, name) = id.split_once(':').unwrap();
                g.add_mentions(id, "d", name, 1, || Node::new(*id, name, t));
            }
            let kind = if *key == "co_occurrence" {
                EdgeKind::CoOccurrence
            } else {
                EdgeKind::Relation
            };
            for i in 0..*w {
                let ev = Evidence {
                    doc: "d".into(),
                    sentence: format!("s{i}").into(),
                    start: i as usize,
                    end: i as usize + 1,
                    rule: None,
                    hedged: false,
                    implicit: false,
                };
                let k = EdgeKey {
                    source: (*a).into(),
                    target: (*b).into(),
                    key: (*key).into(),
                };
                g.add_edge_support(k, kind, ev, None);
            }
        }
        g
    }

    fn chain() -> Graph {
        graph(&[
            ("person:A", "person:B", "co_occurrence", 1),
            ("person:B", "organization:C", "founded", 3),
            ("organization:C", "person:D", "co_occurrence", 2),
            ("person:D", "place:E", "co_occurrence", 5),
            ("person:X", "person:Y", "co_occurrence", 1),
        ])
    }

    fn ids(g: &Graph) -> Vec<&str> {
        g.nodes.keys().map(String::as_str).collect()
    }

    #[test]
    fn edge_filters_drop_orphans() {
        let g = Filter {
            min_weight: 2,
            ..Default::default()
        }
        .apply(&chain())
        .unwrap();
        assert_eq!(
            ids(&g),
            vec!["organization:C", "person:B", "person:D", "place:E"]
        );
        let g = Filter {
            relations_only: true,
            ..Default::default()
        }
        .apply(&chain())
        .unwrap();
        assert_eq!(ids(&g), vec!["organization:C", "person:B"]);
        assert_eq!(g.edges.len(), 1);
    }

    #[test]
    fn focus_keeps_the_neighbourhood_by_label_or_id() {
        let f = |focus: &str, depth| Filter {
            focus: Some(focus.into()),
            depth,
            ..Default::default()
        };
        let g = f("c", 1).apply(&chain()).unwrap();
        assert_eq!(ids(&g), vec!["organization:C", "person:B", "person:D"]);
        let g = f("person:B", 2).apply(&chain()).unwrap();
        assert_eq!(
            ids(&g),
            vec!["organization:C", "person:A", "person:B", "person:D"]
        );
        assert!(f("nobody", 1)
            .apply(&chain())
            .unwrap_err()
            .to_string()
            .contains("no entity"));
    }

    #[test]
    fn top_and_types() {
        let g = Filter {
            top: Some(2),
            rank: Rank::Degree,
            ..Default::default()
        }
        .apply(&chain())
        .unwrap();
        assert_eq!(ids(&g), vec!["organization:C", "person:B"]);
        let g = Filter {
            types: ["person".to_string()].into(),
            ..Default::default()
        }
        .apply(&chain())
        .unwrap();
        assert!(g.nodes.values().all(|n| n.entity_type == "person"));
        assert_eq!(g.edges.len(), 2);
    }
}
