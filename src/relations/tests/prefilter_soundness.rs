//! The prefilter never skips a rule that could match: checked on the default rules.

use super::*;
fn default_rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let mut r = RuleSetBuilder::new();
        r.add_embedded_defaults().unwrap();
        r.build().unwrap()
    })
}

/// The default rules' cue literals (whole, and word by word), placeholders and glue words.
fn vocabulary() -> (Vec<String>, Vec<String>, Vec<String>) {
    let rules = default_rules();
    let mut cues: Vec<String> = rules
        .rules()
        .iter()
        .filter_map(|r| prefilter::required_literals(r.regex_source()))
        .flatten()
        .collect();
    let words: Vec<String> = cues
        .iter()
        .flat_map(|l| l.split(' ').map(str::to_string).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect();
    cues.extend(words);
    cues.sort();
    cues.dedup();
    let mut slots = Vec::new();
    for t in [
        "person",
        "organization",
        "product",
        "place",
        "person's",
        "organization's",
    ] {
        for i in 0..3 {
            slots.push(format!("⟦{t}:{i}⟧"));
        }
    }
    let glue = [
        ",", ".", "'s", "d'", "l'", "de", "the", "of", "le", "la", "by", "par", "a", "has", "is",
        "et", "and", "its", "sa", "son", "en 2015", "in 2015", "(", ")", "",
    ]
    .map(str::to_string)
    .to_vec();
    (cues, slots, glue)
}

fn case_variant(w: &str, how: u8) -> String {
    match how {
        0 => w.to_string(),
        1 => w.to_uppercase(),
        _ => {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// The prefilter never drops a rule whose regex matches: pseudo-random templates built from cue words
/// and placeholders, in any case and with any spacing (a fixed seed: the same texts on every run).
#[test]
fn every_matching_rule_is_a_candidate() {
    let (cues, slots, glue) = vocabulary();
    let rules = default_rules();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut matched = 0;
    for _ in 0..20_000 {
        // Shaped like a rule: slot, glue, cue, glue, slot, glue..., each with a random case and spacing.
        let mut text = String::new();
        for k in 0..3 + next(6) {
            let pool = match k % 3 {
                0 => &slots,
                1 if next(4) == 0 => &glue,
                _ => &cues,
            };
            let token = case_variant(&pool[next(pool.len())], next(3) as u8);
            for (j, word) in token.split(' ').enumerate() {
                if j > 0 {
                    text.push_str([" ", "  ", "\u{a0}", "\t "][next(4)]);
                }
                text.push_str(word);
            }
            text.push_str(["", "  ", "\u{a0}", " ", " ", " "][next(6)]);
        }
        let candidates = rules.prefilter.candidates(&text);
        for (i, rule) in rules.rules().iter().enumerate() {
            if rule.regex().is_some_and(|r| r.is_match(&text)) {
                matched += 1;
                assert!(
                    candidates.contains(&i),
                    "rule {} matches {text:?} but was filtered out",
                    rule.id
                );
            }
        }
    }
    assert!(
        matched > 300,
        "too few matches ({matched}) to test anything"
    );
}
