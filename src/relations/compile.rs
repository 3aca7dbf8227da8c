//! Compiling a rule pattern to a regex over templates: slots become placeholder groups restricted to their
//! entity types (lists become repeated groups), and spaces become flexible spaces.

use super::parse::{is_identifier, RuleSetBuilder};
use super::template::type_token;

/// Separators between the members of a list slot (`{org+:A}`): `A, B et C`, `A, B, and C`, `A ou B`,
/// `de A et de B`. Commas alone never make a list ("Prior to X, Y founded Z"): the last two members must be
/// joined by a conjunction.
const LIST_COMMA: &str = r", ?(?:the |le |la |les |l')?";
const LIST_CONJ: &str = r"(?:,? (?:et|and|ou|or|&|ainsi que|as well as|de même que|along with) )(?:(?:de|d'|du|des|à|au|aux|of|by|with|from|par|avec|chez) ?)?(?:the |le |la |les |l')?";
/// The conjunction of a two-member list: no comma before it. "A, and B provides" coordinates clauses (a
/// serial comma only appears in lists of three or more), so B is not a second object.
const LIST_CONJ_PAIR: &str = r"(?: (?:et|and|ou|or|&|ainsi que|as well as|de même que|along with) )(?:(?:de|d'|du|des|à|au|aux|of|by|with|from|par|avec|chez) ?)?(?:the |le |la |les |l')?";

/// A slot of a rule pattern: `{types:NAME}`, `{types+:NAME}` (a list), `{types}` (context only).
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub(super) name: Option<String>,
    pub(super) group: Option<String>,
}

impl RuleSetBuilder {
    /// Turns slots into placeholder groups and spaces into flexible spaces. Returns the typed regex, the
    /// untyped regex and the slots.
    pub(super) fn compile_pattern(
        &self,
        p: &str,
    ) -> std::result::Result<(String, String, Vec<Slot>), String> {
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
}
