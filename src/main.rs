//! The `graphex` command line: parses arguments, wires the library's stages together, reports errors.
//!
//! Exit codes: 0 success; 1 the run failed or some input could not be read (outputs are then not written,
//! unless `--partial`); 2 usage error (unknown flag, bad value); 130 interrupted (Ctrl-C, SIGTERM: outputs
//! being written are abandoned, existing ones untouched).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

use cli::{demo, dict, explain, extract, merge, render, stats, suggest};

#[derive(Parser)]
#[command(
    name = "graphex",
    version,
    about = "Extract an entity and relationship graph from news text",
    long_about = "Extract an entity and relationship graph from news text.\n\n\
        Without a command, runs the demo: the embedded sample corpus with the default dictionaries, \
        written to output/graph.json, output/graph.dot and (with Graphviz) output/graph.svg.\n\n\
        Exit codes: 0 success; 1 the run failed or some input could not be read (no output is written \
        then, unless --partial); 2 usage error; 130 interrupted (Ctrl-C or SIGTERM). An existing output \
        is only replaced once its new version is complete. See docs/robustness.md."
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
    Extract(extract::ExtractCmd),
    /// Combine graphs extracted separately (shards) into the graph of one run over all of them.
    ///
    /// Bad input: a missing file, or one that is not a graphex JSON graph (malformed JSON, another format,
    /// an edge to an unknown node) is an error naming it (exit 1); nothing is written. Graphs built with
    /// different windows are refused. Counts that would overflow saturate.
    Merge(merge::MergeCmd),
    /// Draw a graph (or a readable part of it) with Graphviz, or convert it to another format.
    ///
    /// Bad input: a missing file or one that is not a graphex JSON graph is an error naming it (exit 1),
    /// and so is a missing Graphviz for .svg and .png; nothing is written then.
    Render(render::RenderCmd),
    /// Counts, top entities (mentions, degree, PageRank) and components of a graph.
    ///
    /// Bad input: a missing file or one that is not a graphex JSON graph is an error naming it (exit 1).
    Stats(stats::StatsCmd),
    /// Run on the embedded sample corpus and write output/graph.{json,dot,svg}.
    ///
    /// Bad input: none is read; without Graphviz the SVG is skipped with a warning. An output that cannot
    /// be written is an error (exit 1) and leaves the existing file untouched.
    Demo(demo::DemoCmd),
    /// Check dictionaries for mistakes (dict check) or describe them (dict stats).
    ///
    /// Bad input: see `graphex dict check --help` and `graphex dict stats --help`.
    Dict(dict::DictCmd),
    /// Suggest entities of a corpus that the dictionaries miss, as dictionary rows to review.
    ///
    /// Capitalised name sequences, acronyms and names next to type cues (M., Mme, la société, CEO of,
    /// fondé par...), minus what the dictionaries already match; ranked by frequency with a guessed type
    /// and an example sentence. Review, append to a dictionary, then run `graphex dict check`.
    ///
    /// Bad input: read like `graphex extract` (binary and empty files skipped, invalid UTF-8 replaced,
    /// malformed JSON Lines records skipped, each with a warning); a missing or unreadable path is an
    /// error (exit 1) and nothing is written.
    Suggest(suggest::SuggestCmd),
    /// Show, sentence by sentence, the mentions, coreference, rules fired and rejected candidates of a file.
    ///
    /// The first thing to reach for when a relation edge is missing or wrong.
    ///
    /// Bad input: a missing or unreadable file is an error (exit 1); invalid UTF-8 is replaced by U+FFFD.
    Explain(explain::ExplainCmd),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Ctrl-C or SIGTERM: remove the temporary files of outputs being written (their targets are only
    // replaced once complete, so they are untouched), then exit like a shell does on SIGINT.
    let _ = ctrlc::set_handler(|| {
        graphex::export::abandon_writes();
        eprintln!("graphex: interrupted; existing outputs left untouched");
        std::process::exit(130);
    });
    let result = match cli.command {
        Some(Command::Extract(c)) => extract::run_cmd(c),
        Some(Command::Merge(c)) => merge::run_cmd(c),
        Some(Command::Render(c)) => render::run_cmd(c),
        Some(Command::Stats(c)) => stats::run_cmd(c),
        Some(Command::Demo(c)) => demo::run_cmd(c),
        Some(Command::Dict(c)) => dict::run_cmd(c),
        Some(Command::Suggest(c)) => suggest::run_cmd(c),
        Some(Command::Explain(c)) => explain::run_cmd(c),
        None => demo::run_cmd(demo::DemoCmd::parse_default()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of standard output closed it (`| head`): it has what it wanted.
        Err(_) if cli::common::stdout_closed() => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("graphex: error: {:#}", f.error);
            ExitCode::from(f.code)
        }
    }
}

// Worker threads allocate per-document extractions that the accumulator thread frees; glibc's per-thread
// arenas fragment under that pattern (peak memory grew with the corpus). mimalloc does not, and is faster
// for the many small allocations of dictionary loading.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (v3 `include/mimalloc.h`; `libmimalloc-sys`
/// declares `mi_option_set` but no constant for it). Its default is 10 (ms).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Returns freed memory to the system at once rather than 10 ms later: under a memory budget the spilled
/// partial graphs are freed while the next one grows, and the delay let both count in the resident size
/// (26-40 MB more at the peak on the bench corpus).
pub(crate) fn purge_memory_at_once() {
    // SAFETY: mi_option_set only stores an integer option; mimalloc reads it on its next purge.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == 10 {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        }
    }
}
