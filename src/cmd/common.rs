//! Pieces shared by the subcommands: dictionary and graph options, extractor set-up, progress, messages,
//! exit codes.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Context};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use graphex::cache::AutomatonCache;
use graphex::export::{self, CypherDialect, ExportOptions, Format};
use graphex::filter::{Filter, Rank};
use graphex::graph::{Graph, Limits, Window};
use graphex::matcher::AutomatonKind;
use graphex::pipeline::{Pipeline, Report};
use graphex::{
    Dictionary, DictionaryBuilder, Extractor, ExtractorConfig, Input, Matcher, RuleSetBuilder,
};

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
    std::thread::scope(|scope| {
        // The rules compile on a second thread while this one loads the dictionaries and builds the
        // automaton. The embedded rules use only the standard entity types, so they start at once; user
        // rules may use the dictionaries' own types and wait for them.
        let (types_tx, types_rx) = std::sync::mpsc::channel::<Vec<String>>();
        let compiling = scope.spawn(move || -> Result<_, Failure> {
            let mut rule_set = RuleSetBuilder::new();
            if !rules.no_default_rules {
                rule_set.add_embedded_defaults()?;
            }
            // No types: the dictionaries failed, and that error is the one reported.
            let types = types_rx
                .recv()
                .map_err(|_| anyhow!("no dictionary to compile the rules against"))?;
            rule_set.entity_types(types.iter().map(String::as_str));
            for path in &rules.rules {
                rule_set
                    .add_path(path)
                    .with_context(|| format!("--rules {}", path.display()))?;
            }
            Ok(rule_set.build()?)
        });
        // `types_tx` moves in: on an error it is dropped, which releases the rules thread.
        let matcher = (move || -> Result<Matcher, Failure> {
            let dictionary = load_dictionary(dict)?;
            let types: Vec<String> = dictionary
                .entities()
                .iter()
                .map(|e| e.entity_type.clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let _ = types_tx.send(types);
            let cache = AutomatonCache::from_env();
            Ok(Matcher::with_options(
                dictionary,
                AutomatonKind::Auto,
                cache.as_ref(),
            )?)
        })();
        let rule_set = compiling
            .join()
            .unwrap_or_else(|_| Err(anyhow!("compiling the relation rules failed").into()));
        Ok(Extractor::new(matcher?, config).with_rules(rule_set?))
    })
}

/// Loads `--dict` files and the embedded dictionaries, printing the warnings that concern the user's.
fn load_dictionary(dict: &DictArgs) -> Result<Dictionary, Failure> {
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
    let user_conflicts = dictionary
        .conflicts()
        .iter()
        .filter(|c| user(c.winner) || user(c.loser));
    print_capped(
        user_conflicts,
        |c| dictionary.describe_conflict(c),
        20,
        "dictionary conflicts",
    );
    let warnings: Vec<String> = dictionary
        .warnings()
        .iter()
        .filter(|w| !w.contains("(embedded:"))
        .cloned()
        .collect();
    print_capped(warnings.into_iter(), |w| w, 20, "dictionary warnings");
    Ok(dictionary)
}

/// Prints the first `cap` items as warnings (formatting only those) and a count of the rest.
pub(crate) fn print_capped<T>(
    items: impl Iterator<Item = T>,
    describe: impl Fn(T) -> String,
    cap: usize,
    what: &str,
) {
    let mut count = 0;
    for item in items {
        if count < cap {
            warn(&describe(item));
        }
        count += 1;
    }
    if count > cap {
        warn(&format!("... and {} more {what}", count - cap));
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
    finish_run(bar, &report);
    Ok((graph, report))
}

/// Clears the progress bar and prints the run's warnings (capped) and errors.
pub(crate) fn finish_run(bar: Option<ProgressBar>, report: &Report) {
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    print_capped(report.warnings.iter(), String::clone, 50, "warnings");
    for e in &report.errors {
        eprintln!("graphex: error: {e}");
    }
}

pub(crate) fn output_format(path: &Path, forced: Option<Format>) -> Result<Format, Failure> {
    forced.or_else(|| Format::from_path(path)).ok_or_else(|| {
        usage(anyhow!(
            "{}: cannot tell the format from the extension; use --format ({})",
            path.display(),
            Format::ALL.map(|(n, _)| n).join(", ")
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
        .flat_map(|(p, f)| export::output_paths(*f, p))
        .map(|p| p.display().to_string())
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

/// Options that make a large graph readable (see `graphex::filter`).
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

/// Output paths with their formats.
pub(crate) type Outputs = Vec<(PathBuf, Format)>;

/// Parses `--format` and pairs every `-o` path with its format.
pub(crate) fn output_formats(
    outputs: &[PathBuf],
    format: Option<&str>,
) -> Result<(Option<Format>, Outputs), Failure> {
    let forced = format
        .map(str::parse::<Format>)
        .transpose()
        .map_err(|e| usage(e.into()))?;
    let formats = outputs
        .iter()
        .map(|p| output_format(p, forced).map(|f| (p.clone(), f)))
        .collect::<Result<_, _>>()?;
    Ok((forced, formats))
}

/// Reads a graph written by `graphex extract` (node-link JSON); `-` is standard input.
pub(crate) fn read_graph(path: &Path) -> Result<Graph, Failure> {
    let text = if path == Path::new("-") {
        let mut s = String::new();
        io::Read::read_to_string(&mut io::stdin(), &mut s).context("standard input")?;
        s
    } else {
        std::fs::read_to_string(path).with_context(|| path.display().to_string())?
    };
    Ok(graphex::export::json::read(
        &text,
        &path.display().to_string(),
    )?)
}

/// Writes a graph to every output, or to standard output in `default` format when there is none.
pub(crate) fn write_graph_outputs(
    graph: &Graph,
    outputs: &[(PathBuf, Format)],
    default: Format,
    options: &ExportOptions,
) -> Result<(), Failure> {
    if outputs.is_empty() {
        let stdout = io::stdout();
        let mut lock = stdout.lock();
        export::write_with(graph, default, options, &mut lock)?;
        io::Write::flush(&mut lock).context("standard output")?;
    }
    for (path, format) in outputs {
        export::write_path_with(graph, *format, options, path)?;
    }
    Ok(())
}
