//! Reading rule files: `define` lines, `@name` expansion, rule heads (relation, direction, languages,
//! fields) and name rules, each error naming its file and line. Patterns are compiled in
//! [`compile`](super::compile).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use regex::{Regex, RegexBuilder};

use super::prefilter::Prefilter;
use super::{
    build_rule_regex, NameRule, Rule, RuleSet, DEFAULT_CONFIDENCE, MAX_PATTERN_CHARS,
    RULE_SIZE_LIMIT, TYPE_ALIASES,
};
use crate::error::{Error, Result};

/// Loads and compiles rule files.
#[derive(Debug, Clone)]
pub struct RuleSetBuilder {
    pub(super) types: BTreeMap<String, String>,
    macros: BTreeMap<String, (String, String)>,
    rules: Vec<Rule>,
    name_rules: Vec<NameRule>,
    /// Reading the embedded rules: their regexes are built on first use (a test builds them all), not
    /// when read.
    embedded: bool,
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
            embedded: false,
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
        self.embedded = true;
        let added = crate::default_rules().iter().try_for_each(|(name, text)| {
            self.add_rules_with_ids(&format!("embedded:{name}"), name, text)
        });
        self.embedded = false;
        added
    }

    /// Adds a rule file, or every `.rules` file of a folder (recursively, in sorted path order).
    pub fn add_path(&mut self, path: &Path) -> Result<()> {
        for f in crate::files::source_files(path, "rules", ".rules")? {
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
        if !self.embedded {
            Regex::new(&body)
                .map_err(|e| format!("invalid regex in @{name}: {}", first_line(&e.to_string())))?;
        }
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
        let regex = std::sync::OnceLock::new();
        if !self.embedded {
            let built = build_rule_regex(&compiled).map_err(|e| match e {
                regex::Error::CompiledTooBig(n) => {
                    format!("pattern too large: its compiled form exceeds {n} bytes; split it into several rules")
                }
                e => format!("invalid regex: {}", first_line(&e.to_string())),
            })?;
            let _ = regex.set(Some(built));
        }
        let rule = Rule {
            id,
            relation: relation.to_string(),
            langs,
            symmetric,
            confidence,
            hedged,
            unless,
            pattern: pattern.to_string(),
            compiled,
            regex,
            untyped,
            untyped_regex: std::sync::OnceLock::new(),
            source_group: group(&source),
            target_group: group(&target),
            slot_groups: slots.iter().filter_map(|s| s.group.clone()).collect(),
        };
        Ok((rule, except))
    }

    /// Compiles the rule set.
    pub fn build(self) -> Result<RuleSet> {
        self.build_cached(None)
    }

    /// Compiles the rule set, keeping the analysis of the rules' regexes for the prefilter in `cache`
    /// (see [`Prefilter::cached`]): the same result as [`build`](Self::build), sooner on the next run.
    pub fn build_cached(
        self,
        cache: Option<&crate::matching::cache::AutomatonCache>,
    ) -> Result<RuleSet> {
        let patterns: Vec<&str> = self.rules.iter().map(|r| r.compiled.as_str()).collect();
        let prefilter = Prefilter::cached(&patterns, cache);
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

pub(super) fn is_identifier(s: &str) -> bool {
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
