//! Tests of [`super`]: a run spilled under a budget gives the bytes of an unbounded one.

use std::io::Write;

use super::*;
use crate::export::json;
use crate::extract::options::ExtractorOptions;
use crate::extract::pipeline::{Collected, Pipeline};
use crate::text::input::Input;

/// A JSON Lines corpus of our own: the same people and companies in varied sentences, document ids out
/// of order, metadata on some documents, one id given twice with two different texts.
fn corpus(dir: &Path) -> PathBuf {
    let people = ["Elon Musk", "Sam Altman", "Satya Nadella", "Sundar Pichai"];
    let companies = ["OpenAI", "Microsoft", "Google", "xAI", "Nvidia", "Amazon"];
    let mut lines = Vec::new();
    for i in 0..80usize {
        let p = people[i % people.len()];
        let c = companies[(i * 7) % companies.len()];
        let d = companies[(i * 5 + 1) % companies.len()];
        let text = format!(
            "{p} a rencontré les dirigeants de {c} à Paris. {c} a racheté une partie de {d}. \
             Selon {p}, {d} et {c} travaillent ensemble depuis {} ans.\n\n\
             Plus tard, {p} a critiqué {d}, concurrent de {c}.",
            i % 9 + 2
        );
        let id = format!("doc-{:03}", (i * 37) % 80);
        let record = if i % 3 == 0 {
            serde_json::json!({"id": id, "text": text, "lang": "fr", "source": format!("s{}", i % 4)})
        } else {
            serde_json::json!({"id": id, "text": text})
        };
        lines.push(record.to_string());
        if id == "doc-005" {
            // The same id again, another text: its first sentence differs from the first one's at the
            // same offsets.
            let again = text.replace("Paris", "Lille");
            lines.push(serde_json::json!({"id": id, "text": again, "lang": "en"}).to_string());
        }
    }
    let path = dir.join("corpus.jsonl");
    let mut f = File::create(&path).unwrap();
    writeln!(f, "{}", lines.join("\n")).unwrap();
    path
}

fn extractor(evidence: EvidenceMode) -> crate::Extractor {
    ExtractorOptions {
        max_evidence: 2,
        max_node_documents: 3,
        evidence,
        ..ExtractorOptions::default()
    }
    .build()
    .unwrap()
}

fn pipeline() -> Pipeline {
    // Small batches, so that a tiny budget spills many runs.
    Pipeline::new().threads(2).batch_bytes(2_000)
}

#[test]
fn spilled_runs_write_the_json_of_an_unbounded_run() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [Input::Path(corpus(dir.path()))];
    for mode in [
        EvidenceMode::Text,
        EvidenceMode::Offsets,
        EvidenceMode::None,
    ] {
        let ex = extractor(mode);
        let (graph, _) = pipeline().run(&ex, &inputs, |_| ()).unwrap();
        let mut expected = Vec::new();
        json::write(&graph, &mut expected).unwrap();
        let (collected, report) = pipeline()
            .memory_budget(Some(1))
            .run_collected(&ex, &inputs, |_| ())
            .unwrap();
        let Collected::Spilled(spill) = collected else {
            panic!("a 1-byte budget must spill");
        };
        assert!(report.spilled_runs >= 5, "{} runs", report.spilled_runs);
        assert_eq!(spill.runs(), report.spilled_runs);
        let mut got = Vec::new();
        let written = spill.write_json(false, &mut got).unwrap();
        assert!(
            got == expected,
            "{mode:?}: the streamed JSON differs from the in-memory one"
        );
        assert_eq!(written.nodes, graph.nodes.len());
        assert_eq!(written.edges, graph.edges.len());
        assert_eq!(written.components, graph.component_count());
        let mut links = Vec::new();
        spill.write_json(true, &mut links).unwrap();
        let mut expected_links = Vec::new();
        json::write_with(&graph, true, &mut expected_links).unwrap();
        assert!(links == expected_links);
        let folder = spill.path().to_path_buf();
        assert!(folder.is_dir());
        let merged = spill.into_graph().unwrap();
        assert!(
            merged == graph,
            "{mode:?}: the merged runs differ from the graph"
        );
        assert!(
            !folder.exists(),
            "the spill folder is removed with the spill"
        );
    }
}

#[test]
fn the_sentence_table_keeps_two_texts_of_one_id_and_span() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [Input::Path(corpus(dir.path()))];
    let ex = extractor(EvidenceMode::Text);
    let (graph, _) = pipeline().run(&ex, &inputs, |_| ()).unwrap();
    let table = json::SentenceTable::new(&graph);
    let twice = table
        .rows
        .windows(2)
        .any(|w| (w[0].0, w[0].1, w[0].2) == (w[1].0, w[1].1, w[1].2));
    assert!(
        twice,
        "the corpus should give one document id two sentences at the same offsets"
    );
}

#[test]
fn a_budget_that_is_never_reached_keeps_the_graph_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [Input::Path(corpus(dir.path()))];
    let ex = extractor(EvidenceMode::Text);
    let (collected, report) = pipeline()
        .memory_budget(Some(u64::MAX))
        .run_collected(&ex, &inputs, |_| ())
        .unwrap();
    assert!(matches!(collected, Collected::Graph(_)));
    assert_eq!(report.spilled_runs, 0);
}

#[test]
fn a_damaged_run_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [Input::Path(corpus(dir.path()))];
    let ex = extractor(EvidenceMode::Text);
    let (collected, _) = pipeline()
        .memory_budget(Some(1))
        .run_collected(&ex, &inputs, |_| ())
        .unwrap();
    let Collected::Spilled(spill) = collected else {
        panic!("a 1-byte budget must spill");
    };
    let run = spill.path().join("run-00001.bin");
    let len = std::fs::metadata(&run).unwrap().len();
    // Cut in the middle of the edges.
    let f = std::fs::OpenOptions::new().write(true).open(&run).unwrap();
    f.set_len(len / 2).unwrap();
    let err = spill.write_json(false, &mut Vec::new()).unwrap_err();
    assert!(err.to_string().contains("run-00001.bin"), "{err}");
    std::fs::write(&run, b"not a run").unwrap();
    let err = spill.into_graph().unwrap_err();
    assert!(err.to_string().contains("run-00001.bin"), "{err}");
}

#[test]
fn varints_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.bin");
    let values = [0u64, 1, 127, 128, 300, 1 << 35, u64::MAX];
    {
        let mut enc = Encoder::new(BufWriter::new(File::create(&path).unwrap()));
        enc.raw(MAGIC).unwrap();
        for v in values {
            enc.uint(v).unwrap();
        }
        enc.out.flush().unwrap();
    }
    let mut r = RunReader::open(&path, 0).unwrap();
    // The first value was read as the node count.
    assert_eq!(r.nodes_left, 0);
    for v in &values[1..] {
        assert_eq!(r.uint().unwrap(), *v);
    }
}

#[test]
fn many_runs_are_compacted_without_changing_the_result() {
    let ex = extractor(EvidenceMode::Text);
    let people = ["Elon Musk", "Sam Altman", "Satya Nadella"];
    let companies = ["OpenAI", "Microsoft", "xAI", "Nvidia"];
    let graphs: Vec<Graph> = (0..12usize)
        .map(|i| {
            let text = format!(
                "{} dirige {}. {} a racheté {}.",
                people[i % 3],
                companies[i % 4],
                companies[(i + 1) % 4],
                companies[(i + 2) % 4]
            );
            ex.extract(&crate::Document::new(format!("d{:02}", (i * 5) % 12), text))
        })
        .collect();
    let mut merged = graphs[0].clone();
    for g in &graphs[1..] {
        merged.merge(g.clone());
    }
    let mut expected = Vec::new();
    json::write(&merged, &mut expected).unwrap();
    let mut spill = Spill::new(merged.window, merged.limits).unwrap();
    spill.set_max_runs(3);
    for g in graphs {
        spill.push(g).unwrap();
        assert!(spill.runs() < 3, "{} runs kept", spill.runs());
    }
    let files = std::fs::read_dir(spill.path()).unwrap().count();
    assert_eq!(files, spill.runs(), "compacted runs are removed");
    let mut got = Vec::new();
    spill.write_json(false, &mut got).unwrap();
    assert!(got == expected, "compaction changed the JSON");
    assert!(spill.into_graph().unwrap() == merged);
}
