//! Two CSV files, nodes and edges (`-o out.csv` writes `out.nodes.csv` and `out.edges.csv`, see
//! [`super::output_paths`]), for spreadsheets, pandas and positional database loaders.
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

use super::graphml::kind_name;
use crate::graph::{Edge, EdgeKey, Graph, Node};

/// Header of the nodes file.
pub const NODE_HEADER: [&str; 7] = [
    "id",
    "label",
    "type",
    "mentions",
    "document_count",
    "aliases",
    "external_id",
];

/// Header of the edges file.
pub const EDGE_HEADER: [&str; 10] = [
    "source",
    "target",
    "key",
    "kind",
    "weight",
    "confidence",
    "hedged_weight",
    "implicit_weight",
    "evidence",
    "evidence_doc",
];

/// A text cell that no spreadsheet will evaluate: a leading `=`, `+`, `-`, `@`, tab or CR gets a `'`
/// prefix (the OWASP recommendation). Quoting is the `csv` writer's job.
pub fn cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

pub(crate) fn writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out)
}

pub(crate) fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The node row values shared by the CSV and Neo4j CSV files, in [`NODE_HEADER`] order minus `id`.
pub(crate) fn node_fields(n: &Node) -> [String; 6] {
    let aliases: Vec<&str> = n.aliases.iter().map(String::as_str).collect();
    [
        cell(&n.label).into_owned(),
        cell(&n.entity_type).into_owned(),
        n.mentions.to_string(),
        n.document_count.to_string(),
        cell(&aliases.join("|")).into_owned(),
        cell(n.external_id.as_deref().unwrap_or("")).into_owned(),
    ]
}

/// The edge row values shared by the CSV and Neo4j CSV files, in [`EDGE_HEADER`] order from `key`.
pub(crate) fn edge_fields(k: &EdgeKey, e: &Edge) -> [String; 8] {
    let first = e.evidence.first();
    [
        cell(&k.key).into_owned(),
        kind_name(e.kind).to_string(),
        e.weight.to_string(),
        e.confidence.map_or(String::new(), |c| c.to_string()),
        e.hedged_weight.to_string(),
        e.implicit_weight.to_string(),
        cell(first.map_or("", |ev| &*ev.sentence)).into_owned(),
        cell(first.map_or("", |ev| &*ev.doc)).into_owned(),
    ]
}

/// Writes the nodes file.
pub fn write_nodes(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(NODE_HEADER).map_err(csv_error)?;
    for n in graph.nodes.values() {
        let id = cell(&n.id);
        let fields = node_fields(n);
        w.write_record(std::iter::once(id.as_ref()).chain(fields.iter().map(String::as_str)))
            .map_err(csv_error)?;
    }
    w.flush()
}

/// Writes the edges file.
pub fn write_edges(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(EDGE_HEADER).map_err(csv_error)?;
    for (k, e) in &graph.edges {
        let (s, t) = (cell(&k.source), cell(&k.target));
        let fields = edge_fields(k, e);
        w.write_record(
            [s.as_ref(), t.as_ref()]
                .into_iter()
                .chain(fields.iter().map(String::as_str)),
        )
        .map_err(csv_error)?;
    }
    w.flush()
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
}
