//! graphex finds people, organizations, products and places in news text with dictionary-based Aho-Corasick
//! matching, links them by co-occurrence, and exports the graph (node-link JSON, Graphviz DOT, ...).
//!
//! How a document flows, one module per stage, each using only the stages above it:
//!
//! 1. [`text`]: [`text::input`] reads documents, [`text::segment`] splits paragraphs and sentences,
//!    [`text::fold`](mod@text::fold) folds text for matching.
//! 2. [`dictionary`]: TSV rows loaded, checked ([`dictionary::check`]) and merged, each form given one owner.
//! 3. [`matching`]: one automaton over every form finds the mentions (word boundaries, case, longest match).
//! 4. [`discovery`]: names the dictionaries lack become entities of the document (or rows to review).
//! 5. [`relations`]: cue rules over sentence templates, with light coreference, give typed relations.
//! 6. [`graph`]: per-document results folded into a [`Graph`] ([`graph::accumulate`]), merged, filtered.
//! 7. [`extract`]: the [`Extractor`] runs stages 3-6 on one document, [`Pipeline`] on many in parallel.
//! 8. [`export`]: a finished graph written in one format per module; [`files`] writes atomically.
//!
//! ```
//! use graphex::{DictionaryBuilder, Document, Extractor, ExtractorConfig, Matcher};
//!
//! let mut dict = DictionaryBuilder::new();
//! dict.add_tsv("mini.tsv", "type\tname\taliases\nperson\tElon Musk\tMusk\norganization\txAI\t\n").unwrap();
//! let extractor = Extractor::new(Matcher::new(dict.build()).unwrap(), ExtractorConfig::default());
//!
//! let graph = extractor.extract(&Document::new("d1", "La start-up xAI, fondée par Elon Musk, lève des fonds."));
//! assert_eq!(graph.nodes["person:Elon Musk"].mentions, 1);
//! assert_eq!(graph.edges.len(), 1);
//!
//! let mut json = Vec::new();
//! graphex::export::json::write(&graph, &mut json).unwrap();
//! ```

#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod dictionary;
pub mod discovery;
pub mod error;
pub mod export;
pub mod extract;
pub mod files;
pub mod graph;
pub mod matching;
pub mod relations;
pub mod text;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use dictionary::{Dictionary, DictionaryBuilder, Entity};
pub use error::{Error, Result};
pub use extract::pipeline::Pipeline;
pub use extract::{Extractor, ExtractorConfig};
pub use graph::{Graph, Window};
pub use matching::{Matcher, Mention};
pub use relations::{RuleSet, RuleSetBuilder};
pub use text::input::{Document, Input};

/// The sample corpus embedded in the binary: `(file name, text)` pairs, sorted by name.
pub fn sample_corpus() -> &'static [(&'static str, &'static str)] {
    embedded::SAMPLES
}

/// The default relation rules embedded in the binary: `(path under dictionaries/, text)`, sorted by path.
pub fn default_rules() -> &'static [(&'static str, &'static str)] {
    embedded::RULES
}

/// The default dictionaries embedded in the binary: `(path under dictionaries/, text)`, curated ones first.
pub fn default_dictionaries() -> &'static [(&'static str, &'static str)] {
    embedded::DICTIONARIES
}
