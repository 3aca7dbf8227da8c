//! `graphex explain FILE`: sentence by sentence, the mentions found, how coreference phrases were resolved,
//! the sentence as rules see it, the rules that fired and why candidates were rejected. The first thing to
//! reach for when a relation edge is missing or wrong.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use graphex::discovery::discover::Verdict;
use graphex::extract::{Analysis, SentenceRelations};
use graphex::graph::accumulate::LinkKind;
use graphex::graph::EvidenceMode;
use graphex::relations::coref::PhraseKind;
use graphex::relations::CandidateKind;
use graphex::{Document, Extractor};

use super::args::ExtractorArgs;
use super::common::{build_extractor, stdout, Failure};

#[derive(Args)]
pub(crate) struct ExplainCmd {
    /// A UTF-8 text file.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// Language of the text (fr, en, ...), overriding the guess from stop words.
    #[arg(long, value_name = "CODE")]
    pub(crate) lang: Option<String>,
    /// Also list sentences with fewer than two entities.
    #[arg(long)]
    pub(crate) all: bool,
    #[command(flatten)]
    pub(crate) extractor: ExtractorArgs,
}

pub(crate) fn run_cmd(cmd: ExplainCmd) -> Result<(), Failure> {
    let extractor = build_extractor(&cmd.extractor, EvidenceMode::Text)?;
    let bytes = fs::read(&cmd.file).with_context(|| cmd.file.display().to_string())?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let id = cmd.file.file_name().map_or_else(
        || cmd.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut doc = Document::new(id, text);
    if let Some(lang) = &cmd.lang {
        doc.metadata
            .insert("lang".into(), serde_json::Value::String(lang.clone()));
    }
    let report = explain(&extractor, &doc, cmd.all);
    let mut out = stdout();
    out.write_all(report.as_bytes())
        .and_then(|()| out.flush())
        .context("standard output")?;
    Ok(())
}

/// The explanation of one document, as text.
pub(crate) fn explain(extractor: &Extractor, doc: &Document, all: bool) -> String {
    let mut out = String::new();
    let analysis = extractor.analyze_document(doc);
    let lang = extractor.language_of(doc);
    let rules = extractor.rules();
    let _ = writeln!(
        out,
        "{}: language {}, {} mentions of {} entities, {} rules{}",
        doc.id,
        lang.as_deref().unwrap_or("unknown (every rule applies)"),
        analysis.mentions.len(),
        analysis
            .mentions
            .iter()
            .map(|m| m.entity)
            .collect::<BTreeSet<_>>()
            .len(),
        rules.rules().len(),
        if analysis.segmentation.sentences.is_empty() {
            "; fewer than two entities, so no sentence can hold a relation"
        } else {
            ""
        }
    );
    explain_discovery(&mut out, extractor, doc, &analysis);
    let seg = &analysis.segmentation;
    for (i, s) in seg.sentences.iter().enumerate() {
        let count = analysis.sentence_of.iter().filter(|&&x| x == i).count();
        if count == 0 && !all {
            continue;
        }
        let found = extractor.sentence_relations(&doc.text, &analysis, i, lang.as_deref());
        if found.candidates.len() < 2 && !all {
            continue;
        }
        let sentence = doc.text[s.span.start..s.span.end].replace('\n', " ");
        let _ = writeln!(
            out,
            "\n[{}] bytes {}..{}, paragraph {}\n  {sentence}",
            i + 1,
            s.span.start,
            s.span.end,
            s.paragraph + 1
        );
        explain_sentence(&mut out, extractor, doc, &analysis, &found, lang.as_deref());
    }
    explain_names(&mut out, extractor, doc, &analysis);
    out
}

/// What discovery decided about the names no dictionary holds (`+` discovered, `=` short form of an
/// entity of the document, `-` rejected, with the reason).
fn explain_discovery(out: &mut String, extractor: &Extractor, doc: &Document, analysis: &Analysis) {
    if extractor.discoverer().is_none() {
        return;
    }
    let entities = analysis.entities(extractor.matcher().dictionary());
    let count = |f: fn(&Verdict) -> bool| analysis.notes.iter().filter(|n| f(&n.verdict)).count();
    let _ = writeln!(
        out,
        "\ndiscovery: {} names discovered, {} short forms, {} rejected",
        analysis.discovered.len(),
        count(|v| matches!(v, Verdict::ShortForm(_))),
        count(|v| matches!(v, Verdict::Rejected(_))),
    );
    let mut seen: BTreeSet<(&str, String)> = BTreeSet::new();
    for note in &analysis.notes {
        let surface = doc.text[note.start..note.end].replace('\n', " ");
        let line = match &note.verdict {
            Verdict::Discovered(e) => {
                let e = entities.entity(*e);
                let attr = |k: &str| e.attributes.get(k).map_or("", String::as_str);
                format!(
                    "  + “{surface}” → {} ({}, confidence {})",
                    e.id,
                    attr("cue"),
                    attr("confidence")
                )
            }
            Verdict::ShortForm(e) => {
                format!("  = “{surface}” → {} (short form)", entities.entity(*e).id)
            }
            Verdict::Rejected(why) => format!("  - “{surface}” rejected: {why}"),
        };
        // Each name once, at its first mention.
        if seen.insert((&doc.text[note.start..note.end], line.clone())) {
            let _ = writeln!(out, "{line} [bytes {}..{}]", note.start, note.end);
        }
    }
}

/// The edges of name rules ("Samsung Galaxy S9" after "Samsung"), which no sentence explains.
fn explain_names(out: &mut String, extractor: &Extractor, doc: &Document, analysis: &Analysis) {
    let rules = extractor.rules().name_rules();
    if rules.is_empty() || analysis.sentence_of.is_empty() {
        return;
    }
    let dict = analysis.entities(extractor.matcher().dictionary());
    let mut first = true;
    for link in extractor.links_of(doc, analysis) {
        let (LinkKind::Relation(relation), Some(id)) = (&link.kind, &link.rule) else {
            continue;
        };
        if !rules.iter().any(|n| n.rule.id == **id) {
            continue;
        }
        if first {
            let _ = writeln!(
                out,
                "\nnames (a mention is another entity's name and more words):"
            );
            first = false;
        }
        let sentence = analysis
            .segmentation
            .sentences
            .iter()
            .position(|s| s.span == link.span)
            .map_or_else(String::new, |i| format!(" in [{}]", i + 1));
        let _ = writeln!(
            out,
            "  + {relation}({} → {}) by name rule {id}{sentence}: edge",
            dict.entity(link.source).name,
            dict.entity(link.target).name,
        );
    }
}

fn explain_sentence(
    out: &mut String,
    extractor: &Extractor,
    doc: &Document,
    analysis: &Analysis,
    found: &SentenceRelations,
    lang: Option<&str>,
) {
    let mentions = &analysis.mentions;
    let dict = analysis.entities(extractor.matcher().dictionary());
    let rules = extractor.rules();
    let name = |i: usize| -> String {
        found
            .entities
            .get(i)
            .map_or_else(|| "?".into(), |&e| dict.entity(e).name.clone())
    };
    let listed: Vec<String> = found
        .candidates
        .iter()
        .zip(&found.entities)
        .filter(|(c, _)| c.kind == CandidateKind::Mention)
        .map(|(c, &e)| {
            let ent = dict.entity(e);
            format!(
                "“{}” = {} ({})",
                &doc.text[c.start..c.end],
                ent.name,
                ent.entity_type
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "  mentions: {}",
        if listed.is_empty() {
            "none".into()
        } else {
            listed.join(" · ")
        }
    );
    for p in &found.phrases {
        let phrase = &doc.text[p.start..p.end];
        let kind = match p.kind {
            PhraseKind::Description => "description",
            PhraseKind::Pronoun => "pronoun",
            PhraseKind::Possessive => "possessive",
        };
        match (p.antecedent.and_then(|a| mentions.get(a)), p.unresolved) {
            (Some(m), _) => {
                let e = dict.entity(m.entity);
                let _ = writeln!(
                    out,
                    "  coreference: “{phrase}” ({kind}) → {} ({})",
                    e.name, e.entity_type
                );
            }
            (None, why) => {
                let _ = writeln!(
                    out,
                    "  coreference: “{phrase}” ({kind}) unresolved: {}",
                    why.unwrap_or("no antecedent")
                );
            }
        }
    }
    let Some(template) = &found.template else {
        let _ = writeln!(
            out,
            "  no rule tried: fewer than two entities in the sentence"
        );
        return;
    };
    let _ = writeln!(out, "  as rules see it: {}", template.text);
    let mut linked: BTreeSet<(u32, u32)> = BTreeSet::new();
    for hit in &found.hits {
        let Some(rule) = rules.rules().get(hit.rule) else {
            continue;
        };
        let (s, t) = (name(hit.source), name(hit.target));
        let arrow = if rule.symmetric { "↔" } else { "→" };
        let same = found.entities.get(hit.source) == found.entities.get(hit.target);
        if let (Some(&a), Some(&b)) = (
            found.entities.get(hit.source),
            found.entities.get(hit.target),
        ) {
            linked.insert((a.min(b), a.max(b)));
        }
        let verdict = if hit.negated {
            "REJECTED: negated (a negation inside the match)".to_string()
        } else if same {
            "REJECTED: both ends are the same entity".to_string()
        } else {
            let implicit = found.candidates[hit.source].is_implicit()
                || found.candidates[hit.target].is_implicit();
            let mut flags = Vec::new();
            if hit.hedged {
                flags.push("hedged");
            }
            if implicit {
                flags.push("implicit (coreference)");
            }
            if flags.is_empty() {
                "edge".to_string()
            } else {
                format!("edge, {}", flags.join(", "))
            }
        };
        let _ = writeln!(
            out,
            "  {} {}({s} {arrow} {t}) by rule {}: {verdict}\n      matched: {}",
            if verdict.starts_with("edge") {
                "+"
            } else {
                "-"
            },
            rule.relation,
            rule.id,
            hit.matched
        );
    }
    for i in rules.type_mismatches(template, lang) {
        if let Some(rule) = rules.rules().get(i) {
            let _ = writeln!(
                out,
                "  - {} by rule {}: REJECTED: type mismatch (the words match, the entity types do not)",
                rule.relation, rule.id
            );
        }
    }
    let distinct: Vec<u32> = found
        .entities
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for (x, &a) in distinct.iter().enumerate() {
        for &b in &distinct[x + 1..] {
            if !linked.contains(&(a.min(b), a.max(b))) {
                let _ = writeln!(
                    out,
                    "  · {} – {}: co-occurrence only, no cue (no rule matched)",
                    dict.entity(a).name,
                    dict.entity(b).name
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use graphex::{DictionaryBuilder, ExtractorConfig, Matcher, RuleSetBuilder};

    /// The explanation of one document, with a dictionary and rules given as text.
    fn explain_with(dict: &str, rules: &str, text: &str) -> String {
        let mut d = DictionaryBuilder::new();
        d.add_tsv("t.tsv", dict).unwrap();
        let mut r = RuleSetBuilder::new();
        r.add_rules("t.rules", rules).unwrap();
        let ex = Extractor::new(Matcher::new(d.build()).unwrap(), ExtractorConfig::default())
            .with_rules(r.build().unwrap());
        explain(&ex, &Document::new("d.txt", text), false)
    }

    #[test]
    fn explains_fired_rejected_and_silent_pairs() {
        let text = explain_with(
            "type\tname\nperson\tElon Musk\norganization\txAI\norganization\tOpenAI\nproduct\tGrok\n",
            "founded(B -> A) fr: {org:A}, fondée par {person:B}\nacquires(A -> B) fr: {person|org:A} a racheté {org:B}\n",
            "xAI, fondée par Elon Musk, avance. Elon Musk n'a pas racheté OpenAI. Grok et OpenAI sont là.",
        );
        assert!(
            text.contains("+ founded(Elon Musk → xAI) by rule t.rules:1: edge"),
            "{text}"
        );
        assert!(
            text.contains("- acquires(Elon Musk → OpenAI) by rule t.rules:2: REJECTED: negated"),
            "{text}"
        );
        assert!(
            text.contains("OpenAI – Grok: co-occurrence only, no cue"),
            "{text}"
        );
        assert!(
            text.contains("as rules see it: ⟦organization:0⟧, fondée par ⟦person:1⟧, avance."),
            "{text}"
        );
    }

    #[test]
    fn explains_name_rule_edges() {
        let text = explain_with(
            "type\tname\norganization\tSamsung\nproduct\tSamsung Galaxy S9\n",
            "name develops(A -> B) *: {org:A} {product:B}\n",
            "Samsung grew. Sales of the Samsung Galaxy S9 fell.",
        );
        assert!(
            text.contains(
                "+ develops(Samsung → Samsung Galaxy S9) by name rule t.rules:1 in [2]: edge"
            ),
            "{text}"
        );
    }
}
