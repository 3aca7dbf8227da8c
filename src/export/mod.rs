//! Exporters: each takes a finished [`Graph`] and a writer; one file per format.
//!
//! Exporters never look at documents, mentions or the dictionary (the mention list, which the graph does
//! not hold, is written by [`crate::extract::mentions`] from the pipeline instead). Every exporter escapes every
//! piece of user text for its own syntax in one function of its own file, sorts nothing itself (the graph's
//! maps are already in id order) and so writes byte-identical output for equal graphs.
//!
//! Writing to a path goes through [`write_atomic`] (see [`crate::files`]), so a failed or interrupted run
//! never truncates an existing output. Formats made of two files (CSV, Neo4j CSV) derive both names from the
//! one path given, see [`output_paths`].

pub mod csv;
pub mod cyjs;
pub mod cypher;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod json;
pub mod neo4j;
pub mod turtle;
mod xml;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use crate::files::{abandon_writes, write_atomic, write_atomic_all};
pub use cypher::Dialect as CypherDialect;

use crate::error::{Error, Result};
use crate::graph::Graph;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// networkx node-link JSON (`.json`).
    Json,
    /// Graphviz DOT (`.dot`, `.gv`).
    Dot,
    /// SVG rendered by Graphviz (`.svg`; needs the `dot` program).
    Svg,
    /// PNG rendered by Graphviz (`.png`; needs the `dot` program).
    Png,
    /// GraphML (`.graphml`): networkx, Gephi, yEd, igraph.
    GraphMl,
    /// GEXF 1.3 (`.gexf`): Gephi.
    Gexf,
    /// Cytoscape.js JSON (`.cyjs`): Cytoscape.js, Cytoscape desktop, networkx.
    Cyjs,
    /// Two CSV files, nodes and edges (`.csv`): spreadsheets, pandas, positional database loaders.
    Csv,
    /// Two CSV files in the `neo4j-admin database import` header format (`.neo4j.csv`).
    Neo4jCsv,
    /// A `MERGE`-based Cypher script (`.cypher`): Neo4j, FalkorDB, Memgraph; Kùzu/LadybugDB with the
    /// `kuzu` dialect.
    Cypher,
    /// RDF Turtle (`.ttl`).
    Turtle,
    /// A self-contained interactive page (`.html`): search, filters, evidence (see [`html`]).
    Html,
    /// JSON Lines, one line per mention (`.jsonl`). Not a graph format: written by `graphex extract` from
    /// the pipeline (see [`crate::extract::mentions`]); [`write()`] refuses it.
    Mentions,
}

impl Format {
    /// All formats with their names (as given to `--format`).
    pub const ALL: [(&'static str, Format); 13] = [
        ("json", Format::Json),
        ("dot", Format::Dot),
        ("svg", Format::Svg),
        ("png", Format::Png),
        ("graphml", Format::GraphMl),
        ("gexf", Format::Gexf),
        ("cyjs", Format::Cyjs),
        ("csv", Format::Csv),
        ("neo4j", Format::Neo4jCsv),
        ("cypher", Format::Cypher),
        ("ttl", Format::Turtle),
        ("html", Format::Html),
        ("jsonl", Format::Mentions),
    ];

    /// The format implied by a file name's extension (`.neo4j.csv` before `.csv`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(".neo4j.csv") {
            return Some(Format::Neo4jCsv);
        }
        let (_, ext) = name.rsplit_once('.')?;
        match ext {
            "gv" => Some(Format::Dot),
            "htm" => Some(Format::Html),
            "cql" => Some(Format::Cypher),
            "ndjson" => Some(Format::Mentions),
            "neo4j" => None,
            _ => ext.parse().ok(),
        }
    }

    /// The format's name.
    pub fn name(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("?", |(n, _)| n)
    }

    /// Whether the format is written as two files (see [`output_paths`]).
    pub fn is_split(self) -> bool {
        matches!(self, Format::Csv | Format::Neo4jCsv)
    }

    /// Whether the format needs Graphviz to be installed.
    pub fn is_rendered(self) -> bool {
        matches!(self, Format::Svg | Format::Png)
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        let s = match s.to_ascii_lowercase().as_str() {
            "turtle" => "ttl".to_string(),
            "neo4j-csv" | "neo4j.csv" => "neo4j".to_string(),
            "mentions" => "jsonl".to_string(),
            "gv" => "dot".to_string(),
            other => other.to_string(),
        };
        Format::ALL
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
                Error::Config(format!(
                    "unknown format {s:?} (known: {})",
                    names.join(", ")
                ))
            })
    }
}

/// Options of the exporters, with documented defaults. Formats ignore the options that are not theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Node-link JSON: name the edge list `links` (the default of networkx before 3.4) instead of `edges`
    /// (default: `edges`).
    pub json_links: bool,
    /// Cypher: the dialect (default: Neo4j, which FalkorDB and Memgraph also run).
    pub cypher_dialect: CypherDialect,
    /// RDF: language tag of entity labels and aliases, unless a node has a `lang` attribute (default: `mul`,
    /// the tag Wikidata uses for names that are the same in every language).
    pub label_language: String,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            json_links: false,
            cypher_dialect: CypherDialect::default(),
            label_language: "mul".into(),
        }
    }
}

/// The files a format writes for `path`: `path` itself, or for the two-file formats the nodes and edges
/// files named after it: `out.csv` → `out.nodes.csv`, `out.edges.csv`; `out.neo4j.csv` →
/// `out.nodes.neo4j.csv`, `out.edges.neo4j.csv`. A path without the format's extension gets it appended
/// (`out` → `out.nodes.csv`).
pub fn output_paths(format: Format, path: &Path) -> Vec<PathBuf> {
    let suffix = match format {
        Format::Csv => ".csv",
        Format::Neo4jCsv => ".neo4j.csv",
        _ => return vec![path.to_path_buf()],
    };
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let stem = if name.to_lowercase().ends_with(suffix) {
        &name[..name.len() - suffix.len()]
    } else {
        name.as_str()
    };
    ["nodes", "edges"]
        .iter()
        .map(|part| path.with_file_name(format!("{stem}.{part}{suffix}")))
        .collect()
}

fn io_error(format: Format) -> impl Fn(io::Error) -> Error {
    move |e: io::Error| Error::Export {
        format: format.name().into(),
        message: e.to_string(),
    }
}

/// Writes `graph` in `format` to `out` with default options.
pub fn write(graph: &Graph, format: Format, out: &mut dyn Write) -> Result<()> {
    write_with(graph, format, &ExportOptions::default(), out)
}

/// Writes `graph` in `format` to `out`. The two-file formats and the mention list cannot be written to a
/// single stream: use [`write_path`] (or the pipeline, for mentions).
pub fn write_with(
    graph: &Graph,
    format: Format,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<()> {
    let io_err = io_error(format);
    match format {
        Format::Json => json::write_with(graph, options.json_links, out).map_err(io_err),
        Format::Dot => out.write_all(dot::to_dot(graph).as_bytes()).map_err(io_err),
        Format::Svg | Format::Png => {
            let bytes = dot::render(graph, format)?;
            out.write_all(&bytes).map_err(io_err)
        }
        Format::GraphMl => graphml::write(graph, out).map_err(io_err),
        Format::Gexf => gexf::write(graph, out).map_err(io_err),
        Format::Cyjs => cyjs::write(graph, out).map_err(io_err),
        Format::Cypher => cypher::write(graph, options.cypher_dialect, out).map_err(io_err),
        Format::Turtle => turtle::write(graph, &options.label_language, out).map_err(io_err),
        Format::Html => html::write(graph, out).map_err(io_err),
        Format::Csv | Format::Neo4jCsv => Err(Error::Export {
            format: format.name().into(),
            message: "this format is two files (nodes and edges); give an output path with -o"
                .into(),
        }),
        Format::Mentions => Err(Error::Export {
            format: format.name().into(),
            message:
                "the mention list is written during extraction (graphex extract -o FILE.jsonl), \
                      not from a finished graph"
                    .into(),
        }),
    }
}

/// Writes `graph` in `format` to `path` atomically with default options.
pub fn write_path(graph: &Graph, format: Format, path: &Path) -> Result<()> {
    write_path_with(graph, format, &ExportOptions::default(), path)
}

/// Writes `graph` in `format` to `path` (or the paths of [`output_paths`]) atomically.
pub fn write_path_with(
    graph: &Graph,
    format: Format,
    options: &ExportOptions,
    path: &Path,
) -> Result<()> {
    match format {
        Format::Csv | Format::Neo4jCsv => {
            let paths = output_paths(format, path);
            let io_err = io_error(format);
            write_atomic_all(&paths, |outs| {
                let [nodes, edges] = outs else {
                    return Err(Error::Config("two outputs expected".into()));
                };
                let layout = if format == Format::Csv {
                    &csv::PLAIN
                } else {
                    &neo4j::LAYOUT
                };
                csv::write_nodes_as(graph, layout, nodes).map_err(&io_err)?;
                csv::write_edges_as(graph, layout, edges).map_err(&io_err)
            })
        }
        _ => write_atomic(path, |w| write_with(graph, format, options, w)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_extensions() {
        assert_eq!(
            Format::from_path(Path::new("a/graph.json")),
            Some(Format::Json)
        );
        assert_eq!(Format::from_path(Path::new("g.GV")), Some(Format::Dot));
        assert_eq!(Format::from_path(Path::new("g.svg")), Some(Format::Svg));
        assert_eq!(Format::from_path(Path::new("g.txt")), None);
        assert_eq!(
            Format::from_path(Path::new("out.neo4j.csv")),
            Some(Format::Neo4jCsv)
        );
        assert_eq!(Format::from_path(Path::new("out.csv")), Some(Format::Csv));
        assert_eq!(
            Format::from_path(Path::new("m.jsonl")),
            Some(Format::Mentions)
        );
        assert_eq!(Format::from_path(Path::new("g.ttl")), Some(Format::Turtle));
        assert_eq!("turtle".parse::<Format>().unwrap(), Format::Turtle);
        assert_eq!(
            output_paths(Format::Neo4jCsv, Path::new("d/out.neo4j.csv")),
            vec![
                PathBuf::from("d/out.nodes.neo4j.csv"),
                PathBuf::from("d/out.edges.neo4j.csv")
            ]
        );
        assert_eq!(
            output_paths(Format::Csv, Path::new("out")),
            vec![
                PathBuf::from("out.nodes.csv"),
                PathBuf::from("out.edges.csv")
            ]
        );
        assert!("xml"
            .parse::<Format>()
            .unwrap_err()
            .to_string()
            .contains("known: json, dot"));
    }
}
