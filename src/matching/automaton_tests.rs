//! Tests of the automaton kinds: the double array and `aho-corasick` report the same matches.

use super::*;
use crate::dictionary::DictionaryBuilder;

fn default_matcher(kind: AutomatonKind) -> Matcher {
    let mut b = DictionaryBuilder::new();
    b.add_embedded_defaults().unwrap();
    Matcher::with_kind(b.build(), kind).unwrap()
}

fn sorted_candidates(m: &Matcher, text: &str) -> Vec<Mention> {
    let (occurrences, claims) = m.candidates(text);
    let mut c: Vec<Mention> = occurrences
        .iter()
        .flat_map(|o| {
            claims[o.first as usize..o.end_claim as usize]
                .iter()
                .map(|&claim| o.candidate(claim).mention)
        })
        .collect();
    c.sort_unstable();
    c
}

/// The double array replaces `aho-corasick` only because it reports exactly the same overlapping
/// matches: checked on the default dictionaries over the sample corpus, its upper-cased copy, and a
/// dense text of dictionary forms glued in every way (prefixes, suffixes, elisions, multibyte chars).
#[test]
fn double_array_and_aho_corasick_report_the_same_matches() {
    let da = default_matcher(AutomatonKind::DoubleArray);
    let ac = default_matcher(AutomatonKind::AhoCorasick);
    assert!(matches!(da.automaton, Automaton::DoubleArray(_)));
    assert!(matches!(ac.automaton, Automaton::AhoCorasick(_)));
    let mut texts: Vec<String> = crate::sample_corpus()
        .iter()
        .map(|(_, t)| t.to_string())
        .collect();
    texts.push(texts.join("\n").to_uppercase());
    let forms = da.dictionary().forms();
    let mut dense = String::new();
    let mut state: u64 = 7;
    for _ in 0..20_000 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let f = &forms[(state >> 33) as usize % forms.len()].text;
        dense.push_str(f);
        dense.push_str(["", " ", "’", "-", "s ", ". ", "é"][(state >> 20) as usize % 7]);
    }
    texts.push(dense);
    let mut total = 0;
    for t in &texts {
        let a = sorted_candidates(&da, t);
        assert_eq!(a, sorted_candidates(&ac, t));
        assert_eq!(da.find(t), ac.find(t));
        total += a.len();
    }
    assert!(
        total > 20_000,
        "only {total} candidates: the comparison proves little"
    );
}

#[test]
fn nested_and_multibyte_patterns_match_alike() {
    let dict = "type\tname\taliases\nproduct\tA\tAB|BAB|Été|Ét|É|B\n";
    let build = |kind| {
        let mut b = DictionaryBuilder::new();
        b.add_tsv("t.tsv", dict).unwrap();
        Matcher::with_kind(b.build(), kind).unwrap()
    };
    let (da, ac) = (
        build(AutomatonKind::DoubleArray),
        build(AutomatonKind::AhoCorasick),
    );
    for t in ["A AB BAB BABAB", "Été Ét É été", "ABABAB Été-Ét", "x"] {
        assert_eq!(sorted_candidates(&da, t), sorted_candidates(&ac, t), "{t}");
    }
}
