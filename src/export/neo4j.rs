//! Neo4j admin-import CSV (`-o out.neo4j.csv` writes `out.nodes.neo4j.csv` and `out.edges.neo4j.csv`):
//!
//! ```text
//! neo4j-admin database import full --nodes=out.nodes.neo4j.csv --relationships=out.edges.neo4j.csv neo4j
//! ```
//!
//! Nodes: `id:ID,label,type,mentions:long,document_count:long,aliases,external_id,:LABEL` with labels
//! `Entity;Person` (the type in CamelCase). Relationships: `:START_ID,:END_ID,:TYPE,key,kind,weight:long,
//! confidence:double,hedged_weight:long,implicit_weight:long,evidence,evidence_doc`, the type being
//! [`super::cypher::relationship_type`] (`CO_OCCURS_WITH`, `FOUNDED`, …). The id columns come first and
//! `:LABEL` last, so loaders that map columns by position (Kùzu/LadybugDB `COPY`) read the same files.
//! Cells are quoted by the `csv` crate and guarded against spreadsheet formulas by [`super::csv::cell`];
//! evidence may contain line breaks, so give `neo4j-admin` `--multiline-fields=true`.

use std::io::{self, Write};

use super::csv::{cell, csv_error, edge_fields, node_fields, writer};
use super::cypher::{relationship_type, type_label};
use crate::graph::Graph;

/// Header of the nodes file.
pub const NODE_HEADER: [&str; 8] = [
    "id:ID",
    "label",
    "type",
    "mentions:long",
    "document_count:long",
    "aliases",
    "external_id",
    ":LABEL",
];

/// Header of the relationships file.
pub const EDGE_HEADER: [&str; 11] = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "key",
    "kind",
    "weight:long",
    "confidence:double",
    "hedged_weight:long",
    "implicit_weight:long",
    "evidence",
    "evidence_doc",
];

/// Writes the nodes file.
pub fn write_nodes(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(NODE_HEADER).map_err(csv_error)?;
    for n in graph.nodes.values() {
        let id = cell(&n.id);
        let labels = format!("Entity;{}", type_label(&n.entity_type));
        let fields = node_fields(n);
        w.write_record(
            std::iter::once(id.as_ref())
                .chain(fields.iter().map(String::as_str))
                .chain(std::iter::once(labels.as_str())),
        )
        .map_err(csv_error)?;
    }
    w.flush()
}

/// Writes the relationships file.
pub fn write_edges(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(EDGE_HEADER).map_err(csv_error)?;
    for (k, e) in &graph.edges {
        let (s, t) = (cell(&k.source), cell(&k.target));
        let ty = relationship_type(&k.key);
        let fields = edge_fields(k, e);
        w.write_record(
            [s.as_ref(), t.as_ref(), ty.as_str()]
                .into_iter()
                .chain(fields.iter().map(String::as_str)),
        )
        .map_err(csv_error)?;
    }
    w.flush()
}
