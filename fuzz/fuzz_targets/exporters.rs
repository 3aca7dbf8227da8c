//! Every exporter on an arbitrary graph (any text in names, aliases, attributes, documents, evidence):
//! no panic, and the output re-parses where a parser exists: JSON (and graphex's own reader gives the
//! graph back), DOT (graphviz-rust), GraphML and GEXF (quick-xml), CSV (csv: one record per node or edge,
//! no formula cell), Cytoscape JSON (serde_json).
#![no_main]

use std::collections::{BTreeMap, BTreeSet};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

use graphex::export::{self, ExportOptions, Format};
use graphex::graph::{Edge, EdgeKey, EdgeKind, Evidence, Graph, Limits, Node, Window};

#[derive(Arbitrary, Debug)]
struct FuzzNode {
    entity_type: String,
    label: String,
    aliases: Vec<String>,
    documents: Vec<(String, u64)>,
    external_id: Option<String>,
    attributes: Vec<(String, String)>,
    mentions: u64,
}

#[derive(Arbitrary, Debug)]
struct FuzzEdge {
    source: u8,
    target: u8,
    key: String,
    relation: bool,
    weight: u64,
    confidence: Option<f64>,
    evidence: Vec<(String, String, usize, Option<String>)>,
}

#[derive(Arbitrary, Debug)]
struct FuzzGraph {
    nodes: Vec<FuzzNode>,
    edges: Vec<FuzzEdge>,
    label_language: String,
    kuzu: bool,
}

fn graph(f: FuzzGraph) -> Graph {
    let mut g = Graph::new(Window::Sentence, Limits::default());
    for n in f.nodes {
        let id = format!("{}:{}", n.entity_type, n.label);
        g.nodes.insert(
            id.clone(),
            Node {
                id,
                label: n.label,
                entity_type: n.entity_type,
                aliases: n.aliases.into_iter().collect::<BTreeSet<_>>(),
                mentions: n.mentions,
                document_count: n.documents.len() as u64,
                documents: n
                    .documents
                    .into_iter()
                    .map(|(d, c)| (d.into(), c))
                    .collect::<BTreeMap<_, _>>(),
                external_id: n.external_id,
                attributes: n.attributes.into_iter().collect(),
            },
        );
    }
    let ids: Vec<String> = g.nodes.keys().cloned().collect();
    if ids.is_empty() {
        return g;
    }
    for e in f.edges {
        let mut edge = Edge::new(if e.relation {
            EdgeKind::Relation
        } else {
            EdgeKind::CoOccurrence
        });
        edge.weight = e.weight;
        edge.confidence = e.confidence;
        let mut evidence: Vec<Evidence> = e
            .evidence
            .into_iter()
            .map(|(doc, sentence, start, rule)| Evidence {
                doc: doc.into(),
                sentence: sentence.into(),
                start,
                end: start.saturating_add(1),
                rule: rule.map(Into::into),
                hedged: false,
                implicit: false,
            })
            .collect();
        evidence.sort_by(|a, b| {
            (&a.doc, a.start, a.end, &a.rule).cmp(&(&b.doc, b.start, b.end, &b.rule))
        });
        edge.evidence = evidence;
        let key = EdgeKey {
            source: ids[e.source as usize % ids.len()].as_str().into(),
            target: ids[e.target as usize % ids.len()].as_str().into(),
            key: if e.relation {
                e.key.into()
            } else {
                "co_occurrence".into()
            },
        };
        g.edges.insert(key, edge);
    }
    g
}

fn xml_ok(xml: &[u8]) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                for a in e.attributes() {
                    a.expect("well-formed attribute");
                }
            }
            Ok(_) => {}
            Err(e) => panic!("malformed XML: {e}\n{}", String::from_utf8_lossy(xml)),
        }
        buf.clear();
    }
}

fuzz_target!(|f: FuzzGraph| {
    let options = ExportOptions {
        cypher_dialect: if f.kuzu { "kuzu" } else { "neo4j" }.parse().unwrap(),
        label_language: f.label_language.clone(),
        ..Default::default()
    };
    let g = graph(f);
    let write = |format: Format| {
        let mut out = Vec::new();
        export::write_with(&g, format, &options, &mut out).unwrap();
        out
    };
    let json = write(Format::Json);
    let text = std::str::from_utf8(&json).unwrap();
    serde_json::from_str::<serde_json::Value>(text).unwrap();
    let back = export::json::read(text, "fuzz").unwrap();
    // NaN confidences compare unequal; everything else round-trips.
    if g.edges
        .values()
        .all(|e| e.confidence.is_none_or(f64::is_finite))
    {
        assert_eq!(back, g);
    }
    let dot = write(Format::Dot);
    graphviz_rust::parse(std::str::from_utf8(&dot).unwrap()).expect("DOT parses");
    xml_ok(&write(Format::GraphMl));
    xml_ok(&write(Format::Gexf));
    serde_json::from_slice::<serde_json::Value>(&write(Format::Cyjs)).unwrap();
    let _ = write(Format::Cypher);
    let _ = write(Format::Turtle);
    // The page: hostile text never ends the data element, and the data reads back as JSON.
    let html = String::from_utf8(write(Format::Html)).unwrap();
    assert_eq!(html.matches("</script>").count(), 2, "{html}");
    let marker = "id=\"graph-data\">";
    let start = html.find(marker).unwrap() + marker.len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(data["nodes"].as_array().unwrap().len(), g.nodes.len());
    assert!(!html[start..end].contains('<') && !html[start..end].contains('\u{2028}'));
    let dir = std::env::temp_dir().join(format!("graphex-fuzz-{}", std::process::id()));
    let path = dir.join("g.csv");
    export::write_path(&g, Format::Csv, &path).unwrap();
    for (file, rows) in [
        ("g.nodes.csv", g.nodes.len()),
        ("g.edges.csv", g.edges.len()),
    ] {
        let mut r = csv::Reader::from_path(dir.join(file)).unwrap();
        let width = r.headers().unwrap().len();
        let mut count = 0;
        for rec in r.records() {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), width);
            for cell in &rec {
                // A number (a negative confidence from a hostile graph file) is data, not a formula.
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
                        || cell.parse::<f64>().is_ok(),
                    "formula cell {cell:?}"
                );
            }
            count += 1;
        }
        assert_eq!(count, rows);
    }
});
