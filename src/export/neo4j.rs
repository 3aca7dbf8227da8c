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

use super::csv::{write_edges_as, write_nodes_as, EdgeField, Layout, NodeField};
use crate::graph::Graph;

/// The admin-import layout: typed headers, the relationship type third, the labels last.
pub const LAYOUT: Layout = Layout {
    nodes: &[
        ("id:ID", NodeField::Id),
        ("label", NodeField::Label),
        ("type", NodeField::Type),
        ("mentions:long", NodeField::Mentions),
        ("document_count:long", NodeField::DocumentCount),
        ("aliases", NodeField::Aliases),
        ("external_id", NodeField::ExternalId),
        (":LABEL", NodeField::Labels),
    ],
    edges: &[
        (":START_ID", EdgeField::Source),
        (":END_ID", EdgeField::Target),
        (":TYPE", EdgeField::RelationshipType),
        ("key", EdgeField::Key),
        ("kind", EdgeField::Kind),
        ("weight:long", EdgeField::Weight),
        ("confidence:double", EdgeField::Confidence),
        ("hedged_weight:long", EdgeField::HedgedWeight),
        ("implicit_weight:long", EdgeField::ImplicitWeight),
        ("evidence", EdgeField::Evidence),
        ("evidence_doc", EdgeField::EvidenceDoc),
    ],
};

/// Writes the nodes file.
pub fn write_nodes(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    write_nodes_as(graph, &LAYOUT, out)
}

/// Writes the relationships file.
pub fn write_edges(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    write_edges_as(graph, &LAYOUT, out)
}
