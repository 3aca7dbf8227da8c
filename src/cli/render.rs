//! `graphex render`: draw a graph written by `graphex extract` (or `merge`) with Graphviz, usually a
//! readable part of it (`--focus`, `--top`, `--min-weight`, `--relations-only`, `--types`).
//!
//! The DOT text names its layout engine (`neato`, or `sfdp` above `graphex::export::dot::SFDP_THRESHOLD`
//! entities), so rendering goes through graphviz-rust's `exec_dot` without further options. Any other
//! graph format can be written too, which makes this also the way to convert a graph or export a subgraph.

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;

use graphex::export::Format;

use super::args::{GraphOutputArgs, QuietArg};
use super::common::{output_formats, read_graph, usage, write_graph_outputs, Failure};

#[derive(Args)]
pub(crate) struct RenderCmd {
    /// Graph written by `graphex extract` as JSON (- for standard input).
    #[arg(value_name = "GRAPH")]
    pub(crate) graph: PathBuf,
    #[command(flatten)]
    pub(crate) write: GraphOutputArgs,
    #[command(flatten)]
    pub(crate) quiet: QuietArg,
}

pub(crate) fn run_cmd(cmd: RenderCmd) -> Result<(), Failure> {
    let (forced, outputs) = output_formats(
        &cmd.write.output.outputs,
        cmd.write.output.format.as_deref(),
    )?;
    let options = cmd.write.export.options()?;
    let mut graph = read_graph(&cmd.graph)?;
    graph.reduce_evidence(cmd.write.export.evidence.into());
    graph.prune_documents();
    let shown = cmd.write.filter.filter().apply(&graph)?;
    if shown.nodes.is_empty() {
        return Err(usage(anyhow!(
            "the filters leave no entity to draw (the graph has {} entities)",
            graph.nodes.len()
        )));
    }
    write_graph_outputs(&shown, &outputs, forced.unwrap_or(Format::Svg), &options)?;
    if !cmd.quiet.quiet {
        eprintln!(
            "graphex: drew {} of {} entities and {} of {} edges",
            shown.nodes.len(),
            graph.nodes.len(),
            shown.edges.len(),
            graph.edges.len()
        );
    }
    Ok(())
}
