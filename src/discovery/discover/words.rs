//! The words of a document as discovery reads them, and the word lists that type or stop a name.

use super::*;

/// Bytes of context read on each side of a name for its cues.
pub(super) const CONTEXT_BYTES: usize = 96;

pub(super) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(super) fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Longer runs of capitalised words are headings or lists, not names.
pub(super) const MAX_NAME_BYTES: usize = 80;
pub(super) const MAX_NAME_WORDS: usize = 8;

/// Lowercase words that join the words of a name besides the particles of people's names.
pub(super) const NAME_JOINERS: &[&str] = &["of", "for", "&", "of the"];

/// Words after a number that make it a quantity, not a model code (`Sanofi 100 millions`).
pub(super) const UNITS: &[&str] = &[
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
pub(super) const INSTITUTION_WORDS: &[&str] = &[
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
pub(super) const FINANCE_HEADS: &[&str] = &[
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
pub(super) const PLACE_LAST_WORDS: &[&str] = &[
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
pub(super) const PLACE_FIRST_WORDS: &[&str] = &[
    "Lake", "Mount", "Mont", "Lac", "Île", "Ile", "Rue", "Port", "Fort", "Cape", "Cap",
];

/// Lowercase words before a name that place it (`born in X`, `near X`, `à X`), with a weight.
pub(super) const PLACE_BEFORE: &[(&str, u8)] = &[
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

/// A capital after a lowercase letter inside a word (`PlayStation`, `YouTube`): a brand, not a
/// surname, unless it follows a surname prefix (`McCartney`, `MacKenzie`, `DiCaprio`, `LeBlanc`).
pub(super) fn inner_capital(w: &str) -> bool {
    let mut previous = None;
    w.char_indices().any(|(i, c)| {
        let after_lowercase = previous.is_some_and(char::is_lowercase);
        previous = Some(c);
        c.is_uppercase()
            && after_lowercase
            && !matches!(
                &w[..i],
                "Mc" | "Mac" | "Fitz" | "De" | "Di" | "Da" | "Du" | "La" | "Le" | "Van" | "Von"
            )
    })
}

/// The end of `s` that holds its last `n` words (split at white space).
pub(super) fn last_words(s: &str, n: usize) -> &str {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == n {
                    return &s[i + c.len_utf8()..];
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    s
}

/// Legal forms of companies, as the last words of a name (without their final dot).
pub(super) const LEGAL_FORMS: &[&str] = &[
    "Inc",
    "Corp",
    "Co",
    "Ltd",
    "LLC",
    "PLC",
    "plc",
    "SA",
    "SAS",
    "SE",
    "AG",
    "GmbH",
    "NV",
    "BV",
    "SpA",
    "S.p.A",
    "AB",
    "ASA",
    "Oyj",
    "KK",
    "Pty",
    "Limited",
    "Incorporated",
    "Corporation",
    "LP",
    "LLP",
];

/// A word that may stand between a cue noun and the name it types (`le jeu mobile X`, `X, the
/// little-known studio`): letters only, neither a cue noun nor a stopword.
pub(super) fn is_adjective(lex: &Lexicon, w: &str) -> bool {
    w.chars().all(char::is_alphabetic) && lex.head_noun(w).is_none() && !is_stop(lex, w)
}

/// A short capitalised code (`XXL`, `EA`): fewer than four letters and no lowercase one.
pub(super) fn is_short_code(name: &str) -> bool {
    !name.chars().any(char::is_lowercase) && name.chars().filter(|c| c.is_alphabetic()).count() < 4
}

/// A word after a company's name that makes a brand or a division of it, not a surname: a camel-case
/// word ([`inner_capital`]: `Sony PlayStation`) or a common word in the plural (`Sony Pictures`,
/// `Sega Games`).
pub(super) fn brand_or_division(w: &str) -> bool {
    inner_capital(w) || (w.ends_with('s') && is_common_word(w))
}

/// Whether the text after a name makes it the eponym of a disease (`Friedreich's ataxia`,
/// `Crohn's disease`).
pub(super) fn names_a_disease(after: &str) -> bool {
    const NOUNS: &[&str] = &[
        "disease",
        "syndrome",
        "ataxia",
        "dementia",
        "sclerosis",
        "palsy",
        "lymphoma",
        "disorder",
    ];
    let Some(rest) = after
        .strip_prefix("'s ")
        .or_else(|| after.strip_prefix("’s "))
    else {
        return false;
    };
    let next = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    NOUNS.contains(&next)
}

/// Words that end an English noun phrase in apposition: prepositions, relatives, punctuation.
pub(super) const APPOSITION_END: &[&str] = &[
    ",", ".", ";", ":", "(", ")", "of", "for", "in", "at", "with", "by", "from", "on", "to",
    "that", "which", "who", "whose", "based", "known",
];

/// Determiners of an apposition after a name (`X, the studio behind…`, `X, le spécialiste de…`).
pub(super) const APPOSITION: &[&str] = &[
    "the", "a", "an", "le", "la", "l'", "un", "une", "its", "son", "sa",
];

pub(super) fn cap_like(w: &str) -> bool {
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
pub(super) fn capitalised_compound(w: &str) -> bool {
    w.contains('-')
        && w.split('-')
            .all(|p| p.chars().next().is_some_and(char::is_uppercase))
}

/// A model code after a maker's name: letters and digits (`A320`, `S9`, `PS5`) or a three-digit number
/// (`737`).
pub(super) fn is_model_code(w: &str) -> bool {
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
pub(super) fn is_code_in_name(w: &str) -> bool {
    let digits = w.chars().filter(char::is_ascii_digit).count();
    digits > 0
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && (w.chars().any(|c| c.is_ascii_alphabetic()) || digits <= 2)
        && w.len() <= 8
}

/// Whether the gap between two words of a name keeps them together: spaces only (one line break inside
/// a paragraph included).
pub(super) fn joins(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(char::is_whitespace) && gap.matches('\n').count() < 2
}

/// Splits punctuation off folded context words, so that `said.` is `said` and `, ceo` is two words.
pub(super) fn context_words(folded: &str, keep_dots: bool) -> Vec<String> {
    spaced_context(folded, keep_dots)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Context words with punctuation split off (see [`context_words`]), as one string whose
/// `split_whitespace` gives them: no allocation per word.
pub(super) fn spaced_context(folded: &str, keep_dots: bool) -> String {
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
    spaced
}

pub(super) fn applies(cue: &Cue, lang: Option<&str>) -> bool {
    match (cue.lang, lang) {
        (Some(c), Some(l)) => c == l,
        _ => true,
    }
}

pub(super) fn kind_of_type(t: &str) -> Option<Kind> {
    match t {
        "person" => Some(Kind::Person),
        "organization" => Some(Kind::Organization),
        "product" => Some(Kind::Product),
        "place" => Some(Kind::Place),
        _ => None,
    }
}

/// The words of a document and where the dictionary's mentions are.
pub(super) struct Words<'t> {
    pub(super) text: &'t str,
    pub(super) list: Vec<Token>,
    /// Per word: the dictionary mention covering it (a word wholly inside a mention, or one a mention
    /// only partly covers unless it is a capitalised compound).
    pub(super) covered: Vec<Option<usize>>,
    /// Per word: a mention strictly inside this capitalised compound (`Dominique` in `Jean-Dominique`).
    pub(super) inner: Vec<Option<usize>>,
}

impl<'t> Words<'t> {
    /// The words of `text[span]`; `first_mention` is the index of the first mention ending after its
    /// start.
    pub(super) fn new(
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

    pub(super) fn word(&self, i: usize) -> &'t str {
        &self.text[self.list[i].start..self.list[i].end]
    }

    /// The text between word `i - 1` and word `i`.
    pub(super) fn gap(&self, i: usize) -> &'t str {
        &self.text[self.list[i - 1].end..self.list[i].start]
    }
}

/// A name with its white space runs made one space (`Nexus\n Q` is `Nexus Q`).
pub(super) fn normalized(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The hash of a text folded for matching (see [`crate::text::fold`]), with hyphens read as spaces when
/// `hyphens_as_spaces` (`Bristol-Myers Squibb` is `Bristol Myers Squibb`): the dictionary's forms and
/// names are kept as these 64-bit hashes, not as copies of their text.
pub(super) fn text_hash(text: &str, hyphens_as_spaces: bool) -> u64 {
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

pub(super) fn is_stop(lex: &Lexicon, w: &str) -> bool {
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

/// Whether a mention is a country that ends the name before it (`PlayStation Japan`): not followed by
/// a possessive, a hyphen or another capitalised word (`Google France Telecom`).
pub(super) fn country_ending_a_name(text: &str, mention: &Mention, info: EntityInfo) -> bool {
    if !info.country() {
        return false;
    }
    let after = &text[mention.end..];
    !after.starts_with(['\'', '’', '-'])
        && !after
            .trim_start()
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// The cue of an organization named with a country after it (`PlayStation Japan`): its subsidiary there.
pub(super) const NAME_AND_COUNTRY: &str = "name + country";
