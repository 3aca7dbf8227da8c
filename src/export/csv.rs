//! Two CSV files, nodes and edges (`-o out.csv` writes `out.nodes.csv` and `out.edges.csv`, see
//! [`super::output_paths`]), for spreadsheets, pandas and positional database loaders. The Neo4j
//! admin-import files ([`super::neo4j`]) are the same writer with another header mapping: a
//! [`Layout`] lists the columns of each file, each a header name and the field it holds.
//!
//! RFC 4180 via the `csv` crate: fields with commas, quotes or line breaks are quoted and quotes doubled.
//! Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is
//! prefixed with `'` by [`cell`], the single place for that. Ids never need it: they start with the entity
//! type, a lowercase identifier. Edge files start with the two endpoint columns, so loaders that map columns
//! by position (Kùzu/LadybugDB `COPY`) take them as the endpoints.
//!
//! Nodes: `id,label,type,mentions,document_count,aliases,external_id` (aliases joined with `|`).
//! Edges: `source,target,key,kind,weight,confidence,hedged_weight,implicit_weight,evidence,evidence_doc`
//! (the first evidence sentence; the JSON export has them all).

use std::borrow::Cow;
use std::io::{self, Write};

use super::cypher::{relationship_type, type_label};
use super::graphml::kind_name;
use crate::graph::{Edge, EdgeKey, Graph, Node};

/// What a column of the nodes file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeField {
    /// The node id (`person:Elon Musk`).
    Id,
    /// The display name.
    Label,
    /// The entity type.
    Type,
    /// Mentions in the corpus.
    Mentions,
    /// Documents that mention it.
    DocumentCount,
    /// Surface forms seen, joined with `|`.
    Aliases,
    /// The dictionary's external id, or empty.
    ExternalId,
    /// Neo4j labels: `Entity;Person` (the type in CamelCase).
    Labels,
}

/// What a column of the edges file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeField {
    /// Source node id.
    Source,
    /// Target node id.
    Target,
    /// Neo4j relationship type (`CO_OCCURS_WITH`, `FOUNDED`, …).
    RelationshipType,
    /// The edge key: `co_occurrence` or the relation.
    Key,
    /// `co_occurrence` or `relation`.
    Kind,
    /// Supporting windows or sentences.
    Weight,
    /// Highest confidence of a relation, or empty.
    Confidence,
    /// Supporting sentences that were hedged.
    HedgedWeight,
    /// Supporting sentences that needed coreference.
    ImplicitWeight,
    /// The first evidence sentence.
    Evidence,
    /// The document of the first evidence sentence.
    EvidenceDoc,
}

/// The columns of the two files: header name and field, in order.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Columns of the nodes file.
    pub nodes: &'static [(&'static str, NodeField)],
    /// Columns of the edges file.
    pub edges: &'static [(&'static str, EdgeField)],
}

/// The plain CSV layout (`-o out.csv`).
pub const PLAIN: Layout = Layout {
    nodes: &[
        ("id", NodeField::Id),
        ("label", NodeField::Label),
        ("type", NodeField::Type),
        ("mentions", NodeField::Mentions),
        ("document_count", NodeField::DocumentCount),
        ("aliases", NodeField::Aliases),
        ("external_id", NodeField::ExternalId),
    ],
    edges: &[
        ("source", EdgeField::Source),
        ("target", EdgeField::Target),
        ("key", EdgeField::Key),
        ("kind", EdgeField::Kind),
        ("weight", EdgeField::Weight),
        ("confidence", EdgeField::Confidence),
        ("hedged_weight", EdgeField::HedgedWeight),
        ("implicit_weight", EdgeField::ImplicitWeight),
        ("evidence", EdgeField::Evidence),
        ("evidence_doc", EdgeField::EvidenceDoc),
    ],
};

/// A text cell that no spreadsheet will evaluate: a leading `=`, `+`, `-`, `@`, tab or CR gets a `'`
/// prefix (the OWASP recommendation). Quoting is the `csv` writer's job.
pub fn cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

fn writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out)
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn node_value(n: &Node, field: NodeField) -> Cow<'_, str> {
    match field {
        NodeField::Id => cell(&n.id),
        NodeField::Label => cell(&n.label),
        NodeField::Type => cell(&n.entity_type),
        NodeField::Mentions => n.mentions.to_string().into(),
        NodeField::DocumentCount => n.document_count.to_string().into(),
        NodeField::Aliases => {
            let aliases: Vec<&str> = n.aliases.iter().map(String::as_str).collect();
            cell(&aliases.join("|")).into_owned().into()
        }
        NodeField::ExternalId => cell(n.external_id.as_deref().unwrap_or("")),
        NodeField::Labels => format!("Entity;{}", type_label(&n.entity_type)).into(),
    }
}

fn edge_value<'a>(k: &'a EdgeKey, e: &'a Edge, field: EdgeField) -> Cow<'a, str> {
    let first = e.evidence.first();
    match field {
        EdgeField::Source => cell(&k.source),
        EdgeField::Target => cell(&k.target),
        EdgeField::RelationshipType => relationship_type(&k.key).into(),
        EdgeField::Key => cell(&k.key),
        EdgeField::Kind => kind_name(e.kind).into(),
        EdgeField::Weight => e.weight.to_string().into(),
        EdgeField::Confidence => e.confidence.map_or(String::new(), |c| c.to_string()).into(),
        EdgeField::HedgedWeight => e.hedged_weight.to_string().into(),
        EdgeField::ImplicitWeight => e.implicit_weight.to_string().into(),
        EdgeField::Evidence => cell(first.map_or("", |ev| &*ev.sentence)),
        EdgeField::EvidenceDoc => cell(first.map_or("", |ev| &*ev.doc)),
    }
}

/// Writes the nodes file of `layout`.
pub fn write_nodes_as(graph: &Graph, layout: &Layout, out: &mut dyn Write) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(layout.nodes.iter().map(|(name, _)| name))
        .map_err(csv_error)?;
    let mut row: Vec<Cow<'_, str>> = Vec::with_capacity(layout.nodes.len());
    for n in graph.nodes.values() {
        row.clear();
        row.extend(layout.nodes.iter().map(|&(_, f)| node_value(n, f)));
        w.write_record(row.iter().map(|v| v.as_bytes()))
            .map_err(csv_error)?;
    }
    w.flush()
}

/// Writes the edges file of `layout`.
pub fn write_edges_as(graph: &Graph, layout: &Layout, out: &mut dyn Write) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(layout.edges.iter().map(|(name, _)| name))
        .map_err(csv_error)?;
    let mut row: Vec<Cow<'_, str>> = Vec::with_capacity(layout.edges.len());
    for (k, e) in &graph.edges {
        row.clear();
        row.extend(layout.edges.iter().map(|&(_, f)| edge_value(k, e, f)));
        w.write_record(row.iter().map(|v| v.as_bytes()))
            .map_err(csv_error)?;
    }
    w.flush()
}

/// Writes the nodes file.
pub fn write_nodes(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    write_nodes_as(graph, &PLAIN, out)
}

/// Writes the edges file.
pub fn write_edges(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    write_edges_as(graph, &PLAIN, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_prefixes_are_neutralised() {
        for s in ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(cell("Elon Musk"), "Elon Musk");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn layouts_start_with_the_ids() {
        for layout in [PLAIN, super::super::neo4j::LAYOUT] {
            assert_eq!(layout.nodes[0].1, NodeField::Id);
            assert_eq!(layout.edges[0].1, EdgeField::Source);
            assert_eq!(layout.edges[1].1, EdgeField::Target);
        }
    }
}
