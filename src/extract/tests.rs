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

#[test]
fn documents_given_one_by_one_give_the_graph_of_the_same_inputs() {
    use crate::extract::pipeline::Pipeline;
    use crate::text::input::Input;
    let ex = extractor(Window::Sentence);
    let texts = [
        ("a", "Elon Musk a fondé xAI. Musk critique OpenAI."),
        ("b", "Grok, de xAI, répond."),
        ("c", "OpenAI et Elon Musk."),
    ];
    let inputs: Vec<Input> = texts
        .iter()
        .map(|(id, text)| Input::Text {
            id: id.to_string(),
            text: text.to_string(),
        })
        .collect();
    let (from_inputs, _) = Pipeline::new()
        .threads(2)
        .run(&ex, &inputs, |_| ())
        .unwrap();
    // Small batches: the reader hands several batches over.
    let docs = texts.iter().map(|(id, text)| Ok(Document::new(*id, *text)));
    let (given, report) = Pipeline::new()
        .threads(2)
        .batch_bytes(10)
        .run_documents(&ex, docs, |_| ())
        .unwrap();
    assert_eq!(report.documents, 3);
    assert_eq!(given, from_inputs);
    // A failing item is reported, and the others are still extracted.
    let docs = vec![
        Ok(Document::new("a", texts[0].1)),
        Err(crate::Error::Config("item 1 is broken".into())),
        Ok(Document::new("c", texts[2].1)),
    ];
    let (partial, report) = Pipeline::new()
        .run_documents(&ex, docs.into_iter(), |_| ())
        .unwrap();
    assert_eq!(report.errors.len(), 1);
    assert_eq!(partial.document_count, 2);
}

#[test]
fn options_name_the_flag_and_the_file_in_errors() {
    use crate::extract::options::ExtractorOptions;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "type\tname\naperson\n").unwrap();
    let options = ExtractorOptions {
        dicts: vec![bad.clone()],
        default_dicts: false,
        ..ExtractorOptions::default()
    };
    let err = options.build().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("--dict {0}: {0}:2: empty name", bad.display())
    );
    assert!(matches!(
        err.cause(),
        crate::Error::Dictionary { line: 2, .. }
    ));
    let options = ExtractorOptions {
        max_evidence: 0,
        ..ExtractorOptions::default()
    };
    assert!(matches!(options.build(), Err(crate::Error::Config(_))));
}
