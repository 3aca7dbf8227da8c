//! RDF Turtle (`.ttl`): entities, their types and labels, and every edge both as a direct triple and as a
//! reified statement carrying its weight and evidence.
//!
//! ```text
//! <urn:graphex:entity:person:Elon%20Musk> a gx:Entity, <urn:graphex:type:person> ;
//!     gx:type "person" ; rdfs:label "Elon Musk"@mul ; skos:altLabel "Musk"@mul ;
//!     gx:mentions 3 ; gx:documentCount 2 .
//! <urn:graphex:entity:organization:xAI> <urn:graphex:relation:founded_by> <urn:graphex:entity:person:…> .
//! [] a rdf:Statement, gx:Relation ; rdf:subject … ; rdf:predicate … ; rdf:object … ;
//!    gx:key "founded_by" ; gx:weight 2 ; gx:evidence [ gx:doc "d1" ; gx:start 0 ; gx:end 42 ; gx:text "…" ] .
//! ```
//!
//! IRIs are `urn:graphex:` + kind + the id percent-encoded (everything but ASCII letters, digits and
//! `-._~:`), so they are valid whatever the name and decode back to the id. Labels carry the node's `lang`
//! attribute as language tag if it has one, else [`super::ExportOptions::label_language`] (`mul`); evidence
//! texts carry their document's `lang`. Literals are escaped by [`literal`] only.

use std::io::{self, Write};

use super::graphml::kind_name;
use crate::graph::{EdgeKind, Graph};

/// The vocabulary namespace (`gx:`).
pub const VOCAB: &str = "urn:graphex:vocab:";

const PREFIXES: &str = "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix gx: <urn:graphex:vocab:> .
";

/// `<urn:graphex:{kind}:{id percent-encoded}>`.
pub fn iri(kind: &str, id: &str) -> String {
    let mut out = format!("<urn:graphex:{kind}:");
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('>');
    out
}

/// A Turtle string literal (`"…"`), with `\`, `"` and line breaks escaped and other control characters
/// as `\uXXXX`; `lang`, when a valid BCP 47 shape, is appended as a language tag.
pub fn literal(s: &str, lang: Option<&str>) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    if let Some(tag) = lang.filter(|t| valid_language_tag(t)) {
        out.push('@');
        out.push_str(tag);
    }
    out
}

/// Turtle's `LANGTAG` shape: letters, then `-`-separated letters or digits.
fn valid_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Writes the graph as Turtle.
pub fn write(graph: &Graph, label_language: &str, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(PREFIXES.as_bytes())?;
    writeln!(
        out,
        "\n[] a gx:Graph ; gx:window {} ; gx:documentCount {} .",
        literal(graph.window.as_str(), None),
        graph.document_count
    )?;
    for n in graph.nodes.values() {
        let lang = n
            .attributes
            .get("lang")
            .map_or(label_language, String::as_str);
        writeln!(out)?;
        writeln!(
            out,
            "{} a gx:Entity, {} ;",
            iri("entity", &n.id),
            iri("type", &n.entity_type)
        )?;
        writeln!(out, "    gx:id {} ;", literal(&n.id, None))?;
        writeln!(out, "    gx:type {} ;", literal(&n.entity_type, None))?;
        writeln!(out, "    rdfs:label {} ;", literal(&n.label, Some(lang)))?;
        for a in n.aliases.iter().filter(|a| **a != n.label) {
            writeln!(out, "    skos:altLabel {} ;", literal(a, Some(lang)))?;
        }
        if let Some(ext) = &n.external_id {
            writeln!(out, "    gx:externalId {} ;", literal(ext, None))?;
        }
        writeln!(out, "    gx:mentions {} ;", n.mentions)?;
        writeln!(out, "    gx:documentCount {} .", n.document_count)?;
    }
    for (k, e) in &graph.edges {
        let predicate = match e.kind {
            EdgeKind::CoOccurrence => "gx:coOccursWith".to_string(),
            EdgeKind::Relation => iri("relation", &k.key),
        };
        let (s, o) = (iri("entity", &k.source), iri("entity", &k.target));
        writeln!(out)?;
        writeln!(out, "{s} {predicate} {o} .")?;
        let class = match e.kind {
            EdgeKind::CoOccurrence => "gx:CoOccurrence",
            EdgeKind::Relation => "gx:Relation",
        };
        writeln!(out, "[] a rdf:Statement, {class} ;")?;
        writeln!(
            out,
            "    rdf:subject {s} ; rdf:predicate {predicate} ; rdf:object {o} ;"
        )?;
        writeln!(
            out,
            "    gx:key {} ; gx:kind {} ;",
            literal(&k.key, None),
            literal(kind_name(e.kind), None),
        )?;
        if let Some(c) = e.confidence.filter(|c| c.is_finite()) {
            writeln!(out, "    gx:confidence \"{c:?}\"^^xsd:double ;")?;
        }
        if e.kind == EdgeKind::Relation {
            writeln!(
                out,
                "    gx:hedgedWeight {} ; gx:implicitWeight {} ;",
                e.hedged_weight, e.implicit_weight
            )?;
        }
        for ev in &e.evidence {
            let lang = graph
                .documents
                .get(&*ev.doc)
                .and_then(|m| m.get("lang").or_else(|| m.get("language")))
                .and_then(|v| v.as_str());
            write!(
                out,
                "    gx:evidence [ gx:doc {} ; gx:start {} ; gx:end {}",
                literal(&ev.doc, None),
                ev.start,
                ev.end,
            )?;
            if let Some(text) = ev.text() {
                write!(out, " ; gx:text {}", literal(text, lang))?;
            }
            if let Some(rule) = &ev.rule {
                write!(out, " ; gx:rule {}", literal(rule, None))?;
            }
            writeln!(out, " ] ;")?;
        }
        writeln!(out, "    gx:weight {} .", e.weight)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_and_literals_are_escaped() {
        assert_eq!(
            iri("entity", "person:Élo <x> \"y\""),
            "<urn:graphex:entity:person:%C3%89lo%20%3Cx%3E%20%22y%22>"
        );
        assert_eq!(
            literal("a\"b\\c\nd\u{1}é", Some("fr")),
            "\"a\\\"b\\\\c\\nd\\u0001é\"@fr"
        );
        assert_eq!(literal("x", Some("not a tag")), "\"x\"");
    }
}
