//! A self-contained interactive HTML page (`.html`): the graph explorer.
//!
//! One file that works offline: the page's script and style are inlined (`src/export/html/`), and a
//! Content-Security-Policy of `default-src 'none'` forbids every request, so nothing leaves the page. The
//! graph is embedded as JSON in a `<script type="application/json">` element, with `<`, `>`, `&`, U+2028 and
//! U+2029 written as `\uXXXX` escapes inside its strings, so that no entity name or evidence sentence can end
//! the element (`</script>`), open a comment (`<!--`) or break a JavaScript string; the page builds every
//! piece of text with `textContent`, never as markup.
//!
//! The layout is computed here, once, ahead of time (a force-directed layout, see [`layout`]): the page
//! shows a 5,000-node graph at once instead of simulating forces, and the file is byte-identical for equal
//! graphs. The page draws on a 2D canvas (no WebGL, which headless and GPU-less browsers may lack).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::json::SentenceTable;
use crate::graph::{discovery_of, EdgeKind, Graph};

const TEMPLATE: &str = include_str!("html/template.html");
const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/app.js");

/// Documents listed per node in the page (the count is always exact).
const DOCUMENTS_LISTED: usize = 50;

#[derive(Serialize)]
struct Page<'a> {
    generator: String,
    window: &'a str,
    document_count: u64,
    evidence: &'a str,
    types: Vec<&'a str>,
    relations: Vec<&'a str>,
    nodes: Vec<PageNode<'a>>,
    edges: Vec<PageEdge<'a>>,
    sentences: Vec<PageSentence<'a>>,
}

#[derive(Serialize)]
struct PageNode<'a> {
    id: &'a str,
    label: &'a str,
    /// Index into `types`.
    #[serde(rename = "type")]
    entity_type: usize,
    aliases: Vec<&'a str>,
    mentions: u64,
    document_count: u64,
    documents: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cue: Option<&'a str>,
    x: f64,
    y: f64,
}

#[derive(Serialize)]
struct PageEdge<'a> {
    /// Indices into `nodes`.
    source: usize,
    target: usize,
    /// Index into `relations`, absent for co-occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    relation: Option<usize>,
    weight: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(skip_serializing_if = "is_zero")]
    hedged_weight: u64,
    #[serde(skip_serializing_if = "is_zero")]
    implicit_weight: u64,
    evidence: Vec<PageEvidence<'a>>,
}

#[derive(Serialize)]
struct PageEvidence<'a> {
    doc: &'a str,
    /// Index into `sentences`, absent when the graph keeps no text.
    #[serde(skip_serializing_if = "Option::is_none")]
    sentence: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hedged: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    implicit: bool,
}

#[derive(Serialize)]
struct PageSentence<'a> {
    doc: &'a str,
    text: &'a str,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Writes the explorer page of `graph`.
pub fn write(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let data = serde_json::to_string(&page(graph))?;
    let title = format!(
        "graphex — {} entities, {} edges, {} documents",
        graph.nodes.len(),
        graph.edges.len(),
        graph.document_count
    );
    let html = TEMPLATE
        .replacen("{{title}}", &escape_html(&title), 1)
        .replacen("{{style}}", STYLE, 1)
        .replacen("{{data}}", &escape_script_json(&data), 1)
        .replacen("{{script}}", SCRIPT, 1);
    out.write_all(html.as_bytes())
}

/// Escapes text for HTML element content.
fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Makes serialized JSON safe inside a `<script>` element: the characters that could end it, start a
/// comment or end a JavaScript string become `\uXXXX` escapes. They can only occur inside JSON strings,
/// where the escape means the same character, so the data read back is unchanged.
pub fn escape_script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn page(graph: &Graph) -> Page<'_> {
    let index: BTreeMap<&str, usize> = graph
        .nodes
        .keys()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut types: Vec<&str> = graph
        .nodes
        .values()
        .map(|n| n.entity_type.as_str())
        .collect();
    types.sort_unstable();
    types.dedup();
    let mut relations: Vec<&str> = graph
        .edges
        .iter()
        .filter(|(_, e)| e.kind == EdgeKind::Relation)
        .map(|(k, _)| &*k.key)
        .collect();
    relations.sort_unstable();
    relations.dedup();
    let pairs: Vec<(usize, usize, u64)> = graph
        .edges
        .iter()
        .filter_map(|(k, e)| Some((*index.get(&*k.source)?, *index.get(&*k.target)?, e.weight)))
        .collect();
    let positions = layout(graph.nodes.len(), &pairs);
    let nodes = graph
        .nodes
        .values()
        .zip(&positions)
        .map(|(n, &(x, y))| {
            let discovered = discovery_of(&n.attributes);
            PageNode {
                id: &n.id,
                label: &n.label,
                entity_type: types.binary_search(&n.entity_type.as_str()).unwrap_or(0),
                aliases: n.aliases.iter().map(String::as_str).collect(),
                mentions: n.mentions,
                document_count: n.document_count,
                documents: n
                    .documents
                    .keys()
                    .take(DOCUMENTS_LISTED)
                    .map(|d| &**d)
                    .collect(),
                confidence: discovered.map(|(c, _)| c),
                cue: discovered.map(|(_, cue)| cue),
                x,
                y,
            }
        })
        .collect();
    // The JSON's sentence table: the same rows, in the same order.
    let table = SentenceTable::new(graph);
    let edges = graph
        .edges
        .iter()
        .filter_map(|(k, e)| {
            Some(PageEdge {
                source: *index.get(&*k.source)?,
                target: *index.get(&*k.target)?,
                relation: (e.kind == EdgeKind::Relation)
                    .then(|| relations.binary_search(&&*k.key).ok())
                    .flatten(),
                weight: e.weight,
                confidence: e.confidence,
                hedged_weight: e.hedged_weight,
                implicit_weight: e.implicit_weight,
                evidence: e
                    .evidence
                    .iter()
                    .map(|ev| PageEvidence {
                        doc: &ev.doc,
                        sentence: table.id(ev),
                        rule: ev.rule.as_deref(),
                        hedged: ev.hedged,
                        implicit: ev.implicit,
                    })
                    .collect(),
            })
        })
        .collect();
    Page {
        generator: format!("graphex {}", env!("CARGO_PKG_VERSION")),
        window: graph.window.as_str(),
        document_count: graph.document_count,
        evidence: graph.limits.evidence.as_str(),
        types,
        relations,
        nodes,
        edges,
        sentences: table
            .rows
            .iter()
            .map(|&(doc, _, _, text)| PageSentence { doc, text })
            .collect(),
    }
}

/// A force-directed layout (Fruchterman–Reingold, repulsion between nodes of neighbouring grid cells only,
/// so that an iteration is linear in nodes and edges, plus a weak pull to the centre that keeps components
/// together). `edges` are `(a, b, weight)`; attraction grows with the logarithm of the weight.
///
/// Deterministic: initial positions come from the node's index (a golden-angle spiral), and the
/// computation is sequential. Coordinates are rounded to 0.1 in a box about 1000 units wide.
pub fn layout(n: usize, edges: &[(usize, usize, u64)]) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    let area = 1000.0 * 1000.0;
    let k = (area / n as f64).sqrt();
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let r = 500.0 * ((i as f64 + 0.5) / n as f64).sqrt();
            let a = i as f64 * golden;
            (r * a.cos(), r * a.sin())
        })
        .collect();
    let iterations = if n <= 500 {
        300
    } else if n <= 2000 {
        150
    } else {
        80
    };
    let cell = 2.0 * k;
    let mut disp = vec![(0.0f64, 0.0f64); n];
    let mut grid: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    for it in 0..iterations {
        let temperature = 100.0 * (1.0 - it as f64 / iterations as f64) + 1.0;
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        grid.clear();
        for (i, &(x, y)) in pos.iter().enumerate() {
            grid.entry(((x / cell).floor() as i64, (y / cell).floor() as i64))
                .or_default()
                .push(i);
        }
        for (&(cx, cy), members) in &grid {
            for dx in -1..=1 {
                for dy in -1..=1 {
                    let Some(others) = grid.get(&(cx + dx, cy + dy)) else {
                        continue;
                    };
                    for &i in members {
                        for &j in others {
                            if i == j {
                                continue;
                            }
                            let (ddx, ddy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                            let d2 = (ddx * ddx + ddy * ddy).max(0.01);
                            if d2 > cell * cell {
                                continue;
                            }
                            let f = k * k / d2;
                            disp[i].0 += ddx * f;
                            disp[i].1 += ddy * f;
                        }
                    }
                }
            }
        }
        for &(a, b, w) in edges {
            if a == b {
                continue;
            }
            let (ddx, ddy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (ddx * ddx + ddy * ddy).sqrt().max(0.1);
            let f = d / k * (1.0 + (w as f64).ln()) * 0.5;
            disp[a].0 -= ddx * f;
            disp[a].1 -= ddy * f;
            disp[b].0 += ddx * f;
            disp[b].1 += ddy * f;
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            // Gravity: components stay in view.
            let (gx, gy) = (-p.0 * 0.01 * k / 10.0, -p.1 * 0.01 * k / 10.0);
            let (dx, dy) = (d.0 + gx, d.1 + gy);
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 {
                let step = len.min(temperature);
                p.0 += dx / len * step;
                p.1 += dy / len * step;
            }
        }
    }
    pos.into_iter()
        .map(|(x, y)| ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EdgeKey, Evidence, Limits, Node, Window};

    fn graph_with(label: &str, sentence: &str) -> Graph {
        let mut g = Graph::new(Window::Sentence, Limits::default());
        for id in ["person:a", "organization:b"] {
            let (t, _) = id.split_once(':').unwrap();
            let mut n = Node::new(id, if id == "person:a" { label } else { "B" }, t);
            n.aliases.insert(n.label.clone());
            n.mentions = 1;
            g.nodes.insert(id.into(), n);
        }
        g.add_edge_support(
            EdgeKey {
                source: "person:a".into(),
                target: "organization:b".into(),
                key: "works_for".into(),
            },
            EdgeKind::Relation,
            Evidence {
                doc: "d1".into(),
                sentence: sentence.into(),
                start: 0,
                end: sentence.len(),
                rule: Some("en.works_for".into()),
                hedged: false,
                implicit: false,
            },
            Some(0.9),
        );
        g.document_count = 1;
        g
    }

    fn data_of(html: &str) -> serde_json::Value {
        let start = html.find("id=\"graph-data\">").unwrap() + "id=\"graph-data\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    #[test]
    fn hostile_text_cannot_leave_the_data_element() {
        let hostile = "</script><img src=x onerror=alert(1)><!-- \u{2028}&amp;";
        let g = graph_with(hostile, &format!("{hostile} works for B."));
        let mut out = Vec::new();
        write(&g, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        // Only the template's own closing tags, and no raw markup from the data.
        assert_eq!(html.matches("</script>").count(), 2);
        assert!(!html.contains("<img"));
        assert!(!html.contains("<!-- "));
        assert!(!html.contains('\u{2028}'));
        let data = data_of(&html);
        assert_eq!(data["nodes"][1]["label"], hostile);
        assert_eq!(
            data["sentences"][0]["text"],
            format!("{hostile} works for B.")
        );
        assert_eq!(data["edges"][0]["relation"], 0);
        assert_eq!(data["relations"][0], "works_for");
    }

    #[test]
    fn the_page_is_the_same_for_the_same_graph_and_asks_for_nothing() {
        let g = graph_with("A", "A works for B.");
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write(&g, &mut a).unwrap();
        write(&g.clone(), &mut b).unwrap();
        assert_eq!(a, b);
        let html = String::from_utf8(a).unwrap();
        assert!(html.contains("default-src 'none'"));
        for remote in [
            "src=\"http",
            "href=\"http",
            "src=\"//",
            "@import",
            "url(http",
        ] {
            assert!(!html.contains(remote), "{remote}");
        }
    }

    #[test]
    fn layout_is_finite_spread_and_deterministic() {
        let n = 300;
        let edges: Vec<(usize, usize, u64)> = (0..n)
            .map(|i| (i, (i * 7 + 1) % n, 1 + i as u64 % 3))
            .collect();
        let a = layout(n, &edges);
        assert_eq!(a, layout(n, &edges));
        assert!(a.iter().all(|(x, y)| x.is_finite() && y.is_finite()));
        let distinct: std::collections::BTreeSet<(i64, i64)> =
            a.iter().map(|(x, y)| (*x as i64, *y as i64)).collect();
        assert!(distinct.len() > n * 9 / 10, "nodes do not pile up");
        let width = a.iter().map(|p| p.0).fold(f64::MIN, f64::max)
            - a.iter().map(|p| p.0).fold(f64::MAX, f64::min);
        assert!(width > 100.0 && width < 5000.0, "{width}");
        assert!(layout(0, &[]).is_empty());
        assert_eq!(layout(1, &[]).len(), 1);
    }
}
