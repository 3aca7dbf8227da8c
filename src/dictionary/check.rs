//! Dictionary lint: finds entries that load but will not match the way their author meant, each reported at
//! its `file:line`.
//!
//! The loader ([`crate::dictionary`]) accepts anything well-formed and resolves conflicts silently; the
//! lint explains what it did and flags what is probably wrong. Rules (id, severity):
//!
//! | rule | severity | what |
//! |---|---|---|
//! | `malformed` | error | a row or header the loader refuses |
//! | `control-character` | error | a control or invisible character (zero-width space, soft hyphen…) in a cell |
//! | `no-letter` | error | a form made only of punctuation or symbols |
//! | `number` | error | a form that is a pure number, not flagged ambiguous |
//! | `common-word` | error / warning | a one-word form that is a common word, not flagged ambiguous: an error when it matches in any case (all lowercase, or `case` = `insensitive`), a warning when it matches only capitalised |
//! | `never-matches` | error | an entity whose forms are all ambiguous (and it has no cues) or all taken by other entities |
//! | `shadowed` | warning | a generated entity whose forms all belong to curated or user entries, which always win (the same entity listed twice, usually) |
//! | `short-form` | warning | a form of 1–2 characters, not flagged ambiguous |
//! | `single-token-person` | warning | a one-word person form (a lone surname or first name), not flagged ambiguous |
//! | `long-form` | warning | a form longer than [`LONG_FORM`] characters |
//! | `whitespace` | warning | a cell with leading or trailing white space (trimmed by the loader), or a form with repeated spaces |
//! | `empty-form` | warning | an empty item in a `\|`-separated list |
//! | `duplicate-form` | warning | the same form twice in a row, or an alias equal to the name |
//! | `ambiguous-unlisted` | warning | an `ambiguous` form that is neither the name nor an alias (the loader adds it as an alias) |
//! | `duplicate-entry` | warning | the same type and name twice in one file (the rows are merged) |
//! | `conflict` | warning | a form claimed by several entities; reported where the losing entity declares it |
//! | `duplicate-id` | warning | an external id shared by several entities |
//!
//! The lint reads dictionaries only; it never matches documents.
//!
//! ```
//! use graphex::dictionary::check::{Lint, Severity};
//!
//! let mut lint = Lint::new();
//! lint.add_tsv("mine.tsv", "type\tname\taliases\nperson\tSam Altman\tAltman\norganization\tOpen\t\n");
//! let report = lint.run();
//! assert_eq!(report.count(Severity::Warning), 2); // "Altman" alone, "Open" is a common word
//! assert!(report.findings[0].to_string().starts_with("mine.tsv:2: warning[single-token-person]"));
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::path::Path;

use crate::dictionary::{parse_rows, CasePolicy, DictionaryBuilder, Entity};
use crate::error::{Error, Result};
use crate::text::fold;
use crate::text::lexicon::is_common_word;

/// Forms longer than this many characters are reported (`long-form`).
pub const LONG_FORM: usize = 80;

/// How serious a finding is. Errors make `graphex dict check` exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Certainly wrong: the entry cannot work as written.
    Error,
    /// Probably wrong, or worth a look.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem, at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// Where: `file:line`.
    pub location: String,
    /// Rule id (see the module docs).
    pub rule: &'static str,
    /// What is wrong, naming the entity and form.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.location, self.severity, self.rule, self.message
        )
    }
}

/// The result of a lint run.
#[derive(Debug, Clone, Default)]
pub struct LintReport {
    /// Findings sorted by file (in load order), line, severity and rule.
    pub findings: Vec<Finding>,
    /// Dictionary files (or embedded texts) read.
    pub files: usize,
    /// Data rows read.
    pub rows: usize,
    /// Entities after merging rows.
    pub entities: usize,
}

impl LintReport {
    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Finding counts per (severity, rule), sorted.
    pub fn by_rule(&self) -> BTreeMap<(Severity, &'static str), usize> {
        let mut out = BTreeMap::new();
        for f in &self.findings {
            *out.entry((f.severity, f.rule)).or_default() += 1;
        }
        out
    }
}

/// Collects dictionary sources in load order, then checks them with [`Lint::run`].
#[derive(Debug, Default)]
pub struct Lint {
    sources: Vec<(String, String)>,
}

impl Lint {
    /// An empty lint.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a dictionary given as TSV text; `origin` names it in findings.
    pub fn add_tsv(&mut self, origin: &str, text: &str) {
        self.sources.push((origin.to_string(), text.to_string()));
    }

    /// Adds a dictionary file, or every `*.tsv` file below a folder (in sorted path order). Invalid UTF-8 is
    /// replaced (and reported by [`Lint::run`] as a `control-character` error).
    pub fn add_path(&mut self, path: &Path) -> Result<()> {
        let files = crate::files::source_files(path, "tsv", ".tsv dictionary")?;
        for f in files {
            let bytes = fs::read(&f).map_err(|e| Error::io(&f, e))?;
            self.add_tsv(&f.display().to_string(), &String::from_utf8_lossy(&bytes));
        }
        Ok(())
    }

    /// Adds the dictionaries embedded in the binary, named `embedded:dictionaries/…` as the loader names them.
    pub fn add_embedded_defaults(&mut self) {
        for (name, text) in crate::default_dictionaries() {
            self.add_tsv(&format!("embedded:dictionaries/{name}"), text);
        }
    }

    /// Checks every source and the dictionary they make together.
    pub fn run(&self) -> LintReport {
        let mut report = LintReport {
            files: self.sources.len(),
            ..LintReport::default()
        };
        let mut findings = Vec::new();
        let mut builder = DictionaryBuilder::new();
        // (entity id, folded form) -> where the form was first declared for that entity.
        let mut declared: HashMap<(String, String), String> = HashMap::new();
        for (origin, text) in &self.sources {
            check_raw(origin, text, &mut findings);
            let mut seen: HashMap<String, String> = HashMap::new();
            for row in parse_rows(origin, text) {
                let row = match row {
                    Ok(row) => row,
                    Err(e) => {
                        let (location, message) = match e {
                            Error::Dictionary {
                                origin,
                                line,
                                message,
                            } => (format!("{origin}:{line}"), message),
                            other => (origin.clone(), other.to_string()),
                        };
                        findings.push(Finding {
                            severity: Severity::Error,
                            location,
                            rule: "malformed",
                            message,
                        });
                        continue;
                    }
                };
                report.rows += 1;
                if let Some(first) = seen.get(&row.id) {
                    findings.push(Finding {
                        severity: Severity::Warning,
                        location: row.origin.clone(),
                        rule: "duplicate-entry",
                        message: format!(
                            "{} is already defined at line {}; the rows are merged",
                            row.id,
                            line_of(first)
                        ),
                    });
                } else {
                    seen.insert(row.id.clone(), row.origin.clone());
                }
                check_forms(&row, &mut findings);
                for form in row.forms() {
                    declared
                        .entry((row.id.clone(), fold(form)))
                        .or_insert_with(|| row.origin.clone());
                }
                builder.add_row(row);
            }
        }
        let dict = builder.build();
        report.entities = dict.entities().len();

        for c in dict.conflicts() {
            let (w, l) = (dict.entity(c.winner), dict.entity(c.loser));
            let key = fold(&c.form);
            let at = |e: &Entity| {
                declared
                    .get(&(e.id.clone(), key.clone()))
                    .cloned()
                    .unwrap_or_else(|| e.origin.clone())
            };
            let lost_name = if c.form == l.name {
                " (its canonical name)"
            } else {
                ""
            };
            findings.push(Finding {
                severity: Severity::Warning,
                location: at(l),
                rule: "conflict",
                message: format!(
                    "form {:?} of {}{lost_name} is also claimed by {} ({}), which keeps it",
                    c.form,
                    l.id,
                    w.id,
                    at(w)
                ),
            });
        }

        let mut matchable = vec![false; dict.entities().len()];
        let mut kept_forms = vec![0usize; dict.entities().len()];
        for f in dict.forms() {
            let i = f.entity as usize;
            kept_forms[i] += 1;
            if !f.ambiguous || !dict.entities()[i].cues.is_empty() {
                matchable[i] = true;
            }
        }
        let generated = |e: &Entity| e.origin.starts_with(crate::dictionary::GENERATED_ORIGIN);
        for (i, e) in dict.entities().iter().enumerate() {
            if matchable[i] {
                continue;
            }
            // A generated row whose forms all went to curated entries: the curated description wins.
            let winners: Vec<&Entity> = dict
                .conflicts()
                .iter()
                .filter(|c| c.loser as usize == i)
                .map(|c| dict.entity(c.winner))
                .collect();
            if kept_forms[i] == 0
                && generated(e)
                && !winners.is_empty()
                && winners.iter().all(|w| !generated(w))
            {
                let mut names: Vec<&str> = winners.iter().map(|w| w.id.as_str()).collect();
                names.dedup();
                findings.push(Finding {
                    severity: Severity::Warning,
                    location: e.origin.clone(),
                    rule: "shadowed",
                    message: format!(
                        "{} never matches: curated entries win its forms ({})",
                        e.id,
                        names.join(", ")
                    ),
                });
                continue;
            }
            let message = if kept_forms[i] == 0 {
                format!(
                    "{} can never match: every form is claimed by another entity",
                    e.id
                )
            } else {
                format!(
                    "{} can never match: all its remaining forms are ambiguous and it has no cues \
                     (add a non-ambiguous form, or cues)",
                    e.id
                )
            };
            findings.push(Finding {
                severity: Severity::Error,
                location: e.origin.clone(),
                rule: "never-matches",
                message,
            });
        }

        let mut by_external: BTreeMap<&str, Vec<&Entity>> = BTreeMap::new();
        for e in dict.entities() {
            if let Some(x) = &e.external_id {
                by_external.entry(x.as_str()).or_default().push(e);
            }
        }
        for (x, entities) in by_external {
            for e in entities.iter().skip(1) {
                findings.push(Finding {
                    severity: Severity::Warning,
                    location: e.origin.clone(),
                    rule: "duplicate-id",
                    message: format!(
                        "external id {x} of {} is also the id of {} ({})",
                        e.id, entities[0].id, entities[0].origin
                    ),
                });
            }
        }

        let order: HashMap<&str, usize> = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, (o, _))| (o.as_str(), i))
            .collect();
        findings.sort_by(|a, b| {
            let key = |f: &Finding| {
                let (file, line) = split_location(&f.location);
                (order.get(file).copied().unwrap_or(usize::MAX), line)
            };
            key(a)
                .cmp(&key(b))
                .then(a.severity.cmp(&b.severity))
                .then(a.rule.cmp(b.rule))
                .then(a.message.cmp(&b.message))
        });
        findings.dedup();
        report.findings = findings;
        report
    }
}

fn split_location(location: &str) -> (&str, usize) {
    match location.rsplit_once(':') {
        Some((file, line)) => match line.parse() {
            Ok(n) => (file, n),
            Err(_) => (location, 0),
        },
        None => (location, 0),
    }
}

fn line_of(location: &str) -> usize {
    split_location(location).1
}

/// Characters that make a form invisible-different from what the text contains.
fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{FFFD}'
        )
}

/// Checks what the loader silently repairs: white space, empty and repeated list items, invisible characters.
fn check_raw(origin: &str, text: &str, out: &mut Vec<Finding>) {
    let mut header: Option<Vec<String>> = None;
    for (lineno, line) in crate::dictionary::content_lines(text) {
        let Some(cols) = &header else {
            header = Some(line.split('\t').map(|c| c.trim().to_lowercase()).collect());
            continue;
        };
        let location = format!("{origin}:{lineno}");
        let mut warn = |severity, rule, message| {
            out.push(Finding {
                severity,
                location: location.clone(),
                rule,
                message,
            })
        };
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() > cols.len() {
            continue; // reported as malformed by the parser
        }
        let cell = |name: &str| {
            cols.iter()
                .position(|c| c == name)
                .and_then(|i| cells.get(i))
                .map_or("", |c| c.trim())
        };
        let name = cell("name");
        for (col, value) in cols.iter().zip(&cells) {
            if let Some(c) = value.chars().find(|&c| is_invisible(c)) {
                warn(
                    Severity::Error,
                    "control-character",
                    format!(
                        "column {col}: {value:?} contains the invisible character U+{:04X}",
                        c as u32
                    ),
                );
            }
            if !value.trim().is_empty() && value.trim() != *value {
                warn(
                    Severity::Warning,
                    "whitespace",
                    format!("column {col}: {value:?} has leading or trailing white space"),
                );
            }
        }
        for col in ["aliases", "ambiguous", "cues"] {
            let value = cell(col);
            if value.is_empty() {
                continue;
            }
            let items: Vec<&str> = value.split('|').map(str::trim).collect();
            if items.iter().any(|s| s.is_empty()) {
                warn(
                    Severity::Warning,
                    "empty-form",
                    format!("column {col}: {value:?} has an empty item"),
                );
            }
            if col == "aliases" {
                let mut seen: Vec<&str> = Vec::new();
                for item in items.iter().copied().filter(|s| !s.is_empty()) {
                    if item == name {
                        warn(
                            Severity::Warning,
                            "duplicate-form",
                            format!("alias {item:?} is the name itself"),
                        );
                    } else if seen.contains(&item) {
                        warn(
                            Severity::Warning,
                            "duplicate-form",
                            format!("alias {item:?} is listed twice"),
                        );
                    }
                    seen.push(item);
                }
            }
            if col == "ambiguous" {
                let aliases: Vec<&str> = cell("aliases").split('|').map(str::trim).collect();
                for item in items.iter().copied().filter(|s| !s.is_empty()) {
                    if item != name && !aliases.contains(&item) {
                        warn(
                            Severity::Warning,
                            "ambiguous-unlisted",
                            format!(
                                "ambiguous form {item:?} is neither the name nor an alias (it is added as an alias)"
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// Whether a form is a number: digits with separators and nothing else.
fn is_number(form: &str) -> bool {
    form.chars().any(|c| c.is_ascii_digit())
        && form
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | ',' | '-' | '/' | '+' | '%'))
}

/// Checks the forms of one parsed row.
fn check_forms(row: &Entity, out: &mut Vec<Finding>) {
    let mut push = |severity, rule, message| {
        out.push(Finding {
            severity,
            location: row.origin.clone(),
            rule,
            message,
        })
    };
    for form in row.forms() {
        let ambiguous = row.ambiguous.contains(form);
        let chars = form.chars().count();
        if !form.chars().any(char::is_alphanumeric) {
            push(
                Severity::Error,
                "no-letter",
                format!(
                    "form {form:?} of {} has no letter or digit: it would match punctuation",
                    row.id
                ),
            );
            continue;
        }
        if chars > LONG_FORM {
            push(
                Severity::Warning,
                "long-form",
                format!("form of {} is {chars} characters long: {form:?}", row.id),
            );
        }
        if form.contains("  ") {
            push(
                Severity::Warning,
                "whitespace",
                format!(
                    "form {form:?} of {} has repeated spaces; texts rarely do",
                    row.id
                ),
            );
        }
        if ambiguous {
            continue;
        }
        if is_number(form) {
            push(
                Severity::Error,
                "number",
                format!(
                    "form {form:?} of {} is a number; flag it ambiguous or remove it",
                    row.id
                ),
            );
            continue;
        }
        if chars <= 2 {
            push(
                Severity::Warning,
                "short-form",
                format!(
                    "form {form:?} of {} has {chars} character(s); consider flagging it ambiguous",
                    row.id
                ),
            );
            continue;
        }
        let one_word = !form.contains([' ', '-']);
        let any_case = match row.case {
            CasePolicy::Insensitive => true,
            CasePolicy::Sensitive => false,
            CasePolicy::Auto => !form.chars().any(char::is_uppercase),
        };
        // A case-sensitive form is word-like only when written like a word at the start of a sentence
        // ("Apple"); "PaLM", "GloVe" or "FAST" only match themselves.
        let word_like = any_case || {
            let mut chars = form.chars();
            chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase())
        };
        if one_word && word_like && is_common_word(form) {
            let (severity, how) = if any_case {
                (Severity::Error, "matches in any case")
            } else {
                (
                    Severity::Warning,
                    "matches capitalised, e.g. at the start of a sentence",
                )
            };
            push(
                severity,
                "common-word",
                format!(
                    "form {form:?} of {} is a common word and {how}; flag it ambiguous (with cues) or use a longer form",
                    row.id
                ),
            );
            continue;
        }
        if row.entity_type == "person" && !form.contains(' ') {
            push(
                Severity::Warning,
                "single-token-person",
                format!(
                    "one-word person form {form:?} of {} is not flagged ambiguous",
                    row.id
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests;
