//! A Cypher script (`.cypher`) that loads the graph into a property-graph database with `MERGE`, so that
//! loading it twice (or loading the scripts of two shards) adds the counts instead of duplicating nodes.
//!
//! One statement per line, each ending with `;`, so any client that splits on lines can run it (FalkorDB
//! and Memgraph take one statement per query). Entities are `(:Entity {id, label, type, aliases,
//! external_id, mentions, document_count})`; edges are typed by [`relationship_type`] and keyed by their
//! `key` property. Dialects:
//!
//! * [`Dialect::Neo4j`] (default): plain openCypher, run by Neo4j (`cypher-shell -f`), FalkorDB, Memgraph.
//! * [`Dialect::Kuzu`]: Kùzu and its successor LadybugDB need their tables declared first; the script
//!   starts with `CREATE NODE TABLE IF NOT EXISTS` / `CREATE REL TABLE IF NOT EXISTS` statements.
//!
//! Injection: every string goes through [`string`] (single-quoted, `\` and `'` escaped, line breaks as
//! `\n`), every label and type through [`identifier`] (`[A-Za-z0-9_]` only, backquoted), numbers are
//! written by Rust. Nothing in an entity name can end a literal.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::str::FromStr;

use super::graphml::kind_name;
use crate::discovery::discover::SOURCE;
use crate::error::Error;
use crate::graph::{discovery_of, is_discovered, Edge, EdgeKey, EdgeKind, Graph, Node};

/// Which database family the script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Neo4j, FalkorDB, Memgraph.
    #[default]
    Neo4j,
    /// Kùzu and LadybugDB: tables declared before the `MERGE` statements.
    Kuzu,
}

impl FromStr for Dialect {
    type Err = Error;

    fn from_str(s: &str) -> Result<Dialect, Error> {
        match s.to_ascii_lowercase().as_str() {
            "neo4j" | "falkordb" | "memgraph" | "opencypher" => Ok(Dialect::Neo4j),
            "kuzu" | "kùzu" | "ladybug" | "ladybugdb" | "lbug" => Ok(Dialect::Kuzu),
            _ => Err(Error::Config(format!(
                "unknown Cypher dialect {s:?} (known: neo4j, kuzu)"
            ))),
        }
    }
}

/// A Cypher string literal holding `s`: single-quoted; `\`, `'` escaped; line breaks and tabs as `\n`,
/// `\r`, `\t`; other control characters become spaces.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A backquoted identifier made only of `[A-Za-z0-9_]` (other characters become `_`).
pub fn identifier(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("`{clean}`")
}

/// The relationship type of an edge key: `CO_OCCURS_WITH` for co-occurrences, else the key in upper snake
/// case (`founded` → `FOUNDED`, `works-for` → `WORKS_FOR`). Only `[A-Z0-9_]`, never starting with a digit.
pub fn relationship_type(key: &str) -> String {
    if key == "co_occurrence" {
        return "CO_OCCURS_WITH".into();
    }
    let mut t: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if t.is_empty() || t.starts_with(|c: char| c.is_ascii_digit()) {
        t.insert_str(0, "R_");
    }
    t
}

/// The node label of an entity type: CamelCase, `[A-Za-z0-9]` only (`person` → `Person`).
pub fn type_label(entity_type: &str) -> String {
    let mut out = String::new();
    for word in entity_type.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

fn float(x: f64) -> Option<String> {
    x.is_finite().then(|| format!("{x:?}"))
}

/// The declarations the Kùzu dialect starts with.
fn kuzu_schema(graph: &Graph) -> Vec<String> {
    let mut out = vec![
        if graph.nodes.values().any(|n| is_discovered(&n.attributes)) {
            "CREATE NODE TABLE IF NOT EXISTS Entity(id STRING, label STRING, type STRING, aliases STRING, \
             external_id STRING, mentions INT64, document_count INT64, source STRING, cue STRING, \
             confidence DOUBLE, PRIMARY KEY (id));"
                .to_string()
        } else {
            "CREATE NODE TABLE IF NOT EXISTS Entity(id STRING, label STRING, type STRING, aliases STRING, \
             external_id STRING, mentions INT64, document_count INT64, PRIMARY KEY (id));"
                .to_string()
        },
    ];
    let types: BTreeSet<String> = graph
        .edges
        .keys()
        .map(|k| relationship_type(&k.key))
        .collect();
    for t in types {
        out.push(format!(
            "CREATE REL TABLE IF NOT EXISTS {}(FROM Entity TO Entity, key STRING, kind STRING, weight INT64, \
             confidence DOUBLE, hedged_weight INT64, implicit_weight INT64, evidence STRING, \
             evidence_doc STRING);",
            identifier(&t)
        ));
    }
    out
}

/// The `MERGE` statement of a node.
pub fn node_statement(n: &Node) -> String {
    let aliases: Vec<&str> = n.aliases.iter().map(String::as_str).collect();
    let mut create = format!(
        "n.label = {}, n.type = {}, n.aliases = {}",
        string(&n.label),
        string(&n.entity_type),
        string(&aliases.join("|"))
    );
    if let Some(ext) = &n.external_id {
        let _ = write!(create, ", n.external_id = {}", string(ext));
    }
    if let Some((confidence, cue)) = discovery_of(&n.attributes) {
        let _ = write!(
            create,
            ", n.source = {}, n.cue = {}",
            string(SOURCE),
            string(cue)
        );
        if let Some(c) = float(confidence) {
            let _ = write!(create, ", n.confidence = {c}");
        }
    }
    format!(
        "MERGE (n:Entity {{id: {}}}) ON CREATE SET {create}, n.mentions = {m}, n.document_count = {d} \
         ON MATCH SET n.mentions = n.mentions + {m}, n.document_count = n.document_count + {d};",
        string(&n.id),
        m = n.mentions,
        d = n.document_count,
    )
}

/// The `MATCH … MERGE` statement of an edge.
pub fn edge_statement(k: &EdgeKey, e: &Edge) -> String {
    let mut create = format!(
        "r.kind = {}, r.weight = {w}, r.hedged_weight = {h}, r.implicit_weight = {i}",
        string(kind_name(e.kind)),
        w = e.weight,
        h = e.hedged_weight,
        i = e.implicit_weight,
    );
    if let Some(c) = e.confidence.and_then(float) {
        let _ = write!(create, ", r.confidence = {c}");
    }
    if let Some(ev) = e.evidence.first() {
        if let Some(text) = ev.text() {
            let _ = write!(create, ", r.evidence = {}", string(text));
        }
        let _ = write!(create, ", r.evidence_doc = {}", string(&ev.doc));
    }
    let mut update = format!(
        "r.weight = r.weight + {w}, r.hedged_weight = r.hedged_weight + {h}, \
         r.implicit_weight = r.implicit_weight + {i}",
        w = e.weight,
        h = e.hedged_weight,
        i = e.implicit_weight,
    );
    if e.kind == EdgeKind::Relation {
        if let Some(c) = e.confidence.and_then(float) {
            let _ = write!(
                update,
                ", r.confidence = CASE WHEN r.confidence IS NULL OR r.confidence < {c} THEN {c} \
                 ELSE r.confidence END"
            );
        }
    }
    format!(
        "MATCH (a:Entity {{id: {}}}), (b:Entity {{id: {}}}) MERGE (a)-[r:{} {{key: {}}}]->(b) \
         ON CREATE SET {create} ON MATCH SET {update};",
        string(&k.source),
        string(&k.target),
        identifier(&relationship_type(&k.key)),
        string(&k.key),
    )
}

/// Writes the script: (Kùzu: table declarations), node statements, edge statements; one per line.
pub fn write(graph: &Graph, dialect: Dialect, out: &mut dyn Write) -> io::Result<()> {
    if dialect == Dialect::Kuzu {
        for s in kuzu_schema(graph) {
            writeln!(out, "{s}")?;
        }
    }
    for n in graph.nodes.values() {
        writeln!(out, "{}", node_statement(n))?;
    }
    for (k, e) in &graph.edges {
        writeln!(out, "{}", edge_statement(k, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_be_escaped_from() {
        assert_eq!(
            string("x'}) DETACH DELETE n //\\\n"),
            "'x\\'}) DETACH DELETE n //\\\\\\n'"
        );
        assert_eq!(string("Élodie \"É\""), "'Élodie \"É\"'");
    }

    #[test]
    fn identifiers_and_types_are_plain() {
        assert_eq!(identifier("a`b) MATCH"), "`a_b__MATCH`");
        assert_eq!(relationship_type("co_occurrence"), "CO_OCCURS_WITH");
        assert_eq!(relationship_type("works-for"), "WORKS_FOR");
        assert_eq!(relationship_type("3x"), "R_3X");
        assert_eq!(type_label("person"), "Person");
        assert_eq!(type_label("sports_team"), "SportsTeam");
    }
}
