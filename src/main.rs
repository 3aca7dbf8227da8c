//! The `graphex` command line: parses arguments, wires the library's stages together, reports errors.
//!
//! Exit codes: 0 success; 1 the run failed or some input could not be read (outputs are then not written,
//! unless `--partial`); 2 usage error (unknown flag, bad value).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use graphex::export::{self, Format};
use graphex::graph::{Graph, Limits, Window};
use graphex::pipeline::{Pipeline, Report};
use graphex::{DictionaryBuilder, Extractor, ExtractorConfig, Input, Matcher};

#[derive(Parser)]
#[command(
    name = "graphex",
    version,
    about = "Extract an entity and relationship graph from news text",
    long_about = "Extract an entity and relationship graph from news text.\n\n\
        Without a command, runs the demo: the embedded sample corpus with the default dictionaries, \
        written to output/graph.json, output/graph.dot and (with Graphviz) output/graph.svg.\n\n\
        Exit codes: 0 success; 1 the run failed or some input could not be read (no output is written \
        then, unless --partial); 2 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the graph of files, folders, JSON Lines or standard input.
    ///
    /// Bad input: a missing or unreadable path is an error (exit 1, nothing written unless --partial);
    /// binary files, empty documents, invalid UTF-8 (replaced by U+FFFD) and malformed JSON Lines records
    /// are skipped or repaired with a warning naming the file and line, or are errors with --strict.
    Extract(ExtractCmd),
    /// Run on the embedded sample corpus and write output/graph.{json,dot,svg}.
    Demo(DemoCmd),
}

#[derive(Args)]
struct DictArgs {
    /// Add a dictionary file or a folder of .tsv files (repeatable; loaded before the defaults, so it wins
    /// conflicts). A malformed row stops the run with FILE:LINE.
    #[arg(long = "dict", value_name = "PATH")]
    dicts: Vec<PathBuf>,
    /// Do not load the dictionaries embedded in the binary.
    #[arg(long)]
    no_default_dicts: bool,
}

#[derive(Args)]
struct GraphArgs {
    /// Co-occurrence window.
    #[arg(long, value_enum, default_value_t = WindowArg::Sentence)]
    window: WindowArg,
    /// Evidence items kept per edge (the first ones by document id and offset).
    #[arg(long, default_value_t = 3, value_name = "N")]
    max_evidence: usize,
    /// Documents listed per node (the document count is always exact).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    max_node_documents: usize,
}

#[derive(Args)]
struct ExtractCmd {
    /// Files, folders (read recursively: .txt .md .jsonl .ndjson ...), or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Output file (repeatable); the format comes from the extension (.json .dot .gv .svg .png).
    /// Default: JSON on standard output.
    #[arg(short, long = "output", value_name = "FILE")]
    outputs: Vec<PathBuf>,
    /// Output format, overriding the extension.
    #[arg(short, long, value_name = "FORMAT")]
    format: Option<String>,
    #[command(flatten)]
    dict: DictArgs,
    #[command(flatten)]
    graph: GraphArgs,
    /// Worker threads (0: one per core). The output does not depend on it.
    #[arg(long, default_value_t = 0, value_name = "N")]
    threads: usize,
    /// Invalid UTF-8 and malformed JSON Lines records are errors, not warnings.
    #[arg(long)]
    strict: bool,
    /// Write the outputs even when some inputs could not be read (the exit code is still 1).
    #[arg(long)]
    partial: bool,
    /// No progress bar and no summary (warnings and errors are still printed).
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args)]
struct DemoCmd {
    /// Folder to write graph.json, graph.dot and graph.svg into.
    #[arg(long, default_value = "output", value_name = "DIR")]
    out_dir: PathBuf,
    #[command(flatten)]
    dict: DictArgs,
    #[command(flatten)]
    graph: GraphArgs,
    /// No summary.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum WindowArg {
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
struct Failure {
    code: u8,
    error: anyhow::Error,
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

fn usage(error: anyhow::Error) -> Failure {
    Failure { code: 2, error }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Extract(cmd)) => extract(cmd),
        Some(Command::Demo(cmd)) => demo(cmd),
        None => demo(DemoCmd::parse_default()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("graphex: error: {:#}", f.error);
            ExitCode::from(f.code)
        }
    }
}

impl DemoCmd {
    fn parse_default() -> DemoCmd {
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            demo: DemoCmd,
        }
        Wrapper::parse_from(["graphex"]).demo
    }
}

fn warn(msg: &str) {
    eprintln!("graphex: warning: {msg}");
}

fn build_extractor(dict: &DictArgs, graph: &GraphArgs) -> Result<Extractor, Failure> {
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
    Ok(Extractor::new(Matcher::new(dictionary)?, config))
}

fn print_capped(items: &[String], cap: usize, what: &str) {
    for item in items.iter().take(cap) {
        warn(item);
    }
    if items.len() > cap {
        warn(&format!("... and {} more {what}", items.len() - cap));
    }
}

fn progress_bar(quiet: bool) -> Option<ProgressBar> {
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

fn run(
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

fn output_format(path: &Path, forced: Option<Format>) -> Result<Format, Failure> {
    forced.or_else(|| Format::from_path(path)).ok_or_else(|| {
        usage(anyhow!(
            "{}: cannot tell the format from the extension; use --format (json, dot, svg, png)",
            path.display()
        ))
    })
}

fn extract(cmd: ExtractCmd) -> Result<(), Failure> {
    let started = Instant::now();
    let forced = cmd
        .format
        .as_deref()
        .map(str::parse::<Format>)
        .transpose()
        .map_err(|e| usage(e.into()))?;
    let formats: Vec<(PathBuf, Format)> = cmd
        .outputs
        .iter()
        .map(|p| output_format(p, forced).map(|f| (p.clone(), f)))
        .collect::<Result<_, _>>()?;
    if cmd.inputs.iter().filter(|i| *i == "-").count() > 1 {
        return Err(usage(anyhow!("standard input (-) can be given only once")));
    }
    let extractor = build_extractor(&cmd.dict, &cmd.graph)?;
    let inputs: Vec<Input> = cmd.inputs.iter().map(|s| Input::parse(s)).collect();
    let (graph, report) = run(&extractor, &inputs, cmd.threads, cmd.strict, cmd.quiet)?;

    let failed = !report.errors.is_empty();
    if failed && !cmd.partial {
        return Err(anyhow!(
            "{} input(s) could not be read; nothing written (use --partial to write what was read)",
            report.errors.len()
        )
        .into());
    }
    if report.documents == 0 {
        return Err(anyhow!("no documents to read in the inputs; nothing written").into());
    }
    if formats.is_empty() {
        let format = forced.unwrap_or(Format::Json);
        let stdout = io::stdout();
        let mut lock = stdout.lock();
        export::write(&graph, format, &mut lock)?;
        lock.flush().context("standard output")?;
    }
    for (path, format) in &formats {
        export::write_path(&graph, *format, path)?;
    }
    if !cmd.quiet {
        summary(&graph, &report, started, &formats);
    }
    if failed {
        return Err(anyhow!(
            "{} input(s) could not be read; partial outputs written",
            report.errors.len()
        )
        .into());
    }
    Ok(())
}

fn summary(graph: &Graph, report: &Report, started: Instant, outputs: &[(PathBuf, Format)]) {
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

fn demo(cmd: DemoCmd) -> Result<(), Failure> {
    let started = Instant::now();
    let extractor = build_extractor(&cmd.dict, &cmd.graph)?;
    let inputs: Vec<Input> = graphex::sample_corpus()
        .iter()
        .map(|(name, text)| Input::Text {
            id: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect();
    if inputs.is_empty() {
        return Err(
            anyhow!("this binary was built without the sample corpus (samples/*.txt)").into(),
        );
    }
    let (graph, report) = run(&extractor, &inputs, 0, false, cmd.quiet)?;
    let mut outputs = vec![
        (cmd.out_dir.join("graph.json"), Format::Json),
        (cmd.out_dir.join("graph.dot"), Format::Dot),
    ];
    let svg = cmd.out_dir.join("graph.svg");
    let with_svg = export::dot::graphviz_available();
    if with_svg {
        outputs.push((svg, Format::Svg));
    }
    for (path, format) in &outputs {
        export::write_path(&graph, *format, path)?;
    }
    if !cmd.quiet {
        summary(&graph, &report, started, &outputs);
        if !with_svg {
            eprintln!(
                "graphex: note: Graphviz's `dot` was not found, so no graph.svg was drawn; install Graphviz \
                 (apt-get install graphviz) and run again, or render graph.dot elsewhere"
            );
        }
    }
    Ok(())
}
