//! `graphex extract`: the main job.

use std::io::Write;
use std::time::Instant;

use anyhow::{anyhow, Context};
use clap::Args;

use graphex::export::{self, Format};
use graphex::extract::mentions::{self, MentionRecord};
use graphex::extract::pipeline::Pipeline;
use graphex::Input;

use super::args::{ExtractorArgs, GraphOutputArgs, InputArgs, QuietArg};
use super::common::{
    build_extractor, finish_run, output_formats, progress_bar, run, stdout, summary, usage,
    write_graph_outputs, Failure,
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
    let (graph, report) = if want_mentions {
        run_with_mentions(&extractor, &inputs, &cmd, &mut records)?
    } else {
        run(
            &extractor,
            &inputs,
            cmd.threads,
            cmd.input.strict,
            cmd.quiet.quiet,
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
        eprintln!(
            "graphex: timings: startup {:.2} s, extraction {:.2} s ({:.1} MB/s), graph {:.2} s, filter {:.2} s, outputs {:.2} s, total {:.2} s",
            startup.as_secs_f64(),
            report.extraction.as_secs_f64(),
            report.bytes as f64 / 1e6 / report.extraction.as_secs_f64().max(1e-9),
            report.graph_building.as_secs_f64(),
            filtering.as_secs_f64(),
            writing.as_secs_f64(),
            started.elapsed().as_secs_f64(),
        );
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
