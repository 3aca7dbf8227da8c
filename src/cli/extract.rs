//! `graphex extract`: the main job.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context};
use clap::Args;

use graphex::export::{self, ExportOptions, Format};
use graphex::extract::mentions::{self, MentionRecord};
use graphex::extract::pipeline::Pipeline;
use graphex::extract::pipeline::{Collected, Report};
use graphex::graph::spill::{Spill, Written};
use graphex::Input;

use super::args::{ExtractorArgs, GraphOutputArgs, InputArgs, QuietArg};
use super::common::{
    build_extractor, finish_run, output_formats, progress_bar, run_bounded, stdout, summary,
    summary_of, usage, warn, write_graph_outputs, Failure,
};

#[derive(Args)]
pub(crate) struct ExtractCmd {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) extractor: ExtractorArgs,
    #[command(flatten)]
    pub(crate) write: GraphOutputArgs,
    /// Worker threads (0: one per core). The output does not depend on it.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) threads: usize,
    /// Write the outputs even when some inputs could not be read (the exit code is still 1).
    #[arg(long)]
    pub(crate) partial: bool,
    #[command(flatten)]
    pub(crate) quiet: QuietArg,
    /// Bound the memory of the run to about SIZE (bytes, or with a suffix: 300M, 2G; 0 or "none": no
    /// bound). When the graph being built passes its share, it is spilled to the temporary folder (TMPDIR)
    /// and merged at the end; the output is the same. JSON is then written straight from the spilled
    /// runs; other formats and filters build the whole graph in memory first. Default: half the machine's
    /// memory.
    #[arg(long, value_name = "SIZE", value_parser = super::args::parse_size)]
    pub(crate) memory_budget: Option<u64>,
    /// Print the wall time of each stage on standard error (startup, extraction, graph, filter, outputs),
    /// even with --quiet.
    #[arg(long)]
    pub(crate) timings: bool,
}

pub(crate) fn run_cmd(cmd: ExtractCmd) -> Result<(), Failure> {
    let started = Instant::now();
    // Writers that parallelise (JSON edges) use the global pool: give it the thread count asked for. It
    // can only fail if the pool was already built, and then that one is used.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(cmd.threads)
        .build_global();
    let (forced, formats) = output_formats(
        &cmd.write.output.outputs,
        cmd.write.output.format.as_deref(),
    )?;
    let options = cmd.write.export.options()?;
    let filter = cmd.write.filter.filter();
    if cmd.input.inputs.iter().filter(|i| *i == "-").count() > 1 {
        return Err(usage(anyhow!("standard input (-) can be given only once")));
    }
    let to_stdout = formats.is_empty();
    let stdout_format = forced.unwrap_or(Format::Json);
    if to_stdout && stdout_format.is_split() {
        return Err(usage(anyhow!(
            "--format {} writes two files (nodes and edges): give -o FILE",
            stdout_format.name()
        )));
    }
    let want_mentions = formats.iter().any(|(_, f)| *f == Format::Mentions)
        || (to_stdout && stdout_format == Format::Mentions);
    let extractor = build_extractor(&cmd.extractor, cmd.write.export.evidence.into())?;
    let startup = started.elapsed();
    let inputs: Vec<Input> = cmd.input.inputs.iter().map(|s| Input::parse(s)).collect();
    let mut records: Vec<MentionRecord> = Vec::new();
    let budget = match cmd.memory_budget {
        Some(0) => None,
        Some(n) => {
            crate::purge_memory_at_once();
            Some(n)
        }
        None => graphex::extract::pipeline::physical_memory().map(|m| m / 2),
    };
    let (collected, report) = if want_mentions {
        let (graph, report) = run_with_mentions(&extractor, &inputs, &cmd, &mut records)?;
        (Collected::Graph(graph), report)
    } else {
        run_bounded(
            &extractor,
            &inputs,
            cmd.threads,
            cmd.input.strict,
            cmd.quiet.quiet,
            budget,
        )?
    };
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
    // Spilled runs: JSON is written from them, unless a filter or another format needs the graph.
    let graph = match collected {
        Collected::Spilled(spill)
            if filter.is_identity()
                && (if to_stdout {
                    stdout_format == Format::Json
                } else {
                    formats.iter().all(|(_, f)| *f == Format::Json)
                }) =>
        {
            // The dictionaries and automata are no longer needed: their memory goes to the merge.
            drop(extractor);
            return write_spilled(&spill, &cmd, &formats, &options, &report, started, startup);
        }
        Collected::Spilled(spill) => {
            if !cmd.quiet.quiet {
                warn(&format!(
                    "the graph passed the memory budget and was spilled in {} runs; the outputs asked for \
                     (a format other than JSON, or a filter) need it whole in memory: merging it",
                    spill.runs()
                ));
            }
            spill.into_graph()?
        }
        Collected::Graph(graph) => graph,
    };
    let filtering = Instant::now();
    let shown = filter.apply_owned(graph)?;
    let filtering = filtering.elapsed();
    let writing = Instant::now();
    if to_stdout && stdout_format == Format::Mentions {
        let mut lock = stdout();
        mentions::write_jsonl(&mut records, &mut lock).context("standard output")?;
        lock.flush().context("standard output")?;
    }
    let (mention_outputs, graph_outputs): (Vec<_>, Vec<_>) = formats
        .iter()
        .cloned()
        .partition(|(_, f)| *f == Format::Mentions);
    if !(to_stdout && stdout_format == Format::Mentions) {
        write_graph_outputs(&shown, &graph_outputs, stdout_format, &options)?;
    }
    for (path, _) in &mention_outputs {
        export::write_atomic(path, |w| {
            mentions::write_jsonl(&mut records, w).map_err(|e| graphex::Error::Export {
                format: "jsonl".into(),
                message: format!("{}: {e}", path.display()),
            })
        })?;
    }
    let writing = writing.elapsed();
    if !cmd.quiet.quiet {
        summary(&shown, &report, started, &formats);
    }
    if cmd.timings {
        print_timings(&report, startup, filtering, writing, started);
    }
    // The process ends here: freeing millions of nodes, edges and evidence items one by one would only
    // delay the exit (most of a second on a 200 MB corpus). The operating system takes the memory back.
    std::mem::forget(shown);
    std::mem::forget(extractor);
    if failed {
        return Err(anyhow!(
            "{} input(s) could not be read; partial outputs written",
            report.errors.len()
        )
        .into());
    }
    Ok(())
}

/// Writes the JSON outputs (or standard output) straight from spilled runs, then the summary and timings.
fn write_spilled(
    spill: &Spill,
    cmd: &ExtractCmd,
    formats: &[(PathBuf, Format)],
    options: &ExportOptions,
    report: &Report,
    started: Instant,
    startup: Duration,
) -> Result<(), Failure> {
    let writing = Instant::now();
    let mut counts = Written::default();
    if formats.is_empty() {
        let mut out = stdout();
        counts = spill.write_json(options.json_links, &mut out)?;
        out.flush().context("standard output")?;
    }
    for (path, _) in formats {
        export::write_atomic(path, |w| {
            counts = spill
                .write_json(options.json_links, w)
                .map_err(|e| match e {
                    graphex::Error::Export { format, message } => graphex::Error::Export {
                        format,
                        message: format!("{}: {message}", path.display()),
                    },
                    e => e,
                })?;
            Ok(())
        })?;
    }
    let writing = writing.elapsed();
    if !cmd.quiet.quiet {
        summary_of(&counts, report, started, formats);
    }
    if cmd.timings {
        print_timings(report, startup, Duration::ZERO, writing, started);
    }
    if !report.errors.is_empty() {
        return Err(anyhow!(
            "{} input(s) could not be read; partial outputs written",
            report.errors.len()
        )
        .into());
    }
    Ok(())
}

/// The `--timings` line.
fn print_timings(
    report: &Report,
    startup: Duration,
    filtering: Duration,
    writing: Duration,
    started: Instant,
) {
    let spilled = if report.spilled_runs > 0 {
        format!(", spilled {} runs", report.spilled_runs)
    } else {
        String::new()
    };
    eprintln!(
        "graphex: timings: startup {:.2} s, extraction {:.2} s ({:.1} MB/s), graph {:.2} s, filter {:.2} s, outputs {:.2} s, total {:.2} s{spilled}",
        startup.as_secs_f64(),
        report.extraction.as_secs_f64(),
        report.bytes as f64 / 1e6 / report.extraction.as_secs_f64().max(1e-9),
        report.graph_building.as_secs_f64(),
        filtering.as_secs_f64(),
        writing.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
}

/// Runs the pipeline collecting the mention list too.
fn run_with_mentions(
    extractor: &graphex::Extractor,
    inputs: &[Input],
    cmd: &ExtractCmd,
    records: &mut Vec<MentionRecord>,
) -> Result<(graphex::Graph, graphex::extract::pipeline::Report), Failure> {
    let bar = progress_bar(cmd.quiet.quiet);
    let (graph, report) = Pipeline::new()
        .threads(cmd.threads)
        .strict(cmd.input.strict)
        .run_observed(
            extractor,
            inputs,
            |p| {
                if let Some(bar) = &bar {
                    bar.set_length(p.total_bytes.max(p.bytes));
                    bar.set_position(p.bytes);
                }
            },
            |doc, analysis| MentionRecord::of_document(extractor, doc, analysis),
            |batch: Vec<Vec<MentionRecord>>| records.extend(batch.into_iter().flatten()),
        )?;
    finish_run(bar, &report);
    Ok((graph, report))
}
