//! GEXF 1.3 (`.gexf`) for Gephi.
//!
//! Nodes carry their label, typed attributes (`<attvalues>`), and a `viz:color`/`viz:size` from the same
//! style as the DOT diagram, so Gephi shows the types at once. Edges carry the native `weight`, a `label`
//! (the relation) and the GEXF 1.3 `kind` (`co_occurrence` or the relation name), which keeps parallel
//! edges between two entities apart; the attribute `edge_key` holds it too (not `key`, which networkx
//! reserves for multigraph keys). All edges are directed (co-occurrences from the smaller id): mixed
//! graphs are GEXF-valid but many readers refuse them. All text goes through one XML escape (`xml.rs`).

use std::io::{self, Write};

use super::dot::type_style;
use super::graphml::kind_name;
use super::xml::XmlOut;
use crate::discovery::discover::SOURCE;
use crate::graph::{discovery_of, is_discovered, EdgeKind, Graph};

/// The GEXF 1.3 namespace.
pub const NAMESPACE: &str = "http://gexf.net/1.3";
/// The GEXF 1.3 visualisation namespace.
pub const VIZ_NAMESPACE: &str = "http://gexf.net/1.3/viz";

const NODE_ATTRIBUTES: [(&str, &str); 5] = [
    ("type", "string"),
    ("mentions", "long"),
    ("document_count", "long"),
    ("aliases", "string"),
    ("external_id", "string"),
];

const EDGE_ATTRIBUTES: [(&str, &str); 7] = [
    ("edge_key", "string"),
    ("kind", "string"),
    ("confidence", "double"),
    ("hedged_weight", "long"),
    ("implicit_weight", "long"),
    ("evidence", "string"),
    ("evidence_doc", "string"),
];

fn rgb(hex: &str) -> [String; 3] {
    let channel = |i: usize| {
        hex.get(1 + 2 * i..3 + 2 * i)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(128)
            .to_string()
    };
    [channel(0), channel(1), channel(2)]
}

/// Writes the graph as GEXF 1.3.
pub fn write(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let mut x = XmlOut::new(out)?;
    x.start(
        "gexf",
        &[
            ("xmlns", NAMESPACE),
            ("xmlns:viz", VIZ_NAMESPACE),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ],
    )?;
    x.start("meta", &[])?;
    x.text_element(
        "creator",
        &[],
        &format!("graphex {}", env!("CARGO_PKG_VERSION")),
    )?;
    x.text_element(
        "description",
        &[],
        &format!(
            "entity graph of {} documents ({} window)",
            graph.document_count,
            graph.window.as_str()
        ),
    )?;
    x.end("meta")?;
    x.start(
        "graph",
        &[("mode", "static"), ("defaultedgetype", "directed")],
    )?;
    // Discovered entities carry where they come from, the cue that typed them and a confidence.
    let discovered = graph.nodes.values().any(|n| is_discovered(&n.attributes));
    let mut node_attributes = NODE_ATTRIBUTES.to_vec();
    if discovered {
        node_attributes.extend([
            ("source", "string"),
            ("cue", "string"),
            ("confidence", "double"),
        ]);
    }
    for (class, attrs) in [
        ("node", &node_attributes[..]),
        ("edge", &EDGE_ATTRIBUTES[..]),
    ] {
        x.start("attributes", &[("class", class), ("mode", "static")])?;
        for (title, ty) in attrs {
            x.empty(
                "attribute",
                &[("id", title), ("title", title), ("type", ty)],
            )?;
        }
        x.end("attributes")?;
    }

    x.start("nodes", &[])?;
    for n in graph.nodes.values() {
        x.start("node", &[("id", &n.id), ("label", &n.label)])?;
        x.start("attvalues", &[])?;
        let aliases: Vec<&str> = n.aliases.iter().map(String::as_str).collect();
        let mut values = vec![
            ("type", n.entity_type.clone()),
            ("mentions", n.mentions.to_string()),
            ("document_count", n.document_count.to_string()),
            ("aliases", aliases.join("|")),
        ];
        if let Some(ext) = &n.external_id {
            values.push(("external_id", ext.clone()));
        }
        if let Some((confidence, cue)) = discovery_of(&n.attributes) {
            values.push(("source", SOURCE.to_string()));
            values.push(("cue", cue.to_string()));
            values.push(("confidence", confidence.to_string()));
        }
        for (k, v) in &values {
            x.empty("attvalue", &[("for", k), ("value", v)])?;
        }
        x.end("attvalues")?;
        let [r, g, b] = rgb(type_style(&n.entity_type).1);
        x.empty("viz:color", &[("r", &r), ("g", &g), ("b", &b)])?;
        let size = 5.0 + 3.0 * (n.mentions.max(1) as f64).log2();
        x.empty("viz:size", &[("value", &format!("{size:.1}"))])?;
        x.end("node")?;
    }
    x.end("nodes")?;

    x.start("edges", &[])?;
    for (i, (k, e)) in graph.edges.iter().enumerate() {
        let id = i.to_string();
        let weight = format!("{}.0", e.weight);
        let mut attrs = vec![
            ("id", id.as_str()),
            ("source", &*k.source),
            ("target", &*k.target),
            ("weight", weight.as_str()),
            ("kind", &*k.key),
        ];
        if e.kind == EdgeKind::Relation {
            attrs.push(("label", &*k.key));
        }
        x.start("edge", &attrs)?;
        x.start("attvalues", &[])?;
        let mut values = vec![
            ("edge_key", k.key.to_string()),
            ("kind", kind_name(e.kind).to_string()),
        ];
        if let Some(c) = e.confidence {
            values.push(("confidence", c.to_string()));
        }
        if e.kind == EdgeKind::Relation {
            values.push(("hedged_weight", e.hedged_weight.to_string()));
            values.push(("implicit_weight", e.implicit_weight.to_string()));
        }
        if let Some(ev) = e.evidence.first() {
            if let Some(text) = ev.text() {
                values.push(("evidence", text.to_string()));
            }
            values.push(("evidence_doc", ev.doc.to_string()));
        }
        for (k, v) in &values {
            x.empty("attvalue", &[("for", k), ("value", v)])?;
        }
        x.end("attvalues")?;
        x.end("edge")?;
    }
    x.end("edges")?;
    x.end("graph")?;
    x.end("gexf")?;
    x.finish()
}
