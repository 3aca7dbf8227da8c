//! `graphex suggest`: candidate entities of a corpus that the dictionaries miss, as dictionary rows.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, Context};
use clap::Args;

use graphex::discovery::suggest::{write_tsv, SuggestConfig, Suggester};
use graphex::graph::EvidenceMode;
use graphex::text::input::{DocumentReader, Event, ReadOptions};
use graphex::Input;

use super::args::{
    DictArgs, DiscoveryArgs, ExtractorArgs, GraphArgs, InputArgs, QuietArg, RuleArgs, WindowArg,
};
use super::common::{build_extractor, print_capped, stdout, usage, Failure};

#[derive(Args)]
pub(crate) struct SuggestCmd {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) dict: DictArgs,
    /// Leave out candidates mentioned fewer than N times.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub(crate) min_count: usize,
    /// Keep only the N most frequent candidates.
    #[arg(long, value_name = "N")]
    pub(crate) top: Option<usize>,
    /// Write the rows to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) quiet: QuietArg,
}

pub(crate) fn run_cmd(cmd: SuggestCmd) -> Result<(), Failure> {
    if cmd.input.inputs.iter().filter(|i| *i == "-").count() > 1 {
        return Err(usage(anyhow!("standard input (-) can be given only once")));
    }
    let graph = GraphArgs {
        window: WindowArg::Sentence,
        max_evidence: 1,
        max_node_documents: 1,
    };
    // Suggestions need the matcher only: no relation rules to compile.
    let no_rules = RuleArgs {
        rules: Vec::new(),
        no_default_rules: true,
    };
    let extractor = build_extractor(
        &ExtractorArgs {
            dict: cmd.dict,
            rules: no_rules,
            graph,
            discovery: DiscoveryArgs::off(),
        },
        EvidenceMode::Text,
    )?;
    let mut suggester = Suggester::new(extractor.matcher());
    let inputs: Vec<Input> = cmd.input.inputs.iter().map(|s| Input::parse(s)).collect();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for event in DocumentReader::new(
        &inputs,
        ReadOptions {
            strict: cmd.input.strict,
        },
    ) {
        match event {
            Event::Document(doc) => suggester.add_document(&doc),
            Event::Warning(w) => warnings.push(w),
            Event::Error(e) => errors.push(e.to_string()),
        }
    }
    print_capped(warnings.iter(), String::clone, 50, "warnings");
    for e in &errors {
        eprintln!("graphex: error: {e}");
    }
    if !errors.is_empty() {
        return Err(anyhow!(
            "{} input(s) could not be read; nothing written",
            errors.len()
        )
        .into());
    }
    if suggester.documents() == 0 {
        return Err(anyhow!("no documents to read in the inputs; nothing written").into());
    }
    let config = SuggestConfig {
        min_count: cmd.min_count,
        top: cmd.top,
    };
    let candidates = suggester.candidates(&config);
    match &cmd.output {
        Some(path) => {
            // Atomic, like every output: a failed run leaves an earlier file untouched.
            graphex::export::write_atomic(path, |w| {
                write_tsv(&candidates, suggester.documents(), w)
                    .map_err(|e| graphex::Error::io(path, e))
            })?;
        }
        None => {
            let mut lock = stdout();
            write_tsv(&candidates, suggester.documents(), &mut lock)
                .and_then(|()| lock.flush())
                .context("standard output")?;
        }
    }
    if !cmd.quiet.quiet {
        eprintln!(
            "graphex: {} candidate(s) mentioned at least {} time(s) in {} document(s){}",
            candidates.len(),
            cmd.min_count,
            suggester.documents(),
            cmd.output
                .as_ref()
                .map_or_else(String::new, |p| format!(" -> {}", p.display()))
        );
    }
    Ok(())
}
