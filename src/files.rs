//! Files: outputs written atomically, and the files a `--dict` or `--rules` argument names.
//!
//! [`write_atomic`] writes into a temporary file in the target's folder, renamed over the target only once
//! complete, so a failed or interrupted run never truncates an existing output. Temporary files of writes in
//! progress are registered so that a signal handler can remove them with [`abandon_writes`] (the `graphex`
//! binary does on Ctrl-C and SIGTERM); a killed process (SIGKILL, power loss) can leave a hidden
//! `.NAME.XXXXXX.tmp` file beside the target, never a truncated target. This module knows nothing of graphs
//! or formats: every stage that writes or lists files (the automaton cache, the exporters, the rule and
//! dictionary loaders) uses it.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result};

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
        .filter(|p| {
            if p.is_dir() {
                fs::remove_dir_all(p).is_ok()
            } else {
                fs::remove_file(p).is_ok()
            }
        })
        .count();
    // Keep the registry locked for the rest of the process.
    std::mem::forget(list);
    removed
}

/// A temporary folder (the runs a memory budget spills), removed with everything in it when dropped, and
/// by [`abandon_writes`] while it lives (Ctrl-C).
#[derive(Debug)]
pub struct TempFolder {
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
}

impl TempFolder {
    /// A new folder named `PREFIX…` in the system's temporary folder (`TMPDIR` on Unix).
    pub fn new(prefix: &str) -> Result<TempFolder> {
        let mut list = in_flight();
        let base = std::env::temp_dir();
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir_in(&base)
            .map_err(|e| Error::io(&base, e))?;
        let path = dir.path().to_path_buf();
        list.push(path.clone());
        Ok(TempFolder {
            dir: Some(dir),
            path,
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let mut list = in_flight();
        if let Some(i) = list.iter().position(|p| *p == self.path) {
            list.swap_remove(i);
        }
        // Removed under the lock, so that a signal handler never sees a half-removed registered folder.
        if let Some(dir) = self.dir.take() {
            let _ = dir.close();
        }
    }
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

/// The files a `--dict` or `--rules` argument names: the path itself when it is a file, else every file with
/// extension `ext` below the folder, in sorted path order. A folder without any is an error naming it (`what`
/// describes the files in the message, e.g. ".tsv dictionary").
pub fn source_files(path: &Path, ext: &str, what: &str) -> Result<Vec<PathBuf>> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    collect_files(path, ext, &mut files)?;
    if files.is_empty() {
        return Err(Error::Config(format!(
            "{}: no {what} files in this folder",
            path.display()
        )));
    }
    Ok(files)
}

fn collect_files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|err| Error::io(dir, err)))
        .collect::<Result<_>>()?;
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect_files(&p, ext, out)?;
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
