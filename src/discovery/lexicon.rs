//! The word lists discovery reads names with: first names (and those that are also words, places or
//! brands, which need more evidence), stopwords (months, days, titles, roles, function words, demonyms…:
//! capitalised words that never start or form an entity alone), and cues (phrases before or after a name,
//! and words of the name itself, that type it as a person, an organization or a product).
//!
//! The lists are embedded from `data/` (built by `scripts/build_lexicons.py` from open data, sources and
//! licences in each file's header) and parsed once. Users can add their own in the same formats
//! ([`Lexicon::add_first_names`], [`Lexicon::add_cues`]); a malformed line is an error naming its file and
//! line. This module never looks at documents.
//!
//! ```
//! use graphex::discovery::lexicon::{Kind, Lexicon};
//! let lexicon = Lexicon::embedded();
//! assert!(lexicon.is_first_name("Christel"));
//! assert!(lexicon.stopword("Monday").is_some());
//! assert_eq!(lexicon.before_cues("la startup")[0].kind, Kind::Organization);
//! ```

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::text::fold;

static FIRST_NAMES: &str = include_str!("../../data/first-names.txt");
static AMBIGUOUS_FIRST_NAMES: &str = include_str!("../../data/first-names-ambiguous.txt");
static STOPWORDS: &str = include_str!("../../data/name-stopwords.txt");
static CUES: &str = include_str!("../../data/entity-cues.txt");
static CITIES: &str = include_str!("../../data/cities.txt");

/// Words that open a cue phrase whose last word is then a noun naming what follows (`la startup`, `the
/// drug`, `its model`): that noun alone, with adjectives around it, is a cue too (`fintech start-up X`,
/// `the multiple sclerosis treatment X`, `le jeu mobile X`).
const DETERMINERS: &[&str] = &[
    "le", "la", "les", "l'", "un", "une", "son", "sa", "ses", "leur", "leurs", "ce", "cette",
    "the", "a", "an", "its", "his", "her", "their", "this",
];

/// The entity type a cue points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A person.
    Person,
    /// A company, institution, body or group.
    Organization,
    /// A product, model, drug, game…
    Product,
    /// A city (discovery types no other place: the dictionaries hold countries and regions).
    Place,
}

impl Kind {
    /// The entity type name (`person`, `organization`, `product`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Product => "product",
            Kind::Place => "place",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        match s {
            "person" => Some(Kind::Person),
            "organization" => Some(Kind::Organization),
            "product" => Some(Kind::Product),
            _ => None,
        }
    }
}

/// What a stopword is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// January, janvier.
    Month,
    /// Monday, lundi.
    Day,
    /// Christmas, Noël.
    Holiday,
    /// An honorific before a person's name: M., Mme, Mr, Dr.
    Title,
    /// A job or office: CEO, PDG, President.
    Role,
    /// A closed-class word or discourse marker: The, Selon, However.
    Function,
    /// An institution or news noun by its common noun: Bourse, Commission.
    Generic,
    /// A political, religious or regional adjective.
    Group,
    /// A generic business acronym: IPO, GPU.
    Acronym,
    /// A nationality: French, Américain.
    Demonym,
}

impl Category {
    fn parse(s: &str) -> Option<Category> {
        Some(match s {
            "month" => Category::Month,
            "day" => Category::Day,
            "holiday" => Category::Holiday,
            "title" => Category::Title,
            "role" => Category::Role,
            "function" => Category::Function,
            "generic" => Category::Generic,
            "group" => Category::Group,
            "acronym" => Category::Acronym,
            "demonym" => Category::Demonym,
            _ => return None,
        })
    }
}

/// A cue: the type it points to, its strength (1 weak, 2 medium, 3 strong) and its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The type it suggests.
    pub kind: Kind,
    /// 1 weak, 2 medium, 3 strong.
    pub weight: u8,
    /// `fr`, `en`, or `None` for any language.
    pub lang: Option<&'static str>,
    /// The phrase or word as listed.
    pub phrase: String,
}

/// The parsed word lists. Build with [`Lexicon::embedded`] (shared, parsed once) or [`Lexicon::new`].
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    first_names: HashSet<String>,
    ambiguous_first_names: HashMap<String, String>,
    stopwords: HashMap<String, Category>,
    /// Function words, acronyms and roles, folded: they are compared case-insensitively (`Pdg`).
    folded_stopwords: HashMap<String, Category>,
    /// Folded phrase → cues, for phrases before a name.
    before: HashMap<String, Vec<Cue>>,
    /// Folded phrase → cues, for phrases after a name.
    after: HashMap<String, Vec<Cue>>,
    /// Words of a name, as written: its first word, its last word.
    first_words: HashMap<String, Vec<Cue>>,
    last_words: HashMap<String, Vec<Cue>>,
    /// Hyphenated endings of a name's last token (`-Pharma`).
    affixes: Vec<Cue>,
    /// Connectors inside a person's name (`de`, `van der`), folded.
    particles: HashSet<String>,
    /// Nouns that name what follows them (`startup`, `drug`, `studio`), folded, with their kind.
    head_nouns: HashMap<String, (Kind, u8)>,
    /// City names, as written.
    cities: HashSet<String>,
    max_before_words: usize,
    max_after_words: usize,
}

fn lexicon_error(origin: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Lexicon {
        origin: origin.to_string(),
        line,
        message: message.into(),
    }
}

/// Content lines with their 1-based numbers: blank and `#` lines skipped, a final `\r` removed.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n').enumerate().filter_map(|(i, raw)| {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        (!line.trim().is_empty() && !line.starts_with('#')).then_some((i + 1, line))
    })
}

fn lang_of(s: &str) -> Option<Option<&'static str>> {
    match s {
        "fr" => Some(Some("fr")),
        "en" => Some(Some("en")),
        "xx" | "*" => Some(None),
        _ => None,
    }
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Self {
        Lexicon::default()
    }

    /// The embedded lists, parsed once for the process.
    pub fn embedded() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            let mut l = Lexicon::new();
            // The embedded lists are checked by a test; a failure here is a build defect, and leaves
            // the lexicon without that list rather than stopping a run.
            let _ = l.add_first_names("embedded:data/first-names.txt", FIRST_NAMES);
            let _ = l.add_ambiguous_first_names(
                "embedded:data/first-names-ambiguous.txt",
                AMBIGUOUS_FIRST_NAMES,
            );
            let _ = l.add_stopwords("embedded:data/name-stopwords.txt", STOPWORDS);
            let _ = l.add_cues("embedded:data/entity-cues.txt", CUES);
            let _ = l.add_cities("embedded:data/cities.txt", CITIES);
            l
        })
    }

    /// Checks that the embedded lists parse (for tests and `graphex dict check`).
    pub fn check_embedded() -> Result<()> {
        let mut l = Lexicon::new();
        l.add_first_names("embedded:data/first-names.txt", FIRST_NAMES)?;
        l.add_ambiguous_first_names(
            "embedded:data/first-names-ambiguous.txt",
            AMBIGUOUS_FIRST_NAMES,
        )?;
        l.add_stopwords("embedded:data/name-stopwords.txt", STOPWORDS)?;
        l.add_cues("embedded:data/entity-cues.txt", CUES)?;
        l.add_cities("embedded:data/cities.txt", CITIES)
    }

    /// Adds city names, one per line (`data/cities.txt` format).
    pub fn add_cities(&mut self, origin: &str, text: &str) -> Result<()> {
        for (line, name) in lines(text) {
            let name = name.trim();
            if name.contains('\t') || !name.chars().next().is_some_and(char::is_uppercase) {
                return Err(lexicon_error(
                    origin,
                    line,
                    format!("{name:?} is not a city name (one per line, capitalised)"),
                ));
            }
            self.cities.insert(name.to_string());
        }
        Ok(())
    }

    /// Adds first names, one per line (`data/first-names.txt` format). A line with a tab, or a name
    /// that does not start with a letter, is an error naming `origin` and the line.
    pub fn add_first_names(&mut self, origin: &str, text: &str) -> Result<()> {
        for (line, name) in lines(text) {
            let name = name.trim();
            if name.contains('\t') || !name.chars().next().is_some_and(char::is_alphabetic) {
                return Err(lexicon_error(
                    origin,
                    line,
                    format!(
                        "{name:?} is not a first name (one name per line, starting with a letter)"
                    ),
                ));
            }
            self.first_names.insert(name.to_string());
        }
        Ok(())
    }

    /// Adds ambiguous first names: `name<TAB>reasons` (`data/first-names-ambiguous.txt` format).
    pub fn add_ambiguous_first_names(&mut self, origin: &str, text: &str) -> Result<()> {
        for (line, row) in lines(text) {
            let mut cells = row.split('\t');
            let (Some(name), Some(reasons), None) = (cells.next(), cells.next(), cells.next())
            else {
                return Err(lexicon_error(origin, line, "expected name<TAB>reasons"));
            };
            if name.is_empty() {
                return Err(lexicon_error(origin, line, "empty name"));
            }
            self.ambiguous_first_names
                .insert(name.to_string(), reasons.to_string());
        }
        Ok(())
    }

    /// Adds stopwords: `category<TAB>lang<TAB>word<TAB>origin` (`data/name-stopwords.txt` format).
    pub fn add_stopwords(&mut self, origin: &str, text: &str) -> Result<()> {
        for (line, row) in lines(text) {
            let cells: Vec<&str> = row.split('\t').collect();
            if cells.len() != 4 {
                return Err(lexicon_error(
                    origin,
                    line,
                    format!(
                        "expected 4 tab-separated columns (category lang word origin), found {}",
                        cells.len()
                    ),
                ));
            }
            let category = Category::parse(cells[0]).ok_or_else(|| {
                lexicon_error(
                    origin,
                    line,
                    format!("unknown stopword category {:?}", cells[0]),
                )
            })?;
            if lang_of(cells[1]).is_none() {
                return Err(lexicon_error(
                    origin,
                    line,
                    format!("language {:?} is not fr, en or xx", cells[1]),
                ));
            }
            let word = cells[2];
            if word.is_empty() {
                return Err(lexicon_error(origin, line, "empty word"));
            }
            if matches!(
                category,
                Category::Function | Category::Acronym | Category::Role
            ) {
                self.folded_stopwords.entry(fold(word)).or_insert(category);
            }
            self.stopwords.entry(word.to_string()).or_insert(category);
        }
        Ok(())
    }

    /// Adds cues: `kind<TAB>position<TAB>lang<TAB>weight<TAB>phrase<TAB>origin` (`data/entity-cues.txt`
    /// format; the last column may be left out).
    pub fn add_cues(&mut self, origin: &str, text: &str) -> Result<()> {
        for (line, row) in lines(text) {
            let cells: Vec<&str> = row.split('\t').collect();
            if !(5..=6).contains(&cells.len()) {
                return Err(lexicon_error(
                    origin,
                    line,
                    format!(
                        "expected 6 tab-separated columns (kind position lang weight phrase origin), found {}",
                        cells.len()
                    ),
                ));
            }
            let kind = Kind::parse(cells[0]).ok_or_else(|| {
                lexicon_error(
                    origin,
                    line,
                    format!("kind {:?} is not person, organization or product", cells[0]),
                )
            })?;
            let lang = lang_of(cells[2]).ok_or_else(|| {
                lexicon_error(
                    origin,
                    line,
                    format!("language {:?} is not fr, en or xx", cells[2]),
                )
            })?;
            let weight = match cells[3].parse::<u8>() {
                Ok(w @ 1..=3) => w,
                _ => {
                    return Err(lexicon_error(
                        origin,
                        line,
                        format!("weight {:?} is not 1, 2 or 3", cells[3]),
                    ))
                }
            };
            let phrase = cells[4].trim();
            if phrase.is_empty() {
                return Err(lexicon_error(origin, line, "empty phrase"));
            }
            let cue = Cue {
                kind,
                weight,
                lang,
                phrase: phrase.to_string(),
            };
            let words = phrase.split_whitespace().count();
            match cells[1] {
                "before" => {
                    self.max_before_words = self.max_before_words.max(words);
                    let folded = fold(phrase);
                    let parts: Vec<&str> = folded.split_whitespace().collect();
                    // `le jeu`, `the drugmaker`, and the elided `l'héroïne`.
                    let noun = match parts.as_slice() {
                        [first, .., noun] if DETERMINERS.contains(first) => Some(*noun),
                        [one] => one.strip_prefix("l'"),
                        _ => None,
                    };
                    if let Some(noun) = noun {
                        if !noun.is_empty() && noun.chars().all(|c| c.is_alphabetic() || c == '-') {
                            for form in [noun.to_string(), format!("{noun}s")] {
                                let entry = self.head_nouns.entry(form).or_insert((kind, weight));
                                // A noun listed for two kinds says nothing.
                                if entry.0 != kind {
                                    entry.1 = 0;
                                }
                            }
                        }
                    }
                    self.before.entry(folded).or_default().push(cue);
                }
                "after" => {
                    self.max_after_words = self.max_after_words.max(words);
                    self.after.entry(fold(phrase)).or_default().push(cue);
                }
                "first" => self
                    .first_words
                    .entry(phrase.to_string())
                    .or_default()
                    .push(cue),
                "last" => self
                    .last_words
                    .entry(phrase.to_string())
                    .or_default()
                    .push(cue),
                "affix" => self.affixes.push(cue),
                "inside" => {
                    // `le` and `la` alone are articles far more often than particles of names.
                    let folded = fold(phrase);
                    if folded != "le" && folded != "la" {
                        self.particles.insert(folded);
                    }
                }
                other => {
                    return Err(lexicon_error(
                        origin,
                        line,
                        format!(
                            "position {other:?} is not before, after, first, last, affix or inside"
                        ),
                    ))
                }
            }
        }
        Ok(())
    }

    /// Whether `token` is a first name that is nothing else.
    pub fn is_first_name(&self, token: &str) -> bool {
        self.first_names.contains(token)
    }

    /// Why a first name is also something else (`common-word`, `place`…), if it is one.
    pub fn ambiguous_first_name(&self, token: &str) -> Option<&str> {
        self.ambiguous_first_names.get(token).map(String::as_str)
    }

    /// Adds a first name (from a person dictionary, say).
    pub fn insert_first_name(&mut self, name: &str) {
        if !self.ambiguous_first_names.contains_key(name) {
            self.first_names.insert(name.to_string());
        }
    }

    /// The category of a stopword (`Monday`, `CEO`, `The`…), compared as written, and case-insensitively
    /// for function words and acronyms.
    pub fn stopword(&self, token: &str) -> Option<Category> {
        if let Some(&c) = self.stopwords.get(token) {
            return Some(c);
        }
        let mut buf = [0u8; 32];
        if token.len() <= buf.len() && token.is_ascii() {
            let lower = &mut buf[..token.len()];
            lower.copy_from_slice(token.as_bytes());
            lower.make_ascii_lowercase();
            return std::str::from_utf8(lower)
                .ok()
                .and_then(|w| self.folded_stopwords.get(w).copied());
        }
        self.folded_stopwords.get(&fold(token)).copied()
    }

    /// Cues of a phrase standing before a name (`phrase` folded: lowercase, ASCII apostrophes).
    pub fn before_cues(&self, phrase: &str) -> &[Cue] {
        self.before.get(phrase).map_or(&[], Vec::as_slice)
    }

    /// Cues of a phrase standing after a name (folded).
    pub fn after_cues(&self, phrase: &str) -> &[Cue] {
        self.after.get(phrase).map_or(&[], Vec::as_slice)
    }

    /// Cues of the first word of a name (`Banque`, `Groupe`), as written.
    pub fn first_word_cues(&self, word: &str) -> &[Cue] {
        self.first_words.get(word).map_or(&[], Vec::as_slice)
    }

    /// Cues of the last word of a name (`Group`, `Inc`, `Therapeutics`, `Ultra`), as written.
    pub fn last_word_cues(&self, word: &str) -> &[Cue] {
        self.last_words.get(word).map_or(&[], Vec::as_slice)
    }

    /// The hyphenated ending cue of a token (`Sanofi-Pharma` → `-Pharma`).
    pub fn affix_cue(&self, token: &str) -> Option<&Cue> {
        self.affixes
            .iter()
            .find(|c| token.len() > c.phrase.len() && token.ends_with(c.phrase.as_str()))
    }

    /// Whether a lowercase word (or two, `van der`) joins the words of a person's name.
    pub fn is_particle(&self, words: &str) -> bool {
        self.particles.contains(words)
    }

    /// The kind and weight of a noun that names what follows it (`startup`, `drug`; folded), if any.
    pub fn head_noun(&self, word: &str) -> Option<(Kind, u8)> {
        self.head_nouns.get(word).copied().filter(|(_, w)| *w > 0)
    }

    /// Whether `name` is a city.
    pub fn is_city(&self, name: &str) -> bool {
        self.cities.contains(name)
    }

    /// The most words of a cue phrase before a name.
    pub fn max_before_words(&self) -> usize {
        self.max_before_words
    }

    /// The most words of a cue phrase after a name.
    pub fn max_after_words(&self) -> usize {
        self.max_after_words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lists_parse() {
        Lexicon::check_embedded().unwrap();
        let l = Lexicon::embedded();
        assert!(l.is_first_name("Tom") && l.is_first_name("Christel"));
        assert!(
            !l.is_first_name("Will"),
            "a common word needs more evidence"
        );
        assert!(l.ambiguous_first_name("Will").is_some());
        assert_eq!(
            l.stopword("Janvier").or(l.stopword("janvier")),
            Some(Category::Month)
        );
        assert_eq!(l.stopword("selon"), Some(Category::Function));
        assert!(l
            .last_word_cues("Games")
            .iter()
            .any(|c| c.kind == Kind::Organization));
        assert!(l.is_particle("von der"));
        assert_eq!(
            l.head_noun("startup").map(|(k, _)| k),
            Some(Kind::Organization)
        );
        assert!(l.is_city("Lille"));
        assert!(l.max_before_words() >= 2);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let mut l = Lexicon::new();
        let e = l
            .add_cues("my.cues", "# comment\norganization\tbefore\tfr\t2\tla société\thand\nperson\tbefore\tfr\t5\tM.\thand\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "my.cues:3: weight \"5\" is not 1, 2 or 3");
        let e = l
            .add_first_names("names.txt", "Tom\n\n3D\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("names.txt:3: "), "{e}");
        let e = l
            .add_stopwords("stop.txt", "month\tfr\tjanvier\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("stop.txt:1: expected 4"), "{e}");
        let e = l
            .add_cues("c.tsv", "company\tbefore\tfr\t2\tla société\thand\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("c.tsv:1: kind \"company\""), "{e}");
    }
}
