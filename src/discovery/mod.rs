//! Finding the names the dictionaries lack. [`discover`] runs during extraction, after dictionary
//! matching: it proposes entities for the unlisted names of a document, typed from the cues around them
//! and marked `source: discovered` with their cue and a confidence. [`suggest`] mines a corpus offline for
//! candidate dictionary rows that a person reviews. Both read words with [`lexicon`]'s lists and never
//! propose what a dictionary already holds.

pub(crate) mod cues;
pub mod discover;
pub mod lexicon;
pub mod suggest;
pub(crate) mod tokens;
