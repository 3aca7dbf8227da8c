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

mod compile;
pub mod coref;
mod engine;
pub mod lang;
mod parse;
pub mod prefilter;
mod template;

pub use parse::RuleSetBuilder;
pub use template::{Candidate, CandidateKind, Template};

use std::fmt;

use regex::Regex;

use prefilter::Prefilter;

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
    /// The regex source the pattern compiles to.
    compiled: String,
    /// `compiled`, built on first use: most rules never run on a short text (the prefilter skips them),
    /// so startup does not pay for compiling them. Rules read from files are built (and checked) when read.
    regex: std::sync::OnceLock<Option<Regex>>,
    /// The same pattern with every slot accepting any type: used by explanations ("type mismatch").
    untyped: String,
    /// `untyped` compiled, on first use (`None`: over the size limit).
    untyped_regex: std::sync::OnceLock<Option<Regex>>,
    source_group: String,
    target_group: String,
    slot_groups: Vec<String>,
}

impl Rule {
    /// The compiled regular expression (built on first use). `None` never happens for a rule read from a
    /// file (it was built when read) nor for the embedded ones (a test builds them all); such a rule would
    /// match nothing.
    pub fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| build_rule_regex(&self.compiled).ok())
            .as_ref()
    }

    /// The regex source of the rule, as the prefilter reads it.
    pub fn regex_source(&self) -> &str {
        &self.compiled
    }

    fn applies_to(&self, lang: Option<&str>) -> bool {
        match lang {
            None => true,
            Some(l) => self.langs.is_empty() || self.langs.iter().any(|x| x == l),
        }
    }
}

/// Builds a rule's regex with the size limits of rules.
pub(crate) fn build_rule_regex(compiled: &str) -> std::result::Result<Regex, regex::Error> {
    regex::RegexBuilder::new(compiled)
        .size_limit(RULE_SIZE_LIMIT)
        .dfa_size_limit(RULE_SIZE_LIMIT)
        .build()
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

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.relation, self.id, self.pattern)
    }
}

#[cfg(test)]
mod tests;
