//! Discovery during extraction: after dictionary matching, one pass over a document proposes entities for
//! the capitalised names no dictionary holds, types them from the cues around them, and links their short
//! forms ("Enders" after "Tom Enders", "Sequoia" after "Sequoia Capital") to them.
//!
//! A *name* is a run of capitalised or CamelCase words (`Epic Games`, `xAI`, `BioBurger`), with the
//! particles of names between them (`Marie-Sophie de Waubert`, `Bank of America`, `Shadow of the
//! Colossus`), never crossing punctuation, quotes or a dictionary mention. Titles, roles, demonyms,
//! months and function words are stripped from its ends (and the titles kept as cues); a sentence's
//! first word is dropped when it is a common word. What is left is typed by summing the evidence of all
//! its mentions in the document:
//!
//! * person: a first name followed by a surname, a title before it (`M.`, `Mme`, `Dr`), cues such as
//!   `, CEO of`, `a déclaré`, `said`;
//! * organization: a legal form or head as last word (`Inc`, `SA`, `Group`, `Capital`, `Games`), a first
//!   word such as `Banque`, `Groupe`, cues such as `la startup`, `l'éditeur`, `CEO of`, `'s shares`, an
//!   acronym; a name with no cue at all is an organization, weakly (most unlisted names in business news
//!   are);
//! * product: cues such as `le jeu`, `the drug`, `its model`, an ending such as `Pro` or `Ultra`, and a
//!   maker's name followed by a model code (`Airbus A320`, `Boeing 737 MAX`).
//!
//! A dictionary organization followed by more capitalised words ending in an organization head is
//! extended (`Reuters Founders Share Company`, `Bain Capital Ventures`). The evidence gives a confidence;
//! names below [`DiscoveryConfig::min_confidence`] are rejected, and so are single words that are common
//! words, first names alone, stopwords, dictionary forms the matcher did not accept here, and names seen
//! only at the start of sentences without any cue. Every decision is kept as a [`Note`] for `graphex
//! explain`.
//!
//! Discovery is a pure function of the document, the dictionary and the lexicon: documents can be
//! processed in any order on any thread.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::lexicon::{Category, Cue, Kind, Lexicon};
use super::tokens::{has_upper, is_acronym, title_case, tokens, Token};
use crate::dictionary::{Dictionary, Entity, EntityIndex, DISCOVERED};
use crate::matching::Mention;
use crate::text::fold;
use crate::text::lexicon::is_common_word;
use crate::text::segment::Segmentation;

/// The value of the `source` attribute of a discovered entity.
pub const SOURCE: &str = "discovered";

/// Options of discovery.
#[derive(Debug, Clone, Copy)]
pub struct DiscoveryConfig {
    /// Names whose evidence gives a lower confidence are rejected (default 0.5).
    pub min_confidence: f64,
}

impl Default for DiscoveryConfig {
    fn default() -> Self {
        DiscoveryConfig {
            min_confidence: 0.5,
        }
    }
}

/// Proposes entities for the names of a document that no dictionary holds. Build once with
/// [`Discoverer::new`]; share by reference across threads.
#[derive(Debug, Clone)]
pub struct Discoverer {
    lexicon: Lexicon,
    /// Every dictionary form, folded: a name the dictionary has is never proposed again.
    known_forms: HashSet<u64>,
    /// Folded entity names of the dictionary, with their entity when only one has that name: a
    /// capitalised mention of such a name mid-sentence is that entity even when its form is ambiguous.
    names: HashMap<u64, Option<EntityIndex>>,
    config: DiscoveryConfig,
}

/// What discovery decided about one name of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// A new entity (index into [`Discovery::entities`], with the [`DISCOVERED`] bit).
    Discovered(EntityIndex),
    /// A short form of an entity of the document (dictionary or discovered).
    ShortForm(EntityIndex),
    /// Not an entity, and why.
    Rejected(String),
}

/// A name discovery looked at, for explanations.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Byte offset of the name in the document.
    pub start: usize,
    /// One past its end.
    pub end: usize,
    /// What was decided.
    pub verdict: Verdict,
}

/// The result of discovery on one document.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// The entities discovered in the document; a mention's entity `DISCOVERED | i` is `entities[i]`.
    pub entities: Vec<Entity>,
    /// Every mention of the document in text order: the dictionary's, except those a longer discovered
    /// name replaced, and the discovered ones.
    pub mentions: Vec<Mention>,
    /// Every name looked at and the decision, in text order.
    pub notes: Vec<Note>,
}

/// One mention of a candidate name.
#[derive(Debug, Clone)]
struct Occurrence {
    start: usize,
    end: usize,
    /// The name starts its sentence (its capital says nothing).
    initial: bool,
    /// Evidence: (kind, weight, description).
    evidence: Vec<(Kind, u8, String)>,
    /// Dictionary mentions this name replaces: the organization it extends (`Bain Capital` in `Bain
    /// Capital Ventures`), the surname it completes (`Bolloré` in `Thierry Bolloré`), the part of a
    /// hyphenated name (`Dominique` in `Jean-Dominique`).
    replaces: Vec<usize>,
    /// The dictionary entity this name is, when the matcher left an ambiguous form of it alone.
    resolved: Option<EntityIndex>,
    /// An acronym in parentheses right after a name (`Bristol-Myers Squibb (BMS)`): the start of that
    /// name, whose entity the acronym stands for.
    acronym_of: Option<usize>,
}

/// Bytes of context read on each side of a name for its cues.
const CONTEXT_BYTES: usize = 96;

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Longer runs of capitalised words are headings or lists, not names.
const MAX_NAME_BYTES: usize = 80;
const MAX_NAME_WORDS: usize = 8;

/// Lowercase words that join the words of a name besides the particles of people's names.
const NAME_JOINERS: &[&str] = &["of", "for", "&", "of the"];

/// Words after a number that make it a quantity, not a model code (`Sanofi 100 millions`).
const UNITS: &[&str] = &[
    "%",
    "million",
    "millions",
    "milliard",
    "milliards",
    "billion",
    "billions",
    "trillion",
    "dollars",
    "euros",
    "ans",
    "years",
    "mois",
    "months",
    "jours",
    "days",
    "employés",
    "employees",
    "salariés",
    "points",
    "fois",
    "times",
    "pence",
    "shares",
    "actions",
    "m",
    "bn",
    "mn",
    "km",
    "h",
];

/// Words that make a name an institution wherever they stand in it, after its first word (`Carey
/// Business School`, `Roman Catholic Diocese of Pittsburgh`, `Johnston Press`): written for graphex.
const INSTITUTION_WORDS: &[&str] = &[
    "Academy",
    "Agency",
    "Airport",
    "Army",
    "Assembly",
    "Association",
    "Authority",
    "Bank",
    "Board",
    "Bureau",
    "Cabinet",
    "Church",
    "Club",
    "College",
    "Commission",
    "Committee",
    "Company",
    "Congress",
    "Corporation",
    "Council",
    "Court",
    "Department",
    "Diocese",
    "Exchange",
    "Foundation",
    "Fund",
    "Gazette",
    "Government",
    "Group",
    "Herald",
    "Hospital",
    "Institute",
    "Journal",
    "League",
    "Ministry",
    "Museum",
    "Navy",
    "Office",
    "Orchestra",
    "Parliament",
    "Party",
    "Police",
    "Post",
    "Press",
    "Railway",
    "Railways",
    "Republic",
    "School",
    "Senate",
    "Society",
    "Times",
    "Treasury",
    "Tribunal",
    "Tribune",
    "Union",
    "University",
    "Agence",
    "Armée",
    "Assemblée",
    "Autorité",
    "Banque",
    "Centre",
    "Conseil",
    "Cour",
    "Département",
    "Ecole",
    "École",
    "Fondation",
    "Gendarmerie",
    "Gouvernement",
    "Groupe",
    "Hôpital",
    "Institut",
    "Mairie",
    "Ministère",
    "Musée",
    "Parlement",
    "Parquet",
    "Parti",
    "Préfecture",
    "Sénat",
    "Société",
    "Syndicat",
    "Université",
];

/// Heads of the names of asset managers and funds, beside the lexicon's (`AXA Investment Managers`).
const FINANCE_HEADS: &[&str] = &[
    "Management",
    "Managers",
    "Investment",
    "Investments",
    "Investors",
    "Advisors",
    "Advisers",
    "Capital",
    "Partners",
    "Ventures",
    "Holdings",
    "Gestion",
    "Investissement",
    "Investissements",
];

/// Last words that make a name a place (`Avon River`, `Marin County`), and first words (`Lake Tahoe`,
/// `Mont Blanc`): written for graphex.
const PLACE_LAST_WORDS: &[&str] = &[
    "River",
    "Lake",
    "Mountains",
    "Mountain",
    "County",
    "Province",
    "Island",
    "Islands",
    "Valley",
    "Bay",
    "Sea",
    "Ocean",
    "Street",
    "Avenue",
    "Boulevard",
    "Bridge",
    "District",
    "Peninsula",
    "Desert",
    "Canyon",
    "Forest",
    "Strait",
    "Coast",
];
const PLACE_FIRST_WORDS: &[&str] = &[
    "Lake", "Mount", "Mont", "Lac", "Île", "Ile", "Rue", "Port", "Fort", "Cape", "Cap",
];

/// Lowercase words before a name that place it (`born in X`, `near X`, `à X`), with a weight.
const PLACE_BEFORE: &[(&str, u8)] = &[
    ("in", 1),
    ("near", 2),
    ("born in", 2),
    ("based in", 2),
    ("located in", 2),
    ("headquartered in", 2),
    ("moved to", 1),
    ("à", 1),
    ("près de", 2),
    ("basé à", 2),
    ("basée à", 2),
    ("né à", 2),
    ("née à", 2),
];

/// Determiners of an apposition after a name (`X, the studio behind…`, `X, le spécialiste de…`).
const APPOSITION: &[&str] = &[
    "the", "a", "an", "le", "la", "l'", "un", "une", "its", "son", "sa",
];

fn cap_like(w: &str) -> bool {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        // CamelCase starting in lowercase: xAI, iPhone, eBay.
        Some(c) if c.is_lowercase() => {
            (3..=24).contains(&w.chars().count()) && chars.any(char::is_uppercase)
        }
        _ => false,
    }
}

/// A hyphenated word whose parts are all capitalised (`Jean-Dominique`, `Thomson-Reuters`).
fn capitalised_compound(w: &str) -> bool {
    w.contains('-')
        && w.split('-')
            .all(|p| p.chars().next().is_some_and(char::is_uppercase))
}

/// A model code after a maker's name: letters and digits (`A320`, `S9`, `PS5`) or a three-digit number
/// (`737`).
fn is_model_code(w: &str) -> bool {
    let digits = w.chars().filter(char::is_ascii_digit).count();
    let letters = w.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let len = w.chars().count();
    digits > 0
        && len <= 8
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && (letters > 0 || len == 3)
}

/// A code that continues a name (`Galaxy S24`, `Grok 3`): letters and digits, or a number of one or two
/// digits (a version); longer numbers are amounts and years.
fn is_code_in_name(w: &str) -> bool {
    let digits = w.chars().filter(char::is_ascii_digit).count();
    digits > 0
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && (w.chars().any(|c| c.is_ascii_alphabetic()) || digits <= 2)
        && w.len() <= 8
}

/// Whether the gap between two words of a name keeps them together: spaces only (one line break inside
/// a paragraph included).
fn joins(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(char::is_whitespace) && gap.matches('\n').count() < 2
}

/// Splits punctuation off folded context words, so that `said.` is `said` and `, ceo` is two words.
fn context_words(folded: &str, keep_dots: bool) -> Vec<String> {
    let mut spaced = String::with_capacity(folded.len() + 8);
    for c in folded.chars() {
        if matches!(
            c,
            ',' | ';' | ':' | '(' | ')' | '[' | ']' | '!' | '?' | '"' | '«' | '»'
        ) || (c == '.' && !keep_dots)
        {
            spaced.push(' ');
            spaced.push(c);
            spaced.push(' ');
        } else {
            spaced.push(c);
        }
    }
    spaced.split_whitespace().map(str::to_string).collect()
}

fn applies(cue: &Cue, lang: Option<&str>) -> bool {
    match (cue.lang, lang) {
        (Some(c), Some(l)) => c == l,
        _ => true,
    }
}

fn kind_of_type(t: &str) -> Option<Kind> {
    match t {
        "person" => Some(Kind::Person),
        "organization" => Some(Kind::Organization),
        "product" => Some(Kind::Product),
        "place" => Some(Kind::Place),
        _ => None,
    }
}

/// The words of a document and where the dictionary's mentions are.
struct Words<'t> {
    text: &'t str,
    list: Vec<Token>,
    /// Per word: the dictionary mention covering it (a word wholly inside a mention, or one a mention
    /// only partly covers unless it is a capitalised compound).
    covered: Vec<Option<usize>>,
    /// Per word: a mention strictly inside this capitalised compound (`Dominique` in `Jean-Dominique`).
    inner: Vec<Option<usize>>,
}

impl<'t> Words<'t> {
    /// The words of `text[span]`; `first_mention` is the index of the first mention ending after its
    /// start.
    fn new(
        text: &'t str,
        span: std::ops::Range<usize>,
        mentions: &[Mention],
        first_mention: usize,
    ) -> Self {
        let list = tokens(text, span.start, span.end);
        let mut covered = vec![None; list.len()];
        let mut inner = vec![None; list.len()];
        let mut m = first_mention;
        for (i, w) in list.iter().enumerate() {
            while m < mentions.len() && mentions[m].end <= w.start {
                m += 1;
            }
            if m < mentions.len() && mentions[m].start < w.end && w.start < mentions[m].end {
                let whole = mentions[m].start <= w.start && w.end <= mentions[m].end;
                if !whole && capitalised_compound(&text[w.start..w.end]) {
                    inner[i] = Some(m);
                } else {
                    covered[i] = Some(m);
                }
            }
        }
        Words {
            text,
            list,
            covered,
            inner,
        }
    }

    fn word(&self, i: usize) -> &'t str {
        &self.text[self.list[i].start..self.list[i].end]
    }

    /// The text between word `i - 1` and word `i`.
    fn gap(&self, i: usize) -> &'t str {
        &self.text[self.list[i - 1].end..self.list[i].start]
    }
}

impl Discoverer {
    /// A discoverer over `lexicon`, knowing the forms of `dict` (they are never proposed again) and the
    /// first names of its people.
    pub fn new(lexicon: &Lexicon, dict: &Dictionary, config: DiscoveryConfig) -> Self {
        let mut lexicon = lexicon.clone();
        let mut known_forms =
            HashSet::with_capacity_and_hasher(dict.forms().len(), Default::default());
        for f in dict.forms() {
            known_forms.insert(text_hash(&f.folded, false));
        }
        let mut names: HashMap<u64, Option<EntityIndex>> = HashMap::default();
        for (i, e) in dict.entities().iter().enumerate() {
            names
                .entry(text_hash(&e.name, true))
                .and_modify(|v| *v = None)
                .or_insert(Some(i as EntityIndex));
        }
        // First names of the people the dictionary lists: a first word borne by two of them, or by one
        // of the curated (or user) people.
        let mut seen: HashMap<&str, u32> = HashMap::default();
        for e in dict.entities() {
            if e.entity_type != "person" {
                continue;
            }
            let mut words = e.name.split_whitespace();
            if let (Some(first), Some(_)) = (words.next(), words.next()) {
                let weight = if e.origin.starts_with(crate::dictionary::GENERATED_ORIGIN) {
                    1
                } else {
                    2
                };
                *seen.entry(first).or_insert(0) += weight;
            }
        }
        let mut seen: Vec<(&str, u32)> = seen.into_iter().collect();
        seen.sort_unstable();
        for (name, n) in seen {
            if n >= 2
                && name.chars().count() >= 3
                && name.chars().next().is_some_and(char::is_uppercase)
                && name.chars().skip(1).all(char::is_lowercase)
                && !is_common_word(name)
                && lexicon.stopword(name).is_none()
                && !lexicon.is_city(name)
            {
                lexicon.insert_first_name(name);
            }
        }
        Discoverer {
            lexicon,
            known_forms,
            names,
            config,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &DiscoveryConfig {
        &self.config
    }

    /// The word lists in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Discovers the entities of one document. `mentions` are the dictionary's, in text order;
    /// `segmentation` is the document's; `lang` chooses the cues (`None`: all).
    pub fn discover(
        &self,
        text: &str,
        segmentation: &Segmentation,
        dict: &Dictionary,
        mentions: Vec<Mention>,
        lang: Option<&str>,
    ) -> Discovery {
        let mut occurrences: Vec<Occurrence> = Vec::new();
        let mut notes: Vec<Note> = Vec::new();
        let mut first_mention = 0;
        for sentence in &segmentation.sentences {
            let span = sentence.span.start..sentence.span.end;
            while first_mention < mentions.len() && mentions[first_mention].end <= span.start {
                first_mention += 1;
            }
            // Most sentences hold no unlisted name: look at their bytes before reading their words.
            if !self.may_hold_a_name(text, &span, &mentions[first_mention..]) {
                continue;
            }
            let words = Words::new(text, span.clone(), &mentions, first_mention);
            if words.list.is_empty() {
                continue;
            }
            // Words of the dictionary's mentions do not count: a sentence full of known names is not a
            // headline.
            let surfaces: Vec<&str> = (0..words.list.len())
                .filter(|&i| words.covered[i].is_none())
                .map(|i| words.word(i))
                .collect();
            // An English headline in Title Case says nothing with its capitals. A headline has no final
            // stop: a sentence with one is prose, however many names it holds.
            let ends_as_prose = text[span.clone()]
                .trim_end()
                .trim_end_matches(['"', '»', '”', ')', '\''])
                .ends_with(['.', '!', '?', '…', ';']);
            if !ends_as_prose && title_case(&surfaces) {
                continue;
            }
            let context = Sentence {
                span,
                words: 0..words.list.len(),
                lang,
            };
            self.sentence_names(
                &words,
                &context,
                &mentions,
                dict,
                &mut occurrences,
                &mut notes,
            );
        }
        self.decide(text, dict, mentions, occurrences, notes)
    }

    /// Whether a sentence has a capitalised word outside the dictionary's mentions that could start a
    /// name: any but its first word, or a first word that is not a common word. A byte scan, no
    /// allocation: most sentences of a corpus stop here.
    fn may_hold_a_name(
        &self,
        text: &str,
        span: &std::ops::Range<usize>,
        mentions: &[Mention],
    ) -> bool {
        let bytes = text.as_bytes();
        let mut m = 0;
        let mut first = true;
        let mut i = span.start;
        while i < span.end {
            let b = bytes[i];
            // A word starts here: a letter after a non-word byte (or at the sentence start).
            let starts =
                i == span.start || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] >= 0x80);
            if starts && (b.is_ascii_alphabetic() || b >= 0xC0) {
                while m < mentions.len() && mentions[m].end <= i {
                    m += 1;
                }
                let inside = m < mentions.len() && mentions[m].start <= i;
                let word_end = text[i..span.end]
                    .find(|c: char| {
                        !(c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.' | '&'))
                    })
                    .map_or(span.end, |e| i + e);
                let word = &text[i..word_end];
                if !inside && word.chars().any(char::is_uppercase) && cap_like(word) {
                    if !first {
                        return true;
                    }
                    let bare = word.trim_end_matches(['.', '-', '\'', '’']);
                    if !(is_common_word(bare)
                        || self.lexicon.stopword(bare) == Some(Category::Function))
                    {
                        return true;
                    }
                }
                first = false;
                i = word_end.max(i + 1);
                continue;
            }
            i += 1;
        }
        false
    }

    /// Finds the name runs of one sentence and their evidence.
    fn sentence_names(
        &self,
        words: &Words<'_>,
        sentence: &Sentence<'_>,
        mentions: &[Mention],
        dict: &Dictionary,
        out: &mut Vec<Occurrence>,
        notes: &mut Vec<Note>,
    ) {
        let lex = &self.lexicon;
        let (first, last) = (sentence.words.start, sentence.words.end);
        let free = |i: usize| words.covered[i].is_none() && !words.list[i].elision;
        let mut i = first;
        while i < last {
            if !free(i) || !cap_like(words.word(i)) {
                i += 1;
                continue;
            }
            // The run: capitalised words, and joiners between two of them.
            let mut end = i + 1;
            loop {
                // An initial or `St.` inside a name: `William P. Carey`, `St. Louis`.
                let initial_dot = |j: usize| {
                    let prev = words.word(j - 1);
                    let short =
                        prev.chars().count() == 1 || matches!(prev, "St" | "Mt" | "Ft" | "Ste");
                    short
                        && prev.chars().next().is_some_and(char::is_uppercase)
                        && lex.stopword(&format!("{prev}.")) != Some(Category::Title)
                        && words.gap(j).starts_with('.')
                        && joins(&words.gap(j)[1..])
                };
                if end < last
                    && free(end)
                    && (joins(words.gap(end)) || initial_dot(end))
                    && (cap_like(words.word(end)) || is_code_in_name(words.word(end)))
                    && !(initial_dot(end) && lex.stopword(words.word(end)).is_some())
                {
                    end += 1;
                    continue;
                }
                // One or two lowercase joiners, then a capitalised word: `de la`, `von der`, `of the`.
                let mut joined = false;
                for k in 1..=2 {
                    let next = end + k;
                    if next >= last || !free(next) {
                        break;
                    }
                    // Joiners are short lowercase words: most runs end at a longer one.
                    if (end..next).any(|j| {
                        let w = words.word(j);
                        w.len() > 4 || w.starts_with(char::is_uppercase)
                    }) {
                        break;
                    }
                    let joiner: Vec<&str> = (end..next).map(|j| words.word(j)).collect();
                    let joiner = fold(&joiner.join(" "));
                    let ok_gaps =
                        (end..=next).all(|j| joins(words.gap(j)) || words.list[j - 1].elision);
                    if ok_gaps
                        && cap_like(words.word(next))
                        && (lex.is_particle(&joiner) || NAME_JOINERS.contains(&joiner.as_str()))
                        && lex.stopword(words.word(next)).is_none()
                    {
                        end = next + 1;
                        joined = true;
                        break;
                    }
                }
                if !joined {
                    break;
                }
            }
            // One capitalised word before a one-word dictionary organization or product: a person
            // (`Thierry Bolloré`) or a longer name (`Louis Delhaize`) that the dictionary only partly
            // knows.
            let mut absorbed = None;
            if end == i + 1 && end < last && joins(words.gap(end)) {
                if let Some(m) = words.covered[end] {
                    let mention = &mentions[m];
                    let one_word = mention.start == words.list[end].start
                        && mention.end == words.list[end].end;
                    let entity = dict.entity(mention.entity);
                    let kind = kind_of_type(&entity.entity_type);
                    let w = words.word(i);
                    // Another first name before a dictionary person's surname is another person
                    // (`Charlie Guillemot` beside `Yves Guillemot`).
                    let other_person = kind == Some(Kind::Person)
                        && entity.name.split_whitespace().next() != Some(w)
                        && entity.name.contains(char::is_whitespace);
                    if one_word
                        && (matches!(kind, Some(Kind::Organization | Kind::Product))
                            || other_person)
                        && (lex.is_first_name(w) || lex.ambiguous_first_name(w).is_some())
                        && lex.stopword(w).is_none()
                        && cap_like(words.word(end))
                    {
                        absorbed = Some(m);
                        end += 1;
                    }
                }
            }
            let run = i..end;
            i = end;
            self.candidate(words, sentence, run, absorbed, mentions, dict, out, notes);
        }
    }

    /// Trims a run to a candidate name, collects its evidence and pushes it.
    #[allow(clippy::too_many_arguments)]
    fn candidate(
        &self,
        words: &Words<'_>,
        sentence: &Sentence<'_>,
        run: std::ops::Range<usize>,
        absorbed: Option<usize>,
        mentions: &[Mention],
        dict: &Dictionary,
        out: &mut Vec<Occurrence>,
        notes: &mut Vec<Note>,
    ) {
        let lex = &self.lexicon;
        let text = words.text;
        let word = |i: usize| words.word(i);
        let mut evidence: Vec<(Kind, u8, String)> = Vec::new();
        let (mut a, mut b) = (run.start, run.end);
        // The first word of the sentence (after an opening quote or dash).
        let sentence_initial = |i: usize| {
            i == sentence.words.start
                && text[sentence.span.start..words.list[i].start]
                    .chars()
                    .all(|c| !c.is_alphanumeric())
        };
        let mut initial = sentence_initial(a);
        // A title or role inside the run: the name is what follows the last one (`Prime Minister
        // Sheikh Hasina`, `Leader of the Opposition Khaleda Zia`).
        if let Some(j) = (a..b.saturating_sub(1)).rev().find(|&j| {
            matches!(
                lex.stopword(word(j)),
                Some(Category::Title | Category::Role)
            ) && cap_like(word(j + 1))
                && joins(words.gap(j + 1))
        }) {
            if j > a {
                let w = word(j);
                let weight = if lex.stopword(w) == Some(Category::Title) {
                    3
                } else {
                    2
                };
                evidence.push((Kind::Person, weight, format!("title \"{w}\"")));
                a = j + 1;
                initial = false;
            }
        }
        // A common word starting the sentence is dropped, unless it starts a longer name that ends in
        // a head (`Quantum Widget Systems`, `General Electric Company`).
        let headed = b - a >= 2 && {
            let last = word(b - 1);
            self.ends_in_org_head(last) || INSTITUTION_WORDS.contains(&last)
        };
        if initial {
            let w = word(a);
            let function = lex.stopword(w) == Some(Category::Function);
            if function || (is_common_word(w) && !headed) {
                a += 1;
                initial = false;
            }
        }
        // Titles, roles, months, function words… at the ends are not part of the name.
        while a < b {
            let w = word(a);
            // `Prince of Persia`, `Duke of York`: a title followed by a joiner starts a name.
            if a + 1 < b && !cap_like(word(a + 1)) && lex.stopword(w) == Some(Category::Title) {
                break;
            }
            match lex.stopword(w) {
                Some(Category::Title) => {
                    evidence.push((Kind::Person, 3, format!("title \"{w}\"")));
                }
                Some(Category::Role) => {
                    if a + 1 < b && cap_like(word(a + 1)) {
                        evidence.push((Kind::Person, 2, format!("role \"{w}\"")));
                    }
                }
                Some(Category::Demonym | Category::Group)
                    if b - a > 1 && self.ends_in_org_head(word(b - 1)) =>
                {
                    break
                }
                Some(_) => {}
                None => break,
            }
            a += 1;
            initial = false;
            // The joiner after a stripped word goes with it (`CEO of Finix`).
            while a < b && !cap_like(word(a)) {
                a += 1;
            }
        }
        while b > a {
            let w = word(b - 1);
            let strip = match lex.stopword(w) {
                Some(Category::Month | Category::Day | Category::Function | Category::Title) => {
                    true
                }
                Some(Category::Role | Category::Acronym) => b - a > 1,
                _ => !cap_like(w) && !is_model_code(w),
            };
            if !strip {
                break;
            }
            b -= 1;
        }
        if a >= b {
            return;
        }
        let mut replaces: Vec<usize> = (a..b).filter_map(|i| words.inner[i]).collect();
        if let Some(m) = absorbed.filter(|_| b == run.end) {
            replaces.push(m);
        }
        let mut start = words.list[a].start;
        let mut end = words.list[b - 1].end;
        // English possessive: `Sequoia's portfolio` names Sequoia.
        let last_surface = word(b - 1);
        for apostrophe in ["'s", "’s"] {
            if last_surface.len() > apostrophe.len() && last_surface.ends_with(apostrophe) {
                end -= apostrophe.len();
            }
        }
        let n_words = b - a;
        let first = word(a);
        let last_word = &text[words.list[b - 1].start..end];
        // A dictionary organization right before the name, with only a space between: the name may
        // extend it (`Bain Capital` + `Ventures`) or be its model (`Airbus` + `A320`).
        if let Some(m) = a
            .checked_sub(1)
            .and_then(|p| words.covered[p])
            .filter(|&m| mentions[m].end <= start && joins(&text[mentions[m].end..start]))
        {
            let maker = dict.entity(mentions[m].entity);
            let product_suffix = n_words == 1
                && (lex
                    .last_word_cues(first)
                    .iter()
                    .any(|c| c.kind == Kind::Product)
                    || (is_acronym(first) && first.len() <= 5)
                    || is_code_in_name(first));
            if maker.entity_type == "product" && product_suffix {
                // A version of a listed product: `Boeing 737` + `MAX`, `Galaxy S24` + `Ultra`.
                replaces.push(m);
                evidence.push((Kind::Product, 4, format!("extends \"{}\"", maker.name)));
            } else if maker.entity_type == "organization" && self.ends_in_org_head(last_word) {
                replaces.push(m);
                evidence.push((Kind::Organization, 3, format!("extends \"{}\"", maker.name)));
            } else if maker.entity_type == "organization"
                && is_model_code(first)
                && !self.followed_by_unit(text, end)
            {
                replaces.push(m);
                evidence.push((
                    Kind::Product,
                    3,
                    format!("maker \"{}\" + model", maker.name),
                ));
            } else {
                // A one-word dictionary name that is also a first name, then a surname: a person
                // (`Izumi Kawanishi`, where `Izumi` is also a company).
                let surface = &text[mentions[m].start..mentions[m].end];
                if maker.entity_type != "person"
                    && n_words == 1
                    && !surface.contains(char::is_whitespace)
                    && (lex.is_first_name(surface) || lex.ambiguous_first_name(surface).is_some())
                    && !self.ends_in_org_head(last_word)
                    && !is_acronym(last_word)
                {
                    replaces.push(m);
                    evidence.push((Kind::Person, 3, format!("first name \"{surface}\"")));
                }
            }
            if replaces.contains(&m) {
                start = mentions[m].start;
                initial = false;
            }
        }
        let extends = replaces
            .iter()
            .any(|&m| mentions[m].start < words.list[a].start);
        if !extends && is_model_code(first) {
            // A number or code alone is not a name.
            return;
        }
        let name = &text[start..end];
        let plain = !extends && absorbed.is_none();
        // Even at the start of a sentence: the name is neither a common word nor a first name.
        let resolved = if plain {
            self.dictionary_name(name)
        } else {
            None
        };
        if plain && resolved.is_none() {
            if let Some(reason) = self.rejection(name, n_words, first, &(a..b), words) {
                notes.push(Note {
                    start,
                    end,
                    verdict: Verdict::Rejected(reason),
                });
                return;
            }
        }
        if resolved.is_none() {
            self.name_evidence(
                words,
                sentence,
                a,
                b,
                start,
                end,
                mentions,
                dict,
                out,
                &mut evidence,
            );
        }
        let acronym_of = match resolved {
            None => self.acronym_of(words, sentence, a, b, start, end, out),
            Some(_) => None,
        };
        out.push(Occurrence {
            start,
            end,
            initial,
            evidence,
            replaces,
            resolved,
            acronym_of,
        });
    }

    /// The evidence of a name's own words, of the words around it and of the list it belongs to.
    #[allow(clippy::too_many_arguments)]
    fn name_evidence(
        &self,
        words: &Words<'_>,
        sentence: &Sentence<'_>,
        a: usize,
        b: usize,
        start: usize,
        end: usize,
        mentions: &[Mention],
        dict: &Dictionary,
        out: &[Occurrence],
        evidence: &mut Vec<(Kind, u8, String)>,
    ) {
        let lex = &self.lexicon;
        let text = words.text;
        let word = |i: usize| words.word(i);
        let name = &text[start..end];
        let n_words = b - a;
        let first = word(a);
        let last_word = &text[words.list[b - 1].start..end];
        // Words of the name.
        let institution = (a + 1..b).any(|i| INSTITUTION_WORDS.contains(&word(i)));
        if institution {
            evidence.push((Kind::Organization, 3, "institution word".into()));
        }
        if let Some(w) = (a + 1..b)
            .map(word)
            .find(|w| PLACE_LAST_WORDS.contains(w))
            .or_else(|| Some(first).filter(|w| n_words >= 2 && PLACE_FIRST_WORDS.contains(w)))
        {
            evidence.push((Kind::Place, 3, format!("place word \"{w}\"")));
        }
        if last_word.len() > 5 && last_word.ends_with("shire") {
            evidence.push((Kind::Place, 3, "ending \"shire\"".into()));
        }
        // `Harrogate, North Yorkshire`: a place named right after, after a comma.
        if b < sentence.words.end
            && words.gap(b).trim() == ","
            && words.covered[b]
                .is_some_and(|m| dict.entity(mentions[m].entity).entity_type == "place")
        {
            evidence.push((Kind::Place, 2, "a place after a comma".into()));
        }
        if n_words >= 2
            && !self.ends_in_org_head(last_word)
            && !is_acronym(last_word)
            && !institution
        {
            let first_part = first.split('-').next().unwrap_or(first);
            if lex.is_first_name(first) || (first.contains('-') && lex.is_first_name(first_part)) {
                evidence.push((Kind::Person, 3, format!("first name \"{first}\"")));
            } else if lex.ambiguous_first_name(first).is_some()
                || (first.contains('-') && lex.ambiguous_first_name(first_part).is_some())
            {
                evidence.push((
                    Kind::Person,
                    1,
                    format!("first name \"{first}\" (also a word)"),
                ));
            }
        }
        // The words of a name are cues in any language: an English name in a French text keeps its head
        // (`Riot Games`).
        for c in lex.first_word_cues(first) {
            if n_words >= 2 {
                evidence.push((c.kind, c.weight + 1, format!("first word \"{first}\"")));
            }
        }
        for c in lex.last_word_cues(last_word) {
            if n_words >= 2 || c.kind == Kind::Organization {
                evidence.push((c.kind, c.weight + 1, format!("last word \"{last_word}\"")));
            }
        }
        if let Some(c) = lex.affix_cue(last_word) {
            evidence.push((c.kind, c.weight, format!("ending \"{}\"", c.phrase)));
        }
        if n_words == 1 && is_acronym(first) {
            evidence.push((Kind::Organization, 1, "acronym".into()));
        }
        if lex.is_city(name) {
            // A city of several words (`San Francisco`) outweighs a first name.
            let weight = if n_words >= 2 { 4 } else { 2 };
            evidence.push((Kind::Place, weight, "city".into()));
        }
        self.context_evidence(text, sentence, start, end, evidence);
        // `les séries X, Y et Z`: a member of a list takes the cues around the one before it.
        if let Some(prev) = out
            .last()
            .filter(|p| p.end <= start && p.start >= sentence.span.start)
        {
            let between = text[prev.end..start].trim();
            if matches!(
                between,
                "," | "et" | "and" | "ou" | "or" | ", et" | ", and" | "&"
            ) {
                let inherited: Vec<(Kind, u8, String)> = prev
                    .evidence
                    .iter()
                    .filter(|(_, w, why)| {
                        *w >= 2
                            && ["noun", "cue", "apposition", "listed"]
                                .iter()
                                .any(|k| why.starts_with(k))
                    })
                    .map(|(kind, w, why)| {
                        let why = why.strip_prefix("listed with ").unwrap_or(why);
                        (*kind, *w, format!("listed with {why}"))
                    })
                    .collect();
                evidence.extend(inherited);
            }
        }
    }

    /// The start of the name an acronym in parentheses abbreviates: `X (ACR)` where the capitals of
    /// `X`'s words, in order, include the acronym's letters.
    #[allow(clippy::too_many_arguments)]
    fn acronym_of(
        &self,
        words: &Words<'_>,
        sentence: &Sentence<'_>,
        a: usize,
        b: usize,
        start: usize,
        end: usize,
        out: &[Occurrence],
    ) -> Option<usize> {
        let text = words.text;
        let acronym = &text[start..end];
        if b - a != 1 || !is_acronym(acronym) || a == sentence.words.start {
            return None;
        }
        if text[..start].trim_end().strip_suffix('(').is_none()
            || !text[end..].trim_start().starts_with(')')
        {
            return None;
        }
        let before_paren = text[..start].trim_end();
        let before_paren = before_paren[..before_paren.len() - 1].trim_end();
        let name_start = match words.covered[a - 1] {
            Some(_) => {
                // The mention ending right before the parenthesis.
                let w = &words.list[a - 1];
                (w.end == before_paren.len()).then_some(w.start)
            }
            None => out
                .iter()
                .rev()
                .find(|o| o.end == before_paren.len())
                .map(|o| o.start),
        }?;
        let name = &text[name_start..before_paren.len()];
        let capitals: String = name
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        let mut letters = acronym.chars().filter(|c| c.is_alphabetic());
        let mut rest = capitals.chars();
        let ok = letters.all(|l| rest.any(|c| c == l));
        ok.then_some(name_start)
    }

    /// Cues around a name, within its sentence: phrases before and after it, a noun that names what
    /// follows (`fintech start-up X`, `le jeu mobile X`), an apposition (`X, the studio behind…`).
    fn context_evidence(
        &self,
        text: &str,
        sentence: &Sentence<'_>,
        start: usize,
        end: usize,
        evidence: &mut Vec<(Kind, u8, String)>,
    ) {
        let lex = &self.lexicon;
        let lang = sentence.lang;
        // A window around the name is enough for the longest cue, and keeps long sentences linear.
        let from =
            floor_char_boundary(text, start.saturating_sub(CONTEXT_BYTES)).max(sentence.span.start);
        let to = ceil_char_boundary(text, (end + CONTEXT_BYTES).min(sentence.span.end.max(end)));
        let before_text = &text[from..start];
        // A word cut by the window is not a word.
        let before_text = if from > sentence.span.start {
            before_text.split_once(' ').map_or("", |(_, rest)| rest)
        } else {
            before_text
        };
        let before = context_words(&fold(before_text), true);
        for k in 1..=lex.max_before_words().min(before.len()) {
            let phrase = before[before.len() - k..].join(" ");
            for c in lex.before_cues(&phrase) {
                if applies(c, lang) {
                    evidence.push((c.kind, c.weight, format!("cue \"{}\"", c.phrase)));
                }
            }
        }
        // The noun right before the name, or before one adjective after it (French order), written in
        // lowercase (a capitalised word before the name is part of another name); a colon may stand
        // between the noun and the name (`ses trois séries : X, Y et Z`).
        let raw = context_words(before_text, true);
        let aligned = raw.len() == before.len();
        let n = before.len() - usize::from(before.last().is_some_and(|w| w == ":"));
        let lowercase = |i: usize| {
            aligned
                && raw
                    .get(i)
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_lowercase)
        };
        let noun_at = |i: usize| {
            before
                .get(i)
                .filter(|w| w.chars().count() >= 3 && !is_stop(lex, w) && lowercase(i))
                .and_then(|w| lex.head_noun(w))
        };
        let adjective = |w: &str| {
            w.chars().all(char::is_alphabetic) && lex.head_noun(w).is_none() && !is_stop(lex, w)
        };
        let noun = n
            .checked_sub(1)
            .and_then(|i| noun_at(i).map(|k| (i, k)))
            .or_else(|| {
                n.checked_sub(2)
                    .filter(|_| adjective(&before[n - 1]))
                    .and_then(|i| noun_at(i).map(|k| (i, k)))
            });
        if let Some((i, (kind, weight))) = noun {
            evidence.push((kind, weight.max(2), format!("noun \"{}\"", before[i])));
        }
        for (phrase, weight) in PLACE_BEFORE {
            let k = phrase.split(' ').count();
            if before.len() >= k && before[before.len() - k..].join(" ") == *phrase {
                evidence.push((Kind::Place, *weight, format!("cue \"{phrase}\"")));
            }
        }
        let after_text = &text[end..to];
        let after_text = if to < sentence.span.end {
            after_text.rsplit_once(' ').map_or("", |(head, _)| head)
        } else {
            after_text
        };
        let after = context_words(&fold(after_text), false);
        for k in 1..=lex.max_after_words().min(after.len()) {
            let phrase = after[..k].join(" ");
            for c in lex.after_cues(&phrase) {
                if applies(c, lang) {
                    evidence.push((c.kind, c.weight, format!("cue \"{}\"", c.phrase)));
                }
            }
        }
        // `X, the studio behind …`: a determiner after a comma, up to four words, then a noun.
        if after.first().is_some_and(|w| w == ",")
            && after
                .get(1)
                .is_some_and(|w| APPOSITION.contains(&w.as_str()))
        {
            for w in after.iter().skip(2).take(5) {
                if let Some((kind, weight)) = lex.head_noun(w) {
                    evidence.push((kind, weight.max(2), format!("apposition \"{w}\"")));
                    break;
                }
                if !adjective(w) {
                    break;
                }
            }
        }
    }

    fn ends_in_org_head(&self, word: &str) -> bool {
        FINANCE_HEADS.contains(&word)
            || self
                .lexicon
                .last_word_cues(word)
                .iter()
                .any(|c| c.kind == Kind::Organization)
    }

    fn followed_by_unit(&self, text: &str, end: usize) -> bool {
        let next = text[end..]
            .split(char::is_whitespace)
            .find(|w| !w.is_empty())
            .unwrap_or("");
        let next = next.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '%');
        next.starts_with('%') || UNITS.contains(&next.to_lowercase().as_str())
    }

    /// The dictionary entity a capitalised name is, when the matcher left it alone because its form is
    /// ambiguous: a unique entity name that is neither a common word, a first name nor a short code.
    fn dictionary_name(&self, name: &str) -> Option<EntityIndex> {
        // A short capitalised code (`XXL`, `EA`) is too often something else to be trusted alone.
        let short_code = !name.chars().any(char::is_lowercase)
            && name.chars().filter(|c| c.is_alphabetic()).count() < 4;
        if short_code
            || is_common_word(name)
            || self.lexicon.is_first_name(name)
            || self.lexicon.ambiguous_first_name(name).is_some()
            || self.lexicon.stopword(name).is_some()
        {
            return None;
        }
        self.names.get(&text_hash(name, true)).copied().flatten()
    }

    /// Why a name is not an entity, whatever its cues; `None` when it may be one.
    fn rejection(
        &self,
        name: &str,
        n_words: usize,
        first: &str,
        range: &std::ops::Range<usize>,
        words: &Words<'_>,
    ) -> Option<String> {
        let lex = &self.lexicon;
        if self.known_forms.contains(&text_hash(name, false)) {
            return Some("a dictionary form, not accepted here by the matcher".into());
        }
        if name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return Some("too short".into());
        }
        if name.len() > MAX_NAME_BYTES || n_words > MAX_NAME_WORDS {
            return Some("too long for a name".into());
        }
        if n_words == 1 {
            if let Some(c) = lex.stopword(name) {
                return Some(format!("a stopword ({c:?})").to_lowercase());
            }
            if is_common_word(name) {
                return Some("a common word".into());
            }
            // `U.S`, `D.G`: abbreviations, which the dictionaries spell out when they are names.
            if name.contains('.') && name.split('.').all(|p| p.chars().count() <= 2) {
                return Some("an abbreviation".into());
            }
            if !has_upper(first) {
                return Some("no capital".into());
            }
        }
        // Every word a legal form or a head (`Ltd.`, `Group Inc`), or a common word (`Big Three`,
        // `Series B`): not a name by itself.
        let all = |f: &dyn Fn(&str) -> bool| {
            range
                .clone()
                .map(|i| words.word(i))
                .filter(|w| !is_model_code(w) && w.chars().any(char::is_alphabetic))
                .all(f)
        };
        if all(&|w| self.ends_in_org_head(w.trim_end_matches('.'))) {
            return Some("only a legal form or head".into());
        }
        let institution = range.clone().skip(1).any(|i| {
            let w = words.word(i);
            INSTITUTION_WORDS.contains(&w) || self.ends_in_org_head(w)
        });
        if n_words >= 2 && !institution && all(&|w| is_common_word(w) || lex.stopword(w).is_some())
        {
            return Some("only common words".into());
        }
        // `CC BY-NC-ND`: codes and acronyms side by side, without a head that makes them a name.
        if n_words >= 2 && !institution && all(&|w| !w.chars().any(char::is_lowercase)) {
            return Some("a string of codes or acronyms".into());
        }
        None
    }

    /// Groups the occurrences by name, types and scores each name, resolves short forms, and builds the
    /// document's entities and mention list.
    fn decide(
        &self,
        text: &str,
        dict: &Dictionary,
        dictionary_mentions: Vec<Mention>,
        occurrences: Vec<Occurrence>,
        mut notes: Vec<Note>,
    ) -> Discovery {
        // A name resolved to a dictionary entity once is that entity everywhere in the document, and so
        // is an acronym given in parentheses for a name.
        let mut resolved: HashMap<String, EntityIndex> = HashMap::default();
        for o in &occurrences {
            if let Some(e) = o.resolved {
                resolved
                    .entry(normalized(&text[o.start..o.end]))
                    .or_insert(e);
            }
        }
        let acronyms: HashSet<String> = occurrences
            .iter()
            .filter(|o| o.acronym_of.is_some())
            .map(|o| normalized(&text[o.start..o.end]))
            .collect();
        // Names in order of first occurrence.
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::default();
        let mut order: Vec<String> = Vec::new();
        for (i, o) in occurrences.iter().enumerate() {
            let key = normalized(&text[o.start..o.end]);
            if o.resolved.is_some() || resolved.contains_key(&key) || acronyms.contains(&key) {
                continue;
            }
            let name = normalized(&text[o.start..o.end]);
            let list = by_name.entry(name.clone()).or_default();
            if list.is_empty() {
                order.push(name);
            }
            list.push(i);
        }
        let scored: Vec<Scored<'_>> = order
            .iter()
            .map(|name| {
                let (kind, confidence, cue) =
                    self.score(by_name[name].iter().map(|&i| &occurrences[i]));
                Scored {
                    name,
                    kind,
                    confidence,
                    cue,
                    single: !name.contains(char::is_whitespace),
                }
            })
            .collect();
        // Full names that give short forms: the document's dictionary entities of several words, and
        // the discovered names of several words that pass.
        let mut full_names: Vec<(String, Kind, Option<EntityIndex>)> = Vec::new();
        for m in &dictionary_mentions {
            let e = dict.entity(m.entity);
            // The matcher already links a dictionary person's surname to the one named in full.
            if e.name.split_whitespace().count() >= 2 && e.entity_type != "person" {
                if let Some(kind) = kind_of_type(&e.entity_type) {
                    if !full_names.iter().any(|(n, _, _)| *n == e.name) {
                        full_names.push((e.name.clone(), kind, Some(m.entity)));
                    }
                }
            }
        }
        let min = self.config.min_confidence;
        let mut entities: Vec<Entity> = Vec::new();
        let mut verdicts: HashMap<&str, Verdict> = HashMap::default();
        let keys: Vec<String> = occurrences
            .iter()
            .map(|o| normalized(&text[o.start..o.end]))
            .collect();
        let discover = |s: &Scored<'_>, entities: &mut Vec<Entity>| -> EntityIndex {
            let index = DISCOVERED | entities.len() as EntityIndex;
            let mut attributes = BTreeMap::new();
            attributes.insert("source".to_string(), SOURCE.to_string());
            attributes.insert("cue".to_string(), s.cue.clone());
            attributes.insert("confidence".to_string(), format!("{:.2}", s.confidence));
            entities.push(Entity {
                id: format!("{}:{}", s.kind.as_str(), s.name),
                entity_type: s.kind.as_str().to_string(),
                name: s.name.to_string(),
                aliases: Vec::new(),
                external_id: None,
                attributes,
                origin: SOURCE.to_string(),
                ambiguous: Default::default(),
                case: Default::default(),
                cues: Vec::new(),
            });
            index
        };
        // Names of several words first: they give the short forms.
        for s in scored.iter().filter(|s| !s.single && s.confidence >= min) {
            let index = discover(s, &mut entities);
            verdicts.insert(s.name, Verdict::Discovered(index));
            full_names.push((s.name.to_string(), s.kind, Some(index)));
        }
        // People named in full in the document, by first name: a first name alone (`Dario`, after `Dario
        // Amodei`) is that person when no other person of the document bears it.
        let mut first_names: Vec<(&str, EntityIndex)> = Vec::new();
        for m in &dictionary_mentions {
            let e = dict.entity(m.entity);
            let mut words = e.name.split_whitespace();
            if let (Some(first), Some(_), "person") =
                (words.next(), words.next(), e.entity_type.as_str())
            {
                if !first_names.contains(&(first, m.entity)) {
                    first_names.push((first, m.entity));
                }
            }
        }
        for (full, kind, index) in &full_names {
            if let (Kind::Person, Some(index), Some(first)) =
                (kind, index, full.split_whitespace().next())
            {
                if full.contains(char::is_whitespace) && !first_names.contains(&(first, *index)) {
                    first_names.push((first, *index));
                }
            }
        }
        let by_first_name = |name: &str| -> Option<EntityIndex> {
            let mut found = first_names.iter().filter(|(f, _)| *f == name);
            match (found.next(), found.next()) {
                (Some(&(_, e)), None) => Some(e),
                _ => None,
            }
        };
        let short_form = |name: &str| -> Option<EntityIndex> {
            if self.lexicon.is_first_name(name) || self.lexicon.ambiguous_first_name(name).is_some()
            {
                if let Some(e) = by_first_name(name) {
                    return Some(e);
                }
            }
            full_names.iter().find_map(|(full, kind, index)| {
                let words: Vec<&str> = full.split_whitespace().collect();
                let hit = match kind {
                    Kind::Person => words.last() == Some(&name),
                    Kind::Place => false,
                    _ => words.first() == Some(&name) && !self.lexicon.is_first_name(name),
                };
                if hit {
                    *index
                } else {
                    None
                }
            })
        };
        for s in scored.iter().filter(|s| s.single) {
            let verdict = match short_form(s.name) {
                Some(e) => Verdict::ShortForm(e),
                None if s.confidence >= min => Verdict::Discovered(discover(s, &mut entities)),
                None => Verdict::Rejected(format!(
                    "confidence {:.2} below {min:.2} ({})",
                    s.confidence, s.cue
                )),
            };
            verdicts.insert(s.name, verdict);
        }
        for s in scored.iter().filter(|s| !s.single && s.confidence < min) {
            verdicts.insert(
                s.name,
                Verdict::Rejected(format!(
                    "confidence {:.2} below {min:.2} ({})",
                    s.confidence, s.cue
                )),
            );
        }
        // Mentions: the dictionary's, minus those a name replaced, plus the names and short forms.
        let mut replaced = vec![false; dictionary_mentions.len()];
        let mut mentions = Vec::with_capacity(dictionary_mentions.len() + occurrences.len());
        for (o, key) in occurrences.iter().zip(&keys) {
            if acronyms.contains(key) {
                continue;
            }
            let verdict = match o.resolved.or_else(|| resolved.get(key).copied()) {
                Some(e) => Verdict::ShortForm(e),
                None => verdicts
                    .get(key.as_str())
                    .cloned()
                    .unwrap_or_else(|| Verdict::Rejected(String::new())),
            };
            if let Verdict::Discovered(e) | Verdict::ShortForm(e) = verdict {
                for &m in &o.replaces {
                    replaced[m] = true;
                }
                mentions.push(Mention {
                    start: o.start,
                    end: o.end,
                    entity: e,
                    form: u32::MAX,
                });
            }
            notes.push(Note {
                start: o.start,
                end: o.end,
                verdict,
            });
        }
        mentions.extend(
            dictionary_mentions
                .into_iter()
                .zip(replaced)
                .filter(|(_, r)| !r)
                .map(|(m, _)| m),
        );
        mentions.sort_by_key(|m| (m.start, m.end));
        // Acronyms: the entity of the name they follow, at every mention of the acronym.
        let mut acronym_entity: HashMap<&str, EntityIndex> = HashMap::default();
        for (o, key) in occurrences.iter().zip(&keys) {
            if let Some(at) = o.acronym_of {
                if let Some(m) = mentions.iter().find(|m| m.start == at) {
                    acronym_entity.entry(key.as_str()).or_insert(m.entity);
                }
            }
        }
        for (o, key) in occurrences.iter().zip(&keys) {
            if !acronyms.contains(key) {
                continue;
            }
            let verdict = match acronym_entity.get(key.as_str()) {
                Some(&e) => {
                    mentions.push(Mention {
                        start: o.start,
                        end: o.end,
                        entity: e,
                        form: u32::MAX,
                    });
                    Verdict::ShortForm(e)
                }
                None => Verdict::Rejected("an acronym of a name that is not an entity".into()),
            };
            notes.push(Note {
                start: o.start,
                end: o.end,
                verdict,
            });
        }
        mentions.sort_by_key(|m| (m.start, m.end));
        // A replaced mention may overlap a name that was rejected after all: keep the first of any
        // overlapping pair (they are sorted by start).
        let mut last_end = 0;
        mentions.retain(|m| {
            let keep = m.start >= last_end;
            if keep {
                last_end = m.end;
            }
            keep
        });
        notes.sort_by_key(|n| (n.start, n.end));
        Discovery {
            entities,
            mentions,
            notes,
        }
    }

    /// The type, confidence and main cue of a name from the evidence of its occurrences.
    fn score<'a>(&self, occurrences: impl Iterator<Item = &'a Occurrence>) -> (Kind, f64, String) {
        let mut score: BTreeMap<Kind, u32> = BTreeMap::new();
        let mut best_cue: BTreeMap<Kind, (u8, String)> = BTreeMap::new();
        let (mut count, mut inside, mut extends) = (0, 0, false);
        for o in occurrences {
            count += 1;
            if !o.initial {
                inside += 1;
            }
            extends |= !o.replaces.is_empty();
            // Repeated cues count once per occurrence and kind, so a long article does not inflate them.
            let mut here: BTreeMap<Kind, u8> = BTreeMap::new();
            for (kind, weight, why) in &o.evidence {
                let w = here.entry(*kind).or_insert(0);
                *w = (*w).max(*weight).min(4);
                let best = best_cue.entry(*kind).or_insert((0, String::new()));
                if *weight > best.0 {
                    *best = (*weight, why.clone());
                }
            }
            for (kind, w) in here {
                *score.entry(kind).or_insert(0) += u32::from(w);
            }
        }
        let mut ranked: Vec<(Kind, u32)> = score.into_iter().filter(|(_, s)| *s > 0).collect();
        // Highest score first; on a tie, organization (the usual unlisted name), person, product, place.
        let tie = |k: Kind| match k {
            Kind::Organization => 0,
            Kind::Person => 1,
            Kind::Product => 2,
            Kind::Place => 3,
        };
        ranked.sort_by_key(|&(k, s)| (std::cmp::Reverse(s), tie(k)));
        let (kind, top, second) = match ranked.as_slice() {
            [] => (Kind::Organization, 0, 0),
            [(k, s)] => (*k, *s, 0),
            [(k, s), (_, t), ..] => (*k, *s, *t),
        };
        let cue = best_cue
            .get(&kind)
            .map(|(_, why)| why.clone())
            .filter(|w| !w.is_empty())
            .unwrap_or_else(|| "capitalised name".into());
        let mut confidence: f64 = match top {
            0 => 0.55,
            1 => 0.6,
            2 => 0.7,
            3 => 0.8,
            4 => 0.85,
            5 => 0.9,
            _ => 0.95,
        };
        if second > 0 && top - second < 2 {
            confidence -= 0.1;
        }
        if inside == 0 && !extends {
            // Only ever at the start of a sentence: its capital proves nothing.
            confidence -= if top >= 3 { 0.1 } else { 0.2 };
        }
        if inside >= 2 || count >= 3 {
            confidence += 0.05;
        }
        (kind, confidence.clamp(0.05, 0.95), cue)
    }
}

/// A sentence as discovery reads it.
struct Sentence<'l> {
    span: std::ops::Range<usize>,
    /// Its words, as indices into [`Words::list`].
    words: std::ops::Range<usize>,
    lang: Option<&'l str>,
}

/// A name of the document with its type and confidence.
struct Scored<'t> {
    name: &'t str,
    kind: Kind,
    confidence: f64,
    cue: String,
    single: bool,
}

/// A name with its white space runs made one space (`Nexus\n Q` is `Nexus Q`).
fn normalized(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The hash of a text folded for matching (see [`crate::text::fold`]), with hyphens read as spaces when
/// `hyphens_as_spaces` (`Bristol-Myers Squibb` is `Bristol Myers Squibb`): the dictionary's forms and
/// names are kept as these 64-bit hashes, not as copies of their text.
fn text_hash(text: &str, hyphens_as_spaces: bool) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    for c in text.chars() {
        let c = crate::text::fold_char(c);
        let c = if hyphens_as_spaces && c == '-' {
            ' '
        } else {
            c
        };
        h.write_u32(c as u32);
    }
    h.finish()
}

fn is_stop(lex: &Lexicon, w: &str) -> bool {
    lex.stopword(w).is_some()
        || matches!(
            w,
            "de" | "du"
                | "des"
                | "d'"
                | "of"
                | "for"
                | "by"
                | "and"
                | "et"
                | "the"
                | "le"
                | "la"
                | "les"
                | "a"
                | "an"
                | "à"
                | "au"
                | "in"
                | "on"
                | "at"
                | "with"
                | "avec"
                | "par"
                | "pour"
        )
}

#[cfg(test)]
mod tests;
