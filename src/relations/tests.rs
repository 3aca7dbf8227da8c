//! The linguistic cases the default rules must handle, in French and English, through the whole extractor.

use super::*;
use crate::dictionary::DictionaryBuilder;
use crate::graph::{EdgeKind, Graph};
use crate::input::Document;
use crate::matcher::Matcher;
use crate::{Extractor, ExtractorConfig};

const DICT: &str = "type\tname\taliases\tambiguous
person\tElon Musk\tMusk\tMusk
person\tSam Altman\tAltman\tAltman
person\tSatya Nadella\t\t
organization\tOpenAI\t\t
organization\txAI\t\t
organization\tTwitter\t\t
organization\tTesla\t\t
organization\tNvidia\t\t
organization\tMicrosoft\t\t
organization\tGoogle\t\t
organization\tLightspeed Venture Partners\tLightspeed\t
organization\tAndreessen Horowitz\t\t
organization\tSequoia Capital\t\t
product\tGrok\t\t
product\tChatGPT\t\t
product\tGemini\t\t
place\tParis\t\t
";

fn extractor() -> Extractor {
    extractor_with(DICT)
}

/// An extractor with the default rules and a dictionary given as TSV text.
fn extractor_with(dict: &str) -> Extractor {
    let mut d = DictionaryBuilder::new();
    d.add_tsv("t.tsv", dict).unwrap();
    let mut r = RuleSetBuilder::new();
    r.add_embedded_defaults().unwrap();
    Extractor::new(Matcher::new(d.build()).unwrap(), ExtractorConfig::default())
        .with_rules(r.build().unwrap())
}

/// `(relation, source name, target name)` of every relation edge of one document.
fn triples(ex: &Extractor, text: &str) -> Vec<(String, String, String)> {
    relations_in(&ex.extract(&Document::new("d", text)))
        .into_iter()
        .map(|(r, s, t, _, _)| (r, s, t))
        .collect()
}

/// `(relation, source name, target name, hedged, implicit)` of every relation edge.
fn relations(text: &str) -> Vec<(String, String, String, bool, bool)> {
    relations_in(&extractor().extract(&Document::new("d", text)))
}

fn relations_in(g: &Graph) -> Vec<(String, String, String, bool, bool)> {
    let label = |id: &str| g.nodes[id].label.clone();
    g.edges
        .iter()
        .filter(|(_, e)| e.kind == EdgeKind::Relation)
        .map(|(k, e)| {
            (
                k.key.to_string(),
                label(&k.source),
                label(&k.target),
                e.hedged_weight > 0,
                e.implicit_weight > 0,
            )
        })
        .collect()
}

fn has(text: &str, rel: &str, source: &str, target: &str) -> bool {
    relations(text)
        .iter()
        .any(|(r, s, t, _, _)| r == rel && s == source && t == target)
}

fn edge(
    rel: &str,
    s: &str,
    t: &str,
    hedged: bool,
    implicit: bool,
) -> (String, String, String, bool, bool) {
    (rel.into(), s.into(), t.into(), hedged, implicit)
}

#[test]
fn active_and_passive_voice_fr() {
    assert!(has(
        "Elon Musk a fondé xAI en 2023.",
        "founded",
        "Elon Musk",
        "xAI"
    ));
    assert!(has(
        "xAI, fondée par Elon Musk, lève des fonds.",
        "founded",
        "Elon Musk",
        "xAI"
    ));
    assert!(has(
        "xAI a été fondée en 2023 par Elon Musk.",
        "founded",
        "Elon Musk",
        "xAI"
    ));
    assert!(has(
        "Twitter a été racheté par Elon Musk.",
        "acquires",
        "Elon Musk",
        "Twitter"
    ));
}

#[test]
fn active_and_passive_voice_en() {
    assert!(has(
        "Elon Musk founded xAI in 2023.",
        "founded",
        "Elon Musk",
        "xAI"
    ));
    assert!(has(
        "xAI was founded by Elon Musk in 2023.",
        "founded",
        "Elon Musk",
        "xAI"
    ));
    assert!(has(
        "ChatGPT, developed by OpenAI, is popular.",
        "develops",
        "OpenAI",
        "ChatGPT"
    ));
    assert!(has(
        "Twitter was acquired by Elon Musk in 2022.",
        "acquires",
        "Elon Musk",
        "Twitter"
    ));
}

#[test]
fn appositions_with_both_apostrophes() {
    assert!(has(
        "Sam Altman, patron d’OpenAI, a répondu.",
        "leads",
        "Sam Altman",
        "OpenAI"
    ));
    assert!(has(
        "Sam Altman, patron d'OpenAI, a répondu.",
        "leads",
        "Sam Altman",
        "OpenAI"
    ));
    assert!(has(
        "Sam Altman, le PDG d’OpenAI, a répondu.",
        "leads",
        "Sam Altman",
        "OpenAI"
    ));
    assert!(has(
        "Sam Altman, the CEO of OpenAI, replied.",
        "leads",
        "Sam Altman",
        "OpenAI"
    ));
    assert!(has(
        "Microsoft CEO Satya Nadella replied.",
        "leads",
        "Satya Nadella",
        "Microsoft"
    ));
}

#[test]
fn possessives_fr() {
    assert!(has(
        "Twitter, le réseau social d’Elon Musk, change de nom.",
        "owns",
        "Elon Musk",
        "Twitter"
    ));
    let r = relations("Elon Musk a présenté Grok, le chatbot développé par sa société xAI.");
    assert!(
        r.contains(&edge("develops", "xAI", "Grok", false, false)),
        "{r:?}"
    );
    assert!(
        r.contains(&edge("owns", "Elon Musk", "xAI", false, true)),
        "{r:?}"
    );
}

#[test]
fn possessives_en() {
    let r = relations("Elon Musk said that his company xAI would release Grok.");
    assert!(
        r.contains(&edge("owns", "Elon Musk", "xAI", false, true)),
        "{r:?}"
    );
    assert!(has(
        "Google's Gemini competes with ChatGPT.",
        "develops",
        "Google",
        "Gemini"
    ));
}

#[test]
fn coordination_gives_one_edge_per_member() {
    let fr = "Lightspeed, Andreessen Horowitz et Sequoia Capital figurent parmi les investisseurs de xAI.";
    for investor in [
        "Lightspeed Venture Partners",
        "Andreessen Horowitz",
        "Sequoia Capital",
    ] {
        assert!(has(fr, "invests_in", investor, "xAI"), "{investor}");
    }
    let en = "Investors in xAI include Lightspeed Venture Partners, Andreessen Horowitz and Sequoia Capital.";
    for investor in [
        "Lightspeed Venture Partners",
        "Andreessen Horowitz",
        "Sequoia Capital",
    ] {
        assert!(has(en, "invests_in", investor, "xAI"), "{investor}");
    }
    // A comma alone does not make a list: "Before Tesla, Musk founded…" does not credit Tesla.
    let r = relations("Before Tesla, Elon Musk founded xAI.");
    assert_eq!(r, vec![edge("founded", "Elon Musk", "xAI", false, false)]);
    // Two members take no comma: ", and X provides" starts a new clause, X is not a second object.
    let r =
        relations("Microsoft has invested $13 billion in OpenAI, and Nvidia supplies its chips.");
    assert_eq!(
        r,
        vec![edge("invests_in", "Microsoft", "OpenAI", false, false)]
    );
    assert!(has(
        "Microsoft a investi dans OpenAI et Nvidia.",
        "invests_in",
        "Microsoft",
        "Nvidia"
    ));
}

#[test]
fn negation_gives_no_edge() {
    assert!(relations("Elon Musk n’a pas racheté OpenAI.").is_empty());
    assert!(relations("Elon Musk n'a jamais fondé Twitter.").is_empty());
    assert!(relations("Microsoft did not acquire OpenAI.").is_empty());
    assert!(relations("Microsoft didn't buy Nvidia.").is_empty());
    // "ne … que" restricts, it does not negate.
    assert!(has(
        "xAI n’a publié qu’une version de Grok.",
        "develops",
        "xAI",
        "Grok"
    ));
}

#[test]
fn hedges_and_reported_speech_lower_confidence() {
    let g = extractor().extract(&Document::new(
        "d",
        "Elon Musk aurait proposé 97,4 milliards d’euros pour racheter OpenAI.",
    ));
    let e = g
        .edges
        .values()
        .find(|e| e.kind == EdgeKind::Relation)
        .unwrap();
    assert_eq!(e.hedged_weight, 1);
    assert!(e.evidence[0].hedged);
    assert!(e.confidence.unwrap() < DEFAULT_CONFIDENCE);
    assert_eq!(
        relations("Selon le Financial Times, Microsoft a racheté Nvidia."),
        vec![edge("acquires", "Microsoft", "Nvidia", true, false)]
    );
    assert_eq!(
        relations("Microsoft reportedly acquired Nvidia."),
        vec![edge("acquires", "Microsoft", "Nvidia", true, false)]
    );
    assert_eq!(
        relations("Microsoft acquired Nvidia."),
        vec![edge("acquires", "Microsoft", "Nvidia", false, false)]
    );
}

#[test]
fn light_coreference_fr() {
    let r = relations(
        "OpenAI a lancé ChatGPT. Sam Altman, le directeur de l’entreprise, s’en réjouit.",
    );
    assert!(
        r.contains(&edge("leads", "Sam Altman", "OpenAI", false, true)),
        "{r:?}"
    );
    let r = relations("Elon Musk est arrivé. Le milliardaire a fondé xAI en 2023.");
    assert!(
        r.contains(&edge("founded", "Elon Musk", "xAI", false, true)),
        "{r:?}"
    );
    let r = relations("Elon Musk est arrivé. Il a fondé xAI en 2023.");
    assert!(
        r.contains(&edge("founded", "Elon Musk", "xAI", false, true)),
        "{r:?}"
    );
    // Two companies nearby: "l'entreprise" is ambiguous and stays unresolved.
    assert!(relations("OpenAI et Google sont là. Elon Musk critique l’entreprise.").is_empty());
    // Never across paragraphs.
    assert!(
        !relations("OpenAI a lancé ChatGPT.\n\nElon Musk critique l’entreprise.")
            .iter()
            .any(|r| r.0 == "criticizes")
    );
}

#[test]
fn light_coreference_en() {
    let r = relations("Nvidia makes chips. Elon Musk criticized the company.");
    assert_eq!(
        r,
        vec![edge("criticizes", "Elon Musk", "Nvidia", false, true)]
    );
    let r = relations("Sam Altman spoke first. He founded OpenAI in 2015.");
    assert_eq!(
        r,
        vec![edge("founded", "Sam Altman", "OpenAI", false, true)]
    );
}

#[test]
fn co_occurrence_without_cue_gives_no_relation() {
    let g = extractor().extract(&Document::new("d", "Elon Musk et OpenAI étaient à Paris."));
    assert!(relations_in(&g).is_empty());
    assert!(g.edges.values().all(|e| e.kind == EdgeKind::CoOccurrence));
    assert_eq!(g.edges.len(), 3);
    assert!(relations("Elon Musk met Sam Altman and OpenAI staff in Paris.").is_empty());
}

#[test]
fn symmetric_relations_are_stored_once_from_the_smaller_id() {
    let g = extractor().extract(&Document::new(
        "d",
        "OpenAI est un concurrent de Google. Google est un rival d’OpenAI.",
    ));
    let keys: Vec<(&str, &str, &str, u64)> = g
        .edges
        .iter()
        .filter(|(_, e)| e.kind == EdgeKind::Relation)
        .map(|(k, e)| (&*k.key, &*k.source, &*k.target, e.weight))
        .collect();
    assert_eq!(
        keys,
        vec![(
            "competes_with",
            "organization:Google",
            "organization:OpenAI",
            2
        )]
    );
}

#[test]
fn evidence_names_the_sentence_and_the_rule() {
    let text = "Bonjour. La start-up xAI, fondée par Elon Musk, lève des fonds.";
    let g = extractor().extract(&Document::new("d", text));
    let e = g
        .edges
        .values()
        .find(|e| e.kind == EdgeKind::Relation)
        .unwrap();
    let ev = &e.evidence[0];
    assert_eq!(
        &text[ev.start..ev.end],
        "La start-up xAI, fondée par Elon Musk, lève des fonds."
    );
    assert!(ev.rule.as_deref().unwrap().starts_with("rules/fr.rules:"));
    assert_eq!(e.confidence, Some(DEFAULT_CONFIDENCE));
    let mut json = Vec::new();
    crate::export::json::write(&g, &mut json).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let edges = json["edges"].as_array().unwrap();
    assert!(edges
        .iter()
        .any(|e| e["kind"] == "relation" && e["relation"] == "founded"));
    assert!(edges.iter().any(|e| e["kind"] == "co_occurrence"));
}

#[test]
fn user_rules_add_relation_types_without_code() {
    let mut d = DictionaryBuilder::new();
    d.add_tsv("t.tsv", DICT).unwrap();
    let mut r = RuleSetBuilder::new();
    r.add_rules(
        "mine.rules",
        "# custom\nmentors(A -> B) en: {person:A} (?:mentors|mentored) {person:B}\n",
    )
    .unwrap();
    let ex = Extractor::new(Matcher::new(d.build()).unwrap(), ExtractorConfig::default())
        .with_rules(r.build().unwrap());
    let g = ex.extract(&Document::new("d", "Sam Altman mentored Elon Musk."));
    assert_eq!(
        relations_in(&g),
        vec![edge("mentors", "Sam Altman", "Elon Musk", false, false)]
    );
    assert_eq!(g.edges.values().next().unwrap().evidence.len(), 1);
}

fn rule_error(text: &str) -> String {
    let mut r = RuleSetBuilder::new();
    r.add_rules("bad.rules", text).unwrap_err().to_string()
}

#[test]
fn rule_errors_name_file_line_and_problem() {
    let ok = "founded(B -> A) fr: {org:A}, fondée par {person:B}\n";
    assert_eq!(
        rule_error(&format!(
            "{ok}founded(B -> A) fr: {{org:A}} (fondée par {{person:B}}\n"
        )),
        "bad.rules:2: invalid regex: error: unclosed group"
    );
    assert!(
        rule_error("# c\n\nfounded(B -> A) fr: {company:A} par {person:B}\n")
            .starts_with("bad.rules:3: unknown slot type `company`")
    );
    assert!(
        rule_error("founded(B -> A) fr weight=2: {org:A} par {person:B}\n")
            .starts_with("bad.rules:1: unknown rule field `weight`")
    );
    assert!(rule_error("founded(B -> C) fr: {org:A} par {person:B}\n")
        .starts_with("bad.rules:1: slot C is used in the direction but not in the pattern"));
    assert!(rule_error("founded(B -> A) fr: {org:A} @nope {person:B}\n")
        .starts_with("bad.rules:1: unknown name @nope"));
    assert!(rule_error("founded B -> A fr: {org:A} par {person:B}\n").starts_with("bad.rules:1: "));
    assert!(rule_error("founded(B -> A) fr: fondée par\n")
        .starts_with("bad.rules:1: the pattern has no slot"));
    assert!(rule_error("founded(B -> A) fr: {org:A} {org:A} {person:B}\n").contains("used twice"));
    // A pattern whose compiled form is too large is refused, not compiled.
    let huge = "founded(B -> A) fr: {org:A} (?:\\w{100}){100} {person:B}\n";
    assert!(
        rule_error(huge).starts_with("bad.rules:1: pattern too large"),
        "{}",
        rule_error(huge)
    );
    let long = format!(
        "founded(B -> A) fr: {{org:A}} {} {{person:B}}\n",
        "a".repeat(30_000)
    );
    assert!(rule_error(&long).starts_with("bad.rules:1: pattern too long"));
}

#[test]
fn custom_entity_types_must_be_declared() {
    let mut r = RuleSetBuilder::new();
    r.entity_types(["event"]);
    r.add_rules("t.rules", "hosts(A -> B) en: {org:A} hosts {event:B}\n")
        .unwrap();
    assert_eq!(r.build().unwrap().relations(), vec!["hosts"]);
}

#[test]
fn default_rules_cover_the_vocabulary() {
    let mut r = RuleSetBuilder::new();
    r.add_embedded_defaults().unwrap();
    let rules = r.build().unwrap();
    let unfiltered: Vec<&str> = rules
        .rules()
        .iter()
        .filter(|r| prefilter::required_sets(r.regex().as_str()).is_empty())
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(rules.prefilter.unfiltered(), unfiltered.len());
    assert!(
        unfiltered.len() * 10 <= rules.rules().len(),
        "the literal prefilter should skip most rules on most sentences; always run: {unfiltered:?}"
    );
    // Rules without a cue word still need their entity types: `{product:A} d' {org:B}`.
    assert!(
        unfiltered.len() * 40 <= rules.rules().len(),
        "always run: {unfiltered:?}"
    );
    assert_eq!(
        rules.relations(),
        vec![
            "acquires",
            "competes_with",
            "criticizes",
            "develops",
            "founded",
            "invests_in",
            "leads",
            "owns",
            "partners_with",
            "sues",
            "supplies",
            "works_for"
        ]
    );
    for lang in ["fr", "en"] {
        for rel in rules.relations() {
            assert!(
                rules
                    .rules()
                    .iter()
                    .any(|x| x.relation == rel && x.langs.iter().any(|l| l == lang)),
                "no {lang} rule for {rel}"
            );
        }
    }
}

#[test]
fn templates_replace_mentions_and_normalise() {
    let s = "«\u{a0}Grok\u{a0}», d’OpenAI (ex-labo) ,  fondée";
    let c = [
        Candidate::mention(4, 8, "product"),
        Candidate::mention(18, 24, "organization"),
    ];
    let t = Template::new(s, 0, &c, Some("fr"));
    assert_eq!(t.text, "⟦product:0⟧, d'⟦organization:1⟧, fondée");
}

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

mod prefilter_soundness {
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
            .filter_map(|r| prefilter::required_literals(r.regex().as_str()))
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
            ",", ".", "'s", "d'", "l'", "de", "the", "of", "le", "la", "by", "par", "a", "has",
            "is", "et", "and", "its", "sa", "son", "en 2015", "in 2015", "(", ")", "",
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
                if rule.regex().is_match(&text) {
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
}
