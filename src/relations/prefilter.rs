//! Which rules can possibly match a template: a literal prefilter built from the rules' regexes.
//!
//! Most rules need a cue word (`fondée`, `acquired`, `PDG`…) that most sentences do not contain, and
//! entities of given types (`{org:A} … {person:B}`), which many sentences do not have. For each rule this
//! module derives, from the parsed regex, *required literal sets*: every text the regex matches contains
//! one string of each set (a cue set like `fondée par | créée par`, a placeholder type like
//! `organization:`). One Aho-Corasick automaton over all of them tells, in a single pass over a template,
//! which rules are worth running: those with every set present; the others cannot match. A rule without a
//! usable set (its pattern is all untyped slots and wildcards) is always run.
//!
//! Case-insensitive patterns and the flexible spaces of rules are handled by scanning a *canonical* copy of
//! the template: chars mapped to one case-folded representative ([`canon_char`]) and whitespace runs collapsed
//! to one space. The literals are canonicalised the same way, so a literal of a matching regex is always
//! found: the prefilter may let a rule through that then does not match, never the reverse (a property test
//! checks it against the regexes themselves).

use aho_corasick::{AhoCorasick, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Cache entries of required sets (see [`Prefilter::cached`]).
const CACHE_KIND: &str = "prefilter-2";

/// Largest set of strings tracked for one sub-pattern; above it, the sub-pattern counts as unknown.
const MAX_SET: usize = 256;
/// Largest class turned into a single literal char (`[Ee]`, `[Kk\u{212A}]`).
const MAX_CLASS_CHARS: u32 = 8;
/// A literal set is used only if each of its strings has at least this many letters or digits.
pub const MIN_SCORE: usize = 2;
/// Placeholder brackets: literal runs stop at them.
const BREAKS: [char; 2] = ['⟦', '⟧'];

/// The prefilter: an automaton over the canonical required literals of every rule.
#[derive(Debug, Clone, Default)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// Automaton pattern id -> the required sets that literal belongs to.
    literal_sets: Vec<Vec<u32>>,
    /// Required set id -> its rule.
    set_rule: Vec<u32>,
    /// Rule -> number of its required sets; 0 for a rule that is always run.
    rule_sets: Vec<u32>,
}

impl Prefilter {
    /// Builds the prefilter for rule regexes given in rule order. A pattern that does not parse gets no
    /// literal (its rule is always run).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Prefilter {
        Self::from_sets(patterns.into_iter().map(required_sets).collect())
    }

    /// Builds the prefilter for rule regexes given in rule order, taking their required sets from `cache`
    /// when it holds those of exactly these patterns (analysing a regex is most of the cost of reading the
    /// embedded rules), and saving them there otherwise.
    pub fn cached(
        patterns: &[&str],
        cache: Option<&crate::matching::cache::AutomatonCache>,
    ) -> Self {
        let Some(cache) = cache else {
            return Self::new(patterns.iter().copied());
        };
        let sets: Option<Vec<Vec<Vec<String>>>> = cache
            .load_blob(CACHE_KIND, patterns)
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .filter(|sets: &Vec<Vec<Vec<String>>>| sets.len() == patterns.len());
        let sets = sets.unwrap_or_else(|| {
            let sets: Vec<Vec<Vec<String>>> = patterns.iter().map(|p| required_sets(p)).collect();
            if let Ok(bytes) = serde_json::to_vec(&sets) {
                cache.store_blob(CACHE_KIND, patterns, &bytes);
            }
            sets
        });
        Self::from_sets(sets)
    }

    /// Builds the prefilter from the required sets of each rule, in rule order.
    fn from_sets(all_sets: Vec<Vec<Vec<String>>>) -> Prefilter {
        let mut literals: Vec<String> = Vec::new();
        let mut literal_ids: rustc_hash::FxHashMap<String, usize> = Default::default();
        let mut literal_sets: Vec<Vec<u32>> = Vec::new();
        let mut set_rule = Vec::new();
        let mut rule_sets = Vec::new();
        for (rule, sets) in all_sets.into_iter().enumerate() {
            rule_sets.push(sets.len() as u32);
            for set in sets {
                let set_id = set_rule.len() as u32;
                set_rule.push(rule as u32);
                for lit in set {
                    let id = *literal_ids.entry(lit.clone()).or_insert_with(|| {
                        literals.push(lit);
                        literal_sets.push(Vec::new());
                        literal_sets.len() - 1
                    });
                    literal_sets[id].push(set_id);
                }
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
            rule_sets.iter_mut().for_each(|n| *n = 0);
            literal_sets.clear();
            set_rule.clear();
        }
        Prefilter {
            automaton,
            literal_sets,
            set_rule,
            rule_sets,
        }
    }

    /// Number of rules that are always run.
    pub fn unfiltered(&self) -> usize {
        self.rule_sets.iter().filter(|&&n| n == 0).count()
    }

    /// The rules (indices, ascending) that may match `text`.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        // Per rule, how many of its required sets have a literal in the text.
        let mut present = vec![0u32; self.rule_sets.len()];
        if let Some(ac) = &self.automaton {
            let mut seen = vec![false; self.set_rule.len()];
            // A literal found again (a slot type like `organization:` is in every placeholder of that
            // type, and in the sets of every rule with such a slot) has nothing new to mark.
            let mut found = vec![false; self.literal_sets.len()];
            let canonical = canonicalize(text);
            for m in ac.find_overlapping_iter(canonical.as_str()) {
                let literal = m.pattern().as_usize();
                if std::mem::replace(&mut found[literal], true) {
                    continue;
                }
                for &set in &self.literal_sets[literal] {
                    if !std::mem::replace(&mut seen[set as usize], true) {
                        present[self.set_rule[set as usize] as usize] += 1;
                    }
                }
            }
        }
        present
            .iter()
            .zip(&self.rule_sets)
            .enumerate()
            .filter_map(|(i, (present, needed))| (present == needed).then_some(i))
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
    // Templates are full of non-ASCII chars (accented letters, quotes, the placeholder brackets), and
    // each case mapping is a search in Unicode tables: the common ranges are looked up, computed once.
    let at = c as u32;
    if let Some(&mapped) = CANON_LATIN.get(at.wrapping_sub(LATIN) as usize) {
        return mapped;
    }
    if let Some(&mapped) = CANON_PUNCTUATION.get(at.wrapping_sub(PUNCTUATION) as usize) {
        return mapped;
    }
    canon_char_uncached(c)
}

/// First char of the Latin, Greek, Cyrillic... range looked up by [`canon_char`] (up to U+0800).
const LATIN: u32 = 0x80;
/// First char of the punctuation, quotes, symbols and placeholder brackets range (up to U+2800).
const PUNCTUATION: u32 = 0x2000;

static CANON_LATIN: std::sync::LazyLock<Vec<char>> =
    std::sync::LazyLock::new(|| canon_table(LATIN..0x800));
static CANON_PUNCTUATION: std::sync::LazyLock<Vec<char>> =
    std::sync::LazyLock::new(|| canon_table(PUNCTUATION..0x2800));

/// [`canon_char_uncached`] of every char of `range` (which holds no surrogates).
fn canon_table(range: std::ops::Range<u32>) -> Vec<char> {
    range
        .map(|u| char::from_u32(u).map_or('\0', canon_char_uncached))
        .collect()
}

/// [`canon_char`] of a non-ASCII char, from the Unicode tables.
fn canon_char_uncached(c: char) -> char {
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
    /// Sets of strings (canonical) such that every match contains a string of each set.
    required: Vec<Vec<String>>,
    /// Strings (canonical) one of which every match starts with, when known: a slot's `⟦organization:`.
    prefix: Option<Vec<String>>,
    /// Strings (canonical) one of which every match ends with, when known: a slot's `⟧`.
    suffix: Option<Vec<String>>,
}

impl Info {
    fn exact(set: Vec<String>) -> Info {
        let set = normalize(set);
        Info {
            required: vec![set.clone()],
            prefix: Some(set.clone()),
            suffix: Some(set.clone()),
            exact: Some(set),
        }
    }

    fn unknown() -> Info {
        Info::default()
    }
}

/// What every match of a concatenation starts and ends with: the product of its exact parts from
/// either end, up to and with the start (end) of the first part that is not exact.
fn concat_ends(infos: &[Info]) -> (Option<Vec<String>>, Option<Vec<String>>) {
    let mut prefix = vec![String::new()];
    for i in infos {
        let (next, last) = match &i.exact {
            Some(e) => (product(&prefix, e), false),
            None => (i.prefix.as_deref().and_then(|p| product(&prefix, p)), true),
        };
        match next {
            Some(n) => prefix = n,
            None => break,
        }
        if last {
            break;
        }
    }
    let mut suffix = vec![String::new()];
    for i in infos.iter().rev() {
        let (next, last) = match &i.exact {
            Some(e) => (product(e, &suffix), false),
            None => (i.suffix.as_deref().and_then(|p| product(p, &suffix)), true),
        };
        match next {
            Some(n) => suffix = n,
            None => break,
        }
        if last {
            break;
        }
    }
    (Some(prefix), Some(suffix))
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
    alphanumerics(s)
}

/// Whether a literal is rare enough to be worth scanning for: [`MIN_SCORE`] letters or digits, or
/// anything but white space beside a placeholder bracket (`⟧'s ⟦`, `⟧ de ⟦`: the words right after or
/// before an entity).
fn selective(s: &str) -> bool {
    alphanumerics(s) >= MIN_SCORE
        || (s.contains(BREAKS)
            && s.chars()
                .any(|c| !c.is_whitespace() && !BREAKS.contains(&c)))
}

/// Letters and digits of a literal.
fn alphanumerics(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// The score of a set: that of its weakest string.
fn set_score(set: &[String]) -> usize {
    set.iter().map(|s| score(s)).min().unwrap_or(0)
}

/// The best of required sets: highest score, then fewest strings, then the first.
fn best(sets: Vec<Vec<String>>) -> Option<Vec<String>> {
    sets.into_iter().reduce(|a, b| {
        let (sa, sb) = (set_score(&a), set_score(&b));
        if sb > sa || (sb == sa && b.len() < a.len()) {
            b
        } else {
            a
        }
    })
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

/// The required literal sets of a regex pattern that are worth scanning for: each of their strings has at
/// least [`MIN_SCORE`] letters or digits (placeholder types count: `organization:` says which entities the
/// template must hold). Sorted, without duplicates.
pub fn required_sets(pattern: &str) -> Vec<Vec<String>> {
    let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
        return Vec::new();
    };
    let mut sets: Vec<Vec<String>> = info(&hir)
        .required
        .into_iter()
        .filter(|set| set.iter().all(|s| selective(s)))
        .map(|set| minimal(&set))
        .collect();
    sets.sort_unstable();
    sets.dedup();
    // A set that another one implies adds nothing: where `⟦organization:` is, `organization:` is.
    let implies =
        |a: &[String], b: &[String]| a.iter().all(|x| b.iter().any(|y| x.contains(y.as_str())));
    let keep: Vec<bool> = (0..sets.len())
        .map(|j| {
            !(0..sets.len()).any(|i| {
                i != j && implies(&sets[i], &sets[j]) && !(implies(&sets[j], &sets[i]) && j < i)
            })
        })
        .collect();
    sets.into_iter()
        .zip(keep)
        .filter_map(|(set, keep)| keep.then_some(set))
        .collect()
}

/// The required cue literals of a regex pattern: its best required set without placeholder syntax, if
/// every string in it scores at least [`MIN_SCORE`].
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let set = best(info(&hir).required)?;
    if set_score(&set) < MIN_SCORE {
        return None;
    }
    Some(minimal(&set))
}

/// A set without the strings that contain another one of it: any text with them has the shorter one.
fn minimal(set: &[String]) -> Vec<String> {
    set.iter()
        .filter(|s| {
            !set.iter()
                .any(|o| o.len() < s.len() && s.contains(o.as_str()))
        })
        .cloned()
        .collect()
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
                // One repetition or more starts and ends as the sub-pattern does.
                _ => Info {
                    exact: None,
                    required: sub.required,
                    prefix: sub.prefix,
                    suffix: sub.suffix,
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
            let union = |part: fn(&Info) -> Option<Vec<String>>| {
                infos
                    .iter()
                    .map(part)
                    .collect::<Option<Vec<Vec<String>>>>()
                    .map(|v| normalize(v.concat()))
                    .filter(|v| v.len() <= MAX_SET)
            };
            let prefix = union(|i| i.prefix.clone());
            let suffix = union(|i| i.suffix.clone());
            // One set: the union of each alternative's best one (every alternative must have one).
            let required = infos
                .into_iter()
                .map(|i| best(i.required))
                .collect::<Option<Vec<Vec<String>>>>()
                .map(|v| normalize(v.concat()))
                .filter(|v| v.len() <= MAX_SET);
            Info {
                exact,
                required: required.into_iter().collect(),
                prefix,
                suffix,
            }
        }
        HirKind::Concat(subs) => {
            // Every part's required sets are required of the whole.
            let mut sets: Vec<Vec<String>> = Vec::new();
            // The product of the exact sub-patterns since the last inexact one (None: nothing yet).
            let mut run: Option<Vec<String>> = Some(vec![String::new()]);
            // The same run, but starting at the placeholder bracket it follows when it does: `⟧'s ⟦` is
            // rare where `'s ` alone is too short to be worth a literal (see [`selective`]).
            let mut bracketed: Option<Vec<String>> = None;
            let mut whole_exact = true;
            let infos: Vec<Info> = subs.iter().map(info).collect();
            let (prefix, suffix) = concat_ends(&infos);
            for i in infos {
                if let Some(e) = i
                    .exact
                    .as_ref()
                    .filter(|e| e.iter().any(|s| s.contains(BREAKS)))
                {
                    // Placeholder syntax ends the literal run: `⟧ fondée par ⟦` gives ` fondée par `,
                    // and `⟧ fondée par ⟦` with its brackets.
                    whole_exact = false;
                    match e.as_slice() {
                        [lit] => {
                            let parts: Vec<&str> = lit.split(BREAKS).collect();
                            let brackets: Vec<char> =
                                lit.chars().filter(|c| BREAKS.contains(c)).collect();
                            let first = [parts.first().copied().unwrap_or_default().to_string()];
                            sets.extend(run.as_deref().and_then(|r| product(r, &first)));
                            let first_bracketed = [format!("{}{}", first[0], brackets[0])];
                            sets.extend(
                                bracketed
                                    .as_deref()
                                    .and_then(|r| product(r, &first_bracketed)),
                            );
                            for (k, mid) in parts
                                .iter()
                                .enumerate()
                                .skip(1)
                                .take(parts.len().saturating_sub(2))
                            {
                                sets.push(vec![mid.to_string()]);
                                sets.push(vec![format!("{}{mid}{}", brackets[k - 1], brackets[k])]);
                            }
                            let last = parts.last().copied().unwrap_or_default();
                            run = Some(vec![last.to_string()]);
                            bracketed =
                                Some(vec![format!("{}{last}", brackets[brackets.len() - 1])]);
                        }
                        _ => {
                            sets.extend(run.take());
                            sets.extend(bracketed.take());
                            run = Some(vec![String::new()]);
                        }
                    }
                    continue;
                }
                match i.exact {
                    Some(e) => {
                        let next = run.as_deref().and_then(|r| product(r, &e));
                        bracketed = bracketed.as_deref().and_then(|r| product(r, &e));
                        match next {
                            Some(n) => run = Some(n),
                            None => {
                                // Too many combinations: keep the run so far as a set, restart here.
                                sets.extend(run.take());
                                whole_exact = false;
                                run = Some(e);
                            }
                        }
                    }
                    None => {
                        whole_exact = false;
                        sets.extend(run.take());
                        // The bracketed run goes on into what the sub-pattern starts with, and a new
                        // one starts from what it ends with: `⟧'s ⟦organization:` across two slots.
                        let (start, end) = (i.prefix.as_deref(), i.suffix);
                        sets.extend(bracketed.take().and_then(|r| match start {
                            Some(p) => product(&r, p),
                            None => Some(r),
                        }));
                        bracketed = end.filter(|e| e.iter().any(|s| s.contains(BREAKS)));
                        sets.extend(i.required);
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
            sets.extend(bracketed);
            sets.extend(run);
            Info {
                exact: None,
                required: sets,
                prefix,
                suffix,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looked_up_chars_are_canonical_as_computed() {
        for u in (0x80u32..0x3000)
            .chain(0x1E00..0x1F00)
            .chain([0xFB00, 0x10400, 0x1D400])
        {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(canon_char(c), canon_char_uncached(c), "U+{u:04X}");
        }
        // ASCII, the tables' ranges, and past them.
        assert_eq!(canon_char('\u{7F}'), '\u{7F}');
        assert_eq!(canon_char('À'), 'à');
        assert_eq!(canon_char('\u{2028}'), ' ');
        assert_eq!(canon_char('⟦'), '⟦');
        assert_eq!(canon_char('\u{212A}'), 'k');
        assert_eq!(canon_char('Ⰰ'), 'ⰰ');
    }

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
        // The comma right after a placeholder is the third rule's literal.
        assert_eq!(p.unfiltered(), 0);
        assert_eq!(p.candidates("⟦o:0⟧ FONDÉE  par ⟦p:1⟧"), vec![0]);
        assert_eq!(p.candidates("⟦p:0⟧ rachète ⟦o:1⟧"), vec![1]);
        assert_eq!(p.candidates("⟦p:0⟧ , ⟦o:1⟧"), vec![2]);
        assert_eq!(p.candidates("rien"), Vec::<usize>::new());
        // Nothing but white space beside a bracket, or no literal at all: always run.
        let always = Prefilter::new([r"(?i)[0-9]+⟧ +⟦[0-9]+", r"(?i)\w+ +\w+"]);
        assert_eq!(always.unfiltered(), 2);
        assert_eq!(always.candidates("rien"), vec![0, 1]);
    }

    #[test]
    fn rules_need_every_required_set_typed_slots_included() {
        let product_of = r"(?i)⟦(?:product):[0-9]+⟧ +(?:de|d') +⟦(?:organization):[0-9]+⟧";
        let founded =
            r"(?i)⟦(?:organization):[0-9]+⟧ +fondée +par +⟦(?:person|organization):[0-9]+⟧";
        // The words between two placeholders, with their brackets: `de` alone is in most French
        // sentences, right after an entity and before another far fewer.
        assert_eq!(
            required_sets(product_of),
            vec![
                vec!["⟦organization:"],
                vec!["⟦product:"],
                vec!["⟧ d' ⟦", "⟧ de ⟦"]
            ]
        );
        // Sets that another implies are left out (` fondée par `, `organization: | person:`).
        assert_eq!(
            required_sets(founded),
            vec![vec!["⟦organization:"], vec!["⟧ fondée par ⟦"]]
        );
        // The cue set is still the one `required_literals` gives.
        assert_eq!(
            required_literals(founded),
            Some(vec![" fondée par ".to_string()])
        );
        let p = Prefilter::new([product_of, founded]);
        assert_eq!(p.unfiltered(), 0);
        assert_eq!(p.candidates("⟦product:0⟧ d' ⟦organization:1⟧"), vec![0]);
        assert_eq!(
            p.candidates("⟦PRODUCT:0⟧ de ⟦person:1⟧"),
            Vec::<usize>::new()
        );
        assert_eq!(
            p.candidates("⟦organization:0⟧ fondée par ⟦person:1⟧"),
            vec![1]
        );
        // The cue without the types, the types without the cue.
        assert_eq!(
            p.candidates("⟦place:0⟧ fondée par ⟦person:1⟧"),
            Vec::<usize>::new()
        );
        assert_eq!(
            p.candidates("⟦organization:0⟧ dirigée par ⟦person:1⟧"),
            Vec::<usize>::new()
        );
        assert_eq!(
            p.candidates("⟦product:0⟧ de ⟦organization:1⟧ fondée par ⟦organization:2⟧"),
            vec![0, 1]
        );
        // `fondée par` after a comma is not the founded rule's `⟧ fondée par ⟦`.
        assert_eq!(
            p.candidates("⟦product:0⟧ de ⟦organization:1⟧, fondée par ⟦organization:2⟧"),
            vec![0]
        );
    }
}
