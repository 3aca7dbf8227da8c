//! Exports end to end without external tools: file naming, CSV safety, mention list, stats, render errors,
//! the explorer page (its browser tests are in tests/browser).

mod common;

use common::{extract, fixture, graphex, ok};

#[test]
fn csv_writes_two_files_that_parse_and_cannot_run_formulas() {
    let dir = tempfile::tempdir().unwrap();
    ok(extract()
        .arg(fixture("exports/corpus"))
        .arg("-o")
        .arg(dir.path().join("out.csv")));
    let mut nodes = csv::Reader::from_path(dir.path().join("out.nodes.csv")).unwrap();
    let labels: Vec<String> = nodes.records().map(|r| r.unwrap()[1].to_string()).collect();
    assert!(labels.contains(&"'=HYPERLINK(1)".to_string()), "{labels:?}");
    assert!(labels.contains(&"Bob's \"Quotes\" \\ Co".to_string()));
    assert!(labels.iter().all(|l| !l.starts_with(['=', '+', '-', '@'])));
    let mut edges = csv::Reader::from_path(dir.path().join("out.edges.csv")).unwrap();
    assert_eq!(&edges.headers().unwrap()[0], "source");
    assert!(edges.records().count() > 0);
    assert!(!dir.path().join("out.csv").exists());
}

#[test]
fn csv_to_standard_output_is_a_usage_error() {
    let out = extract()
        .arg(fixture("exports/corpus"))
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("two files"));
}

#[test]
fn mention_list_is_sorted_and_its_offsets_point_at_the_surface() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.jsonl");
    ok(extract()
        .arg(fixture("exports/corpus"))
        .args(["--threads", "2", "-o"])
        .arg(&p)
        .arg("-o")
        .arg(dir.path().join("g.json")));
    let text = std::fs::read_to_string(&p).unwrap();
    let mut last = (String::new(), 0usize);
    let mut n = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = v["doc"].as_str().unwrap().to_string();
        let (start, end) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        let body = std::fs::read_to_string(fixture("exports/corpus").join(&doc)).unwrap();
        assert_eq!(&body[start..end], v["surface"].as_str().unwrap());
        assert!((doc.clone(), start) >= last, "sorted by doc, offset");
        last = (doc, start);
        n += 1;
    }
    let graph: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("g.json")).unwrap()).unwrap();
    let mentions: u64 = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["mentions"].as_u64().unwrap())
        .sum();
    assert_eq!(n as u64, mentions, "one line per counted mention");
    let stdout = ok(extract()
        .arg(fixture("exports/corpus"))
        .args(["--format", "jsonl"]));
    assert_eq!(String::from_utf8(stdout).unwrap(), text, "deterministic");
}

#[test]
fn stats_reports_counts_rankings_and_components() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.json");
    ok(extract().arg(fixture("exports/corpus")).arg("-o").arg(&g));
    let out = ok(graphex().arg("stats").arg(&g).arg("--json"));
    let s: serde_json::Value = serde_json::from_slice(&out).unwrap();
    // Nine dictionary entities, and two that only discovery finds (d.txt: Quantivo, Hélène Marchetti).
    assert_eq!(s["nodes"], 11);
    assert_eq!(s["nodes_by_type"]["person"], 4);
    // xAI and Elon Musk both have 4 mentions: ties go by id.
    assert_eq!(s["top_by_mentions"][0]["label"], "xAI");
    assert_eq!(s["top_by_mentions"][1]["label"], "Elon Musk");
    let pr: f64 = s["top_by_pagerank"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["pagerank"].as_f64().unwrap())
        .sum();
    assert!(pr > 0.5 && pr <= 1.0 + 1e-9);
    assert!(s["components"].as_u64().unwrap() >= 1);
    let text = String::from_utf8(ok(graphex().arg("stats").arg(&g))).unwrap();
    assert!(text.contains("top entities by PageRank"), "{text}");
}

#[test]
fn focus_on_an_unknown_entity_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.json");
    ok(extract().arg(fixture("exports/corpus")).arg("-o").arg(&g));
    let out = graphex()
        .arg("render")
        .arg(&g)
        .args(["--focus", "Nobody", "--format", "dot"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entity"));
    let dot =
        ok(graphex()
            .arg("render")
            .arg(&g)
            .args(["--focus", "elon musk", "--format", "dot", "-q"]));
    let dot = String::from_utf8(dot).unwrap();
    assert!(dot.contains("Elon Musk") && !dot.contains("Bob"), "{dot}");
}

#[test]
fn explorer_page_from_extract_and_render_holds_the_graph() {
    let dir = tempfile::tempdir().unwrap();
    let (json, html) = (dir.path().join("g.json"), dir.path().join("g.html"));
    ok(extract()
        .arg(fixture("exports/corpus"))
        .arg("-o")
        .arg(&json)
        .arg("-o")
        .arg(&html));
    let graph: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let page = std::fs::read_to_string(&html).unwrap();
    let marker = "id=\"graph-data\">";
    let start = page.find(marker).unwrap() + marker.len();
    let end = start + page[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(
        data["nodes"].as_array().unwrap().len(),
        graph["nodes"].as_array().unwrap().len()
    );
    assert_eq!(
        data["edges"].as_array().unwrap().len(),
        graph["edges"].as_array().unwrap().len()
    );
    assert_eq!(
        data["sentences"],
        graph["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| { serde_json::json!({"doc": s["doc"], "text": s["text"]}) })
            .collect::<serde_json::Value>()
    );
    // The fixture's hostile names stay inside the data.
    assert_eq!(page.matches("</script>").count(), 2);
    // render gives the same page from the JSON.
    let again = dir.path().join("again.html");
    ok(graphex().arg("render").arg(&json).arg("-o").arg(&again));
    assert_eq!(std::fs::read_to_string(&again).unwrap(), page);
}
