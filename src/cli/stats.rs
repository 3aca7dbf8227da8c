//! `graphex stats`: what is in a graph: counts by type and relation, the most mentioned, most connected and
//! most central entities (PageRank), connected components. `--json` for scripts.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use graphex::graph::stats::{Ranked, Stats};

use super::common::{read_graph, stdout, Failure};

#[derive(Args)]
pub(crate) struct StatsCmd {
    /// Graph written by `graphex extract` as JSON (- for standard input).
    #[arg(value_name = "GRAPH")]
    pub(crate) graph: PathBuf,
    /// Entities listed per ranking.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub(crate) top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

pub(crate) fn run_cmd(cmd: StatsCmd) -> Result<(), Failure> {
    let graph = read_graph(&cmd.graph)?;
    let stats = Stats::of(&graph, cmd.top);
    let text = if cmd.json {
        let mut json = serde_json::to_string_pretty(&stats).context("statistics")?;
        json.push('\n');
        json
    } else {
        text(&stats)
    };
    let mut out = stdout();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("standard output")?;
    Ok(())
}

fn text(s: &Stats) -> String {
    let mut out = format!(
        "{} documents, {} entities, {} edges ({} relations), window: {}\n",
        s.documents,
        s.nodes,
        s.edges,
        s.relations,
        s.window.as_str()
    );
    out.push_str("\nentities by type:\n");
    for (t, n) in &s.nodes_by_type {
        out.push_str(&format!("  {t:<20} {n:>8}\n"));
    }
    out.push_str("\nedges by relation:          edges   weight\n");
    for (k, c) in &s.edges_by_key {
        out.push_str(&format!("  {k:<20} {:>8} {:>8}\n", c.edges, c.weight));
    }
    out.push_str(&format!(
        "\ncomponents: {} (largest: {}), isolated entities: {}\n",
        s.components,
        s.largest_components
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        s.isolated
    ));
    let list = |title: &str, items: &[Ranked], value: &dyn Fn(&Ranked) -> String| {
        let mut o = format!("\n{title}:\n");
        for (i, r) in items.iter().enumerate() {
            o.push_str(&format!(
                "  {:>3}. {:<40} {:<14} {}\n",
                i + 1,
                r.label,
                r.entity_type,
                value(r)
            ));
        }
        o
    };
    out.push_str(&list(
        "top entities by mentions",
        &s.top_by_mentions,
        &|r| r.mentions.to_string(),
    ));
    out.push_str(&list("top entities by degree", &s.top_by_degree, &|r| {
        format!("{} neighbours, weight {}", r.degree, r.weighted_degree)
    }));
    out.push_str(&list(
        &format!(
            "top entities by PageRank ({} iterations)",
            s.pagerank_iterations
        ),
        &s.top_by_pagerank,
        &|r| format!("{:.4}", r.pagerank),
    ));
    out
}
