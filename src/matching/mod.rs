//! Finding dictionary entities in text with one Aho-Corasick automaton.
//!
//! The automaton holds every form of every entity, folded (see [`crate::text`]). A document is scanned once,
//! reporting *all* occurrences (overlapping search), so that no valid shorter match is ever hidden by a longer
//! one that turns out to be invalid. Each occurrence is then checked against the original text:
//!
//! * whole word, Unicode-aware: `X` never matches inside `Xavier`, but `OpenAI` is found in `d’OpenAI`;
//!   a form ending in a digit does not match the start of a decimal (`Grok 1` in `Grok 1.5`);
//! * letter case, per the form's policy (a form with capitals matches case-sensitively by default).
//!
//! Among valid occurrences the leftmost-longest non-overlapping ones are kept (`Grok 3` beats `Grok`,
//! `Elon Musk` beats `Musk`). Finally, mentions of ambiguous forms (a lone surname, a common word) are
//! dropped unless a non-ambiguous form of the same entity was found in the same document, or one of the
//! entity's context cues (dictionary column `cues`, e.g. `réseau social` for `X`) stands within
//! [`CUE_WINDOW`] bytes of the mention.
//!
//! Offsets are byte offsets into the original text; the matcher never rewrites the text it reports on.

mod automaton;
mod boundary;
pub mod cache;

use rustc_hash::FxHashMap as HashMap;

use crate::dictionary::{Dictionary, EntityIndex};
use crate::error::{Error, Result};
use crate::text::{fold, fold_punct, FoldedText};
use automaton::Automaton;
use boundary::boundaries_ok;
pub use boundary::{is_word_char, script_class};
use cache::AutomatonCache;

/// How far (in bytes, each side) a context cue may stand from an ambiguous mention to support it.
pub const CUE_WINDOW: usize = 80;

/// An entity found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mention {
    /// Byte offset of the first byte of the mention in the original text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The entity it resolves to.
    pub entity: EntityIndex,
    /// The dictionary form that matched (index into [`Dictionary::forms`]).
    pub form: u32,
}

/// Which Aho-Corasick implementation to build.
///
/// The default is `daachorse`'s double-array automaton: measured on the 100k-entry benchmark dictionary it
/// builds faster and scans about twice as fast as `aho-corasick`'s contiguous NFA (see `scripts/bench.sh`),
/// and a test checks that both report exactly the same overlapping matches. `aho-corasick` remains the
/// fallback when a dictionary exceeds the double array's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AutomatonKind {
    /// Double array (`daachorse`), falling back to `aho-corasick`'s choice if it cannot be built.
    #[default]
    Auto,
    /// Double array (`daachorse`) only.
    DoubleArray,
    /// `aho-corasick`, letting it choose the kind by dictionary size.
    AhoCorasick,
    /// Contiguous NFA: compact, fast to build; the best choice for large dictionaries.
    ContiguousNfa,
    /// Noncontiguous NFA: slowest scan, cheapest build.
    NoncontiguousNfa,
    /// Full DFA: fastest scan on small dictionaries, large memory on big ones.
    Dfa,
}

/// Matches the entities of a [`Dictionary`] in texts. Cheap to share across threads.
#[derive(Debug)]
pub struct Matcher {
    dict: Dictionary,
    automaton: Automaton,
    /// Per automaton pattern: its first form and edge flags inline, so that checking an occurrence usually
    /// reads one small record (one cache miss on a large dictionary); further forms in `more_forms`.
    patterns: Vec<PatternInfo>,
    /// The second and later forms of patterns shared by several forms.
    more_forms: Vec<FormInfo>,
    /// The texts of the case-sensitive forms, punctuation variants folded, one after another.
    case_texts: String,
    /// Per entity with cues: the folded cues.
    cues: HashMap<EntityIndex, Vec<String>>,
}

#[derive(Debug, Clone, Copy)]
struct PatternInfo {
    /// The pattern's first form (names first, then non-ambiguous forms).
    first: FormInfo,
    /// `more_forms[more_start..more_end]` are its other forms.
    more_start: u32,
    more_end: u32,
    /// No entity has two of its forms: each form that passes the checks is a claim of its own.
    one_form_per_entity: bool,
}

#[derive(Debug, Clone, Copy)]
struct FormInfo {
    form: u32,
    entity: EntityIndex,
    case_sensitive: bool,
    /// Counts only with support in the document.
    ambiguous: bool,
    /// An ASCII surface is case-checked by `upper_mask` (the form is ASCII and at most 64 bytes long).
    by_mask: bool,
    /// Bit i set: byte i of the form is an ASCII capital.
    upper_mask: u64,
    /// `case_texts[case_start..case_end]`, for case-sensitive forms.
    case_start: u32,
    case_end: u32,
}

/// Bit i set: byte i of `s` (at most 64 bytes) is an ASCII capital.
#[inline]
fn upper_mask(s: &[u8]) -> u64 {
    s.iter()
        .take(64)
        .enumerate()
        .fold(0, |m, (i, b)| m | (u64::from(b.is_ascii_uppercase()) << i))
}

impl Matcher {
    /// Builds the automaton over every form of `dict`.
    pub fn new(dict: Dictionary) -> Result<Self> {
        Self::with_kind(dict, AutomatonKind::Auto)
    }

    /// Builds the automaton with a chosen implementation.
    pub fn with_kind(dict: Dictionary, kind: AutomatonKind) -> Result<Self> {
        Self::with_options(dict, kind, None)
    }

    /// Builds the automaton with a chosen implementation, reusing a saved double-array automaton of the same
    /// patterns from `cache` when there is one (and saving the one it builds): see [`crate::matching::cache`].
    pub fn with_options(
        dict: Dictionary,
        kind: AutomatonKind,
        cache: Option<&AutomatonCache>,
    ) -> Result<Self> {
        // The forms of each pattern (forms that fold alike), in form order, one slice each of `grouped`.
        let ids = dict.folded_ids();
        let mut starts = vec![0u32; dict.folded_count() + 1];
        for &id in ids {
            starts[id as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut grouped = vec![0u32; ids.len()];
        let mut next = starts.clone();
        for (f, &id) in ids.iter().enumerate() {
            let at = &mut next[id as usize];
            grouped[*at as usize] = f as u32;
            *at += 1;
        }
        drop(next);
        // A pattern is the folded text its forms share: that of the first one.
        let texts: Vec<&str> = starts
            .windows(2)
            .map(|b| {
                dict.forms()[grouped[b[0] as usize] as usize]
                    .folded
                    .as_str()
            })
            .collect();
        // The automaton needs only the patterns: it is built on a second thread while this one writes the
        // pattern records (a fifth of the startup with a million-entry dictionary).
        let (records, automaton) = std::thread::scope(|scope| {
            let building = scope.spawn(|| Automaton::build(&texts, kind, cache));
            let records = pattern_records(&dict, grouped, &starts);
            let automaton = building
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (records, automaton)
        });
        let (patterns, more_forms, case_texts) = records?;
        let automaton = automaton?;
        let cues = dict
            .entities()
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.cues.is_empty())
            .map(|(i, e)| (i as EntityIndex, e.cues.iter().map(|c| fold(c)).collect()))
            .collect();
        Ok(Matcher {
            dict,
            automaton,
            patterns,
            more_forms,
            case_texts,
            cues,
        })
    }

    /// The dictionary this matcher was built from.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// Number of distinct patterns in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Heap memory used by the automaton, in bytes.
    pub fn automaton_memory(&self) -> usize {
        self.automaton.memory()
    }

    /// Finds the entity mentions of one document, in text order.
    ///
    /// The whole document is needed (not a fragment) because ambiguous forms count only when a non-ambiguous
    /// form of the same entity appears elsewhere in the document.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let (mut occurrences, mut claims) = self.candidates(text);
        // Sorted once: selection rounds walk it in order, and dropping occurrences keeps it sorted.
        sort_nearly_sorted_by_key(&mut occurrences, |o| {
            (
                o.start,
                std::cmp::Reverse(o.end),
                claims[o.first as usize].form,
            )
        });
        let mut selected = Vec::with_capacity(occurrences.len());
        let mut supported: Vec<EntityIndex> = Vec::new();
        // Drop ambiguous claims of entities without a non-ambiguous mention, then select again: freeing
        // their spans may uncover other valid candidates. A few rounds reach a fixed point.
        for round in 0..5 {
            select_leftmost_longest(&occurrences, &claims, &mut selected);
            if !selected.iter().any(|c| c.ambiguous) {
                break;
            }
            supported.clear();
            supported.extend(
                selected
                    .iter()
                    .filter(|c| !c.ambiguous)
                    .map(|c| c.mention.entity),
            );
            supported.sort_unstable();
            supported.dedup();
            let keep = |c: &Candidate| self.keep(text, c, &supported);
            if round == 4 {
                selected.retain(keep);
                break;
            }
            // Every claim of every occurrence is judged, as if each were a candidate of its own.
            let mut dropped = false;
            for o in occurrences.iter_mut() {
                let mut kept = o.first;
                for i in o.first..o.end_claim {
                    let claim = claims[i as usize];
                    if keep(&o.candidate(claim)) {
                        claims[kept as usize] = claim;
                        kept += 1;
                    } else {
                        dropped = true;
                    }
                }
                o.end_claim = kept;
            }
            if !dropped {
                break;
            }
            occurrences.retain(|o| o.end_claim > o.first);
        }
        selected.into_iter().map(|c| c.mention).collect()
    }

    /// Whether a candidate counts: non-ambiguous, or supported by a full form or a nearby cue.
    fn keep(&self, text: &str, c: &Candidate, supported: &[EntityIndex]) -> bool {
        let m = &c.mention;
        if !c.ambiguous || supported.binary_search(&m.entity).is_ok() {
            return true;
        }
        let Some(cues) = self.cues.get(&m.entity) else {
            return false;
        };
        let mut lo = m.start.saturating_sub(CUE_WINDOW);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (m.end + CUE_WINDOW).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let around = fold(&text[lo..hi]);
        cues.iter().any(|c| around.contains(c.as_str()))
    }

    /// Whether `surface` is the case-sensitive form `info` letter for letter, modulo punctuation variants.
    /// `surface` folds to the form's pattern (the automaton matched it), so for an ASCII surface of the
    /// form's length, the positions of capitals decide.
    #[inline]
    fn same_case(&self, surface: &str, info: &FormInfo) -> bool {
        if info.by_mask && surface.is_ascii() && surface.len() <= 64 {
            return upper_mask(surface.as_bytes()) == info.upper_mask;
        }
        // A typographic apostrophe or another variant in the surface, or a non-ASCII form.
        let form = self
            .case_texts
            .get(info.case_start as usize..info.case_end as usize)
            .unwrap_or_default();
        surface.as_bytes() == form.as_bytes() || surface.chars().map(fold_punct).eq(form.chars())
    }

    /// Every valid occurrence (boundaries and case checked), overlapping, in order of end, with the claims
    /// of the entities whose forms matched there.
    fn candidates(&self, text: &str) -> (Vec<Occurrence>, Vec<Claim>) {
        let folded = FoldedText::new(text);
        let mut occurrences: Vec<Occurrence> = Vec::new();
        let mut claims: Vec<Claim> = Vec::new();
        let mut cursor = 0;
        self.automaton
            .for_each_overlapping(&folded.text, |start, end, pattern| {
                // Ends come in increasing order: follow them with the cursor; a start is a few shifts back.
                let end = folded.original_from(end, &mut cursor);
                let start = folded.original_from(start, &mut cursor.clone());
                // Word boundaries first, from the text alone: most occurrences inside longer words are
                // rejected before the pattern's record is read (a cache miss on a large dictionary).
                if !boundaries_ok(text, start, end) {
                    return;
                }
                let surface = &text[start..end];
                let first = claims.len();
                let Some(p) = self.patterns.get(pattern) else {
                    return;
                };
                let more = self
                    .more_forms
                    .get(p.more_start as usize..p.more_end as usize)
                    .unwrap_or_default();
                for info in std::iter::once(&p.first).chain(more) {
                    if info.case_sensitive && !self.same_case(surface, info) {
                        continue;
                    }
                    let entity = info.entity;
                    // A pattern's forms belong to one entity, except shared aliases: every claimant is a
                    // candidate, and the ambiguity filter keeps the one named in full in the document.
                    if p.one_form_per_entity || !claims[first..].iter().any(|c| c.entity == entity)
                    {
                        claims.push(Claim {
                            entity,
                            form: info.form,
                            ambiguous: info.ambiguous,
                        });
                    }
                }
                if claims.len() > first {
                    // In form order, the order in which selection prefers them (forms are distinct).
                    claims[first..].sort_unstable_by_key(|c| c.form);
                    occurrences.push(Occurrence {
                        start,
                        end,
                        first: first as u32,
                        end_claim: claims.len() as u32,
                    });
                }
            });
        (occurrences, claims)
    }
}

/// The record of each pattern (its forms `grouped[starts[p]..starts[p + 1]]`), the records of the forms
/// after each pattern's first, and the texts of the case-sensitive forms.
fn pattern_records(
    dict: &Dictionary,
    mut grouped: Vec<u32>,
    starts: &[u32],
) -> Result<(Vec<PatternInfo>, Vec<FormInfo>, String)> {
    let mut case_texts = String::new();
    let mut info = |f: u32| -> Result<FormInfo> {
        let form = &dict.forms()[f as usize];
        // ASCII text has no punctuation variant to fold: most forms, no copy.
        let punct: std::borrow::Cow<str> = if form.text.is_ascii() {
            std::borrow::Cow::Borrowed(&form.text)
        } else {
            std::borrow::Cow::Owned(form.text.chars().map(fold_punct).collect())
        };
        let by_mask = punct.is_ascii() && punct.len() <= 64;
        let case_start = case_texts.len();
        if form.case_sensitive {
            case_texts.push_str(&punct);
        }
        let too_large =
            || Error::Config("dictionary too large: its case-sensitive forms exceed 4 GB".into());
        Ok(FormInfo {
            form: f,
            entity: form.entity,
            case_sensitive: form.case_sensitive,
            ambiguous: form.ambiguous,
            by_mask,
            upper_mask: upper_mask(punct.as_bytes()),
            case_start: u32::try_from(case_start).map_err(|_| too_large())?,
            case_end: u32::try_from(case_texts.len()).map_err(|_| too_large())?,
        })
    };
    let mut patterns = Vec::with_capacity(starts.len().saturating_sub(1));
    let mut more_forms = Vec::new();
    for bounds in starts.windows(2) {
        let forms = &mut grouped[bounds[0] as usize..bounds[1] as usize];
        // Canonical names first, then non-ambiguous forms: the first form that passes the checks is reported.
        forms.sort_by_key(|&f| {
            let form = &dict.forms()[f as usize];
            (!form.is_name, form.ambiguous, f)
        });
        let Some((&head, rest)) = forms.split_first() else {
            continue;
        };
        let more_start = more_forms.len() as u32;
        for &f in rest {
            more_forms.push(info(f)?);
        }
        // Most patterns have one form: only shared ones need a look at their entities.
        let one_form_per_entity = rest.is_empty() || {
            let mut entities: Vec<EntityIndex> = forms
                .iter()
                .map(|&f| dict.forms()[f as usize].entity)
                .collect();
            entities.sort_unstable();
            entities.dedup();
            entities.len() == forms.len()
        };
        patterns.push(PatternInfo {
            first: info(head)?,
            more_start,
            more_end: more_forms.len() as u32,
            one_form_per_entity,
        });
    }
    Ok((patterns, more_forms, case_texts))
}

/// Sorts a nearly sorted slice, stably. Candidates arrive in order of end, so an occurrence is out of
/// place only by the shorter ones that end inside it: each moves back a few places, without the scratch
/// buffer and run detection of the general stable sort (a fifth of the matching time on news-sized
/// documents). Past a budget of moves (a pathological dictionary of long, self-overlapping forms) the
/// general sort finishes the job, from a state that still holds equal keys in their first order.
fn sort_nearly_sorted_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let budget = 8 * items.len() + 64;
    let mut moves = 0;
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
            moves += 1;
        }
        if moves > budget {
            items.sort_by_key(key);
            return;
        }
    }
}

/// A valid occurrence of a form, before selection.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    mention: Mention,
    /// The form counts only with support in the document.
    ambiguous: bool,
}

/// An entity's claim on an occurrence: one of its forms matched there.
#[derive(Debug, Clone, Copy)]
struct Claim {
    entity: EntityIndex,
    form: u32,
    ambiguous: bool,
}

/// A valid occurrence with its claims, `claims[first..end_claim]` of the document's list, in form order.
/// Most patterns belong to one entity; a shared alias ("Dubois" of several people in one file) has a claim
/// per claimant, dozens on a large dictionary. Selection treats the claims as the candidates they stand
/// for, in the order (start, longest, form) that it prefers, without a copy of the span for each.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    start: usize,
    end: usize,
    first: u32,
    end_claim: u32,
}

impl Occurrence {
    fn candidate(&self, claim: Claim) -> Candidate {
        Candidate {
            mention: Mention {
                start: self.start,
                end: self.end,
                entity: claim.entity,
                form: claim.form,
            },
            ambiguous: claim.ambiguous,
        }
    }
}

/// Keeps the leftmost-longest non-overlapping occurrences of `sorted` (by start, then longest first), each
/// as its first remaining claim, in `out`.
fn select_leftmost_longest(sorted: &[Occurrence], claims: &[Claim], out: &mut Vec<Candidate>) {
    out.clear();
    let mut last_end = 0;
    for o in sorted {
        if o.start >= last_end {
            if let Some(&claim) = claims
                .get(o.first as usize)
                .filter(|_| o.end_claim > o.first)
            {
                last_end = o.end;
                out.push(o.candidate(claim));
            }
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod automaton_tests;
