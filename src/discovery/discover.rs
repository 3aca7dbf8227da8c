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

mod decide;
mod evidence;
mod scan;
mod words;

use words::*;

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
    /// Every dictionary form, folded, with what holds it: a name the dictionary has is not proposed
    /// again, unless the dictionary only has it as an ambiguous form and a cue says it is a name here.
    known_forms: HashMap<u64, KnownForm>,
    /// Folded entity names of the dictionary, with their entity when only one has that name: a
    /// capitalised mention of such a name mid-sentence is that entity even when its form is ambiguous.
    names: HashMap<u64, Option<EntityIndex>>,
    /// Per dictionary entity, what discovery reads of it at every mention, packed in one byte: the
    /// entities themselves are large and scattered, and looking at each mention's entity cost more than
    /// the rest of the pass on a large dictionary.
    info: Vec<EntityInfo>,
    config: DiscoveryConfig,
}

/// What discovery reads of a dictionary entity at its mentions ([`Discoverer::info`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct EntityInfo(u8);

impl EntityInfo {
    /// Low bits: 1 + the [`Kind`] of its type, 0 for another type.
    const KIND: u8 = 0b111;
    /// A place whose `kind` attribute is `country`.
    const COUNTRY: u8 = 1 << 3;
    /// Its name has two words or more.
    const SEVERAL_WORDS: u8 = 1 << 4;

    fn of(e: &Entity) -> Self {
        let kind = kind_of_type(&e.entity_type).map_or(0, |k| 1 + k as u8);
        let country =
            e.entity_type == "place" && e.attributes.get("kind").is_some_and(|k| k == "country");
        let several = e.name.split_whitespace().nth(1).is_some();
        EntityInfo(
            kind | if country { Self::COUNTRY } else { 0 }
                | if several { Self::SEVERAL_WORDS } else { 0 },
        )
    }

    fn kind(self) -> Option<Kind> {
        match self.0 & Self::KIND {
            1 => Some(Kind::Person),
            2 => Some(Kind::Organization),
            3 => Some(Kind::Product),
            4 => Some(Kind::Place),
            _ => None,
        }
    }

    fn is(self, kind: Kind) -> bool {
        self.0 & Self::KIND == 1 + kind as u8
    }

    fn country(self) -> bool {
        self.0 & Self::COUNTRY != 0
    }

    fn several_words(self) -> bool {
        self.0 & Self::SEVERAL_WORDS != 0
    }
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

/// What the dictionary holds under one folded form.
#[derive(Clone, Copy, Debug)]
struct KnownForm {
    /// Every entry of the form marks it ambiguous (a surname, a common-word brand).
    ambiguous: bool,
    /// The kinds of the entities that hold it, one bit each ([`KnownForm::bit`]).
    kinds: u8,
    /// The entity that holds it, when only one does.
    entity: Option<EntityIndex>,
    /// The form is that entity's name (not only an alias), in one of its entries.
    is_name: bool,
}

impl KnownForm {
    fn bit(kind: Kind) -> u8 {
        1 << kind as u8
    }
}

/// What the cues around a name allow that its form alone does not ([`Discoverer::cue_licence`]).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Licence {
    /// Nothing: the form's own verdict stands.
    None,
    /// A name to discover, although the dictionary or the common words have its form.
    Discover,
    /// The one dictionary entity named so.
    Resolve(EntityIndex),
}

/// A candidate name: its words `a..b` in the document's word list and its bytes `start..end`.
#[derive(Clone, Copy, Debug)]
struct Span {
    a: usize,
    b: usize,
    start: usize,
    end: usize,
}

impl Discoverer {
    /// A discoverer over `lexicon`, knowing the forms of `dict` (they are never proposed again) and the
    /// first names of its people.
    pub fn new(lexicon: &Lexicon, dict: &Dictionary, config: DiscoveryConfig) -> Self {
        let mut lexicon = lexicon.clone();
        let mut known_forms: HashMap<u64, KnownForm> =
            HashMap::with_capacity_and_hasher(dict.forms().len(), Default::default());
        for f in dict.forms() {
            let entity = dict.entity(f.entity);
            let kind = kind_of_type(&entity.entity_type).map_or(0, KnownForm::bit);
            known_forms
                .entry(text_hash(&f.folded, false))
                .and_modify(|k| {
                    k.ambiguous &= f.ambiguous;
                    k.kinds |= kind;
                    if k.entity != Some(f.entity) {
                        k.entity = None;
                    }
                    k.is_name |= f.is_name;
                })
                .or_insert(KnownForm {
                    ambiguous: f.ambiguous,
                    kinds: kind,
                    entity: Some(f.entity),
                    is_name: f.is_name,
                });
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
        let info = dict.entities().iter().map(EntityInfo::of).collect();
        Discoverer {
            lexicon,
            known_forms,
            names,
            info,
            config,
        }
    }

    /// What discovery reads of dictionary entity `e` (nothing for a discovered one).
    fn info(&self, e: EntityIndex) -> EntityInfo {
        self.info.get(e as usize).copied().unwrap_or_default()
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
            // An English headline in Title Case says nothing with its capitals. A headline has no final
            // stop: a sentence with one is prose, however many names it holds.
            let ends_as_prose = text[span.clone()]
                .trim_end()
                .trim_end_matches(['"', '»', '”', ')', '\''])
                .ends_with(['.', '!', '?', '…', ';']);
            if !ends_as_prose {
                // Words of the dictionary's mentions do not count: a sentence full of known names is
                // not a headline.
                let surfaces: Vec<&str> = (0..words.list.len())
                    .filter(|&i| words.covered[i].is_none())
                    .map(|i| words.word(i))
                    .collect();
                if title_case(&surfaces) {
                    continue;
                }
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
}

/// A sentence as discovery reads it.
struct Sentence<'l> {
    span: std::ops::Range<usize>,
    /// Its words, as indices into [`Words::list`].
    words: std::ops::Range<usize>,
    lang: Option<&'l str>,
}

#[cfg(test)]
mod tests;
