//! English constructions: noun phrases, descriptions, titles, appointments, ownership, product lines.

use super::*;

/// Entities for the English construction tests (names of our own, none from an evaluation set).
const EN_DICT: &str = "type\tname\taliases\tambiguous
person\tJane Doe\t\t
person\tJohn Roe\t\t
person\tMary Major\t\t
organization\tAcme Robotics\t\t
organization\tAcme Games\t\t
organization\tGlobex\t\t
organization\tNorthwind Records\t\t
organization\tNorthwind Railways\tNWR\t
organization\tOxford University\t\t
organization\tNorthern District Court\t\t
product\tRover X\t\t
product\tSkyphone\t\t
product\tStarfall\t\t
product\tPlanet TV\t\t
product\tWebOS\t\t
place\tBritish\t\t
place\tLeeds\t\t
place\tEngland\t\t
";

fn en_relations(text: &str) -> Vec<(String, String, String)> {
    triples(&extractor_with(EN_DICT), text)
}

fn en_has(text: &str, rel: &str, source: &str, target: &str) -> bool {
    let r = en_relations(text);
    let found = r
        .iter()
        .any(|(x, s, t)| x == rel && s == source && t == target);
    if !found {
        eprintln!("{text}\n  relations: {r:?}");
    }
    found
}

#[test]
fn places_and_hyphenated_entities_are_words_in_noun_phrases_en() {
    assert!(en_has(
        "Acme Robotics is a British robotics company, founded in 2015 by Jane Doe.",
        "founded",
        "Jane Doe",
        "Acme Robotics"
    ));
    assert!(en_has(
        "Acme Robotics was set up in 2015 by British engineer Jane Doe.",
        "founded",
        "Jane Doe",
        "Acme Robotics"
    ));
    assert!(en_has(
        "The Rover X series is a line of WebOS-powered robots built by Acme Robotics.",
        "develops",
        "Acme Robotics",
        "Rover X"
    ));
    // A place is a word, not a founder.
    assert!(en_relations("Acme Robotics is a British company that Jane Doe visited.").is_empty());
}

#[test]
fn description_based_somewhere_then_founded_by_en() {
    assert!(en_has(
        "Northwind Records is an independent label based in Leeds, England, started by Jane Doe in 2001.",
        "founded",
        "Jane Doe",
        "Northwind Records"
    ));
}

#[test]
fn a_parenthesis_restating_the_entity_is_an_aside() {
    assert!(en_has(
        "John Roe is a civil servant and former CEO of Northwind Railways (NWR).",
        "leads",
        "John Roe",
        "Northwind Railways"
    ));
    assert!(en_has(
        "Northwind Railways (NWR) is a subsidiary of Globex.",
        "owns",
        "Globex",
        "Northwind Railways"
    ));
    // Another entity in the parenthesis is not an aside.
    assert!(!en_has(
        "Northwind Railways (Acme Robotics) is a subsidiary of Globex.",
        "owns",
        "Globex",
        "Northwind Railways"
    ));
}

#[test]
fn founder_after_a_first_description_en() {
    assert!(en_has(
        "Jane Doe is an American engineer, and founder of the robotics company Acme Robotics.",
        "founded",
        "Jane Doe",
        "Acme Robotics"
    ));
    assert!(en_has(
        "Jane Doe, who founded Acme Robotics, spoke on Monday.",
        "founded",
        "Jane Doe",
        "Acme Robotics"
    ));
    assert!(en_has(
        "John Roe, who heads Globex, declined to comment.",
        "leads",
        "John Roe",
        "Globex"
    ));
    assert!(!en_has(
        "Jane Doe is an American engineer who admires Acme Robotics.",
        "founded",
        "Jane Doe",
        "Acme Robotics"
    ));
}

#[test]
fn job_with_its_field_before_the_employer_en() {
    assert!(en_has(
        "Mary Major, a professor of economics at Oxford University, said rates would rise.",
        "works_for",
        "Mary Major",
        "Oxford University"
    ));
    assert!(en_has(
        "Mary Major is the Smith Professor of Law in the law faculty at Oxford University.",
        "works_for",
        "Mary Major",
        "Oxford University"
    ));
    assert!(!en_has(
        "Mary Major, a professor of economics, met Oxford University officials.",
        "works_for",
        "Mary Major",
        "Oxford University"
    ));
}

#[test]
fn organization_before_the_title_en() {
    assert!(en_has(
        "Mary Major was a longtime Globex analyst before she retired.",
        "works_for",
        "Mary Major",
        "Globex"
    ));
    assert!(en_has(
        "John Roe became Globex CEO in 2019.",
        "leads",
        "John Roe",
        "Globex"
    ));
    // The second of two titles after the organization.
    assert!(en_has(
        "Globex chairperson Jane Doe and chief executive John Roe asked for a delay.",
        "leads",
        "John Roe",
        "Globex"
    ));
    assert!(en_has(
        "Globex chairperson Jane Doe and chief executive John Roe asked for a delay.",
        "leads",
        "Jane Doe",
        "Globex"
    ));
    assert!(en_has(
        "John Roe was named Globex's chief executive last year.",
        "leads",
        "John Roe",
        "Globex"
    ));
    assert!(en_has(
        "Mary Major was appointed Globex deputy director in May.",
        "works_for",
        "Mary Major",
        "Globex"
    ));
    assert!(!en_has(
        "Mary Major was appointed Globex deputy director in May.",
        "leads",
        "Mary Major",
        "Globex"
    ));
    assert!(en_has(
        "Shareholders criticized Globex and its chief executive John Roe.",
        "leads",
        "John Roe",
        "Globex"
    ));
}

#[test]
fn appointed_as_and_joined_the_faculty_en() {
    assert!(en_has(
        "In 1990 the president appointed Mary Major as a judge of the Northern District Court.",
        "works_for",
        "Mary Major",
        "Northern District Court"
    ));
    assert!(en_has(
        "In 2001 Mary Major joined the faculty of Oxford University.",
        "works_for",
        "Mary Major",
        "Oxford University"
    ));
    assert!(en_has(
        "John Roe served on the board of Globex for ten years.",
        "works_for",
        "John Roe",
        "Globex"
    ));
    assert!(en_relations("John Roe served on a panel with Globex executives.").is_empty());
}

#[test]
fn ownership_constructions_en() {
    // An apposition between the owned entity and its verb.
    assert!(en_has(
        "Planet TV, a regional television channel, is owned by Globex.",
        "owns",
        "Globex",
        "Planet TV"
    ));
    assert!(en_has(
        "Skyphone, a budget handset, was developed by Acme Robotics in Leeds.",
        "develops",
        "Acme Robotics",
        "Skyphone"
    ));
    assert!(en_has(
        "The rival station Planet TV owned by Globex lost viewers.",
        "owns",
        "Globex",
        "Planet TV"
    ));
    // An aside naming another entity is not skipped over, and "X, is owned" does not make X the subject.
    assert!(!en_has(
        "Planet TV, a rival of Skyphone, is owned by Globex.",
        "owns",
        "Globex",
        "Skyphone"
    ));
    assert!(en_has(
        "Northwind Records is the flagship of the family-run Globex.",
        "owns",
        "Globex",
        "Northwind Records"
    ));
    assert!(en_has(
        "The Globex-owned Northwind Railways raised fares.",
        "owns",
        "Globex",
        "Northwind Railways"
    ));
    assert!(en_has(
        "Northwind Railways (owned by Globex) raised fares.",
        "owns",
        "Globex",
        "Northwind Railways"
    ));
    // A channel named with its owner is owned, not developed.
    let r = en_relations("Viewers switched to Globex's Planet TV channel.");
    assert_eq!(
        r,
        vec![(
            "owns".to_string(),
            "Globex".to_string(),
            "Planet TV".to_string()
        )]
    );
}

#[test]
fn product_lines_and_examples_en() {
    assert!(en_has(
        "He starred in the Starfall series of strategy games by Acme Games.",
        "develops",
        "Acme Games",
        "Starfall"
    ));
    assert!(en_has(
        "In the 1990s Acme Robotics produced several robot lines including the Rover X.",
        "develops",
        "Acme Robotics",
        "Rover X"
    ));
    assert!(en_has(
        "Acme Robotics is best known for its rugged vehicles such as Rover X and Skyphone.",
        "develops",
        "Acme Robotics",
        "Skyphone"
    ));
    assert!(en_has(
        "The device streams Globex's online services, such as Planet TV and Skyphone.",
        "develops",
        "Globex",
        "Skyphone"
    ));
    assert!(en_relations("The Starfall series was praised by Acme Games.").is_empty());
    assert!(
        en_relations("Globex is known for its lawsuits against rivals such as Acme Robotics.")
            .is_empty()
    );
}
