//! The linguistic cases the default rules must handle, in French and English, through the whole extractor.

use super::*;
use crate::dictionary::DictionaryBuilder;
use crate::graph::{EdgeKind, Graph};
use crate::matching::Matcher;
use crate::text::input::Document;
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

/// The embedded rules are read without building their regexes (startup); every one of them builds, and
/// the same rules read from a file are built and checked when read.
#[test]
fn every_embedded_rule_regex_builds() {
    let mut r = RuleSetBuilder::new();
    r.add_embedded_defaults().unwrap();
    let rules = r.build().unwrap();
    assert!(rules.rules().len() > 100);
    for rule in rules
        .rules()
        .iter()
        .chain(rules.name_rules().iter().map(|n| &n.rule))
    {
        if let Err(e) = build_rule_regex(rule.regex_source()) {
            panic!("rule {}: {e}", rule.id);
        }
        assert_eq!(rule.regex().map(|r| r.as_str()), Some(rule.regex_source()));
    }
    let mut from_files = RuleSetBuilder::new();
    for (name, text) in crate::default_rules() {
        from_files.add_rules(name, text).unwrap();
    }
    let from_files = from_files.build().unwrap();
    assert_eq!(from_files.rules().len(), rules.rules().len());
    assert!(from_files
        .rules()
        .iter()
        .all(|r| r.regex.get().is_some_and(Option::is_some)));
}

#[test]
fn default_rules_cover_the_vocabulary() {
    let mut r = RuleSetBuilder::new();
    r.add_embedded_defaults().unwrap();
    let rules = r.build().unwrap();
    let unfiltered: Vec<&str> = rules
        .rules()
        .iter()
        .filter(|r| prefilter::required_sets(r.regex_source()).is_empty())
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

mod en;
mod names;
mod news;
mod prefilter_soundness;
