//! `graphex demo` (also `graphex` without a command): the embedded sample corpus to output/.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::anyhow;
use clap::{Args, Parser};

use graphex::export::{self, Format};
use graphex::graph::EvidenceMode;
use graphex::Input;

use super::args::{ExtractorArgs, QuietArg};
use super::common::{build_extractor, run, summary, Failure};

#[derive(Args)]
pub(crate) struct DemoCmd {
    /// Folder to write graph.json, graph.dot, graph.html and graph.svg into.
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub(crate) out_dir: PathBuf,
    #[command(flatten)]
    pub(crate) extractor: ExtractorArgs,
    #[command(flatten)]
    pub(crate) quiet: QuietArg,
}

impl DemoCmd {
    pub(crate) fn parse_default() -> DemoCmd {
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            demo: DemoCmd,
        }
        Wrapper::parse_from(["graphex"]).demo
    }
}

pub(crate) fn run_cmd(cmd: DemoCmd) -> Result<(), Failure> {
    let started = Instant::now();
    let extractor = build_extractor(&cmd.extractor, EvidenceMode::Text)?;
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
    let (graph, report) = run(&extractor, &inputs, 0, false, cmd.quiet.quiet)?;
    let mut outputs = vec![
        (cmd.out_dir.join("graph.json"), Format::Json),
        (cmd.out_dir.join("graph.dot"), Format::Dot),
        (cmd.out_dir.join("graph.html"), Format::Html),
    ];
    let svg = cmd.out_dir.join("graph.svg");
    let with_svg = export::dot::graphviz_available();
    if with_svg {
        outputs.push((svg, Format::Svg));
    }
    for (path, format) in &outputs {
        export::write_path(&graph, *format, path)?;
    }
    if !cmd.quiet.quiet {
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
