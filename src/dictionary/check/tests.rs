//! Tests of [`super`].

use super::*;

fn lint(tsv: &str) -> LintReport {
    let mut l = Lint::new();
    l.add_tsv("t.tsv", tsv);
    l.run()
}

fn rules(r: &LintReport) -> Vec<(String, Severity, &'static str)> {
    r.findings
        .iter()
        .map(|f| (f.location.clone(), f.severity, f.rule))
        .collect()
}

#[test]
fn clean_dictionary_has_no_findings() {
    let r = lint(
        "type\tname\taliases\tambiguous\nperson\tElon Musk\tMusk\tMusk\norganization\tOpenAI\t\t\n",
    );
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!((r.files, r.rows, r.entities), (1, 2, 2));
}

#[test]
fn malformed_rows_are_errors_and_the_rest_is_checked() {
    let r = lint("type\tname\nperson\tA B\textra\nPerson\tX Y\norganization\tOpen\n");
    assert_eq!(
        rules(&r),
        vec![
            ("t.tsv:2".into(), Severity::Error, "malformed"),
            ("t.tsv:3".into(), Severity::Error, "malformed"),
            ("t.tsv:4".into(), Severity::Warning, "common-word"),
        ]
    );
    assert!(r.has_errors());
    let r = lint("name\tthing\n");
    assert_eq!(
        rules(&r),
        vec![("t.tsv:1".into(), Severity::Error, "malformed")]
    );
}

#[test]
fn duplicates_and_repeated_forms() {
    let r = lint("type\tname\taliases\norganization\tOpenAI\tOpen AI|OpenAI|Open AI\norganization\tOpenAI\t\n");
    let got = rules(&r);
    assert!(got.contains(&("t.tsv:2".into(), Severity::Warning, "duplicate-form")));
    assert_eq!(
        got.iter()
            .filter(|(_, _, rule)| *rule == "duplicate-form")
            .count(),
        2
    );
    let dup = r
        .findings
        .iter()
        .find(|f| f.rule == "duplicate-entry")
        .unwrap();
    assert_eq!(dup.location, "t.tsv:3");
    assert!(dup.message.contains("line 2"), "{}", dup.message);
}

#[test]
fn conflicts_name_both_lines() {
    let r = lint("type\tname\taliases\norganization\tMeta\t\norganization\tAlphabet\tGoogle\norganization\tMeta Platforms\tMeta\nproduct\tGoogle\t\n");
    let c: Vec<&Finding> = r.findings.iter().filter(|f| f.rule == "conflict").collect();
    assert_eq!(c.len(), 2, "{c:?}");
    assert_eq!(c[0].location, "t.tsv:3");
    assert!(
        c[0].message
            .contains("product:Google (t.tsv:5), which keeps it"),
        "{}",
        c[0].message
    );
    assert_eq!(c[1].location, "t.tsv:4");
    assert!(c[1].message.contains("organization:Meta (t.tsv:2)"));
}

#[test]
fn suspicious_forms() {
    let r = lint(
        "type\tname\taliases\tambiguous\tcase\n\
         organization\tAcme Widgets\t2024|!!!|AW|apple\t\t\n\
         organization\tBig Apple Corp\tApple\t\t\n\
         organization\tOrange SA\torange|Orange\torange\t\n\
         organization\tZeta Labs\tzeta\t\tinsensitive\n\
         person\tSam Altman\tAltman|Sam Altman \t\t\n\
         person\tMadonna\t\tMadonna\t\n",
    );
    let got = rules(&r);
    for expected in [
        ("t.tsv:2", Severity::Error, "number"),
        ("t.tsv:2", Severity::Error, "no-letter"),
        ("t.tsv:2", Severity::Warning, "short-form"),
        ("t.tsv:2", Severity::Error, "common-word"),
        ("t.tsv:3", Severity::Warning, "common-word"),
        ("t.tsv:4", Severity::Warning, "common-word"),
        ("t.tsv:6", Severity::Warning, "single-token-person"),
        ("t.tsv:6", Severity::Warning, "whitespace"),
        ("t.tsv:7", Severity::Error, "never-matches"),
    ] {
        assert!(
            got.contains(&(expected.0.to_string(), expected.1, expected.2)),
            "missing {expected:?} in {got:?}"
        );
    }
    // "zeta" is not a common word; "orange" is flagged ambiguous so only "Orange" is reported.
    assert!(!got.iter().any(|(l, _, _)| l == "t.tsv:5"), "{got:?}");
    assert_eq!(
        got.iter().filter(|(l, _, _)| l == "t.tsv:4").count(),
        1,
        "{got:?}"
    );
}

#[test]
fn invisible_characters_and_empty_items() {
    let r2 = lint("type\tname\taliases\norganization\tOpen\u{200B}AI Labs\tOAI Labs||Open Labs\n");
    let got = rules(&r2);
    assert!(got.contains(&("t.tsv:2".into(), Severity::Error, "control-character")));
    assert!(got.contains(&("t.tsv:2".into(), Severity::Warning, "empty-form")));
}

#[test]
fn ambiguous_only_entity_with_cues_is_fine_and_lost_forms_are_reported() {
    let r = lint("type\tname\tambiguous\tcues\norganization\tX\tX\tréseau social\n");
    assert!(!r.has_errors(), "{:?}", r.findings);
    let r = lint("type\tname\taliases\norganization\tAcme\t\nproduct\tAcme\t\n");
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "never-matches")
        .unwrap();
    assert_eq!(f.location, "t.tsv:3");
    assert!(f.message.contains("claimed by another entity"));
}

#[test]
fn duplicate_external_ids() {
    let r = lint("type\tname\tid\norganization\tAlpha Corp\tQ1\norganization\tBeta Corp\tQ1\n");
    assert_eq!(
        rules(&r),
        vec![("t.tsv:3".into(), Severity::Warning, "duplicate-id")]
    );
}
