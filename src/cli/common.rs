//! Pieces shared by the subcommands: dictionary and graph options, extractor set-up, progress, messages,
//! exit codes.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{anyhow, Context};
use indicatif::{ProgressBar, ProgressStyle};

use super::args::ExtractorArgs;
use graphex::export::{self, ExportOptions, Format};
use graphex::extract::options::ExtractorOptions;
use graphex::extract::pipeline::{Collected, Pipeline, Report};
use graphex::graph::spill::Written;
use graphex::graph::{EvidenceMode, Graph};
use graphex::{Dictionary, Extractor, Input};

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

/// Set when standard output was closed by its reader (`graphex … | head`).
static BROKEN_PIPE: AtomicBool = AtomicBool::new(false);

/// Whether a write to standard output met a closed pipe: the run then ends quietly with exit 0, as
/// `grep` and `ripgrep` do, since the reader took what it wanted.
pub(crate) fn stdout_closed() -> bool {
    BROKEN_PIPE.load(Ordering::Relaxed)
}

/// Standard output for results. Every command writes through it, so that a closed pipe is noticed
/// whatever the error it becomes on the way up (see [`stdout_closed`]).
pub(crate) struct Stdout(io::StdoutLock<'static>);

/// Standard output, locked for the caller.
pub(crate) fn stdout() -> Stdout {
    Stdout(io::stdout().lock())
}

impl Stdout {
    fn watch<T>(result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            if e.kind() == io::ErrorKind::BrokenPipe {
                BROKEN_PIPE.store(true, Ordering::Relaxed);
            }
        }
        result
    }
}

impl io::Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Self::watch(self.0.write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        Self::watch(self.0.flush())
    }
}

pub(crate) fn warn(msg: &str) {
    eprintln!("graphex: warning: {msg}");
}

/// Builds the extractor the options describe; `evidence` says what its evidence items keep.
pub(crate) fn build_extractor(
    args: &ExtractorArgs,
    evidence: EvidenceMode,
) -> Result<Extractor, Failure> {
    let options = extractor_options(args, evidence);
    let extractor = options.build().map_err(|e| match e {
        // Values out of range and a missing dictionary are usage errors (exit code 2).
        graphex::Error::Config(_) => usage(e.into()),
        e => e.into(),
    })?;
    report_dictionary(extractor.matcher().dictionary());
    Ok(extractor)
}

/// The library's description of the extractor the options ask for.
pub(crate) fn extractor_options(args: &ExtractorArgs, evidence: EvidenceMode) -> ExtractorOptions {
    let ExtractorArgs {
        dict,
        rules,
        graph,
        discovery,
    } = args;
    ExtractorOptions {
        dicts: dict.dicts.clone(),
        default_dicts: !dict.no_default_dicts,
        rules: rules.rules.clone(),
        default_rules: !rules.no_default_rules,
        window: graph.window.into(),
        max_evidence: graph.max_evidence,
        max_node_documents: graph.max_node_documents,
        evidence,
        discover: !discovery.no_discover,
        min_confidence: discovery.min_confidence,
        first_names: discovery.first_names.clone(),
        cues: discovery.cues.clone(),
    }
}

/// Prints the dictionary conflicts and warnings that concern the user's dictionaries.
fn report_dictionary(dictionary: &Dictionary) {
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
    let (collected, report) = run_bounded(extractor, inputs, threads, strict, quiet, None)?;
    Ok((collected.into_graph()?, report))
}

/// [`run`] under a memory budget: the result may be spilled runs.
pub(crate) fn run_bounded(
    extractor: &Extractor,
    inputs: &[Input],
    threads: usize,
    strict: bool,
    quiet: bool,
    budget: Option<u64>,
) -> Result<(Collected, Report), Failure> {
    let bar = progress_bar(quiet);
    let (collected, report) = Pipeline::new()
        .threads(threads)
        .strict(strict)
        .memory_budget(budget)
        .run_collected(extractor, inputs, |p| {
            if let Some(bar) = &bar {
                bar.set_length(p.total_bytes.max(p.bytes));
                bar.set_position(p.bytes);
                bar.set_message(format!("{} documents", p.documents));
            }
        })?;
    finish_run(bar, &report);
    Ok((collected, report))
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
    let counts = Written {
        nodes: graph.nodes.len(),
        edges: graph.edges.len(),
        relations,
        components: graph.component_count(),
    };
    summary_of(&counts, report, started, outputs);
}

/// The summary line, from the counts of what was written.
pub(crate) fn summary_of(
    counts: &Written,
    report: &Report,
    started: Instant,
    outputs: &[(PathBuf, Format)],
) {
    let names: Vec<String> = outputs
        .iter()
        .flat_map(|(p, f)| export::output_paths(*f, p))
        .map(|p| p.display().to_string())
        .collect();
    let spilled = if report.spilled_runs > 0 {
        format!(
            " (memory budget: {} runs, {:.1} MB spilled)",
            report.spilled_runs,
            report.spilled_bytes as f64 / 1e6
        )
    } else {
        String::new()
    };
    eprintln!(
        "graphex: {} documents ({:.1} MB), {} entities, {} edges ({} relations), {} components in {:.2} s{}{spilled}",
        report.documents,
        report.bytes as f64 / 1e6,
        counts.nodes,
        counts.edges,
        counts.relations,
        counts.components,
        started.elapsed().as_secs_f64(),
        if names.is_empty() { String::new() } else { format!(" -> {}", names.join(", ")) }
    );
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
        let mut out = stdout();
        export::write_with(graph, default, options, &mut out)?;
        io::Write::flush(&mut out).context("standard output")?;
    }
    for (path, format) in outputs {
        export::write_path_with(graph, *format, options, path)?;
    }
    Ok(())
}
