//! Reading documents: text files, folders (recursively), JSON Lines, standard input and embedded texts.
//!
//! Inputs are expanded into a sorted list of sources first (cheap: names and sizes only), then read lazily one
//! document at a time, so memory holds one file or one JSON line, never the corpus. Problems are reported as
//! events in the stream, never by printing, and never by stopping early: the caller decides what is fatal.
//!
//! Document ids: a file given directly is named by its file name, a file found in a folder by its path
//! relative to that folder (with `/`), a JSON Lines record by its `id` field (or `FILE:LINE`), standard input
//! by `stdin`.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Document-level information kept in the graph (JSON Lines fields other than `id` and `text`).
pub type DocumentMetadata = BTreeMap<String, serde_json::Value>;

/// A document to extract from.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Document id (see the module docs).
    pub id: String,
    /// The text. Offsets in the output are byte offsets into it.
    pub text: String,
    /// Other fields of a JSON Lines record.
    pub metadata: DocumentMetadata,
}

impl Document {
    /// A document without metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            metadata: BTreeMap::new(),
        }
    }

    /// The declared language (`lang` field of a JSON Lines record), if any.
    pub fn lang(&self) -> Option<&str> {
        self.metadata.get("lang").and_then(|v| v.as_str())
    }
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or folder.
    Path(PathBuf),
    /// Standard input (plain text, or JSON Lines when it starts with `{`).
    Stdin,
    /// A text given in memory (e.g. the embedded sample corpus).
    Text {
        /// Document id.
        id: String,
        /// The text.
        text: String,
    },
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// Options for reading.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Invalid UTF-8 and malformed JSON Lines records are errors instead of warnings.
    pub strict: bool,
}

/// What the reader produces.
#[derive(Debug)]
pub enum Event {
    /// A document.
    Document(Document),
    /// Something was skipped or repaired; the run goes on.
    Warning(String),
    /// Something asked for could not be read; the run cannot give the complete result.
    Error(Error),
}

#[derive(Debug)]
enum Source {
    Text {
        path: PathBuf,
        id: String,
        jsonl: bool,
    },
    Stdin,
    Memory {
        id: String,
        text: String,
    },
}

/// File extensions read from folders (files given by name are read whatever their extension).
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "jsonl", "ndjson"];

/// Files of a folder that describe it rather than hold articles (`README.md`, `LICENSE`…): skipped with a
/// warning when a folder is walked, read when named.
pub const PROJECT_FILES: &[&str] = &[
    "README",
    "CHANGELOG",
    "CHANGES",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "NOTICE",
    "AUTHORS",
    "CONTRIBUTING",
];

fn is_project_file(path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|s| PROJECT_FILES.contains(&s.to_string_lossy().to_uppercase().as_str()))
}

fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "jsonl" || e == "ndjson")
}

/// A lazy stream of [`Event`]s over inputs.
pub struct DocumentReader {
    sources: std::vec::IntoIter<Source>,
    pending: Vec<Event>,
    jsonl: Option<JsonLines>,
    options: ReadOptions,
    total_bytes: u64,
}

struct JsonLines {
    reader: Box<dyn BufRead + Send>,
    origin: String,
    line: usize,
}

impl DocumentReader {
    /// Expands `inputs` (walking folders in sorted order) and prepares to read them.
    pub fn new(inputs: &[Input], options: ReadOptions) -> Self {
        let mut sources = Vec::new();
        let mut pending = Vec::new();
        let mut total_bytes = 0;
        for input in inputs {
            match input {
                Input::Stdin => sources.push(Source::Stdin),
                Input::Text { id, text } => {
                    total_bytes += text.len() as u64;
                    sources.push(Source::Memory {
                        id: id.clone(),
                        text: text.clone(),
                    });
                }
                Input::Path(path) => match fs::metadata(path) {
                    Err(e) => pending.push(Event::Error(Error::io(path, e))),
                    Ok(m) if m.is_dir() => {
                        let before = sources.len();
                        let mut skipped = BTreeMap::new();
                        let mut project_files = Vec::new();
                        walk(
                            path,
                            path,
                            &mut Walked {
                                sources: &mut sources,
                                events: &mut pending,
                                skipped: &mut skipped,
                                project_files: &mut project_files,
                                total: &mut total_bytes,
                            },
                        );
                        if !project_files.is_empty() {
                            pending.push(Event::Warning(format!(
                                "{}: skipped {} (they describe the folder, not articles); name them explicitly to read them",
                                path.display(),
                                project_files.join(", ")
                            )));
                        }
                        if !skipped.is_empty() {
                            let list: Vec<String> =
                                skipped.iter().map(|(e, n)| format!("{n} .{e}")).collect();
                            pending.push(Event::Warning(format!(
                                "{}: skipped files with other extensions ({}); name them explicitly to read them",
                                path.display(),
                                list.join(", ")
                            )));
                        }
                        if sources.len() == before {
                            pending.push(Event::Warning(format!(
                                "{}: no text files in this folder",
                                path.display()
                            )));
                        }
                    }
                    Ok(m) => {
                        total_bytes += m.len();
                        let id = path.file_name().map_or_else(
                            || path.display().to_string(),
                            |n| n.to_string_lossy().into_owned(),
                        );
                        sources.push(Source::Text {
                            path: path.clone(),
                            id,
                            jsonl: is_jsonl(path),
                        });
                    }
                },
            }
        }
        pending.reverse();
        DocumentReader {
            sources: sources.into_iter(),
            pending,
            jsonl: None,
            options,
            total_bytes,
        }
    }

    /// Total size in bytes of the files and texts to read (standard input not counted).
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    fn open(&mut self, source: Source) {
        match source {
            Source::Memory { id, text } => {
                self.pending.push(Event::Document(Document::new(id, text)))
            }
            Source::Stdin => {
                let mut bytes = Vec::new();
                if let Err(e) = io::stdin().lock().read_to_end(&mut bytes) {
                    self.pending.push(Event::Error(Error::io("<stdin>", e)));
                    return;
                }
                if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
                    self.jsonl = Some(JsonLines {
                        reader: Box::new(io::Cursor::new(bytes)),
                        origin: "<stdin>".into(),
                        line: 0,
                    });
                } else {
                    self.push_text("stdin".into(), "<stdin>", bytes);
                }
            }
            Source::Text {
                path,
                id,
                jsonl: true,
            } => match File::open(&path) {
                Ok(f) => {
                    self.jsonl = Some(JsonLines {
                        reader: Box::new(BufReader::with_capacity(1 << 16, f)),
                        origin: path.display().to_string(),
                        line: 0,
                    });
                    let _ = id;
                }
                Err(e) => self.pending.push(Event::Error(Error::io(&path, e))),
            },
            Source::Text {
                path,
                id,
                jsonl: false,
            } => match fs::read(&path) {
                Ok(bytes) => self.push_text(id, &path.display().to_string(), bytes),
                Err(e) => self.pending.push(Event::Error(Error::io(&path, e))),
            },
        }
    }

    fn push_text(&mut self, id: String, origin: &str, bytes: Vec<u8>) {
        let probe = &bytes[..bytes.len().min(8192)];
        if memchr::memchr(0, probe).is_some() {
            self.pending.push(Event::Warning(format!(
                "{origin}: binary file (NUL byte), skipped"
            )));
            return;
        }
        let text = match decode(bytes, origin, self.options.strict) {
            Ok((text, None)) => text,
            Ok((text, Some(w))) => {
                self.pending.push(Event::Warning(w));
                text
            }
            Err(e) => {
                self.pending.push(Event::Error(e));
                return;
            }
        };
        if text.trim().is_empty() {
            self.pending
                .push(Event::Warning(format!("{origin}: empty document, skipped")));
            return;
        }
        self.pending.push(Event::Document(Document::new(id, text)));
    }

    fn next_json_line(&mut self) -> Option<Event> {
        let strict = self.options.strict;
        let jl = self.jsonl.as_mut()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            jl.line += 1;
            match jl.reader.read_until(b'\n', &mut buf) {
                Err(e) => {
                    let origin = jl.origin.clone();
                    self.jsonl = None;
                    return Some(Event::Error(Error::io(origin, e)));
                }
                Ok(0) => {
                    self.jsonl = None;
                    return None;
                }
                Ok(_) => {}
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let (origin, line) = (jl.origin.clone(), jl.line);
            return Some(match parse_record(&buf, &origin, line) {
                Ok(doc) => Event::Document(doc),
                Err(message) if strict => Event::Error(Error::JsonLine {
                    origin,
                    line,
                    message,
                }),
                Err(message) => Event::Warning(format!(
                    "{origin}:{line}: invalid JSON Lines record, skipped: {message}"
                )),
            });
        }
    }
}

impl Iterator for DocumentReader {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(e) = self.pending.pop() {
                return Some(e);
            }
            if self.jsonl.is_some() {
                if let Some(e) = self.next_json_line() {
                    return Some(e);
                }
                continue;
            }
            let source = self.sources.next()?;
            let before = self.pending.len();
            self.open(source);
            // open() pushes at most a warning then a document/error; pop order must follow push order.
            self.pending[before..].reverse();
        }
    }
}

fn parse_record(line: &[u8], origin: &str, lineno: usize) -> Result<Document, String> {
    let value: serde_json::Value = serde_json::from_slice(line).map_err(|e| e.to_string())?;
    let serde_json::Value::Object(mut map) = value else {
        return Err("expected a JSON object with a \"text\" field".into());
    };
    let text = match map.remove("text") {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err("field \"text\" is not a string".into()),
        None => return Err("missing field \"text\"".into()),
    };
    let id = match map.remove("id") {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        None | Some(serde_json::Value::Null) => {
            let file = Path::new(origin)
                .file_name()
                .map_or(origin.to_string(), |f| f.to_string_lossy().into_owned());
            format!("{file}:{lineno}")
        }
        Some(_) => return Err("field \"id\" is not a string or number".into()),
    };
    Ok(Document {
        id,
        text,
        metadata: map.into_iter().collect(),
    })
}

/// Decodes UTF-8, replacing invalid bytes unless `strict`. Returns the text and a warning if bytes were replaced.
pub fn decode(
    bytes: Vec<u8>,
    origin: &str,
    strict: bool,
) -> Result<(String, Option<String>), Error> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, None)),
        Err(e) => {
            let bytes = e.into_bytes();
            let replaced: usize = bytes.utf8_chunks().map(|c| c.invalid().len()).sum();
            if strict {
                return Err(Error::InvalidUtf8 {
                    origin: origin.to_string(),
                    replaced,
                });
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Ok((
                text,
                Some(format!(
                    "{origin}: {replaced} bytes of invalid UTF-8 replaced by U+FFFD"
                )),
            ))
        }
    }
}

/// What walking a folder collects.
struct Walked<'a> {
    sources: &'a mut Vec<Source>,
    events: &'a mut Vec<Event>,
    /// Files skipped for their extension, counted by extension.
    skipped: &'a mut BTreeMap<String, usize>,
    /// README, LICENSE… files skipped, by path relative to the folder.
    project_files: &'a mut Vec<String>,
    total: &'a mut u64,
}

fn walk(root: &Path, dir: &Path, out: &mut Walked<'_>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.events.push(Event::Error(Error::io(dir, e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => paths.push(e.path()),
            Err(e) => out.events.push(Event::Error(Error::io(dir, e))),
        }
    }
    paths.sort();
    for path in paths {
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                out.events
                    .push(Event::Warning(format!("{}: {e}, skipped", path.display())));
                continue;
            }
        };
        if meta.is_dir() {
            walk(root, &path, out);
            continue;
        }
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        match &ext {
            Some(e) if !TEXT_EXTENSIONS.contains(&e.as_str()) => {
                *out.skipped.entry(e.clone()).or_insert(0) += 1;
                continue;
            }
            _ => {}
        }
        let rel = path.strip_prefix(root).unwrap_or(&path);
        let id = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if is_project_file(&path) {
            out.project_files.push(id);
            continue;
        }
        *out.total += meta.len();
        let jsonl = is_jsonl(&path);
        out.sources.push(Source::Text { path, id, jsonl });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(inputs: &[Input], strict: bool) -> (Vec<Document>, Vec<String>, Vec<String>) {
        let mut docs = Vec::new();
        let mut warnings = Vec::new();
        let mut errors = Vec::new();
        for e in DocumentReader::new(inputs, ReadOptions { strict }) {
            match e {
                Event::Document(d) => docs.push(d),
                Event::Warning(w) => warnings.push(w),
                Event::Error(e) => errors.push(e.to_string()),
            }
        }
        (docs, warnings, errors)
    }

    #[test]
    fn folders_are_walked_in_sorted_order_with_relative_ids() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("b.txt"), "B").unwrap();
        fs::write(dir.path().join("a.md"), "A").unwrap();
        fs::write(dir.path().join("sub/c.txt"), "C").unwrap();
        fs::write(dir.path().join("image.png"), "x").unwrap();
        fs::write(dir.path().join(".hidden.txt"), "H").unwrap();
        let (docs, warnings, errors) = read(&[Input::Path(dir.path().into())], false);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["a.md", "b.txt", "sub/c.txt"]);
        assert!(errors.is_empty());
        assert!(warnings[0].contains("1 .png"), "{warnings:?}");
    }

    #[test]
    fn readme_and_licence_files_of_a_folder_are_skipped_unless_named() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("README.md"), "About this folder").unwrap();
        fs::write(dir.path().join("sub/LICENSE.txt"), "MIT").unwrap();
        fs::write(dir.path().join("article.txt"), "A").unwrap();
        fs::write(dir.path().join("readme-notes.txt"), "B").unwrap();
        let (docs, warnings, _) = read(&[Input::Path(dir.path().into())], false);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec!["article.txt", "readme-notes.txt"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("skipped README.md, sub/LICENSE.txt"),
            "{warnings:?}"
        );
        let named = dir.path().join("README.md");
        let (docs, warnings, _) = read(&[Input::Path(named)], false);
        assert_eq!(docs.len(), 1);
        assert!(warnings.is_empty());
    }

    #[test]
    fn json_lines_with_metadata_and_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.jsonl");
        fs::write(&p, "{\"id\": \"x1\", \"text\": \"Un.\", \"url\": \"http://a\"}\n\n{broken\n{\"text\": \"Deux.\"}\n{\"id\": 7, \"text\": 3}\n").unwrap();
        let (docs, warnings, errors) = read(&[Input::Path(p.clone())], false);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "x1");
        assert_eq!(docs[0].metadata["url"], "http://a");
        assert_eq!(docs[1].id, "c.jsonl:4");
        assert!(errors.is_empty());
        assert_eq!(warnings.len(), 2);
        assert!(
            warnings[0].contains("c.jsonl:3: invalid JSON Lines record"),
            "{warnings:?}"
        );
        assert!(
            warnings[1].contains("c.jsonl:5") && warnings[1].contains("\"text\" is not a string")
        );
        let (_, _, errors) = read(&[Input::Path(p)], true);
        assert_eq!(errors.len(), 2);
        assert!(errors[0].contains("c.jsonl:3: invalid JSON Lines record"));
    }

    #[test]
    fn invalid_utf8_binary_empty_and_missing() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.txt");
        fs::write(&bad, b"Elon \xff\xfe Musk").unwrap();
        let bin = dir.path().join("bin.txt");
        fs::write(&bin, b"abc\0def").unwrap();
        let empty = dir.path().join("empty.txt");
        fs::write(&empty, b"  \n").unwrap();
        let missing = dir.path().join("missing.txt");
        let inputs: Vec<Input> = [&bad, &bin, &empty, &missing]
            .iter()
            .map(|p| Input::Path(p.to_path_buf()))
            .collect();
        let (docs, warnings, errors) = read(&inputs, false);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "Elon \u{FFFD}\u{FFFD} Musk");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("bad.txt: 2 bytes of invalid UTF-8")),
            "{warnings:?}"
        );
        assert!(warnings.iter().any(|w| w.contains("bin.txt: binary file")));
        assert!(warnings
            .iter()
            .any(|w| w.contains("empty.txt: empty document")));
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("missing.txt"));
        let (_, _, errors) = read(&[Input::Path(bad)], true);
        assert!(
            errors[0].contains("bad.txt: invalid UTF-8 (2 bytes"),
            "{errors:?}"
        );
    }
}
