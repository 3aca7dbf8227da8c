//! Which rules can possibly match a template: a literal prefilter built from the rules' regexes.
//!
//! Most rules need a cue word (`fondée`, `acquired`, `PDG`…) that most sentences do not contain. For each rule
//! this module derives, from the parsed regex, a set of *required literals*: strings one of which appears in
//! every text the regex matches. One Aho-Corasick automaton over all of them tells, in a single pass over a
//! template, which rules are worth running; the others cannot match. A rule without a usable literal (its
//! pattern is all slots and wildcards) is always run.
//!
//! Case-insensitive patterns and the flexible spaces of rules are handled by scanning a *canonical* copy of
//! the template: chars mapped to one case-folded representative ([`canon_char`]) and whitespace runs collapsed
//! to one space. The literals are canonicalised the same way, so a literal of a matching regex is always
//! found: the prefilter may let a rule through that then does not match, never the reverse (a property test
//! checks it against the regexes themselves).

use aho_corasick::{AhoCorasick, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Largest set of strings tracked for one sub-pattern; above it, the sub-pattern counts as unknown.
const MAX_SET: usize = 256;
/// Largest class turned into a single literal char (`[Ee]`, `[Kk\u{212A}]`).
const MAX_CLASS_CHARS: u32 = 8;
/// A literal set is used only if each of its strings has at least this many letters or digits.
const MIN_SCORE: usize = 2;
/// Placeholder brackets: literal runs stop at them.
const BREAKS: [char; 2] = ['⟦', '⟧'];

/// The prefilter: an automaton over the canonical required literals of every rule.
#[derive(Debug, Clone, Default)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// Automaton pattern id -> rules requiring that literal.
    literal_rules: Vec<Vec<u32>>,
    /// Rules without a usable literal: always candidates.
    always: Vec<u32>,
    rule_count: usize,
}

impl Prefilter {
    /// Builds the prefilter for rule regexes given in rule order. A pattern that does not parse gets no
    /// literal (its rule is always run).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Prefilter {
        let mut literals: Vec<String> = Vec::new();
        let mut literal_ids: rustc_hash::FxHashMap<String, usize> = Default::default();
        let mut literal_rules: Vec<Vec<u32>> = Vec::new();
        let mut always = Vec::new();
        let mut rule_count = 0;
        for (i, p) in patterns.into_iter().enumerate() {
            rule_count += 1;
            match required_literals(p) {
                Some(set) => {
                    for lit in set {
                        let id = *literal_ids.entry(lit.clone()).or_insert_with(|| {
                            literals.push(lit);
                            literal_rules.push(Vec::new());
                            literal_rules.len() - 1
                        });
                        literal_rules[id].push(i as u32);
                    }
                }
                None => always.push(i as u32),
            }
        }
        let automaton = if literals.is_empty() {
            None
        } else {
            // Every literal has letters or digits, so the automaton is never asked for an empty pattern.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&literals)
                .ok()
        };
        if automaton.is_none() {
            // Without an automaton, every rule is a candidate.
            always = (0..rule_count as u32).collect();
            literal_rules.clear();
        }
        Prefilter {
            automaton,
            literal_rules,
            always,
            rule_count,
        }
    }

    /// Number of rules that are always run.
    pub fn unfiltered(&self) -> usize {
        self.always.len()
    }

    /// The rules (indices, ascending) that may match `text`.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let mut hit = vec![false; self.rule_count];
        for &r in &self.always {
            hit[r as usize] = true;
        }
        if let Some(ac) = &self.automaton {
            let canonical = canonicalize(text);
            for m in ac.find_overlapping_iter(canonical.as_str()) {
                for &r in &self.literal_rules[m.pattern().as_usize()] {
                    hit[r as usize] = true;
                }
            }
        }
        hit.iter()
            .enumerate()
            .filter_map(|(i, &h)| h.then_some(i))
            .collect()
    }
}

/// The case-folded representative of a char: lowercase of uppercase of lowercase, where each step maps to a
/// single char (`ſ` → `s`, Kelvin sign → `k`, `É` → `é`); every member of a simple case-folding class maps to
/// the same char. Whitespace maps to a space.
#[inline]
pub fn canon_char(c: char) -> char {
    if c.is_ascii() {
        return if c.is_ascii_whitespace() {
            ' '
        } else {
            c.to_ascii_lowercase()
        };
    }
    if c.is_whitespace() {
        return ' ';
    }
    fn single(mut it: impl Iterator<Item = char>, default: char) -> char {
        match (it.next(), it.next()) {
            (Some(x), None) => x,
            _ => default,
        }
    }
    let l = single(c.to_lowercase(), c);
    let u = single(l.to_uppercase(), l);
    single(u.to_lowercase(), u)
}

/// The canonical copy of a text: [`canon_char`] on each char, whitespace runs collapsed to one space.
pub fn canonicalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = canon_char(c);
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    out
}

/// What is known of the strings a sub-pattern matches.
#[derive(Debug, Clone, Default)]
struct Info {
    /// Every string it can match (canonical), when that set is small.
    exact: Option<Vec<String>>,
    /// Strings one of which appears in every match (canonical), when known.
    required: Option<Vec<String>>,
}

impl Info {
    fn exact(set: Vec<String>) -> Info {
        let set = normalize(set);
        Info {
            required: Some(set.clone()),
            exact: Some(set),
        }
    }

    fn unknown() -> Info {
        Info::default()
    }
}

/// Canonicalises, sorts and dedups a set of strings.
fn normalize(set: Vec<String>) -> Vec<String> {
    let mut set: Vec<String> = set.iter().map(|s| canonicalize(s)).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// How selective a literal is: its letters and digits, or 0 if it contains placeholder syntax (`⟦`, `⟧`, `:`),
/// which every template has.
fn score(s: &str) -> usize {
    if s.contains(['⟦', '⟧', ':']) {
        return 0;
    }
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// The score of a set: that of its weakest string.
fn set_score(set: &[String]) -> usize {
    set.iter().map(|s| score(s)).min().unwrap_or(0)
}

/// The better of two required sets: higher score, then fewer strings.
fn better(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => {
            let (sa, sb) = (set_score(&a), set_score(&b));
            if sb > sa || (sb == sa && b.len() < a.len()) {
                Some(b)
            } else {
                Some(a)
            }
        }
    }
}

fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len().saturating_mul(b.len()) > MAX_SET {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            out.push(format!("{x}{y}"));
        }
    }
    Some(normalize(out))
}

/// The required literals of a regex pattern, if every string in the set scores at least [`MIN_SCORE`].
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let set = info(&hir).required?;
    if set_score(&set) < MIN_SCORE {
        return None;
    }
    // A string containing another one of the set adds nothing: any text with it has the shorter one.
    let minimal = set
        .iter()
        .filter(|s| {
            !set.iter()
                .any(|o| o.len() < s.len() && s.contains(o.as_str()))
        })
        .cloned()
        .collect();
    Some(minimal)
}

fn info(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info::exact(vec![String::new()]),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => Info::exact(vec![s.to_string()]),
            Err(_) => Info::unknown(),
        },
        HirKind::Class(Class::Unicode(class)) => {
            let size: u32 = class
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            if size == 0 || size > MAX_CLASS_CHARS {
                return Info::unknown();
            }
            let mut chars = class
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .map(canon_char);
            let Some(first) = chars.next() else {
                return Info::unknown();
            };
            if chars.all(|c| c == first) {
                Info::exact(vec![first.to_string()])
            } else {
                Info::unknown()
            }
        }
        HirKind::Class(Class::Bytes(_)) => Info::unknown(),
        HirKind::Capture(cap) => info(&cap.sub),
        HirKind::Repetition(rep) => {
            let sub = info(&rep.sub);
            let spaces = sub
                .exact
                .as_ref()
                .is_some_and(|e| e.len() == 1 && e[0] == " ");
            match (rep.min, rep.max) {
                // Whitespace runs collapse to one space in the canonical text.
                (0, _) if spaces => Info::exact(vec![String::new(), " ".into()]),
                (_, _) if spaces => Info::exact(vec![" ".into()]),
                (1, Some(1)) => sub,
                (0, _) => Info::unknown(),
                _ => Info {
                    exact: None,
                    required: sub.required,
                },
            }
        }
        HirKind::Alternation(subs) => {
            let infos: Vec<Info> = subs.iter().map(info).collect();
            let exact = infos
                .iter()
                .map(|i| i.exact.clone())
                .collect::<Option<Vec<Vec<String>>>>()
                .map(|v| normalize(v.concat()))
                .filter(|v| v.len() <= MAX_SET);
            let required = infos
                .into_iter()
                .map(|i| i.required)
                .collect::<Option<Vec<Vec<String>>>>()
                .map(|v| normalize(v.concat()))
                .filter(|v| v.len() <= MAX_SET);
            Info { exact, required }
        }
        HirKind::Concat(subs) => {
            let mut best: Option<Vec<String>> = None;
            // The product of the exact sub-patterns since the last inexact one (None: nothing yet).
            let mut run: Option<Vec<String>> = Some(vec![String::new()]);
            let mut whole_exact = true;
            for sub in subs {
                let i = info(sub);
                if let Some(e) = i
                    .exact
                    .as_ref()
                    .filter(|e| e.iter().any(|s| s.contains(BREAKS)))
                {
                    // Placeholder syntax ends the literal run: `⟧ fondée par ⟦` gives ` fondée par `.
                    whole_exact = false;
                    match e.as_slice() {
                        [lit] => {
                            let parts: Vec<&str> = lit.split(BREAKS).collect();
                            let first = [parts.first().copied().unwrap_or_default().to_string()];
                            run = run.as_deref().and_then(|r| product(r, &first));
                            best = better(best, run.take());
                            for mid in parts.iter().skip(1).take(parts.len().saturating_sub(2)) {
                                best = better(best, Some(vec![mid.to_string()]));
                            }
                            run = Some(vec![parts.last().copied().unwrap_or_default().to_string()]);
                        }
                        _ => {
                            best = better(best, run.take());
                            run = Some(vec![String::new()]);
                        }
                    }
                    continue;
                }
                match i.exact {
                    Some(e) => {
                        let next = run.as_deref().and_then(|r| product(r, &e));
                        match next {
                            Some(n) => run = Some(n),
                            None => {
                                // Too many combinations: keep the run so far as a candidate, restart here.
                                best = better(best, run.take());
                                whole_exact = false;
                                run = Some(e);
                            }
                        }
                    }
                    None => {
                        whole_exact = false;
                        best = better(best, run.take());
                        best = better(best, i.required);
                        run = Some(vec![String::new()]);
                    }
                }
            }
            if whole_exact {
                return match run {
                    Some(r) => Info::exact(r),
                    None => Info::unknown(),
                };
            }
            Info {
                exact: None,
                required: better(best, run),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_chars_fold_case_classes_to_one_char() {
        for (a, b) in [
            ('É', 'é'),
            ('ſ', 's'),
            ('\u{212A}', 'k'),
            ('K', 'k'),
            ('ẞ', 'ß'),
        ] {
            assert_eq!(canon_char(a), canon_char(b), "{a} {b}");
        }
        assert_eq!(canonicalize("Fondée \t  PAR"), "fondée par");
    }

    #[test]
    fn multiword_cues_become_literals() {
        let set =
            required_literals(r"(?i)⟦org:[0-9]+⟧ +(?:fondée|créée) +par +⟦person:[0-9]+⟧").unwrap();
        assert_eq!(set, vec![" créée par ", " fondée par "]);
        let set = required_literals(r"(?i)(?:a|ont) +(?:racheté|acquis) *,").unwrap();
        assert!(set.contains(&"a racheté,".to_string()), "{set:?}");
        // `fondée par` adds nothing to `fondée`.
        assert_eq!(
            required_literals(r"(?i)fondée(?: +par)?").unwrap(),
            vec!["fondée"]
        );
    }

    #[test]
    fn patterns_without_cues_have_no_literal() {
        assert_eq!(
            required_literals(r"(?i)⟦org:[0-9]+⟧ +, +⟦person:[0-9]+⟧"),
            None
        );
        assert_eq!(
            required_literals(r"(?i)(?:de )?⟦org:[0-9]+⟧ ⟦person:[0-9]+⟧"),
            None
        );
        assert_eq!(required_literals(r"(?i)\w+ ⟦org:[0-9]+⟧"), None);
    }

    #[test]
    fn candidates_include_every_rule_with_a_literal_present() {
        let p = Prefilter::new([
            r"(?i)⟦o:[0-9]+⟧ fondée par ⟦p:[0-9]+⟧",
            r"(?i)⟦p:[0-9]+⟧ +(?:a racheté|rachète) +⟦o:[0-9]+⟧",
            r"(?i)⟦p:[0-9]+⟧ , ⟦o:[0-9]+⟧",
        ]);
        assert_eq!(p.unfiltered(), 1);
        assert_eq!(p.candidates("⟦o:0⟧ FONDÉE  par ⟦p:1⟧"), vec![0, 2]);
        assert_eq!(p.candidates("⟦p:0⟧ rachète ⟦o:1⟧"), vec![1, 2]);
        assert_eq!(p.candidates("rien"), vec![2]);
    }
}
