//! Finding the names the dictionaries lack. [`suggest`] mines a corpus offline for candidate dictionary
//! rows that a person reviews. It runs the real matcher first and never proposes what a dictionary
//! already holds.

pub(crate) mod cues;
pub mod discover;
pub mod lexicon;
pub mod suggest;
pub(crate) mod tokens;
