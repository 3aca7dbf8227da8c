//! Exporters: each takes a finished [`Graph`] and a writer; one file per format.
//!
//! Exporters never look at documents, mentions or the dictionary. Writing to a path goes through
//! [`write_atomic`]: a temporary file in the same folder, renamed over the target only once complete, so a
//! failed or interrupted run never truncates an existing output.

pub mod dot;
pub mod json;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::str::FromStr;

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
}

impl Format {
    /// All formats with their names.
    pub const ALL: [(&'static str, Format); 4] = [
        ("json", Format::Json),
        ("dot", Format::Dot),
        ("svg", Format::Svg),
        ("png", Format::Png),
    ];

    /// The format implied by a file name's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let ext = name.rsplit('.').next()?;
        match ext {
            "gv" => Some(Format::Dot),
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
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        Format::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(s))
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

/// Writes `graph` in `format` to `out`.
pub fn write(graph: &Graph, format: Format, out: &mut dyn Write) -> Result<()> {
    let io_err = |e: io::Error| Error::Export {
        format: format.name().into(),
        message: e.to_string(),
    };
    match format {
        Format::Json => json::write(graph, out).map_err(io_err),
        Format::Dot => out.write_all(dot::to_dot(graph).as_bytes()).map_err(io_err),
        Format::Svg | Format::Png => {
            let bytes = dot::render(graph, format)?;
            out.write_all(&bytes).map_err(io_err)
        }
    }
}

/// Writes `graph` in `format` to `path` atomically (temporary file + rename).
pub fn write_path(graph: &Graph, format: Format, path: &Path) -> Result<()> {
    write_atomic(path, |w| write(graph, format, w))
}

/// Creates `path` atomically: `fill` writes into a temporary file next to it, which replaces `path` only if
/// `fill` and the flush succeed. On any error the temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.exists() {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut builder = tempfile::Builder::new();
    let prefix = format!(
        ".{}.",
        path.file_name()
            .map_or("out".into(), |n| n.to_string_lossy())
    );
    builder.prefix(&prefix).suffix(".tmp");
    // Temporary files are private (0600) by default; an output file should get the usual mode: that of the
    // file it replaces, or 0666 less the umask for a new one.
    #[cfg(unix)]
    let existing = fs::metadata(path).ok().map(|m| m.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(
            existing
                .clone()
                .unwrap_or_else(|| fs::Permissions::from_mode(0o666)),
        );
    }
    let tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    #[cfg(unix)]
    if let Some(perm) = existing {
        // Creation masks the mode with the umask; a replaced file keeps its exact mode.
        tmp.as_file()
            .set_permissions(perm)
            .map_err(|e| Error::io(path, e))?;
    }
    {
        let mut w = BufWriter::new(tmp.as_file());
        fill(&mut w)?;
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
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
        assert!("xml"
            .parse::<Format>()
            .unwrap_err()
            .to_string()
            .contains("known: json, dot"));
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
