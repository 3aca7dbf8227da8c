//! The text stage: reading documents ([`input`]), splitting them into paragraphs and sentences
//! ([`segment`]), folding text for matching ([`fold`](mod@fold)) and the small word lists the later stages share
//! ([`lexicon`]). Nothing here knows about dictionaries, entities or graphs.

pub mod fold;
pub mod input;
pub mod lexicon;
pub mod segment;

pub use fold::{fold, fold_char, fold_punct, fold_punct_str, FoldedText};
