//! Tests of [`super`]: the hard cases of names in French and English news, through the extractor.

use crate::dictionary::DictionaryBuilder;
use crate::discovery::discover::{Discoverer, DiscoveryConfig, SOURCE};
use crate::discovery::lexicon::Lexicon;
use crate::matching::Matcher;
use crate::text::input::Document;
use crate::{Extractor, ExtractorConfig, Graph, RuleSetBuilder};

const DICT: &str = "type\tname\taliases\tambiguous
organization\tAirbus\t\t
organization\tAXA\t\t
product\tBoeing 737\t\t
organization\tBain Capital\t\t
organization\tSequoia Capital\t\t
organization\tRenault\t\t
organization\tBolloré\t\t
person\tElon Musk\tMusk\tMusk
place\tParis\t\t
";

fn extractor_with(config: DiscoveryConfig) -> Extractor {
    extractor_from(DICT, config)
}

fn extractor_from(dict: &str, config: DiscoveryConfig) -> Extractor {
    let mut d = DictionaryBuilder::new();
    d.add_tsv("test.tsv", dict).unwrap();
    let matcher = Matcher::new(d.build()).unwrap();
    let discoverer = Discoverer::new(Lexicon::embedded(), matcher.dictionary(), config);
    let mut rules = RuleSetBuilder::new();
    rules.add_embedded_defaults().unwrap();
    Extractor::new(matcher, ExtractorConfig::default())
        .with_rules(rules.build().unwrap())
        .with_discovery(discoverer)
}

fn graph(text: &str) -> Graph {
    extractor_with(DiscoveryConfig::default()).extract(&Document::new("d", text))
}

/// The node ids of a graph, and the discovered ones with their mentions.
fn ids(g: &Graph) -> Vec<String> {
    g.nodes.keys().cloned().collect()
}

fn discovered(g: &Graph) -> Vec<(String, u64)> {
    g.nodes
        .values()
        .filter(|n| n.attributes.get("source").map(String::as_str) == Some(SOURCE))
        .map(|n| (n.id.clone(), n.mentions))
        .collect()
}

#[test]
fn people_with_first_names_particles_hyphens_and_titles() {
    let g = graph(
        "La directrice, Marie-Sophie de Waubert, a présenté les résultats. \
         Selon M. Dupont, le marché reste porteur. Tom Enders a quitté le groupe; Enders reste actionnaire.",
    );
    let d = discovered(&g);
    assert!(
        d.contains(&("person:Marie-Sophie de Waubert".into(), 1)),
        "{d:?}"
    );
    assert!(d.contains(&("person:Dupont".into(), 1)), "{d:?}");
    // The later surname is a mention of the same person.
    assert!(d.contains(&("person:Tom Enders".into(), 2)), "{d:?}");
    assert!(!ids(&g)
        .iter()
        .any(|i| i.ends_with(":Selon") || i.ends_with(":La")));
}

#[test]
fn organizations_by_head_cue_and_short_form_and_extension() {
    let g = graph(
        "The startup Finix raised money. Epic Games sued the store, and Epic won. \
         Bain Capital Ventures led the round with Sequoia Capital; Sequoia kept its seat.",
    );
    let d = discovered(&g);
    assert!(d.contains(&("organization:Finix".into(), 1)), "{d:?}");
    assert!(d.contains(&("organization:Epic Games".into(), 2)), "{d:?}");
    // A dictionary organization followed by a head is a longer name; its first word, later, is the
    // dictionary entity.
    assert!(
        d.contains(&("organization:Bain Capital Ventures".into(), 1)),
        "{d:?}"
    );
    assert!(!g.nodes.contains_key("organization:Bain Capital"));
    assert_eq!(g.nodes["organization:Sequoia Capital"].mentions, 2);
}

#[test]
fn products_by_cue_and_maker_with_model_code() {
    let g = graph("Airbus delivered the Airbus A320 on time. Le jeu Fortnite reste gratuit.");
    let d = discovered(&g);
    assert!(d.contains(&("product:Airbus A320".into(), 1)), "{d:?}");
    assert!(d.contains(&("product:Fortnite".into(), 1)), "{d:?}");
}

#[test]
fn sentence_starts_months_days_and_common_words_are_not_entities() {
    let g = graph(
        "Mardi, Renault a publié ses comptes. Hier, le groupe a confirmé. However, Renault said in \
         January that Monday was calm. Orange is a colour. Les analystes restent prudents.",
    );
    assert!(discovered(&g).is_empty(), "{:?}", discovered(&g));
}

#[test]
fn a_first_name_before_a_one_word_company_is_a_person() {
    // `Bolloré` alone is the company; after a first name it is the surname of a person.
    let g = graph("Renault a révoqué Thierry Bolloré. Le groupe Bolloré n'a pas commenté.");
    let d = discovered(&g);
    assert!(d.contains(&("person:Thierry Bolloré".into(), 1)), "{d:?}");
    assert_eq!(g.nodes["organization:Bolloré"].mentions, 1);
}

#[test]
fn an_acronym_in_parentheses_is_the_name_it_follows() {
    let g = graph("Quantum Widget Systems (QWS) a levé des fonds. QWS recrute.");
    let d = discovered(&g);
    assert!(
        d.contains(&("organization:Quantum Widget Systems".into(), 3)),
        "{d:?}"
    );
}

#[test]
fn every_discovered_node_says_why_and_how_sure() {
    let g = graph("La start-up Quantivo, fondée à Paris par Hélène Marchetti, a levé 10 millions.");
    for n in g
        .nodes
        .values()
        .filter(|n| n.attributes.contains_key("source"))
    {
        let c: f64 = n.attributes["confidence"].parse().unwrap();
        assert!((0.5..=0.95).contains(&c), "{n:?}");
        assert!(!n.attributes["cue"].is_empty());
    }
    assert_eq!(
        g.nodes["organization:Quantivo"].attributes["cue"],
        "cue \"la start-up\""
    );
    // Relations reach discovered entities like dictionary ones.
    assert!(g
        .edges
        .keys()
        .any(|k| k.key.as_ref() == "founded" && k.target.as_ref() == "organization:Quantivo"));
}

#[test]
fn min_confidence_drops_weak_names_and_output_is_deterministic() {
    let text = "Ablynx a été racheté. La startup Cooptalis lève des fonds auprès de Finorpa.";
    let strict = extractor_with(DiscoveryConfig {
        min_confidence: 0.9,
    })
    .extract(&Document::new("d", text));
    let lenient = graph(text);
    assert!(discovered(&strict).len() < discovered(&lenient).len());
    assert_eq!(lenient, graph(text));
}

#[test]
fn listed_names_grow_into_longer_unlisted_ones() {
    let g = graph(
        "Ryanair ordered more Boeing 737 MAX jets. BNP Paribas bought AXA Investment Managers. \
         Ubisoft delayed its game Prince of Persia.",
    );
    let d = discovered(&g);
    assert!(d.contains(&("product:Boeing 737 MAX".into(), 1)), "{d:?}");
    assert!(
        d.contains(&("organization:AXA Investment Managers".into(), 1)),
        "{d:?}"
    );
    // A title followed by `of` starts a name rather than introducing a person.
    assert!(d.contains(&("product:Prince of Persia".into(), 1)), "{d:?}");
    assert!(!g.nodes.contains_key("organization:AXA"));
}

#[test]
fn a_strong_cue_licenses_an_ambiguous_form_or_a_common_word() {
    // `Harland` is only an ambiguous surname in the dictionary: as a publisher it is a new company.
    // `Garnet` is an ambiguous company name: after `l'enseigne` it is that company. A common word after
    // `models like` is a product, and the list shares the cue.
    let g = graph(
        "The British publisher Harland agreed to buy a rival. Le fonds a repris l'enseigne Garnet. \
         Nordvik sells cars, including models like Pilot and Vireo.",
    );
    let d = discovered(&g);
    assert!(d.contains(&("organization:Harland".into(), 1)), "{d:?}");
    assert_eq!(g.nodes["organization:Garnet"].mentions, 1);
    assert!(d.contains(&("product:Pilot".into(), 1)), "{d:?}");
    assert!(d.contains(&("product:Vireo".into(), 1)), "{d:?}");
    // Without such a cue the ambiguous form and the common word stay unmatched.
    let g = graph(
        "Harland spoke later. A pilot flew by, and the Pilot team cheered. The Bank One deal closed.",
    );
    assert!(
        !ids(&g).iter().any(|i| i.ends_with(":One")),
        "{:?}",
        ids(&g)
    );
    assert!(!g.nodes.contains_key("organization:Harland"));
    assert!(!discovered(&g).iter().any(|(id, _)| id.ends_with(":Pilot")));
}

#[test]
fn an_english_apposition_is_typed_by_its_last_noun() {
    let g =
        graph("Regulators cleared Velmora, a once-weekly injectable treatment for gout, in May.");
    let d = discovered(&g);
    assert!(d.contains(&("product:Velmora".into(), 1)), "{d:?}");
}

#[test]
fn brands_after_a_company_diseases_and_partners_are_not_people() {
    // A camel-case word or a plural noun after a company that is also a first name is a division.
    let g = graph(
        "Last year Sony PlayStation bought a studio, and Sony Pictures hired more staff. \
         Its drug slows Huntwell's disease. The lawyers of Brandt & Keller won the case.",
    );
    let ids = ids(&g);
    assert!(!ids.iter().any(|i| i.starts_with("person:Sony")), "{ids:?}");
    assert!(!ids.iter().any(|i| i.contains("Huntwell")), "{ids:?}");
    assert!(
        ids.contains(&"organization:Brandt & Keller".to_string()),
        "{ids:?}"
    );
}

#[test]
fn a_listed_word_after_an_ampersand_joins_the_firm_name() {
    // `Paris` and `Renault` are listed; after `&` inside a run of free words they are partners' names.
    let g = graph(
        "The lawyers of Brandt & Paris Weller won the case. Jane Doe is a partner at Koster & Renault.",
    );
    let ids = ids(&g);
    for firm in ["Brandt & Paris Weller", "Koster & Renault"] {
        assert!(ids.contains(&format!("organization:{firm}")), "{ids:?}");
    }
    assert!(!ids.contains(&"place:Paris".to_string()), "{ids:?}");
    // A listed name before `&` is not a partner's name: both stay themselves.
    let g = graph("Renault & Airbus signed a deal in Paris.");
    let ids = super::tests::ids(&g);
    assert!(ids.contains(&"organization:Renault".to_string()), "{ids:?}");
    assert!(ids.contains(&"organization:Airbus".to_string()), "{ids:?}");
}

/// A dictionary with a brand named after its designer, countries and a place that is not one.
const CONTEXT_DICT: &str = "type\tname\taliases\tambiguous\tkind
organization\tStella McCartney\t\t\t
organization\tRenault\t\t\t
place\tJapan\t\t\tcountry
place\tFrance\t\t\tcountry
place\tLyon\t\t\tcity
";

fn context_graph(text: &str) -> Graph {
    extractor_from(CONTEXT_DICT, DiscoveryConfig::default()).extract(&Document::new("d", text))
}

#[test]
fn a_brand_named_after_a_person_is_the_person_where_the_words_say_so() {
    // A person's noun before the name, or a French apposition with an elided article.
    let g = context_graph("Le groupe a parlé avec la styliste britannique Stella McCartney hier.");
    assert!(
        ids(&g).contains(&"person:Stella McCartney".into()),
        "{:?}",
        ids(&g)
    );
    let g = context_graph("Hier, Stella McCartney, l'actrice, a parlé au public.");
    assert!(
        ids(&g).contains(&"person:Stella McCartney".into()),
        "{:?}",
        ids(&g)
    );
    // Without such words, or after `fondée par` (a company is founded by people and companies alike),
    // it stays the dictionary's brand.
    for text in [
        "Les ventes de Stella McCartney ont progressé cette année.",
        "Une coentreprise fondée par Stella McCartney a ouvert une boutique.",
    ] {
        let g = context_graph(text);
        assert!(
            ids(&g).contains(&"organization:Stella McCartney".into()),
            "{text}: {:?}",
            ids(&g)
        );
        assert!(
            !ids(&g).contains(&"person:Stella McCartney".into()),
            "{text}"
        );
    }
}

#[test]
fn a_name_then_a_country_is_the_subsidiary_there() {
    let g = context_graph(
        "Le compte officiel PlayStation Japan a publié une image. La filiale Renault France recrute.",
    );
    let d = discovered(&g);
    assert!(
        d.contains(&("organization:PlayStation Japan".into(), 1)),
        "{d:?}"
    );
    assert!(
        d.contains(&("organization:Renault France".into(), 1)),
        "{d:?}"
    );
    // Not a city, not a possessive or a longer name, and the parent alone stays itself.
    let g = context_graph(
        "Renault Lyon a fermé. Renault France's results fell. La marque PlayStation Japan Studio \
         a fermé, puis PlayStation a recruté.",
    );
    let ids = ids(&g);
    assert!(!ids.iter().any(|i| i.contains("Renault Lyon")), "{ids:?}");
    assert!(!ids.iter().any(|i| i.contains("Renault France")), "{ids:?}");
    assert!(
        !ids.iter().any(|i| i.ends_with(":PlayStation Japan")),
        "{ids:?}"
    );
}

#[test]
fn a_name_written_with_other_capitals_is_the_same_entity() {
    let g = graph("La société Housemarque a signé avec PlayStation. Le contrat entre Playstation et Housemarque reste secret.");
    let d = discovered(&g);
    assert!(d.contains(&("organization:PlayStation".into(), 2)), "{d:?}");
    assert!(
        !d.iter().any(|(id, _)| id.ends_with(":Playstation")),
        "{d:?}"
    );
    // A dictionary name too: `RENAULT` is Renault.
    let g = graph("Renault a publié ses comptes. Le titre RENAULT a progressé.");
    assert_eq!(g.nodes["organization:Renault"].mentions, 2);
}

#[test]
fn a_character_in_apposition_is_a_person() {
    let g = graph("Le visuel montre Selene, l'héroïne de Returnal, sur la jaquette.");
    let d = discovered(&g);
    assert!(d.iter().any(|(id, _)| id == "person:Selene"), "{d:?}");
    // And the work a character belongs to is a product.
    assert!(d.iter().any(|(id, _)| id == "product:Returnal"), "{d:?}");
    // In English, the word before the name is no adjective after a noun (`studio showed`).
    let g = graph("The studio showed Kratos, the hero of the saga, on the cover.");
    let d = discovered(&g);
    assert!(d.iter().any(|(id, _)| id == "person:Kratos"), "{d:?}");
}

#[test]
fn partners_after_an_ampersand_may_start_with_a_particle() {
    let g = graph("Le cabinet Keker & Van Nest défend la société.");
    let d = discovered(&g);
    assert!(
        d.iter()
            .any(|(id, _)| id == "organization:Keker & Van Nest"),
        "{d:?}"
    );
}

#[test]
fn two_listed_makers_in_a_row_name_their_joint_venture() {
    let dict = "type\tname\taliases\tambiguous
organization\tSony\t\t
organization\tHonda\t\t
";
    let x = extractor_from(dict, DiscoveryConfig::default());
    let g = x.extract(&Document::new(
        "d",
        "La coentreprise Sony Honda Mobility a présenté sa voiture.",
    ));
    let d = discovered(&g);
    assert!(
        d.iter()
            .any(|(id, _)| id == "organization:Sony Honda Mobility"),
        "{d:?}"
    );
    // Two makers listed side by side without a further name stay two makers.
    let g = x.extract(&Document::new("d", "Les groupes Sony et Honda ont signé."));
    assert!(
        ids(&g).contains(&"organization:Sony".into()),
        "{:?}",
        ids(&g)
    );
    assert!(
        ids(&g).contains(&"organization:Honda".into()),
        "{:?}",
        ids(&g)
    );
}

#[test]
fn a_name_listed_with_a_dictionary_name_takes_its_type_when_nothing_else_types_it() {
    let dict = "type\tname\taliases\tambiguous
product\tMinecraft\t\t
organization\tRenault\t\t
place\tParis\t\t
";
    let x = extractor_from(dict, DiscoveryConfig::default());
    let g = x.extract(&Document::new(
        "d",
        "On y joue à Minecraft, Zorbleon et Quintaxe depuis des années.",
    ));
    let d = discovered(&g);
    assert!(d.iter().any(|(id, _)| id == "product:Zorbleon"), "{d:?}");
    // A place fronted before a clause lists nothing.
    let g = x.extract(&Document::new(
        "d",
        "Hier, à Paris, Quintaxe a signé avec Renault.",
    ));
    assert!(
        !ids(&g).iter().any(|i| i.starts_with("place:Quintaxe")),
        "{:?}",
        ids(&g)
    );
}

#[test]
fn a_name_extending_a_discovered_product_is_a_product() {
    let g = graph(
        "Le studio travaille sur un remake de Lumen Gate. \
         Les fans ont vu la jaquette de Lumen Gate Remake hier.",
    );
    let ids = ids(&g);
    assert!(ids.contains(&"product:Lumen Gate".to_string()), "{ids:?}");
    assert!(
        ids.contains(&"product:Lumen Gate Remake".to_string()),
        "{ids:?}"
    );
}
