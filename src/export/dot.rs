//! Graphviz DOT, built with `graphviz-rust`'s structures and printer, and rendering through Graphviz.
//!
//! `graphviz-rust` prints identifiers verbatim (`Id::Escaped` must already hold a valid quoted string), so
//! every piece of user text goes through [`quoted`], which escapes quotes, backslashes and line breaks. The
//! legend is an HTML-like label built only from escaped text. Styling: shape and colour by entity type, font
//! size by mentions, edge width by weight; relations are labelled directed edges, co-occurrences plain grey
//! lines. The layout engine is chosen in the file (`neato` for small graphs, `sfdp` for large ones; edges
//! routed around nodes only in small graphs, see [`ROUTED_EDGES_MAX_NODES`]), so a plain
//! `dot -Tsvg graph.dot` draws it well.

use std::collections::BTreeSet;
use std::io::ErrorKind;

use graphviz_rust::cmd::{CommandArg, Format as GvFormat};
use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph as DotGraph, GraphAttributes, Id, Node as DotNode,
    NodeId, Stmt, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::error::{Error, Result};
use crate::export::Format;
use crate::graph::{EdgeKind, Graph};

/// Above this many nodes, the force-directed multiscale engine `sfdp` is used instead of `neato`.
pub const SFDP_THRESHOLD: usize = 200;

/// Above this many nodes, edges are drawn as straight lines (`splines=line`) instead of being routed
/// around the nodes (`splines=true`). Routing is most of Graphviz's time on a crowded graph: on the sample
/// corpus (102 entities, 302 edges) it took 4.0 of 4.2 s with neato, straight lines 0.2 s in all, with the same node
/// positions; edges are drawn under the nodes (`outputorder=edgesfirst`), so a line crossing a node stays
/// behind it.
pub const ROUTED_EDGES_MAX_NODES: usize = 60;

/// A DOT quoted string holding `s` verbatim: `"` and `\` are escaped, line breaks become `\n`, other control
/// characters spaces, and `&` becomes `&amp;` because Graphviz decodes HTML entities (`&lt;`, `&#38;`) even
/// in plain labels. Graphviz reads `\\` in labels as one backslash, so the label shows `s` unchanged.
pub fn quoted(s: &str) -> Id {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

/// Escapes text for an HTML-like label.
fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn plain(s: &str) -> Id {
    Id::Plain(s.to_string())
}

fn attr(k: &str, v: Id) -> Attribute {
    Attribute(plain(k), v)
}

/// Shape and fill colour of an entity type.
pub fn type_style(entity_type: &str) -> (&'static str, &'static str) {
    match entity_type {
        "person" => ("ellipse", "#8ecae6"),
        "organization" => ("box", "#ffb703"),
        "product" => ("hexagon", "#90be6d"),
        "place" => ("house", "#d9d9d9"),
        _ => ("octagon", "#f4a3a8"),
    }
}

fn relation_colour(relation: &str) -> &'static str {
    const PALETTE: [&str; 8] = [
        "#d62828", "#003049", "#6a4c93", "#2a9d8f", "#e76f51", "#1d3557", "#bc6c25", "#386641",
    ];
    let h = relation
        .bytes()
        .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
    PALETTE[h % PALETTE.len()]
}

fn scaled(base: f64, value: u64, step: f64, max: f64) -> String {
    let v = (base + step * (value.max(1) as f64).log2()).min(max);
    format!("{v:.1}")
}

/// Builds the `graphviz-rust` graph.
pub fn to_dot_graph(graph: &Graph) -> DotGraph {
    let mut stmts = Vec::new();
    let layout = if graph.nodes.len() > SFDP_THRESHOLD {
        "sfdp"
    } else {
        "neato"
    };
    stmts.push(Stmt::GAttribute(GraphAttributes::Graph(vec![
        attr("layout", plain(layout)),
        attr("overlap", plain("false")),
        attr(
            "splines",
            plain(if graph.nodes.len() > ROUTED_EDGES_MAX_NODES {
                "line"
            } else {
                "true"
            }),
        ),
        attr("outputorder", plain("edgesfirst")),
        attr("fontname", quoted("Helvetica")),
        attr("labelloc", plain("b")),
        attr("label", legend(graph)),
    ])));
    stmts.push(Stmt::GAttribute(GraphAttributes::Node(vec![
        attr("style", quoted("filled")),
        attr("fontname", quoted("Helvetica")),
        attr("penwidth", plain("0.8")),
    ])));
    stmts.push(Stmt::GAttribute(GraphAttributes::Edge(vec![
        attr("fontname", quoted("Helvetica")),
        attr("fontsize", plain("9")),
    ])));

    for n in graph.nodes.values() {
        let (shape, fill) = type_style(&n.entity_type);
        let tooltip = format!(
            "{} ({}): {} mentions in {} documents",
            n.label, n.entity_type, n.mentions, n.document_count
        );
        stmts.push(Stmt::Node(DotNode::new(
            NodeId(quoted(&n.id), None),
            vec![
                attr("label", quoted(&n.label)),
                attr("shape", plain(shape)),
                attr("fillcolor", quoted(fill)),
                attr("fontsize", plain(&scaled(10.0, n.mentions, 2.0, 24.0))),
                attr("tooltip", quoted(&tooltip)),
            ],
        )));
    }
    for (k, e) in &graph.edges {
        let mut attrs = vec![
            attr("penwidth", plain(&scaled(1.0, e.weight, 0.8, 6.0))),
            attr("weight", plain(&e.weight.to_string())),
        ];
        match e.kind {
            EdgeKind::CoOccurrence => {
                attrs.push(attr("dir", plain("none")));
                attrs.push(attr("color", quoted("#9a9a9a80")));
                attrs.push(attr(
                    "tooltip",
                    quoted(&format!("co-occurrence: {}", e.weight)),
                ));
            }
            EdgeKind::Relation => {
                let colour = relation_colour(&k.key);
                let mut label = k.key.to_string();
                if e.hedged_weight == e.weight && e.weight > 0 {
                    label.push_str(" (?)");
                    attrs.push(attr("style", plain("dashed")));
                }
                attrs.push(attr("label", quoted(&label)));
                attrs.push(attr("color", quoted(colour)));
                attrs.push(attr("fontcolor", quoted(colour)));
                let first = e
                    .evidence
                    .first()
                    .map_or(String::new(), |ev| ev.sentence.to_string());
                attrs.push(attr("tooltip", quoted(&first)));
            }
        }
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(quoted(&k.source), None)),
                Vertex::N(NodeId(quoted(&k.target), None)),
            ),
            attributes: attrs,
        }));
    }
    DotGraph::DiGraph {
        id: quoted("graphex"),
        strict: false,
        stmts,
    }
}

/// An HTML-like legend: one coloured cell per entity type present, and the relation line style.
fn legend(graph: &Graph) -> Id {
    let types: BTreeSet<&str> = graph
        .nodes
        .values()
        .map(|n| n.entity_type.as_str())
        .collect();
    let mut cells = String::new();
    for t in types {
        let (_, fill) = type_style(t);
        cells.push_str(&format!("<td bgcolor=\"{fill}\">{}</td>", html(t)));
    }
    let relations = graph.edges.values().any(|e| e.kind == EdgeKind::Relation);
    if relations {
        cells.push_str("<td>→ relation</td>");
    }
    if graph
        .edges
        .values()
        .any(|e| e.kind == EdgeKind::CoOccurrence)
    {
        cells.push_str("<td>— co-occurrence</td>");
    }
    Id::Html(format!(
        "<<table border=\"0\" cellspacing=\"4\"><tr>{cells}</tr></table>>"
    ))
}

/// The DOT text of the graph.
pub fn to_dot(graph: &Graph) -> String {
    let mut text = to_dot_graph(graph).print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// Renders the graph to SVG or PNG with Graphviz's `dot` program.
pub fn render(graph: &Graph, format: Format) -> Result<Vec<u8>> {
    let gv = match format {
        Format::Svg => GvFormat::Svg,
        Format::Png => GvFormat::Png,
        other => {
            return Err(Error::Export {
                format: other.name().into(),
                message: "not a rendered format".into(),
            })
        }
    };
    graphviz_rust::exec_dot(to_dot(graph), vec![CommandArg::Format(gv)]).map_err(|e| Error::Export {
        format: format.name().into(),
        message: if e.kind() == ErrorKind::NotFound {
            "Graphviz's `dot` program was not found; install Graphviz (Debian/Ubuntu: apt-get install graphviz, \
             macOS: brew install graphviz) or write .dot and render it elsewhere"
                .into()
        } else {
            format!("Graphviz failed: {}", e.to_string().trim())
        },
    })
}

/// Whether Graphviz's `dot` program can be run.
pub fn graphviz_available() -> bool {
    std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_everything_graphviz_interprets() {
        let Id::Escaped(q) = quoted("a \"b\" \\ c\nd\re\u{1}&amp;") else {
            panic!()
        };
        assert_eq!(q, "\"a \\\"b\\\" \\\\ c\\nde &amp;amp;\"");
    }

    #[test]
    fn hostile_names_round_trip_through_graphviz_rust_parser() {
        use crate::graph::{Limits, Node, Window};
        let mut g = Graph::new(Window::Sentence, Limits::default());
        for name in [
            "Ev\"il\\",
            "x\"]; MATCH (n) DETACH DELETE n; //",
            "line\nbreak",
            "<script>",
            "a -> b { }",
        ] {
            let id = format!("person:{name}");
            g.add_mentions(&id, "d", name, 1, || Node::new(&id, name, "person"));
        }
        let text = to_dot(&g);
        let parsed = graphviz_rust::parse(&text).expect("graphviz-rust parses our DOT");
        let DotGraph::DiGraph { stmts, .. } = parsed else {
            panic!("digraph expected")
        };
        let nodes = stmts.iter().filter(|s| matches!(s, Stmt::Node(_))).count();
        assert_eq!(nodes, 5);
    }
}
