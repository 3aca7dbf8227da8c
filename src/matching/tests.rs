//! Tests of [`super`].

use super::*;
use crate::dictionary::DictionaryBuilder;

const DICT: &str = "type\tname\taliases\tambiguous\tcase\tcues
person\tElon Musk\tMusk\tMusk\t\t
organization\tOpenAI\tOpenIA\t\t\t
organization\tX\tX Corp\tX\t\tréseau social|social network
product\tGrok\t\t\t\t
product\tGrok 3\t\t\t\t
product\tGrok 1\t\t\t\t
organization\tL’Oréal\t\t\t\t
organization\tSociété Générale\t\t\t\t
product\tiphone\t\t\t\t
organization\tHugging Face\t\t\tinsensitive\t
";

fn matcher() -> Matcher {
    let mut b = DictionaryBuilder::new();
    b.add_tsv("t.tsv", DICT).unwrap();
    Matcher::new(b.build()).unwrap()
}

fn found(text: &str) -> Vec<(String, String)> {
    let m = matcher();
    m.find(text)
        .into_iter()
        .map(|x| {
            (
                text[x.start..x.end].to_string(),
                m.dictionary().entity(x.entity).name.clone(),
            )
        })
        .collect()
}

fn names(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(_, n)| n).collect()
}

#[test]
fn nearly_sorted_slices_sort_like_the_stable_sort() {
    let mut state: u64 = 7;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    for round in 0..200 {
        let len = next(300) as usize;
        // (key, original position): ties on the key show whether the sort is stable.
        let mut items: Vec<(u64, usize)> = match round % 3 {
            // Shifted a few places, like occurrences ordered by end.
            0 => (0..len).map(|i| (i as u64 + next(6), i)).collect(),
            // Reversed: past the move budget, the general sort finishes.
            1 => (0..len).map(|i| ((len - i) as u64 / 2, i)).collect(),
            _ => (0..len).map(|i| (next(10), i)).collect(),
        };
        let mut expected = items.clone();
        expected.sort_by_key(|x| x.0);
        sort_nearly_sorted_by_key(&mut items, |x| x.0);
        assert_eq!(items, expected, "round {round}");
    }
}

#[test]
fn longest_match_wins() {
    assert_eq!(names("Grok 3 arrive"), vec!["Grok 3"]);
    assert_eq!(names("Elon Musk et Musk"), vec!["Elon Musk", "Elon Musk"]);
    assert_eq!(found("Grok 3")[0].0, "Grok 3");
}

#[test]
fn elision_with_both_apostrophes() {
    assert_eq!(names("le patron d’OpenAI"), vec!["OpenAI"]);
    assert_eq!(
        names("le patron d'OpenAI et l'OpenAI"),
        vec!["OpenAI", "OpenAI"]
    );
    assert_eq!(
        found("chez L'Oréal")[0],
        ("L'Oréal".to_string(), "L’Oréal".to_string())
    );
}

#[test]
fn unicode_word_boundaries() {
    assert!(names("Xavier Niel").is_empty());
    assert!(names("OpenAIs").is_empty());
    assert!(names("la GrokX").is_empty());
    assert_eq!(names("« Grok », dit-il"), vec!["Grok"]);
    assert!(
        names("Grok 30").iter().all(|n| n == "Grok"),
        "Grok 3 must not match inside Grok 30"
    );
}

#[test]
fn decimals_do_not_end_a_versioned_name() {
    assert_eq!(names("Grok 1.5 sort"), vec!["Grok"]);
    assert_eq!(names("Grok 1, puis"), vec!["Grok 1"]);
}

#[test]
fn non_breaking_spaces_and_case() {
    assert_eq!(names("Elon\u{00A0}Musk"), vec!["Elon Musk"]);
    assert_eq!(names("Elon\u{202F}Musk"), vec!["Elon Musk"]);
    assert!(
        names("elon musk").is_empty(),
        "capitalised forms are case-sensitive"
    );
    assert_eq!(
        names("un iPhone, un IPHONE"),
        vec!["iphone", "iphone"],
        "lowercase forms match any case"
    );
    assert_eq!(
        names("HUGGING FACE"),
        vec!["Hugging Face"],
        "entries can opt into case-insensitivity"
    );
    assert_eq!(names("Société Générale"), vec!["Société Générale"]);
    assert!(names("SOCIÉTÉ GÉNÉRALE").is_empty());
}

#[test]
fn ambiguous_forms_need_support_in_the_document() {
    assert!(names("Musk a parlé.").is_empty());
    assert_eq!(
        names("Musk a parlé. Elon Musk aussi."),
        vec!["Elon Musk", "Elon Musk"]
    );
    assert!(names("X a levé des fonds").is_empty());
    assert_eq!(
        names("X Corp et X"),
        vec!["X", "X"],
        "the full name supports the ambiguous one"
    );
    assert_eq!(
        names("C’est le cas d’X, le réseau social d’Elon Musk."),
        vec!["X", "Elon Musk"],
        "a nearby cue supports it"
    );
    assert_eq!(
        names("Le Réseau Social de X"),
        vec!["X"],
        "cues match in any case"
    );
    assert!(names("Les rayons X traversent tout.").is_empty());
}

#[test]
fn an_alias_shared_within_a_file_counts_for_the_entity_named_in_full() {
    let mut b = DictionaryBuilder::new();
    b.add_tsv(
        "people.tsv",
        "type\tname\taliases\nperson\tXavier Dubois\tDubois\nperson\tInès Dubois\tDubois\n",
    )
    .unwrap();
    let d = b.build();
    assert!(d.conflicts()[0].shared);
    assert!(d.describe_conflict(&d.conflicts()[0]).contains("shared"));
    let m = Matcher::new(d).unwrap();
    let names = |t: &str| -> Vec<String> {
        m.find(t)
            .iter()
            .map(|x| m.dictionary().entity(x.entity).name.clone())
            .collect()
    };
    assert_eq!(
        names("Inès Dubois a parlé. Dubois a ajouté."),
        vec!["Inès Dubois", "Inès Dubois"]
    );
    assert_eq!(
        names("Xavier Dubois a parlé. Dubois a ajouté."),
        vec!["Xavier Dubois", "Xavier Dubois"]
    );
    assert!(
        names("Dubois a parlé.").is_empty(),
        "no claimant named in full: nobody"
    );
}

#[test]
fn offsets_point_into_the_original_text() {
    let text = "«\u{00A0}d’OpenAI\u{00A0}» et Elon\u{00A0}Musk";
    for (surface, _) in found(text) {
        assert!(text.contains(&surface));
    }
    let m = matcher();
    for x in m.find(text) {
        assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
    }
}

#[test]
fn case_sensitive_forms_differing_in_case_name_different_entities() {
    let mut b = DictionaryBuilder::new();
    b.add_tsv("t.tsv", "type\tname\nplace\tOyo\norganization\tOYO\n")
        .unwrap();
    let m = Matcher::new(b.build()).unwrap();
    let ids: Vec<&str> = m
        .find("OYO ouvre un hôtel à Oyo.")
        .iter()
        .map(|x| m.dictionary().entity(x.entity).id.as_str())
        .collect();
    assert_eq!(ids, ["organization:OYO", "place:Oyo"]);
}

#[test]
fn a_change_of_script_is_a_word_boundary() {
    assert_eq!(
        names("東京でElon Muskは Teslaを語った。"),
        vec!["Elon Musk"],
        "no spaces in Japanese"
    );
    assert_eq!(names("وGrok 3، Grok"), vec!["Grok 3", "Grok"]);
    assert_eq!(names("Grok👍Grok 3🚀"), vec!["Grok", "Grok 3"]);
    assert!(
        names("GrokΑ").is_empty(),
        "Greek letters continue a Latin word"
    );
    let mut b = DictionaryBuilder::new();
    b.add_tsv("t.tsv", "type\tname\nplace\t東京\n").unwrap();
    let m = Matcher::new(b.build()).unwrap();
    assert_eq!(m.find("東京 Tokyo").len(), 1);
    assert_eq!(m.find("in東京.").len(), 1);
    assert!(
        m.find("東京都").is_empty(),
        "same script: no boundary, as before"
    );
}

#[test]
fn combining_marks_continue_words() {
    // "Grok" followed by a combining acute accent is another word.
    assert!(names("Grok\u{0301}").is_empty());
}
