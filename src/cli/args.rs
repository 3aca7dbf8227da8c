//! The options, declared once: every subcommand that takes inputs, dictionaries, rules, graph limits,
//! filters, outputs or export settings flattens the same group (`#[command(flatten)]`), so a flag has one
//! name, one default and one help text everywhere.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use graphex::export::{CypherDialect, ExportOptions};
use graphex::graph::filter::{Filter, Rank};
use graphex::graph::{EvidenceMode, Window};

use super::common::{usage, Failure};

/// The documents to read.
#[derive(Args)]
pub(crate) struct InputArgs {
    /// Files, folders (read recursively: .txt .md .jsonl .ndjson ...), or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub(crate) inputs: Vec<String>,
    /// Invalid UTF-8 and malformed JSON Lines records are errors, not warnings.
    #[arg(long)]
    pub(crate) strict: bool,
}

/// Where graphs are written, and in which format.
#[derive(Args)]
pub(crate) struct OutputArgs {
    /// Output file (repeatable); the format comes from the extension: .json .dot .gv .svg .png .graphml
    /// .gexf .cyjs .csv .neo4j.csv .cypher .ttl, or .jsonl for the list of mentions (extract only). CSV
    /// formats write two files: -o g.csv writes g.nodes.csv and g.edges.csv. Default: standard output
    /// (JSON; SVG for render).
    #[arg(short, long = "output", value_name = "FILE")]
    pub(crate) outputs: Vec<PathBuf>,
    /// Output format, overriding the extension.
    #[arg(short, long, value_name = "FORMAT")]
    pub(crate) format: Option<String>,
}

/// Everything an extractor is built from: dictionaries, rules and graph limits.
#[derive(Args)]
pub(crate) struct ExtractorArgs {
    #[command(flatten)]
    pub(crate) dict: DictArgs,
    #[command(flatten)]
    pub(crate) rules: RuleArgs,
    #[command(flatten)]
    pub(crate) graph: GraphArgs,
    #[command(flatten)]
    pub(crate) discovery: DiscoveryArgs,
}

/// Discovery of the names no dictionary holds.
#[derive(Args)]
pub(crate) struct DiscoveryArgs {
    /// Do not discover entities beyond the dictionaries (only dictionary matches become nodes).
    #[arg(long)]
    pub(crate) no_discover: bool,
    /// Discovered names with a lower confidence are dropped (0 to 1).
    #[arg(long, default_value_t = 0.5, value_name = "X")]
    pub(crate) min_confidence: f64,
    /// Add first names for discovery, one per line (repeatable; format of data/first-names.txt). A
    /// malformed line stops the run with FILE:LINE.
    #[arg(long = "first-names", value_name = "FILE")]
    pub(crate) first_names: Vec<PathBuf>,
    /// Add discovery cues (repeatable; format of data/entity-cues.txt: kind, position, lang, weight,
    /// phrase, origin). A malformed line stops the run with FILE:LINE.
    #[arg(long = "cues", value_name = "FILE")]
    pub(crate) cues: Vec<PathBuf>,
}

impl DiscoveryArgs {
    /// Discovery off (for commands that only need the matcher).
    pub(crate) fn off() -> Self {
        DiscoveryArgs {
            no_discover: true,
            min_confidence: 0.5,
            first_names: Vec::new(),
            cues: Vec::new(),
        }
    }
}

/// How a finished graph is written: where and in which format, the part of it kept, and format settings.
#[derive(Args)]
pub(crate) struct GraphOutputArgs {
    #[command(flatten)]
    pub(crate) output: OutputArgs,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    #[command(flatten)]
    pub(crate) export: ExportArgs,
}

/// `-q`.
#[derive(Args)]
pub(crate) struct QuietArg {
    /// No progress bar and no summary (warnings and errors are still printed).
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Args)]
pub(crate) struct DictArgs {
    /// Add a dictionary file or a folder of .tsv files (repeatable; loaded before the defaults, so it wins
    /// conflicts). A malformed row stops the run with FILE:LINE.
    #[arg(long = "dict", value_name = "PATH")]
    pub(crate) dicts: Vec<PathBuf>,
    /// Do not load the dictionaries embedded in the binary.
    #[arg(long)]
    pub(crate) no_default_dicts: bool,
}

#[derive(Args)]
pub(crate) struct RuleArgs {
    /// Add a relation rule file or a folder of .rules files (repeatable; see docs/rules.md). A bad rule
    /// stops the run with FILE:LINE.
    #[arg(long = "rules", value_name = "PATH")]
    pub(crate) rules: Vec<PathBuf>,
    /// Do not load the relation rules embedded in the binary.
    #[arg(long)]
    pub(crate) no_default_rules: bool,
}

#[derive(Args)]
pub(crate) struct GraphArgs {
    /// Co-occurrence window.
    #[arg(long, value_enum, default_value_t = WindowArg::Sentence)]
    pub(crate) window: WindowArg,
    /// Evidence items kept per edge (the first ones by document id and offset).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub(crate) max_evidence: usize,
    /// Documents listed per node (the document count is always exact).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub(crate) max_node_documents: usize,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum WindowArg {
    Sentence,
    Paragraph,
    Document,
}

impl From<WindowArg> for Window {
    fn from(w: WindowArg) -> Window {
        match w {
            WindowArg::Sentence => Window::Sentence,
            WindowArg::Paragraph => Window::Paragraph,
            WindowArg::Document => Window::Document,
        }
    }
}

/// Options that make a large graph readable (see `graphex::graph::filter`).
#[derive(Args, Default)]
pub(crate) struct FilterArgs {
    /// Drop edges supported fewer than N times (and entities left without edges).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub(crate) min_weight: u64,
    /// Keep only the N most important entities (see --rank).
    #[arg(long, value_name = "N")]
    pub(crate) top: Option<usize>,
    /// How --top ranks entities.
    #[arg(long, value_enum, default_value_t = RankArg::Mentions)]
    pub(crate) rank: RankArg,
    /// Keep only these entity types (comma-separated or repeated: --types person,organization).
    #[arg(long, value_delimiter = ',', value_name = "TYPE")]
    pub(crate) types: Vec<String>,
    /// Keep relation edges only (drop co-occurrences and entities left without edges).
    #[arg(long)]
    pub(crate) relations_only: bool,
    /// Keep only the neighbourhood of this entity (id like "person:Elon Musk", name, or alias).
    #[arg(long, value_name = "ENTITY")]
    pub(crate) focus: Option<String>,
    /// Radius of the --focus neighbourhood, in edges.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub(crate) depth: usize,
}

#[derive(Clone, Copy, Default, ValueEnum)]
pub(crate) enum RankArg {
    /// Number of mentions.
    #[default]
    Mentions,
    /// Number of distinct neighbours.
    Degree,
}

impl FilterArgs {
    pub(crate) fn filter(&self) -> Filter {
        Filter {
            min_weight: self.min_weight,
            relations_only: self.relations_only,
            types: self
                .types
                .iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            focus: self.focus.clone(),
            depth: self.depth,
            top: self.top,
            rank: match self.rank {
                RankArg::Mentions => Rank::Mentions,
                RankArg::Degree => Rank::Degree,
            },
        }
    }
}

/// Format-specific export options.
#[derive(Args)]
pub(crate) struct ExportArgs {
    /// What each evidence item keeps: text (the sentence, stored once in the JSON's `sentences` table),
    /// offsets (document ids and byte offsets only), none (weights only). Smaller modes also use less memory
    /// during extraction.
    #[arg(long, value_enum, default_value_t = EvidenceArg::Text, value_name = "MODE")]
    pub(crate) evidence: EvidenceArg,
    /// Node-link JSON: call the edge list "links" (networkx before 3.4) instead of "edges".
    #[arg(long)]
    pub(crate) json_links: bool,
    /// Cypher script dialect: neo4j (also FalkorDB, Memgraph) or kuzu (Kùzu, LadybugDB: declares tables).
    #[arg(long, default_value = "neo4j", value_name = "DIALECT")]
    pub(crate) cypher_dialect: String,
    /// RDF Turtle: language tag of entity labels without a `lang` attribute.
    #[arg(long, default_value = "mul", value_name = "TAG")]
    pub(crate) label_language: String,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum EvidenceArg {
    Text,
    Offsets,
    None,
}

impl From<EvidenceArg> for EvidenceMode {
    fn from(e: EvidenceArg) -> EvidenceMode {
        match e {
            EvidenceArg::Text => EvidenceMode::Text,
            EvidenceArg::Offsets => EvidenceMode::Offsets,
            EvidenceArg::None => EvidenceMode::None,
        }
    }
}

impl ExportArgs {
    pub(crate) fn options(&self) -> Result<ExportOptions, Failure> {
        Ok(ExportOptions {
            json_links: self.json_links,
            cypher_dialect: self
                .cypher_dialect
                .parse::<CypherDialect>()
                .map_err(|e| usage(e.into()))?,
            label_language: self.label_language.clone(),
        })
    }
}

/// Parses a size: bytes, or a number with a suffix k, M, G, T (powers of 1024; `KB`, `MiB`, … also read),
/// or `none` (0: no bound).
pub(crate) fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") {
        return Ok(0);
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit.trim_end_matches("ib").trim_end_matches('b');
    let scale: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => {
            return Err(format!(
                "{text:?}: unknown unit (use k, M, G or T, e.g. 300M)"
            ))
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?}: not a size (e.g. 300M, 2G, 1500000)"))?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!("{text:?}: not a size"));
    }
    Ok((value * scale as f64) as u64)
}
