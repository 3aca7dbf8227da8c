//! Tests of [`super`].

use std::fs;

use super::*;

fn build(tsv: &str) -> Dictionary {
    let mut b = DictionaryBuilder::new();
    b.add_tsv("t.tsv", tsv).unwrap();
    b.build()
}

#[test]
fn parses_rows_aliases_attributes_and_comments() {
    let d = build(
        "# comment\ntype\tname\taliases\tid\tcountry\nperson\tElon Musk\tMusk|E. Musk\tQ317521\tUS\n\norganization\tOpenAI\t\t\t\n",
    );
    assert_eq!(d.entities().len(), 2);
    let musk = &d.entities()[0];
    assert_eq!(musk.aliases, vec!["Musk", "E. Musk"]);
    assert_eq!(musk.external_id.as_deref(), Some("Q317521"));
    assert_eq!(
        musk.attributes.get("country").map(String::as_str),
        Some("US")
    );
    assert_eq!(d.forms().len(), 4);
}

/// Forms that fold alike (case, accents, apostrophes) share a number, numbered in order of first
/// appearance among the forms, whether or not their entities conflict.
#[test]
fn folded_ids_number_distinct_folded_forms_in_order() {
    let d = build(
        "type\tname\taliases\tcase\n\
         organization\tOpenAI\tOPENAI|Open AI\tsensitive\n\
         organization\tL’Oréal\tL'Oréal\t\n\
         person\tAndrew Ng\tNg\t\n\
         organization\tNG\t\tsensitive\n\
         product\topenai\t\tsensitive\n",
    );
    assert_eq!(d.folded_ids().len(), d.forms().len());
    let mut first: Vec<&str> = Vec::new();
    for (form, &id) in d.forms().iter().zip(d.folded_ids()) {
        match first.get(id as usize) {
            Some(&folded) => assert_eq!(folded, form.folded, "{}", form.text),
            None => {
                assert_eq!(id as usize, first.len(), "numbered in order: {}", form.text);
                first.push(&form.folded);
            }
        }
    }
    assert_eq!(d.folded_count(), first.len());
    let mut distinct = first.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), first.len(), "one number per folded text");
    // OpenAI, OPENAI and openai fold alike; so do L’Oréal and L'Oréal, Ng and NG.
    assert_eq!((d.forms().len(), first.len()), (9, 5), "{:?}", d.forms());
}

#[test]
fn malformed_rows_name_file_and_line() {
    let mut b = DictionaryBuilder::new();
    let e = b
        .add_tsv("d.tsv", "type\tname\nperson\tA\textra\n")
        .unwrap_err()
        .to_string();
    assert_eq!(e, "d.tsv:2: row has 3 cells but the header has 2 columns");
    let e = b
        .add_tsv("d.tsv", "type\tname\n\nperson\t\n")
        .unwrap_err()
        .to_string();
    assert_eq!(e, "d.tsv:3: empty name");
    let e = b.add_tsv("d.tsv", "name\tthing\n").unwrap_err().to_string();
    assert!(
        e.starts_with("d.tsv:1: header has no \"type\" column"),
        "{e}"
    );
    let e = b
        .add_tsv("d.tsv", "type\tname\nPerson\tA\n")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("d.tsv:2: type \"Person\""), "{e}");
    let e = b
        .add_tsv("d.tsv", "type\tname\tcase\nperson\tA\tmaybe\n")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("d.tsv:2: column case"), "{e}");
}

#[test]
fn same_type_and_name_merge() {
    let d =
        build("type\tname\taliases\nperson\tElon Musk\tMusk\nperson\tElon Musk\tE. Musk|Musk\n");
    assert_eq!(d.entities().len(), 1);
    assert_eq!(d.entities()[0].aliases, vec!["Musk", "E. Musk"]);
}

#[test]
fn name_beats_alias_then_first_loaded_wins() {
    let mut b = DictionaryBuilder::new();
    b.add_tsv(
        "user.tsv",
        "type\tname\taliases\norganization\tMeta Platforms\tMeta\n",
    )
    .unwrap();
    b.add_tsv(
        "default.tsv",
        "type\tname\taliases\norganization\tMeta\t\norganization\tAlphabet\tGoogle\n",
    )
    .unwrap();
    b.add_tsv(
        "other.tsv",
        "type\tname\taliases\norganization\tGoogle LLC\tGoogle\n",
    )
    .unwrap();
    let d = b.build();
    assert_eq!(d.conflicts().len(), 2);
    let meta = d.forms().iter().find(|f| f.text == "Meta").unwrap();
    assert_eq!(
        d.entity(meta.entity).id,
        "organization:Meta",
        "a canonical name beats an alias"
    );
    let google = d.forms().iter().find(|f| f.text == "Google").unwrap();
    assert_eq!(
        d.entity(google.entity).id,
        "organization:Alphabet",
        "first loaded wins among aliases"
    );
    assert!(d
        .describe_conflict(&d.conflicts()[0])
        .contains("user.tsv:2"));
}

#[test]
fn forms_differing_only_in_case_do_not_conflict_when_both_are_case_sensitive() {
    let d = build("type\tname\taliases\nplace\tOyo\t\norganization\tOYO\t\nproduct\tclip\t\norganization\tClip\t\n");
    assert_eq!(
        d.conflicts().len(),
        1,
        "an any-case form conflicts with every casing"
    );
    assert_eq!(d.entity(d.conflicts()[0].loser).id, "organization:Clip");
    assert_eq!(d.forms().len(), 3);
}

#[test]
fn case_policy_and_ambiguity() {
    let d = build(
        "type\tname\taliases\tambiguous\tcase\nperson\tElon Musk\tMusk\tMusk\t\nproduct\tiphone\t\t\t\norganization\tXYZ\t\t\tinsensitive\n",
    );
    let f = |t: &str| d.forms().iter().find(|f| f.text == t).unwrap().clone();
    assert!(f("Musk").ambiguous && f("Musk").case_sensitive);
    assert!(!f("Elon Musk").ambiguous);
    assert!(!f("iphone").case_sensitive);
    assert!(!f("XYZ").case_sensitive);
}

#[test]
fn entity_with_only_ambiguous_forms_is_warned() {
    let d = build("type\tname\tambiguous\tcues\norganization\tX\tX\tréseau social\n");
    assert!(
        d.warnings().is_empty(),
        "cues make an ambiguous-only entity matchable"
    );
    let d = build("type\tname\tambiguous\norganization\tX\tX\n");
    assert_eq!(d.warnings().len(), 1);
    assert!(d.warnings()[0].contains("can never match"));
}

#[test]
fn invalid_utf8_file_names_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.tsv");
    fs::write(&p, b"type\tname\nperson\tA\xff\n").unwrap();
    let e = DictionaryBuilder::new()
        .add_path(&p)
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("bad.tsv:2: invalid UTF-8"), "{e}");
}

#[test]
fn curated_forms_win_over_generated_names_whatever_the_kind_of_form() {
    let mut b = DictionaryBuilder::new();
    b.add_tsv(
        "embedded:dictionaries/curated/tech.tsv",
        "type\tname\taliases\norganization\tMeta Platforms\tMeta\n",
    )
    .unwrap();
    b.add_tsv(
        "embedded:dictionaries/generated/organizations.tsv",
        "type\tname\taliases\norganization\tMeta\t\norganization\tMeta Platforms Inc\tMeta Platforms\n",
    )
    .unwrap();
    let d = b.build();
    let owner = |text: &str| {
        d.forms()
            .iter()
            .find(|f| f.text == text)
            .map(|f| d.entity(f.entity).id.clone())
    };
    // The curated alias beats the generated canonical name, and the curated name the generated alias.
    assert_eq!(
        owner("Meta").as_deref(),
        Some("organization:Meta Platforms")
    );
    assert_eq!(
        owner("Meta Platforms").as_deref(),
        Some("organization:Meta Platforms")
    );
    assert!(d
        .conflicts()
        .iter()
        .all(|c| d.entity(c.winner).id == "organization:Meta Platforms"));
}

/// A dictionary large enough to be parsed in parallel blocks gives the rows, origins and errors of a
/// line-by-line reading, in text order.
#[test]
fn large_dictionaries_parse_in_blocks_with_exact_line_numbers() {
    use crate::dictionary::parse_rows;
    let mut text = String::from("\u{FEFF}# comment\n\ntype\tname\taliases\n");
    let mut expected = Vec::new();
    let mut line = 3;
    for i in 0..40_000 {
        line += 1;
        match i % 997 {
            0 => {
                text.push_str("person\t\n");
                expected.push(Err(line));
            }
            1 => {
                text.push_str("# a comment line\r\n");
            }
            2 => text.push('\n'),
            _ => {
                text.push_str(&format!("person\tPerson Number{i}\tP{i}|Q{i}\r\n"));
                expected.push(Ok(line));
            }
        }
    }
    assert!(text.len() > 4 * (256 << 10));
    let rows = parse_rows("big.tsv", &text);
    assert_eq!(rows.len(), expected.len());
    for (row, want) in rows.iter().zip(&expected) {
        match (row, want) {
            (Ok(e), Ok(line)) => {
                assert_eq!(e.origin, format!("big.tsv:{line}"));
                let n: usize = e.name.trim_start_matches("Person Number").parse().unwrap();
                assert_eq!(e.aliases, vec![format!("P{n}"), format!("Q{n}")]);
            }
            (Err(e), Err(line)) => {
                assert!(
                    e.to_string().starts_with(&format!("big.tsv:{line}:")),
                    "{e}"
                );
            }
            (row, want) => panic!("{row:?} at {want:?}"),
        }
    }
    // Only comments: no header.
    let only = parse_rows("c.tsv", "# nothing here\n");
    assert_eq!(only.len(), 1);
    assert!(only[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("no header line"));
}
