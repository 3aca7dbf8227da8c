//! Cytoscape.js JSON (`.cyjs`): `cy.json(data)` / `cytoscape({elements: data.elements})` in the browser,
//! File › Import › Network from File in Cytoscape desktop, `networkx.cytoscape_graph(data)` in Python.
//!
//! Every element is `{"data": {...}}` with the node or edge attributes; node `type` and edge `kind` are also
//! element `classes`, so a stylesheet can colour by type (`node.person { ... }`). Edge ids are `e0`, `e1`,
//! … in edge order (node ids always contain `:`, so they never collide). serde_json does the escaping.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::dot::type_style;
use super::graphml::kind_name;
use crate::graph::Graph;

/// Builds the Cytoscape.js document.
pub fn to_value(graph: &Graph) -> Value {
    let nodes: Vec<Value> = graph
        .nodes
        .values()
        .map(|n| {
            let mut data = Map::new();
            data.insert("id".into(), json!(n.id));
            // networkx.cytoscape_graph takes the node from `value`.
            data.insert("value".into(), json!(n.id));
            data.insert("name".into(), json!(n.label));
            data.insert("label".into(), json!(n.label));
            data.insert("type".into(), json!(n.entity_type));
            data.insert("mentions".into(), json!(n.mentions));
            data.insert("document_count".into(), json!(n.document_count));
            data.insert("aliases".into(), json!(n.aliases));
            data.insert("color".into(), json!(type_style(&n.entity_type).1));
            if let Some(ext) = &n.external_id {
                data.insert("external_id".into(), json!(ext));
            }
            if !n.attributes.is_empty() {
                data.insert("attributes".into(), json!(n.attributes));
            }
            json!({"data": data, "classes": n.entity_type})
        })
        .collect();
    let edges: Vec<Value> = graph
        .edges
        .iter()
        .enumerate()
        .map(|(i, (k, e))| {
            let mut data = Map::new();
            data.insert("id".into(), json!(format!("e{i}")));
            data.insert("source".into(), json!(k.source));
            data.insert("target".into(), json!(k.target));
            data.insert("key".into(), json!(k.key));
            data.insert("kind".into(), json!(kind_name(e.kind)));
            data.insert("weight".into(), json!(e.weight));
            if let Some(c) = e.confidence {
                data.insert("confidence".into(), json!(c));
            }
            if e.hedged_weight > 0 {
                data.insert("hedged_weight".into(), json!(e.hedged_weight));
            }
            if e.implicit_weight > 0 {
                data.insert("implicit_weight".into(), json!(e.implicit_weight));
            }
            data.insert("evidence".into(), json!(e.evidence));
            json!({"data": data, "classes": kind_name(e.kind)})
        })
        .collect();
    json!({
        "format_version": "1.0",
        "generated_by": format!("graphex {}", env!("CARGO_PKG_VERSION")),
        "target_cytoscapejs_version": "~3",
        "directed": true,
        "multigraph": true,
        "data": {
            "name": "graphex",
            "window": graph.window.as_str(),
            "document_count": graph.document_count,
        },
        "elements": {"nodes": nodes, "edges": edges},
    })
}

/// Writes the graph as Cytoscape.js JSON.
pub fn write(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(graph))?;
    out.write_all(b"\n")
}
