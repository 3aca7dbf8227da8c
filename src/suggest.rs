//! Mining a corpus for entities the dictionaries miss, as dictionary rows for a person to review.
//!
//! Each document is matched with the real [`Matcher`] and split with [`crate::segment`]; spans the matcher
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
//! use graphex::suggest::{Suggester, SuggestConfig};
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

use crate::input::Document;
use crate::lexicon::{is_common_word, is_first_name};
use crate::matcher::{is_word_char, Matcher};
use crate::segment::segment;
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

/// Words that stand before a person's name.
const TITLES: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "Me", "Mr", "Mrs", "Ms", "Sir", "Dame", "Lord",
];

/// Capitalised words that are not names.
const NOT_NAMES: &[&str] = &[
    // generic acronyms and abbreviations of news text
    "AI",
    "IA",
    "PDG",
    "CEO",
    "CTO",
    "CFO",
    "COO",
    "DG",
    "GPU",
    "GPUs",
    "CPU",
    "CPUs",
    "API",
    "APIs",
    "LLM",
    "LLMs",
    "OPA",
    "IPO",
    "PIB",
    "GDP",
    "TV",
    "PC",
    "SMS",
    "USD",
    "EUR",
    "XXL",
    "FAQ",
    "PDF",
    "URL",
    "HTML",
    "OK",
    "PME",
    "TVA",
    "VAT",
    "R&D",
    "IT",
    "RH",
    "HR",
    "NB",
    "PS",
    "I",
    "AGI",
    "SaaS",
    // English calendar words, demonyms and languages (capitalised in English, not entities)
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "American",
    "Americans",
    "British",
    "French",
    "German",
    "Chinese",
    "European",
    "Europeans",
    "English",
    "Japanese",
    "Russian",
    "Indian",
    "Italian",
    "Spanish",
    "Canadian",
    "Korean",
    "Israeli",
    "African",
    "Asian",
    "Western",
    "Republican",
    "Republicans",
    "Democrat",
    "Democrats",
    "Christmas",
];

/// Lowercase words that may join the words of a name (after a single first word).
const PARTICLES: &[&str] = &[
    "de", "du", "des", "d'", "la", "le", "von", "van", "der", "den", "da", "di", "del", "of", "&",
];

/// French elisions split from the following word: `d’OpenAI` → `d’` + `OpenAI`.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Last words that make a name an organization.
const ORG_SUFFIXES: &[&str] = &[
    "Inc",
    "Corp",
    "Corporation",
    "Co",
    "SA",
    "SAS",
    "SE",
    "AG",
    "GmbH",
    "Ltd",
    "LLC",
    "PLC",
    "plc",
    "NV",
    "BV",
    "Group",
    "Groupe",
    "Capital",
    "Partners",
    "Ventures",
    "Holding",
    "Holdings",
    "Bank",
    "Banque",
    "Labs",
    "Lab",
    "Technologies",
    "Technology",
    "Systems",
    "Foundation",
    "Fondation",
    "Institute",
    "Institut",
    "University",
    "Université",
    "Media",
    "Motors",
    "Airlines",
    "Pharma",
    "Energy",
    "Industries",
    "Agency",
    "Agence",
    "Commission",
    "Ministry",
    "Ministère",
    "AI",
    "Studios",
    "Networks",
    "Software",
    "Semiconductor",
    "Robotics",
    "Times",
    "News",
    "Post",
];

/// Cue phrases (folded) that stand just before a name, with the type they suggest and a weight.
const BEFORE_CUES: &[(&str, &str, u32)] = &[
    ("la société", "organization", 3),
    ("le groupe", "organization", 3),
    ("la start-up", "organization", 3),
    ("la startup", "organization", 3),
    ("l'entreprise", "organization", 3),
    ("la firme", "organization", 3),
    ("le fabricant", "organization", 2),
    ("l'éditeur", "organization", 2),
    ("la banque", "organization", 3),
    ("le fonds", "organization", 3),
    ("l'agence", "organization", 2),
    ("le géant", "organization", 2),
    ("the company", "organization", 3),
    ("the firm", "organization", 3),
    ("the startup", "organization", 3),
    ("the start-up", "organization", 3),
    ("the group", "organization", 2),
    ("the bank", "organization", 3),
    ("the fund", "organization", 3),
    ("chez", "organization", 2),
    ("pdg de", "organization", 3),
    ("pdg d'", "organization", 3),
    ("patron de", "organization", 3),
    ("patron d'", "organization", 3),
    ("fondateur de", "organization", 3),
    ("fondateur d'", "organization", 3),
    ("cofondateur de", "organization", 3),
    ("cofondateur d'", "organization", 3),
    ("directeur de", "organization", 2),
    ("filiale de", "organization", 2),
    ("filiale d'", "organization", 2),
    ("ceo of", "organization", 3),
    ("founder of", "organization", 3),
    ("co-founder of", "organization", 3),
    ("chief executive of", "organization", 3),
    ("investors such as", "organization", 2),
    ("investisseurs comme", "organization", 2),
    ("fondé par", "person", 3),
    ("fondée par", "person", 3),
    ("dirigé par", "person", 3),
    ("dirigée par", "person", 3),
    ("founded by", "person", 3),
    ("led by", "person", 2),
    ("run by", "person", 2),
    ("selon", "person", 1),
    ("according to", "person", 1),
    ("le modèle", "product", 3),
    ("le chatbot", "product", 3),
    ("l'application", "product", 3),
    ("l'appli", "product", 3),
    ("le logiciel", "product", 3),
    ("la puce", "product", 3),
    ("le smartphone", "product", 3),
    ("l'assistant", "product", 2),
    ("the model", "product", 3),
    ("the chatbot", "product", 3),
    ("the app", "product", 3),
    ("the chip", "product", 3),
    ("the smartphone", "product", 3),
    ("basée à", "place", 2),
    ("basé à", "place", 2),
    ("based in", "place", 2),
    ("la ville de", "place", 3),
    ("the city of", "place", 3),
    ("à", "place", 1),
    ("in", "place", 1),
];

/// Cue phrases (folded) that follow a name.
const AFTER_CUES: &[(&str, &str, u32)] = &[
    (", pdg", "person", 3),
    (", le pdg", "person", 3),
    (", ceo", "person", 3),
    (", the ceo", "person", 3),
    (", fondateur", "person", 3),
    (", cofondateur", "person", 3),
    (", founder", "person", 3),
    (", co-founder", "person", 3),
    (", président", "person", 2),
    (", directeur", "person", 2),
    (", chief", "person", 2),
    (", a dit", "person", 1),
    (" said", "person", 1),
    (" a déclaré", "person", 2),
    (" a annoncé", "person", 1),
];

#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    /// Elided particle (`d’`), stored apart from the word it precedes.
    elision: bool,
}

fn tokens(text: &str, start: usize, end: usize) -> Vec<Token> {
    let s = &text[start..end];
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '&' {
            out.push(Token {
                start: start + i,
                end: start + i + 1,
                elision: false,
            });
            continue;
        }
        if !is_word_char(c) {
            continue;
        }
        // A word, with joiners between word chars: Jean-Luc, U.S, AT&T, McDonald's, 1.5, d’OpenAI.
        let mut j = i + c.len_utf8();
        while let Some(&(k, d)) = chars.peek() {
            let joiner = matches!(d, '-' | '.' | '&' | '\'' | '\u{2019}')
                && s[k + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(is_word_char);
            if !is_word_char(d) && !joiner {
                break;
            }
            j = k + d.len_utf8();
            chars.next();
        }
        let word = &s[i..j];
        // French elision: d’OpenAI -> d’ + OpenAI.
        let split = word.char_indices().find_map(|(k, d)| {
            (matches!(d, '\'' | '\u{2019}')
                && ELISIONS.contains(&word[..k].to_lowercase().as_str()))
            .then_some(k + d.len_utf8())
        });
        match split {
            Some(k) => {
                out.push(Token {
                    start: start + i,
                    end: start + i + k,
                    elision: true,
                });
                out.push(Token {
                    start: start + i + k,
                    end: start + j,
                    elision: false,
                });
            }
            None => out.push(Token {
                start: start + i,
                end: start + j,
                elision: false,
            }),
        }
    }
    out
}

fn has_upper(w: &str) -> bool {
    w.chars().any(char::is_uppercase)
}

fn is_acronym(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

fn is_version(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.len() <= 6
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// Whether a sentence is written in Title Case (an English headline): most longer words capitalised.
fn title_case(words: &[&str]) -> bool {
    let long: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .collect();
    let caps = long
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    long.len() >= 3 && caps * 10 >= long.len() * 7
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
mod tests {
    use super::*;
    use crate::dictionary::DictionaryBuilder;

    fn suggest(dict: &str, texts: &[&str]) -> Vec<Candidate> {
        let mut b = DictionaryBuilder::new();
        b.add_tsv("d.tsv", dict).unwrap();
        let matcher = Matcher::new(b.build()).unwrap();
        let mut s = Suggester::new(&matcher);
        for (i, t) in texts.iter().enumerate() {
            s.add_document(&Document::new(format!("d{i}"), *t));
        }
        s.candidates(&SuggestConfig {
            min_count: 1,
            top: None,
        })
    }

    fn typed(c: &[Candidate]) -> Vec<(String, String)> {
        c.iter()
            .map(|c| (c.name.clone(), c.entity_type.clone()))
            .collect()
    }

    const DICT: &str =
        "type\tname\taliases\tambiguous\norganization\tOpenAI\t\t\nperson\tElon Musk\tMusk\tMusk\n";

    #[test]
    fn tokens_split_elisions_and_keep_joined_words() {
        let text = "d’OpenAI, Jean-Luc, U.S. et AT&T ou l'Oréal 1.5";
        let words: Vec<&str> = tokens(text, 0, text.len())
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(
            words,
            ["d’", "OpenAI", "Jean-Luc", "U.S", "et", "AT&T", "ou", "l'", "Oréal", "1.5"]
        );
    }

    #[test]
    fn french_names_particles_titles_and_cues() {
        let c = suggest(
            DICT,
            &["La start-up Lumeria, fondée par Claire Dubreuil, lève des fonds auprès de la Banque de France. \
               Selon M. Ferrand, la société Velatech suivra. Le patron d’OpenAI, Sam Altman, a réagi. \
               Lumeria présentera le modèle Orion 2 chez Velatech."],
        );
        let got = typed(&c);
        for expected in [
            ("Lumeria", "organization"),
            ("Claire Dubreuil", "person"),
            ("Banque de France", "organization"),
            ("Ferrand", "person"),
            ("Velatech", "organization"),
            ("Sam Altman", "person"),
            ("Orion 2", "product"),
        ] {
            assert!(
                got.contains(&(expected.0.into(), expected.1.into())),
                "missing {expected:?} in {got:?}"
            );
        }
        assert!(
            !got.iter()
                .any(|(n, _)| n.contains("OpenAI") || n.contains("Selon") || n == "Le"),
            "{got:?}"
        );
    }

    #[test]
    fn english_cues_and_headlines() {
        let c = suggest(
            DICT,
            &["Kestrel Raises Funds To Build New Chips\n\nThe company Kestrel Labs, founded by Maria Lopez, \
               said on Monday that Elon Musk invested. In a statement, Mrs. Lopez thanked Halcyon Inc. \
               The startup Kestrel Labs will ship its app in June."],
        );
        let got = typed(&c);
        assert!(
            got.contains(&("Kestrel Labs".into(), "organization".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&("Maria Lopez".into(), "person".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&("Halcyon Inc".into(), "organization".into())),
            "{got:?}"
        );
        // The Title Case headline, "In", "Monday", "June" and the known Elon Musk are not candidates.
        for bad in [
            "Kestrel Raises Funds",
            "In",
            "Monday",
            "June",
            "Elon Musk",
            "The",
        ] {
            assert!(
                !got.iter().any(|(n, _)| n.starts_with(bad)),
                "{bad} in {got:?}"
            );
        }
        let lopez = c.iter().find(|c| c.name == "Maria Lopez").unwrap();
        assert_eq!(lopez.aliases, ["Lopez"]);
        assert_eq!(lopez.ambiguous, ["Lopez"]);
        assert_eq!(lopez.count, 2, "the lone surname counts for the person");
    }

    #[test]
    fn sentence_initial_words_need_evidence() {
        let c = suggest(
            DICT,
            &["Historiquement, rien. Velatech grandit. Malgré tout, Velatech recrute. Capacité réduite. La capacité baisse."],
        );
        assert_eq!(
            typed(&c),
            [("Velatech".to_string(), "organization".to_string())]
        );
        assert_eq!(c[0].count, 2);
    }

    #[test]
    fn output_is_ranked_deterministic_and_valid_tsv() {
        let texts = [
            "Velatech et Lumeria. Lumeria encore.",
            "Lumeria, Velatech et Orbis.",
        ];
        let a = suggest(DICT, &texts);
        let b = suggest(DICT, &[texts[1], texts[0]]);
        assert_eq!(a, {
            let mut b = b.clone();
            for c in &mut b {
                // document ids differ with the order; examples are the first by id
                c.example = a.iter().find(|x| x.name == c.name).unwrap().example.clone();
            }
            b
        });
        assert_eq!(a[0].name, "Lumeria");
        let mut out = Vec::new();
        write_tsv(&a, 2, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut d = DictionaryBuilder::new();
        d.add_tsv("s.tsv", &text).unwrap();
        assert_eq!(d.build().entities().len(), a.len());
    }
}
