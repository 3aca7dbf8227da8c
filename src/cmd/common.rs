//! Pieces shared by the subcommands: dictionary and graph options, extractor set-up, progress, messages,
//! exit codes.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Context};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use graphex::export::Format;
use graphex::graph::{Graph, Limits, Window};
use graphex::pipeline::{Pipeline, Report};
use graphex::{DictionaryBuilder, Extractor, ExtractorConfig, Input, Matcher, RuleSetBuilder};

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

/// A failure with its exit code.
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) error: anyhow::Error,
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure { code: 1, error }
    }
}

impl From<graphex::Error> for Failure {
    fn from(error: graphex::Error) -> Self {
        Failure {
            code: 1,
            error: error.into(),
        }
    }
}

pub(crate) fn usage(error: anyhow::Error) -> Failure {
    Failure { code: 2, error }
}

pub(crate) fn warn(msg: &str) {
    eprintln!("graphex: warning: {msg}");
}

pub(crate) fn build_extractor(
    dict: &DictArgs,
    rules: &RuleArgs,
    graph: &GraphArgs,
) -> Result<Extractor, Failure> {
    let mut builder = DictionaryBuilder::new();
    for path in &dict.dicts {
        builder
            .add_path(path)
            .with_context(|| format!("--dict {}", path.display()))?;
    }
    if !dict.no_default_dicts {
        builder.add_embedded_defaults()?;
    }
    let dictionary = builder.build();
    if dictionary.entities().is_empty() {
        return Err(usage(anyhow!(
            "no dictionary entries: --no-default-dicts needs at least one --dict"
        )));
    }
    // Conflicts inside the embedded defaults are the project's to fix, not the user's: report only the
    // ones that involve a user dictionary.
    let user = |i: u32| !dictionary.entity(i).origin.starts_with("embedded:");
    let conflicts: Vec<String> = dictionary
        .conflicts()
        .iter()
        .filter(|c| user(c.winner) || user(c.loser))
        .map(|c| dictionary.describe_conflict(c))
        .collect();
    print_capped(&conflicts, 20, "dictionary conflicts");
    let warnings: Vec<String> = dictionary
        .warnings()
        .iter()
        .filter(|w| !w.contains("(embedded:"))
        .cloned()
        .collect();
    print_capped(&warnings, 20, "dictionary warnings");
    if graph.max_evidence == 0 {
        return Err(usage(anyhow!("--max-evidence must be at least 1")));
    }
    let config = ExtractorConfig {
        window: graph.window.into(),
        limits: Limits {
            max_evidence: graph.max_evidence,
            max_node_documents: graph.max_node_documents,
        },
    };
    let mut rule_set = RuleSetBuilder::new();
    rule_set.entity_types(dictionary.entities().iter().map(|e| e.entity_type.as_str()));
    if !rules.no_default_rules {
        rule_set.add_embedded_defaults()?;
    }
    for path in &rules.rules {
        rule_set
            .add_path(path)
            .with_context(|| format!("--rules {}", path.display()))?;
    }
    let rule_set = rule_set.build()?;
    Ok(Extractor::new(Matcher::new(dictionary)?, config).with_rules(rule_set))
}

pub(crate) fn print_capped(items: &[String], cap: usize, what: &str) {
    for item in items.iter().take(cap) {
        warn(item);
    }
    if items.len() > cap {
        warn(&format!("... and {} more {what}", items.len() - cap));
    }
}

pub(crate) fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(bar)
}

pub(crate) fn run(
    extractor: &Extractor,
    inputs: &[Input],
    threads: usize,
    strict: bool,
    quiet: bool,
) -> Result<(Graph, Report), Failure> {
    let bar = progress_bar(quiet);
    let (graph, report) =
        Pipeline::new()
            .threads(threads)
            .strict(strict)
            .run(extractor, inputs, |p| {
                if let Some(bar) = &bar {
                    bar.set_length(p.total_bytes.max(p.bytes));
                    bar.set_position(p.bytes);
                    bar.set_message(format!("{} documents", p.documents));
                }
            })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    print_capped(&report.warnings, 50, "warnings");
    for e in &report.errors {
        eprintln!("graphex: error: {e}");
    }
    Ok((graph, report))
}

pub(crate) fn output_format(path: &Path, forced: Option<Format>) -> Result<Format, Failure> {
    forced.or_else(|| Format::from_path(path)).ok_or_else(|| {
        usage(anyhow!(
            "{}: cannot tell the format from the extension; use --format (json, dot, svg, png)",
            path.display()
        ))
    })
}

pub(crate) fn summary(
    graph: &Graph,
    report: &Report,
    started: Instant,
    outputs: &[(PathBuf, Format)],
) {
    let relations = graph
        .edges
        .values()
        .filter(|e| e.kind == graphex::graph::EdgeKind::Relation)
        .count();
    let names: Vec<String> = outputs
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    eprintln!(
        "graphex: {} documents ({:.1} MB), {} entities, {} edges ({} relations), {} components in {:.2} s{}",
        report.documents,
        report.bytes as f64 / 1e6,
        graph.nodes.len(),
        graph.edges.len(),
        relations,
        graph.component_count(),
        started.elapsed().as_secs_f64(),
        if names.is_empty() { String::new() } else { format!(" -> {}", names.join(", ")) }
    );
}
