//! Applying a compiled [`RuleSet`] to a sentence template: the prefilter picks the rules whose literal cues
//! occur, each is matched, and its slots are mapped back to candidates as [`RelationHit`]s; name rules
//! relate an entity to another whose name extends its own.

use regex::RegexBuilder;

use super::template::type_token;
use super::{
    lang, Candidate, NameHit, NameRule, RelationHit, Rule, RuleSet, Template, RULE_SIZE_LIMIT,
};

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
            let Some(regex) = rule.regex() else {
                continue;
            };
            let mut at = 0;
            while at <= text.len() {
                let Some(caps) = regex.captures_at(text, at) else {
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
            let Some(caps) = rule.regex().and_then(|r| r.captures(&template)) else {
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
    /// "type mismatch" explanation. Compiles each rule's untyped regex on its first use; for `graphex
    /// explain` only.
    pub fn type_mismatches(&self, template: &Template, lang: Option<&str>) -> Vec<usize> {
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.applies_to(lang) && !r.regex().is_some_and(|re| re.is_match(&template.text))
            })
            .filter(|(_, r)| {
                r.untyped_regex
                    .get_or_init(|| {
                        RegexBuilder::new(&r.untyped)
                            .size_limit(RULE_SIZE_LIMIT)
                            .build()
                            .ok()
                    })
                    .as_ref()
                    .is_some_and(|re| re.is_match(&template.text))
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
