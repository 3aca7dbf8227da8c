//! Typed, directed relations from cue rules: "who founded, leads, owns, develops … whom".
//!
//! A rule is one line of a `.rules` file (see `docs/rules.md`):
//!
//! ```text
//! founded(B -> A) fr: {org:A}, (?:fondée|créée) par {person|org+:B}
//! ```
//!
//! Before matching, each sentence is rewritten into a *template*: every entity mention (and every resolved
//! coreference phrase, see [`coref`]) becomes a typed placeholder such as `⟦organization:0⟧`, apostrophes,
//! quotes, dashes and spaces are normalised, and negation particles are removed and remembered (see
//! [`lang::strip_negation`]). Rule patterns are compiled to the `regex` crate (linear time, bounded size)
//! with their slots turned into placeholder groups, so rules never depend on entity names and a rule file
//! written by a journalist can never make extraction slow or crash it.
//!
//! This module never looks at the graph: it turns a sentence and its candidates into [`RelationHit`]s, and
//! [`crate::extract`] turns those into edges with evidence.
//!
//! ```
//! use graphex::relations::{Candidate, RuleSetBuilder, Template};
//!
//! let mut rules = RuleSetBuilder::new();
//! rules.add_rules("mine.rules", "founded(B -> A) fr: {org:A}, fondée par {person:B}\n").unwrap();
//! let rules = rules.build().unwrap();
//! let sentence = "xAI, fondée par Elon Musk, lève des fonds.";
//! let candidates = [
//!     Candidate::mention(0, 3, "organization"),
//!     Candidate::mention(16, 25, "person"),
//! ];
//! let template = Template::new(sentence, 0, &candidates, Some("fr"));
//! let hits = rules.apply(&template, &candidates, Some("fr"));
//! assert_eq!(hits[0].relation(&rules), "founded");
//! assert_eq!((hits[0].source, hits[0].target), (1, 0));
//! ```

pub mod coref;
pub mod lang;
pub mod prefilter;

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::Path;

use regex::{Regex, RegexBuilder};

use prefilter::Prefilter;

use crate::error::{Error, Result};

/// Compiled size limit of one rule's regex.
const RULE_SIZE_LIMIT: usize = 1 << 20;
/// Length limit of a pattern after macro expansion.
const MAX_PATTERN_CHARS: usize = 20_000;
/// Confidence of a rule that does not set one.
pub const DEFAULT_CONFIDENCE: f64 = 0.9;
/// Factor applied to the confidence of a hedged or reported statement.
pub const HEDGED_FACTOR: f64 = 0.6;
/// Factor applied to the confidence of a statement that needed coreference.
pub const IMPLICIT_FACTOR: f64 = 0.8;

/// Entity types every rule set knows, with the short names rules may use for them.
const TYPE_ALIASES: &[(&str, &str)] = &[
    ("person", "person"),
    ("per", "person"),
    ("organization", "organization"),
    ("organisation", "organization"),
    ("org", "organization"),
    ("product", "product"),
    ("prod", "product"),
    ("place", "place"),
    ("loc", "place"),
];

/// Separators between the members of a list slot (`{org+:A}`): `A, B et C`, `A, B, and C`, `A ou B`,
/// `de A et de B`. Commas alone never make a list ("Prior to X, Y founded Z"): the last two members must be
/// joined by a conjunction.
const LIST_COMMA: &str = r", ?(?:the |le |la |les |l')?";
const LIST_CONJ: &str = r"(?:,? (?:et|and|ou|or|&|ainsi que|as well as|de même que|along with) )(?:(?:de|d'|du|des|à|au|aux|of|by|with|from|par|avec|chez) ?)?(?:the |le |la |les |l')?";
/// The conjunction of a two-member list: no comma before it. "A, and B provides" coordinates clauses (a
/// serial comma only appears in lists of three or more), so B is not a second object.
const LIST_CONJ_PAIR: &str = r"(?: (?:et|and|ou|or|&|ainsi que|as well as|de même que|along with) )(?:(?:de|d'|du|des|à|au|aux|of|by|with|from|par|avec|chez) ?)?(?:the |le |la |les |l')?";

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
        let text = drop_asides(&text);
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

/// Whether a parenthesis names nothing but places (`(born 1973, Youngstown, Ohio)`).
fn aside_without_actors(s: &str) -> bool {
    !s.contains('(') && s.split('⟦').skip(1).all(|p| p.starts_with("place:"))
}

fn type_token(t: &str) -> String {
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

/// A slot of a rule pattern: `{types:NAME}`, `{types+:NAME}` (a list), `{types}` (context only).
#[derive(Debug, Clone)]
struct Slot {
    name: Option<String>,
    group: Option<String>,
}

/// One relation rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Rule id shown in evidence (`rules/fr.rules:12`, or the rule's `id=`).
    pub id: String,
    /// Relation type (`founded`, …).
    pub relation: String,
    /// Languages the rule applies to (empty: all).
    pub langs: Vec<String>,
    /// Whether the relation is symmetric (`A <-> B`).
    pub symmetric: bool,
    /// Confidence of an unhedged, explicit match.
    pub confidence: f64,
    /// Whether every match of the rule is hedged (the cue itself expresses doubt or intent).
    pub hedged: bool,
    /// Relations that override this rule: its edge is dropped when the same two entities get one of these
    /// relations from the same sentence (`works_for` … `unless=leads,founded`).
    pub unless: Vec<String>,
    /// The pattern as written.
    pub pattern: String,
    regex: Regex,
    /// The same pattern with every slot accepting any type: used by explanations ("type mismatch").
    untyped: String,
    source_group: String,
    target_group: String,
    slot_groups: Vec<String>,
}

impl Rule {
    /// The compiled regular expression, for explanations.
    pub fn regex(&self) -> &Regex {
        &self.regex
    }

    fn applies_to(&self, lang: Option<&str>) -> bool {
        match lang {
            None => true,
            Some(l) => self.langs.is_empty() || self.langs.iter().any(|x| x == l),
        }
    }
}

/// A rule match: relation between two candidates of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationHit {
    /// Index of the rule in the [`RuleSet`].
    pub rule: usize,
    /// Source candidate (index into the candidates given to [`RuleSet::apply`]).
    pub source: usize,
    /// Target candidate.
    pub target: usize,
    /// The match is hedged or reported.
    pub hedged: bool,
    /// A negation was removed inside the match: the sentence says the relation does *not* hold.
    pub negated: bool,
    /// The matched part of the template.
    pub matched: String,
}

impl RelationHit {
    /// The relation type of the hit's rule.
    pub fn relation<'a>(&self, rules: &'a RuleSet) -> &'a str {
        rules
            .rules
            .get(self.rule)
            .map_or("", |r| r.relation.as_str())
    }
}

/// A set of compiled rules. Build with [`RuleSetBuilder`].
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    /// Which rules can match a template (see [`prefilter`]).
    prefilter: Prefilter,
    /// Name rules (`name owns(A -> B) …`), matched against entity names instead of sentences.
    name_rules: Vec<NameRule>,
}

/// A rule over names: a mention whose text is another entity's name followed by more words ("Samsung
/// Galaxy S9" after "Samsung", "BBC Two" after "BBC") relates the two entities. Its pattern is two slots,
/// the shorter name first: `{org:A} {product:B}`.
#[derive(Debug, Clone)]
pub struct NameRule {
    /// The rule: relation, direction, confidence, and the two-slot pattern matched against
    /// `⟦shorter:0⟧ ⟦longer:1⟧`.
    pub rule: Rule,
    /// The rule does not apply when the words after the shorter name match this, whole
    /// (`except=@same_or_parent`: "CNN Worldwide", "Air Liquide Group" are the same company or its parent).
    except: Option<Regex>,
}

/// A name-rule match (see [`RuleSet::name_hits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameHit {
    /// Index of the rule in [`RuleSet::name_rules`].
    pub rule: usize,
    /// Whether the source of the relation is the entity with the shorter name (else the longer one).
    pub source_is_shorter: bool,
}

impl RuleSet {
    /// An empty rule set (no relations are extracted).
    pub fn empty() -> Self {
        RuleSet::default()
    }

    /// The rules, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The name rules, in load order.
    pub fn name_rules(&self) -> &[NameRule] {
        &self.name_rules
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.name_rules.is_empty()
    }

    /// Relation types defined by the rules, sorted.
    pub fn relations(&self) -> Vec<&str> {
        let mut r: Vec<&str> = self
            .rules
            .iter()
            .chain(self.name_rules.iter().map(|n| &n.rule))
            .map(|r| r.relation.as_str())
            .collect();
        r.sort_unstable();
        r.dedup();
        r
    }

    /// Every match of every rule of language `lang` (all rules when `None`) in a sentence template,
    /// negated ones included (see [`RelationHit::negated`]). Hits between two candidates of one entity
    /// are the caller's to drop: the template does not know entities.
    pub fn apply(
        &self,
        template: &Template,
        candidates: &[Candidate],
        lang: Option<&str>,
    ) -> Vec<RelationHit> {
        let text = template.text.as_str();
        let mut hits = Vec::new();
        // Computed on the first match, once per sentence (see lang::is_reported).
        let mut reported: Option<bool> = None;
        for i in self.prefilter.candidates(text) {
            let Some(rule) = self.rules.get(i) else {
                continue;
            };
            if !rule.applies_to(lang) {
                continue;
            }
            let mut at = 0;
            while at <= text.len() {
                let Some(caps) = rule.regex.captures_at(text, at) else {
                    break;
                };
                let Some(whole) = caps.get(0) else { break };
                let sources = caps
                    .name(&rule.source_group)
                    .map(|m| slot_members(m.as_str()))
                    .unwrap_or_default();
                let targets = caps
                    .name(&rule.target_group)
                    .map(|m| slot_members(m.as_str()))
                    .unwrap_or_default();
                // Negation marks are in text order: the first one after the match start decides.
                let negated = {
                    let k = template.negations.partition_point(|&p| p <= whole.start());
                    template.negations.get(k).is_some_and(|&p| p < whole.end())
                };
                let hedged = rule.hedged
                    || lang::is_hedged_match(lang, whole.as_str())
                    || *reported.get_or_insert_with(|| lang::is_reported(lang, text));
                // "acquired Nokia's devices business": an entity ending the match but followed by a
                // possessive is not the object, what it owns is.
                let possessor = {
                    let after = &text[whole.end()..];
                    whole.as_str().ends_with('⟧')
                        && (after.starts_with("'s") || after.starts_with("' "))
                };
                for &s in &sources {
                    for &t in &targets {
                        if possessor || s == t || s >= candidates.len() || t >= candidates.len() {
                            continue;
                        }
                        hits.push(RelationHit {
                            rule: i,
                            source: s,
                            target: t,
                            hedged,
                            negated,
                            matched: whole.as_str().to_string(),
                        });
                    }
                }
                // Go on from the end of the first slot, so that chains ("A bought B, which owns C") and
                // overlapping matches are all found.
                let first_slot_end = rule
                    .slot_groups
                    .iter()
                    .filter_map(|g| caps.name(g))
                    .map(|m| m.end())
                    .min()
                    .unwrap_or(whole.end());
                let mut next = first_slot_end.max(whole.start() + 1);
                while next < text.len() && !text.is_char_boundary(next) {
                    next += 1;
                }
                at = next;
            }
        }
        hits
    }

    /// The name rules of language `lang` that relate an entity of type `shorter` to one of type `longer`
    /// whose name, as written, is the shorter name followed by the words `rest` ("Samsung" + "Galaxy S9").
    pub fn name_hits(
        &self,
        shorter: &str,
        longer: &str,
        rest: &str,
        lang: Option<&str>,
    ) -> Vec<NameHit> {
        if self.name_rules.is_empty() {
            return Vec::new();
        }
        let template = format!("⟦{}:0⟧ ⟦{}:1⟧", type_token(shorter), type_token(longer));
        let mut hits = Vec::new();
        for (i, n) in self.name_rules.iter().enumerate() {
            let rule = &n.rule;
            if !rule.applies_to(lang) || n.except.as_ref().is_some_and(|re| re.is_match(rest)) {
                continue;
            }
            let Some(caps) = rule.regex.captures(&template) else {
                continue;
            };
            let slot = |g: &str| caps.name(g).map(|m| slot_members(m.as_str()));
            match (slot(&rule.source_group), slot(&rule.target_group)) {
                (Some(s), Some(t)) if s == [0] && t == [1] => hits.push(NameHit {
                    rule: i,
                    source_is_shorter: true,
                }),
                (Some(s), Some(t)) if s == [1] && t == [0] => hits.push(NameHit {
                    rule: i,
                    source_is_shorter: false,
                }),
                _ => {}
            }
        }
        hits
    }

    /// Rules of language `lang` that do not match the template but would if slot types were ignored: the
    /// "type mismatch" explanation. Slow (compiles regexes); for `graphex explain` only.
    pub fn type_mismatches(&self, template: &Template, lang: Option<&str>) -> Vec<usize> {
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.applies_to(lang) && !r.regex.is_match(&template.text))
            .filter(|(_, r)| {
                RegexBuilder::new(&r.untyped)
                    .size_limit(RULE_SIZE_LIMIT)
                    .build()
                    .is_ok_and(|re| re.is_match(&template.text))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// Candidate indices of the placeholders in a slot's text.
fn slot_members(s: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('⟦') {
        let after = &rest[open + '⟦'.len_utf8()..];
        let Some(close) = after.find('⟧') else {
            break;
        };
        let inner = &after[..close];
        if let Some(n) = inner.rsplit(':').next().and_then(|n| n.parse().ok()) {
            out.push(n);
        }
        rest = &after[close + '⟧'.len_utf8()..];
    }
    out
}

/// Loads and compiles rule files.
#[derive(Debug, Clone)]
pub struct RuleSetBuilder {
    types: BTreeMap<String, String>,
    macros: BTreeMap<String, (String, String)>,
    rules: Vec<Rule>,
    name_rules: Vec<NameRule>,
}

impl Default for RuleSetBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl RuleSetBuilder {
    /// A builder that knows the standard entity types (`person`, `organization`, `product`, `place` and
    /// their short names `per`, `org`, `prod`, `loc`).
    pub fn new() -> Self {
        RuleSetBuilder {
            types: TYPE_ALIASES
                .iter()
                .map(|(a, t)| (a.to_string(), t.to_string()))
                .collect(),
            macros: BTreeMap::new(),
            rules: Vec::new(),
            name_rules: Vec::new(),
        }
    }

    /// Makes more entity types usable in slots (e.g. the types of the loaded dictionaries).
    pub fn entity_types<I, S>(&mut self, types: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for t in types {
            let t = t.as_ref();
            self.types
                .entry(t.to_string())
                .or_insert_with(|| t.to_string());
        }
        self
    }

    /// Adds the rules embedded in the binary (`dictionaries/rules/*.rules`).
    pub fn add_embedded_defaults(&mut self) -> Result<()> {
        for (name, text) in crate::default_rules() {
            let id_prefix = name.to_string();
            self.add_rules_with_ids(&format!("embedded:{name}"), &id_prefix, text)?;
        }
        Ok(())
    }

    /// Adds a rule file, or every `.rules` file of a folder (recursively, in sorted path order).
    pub fn add_path(&mut self, path: &Path) -> Result<()> {
        for f in crate::dictionary::source_files(path, "rules", ".rules")? {
            self.add_file(&f)?;
        }
        Ok(())
    }

    fn add_file(&mut self, path: &Path) -> Result<()> {
        let text = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.add_rules_with_ids(&path.display().to_string(), &name, &text)
    }

    /// Adds the rules of a text; `origin` names it in errors and rule ids (`origin:line`).
    pub fn add_rules(&mut self, origin: &str, text: &str) -> Result<()> {
        self.add_rules_with_ids(origin, origin, text)
    }

    fn add_rules_with_ids(&mut self, origin: &str, id_prefix: &str, text: &str) -> Result<()> {
        let err = |line: usize, message: String| Error::Rule {
            origin: origin.to_string(),
            line,
            message,
        };
        let mut pending = String::new();
        let mut pending_line = 0;
        let lines: Vec<&str> = text.lines().collect();
        for (i, raw) in lines.iter().enumerate() {
            let line_no = i + 1;
            let line = raw.trim_end_matches('\r');
            // A line ending in a backslash continues on the next one (long patterns).
            if let Some(part) = line.strip_suffix('\\') {
                if pending.is_empty() {
                    pending_line = line_no;
                }
                pending.push_str(part.trim_start());
                continue;
            }
            let (line, line_no) = if pending.is_empty() {
                (line.to_string(), line_no)
            } else {
                pending.push_str(line.trim_start());
                (std::mem::take(&mut pending), pending_line)
            };
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(def) = trimmed.strip_prefix("define ") {
                self.define(def, origin, line_no)
                    .map_err(|m| err(line_no, m))?;
                continue;
            }
            let id = format!("{id_prefix}:{line_no}");
            if let Some(rest) = trimmed.strip_prefix("name ") {
                let rule = self
                    .parse_name_rule(rest, &id)
                    .map_err(|m| err(line_no, m))?;
                self.name_rules.push(rule);
                continue;
            }
            let (rule, except) = self.parse_rule(trimmed, &id).map_err(|m| err(line_no, m))?;
            if except.is_some() {
                return Err(err(
                    line_no,
                    "except= is for name rules only (lines starting with `name `)".into(),
                ));
            }
            self.rules.push(rule);
        }
        if !pending.is_empty() {
            return Err(err(
                pending_line,
                "the last line ends with `\\` but nothing follows".into(),
            ));
        }
        Ok(())
    }

    fn define(&mut self, def: &str, origin: &str, line: usize) -> std::result::Result<(), String> {
        let Some((name, body)) = def.split_once('=') else {
            return Err("a definition reads `define NAME = PATTERN`".into());
        };
        let name = name.trim().trim_start_matches('@');
        if !is_identifier(name) {
            return Err(format!(
                "`{name}` is not a valid name (letters, digits and _)"
            ));
        }
        if let Some((_, at)) = self.macros.get(name) {
            return Err(format!("@{name} is already defined at {at}"));
        }
        let body = self.expand(body.trim())?;
        Regex::new(&body)
            .map_err(|e| format!("invalid regex in @{name}: {}", first_line(&e.to_string())))?;
        self.macros
            .insert(name.to_string(), (body, format!("{origin}:{line}")));
        Ok(())
    }

    /// Replaces `@name` by the macro's body in a group.
    fn expand(&self, s: &str) -> std::result::Result<String, String> {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.char_indices().peekable();
        let mut escaped = false;
        while let Some((i, c)) = chars.next() {
            if escaped {
                out.push(c);
                escaped = false;
                continue;
            }
            if c == '\\' {
                out.push(c);
                escaped = true;
                continue;
            }
            if c == '@' {
                let rest = &s[i + 1..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                let name = &rest[..len];
                if name.is_empty() {
                    out.push(c);
                    continue;
                }
                let Some((body, _)) = self.macros.get(name) else {
                    return Err(format!(
                        "unknown name @{name} (define it first with `define {name} = …`)"
                    ));
                };
                out.push_str("(?:");
                out.push_str(body);
                out.push(')');
                for _ in 0..name.chars().count() {
                    chars.next();
                }
                continue;
            }
            out.push(c);
        }
        Ok(out)
    }

    /// A name rule: `name RELATION(A -> B) LANG [fields]: {types:A} {types:B}`, the shorter name first.
    fn parse_name_rule(&self, line: &str, id: &str) -> std::result::Result<NameRule, String> {
        let (rule, except) = self.parse_rule(line, id)?;
        if !is_two_slots(&rule.pattern) {
            return Err(format!(
                "a name rule's pattern is two slots, the shorter name first (`{{org:A}} {{product:B}}`), not `{}`",
                rule.pattern
            ));
        }
        let except = except
            .map(|e| {
                let body = self.expand(&e)?;
                RegexBuilder::new(&format!("^(?i:{body})$"))
                    .size_limit(RULE_SIZE_LIMIT)
                    .build()
                    .map_err(|x| {
                        format!(
                            "invalid regex in except={e}: {}",
                            first_line(&x.to_string())
                        )
                    })
            })
            .transpose()?;
        Ok(NameRule { rule, except })
    }

    /// A sentence rule, and its `except=` field if any (only name rules may have one).
    fn parse_rule(
        &self,
        line: &str,
        default_id: &str,
    ) -> std::result::Result<(Rule, Option<String>), String> {
        let Some((head, pattern)) = line.split_once(':') else {
            return Err(
                "a rule reads `relation(SOURCE -> TARGET) LANG: PATTERN` (no `:` found)".into(),
            );
        };
        let pattern = pattern.trim();
        if pattern.is_empty() {
            return Err("empty pattern after `:`".into());
        }
        let Some((relation, rest)) = head.split_once('(') else {
            return Err(format!(
                "`{}` does not start with `relation(SOURCE -> TARGET)`",
                head.trim()
            ));
        };
        let relation = relation.trim();
        if !is_identifier(relation) || relation.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(format!(
                "`{relation}` is not a valid relation name (lowercase letters, digits and _)"
            ));
        }
        let Some((arrow, fields)) = rest.split_once(')') else {
            return Err("missing `)` after the direction".into());
        };
        let (source, target, symmetric) = parse_direction(arrow)?;
        let mut words = fields.split_whitespace();
        let Some(langs) = words.next() else {
            return Err("missing language after `)` (fr, en, fr,en or *)".into());
        };
        let langs: Vec<String> = if langs == "*" {
            Vec::new()
        } else {
            let v: Vec<String> = langs.split(',').map(|l| l.trim().to_string()).collect();
            if let Some(bad) = v
                .iter()
                .find(|l| l.len() < 2 || l.len() > 3 || !l.chars().all(|c| c.is_ascii_lowercase()))
            {
                return Err(format!(
                    "`{bad}` is not a language code (fr, en, fr,en or *)"
                ));
            }
            v
        };
        let mut id = default_id.to_string();
        let mut confidence = DEFAULT_CONFIDENCE;
        let mut hedged = false;
        let mut unless = Vec::new();
        let mut except = None;
        for field in words {
            let Some((k, v)) = field.split_once('=') else {
                return Err(format!(
                    "`{field}`: rule fields read key=value (id, confidence, hedged, unless, except)"
                ));
            };
            match k {
                "id" if !v.is_empty() => id = v.to_string(),
                "confidence" => {
                    confidence = v
                        .parse::<f64>()
                        .ok()
                        .filter(|c| *c > 0.0 && *c <= 1.0)
                        .ok_or_else(|| format!("confidence={v}: expected a number in (0, 1]"))?;
                }
                "unless" => {
                    unless = v.split(',').map(str::to_string).collect();
                    if let Some(bad) = unless.iter().find(|r| !is_identifier(r)) {
                        return Err(format!("unless={v}: `{bad}` is not a relation name"));
                    }
                }
                "except" if !v.is_empty() => except = Some(v.to_string()),
                "hedged" => {
                    hedged = match v {
                        "true" | "yes" => true,
                        "false" | "no" => false,
                        _ => return Err(format!("hedged={v}: expected true or false")),
                    }
                }
                _ => {
                    return Err(format!(
                        "unknown rule field `{k}` (known: id, confidence, hedged, unless, except)"
                    ))
                }
            }
        }
        let expanded = self.expand(pattern)?;
        if expanded.chars().count() > MAX_PATTERN_CHARS {
            return Err(format!(
                "pattern too long: {} characters after expanding @names (limit {MAX_PATTERN_CHARS})",
                expanded.chars().count()
            ));
        }
        let (compiled, untyped, slots) = self.compile_pattern(&expanded)?;
        let named: Vec<&str> = slots.iter().filter_map(|s| s.name.as_deref()).collect();
        for want in [&source, &target] {
            if !named.contains(&want.as_str()) {
                return Err(format!(
                    "slot {want} is used in the direction but not in the pattern (write {{type:{want}}})"
                ));
            }
        }
        let group = |n: &str| {
            slots
                .iter()
                .find(|s| s.name.as_deref() == Some(n))
                .and_then(|s| s.group.clone())
                .unwrap_or_default()
        };
        let regex = RegexBuilder::new(&compiled)
            .size_limit(RULE_SIZE_LIMIT)
            .dfa_size_limit(RULE_SIZE_LIMIT)
            .build()
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(n) => {
                    format!("pattern too large: its compiled form exceeds {n} bytes; split it into several rules")
                }
                e => format!("invalid regex: {}", first_line(&e.to_string())),
            })?;
        let rule = Rule {
            id,
            relation: relation.to_string(),
            langs,
            symmetric,
            confidence,
            hedged,
            unless,
            pattern: pattern.to_string(),
            regex,
            untyped,
            source_group: group(&source),
            target_group: group(&target),
            slot_groups: slots.iter().filter_map(|s| s.group.clone()).collect(),
        };
        Ok((rule, except))
    }

    /// Turns slots into placeholder groups and spaces into flexible spaces. Returns the typed regex, the
    /// untyped regex and the slots.
    fn compile_pattern(&self, p: &str) -> std::result::Result<(String, String, Vec<Slot>), String> {
        let mut typed = String::from("(?i)");
        let mut untyped = String::from("(?i)");
        let mut slots: Vec<Slot> = Vec::new();
        let chars: Vec<char> = p.chars().map(crate::text::fold_punct).collect();
        let mut i = 0;
        let mut class_depth = 0usize;
        if chars.first().is_some_and(|c| c.is_ascii_alphanumeric()) {
            typed.push_str(r"(?-u:\b)");
            untyped.push_str(r"(?-u:\b)");
        }
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' {
                typed.push(c);
                untyped.push(c);
                if let Some(&n) = chars.get(i + 1) {
                    typed.push(n);
                    untyped.push(n);
                }
                i += 2;
                continue;
            }
            if class_depth > 0 {
                match c {
                    '[' => class_depth += 1,
                    ']' => class_depth -= 1,
                    _ => {}
                }
                typed.push(c);
                untyped.push(c);
                i += 1;
                continue;
            }
            if c == '[' {
                class_depth = 1;
                typed.push(c);
                untyped.push(c);
                i += 1;
                continue;
            }
            if c == '{' && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) {
                let Some(len) = chars[i + 1..].iter().position(|&x| x == '}') else {
                    return Err("a slot `{` is not closed by `}`".into());
                };
                let spec: String = chars[i + 1..i + 1 + len].iter().collect();
                let (t, u, slot) = self.compile_slot(&spec, slots.len())?;
                if let Some(name) = &slot.name {
                    if slots.iter().any(|s| s.name.as_deref() == Some(name)) {
                        return Err(format!("slot name {name} is used twice"));
                    }
                }
                typed.push_str(&t);
                untyped.push_str(&u);
                slots.push(slot);
                i += len + 2;
                continue;
            }
            if c.is_whitespace() {
                let mut j = i;
                while j < chars.len() && chars[j].is_whitespace() {
                    j += 1;
                }
                let before = i.checked_sub(1).map(|k| chars[k]);
                let after = chars.get(j).copied();
                let words = before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric);
                let sp = if words { " +" } else { " *" };
                typed.push_str(sp);
                untyped.push_str(sp);
                i = j;
                continue;
            }
            typed.push(c);
            untyped.push(c);
            i += 1;
        }
        if chars.last().is_some_and(|c| c.is_ascii_alphanumeric()) {
            typed.push_str(r"(?-u:\b)");
            untyped.push_str(r"(?-u:\b)");
        }
        if slots.is_empty() {
            return Err("the pattern has no slot: write entities as {type:NAME}".into());
        }
        Ok((typed, untyped, slots))
    }

    /// `org+:A` → the group, its untyped version and the slot.
    fn compile_slot(
        &self,
        spec: &str,
        index: usize,
    ) -> std::result::Result<(String, String, Slot), String> {
        let (types, name) = match spec.split_once(':') {
            Some((t, n)) => (t.trim(), Some(n.trim())),
            None => (spec.trim(), None),
        };
        if let Some(n) = name {
            if !is_identifier(n) {
                return Err(format!("slot name `{n}` must be letters, digits or _"));
            }
        }
        let (types, list) = match types.strip_suffix('+') {
            Some(t) => (t.trim(), true),
            None => (types, false),
        };
        let mut alternatives = Vec::new();
        for t in types.split('|').map(str::trim) {
            let (base, poss) = match t.strip_suffix("'s") {
                Some(b) => (b, "'s"),
                None => (t, ""),
            };
            let class = if base == "any" {
                "[a-z0-9_]+".to_string()
            } else {
                match self.types.get(base) {
                    Some(full) => regex::escape(&type_token(full)),
                    None => {
                        let mut known: Vec<&str> = self.types.keys().map(String::as_str).collect();
                        known.push("any");
                        known.sort_unstable();
                        return Err(format!(
                            "unknown slot type `{base}` in {{{spec}}} (known: {})",
                            known.join(", ")
                        ));
                    }
                }
            };
            alternatives.push(format!("{class}{poss}"));
        }
        let one = format!("⟦(?:{}):[0-9]+⟧", alternatives.join("|"));
        let any = "⟦[a-z0-9_]+(?:'s)?:[0-9]+⟧".to_string();
        let body = |p: &str| {
            if list {
                format!("{p}(?:{LIST_CONJ_PAIR}{p}|(?:{LIST_COMMA}{p})+{LIST_CONJ}{p})?")
            } else {
                p.to_string()
            }
        };
        let group = name.map(|n| format!("s{index}_{n}"));
        let wrap = |b: String| match &group {
            Some(g) => format!("(?P<{g}>{b})"),
            None => format!("(?:{b})"),
        };
        Ok((
            wrap(body(&one)),
            wrap(body(&any)),
            Slot {
                name: name.map(str::to_string),
                group,
            },
        ))
    }

    /// Compiles the rule set.
    pub fn build(self) -> Result<RuleSet> {
        let prefilter = Prefilter::new(self.rules.iter().map(|r| r.regex.as_str()));
        Ok(RuleSet {
            rules: self.rules,
            prefilter,
            name_rules: self.name_rules,
        })
    }
}

/// Whether a pattern is two slots separated by spaces, and nothing else (`{org:A} {product:B}`).
fn is_two_slots(p: &str) -> bool {
    // The text after a leading slot.
    let slot = |s: &str| -> Option<usize> {
        let rest = s.strip_prefix('{')?;
        let close = rest.find('}')?;
        (!rest[..close].contains('{')).then_some(close + 2)
    };
    let Some(end) = slot(p) else { return false };
    let rest = &p[end..];
    let second = rest.trim_start();
    second.len() < rest.len() && slot(second) == Some(second.len())
}

fn parse_direction(arrow: &str) -> std::result::Result<(String, String, bool), String> {
    for (sep, sym) in [("<->", true), ("↔", true), ("->", false), ("→", false)] {
        if let Some((a, b)) = arrow.split_once(sep) {
            let (a, b) = (a.trim(), b.trim());
            if !is_identifier(a) || !is_identifier(b) {
                return Err(format!(
                    "`{arrow}`: slot names must be letters, digits or _"
                ));
            }
            if a == b {
                return Err(format!(
                    "`{arrow}`: source and target must be different slots"
                ));
            }
            return Ok((a.to_string(), b.to_string(), sym));
        }
    }
    Err(format!(
        "`({arrow})`: write the direction as (SOURCE -> TARGET), or (A <-> B) for a symmetric relation"
    ))
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn first_line(s: &str) -> String {
    // regex errors span several lines with a caret diagram of the compiled pattern; the last line says what
    // is wrong.
    s.lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map_or_else(
            || s.lines().next().unwrap_or("").to_string(),
            |l| l.trim().to_string(),
        )
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.relation, self.id, self.pattern)
    }
}

#[cfg(test)]
mod tests;
