//! Everything an [`Extractor`] is built from, in one value: dictionary and rule files (with or without the
//! embedded defaults), the co-occurrence window, the graph's limits and discovery settings.
//!
//! The command line and the Python package build their extractors through [`ExtractorOptions::build`], so
//! that both load the same data the same way and fail with the same messages. Options are named in errors as
//! on the command line (`--dict FILE: FILE:LINE: …`).
//!
//! ```
//! use graphex::extract::options::ExtractorOptions;
//! let options = ExtractorOptions { discover: false, ..ExtractorOptions::default() };
//! let extractor = options.build().unwrap();
//! assert!(extractor.discoverer().is_none());
//! ```

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::discovery::discover::{Discoverer, DiscoveryConfig};
use crate::discovery::lexicon::Lexicon;
use crate::error::{Error, Result};
use crate::graph::{EvidenceMode, Limits, Window};
use crate::matching::cache::AutomatonCache;
use crate::matching::AutomatonKind;
use crate::{Dictionary, DictionaryBuilder, Extractor, ExtractorConfig, Matcher, RuleSetBuilder};

/// The settings an [`Extractor`] is built from. The defaults are the command line's.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractorOptions {
    /// Dictionary files or folders of `.tsv` files, loaded before the defaults (so they win conflicts).
    pub dicts: Vec<PathBuf>,
    /// Load the dictionaries embedded in the binary (default: yes).
    pub default_dicts: bool,
    /// Relation rule files or folders of `.rules` files.
    pub rules: Vec<PathBuf>,
    /// Load the relation rules embedded in the binary (default: yes).
    pub default_rules: bool,
    /// Co-occurrence window (default: sentence).
    pub window: Window,
    /// Evidence items kept per edge (default: 3; at least 1).
    pub max_evidence: usize,
    /// Documents listed per node (default: 1000).
    pub max_node_documents: usize,
    /// What an evidence item keeps (default: the sentence text).
    pub evidence: EvidenceMode,
    /// Discover names no dictionary holds (default: yes).
    pub discover: bool,
    /// Discovered names with a lower confidence are dropped (0 to 1; default 0.5).
    pub min_confidence: f64,
    /// First-name lists added to the embedded one.
    pub first_names: Vec<PathBuf>,
    /// Discovery cue lists added to the embedded one.
    pub cues: Vec<PathBuf>,
}

impl Default for ExtractorOptions {
    fn default() -> Self {
        let limits = Limits::default();
        ExtractorOptions {
            dicts: Vec::new(),
            default_dicts: true,
            rules: Vec::new(),
            default_rules: true,
            window: Window::default(),
            max_evidence: limits.max_evidence,
            max_node_documents: limits.max_node_documents,
            evidence: limits.evidence,
            discover: true,
            min_confidence: 0.5,
            first_names: Vec::new(),
            cues: Vec::new(),
        }
    }
}

/// The error of an extractor without any dictionary entry.
fn no_entries() -> Error {
    Error::Config("no dictionary entries: --no-default-dicts needs at least one --dict".into())
}

/// Adds a word list (origin, text) to a lexicon.
type AddList = fn(&mut Lexicon, &str, &str) -> Result<()>;

/// Wraps an error in the option (and value) that caused it.
fn setting(option: &str, path: &std::path::Path) -> impl FnOnce(Error) -> Error {
    let setting = format!("{option} {}", path.display());
    move |error| Error::Setting {
        setting,
        error: Box::new(error),
    }
}

impl ExtractorOptions {
    /// Checks the values that need no file: an [`Error::Config`] names the option.
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.min_confidence) {
            return Err(Error::Config(format!(
                "--min-confidence must be between 0 and 1 (got {})",
                self.min_confidence
            )));
        }
        if self.max_evidence == 0 {
            return Err(Error::Config("--max-evidence must be at least 1".into()));
        }
        if !self.default_dicts && self.dicts.is_empty() {
            return Err(no_entries());
        }
        Ok(())
    }

    /// The configuration of the extractor: window and limits.
    pub fn config(&self) -> ExtractorConfig {
        ExtractorConfig {
            window: self.window,
            limits: Limits {
                max_evidence: self.max_evidence,
                max_node_documents: self.max_node_documents,
                evidence: self.evidence,
            },
        }
    }

    /// Loads the dictionaries and rules and builds the extractor (automaton and rule analysis come from the
    /// cache of [`AutomatonCache::from_env`] when it holds them).
    ///
    /// Errors: [`Error::Config`] for a value out of range or no dictionary entry at all;
    /// [`Error::Setting`] around the error of a file (unreadable, or a malformed row naming FILE:LINE).
    pub fn build(&self) -> Result<Extractor> {
        self.validate()?;
        let config = self.config();
        std::thread::scope(|scope| {
            // The rules compile on a second thread while this one loads the dictionaries and builds the
            // automaton. The embedded rules use only the standard entity types, so they start at once; user
            // rules may use the dictionaries' own types and wait for them.
            let (types_tx, types_rx) = std::sync::mpsc::channel::<Vec<String>>();
            let compiling = scope.spawn(move || -> Result<_> {
                let mut rule_set = RuleSetBuilder::new();
                if self.default_rules {
                    rule_set.add_embedded_defaults()?;
                }
                // No types: the dictionaries failed, and that error is the one reported.
                let types = types_rx.recv().map_err(|_| {
                    Error::Config("no dictionary to compile the rules against".into())
                })?;
                rule_set.entity_types(types.iter().map(String::as_str));
                for path in &self.rules {
                    rule_set.add_path(path).map_err(setting("--rules", path))?;
                }
                rule_set.build_cached(AutomatonCache::from_env().as_ref())
            });
            // `types_tx` moves in: on an error it is dropped, which releases the rules thread.
            let matcher = (move || -> Result<Matcher> {
                let dictionary = self.load_dictionary()?;
                let types: Vec<String> = dictionary
                    .entities()
                    .iter()
                    .map(|e| e.entity_type.clone())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let _ = types_tx.send(types);
                let cache = AutomatonCache::from_env();
                Matcher::with_options(dictionary, AutomatonKind::Auto, cache.as_ref())
            })();
            let rule_set = compiling.join().unwrap_or_else(|_| {
                Err(Error::Config("compiling the relation rules failed".into()))
            });
            let matcher = matcher?;
            let discoverer = if self.discover {
                Some(self.discoverer(&matcher)?)
            } else {
                None
            };
            let mut extractor = Extractor::new(matcher, config).with_rules(rule_set?);
            if let Some(d) = discoverer {
                extractor = extractor.with_discovery(d);
            }
            Ok(extractor)
        })
    }

    /// The dictionary: the `dicts` files, then the embedded ones unless turned off.
    pub fn load_dictionary(&self) -> Result<Dictionary> {
        let mut builder = DictionaryBuilder::new();
        for path in &self.dicts {
            builder.add_path(path).map_err(setting("--dict", path))?;
        }
        if self.default_dicts {
            builder.add_embedded_defaults()?;
        }
        let dictionary = builder.build();
        if dictionary.entities().is_empty() {
            return Err(no_entries());
        }
        Ok(dictionary)
    }

    /// The discoverer: the embedded word lists with the `first_names` and `cues` files.
    fn discoverer(&self, matcher: &Matcher) -> Result<Discoverer> {
        let mut lexicon = Lexicon::embedded().clone();
        for (option, paths, add) in [
            (
                "--first-names",
                &self.first_names,
                Lexicon::add_first_names as AddList,
            ),
            ("--cues", &self.cues, Lexicon::add_cues as AddList),
        ] {
            for path in paths {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| Error::io(path, e))
                    .map_err(setting(option, path))?;
                add(&mut lexicon, &path.display().to_string(), &text)
                    .map_err(setting(option, path))?;
            }
        }
        let config = DiscoveryConfig {
            min_confidence: self.min_confidence,
        };
        Ok(Discoverer::new(&lexicon, matcher.dictionary(), config))
    }
}
