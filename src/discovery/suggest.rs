//! Mining a corpus for entities the dictionaries miss, as dictionary rows for a person to review.
//!
//! Each document is matched with the real [`Matcher`] and split with [`crate::text::segment`]; spans the matcher
//! recognises (and any form the dictionary already has) are never suggested. In what is left, candidates are:
//!
//! * sequences of capitalised or CamelCase words (`Lightspeed Venture Partners`, `xAI`), with French and
//!   other particles inside (`Banque de France`, `Ursula von der Leyen`, after a single first word) and a
//!   trailing version number (`Grok 4`, `Llama 3.1`);
//! * acronyms (`BNP`), except generic ones (`PDG`, `CEO`, `GPU`, …).
//!
//! A sentence's first word is dropped when it is a common word (`Malgré`, `The`), unless the whole sequence
//! also appears inside a sentence elsewhere; lines in Title Case (English headlines) are skipped. Each
//! candidate gets a guessed type from cues around its mentions (`M.`/`Mme`/`Mr` or a first name → person;
//! `Inc`/`SA`/`Group`, `la société`, `the company`, `PDG de`, `CEO of` → organization; `fondé par`,
//! `founded by`, `, PDG` → person; a version number, `le modèle`, `the app` → product; `à`, `in`,
//! `based in` → place), weighted and summed over the corpus. A one-word candidate that is the last word of
//! a person candidate becomes that person's ambiguous alias.
//!
//! Output order is deterministic: count, then documents, then name; examples are the first occurrence by
//! document id and offset, so input order does not matter.
//!
//! ```
//! use graphex::discovery::suggest::{Suggester, SuggestConfig};
//! use graphex::{Document, DictionaryBuilder, Matcher};
//!
//! let mut dict = DictionaryBuilder::new();
//! dict.add_tsv("d.tsv", "type\tname\norganization\tOpenAI\n").unwrap();
//! let matcher = Matcher::new(dict.build()).unwrap();
//! let mut s = Suggester::new(&matcher);
//! s.add_document(&Document::new("a", "Le patron d’OpenAI, Sam Altman, a rencontré M. Dupont chez Mistral AI."));
//! let found = s.candidates(&SuggestConfig { min_count: 1, ..SuggestConfig::default() });
//! let names: Vec<(&str, &str)> = found.iter().map(|c| (c.name.as_str(), c.entity_type.as_str())).collect();
//! assert_eq!(names, [("Dupont", "person"), ("Mistral AI", "organization"), ("Sam Altman", "person")]);
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{self, Write};

use super::cues::{AFTER_CUES, BEFORE_CUES, NOT_NAMES, ORG_SUFFIXES, PARTICLES, TITLES};
use super::tokens::{has_upper, is_acronym, is_version, title_case, tokens, Token};
use crate::matching::{is_word_char, Matcher};
use crate::text::input::Document;
use crate::text::lexicon::{is_common_word, is_first_name};
use crate::text::segment::segment;
use crate::text::{fold, fold_punct_str};

/// Options of [`Suggester::candidates`].
#[derive(Debug, Clone, Copy)]
pub struct SuggestConfig {
    /// Candidates mentioned fewer times are left out (default 2).
    pub min_count: usize,
    /// Keep only the first N candidates (default: all).
    pub top: Option<usize>,
}

impl Default for SuggestConfig {
    fn default() -> Self {
        SuggestConfig {
            min_count: 2,
            top: None,
        }
    }
}

/// A suggested dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Guessed type: `person`, `organization`, `product` or `place`.
    pub entity_type: String,
    /// The name as first written in the corpus.
    pub name: String,
    /// Suggested aliases (a person's surname).
    pub aliases: Vec<String>,
    /// Which aliases should be flagged ambiguous.
    pub ambiguous: Vec<String>,
    /// Mentions in the corpus (including those of the aliases).
    pub count: usize,
    /// Documents it appears in.
    pub documents: usize,
    /// Why the type was guessed, e.g. `title M.`, `cue "la société"`, `no cue`.
    pub hint: String,
    /// The sentence of the first mention (by document id and offset), on one line.
    pub example: String,
}

/// Collects candidates over documents. Build with [`Suggester::new`], feed with [`Suggester::add_document`].
#[derive(Debug)]
pub struct Suggester<'m> {
    matcher: &'m Matcher,
    /// Folded forms of the dictionary: never suggested.
    known: HashSet<String>,
    /// First tokens of the dictionary's multi-word person names.
    first_names: HashSet<String>,
    /// Occurrences by key (name with punctuation folded).
    found: BTreeMap<String, Accumulator>,
    /// Sequences at the start of a sentence or clause, decided in [`Suggester::candidates`] once the whole
    /// corpus is known.
    initial: Vec<Initial>,
    /// How often each word was written in lowercase: a capitalised word that is more often written in
    /// lowercase (`In`, `Capacité`) is a common word, whatever the word list says.
    lowercase: HashMap<String, usize>,
    documents: usize,
}

#[derive(Debug, Clone)]
struct Occurrence {
    name: String,
    doc: String,
    offset: usize,
    sentence: String,
    votes: Vec<(&'static str, u32, String)>,
}

/// A sequence starting a sentence or clause, where capitals say nothing.
#[derive(Debug, Clone)]
struct Initial {
    full: Occurrence,
    /// The sequence without its first word (and particles after it), if any name word is left.
    tail: Option<Occurrence>,
    /// The first word is a common word.
    common: bool,
}

#[derive(Debug, Default)]
struct Accumulator {
    first: Option<(String, usize, String, String)>, // doc, offset, name, sentence
    count: usize,
    docs: BTreeSet<String>,
    votes: BTreeMap<&'static str, u32>,
    hints: BTreeMap<(&'static str, String), u32>,
}

impl Accumulator {
    fn add(&mut self, o: Occurrence) {
        self.count += 1;
        self.docs.insert(o.doc.clone());
        for (ty, w, hint) in o.votes {
            *self.votes.entry(ty).or_default() += w;
            *self.hints.entry((ty, hint)).or_default() += w;
        }
        let earlier = self
            .first
            .as_ref()
            .is_none_or(|(d, off, _, _)| (&o.doc, o.offset) < (d, *off));
        if earlier {
            self.first = Some((o.doc, o.offset, o.name, o.sentence));
        }
    }
}

fn one_line(s: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (n, w) in s.split_whitespace().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.chars().count() > max_chars {
        out = out.chars().take(max_chars).collect::<String>() + "…";
    }
    out
}

impl<'m> Suggester<'m> {
    /// A suggester that leaves out what `matcher` (and its dictionary) already knows.
    pub fn new(matcher: &'m Matcher) -> Self {
        let dict = matcher.dictionary();
        let known = dict.forms().iter().map(|f| fold(&f.text)).collect();
        let first_names = dict
            .entities()
            .iter()
            .filter(|e| e.entity_type == "person")
            .filter_map(|e| {
                let mut words = e.name.split(' ');
                let first = words.next()?;
                words.next()?;
                (first.chars().count() > 1 && !first.ends_with('.')).then(|| first.to_string())
            })
            .collect();
        Suggester {
            matcher,
            known,
            first_names,
            found: BTreeMap::new(),
            initial: Vec::new(),
            lowercase: HashMap::new(),
            documents: 0,
        }
    }

    /// Number of documents added.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// Finds the candidates of one document.
    pub fn add_document(&mut self, doc: &Document) {
        self.documents += 1;
        let text = doc.text.as_str();
        let mentions = self.matcher.find(text);
        let covered = |t: &Token| {
            let i = mentions.partition_point(|m| m.end <= t.start);
            mentions.get(i).is_some_and(|m| m.start < t.end)
        };
        for sentence in segment(text).sentences {
            let (s_start, s_end) = (sentence.span.start, sentence.span.end);
            let toks = tokens(text, s_start, s_end);
            let words: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
            for w in &words {
                if w.chars().next().is_some_and(char::is_lowercase) {
                    *self.lowercase.entry(w.to_string()).or_default() += 1;
                }
            }
            if title_case(&words) {
                continue;
            }
            let sentence_text = one_line(&text[s_start..s_end], 240);
            let mut i = 0;
            while i < toks.len() {
                let Some(run) = self.run_at(text, &toks, i, &covered) else {
                    i += 1;
                    continue;
                };
                let (a, b) = run;
                i = b;
                self.record(doc, text, &toks, a, b, s_start, &sentence_text);
            }
        }
    }

    fn is_name_token(&self, w: &str) -> bool {
        has_upper(w)
            && w.chars().next().is_some_and(char::is_alphanumeric)
            && !NOT_NAMES.contains(&w)
            && !TITLES.contains(&w)
    }

    /// The name run starting at token `i`, as a token range, if one starts there.
    fn run_at(
        &self,
        text: &str,
        toks: &[Token],
        i: usize,
        covered: &impl Fn(&Token) -> bool,
    ) -> Option<(usize, usize)> {
        let word = |k: usize| &text[toks[k].start..toks[k].end];
        let gap_is_space = |k: usize| {
            // between token k-1 and k: only white space (or nothing after an elision)
            let g = &text[toks[k - 1].end..toks[k].start];
            if toks[k - 1].elision {
                g.is_empty()
            } else {
                !g.is_empty() && g.chars().all(char::is_whitespace)
            }
        };
        if toks[i].elision || covered(&toks[i]) || !self.is_name_token(word(i)) {
            return None;
        }
        let mut end = i + 1;
        let mut names = 1;
        loop {
            if end >= toks.len() || !gap_is_space(end) || covered(&toks[end]) {
                break;
            }
            let w = word(end);
            // "AI" alone is not a name, but ends one: Mistral AI.
            if self.is_name_token(w) || ORG_SUFFIXES.contains(&w) && has_upper(w) {
                end += 1;
                names += 1;
                continue;
            }
            if is_version(w) && !toks[end].elision {
                end += 1;
                break;
            }
            // particles: de, d’, de la, von der ... then a name token; only after a single first word
            let lower = fold_punct_str(w).to_lowercase();
            let particle =
                toks[end].elision && lower == "d'" || PARTICLES.contains(&lower.as_str());
            if !particle || names != 1 {
                break;
            }
            let mut k = end + 1;
            while k < toks.len()
                && gap_is_space(k)
                && PARTICLES.contains(&fold_punct_str(word(k)).to_lowercase().as_str())
                && k - end < 2
            {
                k += 1;
            }
            if k < toks.len()
                && gap_is_space(k)
                && !covered(&toks[k])
                && self.is_name_token(word(k))
            {
                end = k + 1;
                names += 1;
                continue;
            }
            break;
        }
        Some((i, end))
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        doc: &Document,
        text: &str,
        toks: &[Token],
        a: usize,
        b: usize,
        s_start: usize,
        sentence: &str,
    ) {
        let first_word = &text[toks[a].start..toks[a].end];
        // At the start of a sentence or clause (after quotes, a colon, a dash, a bullet) a word is capitalised
        // anyway; CamelCase and acronyms are not.
        let clause_initial = text[s_start..toks[a].start]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| {
                matches!(
                    c,
                    ':' | ';' | '«' | '"' | '“' | '(' | '—' | '–' | '-' | '•' | '…'
                )
            });
        let mut chars = first_word.chars();
        let word_shaped =
            chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase());
        let name = text[toks[a].start..toks[b - 1].end].to_string();
        let votes = self.votes(text, toks, a, b);
        let occurrence = |name: String, start: usize| Occurrence {
            name,
            doc: doc.id.clone(),
            offset: start,
            sentence: sentence.to_string(),
            votes: votes.clone(),
        };
        if !(clause_initial && word_shaped) {
            self.add(occurrence(name, toks[a].start));
            return;
        }
        let mut rest = a + 1;
        while rest < b && !self.is_name_token(&text[toks[rest].start..toks[rest].end]) {
            rest += 1;
        }
        let tail = (rest < b).then(|| {
            occurrence(
                text[toks[rest].start..toks[b - 1].end].to_string(),
                toks[rest].start,
            )
        });
        self.initial.push(Initial {
            full: occurrence(name, toks[a].start),
            tail,
            common: is_common_word(first_word) || first_word.chars().count() <= 2,
        });
    }

    fn add(&mut self, o: Occurrence) {
        if o.name.is_empty() || self.known.contains(&fold(&o.name)) {
            return;
        }
        let only = o.name.as_str();
        if !only.contains(' ') && (NOT_NAMES.contains(&only) || TITLES.contains(&only)) {
            return;
        }
        self.found
            .entry(fold_punct_str(&o.name))
            .or_default()
            .add(o);
    }

    fn votes(
        &self,
        text: &str,
        toks: &[Token],
        a: usize,
        b: usize,
    ) -> Vec<(&'static str, u32, String)> {
        let mut votes = Vec::new();
        let words: Vec<&str> = (a..b).map(|k| &text[toks[k].start..toks[k].end]).collect();
        let last = words.last().copied().unwrap_or("");
        if a > 0 {
            let prev = &text[toks[a - 1].start..toks[a - 1].end];
            if TITLES.contains(&prev) {
                votes.push(("person", 4, format!("title {prev}")));
            }
        }
        if words.len() >= 2
            && (is_first_name(words[0]) || self.first_names.contains(words[0]))
            && !words.iter().any(|w| ORG_SUFFIXES.contains(w))
        {
            votes.push(("person", 3, format!("first name {}", words[0])));
        }
        if words.len() >= 2 && ORG_SUFFIXES.contains(&last) {
            votes.push(("organization", 4, format!("suffix {last}")));
        }
        if words.len() >= 2 && is_version(last) {
            votes.push(("product", 4, "version number".into()));
        }
        // Cue phrases: the folded text just before and after the name, on the same sentence.
        let start = toks[a].start;
        let mut lo = start.saturating_sub(40);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let before = fold(&text[lo..start]);
        let before = before.trim_end();
        for (cue, ty, w) in BEFORE_CUES {
            let ends = before.ends_with(cue)
                && before[..before.len() - cue.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !is_word_char(c));
            // "d'" elisions leave no space: "patron d'" is followed directly by the name.
            if ends {
                votes.push((ty, *w, format!("cue \"{cue}\"")));
                break;
            }
        }
        let end = toks[b - 1].end;
        let mut hi = (end + 30).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let after = fold(&text[end..hi]);
        for (cue, ty, w) in AFTER_CUES {
            let starts = after.starts_with(cue)
                && after[cue.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !is_word_char(c));
            if starts {
                votes.push((
                    ty,
                    *w,
                    format!("cue \"{}\"", cue.trim_start_matches([',', ' '])),
                ));
                break;
            }
        }
        votes
    }

    /// The candidates found so far, ranked by count (then documents, then name).
    pub fn candidates(&self, config: &SuggestConfig) -> Vec<Candidate> {
        let mut found: BTreeMap<String, Accumulator> = BTreeMap::new();
        let mut extra: Vec<Occurrence> = Vec::new();
        for init in &self.initial {
            let key = fold_punct_str(&init.full.name);
            let single = init.tail.is_none();
            if self.found.contains_key(&key) {
                // Also written inside a sentence: a name, whatever its first word.
                extra.push(init.full.clone());
            } else if single {
                // Only the first word is a name word, and it only ever starts sentences: most likely a
                // common word (Historiquement, Conçu, Valorisée 18).
            } else if init.common {
                extra.extend(init.tail.clone());
            } else {
                extra.push(init.full.clone());
            }
        }
        // Rebuild without consuming self: replay the accumulators.
        for (k, acc) in &self.found {
            let dst = found.entry(k.clone()).or_default();
            dst.count += acc.count;
            dst.docs.extend(acc.docs.iter().cloned());
            for (t, w) in &acc.votes {
                *dst.votes.entry(t).or_default() += w;
            }
            for (h, w) in &acc.hints {
                *dst.hints.entry(h.clone()).or_default() += w;
            }
            dst.first = acc.first.clone();
        }
        for o in extra {
            if o.name.is_empty() || self.known.contains(&fold(&o.name)) {
                continue;
            }
            found.entry(fold_punct_str(&o.name)).or_default().add(o);
        }

        let mut out: Vec<Candidate> = found
            .values()
            .filter_map(|acc| {
                let (_, _, name, example) = acc.first.clone()?;
                if !name.contains(' ') {
                    let lower = name.to_lowercase();
                    let written_lower = self.lowercase.get(&lower).copied().unwrap_or(0);
                    if name.chars().count() < 2 || (written_lower >= acc.count && lower != name) {
                        return None;
                    }
                }
                let (entity_type, hint) = guess_type(&name, acc);
                Some(Candidate {
                    entity_type,
                    name,
                    aliases: Vec::new(),
                    ambiguous: Vec::new(),
                    count: acc.count,
                    documents: acc.docs.len(),
                    hint,
                    example,
                })
            })
            .collect();

        // A person's surname, found alone, becomes its ambiguous alias.
        let singles: BTreeMap<String, usize> = out
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.name.contains(' '))
            .map(|(i, c)| (c.name.clone(), i))
            .collect();
        let mut absorbed = vec![false; out.len()];
        for i in 0..out.len() {
            if out[i].entity_type != "person" || !out[i].name.contains(' ') {
                continue;
            }
            let Some(surname) = out[i].name.rsplit(' ').next().map(String::from) else {
                continue;
            };
            if self.known.contains(&fold(&surname)) || surname.chars().count() < 2 {
                continue;
            }
            if let Some(&j) = singles.get(&surname) {
                if !absorbed[j] {
                    absorbed[j] = true;
                    out[i].count += out[j].count;
                    out[i].documents = out[i].documents.max(out[j].documents);
                }
            }
            out[i].aliases.push(surname.clone());
            out[i].ambiguous.push(surname);
        }
        let mut out: Vec<Candidate> = out
            .into_iter()
            .zip(absorbed)
            .filter(|(_, gone)| !gone)
            .map(|(c, _)| c)
            .filter(|c| c.count >= config.min_count.max(1))
            .collect();
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(b.documents.cmp(&a.documents))
                .then(a.name.cmp(&b.name))
        });
        if let Some(top) = config.top {
            out.truncate(top);
        }
        out
    }
}

fn guess_type(name: &str, acc: &Accumulator) -> (String, String) {
    let best = acc
        .votes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(t, _)| *t);
    if let Some(ty) = best {
        let hint = acc
            .hints
            .iter()
            .filter(|((t, _), _)| *t == ty)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0 .1.cmp(&a.0 .1)))
            .map_or_else(String::new, |((_, h), _)| h.clone());
        return (ty.to_string(), hint);
    }
    let shape = if is_acronym(name) {
        "acronym"
    } else {
        "no cue"
    };
    ("organization".into(), shape.into())
}

/// Writes candidates as dictionary rows (`type name aliases ambiguous count documents hint example`)
/// after a `#` header explaining how to review them.
pub fn write_tsv(candidates: &[Candidate], documents: usize, w: &mut dyn Write) -> io::Result<()> {
    writeln!(
        w,
        "# graphex suggest: {} candidate entities not in the dictionaries, from {documents} document(s).",
        candidates.len()
    )?;
    writeln!(
        w,
        "# Review every row: fix the type (guessed; `hint` says from what) and the name, delete false positives,"
    )?;
    writeln!(
        w,
        "# then append the rows to a dictionary file and run `graphex dict check --dict FILE`."
    )?;
    writeln!(
        w,
        "# count, documents, hint and example become node attributes if kept: delete those columns if unwanted."
    )?;
    writeln!(
        w,
        "type\tname\taliases\tambiguous\tcount\tdocuments\thint\texample"
    )?;
    let clean = |s: &str| s.replace(['\t', '\n', '\r', '|'], " ");
    for c in candidates {
        writeln!(
            w,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            c.entity_type,
            clean(&c.name),
            c.aliases.join("|"),
            c.ambiguous.join("|"),
            c.count,
            c.documents,
            clean(&c.hint),
            clean(&c.example),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
