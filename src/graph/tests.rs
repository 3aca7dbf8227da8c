//! Tests of [`super`].

use super::*;

fn node(id: &str) -> Node {
    Node::new(id, id, "person")
}

fn ev(doc: &str, start: usize) -> Evidence {
    Evidence {
        doc: doc.into(),
        sentence: format!("s{start}").into(),
        start,
        end: start + 1,
        rule: None,
        hedged: false,
        implicit: false,
    }
}

fn doc_graph(doc: &str, starts: &[usize]) -> Graph {
    let mut g = Graph::new(
        Window::Sentence,
        Limits {
            max_evidence: 2,
            max_node_documents: 2,
            ..Limits::default()
        },
    );
    g.document_count = 1;
    for id in ["a", "b"] {
        g.add_mentions(id, doc, id, starts.len() as u64, || node(id));
    }
    for &s in starts {
        let key = EdgeKey {
            source: "a".into(),
            target: "b".into(),
            key: "co_occurrence".into(),
        };
        g.add_edge_support(key, EdgeKind::CoOccurrence, ev(doc, s), None);
    }
    g
}

#[test]
fn merge_is_order_independent_and_capped() {
    let parts = [
        doc_graph("d3", &[5, 1]),
        doc_graph("d1", &[9]),
        doc_graph("d2", &[4, 7, 2]),
    ];
    let mut forward = Graph::new(Window::Sentence, parts[0].limits);
    for p in parts.iter().cloned() {
        forward.merge(p);
    }
    let mut backward = Graph::new(Window::Sentence, parts[0].limits);
    for p in parts.iter().rev().cloned() {
        backward.merge(p);
    }
    let mut grouped = parts[1].clone();
    let mut rest = parts[2].clone();
    rest.merge(parts[0].clone());
    grouped.merge(rest);
    assert_eq!(forward, backward);
    assert_eq!(forward.nodes, grouped.nodes);
    assert_eq!(forward.edges, grouped.edges);
    let e = forward.edges.values().next().unwrap();
    assert_eq!(e.weight, 6);
    let kept: Vec<(&str, usize)> = e.evidence.iter().map(|x| (&*x.doc, x.start)).collect();
    assert_eq!(kept, vec![("d1", 9), ("d2", 2)]);
    let a = &forward.nodes["a"];
    assert_eq!(a.document_count, 3);
    assert_eq!(
        a.documents.keys().map(|d| &**d).collect::<Vec<_>>(),
        vec!["d1", "d2"]
    );
    assert_eq!(forward.document_count, 3);
}

#[test]
fn prune_keeps_cited_documents_only() {
    let mut g = doc_graph("d1", &[1]);
    g.documents.insert("d1".into(), DocumentMetadata::new());
    g.documents.insert("zz".into(), DocumentMetadata::new());
    g.prune_documents();
    assert_eq!(g.documents.keys().collect::<Vec<_>>(), vec!["d1"]);
}

#[test]
fn petgraph_view_counts_components() {
    let mut g = doc_graph("d1", &[1]);
    g.add_mentions("c", "d1", "c", 1, || node("c"));
    assert_eq!(g.component_count(), 2);
}
