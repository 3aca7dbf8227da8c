//! Sentences as rules see them: every candidate (a mention or a resolved coreference phrase) replaced by a
//! typed placeholder such as `⟦organization:0⟧`, apostrophes, quotes, dashes and spaces normalised, short
//! asides that name nothing but places removed, and negations stripped and remembered.

use super::lang;

/// What a sentence candidate is: a dictionary mention, or a resolved coreference phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateKind {
    /// A dictionary mention.
    Mention,
    /// A definite description or pronoun resolved to an earlier entity (`l'entreprise`, `he`).
    Coreference,
    /// A possessive determiner resolved to its owner (`sa` in `sa société xAI`).
    Possessive,
}

/// An entity occurrence in a sentence, as rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Byte offset in the document.
    pub start: usize,
    /// One past the end.
    pub end: usize,
    /// Entity type (`person`, `organization`, …).
    pub entity_type: String,
    /// Mention or resolved phrase.
    pub kind: CandidateKind,
}

impl Candidate {
    /// A dictionary mention of an entity of type `entity_type`.
    pub fn mention(start: usize, end: usize, entity_type: &str) -> Self {
        Candidate {
            start,
            end,
            entity_type: entity_type.to_string(),
            kind: CandidateKind::Mention,
        }
    }

    /// Whether the candidate needed coreference.
    pub fn is_implicit(&self) -> bool {
        self.kind != CandidateKind::Mention
    }
}

/// A sentence rewritten for rule matching: candidates replaced by typed placeholders.
#[derive(Debug, Clone)]
pub struct Template {
    /// The rewritten text, e.g. `⟦organization:0⟧, fondée par ⟦person:1⟧, lève des fonds.`
    pub text: String,
    /// Byte positions in `text` where a negation was removed.
    pub negations: Vec<usize>,
}

impl Template {
    /// Rewrites `sentence` (which starts at byte `offset` of its document). `candidates` must be sorted by
    /// `start`, lie inside the sentence and not overlap; others are ignored.
    pub fn new(
        sentence: &str,
        offset: usize,
        candidates: &[Candidate],
        lang: Option<&str>,
    ) -> Self {
        let mut text = String::with_capacity(sentence.len() + 16 * candidates.len());
        let mut pos = 0;
        for (i, c) in candidates.iter().enumerate() {
            let (Some(s), Some(e)) = (c.start.checked_sub(offset), c.end.checked_sub(offset))
            else {
                continue;
            };
            if s < pos
                || e > sentence.len()
                || !sentence.is_char_boundary(s)
                || !sentence.is_char_boundary(e)
            {
                continue;
            }
            push_normalised(&mut text, &sentence[pos..s]);
            let possessive = if c.kind == CandidateKind::Possessive {
                "'s"
            } else {
                ""
            };
            text.push('⟦');
            text.push_str(&type_token(&c.entity_type));
            text.push_str(possessive);
            text.push(':');
            text.push_str(&i.to_string());
            text.push('⟧');
            pos = e;
        }
        push_normalised(&mut text, &sentence[pos..]);
        while text.ends_with(' ') {
            text.pop();
        }
        let text = drop_place_modifiers(&drop_asides(&text));
        let (text, negations) = lang::strip_negation(lang, &text);
        Template { text, negations }
    }
}

/// Drops a short parenthesis without entities right after an entity (`Osmund Ueland (born 1947) is`,
/// `Norges Statsbaner (NSB)`): asides that would otherwise keep every rule from matching.
fn drop_asides(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("⟧ (") {
        let head = i + '⟧'.len_utf8();
        out.push_str(&rest[..head]);
        let after = &rest[head + 2..];
        match after.find(')') {
            Some(close) if close <= 120 && aside_without_actors(&after[..close]) => {
                rest = &after[close + 1..];
            }
            _ => rest = &rest[head..],
        }
    }
    out.push_str(rest);
    out
}

/// Drops a place used as a modifier (`Shanghai-based SMIC`, `a Texas-based drugmaker`): it says where
/// an entity is, and standing between a verb and its object it would keep rules from matching.
fn drop_place_modifiers(text: &str) -> String {
    const SUFFIXES: [&str; 3] = ["-based ", "-headquartered ", "-born "];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("⟦place:") {
        let Some(close) = rest[i..].find('⟧').map(|c| i + c + '⟧'.len_utf8()) else {
            break;
        };
        match SUFFIXES.iter().find(|s| rest[close..].starts_with(*s)) {
            Some(suffix) => {
                out.push_str(&rest[..i]);
                rest = &rest[close + suffix.len()..];
            }
            None => {
                out.push_str(&rest[..close]);
                rest = &rest[close..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a parenthesis names nothing but places (`(born 1973, Youngstown, Ohio)`).
fn aside_without_actors(s: &str) -> bool {
    !s.contains('(') && s.split('⟦').skip(1).all(|p| p.starts_with("place:"))
}

pub(super) fn type_token(t: &str) -> String {
    t.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Appends text with punctuation variants folded, spaces collapsed, no space before `, . ; : ! ?`.
fn push_normalised(out: &mut String, s: &str) {
    for c in s.chars() {
        let c = match crate::text::fold_punct(c) {
            '⟦' => '[',
            '⟧' => ']',
            c if c.is_whitespace() || c == '\u{FEFF}' => ' ',
            c => c,
        };
        match c {
            // Quotes around names and titles ("New Whigs", « Grok ») would stop rules; quoted speech
            // stays reported speech through its verbs.
            '"' | '«' | '»' => {}
            ' ' if out.is_empty() || out.ends_with(' ') => {}
            ',' | '.' | ';' | ':' | '!' | '?' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push(c);
            }
            c => out.push(c),
        }
    }
}
