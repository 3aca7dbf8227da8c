//! Tests of [`super`].

use super::*;
use crate::dictionary::DictionaryBuilder;
use crate::graph::EdgeKey;

fn extractor(window: Window) -> Extractor {
    let mut b = DictionaryBuilder::new();
    b.add_tsv(
        "t.tsv",
        "type\tname\taliases\tambiguous\nperson\tElon Musk\tMusk\tMusk\norganization\txAI\t\t\norganization\tOpenAI\t\t\nproduct\tGrok\t\t\n",
    )
    .unwrap();
    Extractor::new(
        Matcher::new(b.build()).unwrap(),
        ExtractorConfig {
            window,
            ..Default::default()
        },
    )
}

#[test]
fn sentence_window_links_entities_of_the_same_sentence() {
    let doc = Document::new(
        "d1",
        "Elon Musk a fondé xAI. Musk critique OpenAI.\n\nGrok arrive.",
    );
    let g = extractor(Window::Sentence).extract(&doc);
    assert_eq!(g.nodes["person:Elon Musk"].mentions, 2);
    assert_eq!(
        g.nodes["person:Elon Musk"]
            .aliases
            .iter()
            .collect::<Vec<_>>(),
        vec!["Elon Musk", "Musk"]
    );
    let keys: Vec<(&str, &str)> = g.edges.keys().map(|k| (&*k.source, &*k.target)).collect();
    assert_eq!(
        keys,
        vec![
            ("organization:OpenAI", "person:Elon Musk"),
            ("organization:xAI", "person:Elon Musk")
        ]
    );
    let e = &g.edges.values().next().unwrap().evidence[0];
    assert_eq!(&*e.sentence, "Musk critique OpenAI.");
    assert_eq!(&doc.text[e.start..e.end], &*e.sentence);
}

#[test]
fn wider_windows_link_more() {
    let doc = Document::new(
        "d1",
        "Elon Musk a fondé xAI. Musk critique OpenAI.\n\nGrok arrive.",
    );
    let g = extractor(Window::Paragraph).extract(&doc);
    assert_eq!(g.edges.len(), 3);
    let g = extractor(Window::Document).extract(&doc);
    assert_eq!(g.edges.len(), 6);
    let e = &g.edges[&EdgeKey {
        source: "organization:OpenAI".into(),
        target: "product:Grok".into(),
        key: "co_occurrence".into(),
    }];
    assert_eq!(
        &*e.evidence[0].sentence,
        "Musk critique OpenAI.\n\nGrok arrive."
    );
}

#[test]
fn a_single_entity_gives_no_edge_and_no_segmentation() {
    let ex = extractor(Window::Sentence);
    let a = ex.analyze("Elon Musk, encore Elon Musk.");
    assert!(a.segmentation.sentences.is_empty());
    assert!(ex
        .extract(&Document::new("d", "Elon Musk, encore Elon Musk."))
        .edges
        .is_empty());
}
