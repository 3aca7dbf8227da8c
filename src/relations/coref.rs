//! Light coreference: definite descriptions (`l'entreprise`, `le milliardaire`, `the company`), subject
//! pronouns (`il`, `elle`, `he`, `she`) and possessive determiners (`sa société`, `his company`) are resolved
//! to the most recent compatible entity mentioned earlier in the same paragraph, and only when that choice
//! is unambiguous. Anything doubtful stays unresolved: a missing edge is better than a wrong one.
//!
//! Resolution never looks past the paragraph, never forward, and never across documents.

use std::sync::OnceLock;

use regex::Regex;

use crate::dictionary::Entities;
use crate::matching::Mention;
use crate::text::segment::Segmentation;

/// What kind of phrase a coreference candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseKind {
    /// A definite description (`l'entreprise`, `the company`).
    Description,
    /// A subject pronoun (`il`, `she`).
    Pronoun,
    /// A possessive determiner (`sa`, `his`): the entity that owns the following noun.
    Possessive,
}

/// A coreference phrase found in a sentence, resolved or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Byte offset of the phrase in the document.
    pub start: usize,
    /// One past its end.
    pub end: usize,
    /// What kind of phrase it is.
    pub kind: PhraseKind,
    /// The antecedent mention (index into the document's mentions), when resolved.
    pub antecedent: Option<usize>,
    /// Why it was not resolved (`None` when resolved).
    pub unresolved: Option<&'static str>,
}

struct Lexicon {
    phrases: Regex,
}

fn lexicon(lang: &str) -> Option<&'static Lexicon> {
    static FR: OnceLock<Option<Lexicon>> = OnceLock::new();
    static EN: OnceLock<Option<Lexicon>> = OnceLock::new();
    let (cell, pattern) = match lang {
        "fr" => (
            &FR,
            r"(?i)\b(?P<person>(?:le|la) (?:milliardaire|fondateur|fondatrice|cofondateur|cofondatrice|dirigeant|dirigeante|entrepreneur|entrepreneuse|homme d['’]affaires|femme d['’]affaires)|l['’](?:entrepreneur|entrepreneuse|homme d['’]affaires))\b|\b(?P<org>l['’](?:entreprise|organisation|éditeur)|(?:la|le) (?:société|start-up|startup|firme|compagnie|jeune pousse|groupe|constructeur))\b|\b(?P<pron>il|elle)\b|\b(?P<poss>son|sa|ses)\b",
        ),
        "en" => (
            &EN,
            r"(?i)\b(?P<person>the (?:billionaire|founder|co-founder|cofounder|entrepreneur|businessman|businesswoman|tycoon|magnate))\b|\b(?P<org>the (?:company|firm|start-up|startup|corporation|group|organization|organisation|studio|manufacturer))\b|\b(?P<pron>he|she)\b|\b(?P<poss>his|her|its)\b",
        ),
        _ => return None,
    };
    cell.get_or_init(|| Regex::new(pattern).ok().map(|phrases| Lexicon { phrases }))
        .as_ref()
}

/// Entity types a phrase may refer to.
fn compatible(kind: PhraseKind, group: &str, word: &str, lang: &str) -> &'static [&'static str] {
    match (kind, group) {
        (PhraseKind::Description, "person") => &["person"],
        (PhraseKind::Description, _) => &["organization"],
        (PhraseKind::Pronoun, _) if lang == "fr" => &["person", "organization"],
        (PhraseKind::Pronoun, _) => &["person"],
        (PhraseKind::Possessive, _) if lang == "en" && word.eq_ignore_ascii_case("its") => {
            &["organization"]
        }
        (PhraseKind::Possessive, _) if lang == "en" => &["person"],
        (PhraseKind::Possessive, _) => &["person", "organization"],
    }
}

/// Finds and resolves the coreference phrases of sentence `sentence` (index into `seg.sentences`).
///
/// `mentions` are the document's mentions in text order; phrases overlapping a mention, or directly followed
/// by a name or a complement (`la start-up xAI`, `la société de Musk`, `le fondateur de Tesla`), are
/// descriptions of something named there, not references back, and are skipped.
pub fn phrases(
    text: &str,
    seg: &Segmentation,
    sentence: usize,
    mentions: &[Mention],
    entities: Entities<'_>,
    lang: Option<&str>,
) -> Vec<Phrase> {
    let Some(lang) = lang else {
        return Vec::new();
    };
    let (Some(lex), Some(s)) = (lexicon(lang), seg.sentences.get(sentence)) else {
        return Vec::new();
    };
    let Some(para) = seg.paragraphs.get(s.paragraph) else {
        return Vec::new();
    };
    // Window used to decide ambiguity: the previous sentence of the paragraph and this one.
    let window_start = sentence
        .checked_sub(1)
        .and_then(|p| seg.sentences.get(p))
        .filter(|p| p.paragraph == s.paragraph)
        .map_or(s.span.start, |p| p.span.start);
    let body = &text[s.span.start..s.span.end];
    let mut out = Vec::new();
    for caps in lex.phrases.captures_iter(body) {
        let Some(m) = caps.get(0) else { continue };
        let (start, end) = (s.span.start + m.start(), s.span.start + m.end());
        if mentions.iter().any(|x| x.start < end && start < x.end) {
            continue;
        }
        let (kind, group) = if caps.name("person").is_some() {
            (PhraseKind::Description, "person")
        } else if caps.name("org").is_some() {
            (PhraseKind::Description, "org")
        } else if caps.name("pron").is_some() {
            (PhraseKind::Pronoun, "pron")
        } else {
            (PhraseKind::Possessive, "poss")
        };
        let after = text[end..s.span.end].trim_start();
        if kind == PhraseKind::Description && describes_what_follows(after, end, mentions, text) {
            continue;
        }
        // `Ubisoft, l'éditeur derrière…`: an apposition describes the name just before it; it stays words
        // for the rules (`X, the studio behind Y`) rather than a second mention of X.
        if kind == PhraseKind::Description
            && mentions
                .iter()
                .any(|m| m.end <= start && text[m.end..start].trim() == ",")
        {
            continue;
        }
        if kind == PhraseKind::Pronoun && (impersonal(after) || text[end..].starts_with("-m")) {
            // `elle-même`, `lui-même`: an emphasis of the subject, not a reference of its own.
            continue;
        }
        let types = compatible(kind, group, m.as_str(), lang);
        let mut phrase = Phrase {
            start,
            end,
            kind,
            antecedent: None,
            unresolved: None,
        };
        match resolve(
            start,
            para.start,
            window_start,
            kind,
            types,
            mentions,
            entities,
        ) {
            Ok(i) => phrase.antecedent = Some(i),
            Err(why) => phrase.unresolved = Some(why),
        }
        out.push(phrase);
    }
    out
}

/// `la start-up xAI`, `la société Anthropic`, `l'entreprise de Musk`: the noun introduces a name or a
/// complement rather than pointing back.
fn describes_what_follows(after: &str, end: usize, mentions: &[Mention], text: &str) -> bool {
    let next_mention = mentions
        .iter()
        .find(|m| m.start >= end)
        .is_some_and(|m| text[end..m.start].trim().is_empty());
    if next_mention {
        return true;
    }
    let first = after.chars().next();
    if first.is_some_and(char::is_uppercase) {
        return true;
    }
    let lower = after.to_lowercase();
    [
        "de ", "d'", "d’", "du ", "des ", "of ", "qui ", "que ", "that ", "which ",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// `il y a`, `il faut`, `il s'agit`, `il est temps`: impersonal `il`.
fn impersonal(after: &str) -> bool {
    let lower = after.to_lowercase();
    [
        "y a",
        "y avait",
        "faut",
        "fallait",
        "s'agit",
        "s’agit",
        "semble",
        "paraît",
        "est temps",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

fn resolve(
    at: usize,
    paragraph_start: usize,
    window_start: usize,
    kind: PhraseKind,
    types: &[&str],
    mentions: &[Mention],
    entities: Entities<'_>,
) -> Result<usize, &'static str> {
    let before = mentions.partition_point(|m| m.start < at);
    let in_paragraph = &mentions[..before];
    let type_of = |m: &Mention| entities.entity(m.entity).entity_type.as_str();
    let mut chosen = None;
    for (i, m) in in_paragraph.iter().enumerate().rev() {
        if m.start < paragraph_start {
            break;
        }
        let t = type_of(m);
        // A pronoun refers to the most salient thing just mentioned: if that is a product, "il" is the
        // product, not an earlier person.
        if kind == PhraseKind::Pronoun && t != "place" && !types.contains(&t) {
            return Err("the most recent entity has an incompatible type");
        }
        if types.contains(&t) {
            chosen = Some(i);
            break;
        }
    }
    let Some(i) = chosen else {
        return Err("no compatible entity earlier in the paragraph");
    };
    let chosen_entity = mentions[i].entity;
    let chosen_type = type_of(&mentions[i]);
    // Another entity of the same type nearby makes the reference ambiguous; so does one anywhere earlier in
    // the paragraph when the chosen antecedent itself is outside the nearby window.
    let from = if mentions[i].start >= window_start {
        window_start
    } else {
        paragraph_start
    };
    let rival = in_paragraph
        .iter()
        .filter(|m| m.start >= from)
        .any(|m| m.entity != chosen_entity && type_of(m) == chosen_type);
    if rival {
        return Err("ambiguous: another entity of the same type is mentioned nearby");
    }
    Ok(i)
}
