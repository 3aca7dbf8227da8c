//! `graphex dict check` and `graphex dict stats`: lint and describe dictionaries.
//!
//! Both load the same dictionaries as `extract` (`--dict` files first, then the embedded defaults unless
//! `--no-default-dicts`), so what they report is what an extraction with the same flags would use.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::Instant;

use anyhow::{anyhow, Context};
use clap::{Args, Subcommand};
use serde_json::json;

use graphex::dictionary::check::{Lint, Severity};
use graphex::{DictionaryBuilder, Matcher};

use super::args::DictArgs;
use super::common::{stdout, usage, Failure};

#[derive(Args)]
pub(crate) struct DictCmd {
    #[command(subcommand)]
    pub(crate) command: DictCommand,
}

#[derive(Subcommand)]
pub(crate) enum DictCommand {
    /// Lint dictionaries: every finding with FILE:LINE, then a summary. Exit 1 when there are errors.
    ///
    /// Errors: malformed rows, control or invisible characters, forms without letters, unflagged numbers,
    /// unflagged common words that match in any case, entities that can never match. Warnings: conflicts
    /// (one form, several entities), duplicate rows, forms, ids, white space, short or very long forms,
    /// capitalised common words and one-word person forms not flagged ambiguous. See docs/dictionaries.md.
    ///
    /// Bad input: a missing file is an error (exit 1); every malformed row is reported with FILE:LINE
    /// (exit 1), never a crash.
    Check(CheckCmd),
    /// Counts by type and source, forms, automaton size and load time.
    ///
    /// Bad input: a missing file or the first malformed row (FILE:LINE) is an error (exit 1).
    Stats(StatsCmd),
}

#[derive(Args)]
pub(crate) struct CheckCmd {
    #[command(flatten)]
    pub(crate) dict: DictArgs,
    /// Print only errors (and the summary).
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Args)]
pub(crate) struct StatsCmd {
    #[command(flatten)]
    pub(crate) dict: DictArgs,
    /// Print a JSON object (`types` maps each type to its entity count) instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

pub(crate) fn run_cmd(cmd: DictCmd) -> Result<(), Failure> {
    match cmd.command {
        DictCommand::Check(c) => check(c),
        DictCommand::Stats(c) => stats(c),
    }
}

fn no_dictionaries() -> Failure {
    usage(anyhow!(
        "no dictionaries: --no-default-dicts needs at least one --dict"
    ))
}

fn check(cmd: CheckCmd) -> Result<(), Failure> {
    let mut lint = Lint::new();
    for path in &cmd.dict.dicts {
        lint.add_path(path)
            .with_context(|| format!("--dict {}", path.display()))?;
    }
    if !cmd.dict.no_default_dicts {
        lint.add_embedded_defaults();
    } else if cmd.dict.dicts.is_empty() {
        return Err(no_dictionaries());
    }
    let report = lint.run();
    let mut out = stdout();
    let write_err = |e: io::Error| Failure::from(anyhow::Error::new(e).context("standard output"));
    for f in &report.findings {
        if cmd.quiet && f.severity != Severity::Error {
            continue;
        }
        writeln!(out, "{f}").map_err(write_err)?;
    }
    let rules: Vec<String> = report
        .by_rule()
        .iter()
        .map(|((s, rule), n)| format!("{rule} {n} ({s})"))
        .collect();
    writeln!(
        out,
        "{} error(s), {} warning(s) in {} file(s), {} rows, {} entities{}",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.files,
        report.rows,
        report.entities,
        if rules.is_empty() {
            String::new()
        } else {
            format!(": {}", rules.join(", "))
        }
    )
    .map_err(write_err)?;
    out.flush().map_err(write_err)?;
    if report.has_errors() {
        return Err(Failure {
            code: 1,
            error: anyhow!(
                "the dictionaries have {} error(s)",
                report.count(Severity::Error)
            ),
        });
    }
    Ok(())
}

fn stats(cmd: StatsCmd) -> Result<(), Failure> {
    let started = Instant::now();
    let mut builder = DictionaryBuilder::new();
    for path in &cmd.dict.dicts {
        builder
            .add_path(path)
            .with_context(|| format!("--dict {}", path.display()))?;
    }
    if !cmd.dict.no_default_dicts {
        builder.add_embedded_defaults()?;
    } else if cmd.dict.dicts.is_empty() {
        return Err(no_dictionaries());
    }
    let dictionary = builder.build();
    let loaded = started.elapsed();
    let matcher = Matcher::new(dictionary)?;
    let total = started.elapsed();
    let s = matcher.dictionary().stats();
    let forms_by_type = {
        let mut m: BTreeMap<&str, usize> = BTreeMap::new();
        for f in matcher.dictionary().forms() {
            *m.entry(matcher.dictionary().entity(f.entity).entity_type.as_str())
                .or_default() += 1;
        }
        m
    };
    let mut out = stdout();
    let text = if cmd.json {
        let value = json!({
            "entities": s.entities,
            "types": s.types,
            "sources": s.sources,
            "forms": s.forms,
            "forms_by_type": forms_by_type,
            "ambiguous_forms": s.ambiguous_forms,
            "conflicts": s.conflicts,
            "patterns": matcher.pattern_count(),
            "automaton_bytes": matcher.automaton_memory(),
            "load_seconds": loaded.as_secs_f64(),
            "build_seconds": (total - loaded).as_secs_f64(),
            "load_build_seconds": total.as_secs_f64(),
        });
        serde_json::to_string_pretty(&value).context("JSON")? + "\n"
    } else {
        let mut t = String::new();
        t += &format!("entities          {:>9}\n", s.entities);
        for (ty, n) in &s.types {
            t += &format!("  {ty:<16}{n:>9}\n");
        }
        t += "sources (an entity may have several)\n";
        for (src, n) in &s.sources {
            t += &format!("  {src:<28}{n:>9}\n");
        }
        t += &format!(
            "forms             {:>9}   ({} ambiguous, {} conflicts resolved)\n",
            s.forms, s.ambiguous_forms, s.conflicts
        );
        t += &format!("patterns          {:>9}\n", matcher.pattern_count());
        t += &format!(
            "automaton memory  {:>9.1} MB\n",
            matcher.automaton_memory() as f64 / 1e6
        );
        t += &format!(
            "load + build      {:>9.3} s   (load {:.3} s, automaton {:.3} s)\n",
            total.as_secs_f64(),
            loaded.as_secs_f64(),
            (total - loaded).as_secs_f64()
        );
        t
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("standard output")?;
    Ok(())
}
