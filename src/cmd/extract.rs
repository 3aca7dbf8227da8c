//! `graphex extract`: the main job.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{anyhow, Context};
use clap::Args;

use graphex::export::{self, Format};
use graphex::Input;

use super::common::{
    build_extractor, output_format, run, summary, usage, DictArgs, Failure, GraphArgs, RuleArgs,
};

#[derive(Args)]
pub(crate) struct ExtractCmd {
    /// Files, folders (read recursively: .txt .md .jsonl .ndjson ...), or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub(crate) inputs: Vec<String>,
    /// Output file (repeatable); the format comes from the extension (.json .dot .gv .svg .png).
    /// Default: JSON on standard output.
    #[arg(short, long = "output", value_name = "FILE")]
    pub(crate) outputs: Vec<PathBuf>,
    /// Output format, overriding the extension.
    #[arg(short, long, value_name = "FORMAT")]
    pub(crate) format: Option<String>,
    #[command(flatten)]
    pub(crate) dict: DictArgs,
    #[command(flatten)]
    pub(crate) rules: RuleArgs,
    #[command(flatten)]
    pub(crate) graph: GraphArgs,
    /// Worker threads (0: one per core). The output does not depend on it.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) threads: usize,
    /// Invalid UTF-8 and malformed JSON Lines records are errors, not warnings.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Write the outputs even when some inputs could not be read (the exit code is still 1).
    #[arg(long)]
    pub(crate) partial: bool,
    /// No progress bar and no summary (warnings and errors are still printed).
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

pub(crate) fn run_cmd(cmd: ExtractCmd) -> Result<(), Failure> {
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
    let extractor = build_extractor(&cmd.dict, &cmd.rules, &cmd.graph)?;
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
