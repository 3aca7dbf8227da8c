//! `graphex merge`: combine graphs extracted separately (shards of a corpus) into the graph one run over
//! all of them gives.
//!
//! Counts add, evidence and document lists stay capped with the same deterministic choice, so
//! `extract a/ -o a.json; extract b/ -o b.json; merge a.json b.json` equals `extract a/ b/` byte for byte
//! (document ids must be unique across shards). Graphs built with different co-occurrence windows measure
//! different things and are refused.

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;

use graphex::export::Format;

use super::args::{GraphOutputArgs, QuietArg};
use super::common::{output_formats, read_graph, warn, write_graph_outputs, Failure};

#[derive(Args)]
pub(crate) struct MergeCmd {
    /// Graphs written by `graphex extract` as JSON (- for standard input).
    #[arg(required = true, value_name = "GRAPH")]
    pub(crate) graphs: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) write: GraphOutputArgs,
    #[command(flatten)]
    pub(crate) quiet: QuietArg,
}

pub(crate) fn run_cmd(cmd: MergeCmd) -> Result<(), Failure> {
    let (forced, outputs) = output_formats(
        &cmd.write.output.outputs,
        cmd.write.output.format.as_deref(),
    )?;
    let options = cmd.write.export.options()?;
    let filter = cmd.write.filter.filter();
    let mut merged: Option<(PathBuf, graphex::Graph)> = None;
    for path in &cmd.graphs {
        let g = read_graph(path)?;
        match &mut merged {
            None => merged = Some((path.clone(), g)),
            Some((first, m)) => {
                if g.window != m.window {
                    return Err(anyhow!(
                        "{} was extracted with --window {} but {} with --window {}: graphs with different \
                         windows cannot be merged; extract them again with the same --window",
                        path.display(),
                        g.window.as_str(),
                        first.display(),
                        m.window.as_str()
                    )
                    .into());
                }
                if g.limits.evidence != m.limits.evidence {
                    warn(&format!(
                        "{} keeps evidence as {} but {} as {}; the merge keeps {}",
                        path.display(),
                        g.limits.evidence.as_str(),
                        first.display(),
                        m.limits.evidence.as_str(),
                        g.limits.evidence.min(m.limits.evidence).as_str()
                    ));
                }
                if (g.limits.max_evidence, g.limits.max_node_documents)
                    != (m.limits.max_evidence, m.limits.max_node_documents)
                {
                    warn(&format!(
                        "{} was extracted with other limits (--max-evidence {}, --max-node-documents {}) than {} \
                         ({}, {}); the merge keeps the larger ones, which one run would not",
                        path.display(),
                        g.limits.max_evidence,
                        g.limits.max_node_documents,
                        first.display(),
                        m.limits.max_evidence,
                        m.limits.max_node_documents
                    ));
                }
                m.merge(g);
            }
        }
    }
    let Some((_, mut graph)) = merged else {
        return Err(anyhow!("no graph to merge").into());
    };
    graph.reduce_evidence(cmd.write.export.evidence.into());
    graph.prune_documents();
    let shown = filter.apply(&graph)?;
    write_graph_outputs(&shown, &outputs, forced.unwrap_or(Format::Json), &options)?;
    if !cmd.quiet.quiet {
        eprintln!(
            "graphex: merged {} graphs: {} documents, {} entities, {} edges",
            cmd.graphs.len(),
            graph.document_count,
            graph.nodes.len(),
            graph.edges.len()
        );
    }
    Ok(())
}
