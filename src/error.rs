//! Library errors. Every variant names the place that caused it (file, line, flag), because a user facing
//! a failed run over thousands of files needs to know which one to fix.

use std::io;
use std::path::PathBuf;

/// Errors returned by the graphex library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: io::Error,
    },
    /// A dictionary file has a malformed header or row.
    #[error("{origin}:{line}: {message}")]
    Dictionary {
        /// The dictionary file (or embedded name).
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A relation rule file has a malformed line.
    #[error("{origin}:{line}: {message}")]
    Rule {
        /// The rule file (or embedded name).
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A discovery word list (first names, stopwords, cues) has a malformed line.
    #[error("{origin}:{line}: {message}")]
    Lexicon {
        /// The list file (or embedded name).
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A JSON Lines input has a malformed record.
    #[error("{origin}:{line}: invalid JSON Lines record: {message}")]
    JsonLine {
        /// The input file.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An input is not valid UTF-8 and strict mode was asked for.
    #[error("{origin}: invalid UTF-8 ({replaced} bytes are not valid UTF-8; without --strict they are replaced by U+FFFD)")]
    InvalidUtf8 {
        /// The input file.
        origin: String,
        /// Number of invalid bytes.
        replaced: usize,
    },
    /// A graph file (for merge, render, stats) is not a graphex graph.
    #[error("{origin}: not a graphex graph: {message}")]
    Graph {
        /// The graph file.
        origin: String,
        /// What is wrong.
        message: String,
    },
    /// An export failed.
    #[error("{format} export: {message}")]
    Export {
        /// The export format.
        format: String,
        /// What is wrong.
        message: String,
    },
    /// An invalid option value.
    #[error("{0}")]
    Config(String),
    /// An error in what an option named (a dictionary, rule or word-list file), with the option and its
    /// value as given on the command line (`--dict FILE`).
    #[error("{setting}: {error}")]
    Setting {
        /// The option and its value.
        setting: String,
        /// The error (its message names the file, and the line when there is one).
        error: Box<Error>,
    },
}

/// A `Result` with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The error itself, without the option it came through (see [`Error::Setting`]).
    pub fn cause(&self) -> &Error {
        match self {
            Error::Setting { error, .. } => error.cause(),
            e => e,
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
