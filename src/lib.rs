//! graphex finds people, organizations, products and places in news text with dictionary-based Aho-Corasick
//! matching, links them by co-occurrence, and exports the graph (node-link JSON, Graphviz DOT, ...).
//!
//! The data flow is the module list:
//! [`dictionary`] (load, validate) → [`matcher`] (automaton, word boundaries, longest match) →
//! [`segment`] (paragraphs, sentences) → [`extract`] (one document → a compact [`accumulate::DocExtraction`])
//! → [`accumulate`] (folded into a [`graph::Graph`]) → [`graph`] (merge) → [`filter`] (readable subgraphs),
//! [`stats`] → [`export`] (one module per format). [`input`] reads documents and [`pipeline`] runs extraction
//! over many of them in parallel ([`mentions`] collects the per-mention list from it when asked). Each stage
//! depends only on the ones before it.
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

pub mod accumulate;
pub mod cache;
pub mod dictionary;
pub mod error;
pub mod export;
pub mod extract;
pub mod filter;
pub mod graph;
pub mod input;
pub mod lexicon;
pub mod lint;
pub mod matcher;
pub mod mentions;
pub mod pipeline;
pub mod relations;
pub mod segment;
pub mod stats;
pub mod suggest;
pub mod text;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use dictionary::{Dictionary, DictionaryBuilder, Entity};
pub use error::{Error, Result};
pub use extract::{Extractor, ExtractorConfig};
pub use graph::{Graph, Window};
pub use input::{Document, Input};
pub use matcher::{Matcher, Mention};
pub use pipeline::Pipeline;
pub use relations::{RuleSet, RuleSetBuilder};

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
