//! Exporters: each takes a finished [`Graph`] and a writer; one file per format.
//!
//! Exporters never look at documents, mentions or the dictionary (the mention list, which the graph does
//! not hold, is written by [`crate::mentions`] from the pipeline instead). Every exporter escapes every
//! piece of user text for its own syntax in one function of its own file, sorts nothing itself (the graph's
//! maps are already in id order) and so writes byte-identical output for equal graphs.
//!
//! Writing to a path goes through [`write_atomic`]: a temporary file in the same folder, renamed over the
//! target only once complete, so a failed or interrupted run never truncates an existing output. Formats
//! made of two files (CSV, Neo4j CSV) derive both names from the one path given, see [`output_paths`].
//! Temporary files of writes in progress are registered so that a signal handler can remove them with
//! [`abandon_writes`] (the `graphex` binary does on Ctrl-C and SIGTERM); a killed process
//! (SIGKILL, power loss) can leave a hidden `.NAME.XXXXXX.tmp` file beside the target, never a truncated
//! target.

pub mod csv;
pub mod cyjs;
pub mod cypher;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod neo4j;
pub mod turtle;
mod xml;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard};

pub use cypher::Dialect as CypherDialect;

use crate::error::{Error, Result};
use crate::graph::Graph;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// networkx node-link JSON (`.json`).
    Json,
    /// Graphviz DOT (`.dot`, `.gv`).
    Dot,
    /// SVG rendered by Graphviz (`.svg`; needs the `dot` program).
    Svg,
    /// PNG rendered by Graphviz (`.png`; needs the `dot` program).
    Png,
    /// GraphML (`.graphml`): networkx, Gephi, yEd, igraph.
    GraphMl,
    /// GEXF 1.3 (`.gexf`): Gephi.
    Gexf,
    /// Cytoscape.js JSON (`.cyjs`): Cytoscape.js, Cytoscape desktop, networkx.
    Cyjs,
    /// Two CSV files, nodes and edges (`.csv`): spreadsheets, pandas, positional database loaders.
    Csv,
    /// Two CSV files in the `neo4j-admin database import` header format (`.neo4j.csv`).
    Neo4jCsv,
    /// A `MERGE`-based Cypher script (`.cypher`): Neo4j, FalkorDB, Memgraph; Kùzu/LadybugDB with the
    /// `kuzu` dialect.
    Cypher,
    /// RDF Turtle (`.ttl`).
    Turtle,
    /// JSON Lines, one line per mention (`.jsonl`). Not a graph format: written by `graphex extract` from
    /// the pipeline (see [`crate::mentions`]); [`write`] refuses it.
    Mentions,
}

impl Format {
    /// All formats with their names (as given to `--format`).
    pub const ALL: [(&'static str, Format); 12] = [
        ("json", Format::Json),
        ("dot", Format::Dot),
        ("svg", Format::Svg),
        ("png", Format::Png),
        ("graphml", Format::GraphMl),
        ("gexf", Format::Gexf),
        ("cyjs", Format::Cyjs),
        ("csv", Format::Csv),
        ("neo4j", Format::Neo4jCsv),
        ("cypher", Format::Cypher),
        ("ttl", Format::Turtle),
        ("jsonl", Format::Mentions),
    ];

    /// The format implied by a file name's extension (`.neo4j.csv` before `.csv`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(".neo4j.csv") {
            return Some(Format::Neo4jCsv);
        }
        let (_, ext) = name.rsplit_once('.')?;
        match ext {
            "gv" => Some(Format::Dot),
            "cql" => Some(Format::Cypher),
            "ndjson" => Some(Format::Mentions),
            "neo4j" => None,
            _ => ext.parse().ok(),
        }
    }

    /// The format's name.
    pub fn name(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("?", |(n, _)| n)
    }

    /// Whether the format is written as two files (see [`output_paths`]).
    pub fn is_split(self) -> bool {
        matches!(self, Format::Csv | Format::Neo4jCsv)
    }

    /// Whether the format needs Graphviz to be installed.
    pub fn is_rendered(self) -> bool {
        matches!(self, Format::Svg | Format::Png)
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        let s = match s.to_ascii_lowercase().as_str() {
            "turtle" => "ttl".to_string(),
            "neo4j-csv" | "neo4j.csv" => "neo4j".to_string(),
            "mentions" => "jsonl".to_string(),
            "gv" => "dot".to_string(),
            other => other.to_string(),
        };
        Format::ALL
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
                Error::Config(format!(
                    "unknown format {s:?} (known: {})",
                    names.join(", ")
                ))
            })
    }
}

/// Options of the exporters, with documented defaults. Formats ignore the options that are not theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Node-link JSON: name the edge list `links` (the default of networkx before 3.4) instead of `edges`
    /// (default: `edges`).
    pub json_links: bool,
    /// Cypher: the dialect (default: Neo4j, which FalkorDB and Memgraph also run).
    pub cypher_dialect: CypherDialect,
    /// RDF: language tag of entity labels and aliases, unless a node has a `lang` attribute (default: `mul`,
    /// the tag Wikidata uses for names that are the same in every language).
    pub label_language: String,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            json_links: false,
            cypher_dialect: CypherDialect::default(),
            label_language: "mul".into(),
        }
    }
}

/// The files a format writes for `path`: `path` itself, or for the two-file formats the nodes and edges
/// files named after it: `out.csv` → `out.nodes.csv`, `out.edges.csv`; `out.neo4j.csv` →
/// `out.nodes.neo4j.csv`, `out.edges.neo4j.csv`. A path without the format's extension gets it appended
/// (`out` → `out.nodes.csv`).
pub fn output_paths(format: Format, path: &Path) -> Vec<PathBuf> {
    let suffix = match format {
        Format::Csv => ".csv",
        Format::Neo4jCsv => ".neo4j.csv",
        _ => return vec![path.to_path_buf()],
    };
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let stem = if name.to_lowercase().ends_with(suffix) {
        &name[..name.len() - suffix.len()]
    } else {
        name.as_str()
    };
    ["nodes", "edges"]
        .iter()
        .map(|part| path.with_file_name(format!("{stem}.{part}{suffix}")))
        .collect()
}

fn io_error(format: Format) -> impl Fn(io::Error) -> Error {
    move |e: io::Error| Error::Export {
        format: format.name().into(),
        message: e.to_string(),
    }
}

/// Writes `graph` in `format` to `out` with default options.
pub fn write(graph: &Graph, format: Format, out: &mut dyn Write) -> Result<()> {
    write_with(graph, format, &ExportOptions::default(), out)
}

/// Writes `graph` in `format` to `out`. The two-file formats and the mention list cannot be written to a
/// single stream: use [`write_path`] (or the pipeline, for mentions).
pub fn write_with(
    graph: &Graph,
    format: Format,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<()> {
    let io_err = io_error(format);
    match format {
        Format::Json => json::write_with(graph, options.json_links, out).map_err(io_err),
        Format::Dot => out.write_all(dot::to_dot(graph).as_bytes()).map_err(io_err),
        Format::Svg | Format::Png => {
            let bytes = dot::render(graph, format)?;
            out.write_all(&bytes).map_err(io_err)
        }
        Format::GraphMl => graphml::write(graph, out).map_err(io_err),
        Format::Gexf => gexf::write(graph, out).map_err(io_err),
        Format::Cyjs => cyjs::write(graph, out).map_err(io_err),
        Format::Cypher => cypher::write(graph, options.cypher_dialect, out).map_err(io_err),
        Format::Turtle => turtle::write(graph, &options.label_language, out).map_err(io_err),
        Format::Csv | Format::Neo4jCsv => Err(Error::Export {
            format: format.name().into(),
            message: "this format is two files (nodes and edges); give an output path with -o"
                .into(),
        }),
        Format::Mentions => Err(Error::Export {
            format: format.name().into(),
            message:
                "the mention list is written during extraction (graphex extract -o FILE.jsonl), \
                      not from a finished graph"
                    .into(),
        }),
    }
}

/// Writes `graph` in `format` to `path` atomically with default options.
pub fn write_path(graph: &Graph, format: Format, path: &Path) -> Result<()> {
    write_path_with(graph, format, &ExportOptions::default(), path)
}

/// Writes `graph` in `format` to `path` (or the paths of [`output_paths`]) atomically.
pub fn write_path_with(
    graph: &Graph,
    format: Format,
    options: &ExportOptions,
    path: &Path,
) -> Result<()> {
    match format {
        Format::Csv | Format::Neo4jCsv => {
            let paths = output_paths(format, path);
            let io_err = io_error(format);
            write_atomic_all(&paths, |outs| {
                let [nodes, edges] = outs else {
                    return Err(Error::Config("two outputs expected".into()));
                };
                if format == Format::Csv {
                    csv::write_nodes(graph, nodes).map_err(&io_err)?;
                    csv::write_edges(graph, edges).map_err(&io_err)
                } else {
                    neo4j::write_nodes(graph, nodes).map_err(&io_err)?;
                    neo4j::write_edges(graph, edges).map_err(&io_err)
                }
            })
        }
        _ => write_atomic(path, |w| write_with(graph, format, options, w)),
    }
}

/// Creates `path` atomically: `fill` writes into a temporary file next to it, which replaces `path` only if
/// `fill` and the flush succeed. On any error the temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    write_atomic_all(&[path.to_path_buf()], |outs| match outs {
        [w] => fill(&mut **w),
        _ => Err(Error::Config("one output expected".into())),
    })
}

/// Temporary files of the writes in progress (see [`abandon_writes`]).
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock leaves the list itself consistent: keep using it.
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the temporary files of every atomic write in progress, leaving their targets untouched, and
/// returns how many were removed. For a signal handler about to exit the process: from this call on, no
/// temporary file can be created (a write that tries blocks), so none can be left behind by a write that
/// was just starting.
pub fn abandon_writes() -> usize {
    let mut list = in_flight();
    let removed = list
        .drain(..)
        .filter(|p| fs::remove_file(p).is_ok())
        .count();
    // Keep the registry locked for the rest of the process.
    std::mem::forget(list);
    removed
}

/// A temporary file registered for [`abandon_writes`] while it lives.
struct Registered(PathBuf);

impl Registered {
    /// Creates the temporary file and registers it under one lock, so that a signal handler sees either
    /// no file or a registered one.
    fn create(
        builder: &tempfile::Builder<'_, '_>,
        dir: &Path,
    ) -> io::Result<(tempfile::NamedTempFile, Registered)> {
        let mut list = in_flight();
        let tmp = builder.tempfile_in(dir)?;
        let path = tmp.path().to_path_buf();
        list.push(path.clone());
        Ok((tmp, Registered(path)))
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut list = in_flight();
        if let Some(i) = list.iter().position(|p| *p == self.0) {
            list.swap_remove(i);
        }
    }
}

/// Creates several files together: `fill` gets one writer per path, each a temporary file next to its
/// target. Only when `fill` succeeded and every file is flushed and synced are they renamed over their
/// targets; on any error before that, no target is touched.
///
/// A target that is a symbolic link is resolved first, so the link stays and the file it points to is
/// replaced. A target that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is
/// written directly: renaming a file over it would replace the device or pipe itself.
pub fn write_atomic_all(
    paths: &[PathBuf],
    fill: impl FnOnce(&mut [&mut dyn Write]) -> Result<()>,
) -> Result<()> {
    write_atomic_syncing(paths, SYNC_EVERY, fill)
}

/// [`write_atomic_all`], asking for a sync of each temporary file every `sync_every` bytes.
fn write_atomic_syncing(
    paths: &[PathBuf],
    sync_every: u64,
    fill: impl FnOnce(&mut [&mut dyn Write]) -> Result<()>,
) -> Result<()> {
    let mut outs: Vec<Output> = Vec::with_capacity(paths.len());
    for path in paths {
        outs.push(Output::open(path)?);
    }
    std::thread::scope(|scope| -> Result<()> {
        // Syncs requested by the writers (see `Writeback`); it ends when the last sender is dropped,
        // on success or error, and the scope waits for it.
        let (syncer, requests) = std::sync::mpsc::sync_channel::<usize>(1);
        let files: Vec<&fs::File> = outs.iter().map(Output::file).collect();
        scope.spawn(move || {
            for i in requests {
                // A failure here shows again in the final sync, which reports it.
                let _ = files[i].sync_data();
            }
        });
        let mut writers: Vec<BufWriter<Writeback<'_>>> = outs
            .iter()
            .enumerate()
            .map(|(index, o)| {
                BufWriter::new(Writeback {
                    file: o.file(),
                    index,
                    every: sync_every,
                    unsynced: 0,
                    // Devices and pipes are not synced.
                    syncer: matches!(o, Output::Temporary { .. }).then(|| syncer.clone()),
                })
            })
            .collect();
        drop(syncer);
        let mut dyns: Vec<&mut dyn Write> =
            writers.iter_mut().map(|w| w as &mut dyn Write).collect();
        fill(&mut dyns)?;
        drop(dyns);
        for (w, path) in writers.iter_mut().zip(paths) {
            w.flush().map_err(|e| Error::io(path, e))?;
        }
        Ok(())
    })?;
    for (out, path) in outs.iter().zip(paths) {
        if let Output::Temporary { tmp, .. } = out {
            tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
        }
    }
    for (out, path) in outs.into_iter().zip(paths) {
        if let Output::Temporary {
            tmp,
            target,
            registered,
        } = out
        {
            tmp.persist(&target).map_err(|e| Error::io(path, e.error))?;
            drop(registered);
        }
    }
    Ok(())
}

/// Bytes written to an output between two requests to sync it.
const SYNC_EVERY: u64 = 128 << 20;

/// An output file that, every [`SYNC_EVERY`] bytes (by default), asks a helper thread to sync what was
/// written so far: the disk takes the output while the rest is produced, and the sync before the rename
/// waits for the last stretch only, not for the whole output (a gigabyte of JSON is seconds on a slow disk).
struct Writeback<'a> {
    file: &'a fs::File,
    /// This output's index, sent to the helper.
    index: usize,
    /// Bytes between two requests ([`SYNC_EVERY`]).
    every: u64,
    unsynced: u64,
    syncer: Option<std::sync::mpsc::SyncSender<usize>>,
}

impl Write for Writeback<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = (&*self.file).write(buf)?;
        self.unsynced += n as u64;
        if self.unsynced >= self.every {
            if let Some(syncer) = &self.syncer {
                // A sync still running already covers part of it; the next request or the final sync
                // covers the rest.
                if syncer.try_send(self.index).is_ok() {
                    self.unsynced = 0;
                }
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&*self.file).flush()
    }
}

/// Where one output goes while it is being written.
enum Output {
    /// A temporary file beside `target`, renamed over it once complete.
    Temporary {
        tmp: tempfile::NamedTempFile,
        target: PathBuf,
        registered: Registered,
    },
    /// An existing device, pipe or socket, written in place.
    Direct(fs::File),
}

impl Output {
    fn open(path: &Path) -> Result<Output> {
        // Follows symbolic links: a link to a regular file is replaced through the link.
        if let Ok(meta) = fs::metadata(path) {
            if !meta.is_file() && !meta.is_dir() {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::io(path, e))?;
                return Ok(Output::Direct(file));
            }
        }
        let target = match fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).unwrap_or(path.into()),
            _ => path.to_path_buf(),
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !dir.exists() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let mut builder = tempfile::Builder::new();
        let prefix = format!(
            ".{}.",
            target
                .file_name()
                .map_or("out".into(), |n| n.to_string_lossy())
        );
        builder.prefix(&prefix).suffix(".tmp");
        // Temporary files are private (0600) by default; an output file should get the usual mode: that of
        // the file it replaces, or 0666 less the umask for a new one.
        #[cfg(unix)]
        let existing = fs::metadata(&target).ok().map(|m| m.permissions());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(
                existing
                    .clone()
                    .unwrap_or_else(|| fs::Permissions::from_mode(0o666)),
            );
        }
        let (tmp, registered) = Registered::create(&builder, dir).map_err(|e| Error::io(dir, e))?;
        #[cfg(unix)]
        if let Some(perm) = existing {
            // Creation masks the mode with the umask; a replaced file keeps its exact mode.
            tmp.as_file()
                .set_permissions(perm)
                .map_err(|e| Error::io(path, e))?;
        }
        Ok(Output::Temporary {
            tmp,
            target,
            registered,
        })
    }

    fn file(&self) -> &fs::File {
        match self {
            Output::Temporary { tmp, .. } => tmp.as_file(),
            Output::Direct(f) => f,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_extensions() {
        assert_eq!(
            Format::from_path(Path::new("a/graph.json")),
            Some(Format::Json)
        );
        assert_eq!(Format::from_path(Path::new("g.GV")), Some(Format::Dot));
        assert_eq!(Format::from_path(Path::new("g.svg")), Some(Format::Svg));
        assert_eq!(Format::from_path(Path::new("g.txt")), None);
        assert_eq!(
            Format::from_path(Path::new("out.neo4j.csv")),
            Some(Format::Neo4jCsv)
        );
        assert_eq!(Format::from_path(Path::new("out.csv")), Some(Format::Csv));
        assert_eq!(
            Format::from_path(Path::new("m.jsonl")),
            Some(Format::Mentions)
        );
        assert_eq!(Format::from_path(Path::new("g.ttl")), Some(Format::Turtle));
        assert_eq!("turtle".parse::<Format>().unwrap(), Format::Turtle);
        assert_eq!(
            output_paths(Format::Neo4jCsv, Path::new("d/out.neo4j.csv")),
            vec![
                PathBuf::from("d/out.nodes.neo4j.csv"),
                PathBuf::from("d/out.edges.neo4j.csv")
            ]
        );
        assert_eq!(
            output_paths(Format::Csv, Path::new("out")),
            vec![
                PathBuf::from("out.nodes.csv"),
                PathBuf::from("out.edges.csv")
            ]
        );
        assert!("xml"
            .parse::<Format>()
            .unwrap_err()
            .to_string()
            .contains("known: json, dot"));
    }

    /// Outputs synced while they are written come out whole, and a failure after syncs touches nothing.
    #[test]
    fn outputs_synced_while_written_are_whole_and_failures_leave_targets_alone() {
        let dir = tempfile::tempdir().unwrap();
        let paths = vec![dir.path().join("a.json"), dir.path().join("b.json")];
        let chunk: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        // A sync requested every 4 KB: hundreds of requests, most while one is running.
        write_atomic_syncing(&paths, 4096, |outs| {
            for _ in 0..100 {
                for w in outs.iter_mut() {
                    w.write_all(&chunk).unwrap();
                }
            }
            Ok(())
        })
        .unwrap();
        for p in &paths {
            let bytes = fs::read(p).unwrap();
            assert_eq!(bytes.len(), 1_000_000);
            assert!(bytes.chunks(10_000).all(|c| c == chunk.as_slice()));
        }
        let r = write_atomic_syncing(&paths, 4096, |outs| {
            for w in outs.iter_mut() {
                w.write_all(&chunk).unwrap();
                w.write_all(&chunk).unwrap();
            }
            Err(Error::Config("boom".into()))
        });
        assert!(r.is_err());
        for p in &paths {
            assert_eq!(fs::read(p).unwrap().len(), 1_000_000, "{}", p.display());
        }
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "temporary files left"
        );
    }

    #[test]
    fn failed_write_leaves_existing_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        fs::write(&p, "precious").unwrap();
        let r = write_atomic(&p, |w| {
            w.write_all(b"partial").unwrap();
            Err(Error::Config("boom".into()))
        });
        assert!(r.is_err());
        assert_eq!(fs::read_to_string(&p).unwrap(), "precious");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left behind"
        );
        write_atomic(&p, |w| w.write_all(b"new").map_err(|e| Error::io("x", e))).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let fresh = dir.path().join("fresh.json");
            write_atomic(&fresh, |w| {
                w.write_all(b"{}").map_err(|e| Error::io("x", e))
            })
            .unwrap();
            let mode = fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
            assert_ne!(mode, 0o600, "new outputs are not private temp files");
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
            write_atomic(&p, |w| w.write_all(b"again").map_err(|e| Error::io("x", e))).unwrap();
            let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640, "replaced files keep their mode");
        }
    }
}
