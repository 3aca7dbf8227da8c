//! GraphML (`.graphml`) for networkx (`read_graphml`), Gephi, yEd, igraph and Cytoscape desktop.
//!
//! One `<key>` per attribute, typed (`long`, `double`, `string`), so readers get numbers back as numbers.
//! GraphML has no lists: aliases are joined with `|` (a dictionary form never contains one) and an edge
//! carries its first evidence sentence and document; the full evidence list is in the JSON export. Edges
//! have ids (`e0`, `e1`, … in edge order) because two entities can be linked both by co-occurrence and by
//! relations: networkx then reads a multigraph keyed by those ids. All text goes through
//! one XML escape (`xml.rs`).

use std::io::{self, Write};

use super::xml::XmlOut;
use crate::discovery::discover::SOURCE;
use crate::graph::{discovery_of, is_discovered, EdgeKind, Graph};

const NODE_KEYS: [(&str, &str); 6] = [
    ("label", "string"),
    ("type", "string"),
    ("mentions", "long"),
    ("document_count", "long"),
    ("aliases", "string"),
    ("external_id", "string"),
];

const EDGE_KEYS: [(&str, &str); 9] = [
    ("key", "string"),
    ("kind", "string"),
    ("weight", "long"),
    ("confidence", "double"),
    ("hedged_weight", "long"),
    ("implicit_weight", "long"),
    ("evidence", "string"),
    ("evidence_doc", "string"),
    ("label", "string"),
];

const GRAPH_KEYS: [(&str, &str); 2] = [("window", "string"), ("document_count", "long")];

/// Keys of discovered entities (declared only when the graph has some, see [`crate::discovery`]).
const DISCOVERY_KEYS: [(&str, &str); 3] = [
    ("source", "string"),
    ("cue", "string"),
    ("confidence", "double"),
];

/// The name of an edge kind as written in every format (`co_occurrence`, `relation`).
pub(crate) fn kind_name(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::CoOccurrence => "co_occurrence",
        EdgeKind::Relation => "relation",
    }
}

/// Writes the graph as GraphML.
pub fn write(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let mut x = XmlOut::new(out)?;
    x.start(
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    )?;
    let discovered = graph.nodes.values().any(|n| is_discovered(&n.attributes));
    let discovery_keys: &[(&str, &str)] = if discovered { &DISCOVERY_KEYS } else { &[] };
    for (domain, prefix, keys) in [
        ("graph", "g", &GRAPH_KEYS[..]),
        ("node", "n", &NODE_KEYS[..]),
        ("node", "n", discovery_keys),
        ("edge", "e", &EDGE_KEYS[..]),
    ] {
        for (name, ty) in keys {
            let id = format!("{prefix}_{name}");
            x.empty(
                "key",
                &[
                    ("id", &id),
                    ("for", domain),
                    ("attr.name", name),
                    ("attr.type", ty),
                ],
            )?;
        }
    }
    x.start("graph", &[("id", "graphex"), ("edgedefault", "directed")])?;
    x.text_element("data", &[("key", "g_window")], graph.window.as_str())?;
    x.text_element(
        "data",
        &[("key", "g_document_count")],
        &graph.document_count.to_string(),
    )?;
    for n in graph.nodes.values() {
        x.start("node", &[("id", &n.id)])?;
        x.text_element("data", &[("key", "n_label")], &n.label)?;
        x.text_element("data", &[("key", "n_type")], &n.entity_type)?;
        x.text_element("data", &[("key", "n_mentions")], &n.mentions.to_string())?;
        x.text_element(
            "data",
            &[("key", "n_document_count")],
            &n.document_count.to_string(),
        )?;
        let aliases: Vec<&str> = n.aliases.iter().map(String::as_str).collect();
        x.text_element("data", &[("key", "n_aliases")], &aliases.join("|"))?;
        if let Some(ext) = &n.external_id {
            x.text_element("data", &[("key", "n_external_id")], ext)?;
        }
        if let Some((confidence, cue)) = discovery_of(&n.attributes) {
            x.text_element("data", &[("key", "n_source")], SOURCE)?;
            x.text_element("data", &[("key", "n_cue")], cue)?;
            x.text_element("data", &[("key", "n_confidence")], &confidence.to_string())?;
        }
        x.end("node")?;
    }
    for (i, (k, e)) in graph.edges.iter().enumerate() {
        let id = format!("e{i}");
        x.start(
            "edge",
            &[("id", &id), ("source", &k.source), ("target", &k.target)],
        )?;
        x.text_element("data", &[("key", "e_key")], &k.key)?;
        x.text_element("data", &[("key", "e_kind")], kind_name(e.kind))?;
        x.text_element("data", &[("key", "e_weight")], &e.weight.to_string())?;
        if let Some(c) = e.confidence {
            x.text_element("data", &[("key", "e_confidence")], &c.to_string())?;
        }
        if e.kind == EdgeKind::Relation {
            x.text_element(
                "data",
                &[("key", "e_hedged_weight")],
                &e.hedged_weight.to_string(),
            )?;
            x.text_element(
                "data",
                &[("key", "e_implicit_weight")],
                &e.implicit_weight.to_string(),
            )?;
            x.text_element("data", &[("key", "e_label")], &k.key)?;
        }
        if let Some(ev) = e.evidence.first() {
            if let Some(text) = ev.text() {
                x.text_element("data", &[("key", "e_evidence")], text)?;
            }
            x.text_element("data", &[("key", "e_evidence_doc")], &ev.doc)?;
        }
        x.end("edge")?;
    }
    x.end("graph")?;
    x.end("graphml")?;
    x.finish()
}
