//! Name rules: a name that extends another entity's name relates the two.

use super::*;

const NAME_DICT: &str = "type\tname\taliases\tambiguous
organization\tSamsung\t\t
organization\tSamsung Electronics\t\t
organization\tSamsung Group\t\t
product\tSamsung Galaxy S9\tGalaxy S9\t
organization\tBBC\t\t
organization\tBBC Two\t\t
organization\tBBC and Partners Trust\tBBC & Partners Trust\t
organization\tHouse of Representatives\tHouse\t
organization\tHouse of Yi\t\t
organization\tOrange\t\t
organization\tOrange Business\t\t
person\tAnna Lind\t\t
organization\tAnna Lind Foundation Trust\t\t
";

fn name_relations(text: &str) -> Vec<(String, String, String)> {
    let mut v = triples(&extractor_with(NAME_DICT), text);
    v.sort();
    v
}

fn triple(r: &str, s: &str, t: &str) -> (String, String, String) {
    (r.into(), s.into(), t.into())
}

#[test]
fn a_name_that_extends_another_names_its_product_or_unit() {
    // Any language: the name is the cue.
    assert_eq!(
        name_relations("Samsung a présenté ses résultats. Le Samsung Galaxy S9 se vend bien."),
        vec![triple("develops", "Samsung", "Samsung Galaxy S9")]
    );
    assert_eq!(
        name_relations("The BBC said ratings fell. BBC Two will air the series in May."),
        vec![triple("owns", "BBC", "BBC Two")]
    );
    // A common word names an entity by itself only when it is its name, not a short alias.
    assert_eq!(
        name_relations("Orange cut prices. Orange Business signed a contract."),
        vec![triple("owns", "Orange", "Orange Business")]
    );
    assert!(name_relations("The House voted. A book on the House of Yi came out.").is_empty());
}

#[test]
fn name_rules_need_the_shorter_name_by_itself_and_skip_same_or_parent() {
    // Only the longer name: nothing says the document speaks of Samsung.
    assert!(name_relations("The Samsung Galaxy S9 and BBC Two were praised.").is_empty());
    // "Group", "Electronics": the group is the parent or the same company; Electronics is a unit.
    assert_eq!(
        name_relations("Samsung said that Samsung Group and Samsung Electronics agreed."),
        vec![triple("owns", "Samsung", "Samsung Electronics")]
    );
    // A name going on with "and" is a joint body, not a unit.
    assert!(name_relations("The BBC agreed. BBC and Partners Trust was formed.").is_empty());
    assert!(name_relations("The BBC agreed. BBC & Partners Trust was formed.").is_empty());
    // People are not the shorter name of the default name rules.
    assert!(name_relations("Anna Lind spoke. The Anna Lind Foundation Trust agreed.").is_empty());
    // No rules, no name relations.
    let mut d = DictionaryBuilder::new();
    d.add_tsv("names.tsv", NAME_DICT).unwrap();
    let ex = Extractor::new(Matcher::new(d.build()).unwrap(), ExtractorConfig::default());
    let g = ex.extract(&Document::new(
        "d",
        "Samsung said that Samsung Electronics agreed.",
    ));
    assert!(relations_in(&g).is_empty());
}

#[test]
fn name_rule_syntax_and_evidence() {
    assert!(rule_error("name owns(A -> B) *: {org:A} of {org:B}\n")
        .starts_with("bad.rules:1: a name rule's pattern is two slots"),);
    assert!(
        rule_error("owns(A -> B) en except=x: {org:A} owns {org:B}\n")
            .starts_with("bad.rules:1: except= is for name rules only")
    );
    assert!(
        rule_error("name owns(A -> B) * except=(: {org:A} {org:B}\n")
            .starts_with("bad.rules:1: invalid regex in except=(")
    );
    // A user name rule in the other direction, with its own exception.
    let mut r = RuleSetBuilder::new();
    r.add_rules(
        "mine.rules",
        "name part_of(B -> A) * confidence=0.5 except=two: {org:A} {org:B}\n",
    )
    .unwrap();
    let rules = r.build().unwrap();
    assert_eq!(rules.relations(), vec!["part_of"]);
    let mut d = DictionaryBuilder::new();
    d.add_tsv("names.tsv", NAME_DICT).unwrap();
    let ex = Extractor::new(Matcher::new(d.build()).unwrap(), ExtractorConfig::default())
        .with_rules(rules);
    let text = "BBC staff left. Samsung said so. Later, Samsung Electronics and BBC Two agreed.";
    let g = ex.extract(&Document::new("d", text));
    assert_eq!(
        relations_in(&g),
        vec![edge(
            "part_of",
            "Samsung Electronics",
            "Samsung",
            false,
            false
        )]
    );
    let e = g
        .edges
        .values()
        .find(|e| e.kind == EdgeKind::Relation)
        .unwrap();
    assert_eq!(e.evidence.len(), 1);
    assert_eq!(
        &*e.evidence[0].sentence,
        "Later, Samsung Electronics and BBC Two agreed."
    );
    assert_eq!(e.evidence[0].rule.as_deref(), Some("mine.rules:1"));
    assert_eq!(e.confidence, Some(0.5));
}
