//! Tests of [`super`].

use super::*;
use crate::dictionary::DictionaryBuilder;

fn suggest(dict: &str, texts: &[&str]) -> Vec<Candidate> {
    let mut b = DictionaryBuilder::new();
    b.add_tsv("d.tsv", dict).unwrap();
    let matcher = Matcher::new(b.build()).unwrap();
    let mut s = Suggester::new(&matcher);
    for (i, t) in texts.iter().enumerate() {
        s.add_document(&Document::new(format!("d{i}"), *t));
    }
    s.candidates(&SuggestConfig {
        min_count: 1,
        top: None,
    })
}

fn typed(c: &[Candidate]) -> Vec<(String, String)> {
    c.iter()
        .map(|c| (c.name.clone(), c.entity_type.clone()))
        .collect()
}

const DICT: &str =
    "type\tname\taliases\tambiguous\norganization\tOpenAI\t\t\nperson\tElon Musk\tMusk\tMusk\n";

#[test]
fn tokens_split_elisions_and_keep_joined_words() {
    let text = "d’OpenAI, Jean-Luc, U.S. et AT&T ou l'Oréal 1.5";
    let words: Vec<&str> = tokens(text, 0, text.len())
        .iter()
        .map(|t| &text[t.start..t.end])
        .collect();
    assert_eq!(
        words,
        ["d’", "OpenAI", "Jean-Luc", "U.S", "et", "AT&T", "ou", "l'", "Oréal", "1.5"]
    );
}

#[test]
fn french_names_particles_titles_and_cues() {
    let c = suggest(
        DICT,
        &["La start-up Lumeria, fondée par Claire Dubreuil, lève des fonds auprès de la Banque de France. \
           Selon M. Ferrand, la société Velatech suivra. Le patron d’OpenAI, Sam Altman, a réagi. \
           Lumeria présentera le modèle Orion 2 chez Velatech."],
    );
    let got = typed(&c);
    for expected in [
        ("Lumeria", "organization"),
        ("Claire Dubreuil", "person"),
        ("Banque de France", "organization"),
        ("Ferrand", "person"),
        ("Velatech", "organization"),
        ("Sam Altman", "person"),
        ("Orion 2", "product"),
    ] {
        assert!(
            got.contains(&(expected.0.into(), expected.1.into())),
            "missing {expected:?} in {got:?}"
        );
    }
    assert!(
        !got.iter()
            .any(|(n, _)| n.contains("OpenAI") || n.contains("Selon") || n == "Le"),
        "{got:?}"
    );
}

#[test]
fn english_cues_and_headlines() {
    let c = suggest(
        DICT,
        &["Kestrel Raises Funds To Build New Chips\n\nThe company Kestrel Labs, founded by Maria Lopez, \
           said on Monday that Elon Musk invested. In a statement, Mrs. Lopez thanked Halcyon Inc. \
           The startup Kestrel Labs will ship its app in June."],
    );
    let got = typed(&c);
    assert!(
        got.contains(&("Kestrel Labs".into(), "organization".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("Maria Lopez".into(), "person".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("Halcyon Inc".into(), "organization".into())),
        "{got:?}"
    );
    // The Title Case headline, "In", "Monday", "June" and the known Elon Musk are not candidates.
    for bad in [
        "Kestrel Raises Funds",
        "In",
        "Monday",
        "June",
        "Elon Musk",
        "The",
    ] {
        assert!(
            !got.iter().any(|(n, _)| n.starts_with(bad)),
            "{bad} in {got:?}"
        );
    }
    let lopez = c.iter().find(|c| c.name == "Maria Lopez").unwrap();
    assert_eq!(lopez.aliases, ["Lopez"]);
    assert_eq!(lopez.ambiguous, ["Lopez"]);
    assert_eq!(lopez.count, 2, "the lone surname counts for the person");
}

#[test]
fn sentence_initial_words_need_evidence() {
    let c = suggest(
        DICT,
        &["Historiquement, rien. Velatech grandit. Malgré tout, Velatech recrute. Capacité réduite. La capacité baisse."],
    );
    assert_eq!(
        typed(&c),
        [("Velatech".to_string(), "organization".to_string())]
    );
    assert_eq!(c[0].count, 2);
}

#[test]
fn output_is_ranked_deterministic_and_valid_tsv() {
    let texts = [
        "Velatech et Lumeria. Lumeria encore.",
        "Lumeria, Velatech et Orbis.",
    ];
    let a = suggest(DICT, &texts);
    let b = suggest(DICT, &[texts[1], texts[0]]);
    assert_eq!(a, {
        let mut b = b.clone();
        for c in &mut b {
            // document ids differ with the order; examples are the first by id
            c.example = a.iter().find(|x| x.name == c.name).unwrap().example.clone();
        }
        b
    });
    assert_eq!(a[0].name, "Lumeria");
    let mut out = Vec::new();
    write_tsv(&a, 2, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut d = DictionaryBuilder::new();
    d.add_tsv("s.tsv", &text).unwrap();
    assert_eq!(d.build().entities().len(), a.len());
}
