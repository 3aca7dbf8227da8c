//! From one document to its partial graph: mentions, sentences, co-occurrence windows and, when the
//! extractor has rules (see [`crate::relations`]), typed relations between the entities of a sentence.
//!
//! [`Extractor::extract`] is a pure function of the document: it needs no shared mutable state, so documents
//! are processed on any thread in any order and their partial graphs merged (see [`crate::graph`]).

pub mod mentions;
pub mod options;
pub mod pipeline;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::dictionary::{Dictionary, Entities, Entity, EntityIndex};
use crate::discovery::discover::{Discoverer, Note};
use crate::graph::accumulate::{Accumulator, DocExtraction, Link, LinkKind};
use crate::graph::{Graph, Limits, Window};
use crate::matching::{Matcher, Mention};
use crate::relations::coref::{self, Phrase, PhraseKind};
use crate::relations::{
    lang, Candidate, CandidateKind, RelationHit, RuleSet, Template, HEDGED_FACTOR, IMPLICIT_FACTOR,
};
use crate::text::input::Document;
use crate::text::segment::{segment, Segmentation, Span};

pub use crate::graph::{excerpt, excerpt_text};

/// Options of an [`Extractor`], with documented defaults.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtractorConfig {
    /// Co-occurrence window (default: sentence).
    pub window: Window,
    /// Size limits of the graph (default: 3 evidence items per edge, 1000 documents listed per node).
    pub limits: Limits,
}

/// Extracts partial graphs from documents. Build with [`Extractor::new`]; share by reference across threads.
#[derive(Debug)]
pub struct Extractor {
    matcher: Matcher,
    config: ExtractorConfig,
    rules: RuleSet,
    discoverer: Option<Discoverer>,
}

/// What the rules saw and found in one sentence (see [`Extractor::sentence_relations`]).
#[derive(Debug, Clone)]
pub struct SentenceRelations {
    /// Index of the sentence in the segmentation.
    pub sentence: usize,
    /// Mentions and resolved coreference phrases, in text order.
    pub candidates: Vec<Candidate>,
    /// The entity of each candidate.
    pub entities: Vec<EntityIndex>,
    /// Coreference phrases of the sentence, resolved or not.
    pub phrases: Vec<Phrase>,
    /// The sentence as rules see it (`None` when fewer than two candidates: no rule was tried).
    pub template: Option<Template>,
    /// Every rule match, negated ones and matches between two mentions of one entity included.
    pub hits: Vec<RelationHit>,
}

/// The analysis of one document: its mentions and, when needed, its segmentation.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// Paragraphs and sentences (empty when fewer than two entities were found: nothing to link).
    pub segmentation: Segmentation,
    /// Per mention: the index of its sentence in `segmentation.sentences` (empty when not segmented).
    pub sentence_of: Vec<usize>,
    /// The entities discovered in the document (see [`crate::discovery`]): a mention's entity with the
    /// [`crate::dictionary::DISCOVERED`] bit is one of these.
    pub discovered: Vec<Entity>,
    /// What discovery decided about each name it looked at (empty without discovery).
    pub notes: Vec<Note>,
}

impl Analysis {
    /// The entities the mentions refer to: `dict`'s and the discovered ones.
    pub fn entities<'a>(&'a self, dict: &'a Dictionary) -> Entities<'a> {
        Entities {
            dictionary: dict,
            discovered: &self.discovered,
        }
    }
}

impl Extractor {
    /// An extractor over a matcher.
    pub fn new(matcher: Matcher, config: ExtractorConfig) -> Self {
        Extractor {
            matcher,
            config,
            rules: RuleSet::empty(),
            discoverer: None,
        }
    }

    /// The same extractor with discovery: names no dictionary holds become entities of their own (see
    /// [`crate::discovery`]).
    pub fn with_discovery(mut self, discoverer: Discoverer) -> Self {
        self.discoverer = Some(discoverer);
        self
    }

    /// The discoverer, when discovery is on.
    pub fn discoverer(&self) -> Option<&Discoverer> {
        self.discoverer.as_ref()
    }

    /// The same extractor with relation rules: sentences with two or more entities get typed relation edges.
    pub fn with_rules(mut self, rules: RuleSet) -> Self {
        self.rules = rules;
        self
    }

    /// The relation rules (empty unless set with [`Extractor::with_rules`]).
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The matcher (and through it the dictionary).
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The configuration.
    pub fn config(&self) -> &ExtractorConfig {
        &self.config
    }

    /// An empty graph with this extractor's window and limits.
    pub fn empty_graph(&self) -> Graph {
        Graph::new(self.config.window, self.config.limits)
    }

    /// Finds mentions and, when at least two distinct entities are mentioned, sentences. The language
    /// (for discovery cues) is guessed from the text; [`Extractor::analyze_document`] uses the document's.
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyze_in(text, lang::detect(None, text).as_deref())
    }

    /// [`Extractor::analyze`] in the document's language (declared, else guessed).
    pub fn analyze_document(&self, doc: &Document) -> Analysis {
        match &self.discoverer {
            Some(_) => self.analyze_in(&doc.text, self.language_of(doc).as_deref()),
            None => self.analyze_in(&doc.text, None),
        }
    }

    /// [`Extractor::analyze`] with discovery cues of language `lang` (`None`: all).
    pub fn analyze_in(&self, text: &str, lang: Option<&str>) -> Analysis {
        let mut mentions = self.matcher.find(text);
        let mut discovered = Vec::new();
        let mut notes = Vec::new();
        let mut segmentation = None;
        if let Some(d) = &self.discoverer {
            let seg = segment(text);
            let found = d.discover(text, &seg, self.matcher.dictionary(), mentions, lang);
            mentions = found.mentions;
            discovered = found.entities;
            notes = found.notes;
            segmentation = Some(seg);
        }
        let first = mentions.first().map(|m| m.entity);
        let linked = mentions.iter().any(|m| Some(m.entity) != first);
        if !linked {
            return Analysis {
                mentions,
                segmentation: Segmentation::default(),
                sentence_of: Vec::new(),
                discovered,
                notes,
            };
        }
        let segmentation = segmentation.unwrap_or_else(|| segment(text));
        let sentence_of = mentions
            .iter()
            .map(|m| segmentation.sentence_at(m.start).unwrap_or(0))
            .collect();
        Analysis {
            mentions,
            segmentation,
            sentence_of,
            discovered,
            notes,
        }
    }

    /// The graph of one document.
    pub fn extract(&self, doc: &Document) -> Graph {
        let analysis = self.analyze_document(doc);
        self.graph_of(doc, &analysis)
    }

    /// Builds the graph of a document from its analysis.
    pub fn graph_of(&self, doc: &Document, analysis: &Analysis) -> Graph {
        let ex = DocExtraction {
            mentions: analysis.mentions.clone(),
            links: self.links_of(doc, analysis),
            discovered: analysis.discovered.clone(),
        };
        let mut acc = self.accumulator();
        acc.add(doc, &ex);
        acc.into_graph(self.matcher.dictionary())
    }

    /// The compact extraction of one document, for an [`Accumulator`]: the hot path.
    pub fn extract_doc(&self, doc: &Document) -> DocExtraction {
        let analysis = self.analyze_document(doc);
        let links = self.links_of(doc, &analysis);
        DocExtraction {
            mentions: analysis.mentions,
            links,
            discovered: analysis.discovered,
        }
    }

    /// An empty accumulator with this extractor's window and limits.
    pub fn accumulator(&self) -> Accumulator {
        Accumulator::new(self.config.window, self.config.limits)
    }

    /// The links of an analysed document: relations found by the rules, then one co-occurrence per pair of
    /// entities per window.
    pub fn links_of(&self, doc: &Document, a: &Analysis) -> Vec<Link> {
        let mut links = Vec::new();
        if a.sentence_of.is_empty() {
            return links;
        }
        if !self.rules.is_empty() {
            self.relation_links(doc, a, &mut links);
        }
        let seg = &a.segmentation;
        let window_of = |i: usize| -> usize {
            match self.config.window {
                Window::Sentence => a.sentence_of[i],
                Window::Paragraph => seg
                    .sentences
                    .get(a.sentence_of[i])
                    .map_or(0, |s| s.paragraph),
                Window::Document => 0,
            }
        };
        let mut i = 0;
        // (entity, index of its first mention in the window), in order of first mention
        let mut first: Vec<(EntityIndex, usize)> = Vec::new();
        while i < a.mentions.len() {
            let w = window_of(i);
            let mut j = i;
            first.clear();
            while j < a.mentions.len() && window_of(j) == w {
                let e = a.mentions[j].entity;
                if !first.iter().any(|&(x, _)| x == e) {
                    first.push((e, j));
                }
                j += 1;
            }
            for (x, &(ea, ma)) in first.iter().enumerate() {
                for &(eb, mb) in &first[x + 1..] {
                    let span =
                        evidence_span(seg, a.sentence_of[ma.min(mb)], a.sentence_of[ma.max(mb)]);
                    links.push(Link {
                        source: ea,
                        target: eb,
                        kind: LinkKind::CoOccurrence,
                        span,
                        rule: None,
                        hedged: false,
                        implicit: false,
                        confidence: None,
                    });
                }
            }
            i = j;
        }
        links
    }

    /// The language rules are chosen by for a document (declared `lang`, else guessed).
    pub fn language_of(&self, doc: &Document) -> Option<String> {
        lang::detect(doc.lang(), &doc.text)
    }

    /// Candidates, coreference phrases, template and rule matches of one sentence. Rules are tried only
    /// when the sentence has two or more candidates.
    pub fn sentence_relations(
        &self,
        text: &str,
        a: &Analysis,
        sentence: usize,
        lang: Option<&str>,
    ) -> SentenceRelations {
        let entities = a.entities(self.matcher.dictionary());
        let mut out = SentenceRelations {
            sentence,
            candidates: Vec::new(),
            entities: Vec::new(),
            phrases: Vec::new(),
            template: None,
            hits: Vec::new(),
        };
        let Some(s) = a.segmentation.sentences.get(sentence) else {
            return out;
        };
        let first = a.sentence_of.partition_point(|&x| x < sentence);
        let last = a.sentence_of.partition_point(|&x| x <= sentence);
        let here = &a.mentions[first..last];
        // Coreference needs an antecedent earlier in the paragraph; without one, a sentence with a single
        // mention cannot hold a relation.
        let earlier_in_paragraph = first > 0
            && a.sentence_of.get(first - 1).is_some_and(|&p| {
                a.segmentation
                    .sentences
                    .get(p)
                    .is_some_and(|ps| ps.paragraph == s.paragraph)
            });
        let mut items: Vec<(Candidate, EntityIndex)> = here
            .iter()
            .map(|m| {
                let e = entities.entity(m.entity);
                (Candidate::mention(m.start, m.end, &e.entity_type), m.entity)
            })
            .collect();
        if here.len() < 2 && !(here.len() == 1 && earlier_in_paragraph) {
            (out.candidates, out.entities) = items.into_iter().unzip();
            return out;
        }
        out.phrases = coref::phrases(text, &a.segmentation, sentence, &a.mentions, entities, lang);
        for p in &out.phrases {
            let Some(m) = p.antecedent.and_then(|i| a.mentions.get(i)) else {
                continue;
            };
            let e = entities.entity(m.entity);
            let kind = if p.kind == PhraseKind::Possessive {
                CandidateKind::Possessive
            } else {
                CandidateKind::Coreference
            };
            items.push((
                Candidate {
                    start: p.start,
                    end: p.end,
                    entity_type: e.entity_type.clone(),
                    kind,
                },
                m.entity,
            ));
        }
        items.sort_by_key(|(c, _)| (c.start, c.end));
        let mut end = 0;
        items.retain(|(c, _)| {
            let keep = c.start >= end;
            if keep {
                end = c.end;
            }
            keep
        });
        drop_restatements(text, &mut items);
        (out.candidates, out.entities) = items.into_iter().unzip();
        if out.candidates.len() < 2 {
            return out;
        }
        let template = Template::new(
            &text[s.span.start..s.span.end],
            s.span.start,
            &out.candidates,
            lang,
        );
        out.hits = self.rules.apply(&template, &out.candidates, lang);
        out.template = Some(template);
        out
    }

    /// Relation links of an analysed document: the best rule match per entity pair and relation in each
    /// sentence, after `unless` overrides.
    fn relation_links(&self, doc: &Document, a: &Analysis, links: &mut Vec<Link>) {
        let lang = self.language_of(doc);
        let entities = a.entities(self.matcher.dictionary());
        let mut sentences: Vec<usize> = a.sentence_of.clone();
        sentences.dedup();
        for sentence in sentences {
            let found = self.sentence_relations(&doc.text, a, sentence, lang.as_deref());
            if found.hits.is_empty() {
                continue;
            }
            let Some(span) = a.segmentation.sentences.get(sentence).map(|s| s.span) else {
                continue;
            };
            // One supporting sentence per edge: the best match (unhedged, then highest confidence).
            let mut best: BTreeMap<(EntityIndex, EntityIndex, &str), (f64, Link, usize)> =
                BTreeMap::new();
            for hit in &found.hits {
                let (Some(rule), Some(&se), Some(&te)) = (
                    self.rules.rules().get(hit.rule),
                    found.entities.get(hit.source),
                    found.entities.get(hit.target),
                ) else {
                    continue;
                };
                if hit.negated || se == te {
                    continue;
                }
                let implicit = found.candidates[hit.source].is_implicit()
                    || found.candidates[hit.target].is_implicit();
                let mut confidence = rule.confidence;
                if hit.hedged {
                    confidence *= HEDGED_FACTOR;
                }
                if implicit {
                    confidence *= IMPLICIT_FACTOR;
                }
                let confidence = (confidence * 100.0).round() / 100.0;
                let (mut source, mut target) = (se, te);
                if rule.symmetric && entities.entity(target).id < entities.entity(source).id {
                    std::mem::swap(&mut source, &mut target);
                }
                let link = Link {
                    source,
                    target,
                    kind: LinkKind::Relation(Arc::from(rule.relation.as_str())),
                    span,
                    rule: Some(Arc::from(rule.id.as_str())),
                    hedged: hit.hedged,
                    implicit,
                    confidence: Some(confidence),
                };
                let key = (source, target, rule.relation.as_str());
                let better = best.get(&key).is_none_or(|(c, old, _)| {
                    (!link.hedged, !link.implicit, confidence) > (!old.hedged, !old.implicit, *c)
                });
                if better {
                    best.insert(key, (confidence, link, hit.rule));
                }
            }
            // A more specific relation between the same two entities overrides ("founder and chairman of"
            // is not also "works for").
            let overridden: Vec<(EntityIndex, EntityIndex, &str)> = best
                .iter()
                .filter(|(&(s, t, _), (_, _, rule))| {
                    self.rules.rules().get(*rule).is_some_and(|r| {
                        r.unless.iter().any(|other| {
                            best.keys().any(|&(ks, kt, kr)| {
                                kr == other.as_str()
                                    && ((ks == s && kt == t) || (ks == t && kt == s))
                            })
                        })
                    })
                })
                .map(|(k, _)| *k)
                .collect();
            for k in overridden {
                best.remove(&k);
            }
            links.extend(best.into_values().map(|(_, link, _)| link));
        }
        self.name_links(doc, a, lang.as_deref(), links);
    }

    /// Relation links from name rules: a mention whose text is the name of another entity of the document,
    /// as written there by itself, followed by more words ("Samsung Galaxy S9" after "Samsung"). One link
    /// per pair and relation per document, supported by the sentence of the first such mention, unless a
    /// sentence rule already gave the same relation.
    fn name_links(&self, doc: &Document, a: &Analysis, lang: Option<&str>, links: &mut Vec<Link>) {
        let rules = self.rules.name_rules();
        if rules.is_empty() {
            return;
        }
        let text = doc.text.as_str();
        let entities = a.entities(self.matcher.dictionary());
        // Distinct surfaces of the document's mentions, by first word.
        let mut by_first_word: HashMap<&str, Vec<(EntityIndex, &str)>> = HashMap::new();
        for m in &a.mentions {
            let surface = &text[m.start..m.end];
            let first = surface.split_whitespace().next().unwrap_or(surface);
            let v = by_first_word.entry(first).or_default();
            if !v.contains(&(m.entity, surface)) {
                v.push((m.entity, surface));
            }
        }
        let mut found: BTreeSet<(EntityIndex, EntityIndex, &str)> = links
            .iter()
            .filter_map(|l| match &l.kind {
                LinkKind::Relation(r) => Some((l.source, l.target, &**r)),
                LinkKind::CoOccurrence => None,
            })
            .collect();
        let mut new_links = Vec::new();
        for (i, m) in a.mentions.iter().enumerate() {
            let name = &text[m.start..m.end];
            let Some(first) = name
                .split_whitespace()
                .next()
                .filter(|f| f.len() < name.len())
            else {
                continue;
            };
            let Some(shorter) = by_first_word.get(first) else {
                continue;
            };
            for &(e, prefix) in shorter {
                let Some(rest) = name.strip_prefix(prefix) else {
                    continue;
                };
                if e == m.entity || !rest.starts_with(char::is_whitespace) {
                    continue;
                }
                let rest = rest.trim();
                let (short_entity, long_entity) = (entities.entity(e), entities.entity(m.entity));
                // A common word names an entity by itself only as its own name ("Apple", "Orange"), not
                // as a short alias ("House" for the House of Representatives, beside "House of Yi").
                if prefix == first
                    && crate::text::lexicon::is_common_word(prefix)
                    && !prefix.eq_ignore_ascii_case(&short_entity.name)
                {
                    continue;
                }
                for hit in self.rules.name_hits(
                    &short_entity.entity_type,
                    &long_entity.entity_type,
                    rest,
                    lang,
                ) {
                    let rule = &rules[hit.rule].rule;
                    let (source, target) = if hit.source_is_shorter {
                        (e, m.entity)
                    } else {
                        (m.entity, e)
                    };
                    if !found.insert((source, target, rule.relation.as_str())) {
                        continue;
                    }
                    let Some(span) = a
                        .segmentation
                        .sentences
                        .get(a.sentence_of[i])
                        .map(|s| s.span)
                    else {
                        continue;
                    };
                    new_links.push(Link {
                        source,
                        target,
                        kind: LinkKind::Relation(Arc::from(rule.relation.as_str())),
                        span,
                        rule: Some(Arc::from(rule.id.as_str())),
                        hedged: false,
                        implicit: false,
                        confidence: Some((rule.confidence * 100.0).round() / 100.0),
                    });
                }
            }
        }
        links.extend(new_links);
    }
}

/// Drops a mention that only restates, in a short parenthesis, the entity just named: `Norges Statsbaner
/// (NSB)`, `CBBC (short for Children's BBC)`. Without it the parenthesis holds an entity and stays in the
/// template, where it keeps every rule from reaching past it; with it the parenthesis names nothing and is
/// dropped like `(born 1947)` (see [`Template::new`]).
fn drop_restatements(text: &str, items: &mut Vec<(Candidate, EntityIndex)>) {
    const MAX_BYTES: usize = 24;
    let mut keep = vec![true; items.len()];
    for i in 1..items.len() {
        let ((prev, pe), (cur, ce)) = (&items[i - 1], &items[i]);
        if pe != ce || cur.kind != CandidateKind::Mention || prev.end > cur.start {
            continue;
        }
        let Some(before) = text.get(prev.end..cur.start) else {
            continue;
        };
        let Some(open) = before.trim_start().strip_prefix('(') else {
            continue;
        };
        let next_start = items.get(i + 1).map_or(text.len(), |(n, _)| n.start);
        let Some(after) = text.get(cur.end..next_start.max(cur.end)) else {
            continue;
        };
        let Some(close) = after.find(')') else {
            continue;
        };
        let inside_ok = |s: &str| s.len() <= MAX_BYTES && !s.contains(['(', ')', '.', ';']);
        if inside_ok(open) && inside_ok(&after[..close]) {
            keep[i] = false;
        }
    }
    let mut k = keep.into_iter();
    items.retain(|_| k.next().unwrap_or(true));
}

fn evidence_span(seg: &Segmentation, first: usize, last: usize) -> Span {
    let (a, b) = (&seg.sentences[first], &seg.sentences[last]);
    Span {
        start: a.span.start,
        end: b.span.end,
    }
}

#[cfg(test)]
mod tests;
