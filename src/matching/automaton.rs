//! The automaton behind the [`Matcher`](super::Matcher): a double array (daachorse) by default, or one of
//! `aho-corasick`'s kinds, built over the folded patterns, optionally loaded from the
//! [`cache`](super::cache). Whatever the kind, it reports every occurrence of every pattern, overlapping
//! ones included; choosing among them is the matcher's job.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::DoubleArrayAhoCorasick;

use super::cache::AutomatonCache;
use super::AutomatonKind;
use crate::error::{Error, Result};

/// The automaton over the folded patterns; the value of a match is its pattern index.
pub(super) enum Automaton {
    DoubleArray(DoubleArrayAhoCorasick<u32>),
    AhoCorasick(AhoCorasick),
}

impl std::fmt::Debug for Automaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Automaton::DoubleArray(a) => write!(f, "DoubleArray({} states)", a.num_states()),
            Automaton::AhoCorasick(a) => write!(f, "AhoCorasick({:?})", a.kind()),
        }
    }
}

impl Automaton {
    pub(super) fn build(
        patterns: &[&str],
        kind: AutomatonKind,
        cache: Option<&AutomatonCache>,
    ) -> Result<Automaton> {
        let ac_kind = match kind {
            AutomatonKind::Auto | AutomatonKind::DoubleArray => {
                let cache = cache.filter(|_| patterns.len() >= super::cache::MIN_PATTERNS);
                if let Some(a) = cache.and_then(|c| c.load(patterns)) {
                    return Ok(Automaton::DoubleArray(a));
                }
                // Inserted in sorted order, each with its index as value: the trie is then built in
                // one sweep, several times faster than in dictionary order on a large dictionary. The
                // automaton and its matches are the same.
                let mut sorted: Vec<(&str, u32)> =
                    patterns.iter().zip(0u32..).map(|(&p, i)| (p, i)).collect();
                sorted.sort_unstable();
                match DoubleArrayAhoCorasick::<u32>::with_values(sorted) {
                    Ok(a) => {
                        if let Some(c) = cache {
                            c.store(patterns, &a);
                        }
                        return Ok(Automaton::DoubleArray(a));
                    }
                    Err(e) if kind == AutomatonKind::DoubleArray => {
                        return Err(Error::Config(format!(
                            "cannot build the dictionary automaton (double array): {e}"
                        )))
                    }
                    Err(_) => None,
                }
            }
            AutomatonKind::AhoCorasick => None,
            AutomatonKind::ContiguousNfa => Some(AhoCorasickKind::ContiguousNFA),
            AutomatonKind::NoncontiguousNfa => Some(AhoCorasickKind::NoncontiguousNFA),
            AutomatonKind::Dfa => Some(AhoCorasickKind::DFA),
        };
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(ac_kind)
            .build(patterns)
            .map(Automaton::AhoCorasick)
            .map_err(|e| Error::Config(format!("cannot build the dictionary automaton: {e}")))
    }

    pub(super) fn memory(&self) -> usize {
        match self {
            Automaton::DoubleArray(a) => a.heap_bytes(),
            Automaton::AhoCorasick(a) => a.memory_usage(),
        }
    }

    /// Calls `f(start, end, pattern)` for every occurrence of every pattern in `text`, overlapping ones
    /// included, in order of end offset.
    #[inline]
    pub(super) fn for_each_overlapping(&self, text: &str, mut f: impl FnMut(usize, usize, usize)) {
        match self {
            Automaton::DoubleArray(a) => {
                for m in a.find_overlapping_iter(text) {
                    f(m.start(), m.end(), m.value() as usize);
                }
            }
            Automaton::AhoCorasick(a) => {
                for m in a.find_overlapping_iter(text) {
                    f(m.start(), m.end(), m.pattern().as_usize());
                }
            }
        }
    }
}
